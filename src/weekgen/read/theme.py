"""The theme a site is built with: its templates and static files, a site's own winning by name.

Read once a build: the templates' fingerprint (part of every page's key) and the static files with
their content-hashed names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from weekgen.errors import Problems
from weekgen.fingerprint import fingerprint
from weekgen.read.files import published
from weekgen.read.project import PACKAGE_DIR, Project

_CATALOGS = PACKAGE_DIR / "i18n"


@dataclass(frozen=True)
class Theme:
    digest: str  # changes with any template, message catalogue or static file's name
    static: dict[str, bytes]  # by output path: 'static/style.css'
    assets: dict[str, str]  # each static file's hashed name, by output path
    fonts: tuple[bytes, bytes]  # the faces share images are drawn in: regular, bold

    def files(self, content_files: list[str]) -> list[str]:
        """Every file the site has besides its pages, by output path: the static files under
        both their names and the content's own files (pictures next to the pages)."""
        return [*self.static, *self.assets.values(),
                *(rel.removeprefix("content/") for rel in content_files)]


def read_theme(project: Project, content_files: list[str], problems: Problems) -> Theme:
    """The theme of `project`; a symlink out of the project or a scripted SVG among its files
    (or the content's own files) is reported (read/files.py)."""
    static = published(project, content_files, problems)
    hashed = fingerprints(static)
    names = fingerprint(repr(sorted(hashed.items())).encode())  # pages show the hashed names
    return Theme(templates_digest(project.template_dirs) + names, static, hashed,
                 project.share_fonts())


def template_files(dirs: list[Path]) -> dict[str, Path]:
    """Every template by name; a site's own file wins over the default of the same name."""
    found: dict[str, Path] = {}
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.is_file():
                found.setdefault(path.relative_to(d).as_posix(), path)
    return found


def templates_digest(dirs: list[Path]) -> str:
    """Changes whenever any template that could be used changes."""
    h = hashlib.blake2b(digest_size=16)
    for name, path in sorted(template_files(dirs).items()):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(_CATALOGS.glob("*/LC_MESSAGES/*.po")):  # the templates' words, too
        h.update(path.relative_to(_CATALOGS).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def fingerprints(static: dict[str, bytes]) -> dict[str, str]:
    """Each static file's content-hashed name: 'static/style.css' -> 'static/style.3f2a1c9b.css'.

    Templates link to these names (`static_url`), so hosts can cache them for a year: a changed
    file gets a new name. The plain names are published too, for Markdown and other sites that
    link to them, and for relative links inside the files (a stylesheet's url(logo.svg))."""
    hashed = {}
    for path, data in static.items():
        folder, _, name = path.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        tag = fingerprint(data)[:8]
        new = f"{folder}/{stem}.{tag}.{ext}" if dot and stem else f"{folder}/{name}.{tag}"
        hashed[path] = new if new not in static else path
    return hashed
