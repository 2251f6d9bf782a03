"""How the cache keeps things on disk: pickles written atomically, and SQLite tables of rows.

Everything here is safe to lose: a file or row that cannot be read is a miss, never an error, and
one that cannot be written only makes the next build slower.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import io
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from weekgen.wording import Text

# The tables of the one SQLite file: rendered Markdown, activities as lists show them (several
# variants a key), calendar events.
TABLES = {
    "markup": "key TEXT PRIMARY KEY, html TEXT NOT NULL",
    "cards": "key TEXT NOT NULL, variant BLOB NOT NULL, html TEXT NOT NULL, "
             "PRIMARY KEY (key, variant)",
    "events": "key TEXT PRIMARY KEY, ics BLOB NOT NULL",
}


# SQLite keeps a value of any type in any column: a row of another type is a miss.
TYPES = {"markup": "typeof(html) = 'text'", "events": "typeof(ics) = 'blob'",
         "cards": "typeof(variant) = 'blob' AND typeof(html) = 'text'"}
_MARK = "weekgen-cache"
_DATES = {"datetime": {"date", "time", "datetime", "timedelta", "timezone"}}


class _Unpickler(pickle.Unpickler):
    """Makes only what the cache keeps: weekgen's records, the dates in them and the marked
    texts (`wording.Text`) of their problems, said later in the site's language. A foreign
    pickle could make any object and call any function (os.system among them)."""

    def find_class(self, module: str, name: str) -> Any:
        dates = name in _DATES.get(module, ())
        if "." not in name and (dates or module.startswith("weekgen.")):  # before any import
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module and (
                    dates or dataclasses.is_dataclass(found)
                    or issubclass(found, (tuple, enum.Enum, Text))):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in weekgen's cache")


def loads(data: bytes) -> Any:
    """A pickle the cache wrote; raises on anything else."""
    return _Unpickler(io.BytesIO(data)).load()


def read_pickle(path: Path) -> Any:
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


def write_pickle(path: Path, value: Any) -> None:
    atomic_write(path, pickle.dumps(((_MARK, path.name), value),
                                    protocol=pickle.HIGHEST_PROTOCOL))


def atomic_write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


class Database:
    """The SQLite file of the cache, opened when first asked. A connection is never used by a
    forked process (SQLite): a worker opens its own and leaves its parent's alone."""

    def __init__(self, path: Path | None, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._parent_db: sqlite3.Connection | None = None  # in a worker: never closed

    def connect(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():  # in a forked worker: a connection of its own
            self._pid, self._db, self._parent_db = os.getpid(), None, self._db
        if self._db is None and self.path is not None:
            if self.read_only and not self.path.exists():
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path)
                # Pages of 16 KiB (for a new file): a row of HTML mostly fits one, so a first
                # build reads and writes the file far less often, and it is smaller.
                self._db.execute("PRAGMA page_size=16384")
                # Write-ahead: a build commits after each chunk of pages, and these commits need
                # not wait for the disk (a crash loses the last rows, never the file).
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                for table, columns in TABLES.items():
                    self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
            except sqlite3.Error:
                self._db = None
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class Table:
    """One table of the Database, by key."""

    def __init__(self, db: Database, name: str, columns: tuple[str, ...]) -> None:
        self.db = db
        self.name = name
        self.columns = columns  # the key's columns first

    def select(self, keys: list[str], only_keys: bool = False) -> dict[Any, Any]:
        """The rows with these keys, by key (by key and variant for a two-column key); what
        cannot be read is missing. `only_keys`: which keys there are, each to None."""
        db = self.db.connect()
        found: dict[Any, Any] = {}
        if db is None or not keys:
            return found
        columns = "key" if only_keys else ", ".join(self.columns)
        with contextlib.suppress(sqlite3.Error):
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = db.execute(f"SELECT {columns} FROM {self.name} WHERE key IN "
                                  f"({','.join('?' * len(chunk))}) AND {TYPES[self.name]}",
                                  chunk)
                if only_keys:
                    found.update((key, None) for key, in rows)
                elif len(self.columns) == 3:  # several rows a key: by (key, variant)
                    found.update(((key, variant), value) for key, variant, value in rows)
                else:
                    found.update(rows)
        return found

    def kept(self, keys: Iterable[str]) -> set[str]:
        """Which of these keys the table holds, without reading their rows."""
        return set(self.select(list(keys), only_keys=True))

    def insert(self, rows: Collection[tuple[Any, ...]]) -> bool:
        """Add or replace these rows; False when they could not be kept."""
        db = self.db.connect()
        if not rows:
            return True
        if db is None or self.db.read_only:
            return False
        try:
            with db:
                db.executemany(f"INSERT OR REPLACE INTO {self.name} ({', '.join(self.columns)}) "
                               f"VALUES ({', '.join('?' * len(self.columns))})", rows)
        except sqlite3.Error:
            return False
        return True
