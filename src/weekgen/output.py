"""Writing the site: the only module that writes into the output folder.

Every new or changed file is first written into a staging folder beside the output. Only when all
of them are there does `commit` move them in (one rename for a first build, one rename a file
after that) and remove the files the site no longer has. A build that fails before `commit` leaves
the output exactly as it was. Files whose bytes did not change are not touched, so their
modification times stay and uploaders send only what changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from weekgen.fingerprint import fingerprint

STAGING_SUFFIX = ".weekgen-staging"


class Entry(NamedTuple):
    """What the output folder holds at a path, as the last build left it."""

    key: str  # the fingerprint of the page's inputs
    digest: str  # of the file's bytes
    size: int
    mtime_ns: int


Manifest = dict[str, Entry]


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def safe_relative(path: str) -> str:
    """An output path that stays inside the output folder, or ValueError."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or any(
            p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return path


def still_there(out: Path, path: str, entry: Entry) -> bool:
    """Is the file the last build wrote still in place, unchanged by anyone else?"""
    try:
        st = os.stat(f"{out}/{path}")
    except OSError:
        return False
    return st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns


class Stager:
    """Writes one build's new files into the staging folder; the part that workers run."""

    def __init__(self, out: Path, staging: Path, fresh: bool, previous: Manifest) -> None:
        self.out = str(out)
        self.staging = str(staging)
        self.fresh = fresh
        self.previous = previous
        self._made: set[str] = set()

    def stage(self, path: str, data: bytes, key: str) -> tuple[Entry, bool]:
        """Stage `data` for `path` unless the output already holds exactly these bytes.

        Returns the entry for the manifest and whether the file was staged."""
        safe_relative(path)
        new = fingerprint(data)
        if not self.fresh and self._same(path, self.previous.get(path), new, data):
            st = os.stat(f"{self.out}/{path}")
            return Entry(key, new, st.st_size, st.st_mtime_ns), False
        folder, _, _ = path.rpartition("/")
        if folder and folder not in self._made:
            self._make(folder)
        _write(f"{self.staging}/{path}", data)
        return Entry(key, new, len(data), 0), True

    def _make(self, folder: str) -> None:
        """Make a staging folder: one mkdir when its parent was made already (as for most of
        the 20,000 activity folders), rather than os.makedirs' walk up the tree."""
        parent = folder.rpartition("/")[0]
        if parent and parent not in self._made:
            self._make(parent)
        with contextlib.suppress(FileExistsError):  # made by another worker
            os.mkdir(f"{self.staging}/{folder}")
        self._made.add(folder)

    def _same(self, path: str, old: Entry | None, new: str, data: bytes) -> bool:
        if old is not None and old.digest == new and still_there(Path(self.out), path, old):
            return True
        try:
            with open(f"{self.out}/{path}", "rb") as f:
                return f.read() == data
        except OSError:
            return False


def _write(path: str, data: bytes) -> None:
    """A new file with `data`: three system calls, where open() would add a stat, a seek and
    a terminal check (which add up over 40,000 files)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class Writer:
    """Collects a build's files into the staging folder, then swaps them in with `commit`."""

    def __init__(self, out: Path, previous: Manifest) -> None:
        self.out = out
        self.staging = out.with_name(out.name + STAGING_SUFFIX)
        self.previous = previous
        fresh = not out.exists()  # a first build: stage everything, one rename
        self.fresh = fresh
        self.entries: Manifest = {}
        self.staged: list[str] = []
        self.unchanged = 0
        if self.staging.exists():
            shutil.rmtree(self.staging)  # left over from a build that was interrupted
        self.staging.mkdir(parents=True)
        self.stager = Stager(out, self.staging, fresh, previous)

    def keep(self, path: str, entry: Entry) -> None:
        """The page's inputs did not change and the file is in place: leave it alone. (Its path
        was checked when it was written; a no-op build keeps tens of thousands of files.)"""
        if path in self.entries:
            raise ValueError(f"two pages would be written to {path}")
        self.entries[path] = entry
        self.unchanged += 1

    def put(self, path: str, data: bytes, key: str) -> None:
        entry, staged = self.stager.stage(path, data, key)
        self.record(path, entry, staged)

    def record(self, path: str, entry: Entry, staged: bool) -> None:
        """Take note of a file, staged here or by a worker."""
        safe_relative(path)
        if path in self.entries:  # two pages with one address: a bug in the plan, never content
            raise ValueError(f"two pages would be written to {path}")
        self.entries[path] = entry
        if staged:
            self.staged.append(path)
        else:
            self.unchanged += 1

    def discard(self) -> None:
        if self.staging.exists():
            shutil.rmtree(self.staging)

    def commit(self) -> tuple[WriteReport, Manifest]:
        """Swap the staged files in and remove what the site no longer has."""
        if self.fresh:
            os.replace(self.staging, self.out)
            removed = 0
        else:
            for path in self.staged:
                target = self.out / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():
                    shutil.rmtree(target)
                os.replace(self.staging / path, target)
            removed = self._remove_stale()
            self.discard()
        for path in self.staged:
            st = os.stat(f"{self.out}/{path}")
            old = self.entries[path]
            self.entries[path] = Entry(old.key, old.digest, st.st_size, st.st_mtime_ns)
        report = WriteReport(len(self.staged), self.unchanged, removed)
        return report, self.entries

    def _remove_stale(self) -> int:
        """Remove what the last build wrote and this one did not; without a manifest of the last
        build (a deleted cache), look at every file in the output instead."""
        if self.previous:
            stale = [p for p in self.previous if p not in self.entries]
        else:
            stale = []
            for root, _dirs, files in os.walk(self.out):
                rel_root = os.path.relpath(root, self.out)
                prefix = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
                stale.extend(prefix + name for name in files if prefix + name not in self.entries)
        folders = set()
        for path in stale:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.out}/{path}")
            folder = path.rpartition("/")[0]
            while folder:
                folders.add(folder)
                folder = folder.rpartition("/")[0]
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            with contextlib.suppress(OSError):  # only succeeds once the folder is empty
                os.rmdir(f"{self.out}/{folder}")
        return len(stale)
