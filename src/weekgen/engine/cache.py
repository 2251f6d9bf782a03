"""`.weekgen-cache/`: what earlier builds computed, so that the next one skips it.

What is kept is keyed by what it depends on and each safe to lose (delete the folder
at any time; a cache that cannot be read is a miss, never an error):
- parsed content files, by their bytes, path and year;
- Markdown rendered to HTML, by text and settings (SQLite, one row a text), and likewise the
  activities as lists show them and as calendars hold them;
- per output folder, the manifest of what the last build wrote there, and the stamp of what
  that build read (uptodate.py).
The cache sits next to the sources, never in the output, and is never published.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import io
import os
import pickle
import sqlite3
import sys
import tempfile
from collections.abc import Collection, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

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
        for library in (sys.version, *map(_library_version, LIBRARIES)):
            h.update(f"\0{library}".encode())
        _CODE_VERSION = h.hexdigest()
    return _CODE_VERSION


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


class Cache:
    """`read_only` for `weekgen check`, which reads what earlier builds kept but writes nothing.

    `remember`: keep what was read or written in memory too (the rendered Markdown above all),
    for a long-running process; a single build reads each piece once or twice and leaves it on
    disk, so that the processes that share its work do not each hold every page's HTML.
    """

    def __init__(self, folder: Path | None, read_only: bool = False,
                 remember: bool = True) -> None:
        self.folder = folder / code_version() if folder is not None else None
        self.read_only = read_only
        self.remember = remember or folder is None
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()  # a connection is never used by a forked process (SQLite)
        self._parent_db: sqlite3.Connection | None = None  # in a worker: left alone, never closed
        # In front of the disk, for a long-running process: what this Cache read or wrote.
        self._parsed: dict[str, Any] = {}
        self._markup: dict[str, str] = {}
        self._manifests: dict[str, Manifest] = {}

    # --- parsed files ---
    def parsed(self, key: str) -> Any:
        if key in self._parsed:
            return self._parsed[key]
        if self.folder is None:
            return None
        value = _read_pickle(self.folder / "parsed" / f"{key}.pickle")
        if not (type(value) is tuple and len(value) == 2 and isinstance(value[1], list)):
            return None  # (records, problems), as load.py keeps them
        self._parsed[key] = value
        return value

    def remember_parsed(self, key: str, value: Any) -> None:
        self._parsed[key] = value

    def store_parsed(self, key: str, value: Any) -> None:
        self._parsed[key] = value
        if self.folder is not None and not self.read_only:
            _write_pickle(self.folder / "parsed" / f"{key}.pickle", value)

    # --- what the content files held when last read ---
    def digests(self) -> Any:
        """What load.py kept of the content files it read (sources.Digests), or {}."""
        found = _read_pickle(self.folder / "sources.pickle") if self.folder is not None else None
        if not isinstance(found, dict) or not all(
                type(v) is tuple and len(v) == 2 and type(v[0]) is tuple for v in found.values()):
            return {}
        return found

    def store_digests(self, digests: Any) -> None:
        if self.folder is not None and not self.read_only:
            _write_pickle(self.folder / "sources.pickle", digests)

    # --- rendered Markdown ---
    def markup(self, wanted_keys: Iterable[str]) -> dict[str, str]:
        keys = list(wanted_keys)
        found = {k: self._markup[k] for k in keys if k in self._markup}
        fetched = self._select("markup", [k for k in keys if k not in found])
        if self.remember:
            self._markup.update(fetched)
        found.update(fetched)
        return found

    def none_kept(self) -> bool:
        """Can this cache take rendered Markdown, and does it hold none yet (a first build, or
        the first since the code or a library changed)?"""
        db = self._connect()
        if db is None or self.read_only:
            return False
        try:
            return db.execute("SELECT 1 FROM markup LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return False

    def kept(self, table: str, wanted_keys: Iterable[str]) -> set[str]:
        """Which of these keys `table` ('markup' or 'events') holds on disk, without reading
        them (asked by a build that does not `remember`)."""
        return set(self._select(table, list(wanted_keys), "key"))

    def store_markup(self, rows: dict[str, str]) -> bool:
        """Keep these; False when they are only in memory (or nowhere, without `remember`)."""
        if self.remember:
            self._markup.update(rows)
        return self._insert("markup", ("key", "html"), rows.items())

    # --- activities as lists show them ---
    def cards(self, keys: Iterable[str]) -> dict[str, dict[tuple[object, ...], str]]:
        """By card key, then by variant (one row each, so that builds and workers that made
        different variants of one activity's entries add to each other)."""
        found: dict[str, dict[tuple[object, ...], str]] = {}
        try:
            for (card, variant), html in self._select("cards", list(keys)).items():
                found.setdefault(card, {})[_loads(variant)] = html
        except Exception:  # a foreign row, as a foreign file: a miss
            return {}
        return found

    def store_cards(self, rows: dict[str, dict[tuple[object, ...], str]]) -> None:
        self._insert("cards", ("key", "variant", "html"),
                     [(card, pickle.dumps(variant, protocol=pickle.HIGHEST_PROTOCOL), html)
                      for card, variants in rows.items() for variant, html in variants.items()])

    # --- calendar events as ics.py serialised them ---
    def events(self, keys: Iterable[str]) -> dict[str, bytes]:
        return self._select("events", list(keys))

    def store_events(self, rows: dict[str, bytes]) -> bool:
        """Keep these; False when they could not be kept."""
        return self._insert("events", ("key", "ics"), rows.items())

    def _insert(self, table: str, columns: tuple[str, ...],
                rows: Collection[tuple[Any, ...]]) -> bool:
        """Add or replace these rows; False when they could not be kept."""
        db = self._connect()
        if not rows:
            return True
        if db is None or self.read_only:
            return False
        try:
            with db:
                db.executemany(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                               f"VALUES ({', '.join('?' * len(columns))})", rows)
        except sqlite3.Error:
            return False
        return True

    def _select(self, table: str, keys: list[str], only: str = "") -> dict[Any, Any]:
        """The rows of `table` (markup, cards or events) with these keys; what cannot be read is
        missing. `only="key"`: which keys there are (as a dict of keys to None)."""
        db = self._connect()
        found: dict[Any, Any] = {}
        if db is None or not keys:
            return found
        columns = only or {"markup": "key, html", "cards": "key, variant, html",
                           "events": "key, ics"}[table]
        with contextlib.suppress(sqlite3.Error):
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = db.execute(f"SELECT {columns} FROM {table} WHERE key IN "
                                  f"({','.join('?' * len(chunk))}) AND {_TYPES[table]}", chunk)
                if only:
                    found.update((key, None) for key, in rows)
                elif table == "cards":  # several rows a key: by (key, variant)
                    found.update(((key, variant), html) for key, variant, html in rows)
                else:
                    found.update(rows)
        return found

    def _connect(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():  # in a forked worker: a connection of its own
            self._pid, self._db, self._parent_db = os.getpid(), None, self._db
        if self._db is None and self.folder is not None:
            if self.read_only and not (self.folder / "markup.sqlite").exists():
                return None
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.folder / "markup.sqlite")
                # Pages of 16 KiB (for a new file): a row of HTML (2-12 KB) mostly fits one,
                # and a first build of 5,000 activities makes 15,000 reads and writes of the
                # file instead of 65,000 (a quarter smaller, 26 MB instead of 35).
                self._db.execute("PRAGMA page_size=16384")
                # Write-ahead: a build commits after each chunk of pages, and these commits need
                # not wait for the disk (a crash loses the last rows, never the file).
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS markup "
                                 "(key TEXT PRIMARY KEY, html TEXT NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS cards (key TEXT NOT NULL, "
                                 "variant BLOB NOT NULL, html TEXT NOT NULL, "
                                 "PRIMARY KEY (key, variant))")
                self._db.execute("CREATE TABLE IF NOT EXISTS events "
                                 "(key TEXT PRIMARY KEY, ics BLOB NOT NULL)")
            except sqlite3.Error:
                self._db = None
        return self._db

    # --- what the last build wrote ---
    def manifest(self, out: Path) -> Manifest:
        if str(out) in self._manifests:
            return self._manifests[str(out)]
        rows = self._load(out, "manifest")
        if not isinstance(rows, dict) or any(len(row) != len(Entry._fields)
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

    def stamp(self, out: Path) -> Any:
        """What uptodate.remember kept for the last build into `out`, or None."""
        found = self._load(out, "stamp")
        return found if type(found) is tuple and len(found) == 2 else None

    def store_stamp(self, out: Path, value: Any) -> None:
        self._store(out, "stamp", value)

    def forget_stamp(self, out: Path) -> None:
        """A build into `out` began: until it ends well, the last stamp no longer holds."""
        if self.folder is not None and not self.read_only:
            with contextlib.suppress(OSError):
                os.unlink(self._path_for(out, "stamp"))

    def _load(self, out: Path, kind: str) -> Any:
        return _read_pickle(self._path_for(out, kind)) if self.folder is not None else None

    def _store(self, out: Path, kind: str, value: Any) -> None:
        if self.folder is not None and not self.read_only:
            _write_pickle(self._path_for(out, kind), value)

    def _path_for(self, out: Path, kind: str) -> Path:
        name = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        assert self.folder is not None, "only called with a cache folder"
        return self.folder / f"{kind}-{name}.pickle"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# SQLite keeps a value of any type in any column: a row of another type is a miss.
_TYPES = {"markup": "typeof(html) = 'text'", "events": "typeof(ics) = 'blob'",
          "cards": "typeof(variant) = 'blob' AND typeof(html) = 'text'"}


class _Unpickler(pickle.Unpickler):
    """Makes only what the cache keeps: weekgen's records and the dates in them. A foreign
    pickle could make any object and call any function (os.system among them)."""

    def find_class(self, module: str, name: str) -> Any:
        dates = name in _DATES.get(module, ())
        if "." not in name and (dates or module.startswith("weekgen.")):  # before any import
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module and (
                    dates or dataclasses.is_dataclass(found)
                    or issubclass(found, (tuple, enum.Enum))):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in weekgen's cache")


_DATES = {"datetime": {"date", "time", "datetime", "timedelta", "timezone"}}


def _loads(data: bytes) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


def _read_pickle(path: Path) -> Any:
    """What the file holds, or None: a missing, partial or foreign file is just a miss, and so is
    one moved from another name (each holds its own name next to its value)."""
    try:
        with open(path, "rb") as f:
            found = _Unpickler(f).load()
    except Exception:
        return None
    if type(found) is tuple and len(found) == 2 and found[0] == (_MARK, path.name):
        return found[1]
    return None


_MARK = "weekgen-cache"


def _write_pickle(path: Path, value: Any) -> None:
    _atomic_write(path, pickle.dumps(((_MARK, path.name), value),
                                     protocol=pickle.HIGHEST_PROTOCOL))


def _atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
