"""One site, however it is built: cold or incremental, in parallel or serially, from the command
line or in a long-running session, the output is the same, byte for byte."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from weekgen import ics
from weekgen.build import Session, build
from weekgen.content import Activity
from weekgen.options import BuildOptions
from weekgen.project import open_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import corpus

TODAY = date(2026, 12, 1)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three fictional years, big enough that parsing, Markdown and pages run in workers."""
    root = tmp_path_factory.mktemp("incremental") / "site"
    corpus.write_weekgen(root, corpus.generate(3, 150), pages_per_year=3, per_file=50)
    return root


def fresh_copy(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".weekgen-cache", "public*"))
    return copy


def edit(root: Path) -> None:
    """What editors do: retitle one activity, remove another, change a page, add a page."""
    first = sorted((root / "content" / "2026" / "activities").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    text = text.replace('- title: "', '- title: "Nieuw: ', 1)
    second = text.index("\n- title:", text.index("\n- title:") + 1)
    third = text.index("\n- title:", second + 1)
    first.write_text(text[:second] + text[third:], encoding="utf-8")
    page = root / "content" / "2025" / "pagina-01.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Pagina 1", "Eerste pagina"),
                    encoding="utf-8")
    (root / "content" / "2024" / "nieuw.md").write_text("---\ntitle: Nieuw\n---\nTekst.\n",
                                                         encoding="utf-8")


def cold(root: Path, out: Path, workers: int | None = None,
         today: date = TODAY) -> dict[str, bytes]:
    build(open_project(root), out, BuildOptions(today=today, use_cache=False, workers=workers))
    return tree(out)


def test_parallel_and_serial_builds_are_identical(project: Path, tmp_path: Path) -> None:
    parallel = cold(project, tmp_path / "parallel")
    serial = cold(project, tmp_path / "serial", workers=1)
    assert len(parallel) > 400
    assert parallel == serial


def test_a_build_that_keeps_its_work_in_the_cache_is_identical(project: Path,
                                                               tmp_path: Path) -> None:
    """With a cache, the pages read their HTML and events from it chunk by chunk (build._Lean);
    without one, everything stays in memory."""
    root = fresh_copy(project, tmp_path)
    build(open_project(root), tmp_path / "public", BuildOptions(today=TODAY))
    assert (root / ".weekgen-cache").is_dir()
    assert tree(tmp_path / "public") == cold(project, tmp_path / "cold", workers=1)


def test_incremental_build_equals_a_cold_build_after_edits(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    edit(root)
    report = build(site, out, BuildOptions(today=TODAY))
    assert report.removed >= 1  # the removed activity's page
    assert tree(out) == cold(root, tmp_path / "cold")


def add_a_sentence(root: Path) -> None:
    """To the description of the first activity of 2025."""
    first = sorted((root / "content" / "2025" / "activities").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace(
        "  description: |\n", "  description: |\n    Een zin erbij.\n\n", 1), encoding="utf-8")


def test_an_edited_description_rewrites_only_its_page(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    add_a_sentence(root)
    report = build(site, out, BuildOptions(today=TODAY))
    # its page, its calendar and the year's calendar (which show its text); no feed shows it
    assert (report.written, report.removed) == (3, 0)
    assert tree(out) == cold(root, tmp_path / "cold")


def test_after_an_edit_one_calendar_event_is_made_again(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The year's calendar holds 150 events; the others come from the cache, not from memory."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    add_a_sentence(root)
    monkeypatch.setattr(ics, "_EVENTS", {})  # as in a new process
    made: list[str] = []
    real = ics.event

    def counting(activity: Activity, *args: Any) -> Any:
        made.append(activity.title)
        return real(activity, *args)

    monkeypatch.setattr(ics, "event", counting)
    build(site, out, BuildOptions(today=TODAY, workers=1))
    assert len(made) == 1
    assert tree(out) == cold(root, tmp_path / "cold")


def test_session_rebuilds_equal_cold_builds(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "preview"
    session = Session()
    options = BuildOptions(today=TODAY, workers=1)
    build(site, out, options, session=session)
    before = tree(out)
    edit(root)
    build(site, out, options, session=session)
    assert tree(out) == cold(root, tmp_path / "cold-after")
    template = root / "templates" / "_activity.html"
    template.parent.mkdir(exist_ok=True)
    default = Path(__file__).resolve().parents[1] / "templates" / "_activity.html"
    template.write_text(default.read_text(encoding="utf-8").replace(
        'class="activity-title"', 'class="activity-title changed"'), encoding="utf-8")
    build(site, out, options, session=session)
    changed = tree(out)
    assert changed == cold(root, tmp_path / "cold-template")
    assert changed != before


def test_a_new_session_checks_the_files_an_earlier_one_left(project: Path,
                                                            tmp_path: Path) -> None:
    """A session writes the manifest after its first build only; a later session must not trust
    it blindly when the preview folder changed after that."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "preview"
    options = BuildOptions(today=TODAY, workers=1)
    first = sorted((root / "content" / "2026" / "activities").glob("*.yaml"))[0]
    original = first.read_text(encoding="utf-8")
    session = Session()
    build(site, out, options, session=session)
    first.write_text(original.replace('- title: "', '- title: "Nieuw: ', 1), encoding="utf-8")
    build(site, out, options, session=session)
    first.write_text(original, encoding="utf-8")  # as it was when the manifest was written
    build(site, out, options, session=Session())
    assert tree(out) == cold(root, tmp_path / "cold")


def test_session_follows_the_build_date(project: Path, tmp_path: Path) -> None:
    """A preview left running moves on with the date: the Week's state is not frozen."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    session = Session()
    out = tmp_path / "preview"
    for day in (date(2026, 11, 1), date(2026, 11, 18), date(2026, 11, 23)):
        build(site, out, BuildOptions(today=day, workers=1), session=session)
        assert tree(out) == cold(root, tmp_path / f"cold-{day}", workers=1, today=day), day
