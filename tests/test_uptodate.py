"""A build with nothing to do notices it from the files' stats and stops (uptodate.py); any
change to what a build reads, to its options or to the output makes it do the work again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from site_helpers import SAMPLE_CONTENT
from weekgen import errors
from weekgen.build import build
from weekgen.engine import cache as cache_module
from weekgen.engine import loading as loading_module
from weekgen.engine.cache import Cache
from weekgen.options import BuildOptions, BuildReport
from weekgen.read.project import open_project

TODAY = date(2021, 11, 17)  # during the sample's 2021 Week: today's day is marked


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content" / "2021" / "notes.txt").write_text("niet voor de site\n")  # a warning
    return tmp_path


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the builds that read the content (the ones that did the work)."""
    calls: list[int] = []
    real = loading_module.load_cached

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading_module, "load_cached", counting)
    yield calls


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are seconds old at most; trust their times all the same (the racy
    case has its own test)."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def run(root: Path, **options: object) -> BuildReport:
    values: dict[str, object] = {"today": TODAY, "workers": 1, **options}
    return build(open_project(root), root / "public", BuildOptions(**values))  # type: ignore[arg-type]


def test_nothing_changed_reads_nothing_and_writes_nothing(site: Path, loads: list[int],
                                                          trusting: None) -> None:
    first = run(site)
    before = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")}
    again = run(site)
    assert len(loads) == 1, "the second build read the content again"
    assert (again.pages, again.written, again.unchanged, again.removed) == (
        first.pages, 0, first.pages, 0)
    assert again.today == first.today and again.weeks == first.weeks
    assert {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*")} == before
    # the warnings of the last build are the warnings of this one
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    assert any("notes.txt" in str(w) for w in again.warnings)


def test_the_command_line_says_nothing_was_written(site: Path, trusting: None,
                                                   cli: Callable[..., tuple[int, str, str]]
                                                   ) -> None:
    args = ("build", "--source", str(site), "--today", TODAY.isoformat(), "--no-search")
    code, _, err = cli(*args)
    assert code == 0 and " 0 verwijderd" in err  # in the Dutch site's words
    code, _, again = cli(*args)
    assert code == 0
    assert "notes.txt" in again  # the warning again
    last = again.strip().splitlines()[-1]
    assert " 0 geschreven" in last and " 0 verwijderd" in last, last


# (not babel: the warnings of the last build are said again, from the catalogue)
PIPELINE = ("jinja2", "markdown", "yaml", "icalendar", "PIL", "nh3", "frontmatter",
            "weekgen.render", "weekgen.read.load", "weekgen.plan", "weekgen.check")


def test_a_build_that_finds_nothing_changed_imports_none_of_the_pipeline(
        site: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    args = ["build", "--source", str(site), "--today", TODAY.isoformat(), "--quiet"]
    time.sleep(2.1)  # the content is older than a build trusts (uptodate.py: racy files)
    assert cli(*args)[0] == 0  # (this one leaves a stamp)
    code = ("import sys; from weekgen.cli import main; code = main(sys.argv[1:]); "
            f"print(sorted(m for m in sys.modules if m.startswith({PIPELINE!r}))); "
            "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
    assert "notes.txt" in done.stderr  # its warning, said again (the catalogue: babel, then)


def _same_size_edit(root: Path) -> None:
    path = root / "content" / "2021" / "activities.yaml"
    text = path.read_text(encoding="utf-8")
    i = text.index("title: ") + len("title: ") + 1
    path.write_text(text[:i] + ("X" if text[i] != "X" else "Y") + text[i + 1:], encoding="utf-8")


def _old_times_kept(root: Path) -> None:
    """A tool that keeps modification times (cp -p, rsync -t) still changes the change time."""
    path = root / "content" / "2021" / "activities.yaml"
    st = path.stat()
    _same_size_edit(root)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], None]] = {
    "content edited, same size": _same_size_edit,
    "content edited, times kept": _old_times_kept,
    "content added": lambda root: (root / "content" / "2021" / "nieuw.md").write_text(
        "---\ntitle: Nieuwe pagina\n---\nTekst.\n", encoding="utf-8"),
    "content removed": lambda root: (root / "content" / "2021" / "notes.txt").unlink(),
    "own template added": lambda root: (root / "templates").mkdir() or (
        root / "templates" / "404.html").write_text("{% extends 'base.html' %}\n"),
    "own static file added": lambda root: (root / "static").mkdir() or (
        root / "static" / "extra.txt").write_text("extra\n"),
    "output file removed": lambda root: (root / "public" / "2021" / "index.html").unlink(),
    "output file changed": lambda root: (root / "public" / "2021" / "index.html").write_text(
        "overschreven"),
    "output folder removed": lambda root: shutil.rmtree(root / "public"),
    "cache removed": lambda root: shutil.rmtree(root / ".weekgen-cache"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_makes_the_build_do_the_work(site: Path, loads: list[int], trusting: None,
                                                change: str,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    run(site)
    CHANGES[change](site)
    report = run(site)
    assert len(loads) == 2, f"{change}: the build did not read the content again"
    # and the result is what a cold build makes of the changed site
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns(".weekgen-cache", "public"),
                    dirs_exist_ok=True)
    build(open_project(cold), cold / "public",
          BuildOptions(today=TODAY, workers=1, use_cache=False))
    assert tree(site / "public") == tree(cold / "public")
    assert report.pages == len(tree(cold / "public"))


@pytest.mark.parametrize("options", [{"today": date(2021, 11, 18)}, {"drafts": True},
                                     {"base_url": "https://example.net/week/"},
                                     {"today": None, "lookback": True,
                                      "now": datetime(2021, 11, 17, 12, tzinfo=UTC)}])
def test_other_options_make_the_build_do_the_work(site: Path, loads: list[int], trusting: None,
                                                  options: dict[str, object]) -> None:
    run(site)
    run(site, **options)
    assert len(loads) == 2
    run(site, **options)
    assert len(loads) == 2, "the same options twice: the second build has nothing to do"


def test_without_today_the_day_is_read_in_the_sites_zone(site: Path, loads: list[int],
                                                         trusting: None) -> None:
    evening = datetime(2021, 11, 17, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    night = datetime(2021, 11, 17, 23, 30, tzinfo=UTC)  # 00:30 on the 18th in Amsterdam
    run(site, today=None, now=evening)
    run(site, today=None, now=evening.replace(minute=45))
    assert len(loads) == 1, "the same day in Amsterdam"
    report = run(site, today=None, now=night)
    assert len(loads) == 2 and report.today == date(2021, 11, 18)


def test_no_cache_always_builds(site: Path, loads: list[int], trusting: None) -> None:
    run(site, use_cache=False)
    run(site, use_cache=False)
    assert len(loads) == 2


def test_a_file_changed_just_before_the_build_leaves_no_stamp(site: Path,
                                                              loads: list[int]) -> None:
    """Within the racy margin a later change might keep the file's times: do not trust them."""
    _same_size_edit(site)
    run(site)
    assert Cache(site / ".weekgen-cache").outputs.stamp((site / "public").resolve()) is None
    run(site)
    assert len(loads) == 2


def test_a_build_that_fails_keeps_neither_output_nor_stamp(site: Path, loads: list[int],
                                                           trusting: None) -> None:
    run(site)
    before = tree(site / "public")
    path = site / "content" / "2021" / "activities.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date: ", "date: 2021-13-", 1), encoding="utf-8")
    with pytest.raises(errors.BuildFailed):
        run(site)
    path.write_text(good, encoding="utf-8")
    run(site)
    assert len(loads) == 3, "back as it was, but the times changed: the build checks again"
    assert tree(site / "public") == before
