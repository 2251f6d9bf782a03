"""Writing the site: a failed build leaves public/ as it was; a rebuild touches only what changed
and removes what the site no longer has."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import snapshot

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
ACTIVITIES = "content/2021/activities.yaml"
OLD = 1_000_000_000 * 10**9  # 2001, in nanoseconds: any file written now gets a later mtime

TWO = ("- title: Open dag\n  date: 2021-11-15\n  region: Utrecht\n  slug: open-dag\n"
       "- title: Lezing\n  date: 2021-11-16\n  region: Zeist\n  slug: lezing\n"
       "  description: Over veilig thuis.\n")


def age(folder: Path) -> None:
    """Give every file an old modification time, so that a rewrite shows."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


def rewritten(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.stat().st_mtime_ns != OLD}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if "staging" in p.name or p.name.startswith(
        ".tmp"))


def test_failed_build_leaves_public_byte_identical(make_project: MakeProject,
                                                   build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    out = project / "public"
    before = snapshot(out)
    assert len(before) > 15
    (project / ACTIVITIES).write_text(TWO + "- title: Kapot\n  date: 2021-13-01\n")
    code, err = build(project, "--today", "2021-11-17")
    assert code == 1
    assert "content/2021/activities.yaml:11:9: 'date' 2021-13-01 is not a date" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "public"]
    assert leftovers(project) == []


def test_failed_render_leaves_public_byte_identical(make_project: MakeProject,
                                                    build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    out = project / "public"
    before = snapshot(out)
    (project / "templates").mkdir()
    (project / "templates/activity.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ no_such_thing.here }}\n'
        "{% endblock %}\n")
    code, err = build(project, "--today", "2021-11-17")
    assert code == 1
    assert err.splitlines()[0].startswith("templates/activity.html:3: template error: ")
    assert snapshot(out) == before
    assert leftovers(project) == []


def test_failed_first_build_writes_nothing(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "- title: Kapot\n  date: 2021-13-01\n"})
    code, _ = build(project, "--today", "2021-11-16")
    assert code == 1
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_rebuild_rewrites_only_the_pages_that_changed(make_project: MakeProject, cache: bool,
                                                      cli: Callable[..., tuple[int, str, str]],
                                                      ) -> None:
    project = make_project({ACTIVITIES: TWO})
    args = ["build", "--source", str(project), "--out", str(project / "public"),
            "--today", "2021-11-01", "--no-search", *([] if cache else ["--no-cache"])]
    code, _, err = cli(*args)
    assert code == 0, err
    out = project / "public"
    age(out)
    code, _, err = cli(*args)
    assert code == 0, err
    assert rewritten(out) == set()  # nothing changed, nothing touched

    (project / ACTIVITIES).write_text(TWO.replace("Over veilig thuis.", "Over een veilig thuis."))
    code, _, err = cli(*args)
    assert code == 0, err
    # the page, and the calendars and feeds that show its text (see test_search.py for the index)
    derived = {"2021/activiteiten/lezing/agenda.ics", "2021/agenda.ics", "2021/feed.xml",
               "feed.xml"}
    assert rewritten(out) == {"2021/activiteiten/lezing/index.html", *derived}

    age(out)
    (project / ACTIVITIES).write_text(TWO.replace("title: Lezing", "title: Avondlezing"))
    code, _, err = cli(*args)
    assert code == 0, err
    assert rewritten(out) == {
        "2021/activiteiten/lezing/index.html",
        "2021/activiteiten/index.html",
        "2021/dinsdag/index.html",
        "2021/regio/zeist/index.html",
        "regios/zeist/index.html",  # the region over all the years
        "2021/index.html",  # its JSON-LD names the Week's activities
        *derived,
    }


def test_stale_files_are_removed(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert (out / "2021/activiteiten/lezing/index.html").is_file()
    assert (out / "2021/regio/zeist/index.html").is_file()
    (project / ACTIVITIES).write_text(TWO.split("- title: Lezing")[0])
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert not (out / "2021/activiteiten/lezing").exists()
    assert not (out / "2021/regio/zeist").exists()
    assert (out / "2021/activiteiten/open-dag/index.html").is_file()
    assert (out / "2021/regio/utrecht/index.html").is_file()
    assert leftovers(project) == []


def test_lookback_appears_and_disappears_with_the_date(make_project: MakeProject,
                                                       build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    out = project / "public"
    assert build(project, "--today", "2021-11-22")[0] == 0
    assert (out / "2021/terugblik/index.html").is_file()
    assert build(project, "--today", "2021-11-21")[0] == 0
    assert not (out / "2021/terugblik").exists()


def test_build_is_reproducible(make_project: MakeProject, build: Build, tmp_path: Path) -> None:
    project = make_project({ACTIVITIES: TWO})
    assert build(project, "--today", "2021-11-16", out=tmp_path / "a")[0] == 0
    assert build(project, "--today", "2021-11-16", out=tmp_path / "b")[0] == 0
    a = {k: v for k, (v, _) in snapshot(tmp_path / "a").items()}
    b = {k: v for k, (v, _) in snapshot(tmp_path / "b").items()}
    assert a == b
