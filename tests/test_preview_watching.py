"""The preview's watcher (preview/watching.py): woken by inotify, or polling where it cannot be.

No test here times anything: each waits (up to a generous limit) for what must happen, and
orders what it checks by the file system's own events (a git index lock held, a build that does
not end until the test lets it).
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from weekgen.preview.serve import watch
from weekgen.preview.watching import Changes

NOTIFY = sys.platform.startswith("linux")  # where inotify must be had (CI, the developers)
WAYS = [pytest.param(False, id="inotify"), pytest.param(True, id="polling")]


def wait_until(check: Callable[[], Any], what: str, limit: float = 15.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {limit} s")
        time.sleep(0.01)


def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "2030").mkdir(parents=True)
    (content / "site.yaml").write_text("title: x\n", encoding="utf-8")
    (content / "2030" / "activities.yaml").write_text("- title: Een\n", encoding="utf-8")
    return content


class Watching:
    """`watch` over `changes`, recording each burst it reports."""

    def __init__(self, changes: Changes, on_change: Callable[[set[str]], None] | None = None):
        self.changes = changes
        self.calls: list[set[str]] = []
        self.stop = threading.Event()

        def record(found: set[str]) -> None:
            self.calls.append(found)
            if on_change is not None:
                on_change(found)

        self.thread = watch(changes, record, self.stop)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        self.changes.close()
        assert not self.thread.is_alive()


@pytest.fixture
def watching() -> Iterator[Callable[..., Watching]]:
    made: list[Watching] = []

    def make(changes: Changes, on_change: Callable[[set[str]], None] | None = None) -> Watching:
        made.append(Watching(changes, on_change))
        return made[-1]

    yield make
    for w in made:
        w.close()


def save_in_place(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as f:  # truncate, write, close: most editors
        f.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """As vim, Emacs and others save: into a new file beside it, renamed over it."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_inotify_wakes_the_watcher_where_it_can_be_had(tmp_path: Path) -> None:
    changes = Changes([site(tmp_path)])
    try:
        assert changes.notified == NOTIFY
    finally:
        changes.close()
    assert not changes.notified
    assert not Changes([site(tmp_path / "b")], polling=True).notified


@pytest.mark.parametrize("polling", WAYS)
@pytest.mark.parametrize("save", [save_in_place, save_by_rename], ids=["in place", "rename"])
def test_an_editors_save_is_one_change_of_the_file_saved(
        tmp_path: Path, watching: Callable[..., Watching], polling: bool,
        save: Callable[[Path, str], None]) -> None:
    content = site(tmp_path)
    target = content / "2030" / "activities.yaml"
    w = watching(Changes([content], polling=polling))
    save(target, "- title: Twee\n")
    wait_until(lambda: w.calls, "the save to be seen")
    assert w.calls == [{str(target)}]  # the temporary file never shows


def test_a_save_within_the_file_systems_clock_tick_is_still_seen(tmp_path: Path) -> None:
    """Same size, same modification time: a rename-save still gives the file a new inode."""
    content = site(tmp_path)
    target = content / "2030" / "activities.yaml"
    changes = Changes([content], polling=True)
    stamp = target.stat().st_mtime_ns
    save_by_rename(target, "- title: Ene\n")  # as long as before
    os.utime(target, ns=(stamp, stamp))
    assert changes.poll() == {str(target)}


def test_a_burst_while_git_holds_its_index_lock_is_one_rebuild(
        tmp_path: Path, watching: Callable[..., Watching]) -> None:
    """A checkout that pauses between files (longer than the quiet that ends a burst) still
    gives one rebuild, once git lets go of its lock."""
    content = site(tmp_path)
    git = tmp_path / ".git"
    git.mkdir()
    lock = git / "index.lock"
    lock.write_text("", encoding="utf-8")
    w = watching(Changes([content], git=tmp_path, settle=0.02, patience=60))
    written = []
    for i in range(4):
        page = content / "2030" / f"pagina-{i}.md"
        page.write_text("---\ntitle: Pagina\n---\n", encoding="utf-8")
        written.append(str(page))
        time.sleep(0.1)  # five times the quiet that ends a burst: not a timing, a pause
    assert w.calls == []
    lock.unlink()
    wait_until(lambda: w.calls, "the rebuild after the checkout")
    assert w.calls == [set(written)]


@pytest.mark.parametrize("polling", WAYS)
def test_a_temporary_file_seen_during_a_burst_is_no_change(
        tmp_path: Path, watching: Callable[..., Watching], polling: bool) -> None:
    content = site(tmp_path)
    target = content / "2030" / "activities.yaml"
    (tmp_path / ".git").mkdir()
    lock = tmp_path / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")  # holds the burst open while the test looks
    w = watching(Changes([content], git=tmp_path, settle=0.02, patience=60, polling=polling))
    temp = target.with_name(".activities.yaml.tmp")
    temp.write_text("- title: Twee\n", encoding="utf-8")
    wait_until(lambda: str(temp) in w.changes.files, "a scan to see the temporary file")
    os.replace(temp, target)
    lock.unlink()
    wait_until(lambda: w.calls, "the rebuild")
    assert w.calls == [{str(target)}]


def test_a_stale_git_lock_does_not_hold_back_rebuilds(
        tmp_path: Path, watching: Callable[..., Watching]) -> None:
    content = site(tmp_path)
    (tmp_path / ".git").mkdir()
    lock = tmp_path / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    old = time.time() - 3600
    os.utime(lock, (old, old))  # left behind by a git that was killed an hour ago
    w = watching(Changes([content], git=tmp_path, patience=600))
    save_in_place(content / "site.yaml", "title: y\n")
    wait_until(lambda: w.calls, "the rebuild", limit=60)


def test_a_worktrees_git_folder_is_found_from_its_git_file(tmp_path: Path) -> None:
    real = tmp_path / "repo" / ".git" / "worktrees" / "wt"
    real.mkdir(parents=True)
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text(f"gitdir: {real}\n", encoding="utf-8")
    changes = Changes([site(tmp_path / "wt" / "site")], git=tmp_path / "wt" / "site",
                      polling=True)
    assert changes.git_lock == real / "index.lock"


@pytest.mark.parametrize("polling", WAYS)
def test_a_change_made_during_a_rebuild_is_rebuilt_after_it(
        tmp_path: Path, watching: Callable[..., Watching], polling: bool) -> None:
    content = site(tmp_path)
    first, second = content / "site.yaml", content / "2030" / "activities.yaml"
    building, done = threading.Event(), threading.Event()

    def rebuild(found: set[str]) -> None:
        if not building.is_set():
            building.set()
            assert done.wait(30)  # the build goes on until the test has edited again

    w = watching(Changes([content], polling=polling), rebuild)
    save_in_place(first, "title: y\n")
    wait_until(building.is_set, "the first rebuild")
    save_by_rename(second, "- title: Drie\n")
    done.set()
    wait_until(lambda: len(w.calls) == 2, "the second rebuild")
    assert w.calls == [{str(first)}, {str(second)}]


def test_reading_the_content_wakes_nothing(tmp_path: Path) -> None:
    """The build reads every file it watches: a read that woke it would rebuild for ever."""
    if not NOTIFY:
        pytest.skip("inotify is Linux's")
    content = site(tmp_path)
    changes = Changes([content])
    told: list[tuple[str, ...]] = []
    told_before = changes.told
    changes.told = lambda *paths: (told.append(paths), told_before(*paths))  # type: ignore
    try:
        read = [content / "site.yaml", content / "2030" / "activities.yaml"]
        for path in read:
            path.read_bytes()
        sentinel = content / "sentinel.txt"
        sentinel.write_text("", encoding="utf-8")  # its events come after the reads'
        wait_until(lambda: any(str(sentinel) in paths for paths in told), "the sentinel")
    finally:
        changes.close()
    assert told and not [paths for paths in told if {str(p) for p in read} & set(paths)]


def test_a_folder_made_after_the_start_is_watched(
        tmp_path: Path, watching: Callable[..., Watching]) -> None:
    content = site(tmp_path)
    templates = tmp_path / "templates"
    w = watching(Changes([content, templates]))
    templates.mkdir()
    (templates / "base.html").write_text("<p>", encoding="utf-8")
    wait_until(lambda: w.calls, "the new folder's file")
    assert w.calls == [{str(templates / "base.html")}]
    save_by_rename(templates / "base.html", "<p>nieuw")
    wait_until(lambda: len(w.calls) == 2, "its next save")
    assert w.calls[1] == {str(templates / "base.html")}


def test_without_watchdog_it_polls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   watching: Callable[..., Watching]) -> None:
    monkeypatch.setitem(sys.modules, "watchdog.observers", None)  # the import fails
    content = site(tmp_path)
    w = watching(Changes([content], interval=0.02))
    assert not w.changes.notified
    save_by_rename(content / "site.yaml", "title: y\n")
    wait_until(lambda: w.calls, "the save to be seen")
    assert w.calls == [{str(content / "site.yaml")}]


def test_without_an_inotify_instance_left_it_polls(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        watching: Callable[..., Watching]) -> None:
    import watchdog.observers

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EMFILE, "Too many open files")  # inotify_init1 past the limit

    monkeypatch.setattr(watchdog.observers, "Observer", refused)
    content = site(tmp_path)
    w = watching(Changes([content], interval=0.02))
    assert not w.changes.notified
    save_in_place(content / "site.yaml", "title: y\n")
    wait_until(lambda: w.calls, "the save to be seen")
    assert w.calls == [{str(content / "site.yaml")}]
