"""`.weekgen-cache/`: what earlier builds computed, so that the next one skips it.

What is kept is keyed by what it depends on (engine/keys.py) and each safe to lose (delete the
folder at any time; a cache that cannot be read is a miss, never an error). One store a kind:
- `files`: parsed content files, by their bytes, path and year, and what the last build saw of
  each file (to trust its stat next time);
- `html`: Markdown rendered to HTML, by text and settings (SQLite, one row a text);
- `cards` and `events`: the activities as lists show them and as calendars hold them;
- `outputs`: per output folder, the manifest of what the last build wrote there, and the stamp
  of what that build read (uptodate.py);
- `compiled`: Jinja2's compiled templates.
The cache sits next to the sources, never in the output, and is never published.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from weekgen.engine.store import (
    Database,
    Table,
    atomic_write,
    loads,
    read_pickle,
    write_pickle,
)
from weekgen.output import Entry, Manifest

_CODE_VERSION: str | None = None

# A file changed this close to a build's start may change again without its times changing (as
# git says of its index: "racy"): its times are not trusted (uptodate.py, load.py).
RACY_NS = 2_000_000_000


def changed_before(started_ns: int) -> int:
    """The time before which a file's times may be trusted, for a build that started then."""
    return started_ns - RACY_NS


# The libraries whose output ends up in the site (templates, Markdown, sanitiser, dates,
# calendars, YAML, front matter, search index).
LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "icalendar", "pyyaml", "python-frontmatter",
             "pagefind")


def code_version() -> str:
    """Changes with weekgen's own code and with the libraries it uses, so that a cache never
    outlives the code that made it."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        h = hashlib.blake2b(digest_size=8)
        for path in sorted(Path(__file__).parents[1].rglob("*.py")):
            h.update(path.read_bytes())
        for library in (sys.version, *_library_versions()):
            h.update(f"\0{library}".encode())
        _CODE_VERSION = h.hexdigest()
    return _CODE_VERSION


def _library_versions() -> list[str]:
    """The version of each of LIBRARIES as installed, from the name of its `.dist-info` folder
    on sys.path ('-' when there is none): what importlib.metadata.version reads, without its
    imports (email, zipfile, csv), which took a build that finds nothing changed 20 ms."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name.removesuffix(".dist-info").partition("-")
                found.setdefault(_normal(dist), version)
    return [found.get(_normal(name), "-") for name in LIBRARIES]


def _normal(name: str) -> str:
    """A distribution's name as its folder spells it, whatever the case and separators."""
    return re.sub(r"[-_.]+", "_", name).lower()


class Cache:
    """The stores of one cache folder (see the module's docstring).

    `read_only` for `weekgen check`, which reads what earlier builds kept but writes nothing.
    `remember`: keep what was read or written in memory too (the rendered Markdown above all),
    for a long-running process; a single build reads each piece once or twice and leaves it on
    disk, so that the processes that share its work do not each hold every page's HTML.
    """

    def __init__(self, folder: Path | None, read_only: bool = False,
                 remember: bool = True) -> None:
        self.root = folder
        self.folder = folder / code_version() if folder is not None else None
        self.read_only = read_only
        self.remember = remember or folder is None
        writable = self.folder if self.folder is not None and not read_only else None
        self.db = Database(self.folder / "markup.sqlite" if self.folder is not None else None,
                           read_only)
        self.files = ParsedFiles(self.folder, writable)
        self.html = Html(Table(self.db, "markup", ("key", "html")), self.remember)
        self.cards = Cards(Table(self.db, "cards", ("key", "variant", "html")))
        self.events = Events(Table(self.db, "events", ("key", "ics")))
        self.outputs = OutputRecords(self.folder, writable)
        self.compiled = Compiled(writable / "templates" if writable is not None else None)

    def spare(self, out: Path) -> Path | None:
        """Where the site before the last build into `out` is kept, for the next build to stage
        into (output.py), when the cache is written to. Not by weekgen's version, as the rest:
        it is a copy of the output, whichever weekgen wrote it."""
        if self.root is None or self.read_only:
            return None
        return self.root / f"spare-{OutputRecords.name(out)}"

    def close(self) -> None:
        self.db.close()


class ParsedFiles:
    """Each content file's records and problems, a pickle each, and what the last build saw of
    the files (sources.Digests)."""

    def __init__(self, folder: Path | None, writable: Path | None) -> None:
        self.folder = folder
        self.writable = writable
        self._memory: dict[str, Any] = {}  # what this Cache read or wrote

    def get(self, key: str) -> Any:
        if key in self._memory:
            return self._memory[key]
        if self.folder is None:
            return None
        value = read_pickle(self.folder / "parsed" / f"{key}.pickle")
        if not (type(value) is tuple and len(value) == 2 and isinstance(value[1], list)):
            return None  # (records, problems), as loading keeps them
        self._memory[key] = value
        return value

    def remember(self, key: str, value: Any) -> None:
        """Kept on disk by a worker: here in memory too."""
        self._memory[key] = value

    def store(self, key: str, value: Any) -> None:
        self._memory[key] = value
        if self.writable is not None:
            write_pickle(self.writable / "parsed" / f"{key}.pickle", value)

    def digests(self) -> Any:
        """What loading kept of the content files it read (sources.Digests), or {}."""
        found = read_pickle(self.folder / "sources.pickle") if self.folder is not None else None
        if not isinstance(found, dict) or not all(
                type(v) is tuple and len(v) == 2 and type(v[0]) is tuple for v in found.values()):
            return {}
        return found

    def store_digests(self, digests: Any) -> None:
        if self.writable is not None:
            write_pickle(self.writable / "sources.pickle", digests)


class Html:
    """Markdown rendered to sanitised HTML, by markup key."""

    def __init__(self, table: Table, remember: bool) -> None:
        self.table = table
        self.remember = remember
        self._memory: dict[str, str] = {}  # with `remember`: what was read or written

    def get(self, wanted_keys: Iterable[str]) -> dict[str, str]:
        keys = list(wanted_keys)
        found = {k: self._memory[k] for k in keys if k in self._memory}
        fetched = self.table.select([k for k in keys if k not in found])
        if self.remember:
            self._memory.update(fetched)
        found.update(fetched)
        return found

    def kept(self, wanted_keys: Iterable[str]) -> set[str]:
        """Which of these keys are on disk, without reading them."""
        return self.table.kept(wanted_keys)

    def store(self, rows: dict[str, str]) -> bool:
        """Keep these; False when they are only in memory (or nowhere, without `remember`)."""
        if self.remember:
            self._memory.update(rows)
        return self.table.insert(rows.items())


class Cards:
    """Activities as lists show them: by card key, then by variant (one row each, so that
    builds and workers that made different variants of one activity's entries add up)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, keys: Iterable[str]) -> dict[str, dict[tuple[object, ...], str]]:
        found: dict[str, dict[tuple[object, ...], str]] = {}
        try:
            for (card, variant), html in self.table.select(list(keys)).items():
                found.setdefault(card, {})[loads(variant)] = html
        except Exception:  # a foreign row, as a foreign file: a miss
            return {}
        return found

    def store(self, rows: dict[str, dict[tuple[object, ...], str]]) -> None:
        self.table.insert([(card, pickle.dumps(variant, protocol=pickle.HIGHEST_PROTOCOL), html)
                           for card, variants in rows.items()
                           for variant, html in variants.items()])


class Events:
    """Calendar events as ics.py serialised them, by event key."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        return self.table.select(list(keys))

    def kept(self, wanted_keys: Iterable[str]) -> set[str]:
        return self.table.kept(wanted_keys)

    def store(self, rows: dict[str, bytes]) -> bool:
        """Keep these; False when they could not be kept."""
        return self.table.insert(rows.items())


class OutputRecords:
    """Per output folder: the manifest of what the last build wrote there, and its stamp."""

    def __init__(self, folder: Path | None, writable: Path | None) -> None:
        self.folder = folder
        self.writable = writable
        self._manifests: dict[str, Manifest] = {}
        self._index_keys: dict[str, dict[str, str]] = {}

    def manifest(self, out: Path) -> Manifest:
        if str(out) in self._manifests:
            return self._manifests[str(out)]
        rows = self._load(out, "manifest")
        if not isinstance(rows, dict) or any(not isinstance(row, tuple) or
                                             len(row) != len(Entry._fields)
                                             for row in rows.values()):
            return {}
        # kept as plain tuples, which pickle several times faster than named ones
        make = tuple.__new__
        return {path: make(Entry, row) for path, row in rows.items()}

    def store_manifest(self, out: Path, manifest: Manifest, on_disk: bool = True) -> None:
        if self._manifests.get(str(out)) == manifest:
            return  # nothing changed: leave the file as it is
        self._manifests[str(out)] = manifest
        if on_disk:
            self._store(out, "manifest", {path: tuple(e) for path, e in manifest.items()})

    def index_keys(self, out: Path) -> dict[str, str]:
        """What the search read of each page of the last build into `out` (search.index_key)."""
        if str(out) in self._index_keys:
            return self._index_keys[str(out)]
        found = self._load(out, "indexed")
        if not isinstance(found, dict) or not all(
                type(k) is str and type(v) is str for k, v in found.items()):
            return {}
        return found

    def store_index_keys(self, out: Path, keys: dict[str, str], on_disk: bool = True) -> None:
        if self._index_keys.get(str(out)) == keys:
            return
        self._index_keys[str(out)] = keys
        if on_disk:
            self._store(out, "indexed", keys)

    def stamp(self, out: Path) -> Any:
        """What uptodate.remember kept for the last build into `out`, or None."""
        found = self._load(out, "stamp")
        return found if type(found) is tuple and len(found) == 2 else None

    def store_stamp(self, out: Path, value: Any) -> None:
        self._store(out, "stamp", value)

    def forget_stamp(self, out: Path) -> None:
        """A build into `out` began: until it ends well, the last stamp no longer holds."""
        if self.writable is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._path_for(self.writable, out, "stamp"))

    def _load(self, out: Path, kind: str) -> Any:
        if self.folder is None:
            return None
        return read_pickle(self._path_for(self.folder, out, kind))

    def _store(self, out: Path, kind: str, value: Any) -> None:
        if self.writable is not None:
            write_pickle(self._path_for(self.writable, out, kind), value)

    @staticmethod
    def name(out: Path) -> str:
        return hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()

    @classmethod
    def _path_for(cls, folder: Path, out: Path, kind: str) -> Path:
        return folder / f"{kind}-{cls.name(out)}.pickle"


class Compiled:
    """Jinja2's compiled templates, a file each (render.pages checks each against its source):
    a new process need not compile the theme again."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def load(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def dump(self, key: str, data: bytes) -> None:
        if self.folder is not None:
            atomic_write(self.folder / key, data)
