"""Finding what changed, for the preview: the system's file events wake it, a scan tells what.

This is the only module that imports watchdog. `Changes.wait` blocks until files under the
watched folders changed and then stayed still, and returns them once per burst. Two parts:

- what changed is always found by a scan (`snapshot`: every file's modification time, size and
  inode, a millisecond for a few hundred files); a burst's changes are those from the scan before
  it to the scan after it. So the answer is the same however the preview was woken, a burst's
  temporary files (an editor's save into a new file renamed over the old one) never show, and
  an event that comes late (after the scan that saw its change) adds nothing. The events'
  paths are not used: what they name the scan sees, but for a write that keeps the size within
  the file system's clock tick (a few ms) of the scan before it, which no one editing does.
- what wakes it: inotify (or the system's own file events elsewhere, through watchdog) where it
  can be had, a scan every 0.1 s where not (no watchdog, inotify's limits reached, a platform
  without): `polling=True`, or by itself. The inotify watcher scans once a second as well, for
  the folders that appear later (templates/ made after the start) and whatever a file system
  does not tell (a network share written by another machine).

The burst: an editor's save is one to five events within a millisecond (a write in place:
modify, close; into a new file: create, modify, close, move), `git checkout` thousands within a
second. Both end when nothing happened for `settle` (0.03 s with events; polling: until the
next scan), or, while git holds its index lock, once it lets go; at most `patience` after the
first change, so that a tool writing without end still gets its rebuilds.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__"})
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo")  # editors' backups and swap files
# What a write does (not a read's "opened" and "closed_no_write": the build reads the content);
# "attrib" for a `touch`, which changes the time only
WAKING = frozenset({"created", "modified", "moved", "deleted", "closed", "attrib"})
GIT_LOCK_FRESH = 30.0  # an index.lock older than this is git's leftover, not a checkout

Snapshot = dict[str, tuple[int, int, int]]  # file -> (modification time in ns, size, inode)


def ignored(path: str) -> bool:
    """An editor's backup or swap file, or a file inside a version control folder."""
    name = os.path.basename(path)
    if name.startswith(".#") or name.endswith(IGNORED_SUFFIXES):
        return True
    return not IGNORED_DIRS.isdisjoint(Path(path).parts)


def snapshot(folders: Iterable[Path]) -> Snapshot:
    """Every file under the folders, recursively, with its modification time, size and inode."""
    files: Snapshot = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in IGNORED_DIRS]
            for name in names:
                if name.startswith(".#") or name.endswith(IGNORED_SUFFIXES):
                    continue
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:  # removed while we looked, or a broken link
                    continue
                files[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return files


class Changes:
    """Finds changed files, and reports a burst of changes once, after it settled.

    Without events, the pause between scans is `interval`, or ten times a scan's time for a
    big tree. Call `close()` when done, to stop the events' thread.
    """

    def __init__(self, folders: Sequence[Path], interval: float = 0.1, settle: float = 0.03,
                 patience: float = 2.0, polling: bool = False, git: Path | None = None,
                 rescan: float = 1.0) -> None:
        self.folders = list(folders)
        self.interval = interval  # polling: between scans while nothing happens
        self.settle = settle  # with events: a burst has ended when none came for this long
        self.patience = patience  # the longest a burst may delay its rebuild
        self.rescan = rescan  # with events: a scan anyway after this long without any
        git_dir = _git_dir(git) if git is not None else None
        self.git_lock = git_dir / "index.lock" if git_dir is not None else None
        self.scan_seconds = 0.0
        self.woken = threading.Event()  # set by the events' thread
        self._events = None if polling else _Events.start(self)
        self.files = self._scan()

    @property
    def notified(self) -> bool:
        """True while the system's file events wake the watcher (False: it polls)."""
        return self._events is not None

    def close(self) -> None:
        if self._events is not None:
            self._events.stop()
            self._events = None

    def _scan(self) -> Snapshot:
        started = time.perf_counter()
        files = snapshot(self.folders)
        self.scan_seconds = time.perf_counter() - started
        return files

    def told(self, *paths: str) -> None:
        """From the events' thread: something happened to these paths (a move names two)."""
        if not all(ignored(p) for p in paths):
            self.woken.set()

    def poll(self) -> set[str]:
        """The files added, changed or removed since the last poll."""
        self.woken.clear()  # before the scan: an event during it wakes the next wait
        if self._events is not None and not self._events.follow(self.folders):
            self.close()  # inotify gave up on a folder (its limits): poll from now on
        files = self._scan()
        found = _differ(self.files, files)
        self.files = files
        return found

    def _pause(self, stop: threading.Event, seconds: float) -> bool:
        """Sleep up to `seconds`, or until an event (with events); False once `stop` is set."""
        if self._events is None:
            return not stop.wait(seconds)
        deadline = time.monotonic() + seconds
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or self.woken.wait(min(left, 0.25)):
                return not stop.is_set()
        return False

    def _quiet(self, stop: threading.Event) -> bool:
        """Wait for the end of a burst's next part: True when nothing happened meanwhile."""
        if self._events is None:
            stop.wait(self.settle if self.settle > self.interval else self.interval)
            return True  # the poll after it tells
        return not self.woken.wait(self.settle)

    def _git_busy(self) -> bool:
        """Is git writing the work tree (a checkout, a merge) right now?"""
        if self.git_lock is None:
            return False
        try:
            return time.time() - self.git_lock.stat().st_mtime < GIT_LOCK_FRESH
        except OSError:
            return False

    def wait(self, stop: threading.Event) -> set[str] | None:
        """Block until files changed and then stayed still; None once `stop` is set."""
        while True:
            pause = self.rescan if self._events is not None else self.interval
            if not self._pause(stop, max(pause, 10 * self.scan_seconds)):
                return None
            before = self.files
            if not self.poll():
                continue
            deadline = time.monotonic() + self.patience
            while time.monotonic() < deadline and not stop.is_set():
                quiet = self._quiet(stop)
                more = self.poll()
                if quiet and not more and not self._git_busy():
                    break
            # from before the burst to after it: a file made and gone within it (an editor's
            # temporary file, seen by a scan between its creation and its renaming) is no change
            if found := _differ(before, self.files):
                return found


def _differ(old: Snapshot, new: Snapshot) -> set[str]:
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def _git_dir(root: Path) -> Path | None:
    """The git folder of the repository `root` is in (a worktree's own, from its .git file)."""
    for folder in (root, *root.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                line = dot.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeError):
                return None
            if line.startswith("gitdir:"):
                return (folder / line.removeprefix("gitdir:").strip()).resolve()
            return None
    return None


class _Events:
    """watchdog's observer (inotify on Linux) over the folders that exist, telling `Changes`."""

    def __init__(self, observer: Any, handler: Any, wanted: list[Any]) -> None:
        self.observer = observer
        self.handler = handler
        self.wanted = wanted
        self.watches: dict[Path, Any] = {}

    @classmethod
    def start(cls, changes: Changes) -> _Events | None:
        """The events of `changes.folders`, or None where only polling would do."""
        try:
            from watchdog import events as kinds
            from watchdog.events import FileSystemEvent, FileSystemEventHandler
            from watchdog.observers import Observer
            from watchdog.observers.polling import PollingObserver
        except ImportError:
            return None
        # asked of inotify by kind, so that the build's reads of the content and the theme
        # (opened, closed unwritten) never reach Python
        wanted = [getattr(kinds, name) for name in (
            "FileCreatedEvent", "DirCreatedEvent", "FileModifiedEvent", "FileMovedEvent",
            "DirMovedEvent", "FileDeletedEvent", "DirDeletedEvent", "FileClosedEvent",
            "FileAttribEvent") if hasattr(kinds, name)]

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in WAKING:
                    changes.told(*(os.fsdecode(p) for p in (event.src_path, event.dest_path)
                                   if p))

        try:
            observer = Observer()
        except OSError:  # no inotify instance left (fs.inotify.max_user_instances, 128)
            return None
        if isinstance(observer, PollingObserver):  # no native events here: ours polls cheaper
            return None
        events = cls(observer, Handler(), wanted)
        try:
            observer.start()
            if events.follow(changes.folders):
                return events
        except (OSError, RuntimeError):  # inotify's limits (instances, watches)
            pass
        events.stop()
        return None

    def follow(self, folders: Iterable[Path]) -> bool:
        """Watch each folder that exists now, and let go of those gone; False when a folder's
        watch failed (inotify's limits: its thread ended while the folder is there)."""
        alive = {e.watch for e in self.observer.emitters if e.is_alive()}
        try:
            for folder in folders:
                watch = self.watches.get(folder)
                there = folder.is_dir()
                if there and watch is None:
                    self.watches[folder] = self.observer.schedule(
                        self.handler, str(folder), recursive=True, event_filter=self.wanted)
                elif watch is not None and not there:
                    self.observer.unschedule(watch)
                    del self.watches[folder]
                elif watch is not None and watch not in alive:
                    return False
        except (OSError, RuntimeError, KeyError):
            return False
        return True

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(5)
