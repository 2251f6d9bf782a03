"""The command line: exit codes 0 / 1 / 2, messages on stderr, guarded --out, the build date."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import weekgen
from site_helpers import main_text, page, snapshot

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
ACTIVITIES = "content/2021/activities.yaml"
ONE = {ACTIVITIES: "- title: Open dag\n  date: 2021-11-17\n"}


def test_version(cli: Cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0
    assert out.strip() == f"weekgen {weekgen.__version__}"


BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as in most shells


def test_python_m_weekgen_works() -> None:
    result = subprocess.run([sys.executable, "-m", "weekgen", "--version"], capture_output=True,
                            text=True, timeout=60, check=False, env=BUFFERED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"weekgen {weekgen.__version__}"


@pytest.mark.parametrize(("activities", "code", "said"), [
    (ONE[ACTIVITIES], 0, "geschreven, 0 ongewijzigd, 0 verwijderd"),
    ("- title: Open dag\n  date: 2021-13-01\n", 1, "activities.yaml:2:"),
])
def test_the_command_ends_with_the_builds_code_and_all_it_said(
        make_project: MakeProject, activities: str, code: int, said: str) -> None:
    """`python -m weekgen`: its exit code and everything it printed come out, through pipes
    (block-buffered) too."""
    root = make_project({ACTIVITIES: activities})
    result = subprocess.run([sys.executable, "-m", "weekgen", "build", "--source", str(root),
                             "--today", "2021-11-01", "--no-search"],
                            capture_output=True, text=True, timeout=120, check=False,
                            env=BUFFERED)
    assert result.returncode == code, result.stderr
    assert said in result.stdout + result.stderr
    assert result.stderr.endswith("\n") and not result.stderr.startswith("Traceback")


def test_no_command_is_a_usage_error(cli: Cli) -> None:
    code, out, err = cli()
    assert code == 2
    assert "build" in out + err  # the help names the commands


@pytest.mark.parametrize("argv", [
    ["build", "--frobnicate"],
    ["bouw"],
    ["build", "--today", "not-a-date"],
    ["build", "--today", "2021-13-01"],
    ["serve", "--port", "many"],
])
def test_bad_command_line_is_a_usage_error(cli: Cli, argv: list[str]) -> None:
    code, _, err = cli(*argv)
    assert code == 2
    assert err.startswith("weekgen: ")
    assert "Traceback" not in err


def test_today_not_a_date_names_the_value(cli: Cli) -> None:
    code, _, err = cli("build", "--today", "17-11-2021")
    assert code == 2
    assert "'17-11-2021' is geen datum (JJJJ-MM-DD)" in err


def test_source_without_content_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("build", "--source", str(tmp_path), "--today", "2021-11-01")
    assert code == 2
    assert err.startswith("weekgen: ") and "heeft geen map content/" in err
    assert list(tmp_path.iterdir()) == []


def test_source_that_does_not_exist_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("check", "--source", str(tmp_path / "nergens"))
    assert code == 2
    assert "is geen map" in err


@pytest.mark.parametrize("out", ["content", ".", "templates", "static", "content/2021",
                                 "static/site", ".."])
def test_out_that_would_overwrite_sources_is_refused(cli: Cli, make_project: MakeProject,
                                                     tmp_path: Path, out: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({**ONE, "templates/page.html": "{% extends 'base.html' %}",
                            "static/extra.css": "p {}"}, root=tmp_path / "site")
    (tmp_path / "elsewhere.txt").write_text("keep")
    before = snapshot(tmp_path)
    monkeypatch.chdir(project)
    code, _, err = cli("build", "--out", out, "--today", "2021-11-01", "--no-cache")
    assert code == 2
    assert err.startswith("weekgen: --out ") and "overschrijven; kies een eigen map" in err
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "static", "templates"]


def test_out_elsewhere_is_fine(cli: Cli, make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project(ONE, root=tmp_path / "site")
    code, _, err = cli("build", "--source", str(project), "--out", str(tmp_path / "www"),
                       "--today", "2021-11-01", "--no-cache")
    assert code == 0, err
    assert (tmp_path / "www/2021/activiteiten/open-dag/index.html").is_file()


def test_default_out_is_public_in_the_project(cli: Cli, make_project: MakeProject,
                                              monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    project = make_project(ONE, root=tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("build", "--source", "site", "--today", "2021-11-01", "--no-cache")
    assert code == 0, err
    assert (project / "public/index.html").is_file()


def test_content_errors_exit_1(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({ACTIVITIES: "- title: A\n  date: 2021-13-01\n"})
    code, out, err = cli("build", "--source", str(project), "--today", "2021-11-01",
                         "--no-cache")
    assert code == 1
    assert out == ""
    assert err.startswith("content/2021/activities.yaml:2:9: ")
    assert err.rstrip().splitlines()[-1] == \
        "weekgen: 1 fout in de inhoud; er is niets geschreven"
    assert not (project / "public").exists()


def test_build_prints_one_summary_line(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ONE)
    code, out, err = cli("build", "--source", str(project), "--today", "2021-11-01",
                         "--no-cache")
    assert code == 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("weekgen: de site van 2021-11-01 gebouwd: ")
    assert " geschreven" in lines[0] and lines[0].endswith(" s")


def test_quiet_build_prints_nothing(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ONE)
    code, out, err = cli("build", "--source", str(project), "--today", "2021-11-01", "-q",
                         "--no-cache")
    assert (code, out, err) == (0, "", "")


def test_check_writes_nothing(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ONE)
    before = snapshot(project)
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 0, err
    # (after any warnings: `check` also says what search engines miss)
    assert err.splitlines()[-1].startswith("weekgen: de site van 2021-11-01 gecontroleerd: ")
    assert snapshot(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["content"]


def test_check_without_no_cache_writes_no_site(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ONE)
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    assert not (project / "public").exists()
    assert {p.name for p in project.iterdir()} <= {"content", ".weekgen-cache"}


def test_check_finds_template_errors(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({**ONE, "templates/day.html": "{% extends 'base.html' %}\n"
                                                         "{% block content %}{{ oops(\n"
                                                         "{% endblock %}\n"})
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert err.startswith("templates/day.html:")
    assert "Traceback" not in err


def epoch(when: datetime) -> str:
    return str(int(when.timestamp()))


def test_source_date_epoch_is_the_build_date(cli: Cli, sample_project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 UTC on Wednesday is already Thursday 18 November in Amsterdam.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(datetime(2021, 11, 17, 23, 30, tzinfo=UTC)))
    code, _, err = cli("build", "--source", str(sample_project), "--no-cache")
    assert code == 0, err
    assert "de site van 2021-11-18" in err
    shown = main_text(page(sample_project / "public", "/2021/"))
    lead = shown[: shown.index("Elk jaar is er rond 20 november")]
    assert "donderdag 18 november 2021" in lead
    assert "woensdag 17 november" not in lead


def test_today_wins_over_source_date_epoch(cli: Cli, make_project: MakeProject,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(datetime(2021, 11, 17, 12, tzinfo=UTC)))
    project = make_project(ONE)
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-30", "--no-cache")
    assert code == 0, err
    assert (project / "public/2021/terugblik/index.html").is_file()


def test_bad_source_date_epoch_is_a_usage_error(cli: Cli, make_project: MakeProject,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    project = make_project(ONE)
    code, _, err = cli("build", "--source", str(project), "--no-cache")
    assert code == 2
    assert "SOURCE_DATE_EPOCH='gisteren' is geen aantal seconden" in err
    assert not (project / "public").exists()


def test_bad_base_url_flag_is_a_usage_error(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ONE)
    code, _, err = cli("build", "--source", str(project), "--base-url", "example.org/x",
                       "--today", "2021-11-01", "--no-cache")
    assert code == 2
    assert "--base-url example.org/x is geen adres" in err
    assert not (project / "public").exists()


def test_an_english_site_hears_english(cli: Cli, make_project: MakeProject) -> None:
    """The command line speaks the site's language: site.yaml's, Dutch by default."""
    project = make_project({"content/site.yaml": "title: Testweek\nlanguage: en\n",
                            ACTIVITIES: "- title: A\n  date: 16-11-2021\n"})
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert err.rstrip().splitlines()[-1] == "weekgen: 1 error in the content; nothing was written"
    assert "hint: did you mean 2021-11-16? weekgen reads dates as YYYY-MM-DD" in err
    (project / "content" / "site.yaml").write_text("title: Testweek\n", "utf-8")
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert "tip: bedoel je 2021-11-16? weekgen leest een datum als JJJJ-MM-DD" in err
    assert err.rstrip().splitlines()[-1] == "weekgen: 1 fout in de inhoud; er is niets geschreven"


def test_the_build_keeps_the_schemas_current(cli: Cli, make_project: MakeProject) -> None:
    """A fresh clone has schemas/: the build makes them, and updates them when site.yaml's
    kinds change (and says so, as a change to commit); unchanged ones are not touched."""
    project = make_project(ONE)
    args = ("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    code, _, err = cli(*args)
    assert code == 0, err
    folder = project / "schemas"
    activities = json.loads((folder / "activities.schema.json").read_text("utf-8"))
    kind = activities["items"]["properties"]["kind"]["anyOf"][0]["anyOf"][0]
    assert "meeting" in kind["enum"]
    assert activities["items"]["properties"]["title"]["description"] == "hoe de activiteit heet"
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text("utf-8") + "kinds:\n  - name: workshop\n    label: Workshop\n",
                    "utf-8")
    code, _, err = cli(*args)
    assert code == 0, err
    assert "weekgen: schemas/ bijgewerkt: activities.schema.json" in err.splitlines()
    activities = json.loads((folder / "activities.schema.json").read_text("utf-8"))
    assert activities["items"]["properties"]["kind"]["anyOf"][0]["anyOf"][0]["enum"] == [
        "workshop"]
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()
            if p.name != "activities.schema.json"} == {
        k: v for k, v in mtimes.items() if k != "activities.schema.json"}
