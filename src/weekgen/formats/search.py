"""Site search that needs no server: Pagefind turns the built pages into a static index.

Pagefind (from its PyPI package, `pagefind[bin]`) runs as `python -m pagefind` after the pages
are rendered and before the output is swapped in, over exactly the HTML this build leaves: the
pages staged just now and the unchanged ones already in place, hard-linked into a scratch folder
beside the output. Its files then go through the build's Writer like every other file, so those
that did not change are not touched. When none of the indexed pages changed, Pagefind does not
run at all and the index stays as it is. The index is only read in the visitor's browser, from
the site's own address, by the search page's script (static/search.js).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from weekgen.errors import Position, Problem
from weekgen.output import Writer

BUNDLE = "pagefind/"
SCRATCH_SUFFIX = ".weekgen-search"
SETTINGS = ("--root-selector", "main")  # index a page's own content, not the navigation
NOT_INDEXED = frozenset({"404.html", "search.html", "redirect.html"})  # by template
# Pagefind's ready-made interfaces: the search page has a small script of its own instead.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
          "pagefind-highlight.")


def indexable(path: str, template: str) -> bool:
    """Pages people search for: every HTML page but the 404, the search page and redirects."""
    return path.endswith(".html") and bool(template) and template not in NOT_INDEXED


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def _version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def bundle_key(pages: Sequence[tuple[str, str]]) -> str:
    """Changes when any indexed page (by its key), the set of pages or Pagefind changes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_version()}\0{SETTINGS}\0".encode())
    for path, key in sorted(pages):
        h.update(f"{path}\0{key}\0".encode())
    return h.hexdigest()


def index(writer: Writer, pages: Sequence[tuple[str, str]]) -> Problem | None:
    """Index `pages` ((output path, key) of each HTML page) into the output's pagefind/ folder.

    Returns a warning when the index could not be made; the pages are built all the same."""
    key = bundle_key(pages)
    old = {p: e for p, e in writer.previous.items() if p.startswith(BUNDLE)}
    if old and all(e.key == key and writer.still_there(p, e) for p, e in old.items()):
        for path, entry in sorted(old.items()):
            writer.keep(path, entry)
        return None
    if not available():
        return Problem(Position("content/site.yaml"), "the site search was not built: "
                       "Pagefind is not installed", "install it with: pip install "
                       "'pagefind[bin]' (weekgen's own installation does)", "warning")
    scratch = writer.out.with_name(writer.out.name + SCRATCH_SUFFIX)
    if scratch.exists():
        shutil.rmtree(scratch)  # left over from a build that was interrupted
    try:
        _gather(writer, [p for p, _ in pages], scratch / "site")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(scratch / "site"),
             "--output-path", str(scratch / "bundle"), *SETTINGS, "--silent"],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()[-3:]
            return Problem(Position("content/site.yaml"), "the site search was not built: "
                           "Pagefind failed: " + " ".join(message), "", "warning")
        bundle = scratch / "bundle"
        for file in sorted(bundle.rglob("*")):
            rel = file.relative_to(bundle).as_posix()
            if file.is_file() and not rel.startswith(UNUSED):
                writer.put(BUNDLE + rel, file.read_bytes(), key)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None


def _gather(writer: Writer, paths: Sequence[str], into: Path) -> None:
    """The HTML this build leaves at `paths`, linked (not copied) into `into`."""
    staged = set(writer.staged)
    made: set[Path] = set()
    for path in paths:
        source = (writer.staging if path in staged else writer.out) / path
        target = into / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(source, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source, target)
