"""A site project on disk: its content, its own templates and static files, and the defaults.

A project is a folder holding `content/`; its own `templates/` and `static/` override the default
theme (the repo's top-level folders, shipped inside the package) file by file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from weekgen.errors import UsageError
from weekgen.wording import N_

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CACHE_DIR = ".weekgen-cache"
CATALOGUE_DIR = "i18n"  # the site's own message catalogues, i18n/<language>.po


def default_theme_dir(kind: str) -> Path:
    """The default templates/ or static/: inside the installed package, else the source checkout."""
    installed = PACKAGE_DIR / kind
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parents[1] / kind


SHARE_FONTS = ("Lato-Regular.ttf", "Lato-Bold.ttf")  # the regular and the bold face


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def template_dirs(self) -> list[Path]:
        return [d for d in (self.root / "templates", default_theme_dir("templates")) if d.is_dir()]

    @property
    def static_dirs(self) -> list[Path]:
        return [d for d in (self.root / "static", default_theme_dir("static")) if d.is_dir()]

    def share_fonts(self) -> tuple[bytes, bytes]:
        """The faces share images are drawn in: the site's own fonts/ folder (files of the same
        names) wins over the theme's, face by face."""
        dirs = [d for d in (self.root / "fonts", default_theme_dir("fonts")) if d.is_dir()]
        regular, bold = (next(d / name for d in dirs if (d / name).is_file()).read_bytes()
                         for name in SHARE_FONTS)
        return regular, bold

    @property
    def catalogue_dir(self) -> Path:
        """The site's own message catalogues (read/catalogue.py): i18n/nl.po."""
        return self.root / CATALOGUE_DIR

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    def check_out(self, out: Path) -> Path:
        """Refuse an output folder that would overwrite the project's sources (exit 2)."""
        out = out.resolve()
        root = self.root.resolve()
        guarded = [root, *(root / name for name in ("content", "templates", "static",
                                                    CATALOGUE_DIR, CACHE_DIR, "src", ".git"))]
        for place in guarded:
            if out == place or place.is_relative_to(out) or (
                    place != root and out.is_relative_to(place)):
                raise UsageError(N_("--out {out} would overwrite {place}; choose a folder of "
                                    "its own, such as public/").format(out=str(out),
                                                                       place=str(place)))
        return out


def open_project(source: Path) -> Project:
    root = source.resolve()
    if not root.is_dir():
        raise UsageError(N_("--source {source} is not a folder").format(source=str(source)))
    if not (root / "content").is_dir():
        raise UsageError(N_("{root} has no content/ folder; run weekgen in a site's folder or "
                            "pass --source DIR").format(root=str(root)))
    return Project(root)
