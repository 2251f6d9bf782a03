"""CI: the GitHub Pages workflow has the triggers, permissions and steps it needs, its nightly
schedule lands just after midnight in Amsterdam all year, and the commands it runs fail when they
should (errors, and with `check --strict` warnings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from site_helpers import REPO

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
WORKFLOW = REPO / ".github/workflows/site.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """`on:`, which YAML 1.1 (PyYAML) reads as the key True."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "the workflow has no 'on:' triggers"
    return on


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    found = workflow["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def test_triggers_push_to_main_nightly_and_by_hand(workflow: dict[Any, Any]) -> None:
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert sorted(s["cron"] for s in on["schedule"]) == ["5 22 * * *", "5 23 * * *"]


def test_the_schedule_runs_just_after_midnight_in_amsterdam_every_day(
        workflow: dict[Any, Any]) -> None:
    """Winter (CET) and summer (CEST), and the nights the clocks change."""
    times = []
    for schedule in triggers(workflow)["schedule"]:
        minute, hour, *rest = schedule["cron"].split()
        assert rest == ["*", "*", "*"]
        times.append((int(hour), int(minute)))
    day = date(2026, 1, 1)
    while day.year == 2026:
        runs = [datetime(day.year, day.month, day.day, h, m, tzinfo=UTC) + timedelta(days=d)
                for h, m in times for d in (-1, 0)]
        local = [r.astimezone(ZoneInfo("Europe/Amsterdam")) for r in runs]
        assert any(t.date() == day and t.hour == 0 and t.minute < 30 for t in local), day
        day += timedelta(days=1)


def test_pages_permissions_and_one_deployment_at_a_time(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_build_job_tests_builds_with_the_pages_address_and_uploads(
        workflow: dict[Any, Any]) -> None:
    build = steps(workflow, "build")
    actions = [uses(s) for s in build]
    assert actions[0] == "actions/checkout"
    assert "actions/configure-pages" in actions
    runs = [str(s.get("run", "")) for s in build]
    test_at = next(i for i, r in enumerate(runs) if "./build.sh test" in r)
    check_at = next(i for i, r in enumerate(runs) if "weekgen check --strict" in r)
    build_at = next(i for i, r in enumerate(runs) if "weekgen build" in r)
    assert test_at < check_at < build_at  # nothing is published unless the tests pass
    if (REPO / "package.json").is_file():  # the tests' npm tools must be there in CI
        assert any(r.strip() == "npm ci" for r in runs[:test_at])
    pages = next(s for s in build if uses(s) == "actions/configure-pages")
    assert f"--base-url \"${{{{ steps.{pages['id']}.outputs.base_url }}}}/\"" in runs[build_at]
    assert "--out public" in runs[build_at]
    upload = build[actions.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "public"
    assert actions.index("actions/upload-pages-artifact") > build_at


def test_deploy_job_uses_deploy_pages_after_the_build(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [step] = steps(workflow, "deploy")
    assert uses(step) == "actions/deploy-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_build_sh_test_is_what_ci_runs() -> None:
    script = (REPO / "build.sh").read_text("utf-8")
    assert "test)" in script and "pytest" in script


# --- the commands CI relies on -----------------------------------------------------------------

def test_build_fails_with_exit_1_on_an_error(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2021/activities.yaml": "- title: A\n  date: 2021-11-31\n"})
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert "content/2021/activities.yaml:2:9: 'date' 2021-11-31 is not a date" in err
    assert not (project / "public").exists()


QUIET = {"content/2021/activities.yaml": ""}  # a year without activities: nothing to warn about
WARNS = {**QUIET, "content/notities.txt": "niet voor de site\n"}


def test_check_passes_with_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(WARNS)
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    assert "content/notities.txt: warning: ignored" in err


def test_check_strict_fails_on_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(WARNS)
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 1
    assert "content/notities.txt: warning: ignored" in err
    assert re.search(r"^weekgen: \d+ warnings?, and --strict fails on warnings$", err, re.M)


def test_check_strict_passes_without_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(QUIET)
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    assert "warning" not in err


def test_check_strict_still_fails_on_errors(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2021/activities.yaml": "- title: A\n"})
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 1
    assert "content/2021/activities.yaml:1:3: this activity has no 'date'" in err
