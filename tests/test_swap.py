"""The change from the old site to the new one is one step: a build killed at any moment leaves
public/ exactly the old site or exactly the new one, and the next build clears what it left
beside it; one build at a time writes into an output folder."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import weekgen.output
from site_helpers import snapshot, write_project
from weekgen.output import LOCK_SUFFIX, OLD_SUFFIX, STAGING_SUFFIX, Writer, beside, recover

Cli = Callable[..., tuple[int, str, str]]
TODAY = ("--today", "2021-11-16")
EPOCH = "1637020800"  # 2021-11-16: the same bytes from every build of the same content
REGIONS = ("Utrecht", "Zeist", "Baarn", "Soest", "Bunnik")
USERS = {"CNAME": b"www.example.org\n", ".well-known/security.txt": b"Contact: x@example.org\n"}


def activities(first: int, count: int) -> str:
    return "".join(
        f"- title: Bijeenkomst {n}\n  date: 2021-11-{15 + n % 7}\n  region: {REGIONS[n % 5]}\n"
        f"  slug: bijeenkomst-{n}\n  description: Een verzonnen bijeenkomst, nummer {n}.\n"
        for n in range(first, first + count))


# Two versions of one site of 200 activities: every page differs (the site's title), and each
# has pages the other has not (ten activities gone, ten new).
VERSIONS = {
    "A": {"content/site.yaml": "title: Testweek\nbase_url: https://example.org/\n",
          "content/2021/activities.yaml": activities(0, 200)},
    "B": {"content/site.yaml": "title: Testweek twee\nbase_url: https://example.org/\n",
          "content/2021/activities.yaml": activities(10, 200)},
}


SMALL = {"content/site.yaml": VERSIONS["A"]["content/site.yaml"],
         "content/2021/activities.yaml": activities(0, 3)}


def files_of(folder: Path) -> dict[str, bytes]:
    return {k: v for k, (v, _) in snapshot(folder).items()}


def beside_output(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if "public.weekgen-" in p.name)


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


# --- two builds at once ---

def test_a_second_build_stops_while_one_writes(cli: Cli, tmp_path: Path) -> None:
    project = write_project(tmp_path, SMALL)
    args = ("build", "--source", str(project), "--no-search", *TODAY)
    assert cli(*args)[0] == 0
    out = project / "public"
    before = snapshot(out)
    write_project(project, {"content/site.yaml": VERSIONS["B"]["content/site.yaml"]})
    writing = Writer(out, {})  # another build, in the middle of writing
    try:
        code, _, err = cli(*args)
        assert code == 2
        assert err == f"weekgen: een andere weekgen-build schrijft in {out} (proces " \
                      f"{os.getpid()}): wacht tot die klaar is en bouw dan opnieuw\n"
        assert snapshot(out) == before
    finally:
        writing.discard()
    assert beside_output(project) == []
    assert cli(*args)[0] == 0
    assert snapshot(out) != before


def test_the_lock_file_of_a_killed_build_does_not_stop_the_next(cli: Cli,
                                                                tmp_path: Path) -> None:
    project = write_project(tmp_path, SMALL)
    lock = beside(project / "public", LOCK_SUFFIX)
    lock.write_text("999999\n")  # its build is gone, and with it its lock
    code, _, err = cli("build", "--source", str(project), "--no-search", *TODAY)
    assert code == 0, err
    assert beside_output(project) == []


# --- where folders cannot be exchanged, and what an interrupted build left ---

def test_without_an_exchange_the_old_site_is_set_aside_then_removed(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None) -> None:
    monkeypatch.setattr(weekgen.output, "_renameat2", lambda: None)
    project = write_project(tmp_path / "site", SMALL)
    args = ("build", "--source", str(project), "--no-search", *TODAY)
    assert cli(*args)[0] == 0
    out = project / "public"
    kept = out / "2021/regio/utrecht/index.html"
    write_project(project, {"content/2021/activities.yaml": activities(0, 3).replace(
        "nummer 2.", "nummer twee.")})
    inode = kept.stat().st_ino
    assert cli(*args)[0] == 0
    assert kept.stat().st_ino == inode
    assert b"nummer twee." in (out / "2021/activiteiten/bijeenkomst-2/index.html").read_bytes()
    assert beside_output(project) == []


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


OLD_SITE = {"index.html": b"oud", "2021/index.html": b"oud 2021"}
NEW_SITE = {"index.html": b"nieuw", "2021/index.html": b"nieuw 2021", "2021/x/index.html": b"x"}


def test_recovery_between_the_two_renames_puts_the_old_site_back(tmp_path: Path) -> None:
    out = tmp_path / "public"
    tree(beside(out, OLD_SUFFIX), OLD_SITE)  # set aside, and then the build was killed
    tree(beside(out, STAGING_SUFFIX), NEW_SITE)
    recover(out)
    assert files_of(out) == OLD_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_recovery_after_the_swap_removes_the_old_site(tmp_path: Path) -> None:
    out = tree(tmp_path / "public", NEW_SITE)
    tree(beside(out, OLD_SUFFIX), OLD_SITE)  # swapped; killed while removing the old site
    recover(out)
    assert files_of(out) == NEW_SITE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_recovery_removes_a_half_staged_site_and_follows_no_link(tmp_path: Path) -> None:
    out = tree(tmp_path / "public", OLD_SITE)
    elsewhere = tree(tmp_path / "elsewhere", {"keep.txt": b"keep"})
    staging = tree(beside(out, STAGING_SUFFIX), {"2021/index.html": b"half"})
    (staging / "link").symlink_to(elsewhere)
    recover(out)
    assert files_of(out) == OLD_SITE
    assert files_of(elsewhere) == {"keep.txt": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "public"]


# --- killed at any moment ---

FALLBACK = ("import sys, weekgen.output as o; o._renameat2 = lambda: None; "
            "from weekgen.cli import main; sys.exit(main(sys.argv[1:]))")


def start(project: Path, exchange: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, *(["-m", "weekgen"] if exchange else ["-c", FALLBACK]),
               "build", "--source", str(project), "--no-search", "--quiet", *TODAY]
    return subprocess.Popen(command, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # its workers die with it


def kill_when(proc: subprocess.Popen[bytes], moment: Callable[[], bool]) -> bool:
    """SIGKILL the build and its workers at `moment` (looked for in the file system); whether
    it was still running then."""
    deadline = time.monotonic() + 60
    while proc.poll() is None and not moment() and time.monotonic() < deadline:
        time.sleep(0.0005)
    alive = proc.poll() is None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    _, err = proc.communicate()
    assert alive or proc.returncode == 0, err.decode()
    return alive


def moments(project: Path) -> dict[str, Callable[[], Callable[[], bool]]]:
    """When to kill, each made just before its build starts."""
    out = project / "public"
    staging, old, lock = (beside(out, s) for s in (STAGING_SUFFIX, OLD_SUFFIX, LOCK_SUFFIX))

    def after(seconds: float) -> Callable[[], bool]:
        until = time.monotonic() + seconds
        return lambda: time.monotonic() > until

    def staging_for(seconds: float) -> Callable[[], bool]:
        seen: list[float] = []

        def moment() -> bool:
            if not seen and staging.exists():
                seen.append(time.monotonic())
            return bool(seen) and time.monotonic() - seen[0] >= seconds
        return moment

    def swapped() -> Callable[[], bool]:
        inode = out.stat().st_ino if out.exists() else None
        return lambda: (out.stat().st_ino if out.exists() else None) != inode

    def done() -> Callable[[], bool]:
        seen = [False]

        def moment() -> bool:  # the lock let go: the cache is being written now
            if lock.exists():
                seen[0] = True
                return False
            return seen[0]
        return moment

    return {"loading": lambda: after(0.3), "staging begun": lambda: staging_for(0),
            "staging": lambda: staging_for(0.15), "swapped": swapped, "done": done,
            "set aside": lambda: old.exists}


def site_is_one_of(project: Path, trees: dict[str, dict[str, bytes]], exchange: bool) -> str:
    out = project / "public"
    if not out.exists():  # only between the two renames, which the next build undoes
        assert not exchange
        out = beside(out, OLD_SUFFIX)
    found = files_of(out)
    names = [name for name, files in trees.items() if files == found]
    assert names, f"public/ is a mix: {sorted(set(found) ^ set(trees['A']))[:5]}"
    return names[0]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new(
        cli: Cli, tmp_path: Path, exchange: bool, epoch: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path / "site", VERSIONS["A"])
    args = ("build", "--source", str(project), "--no-search", "--quiet", *TODAY)
    assert cli(*args)[0] == 0
    out = project / "public"
    for rel, data in USERS.items():  # the user's own: in every tree
        (out / rel).parent.mkdir(exist_ok=True)
        (out / rel).write_bytes(data)
    trees = {"A": files_of(out)}
    write_project(project, VERSIONS["B"])
    assert cli(*args)[0] == 0
    trees["B"] = files_of(out)
    assert trees["A"] != trees["B"] and set(USERS) <= set(trees["A"]) & set(trees["B"])
    when = moments(project)
    chosen = ["loading", "staging begun", "staging", "swapped", "done"] if exchange else \
        ["staging", "set aside"]
    version, alive = "B", []
    for name in chosen:
        version = "A" if version == "B" else "B"
        write_project(project, VERSIONS[version])
        moment = when[name]()
        alive.append(kill_when(start(project, exchange), moment))
        site_is_one_of(project, trees, exchange)
    assert sum(alive) >= len(chosen) - 1, alive  # killed while it ran, not after it ended
    if not exchange:
        monkeypatch.setattr(weekgen.output, "_renameat2", lambda: None)
    assert cli(*args)[0] == 0
    assert site_is_one_of(project, trees, exchange) == version
    assert beside_output(project) == []
