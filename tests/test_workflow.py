"""CI: the GitHub Pages workflow and the GitLab Pages recipe are valid by their schemas, test on
every push and pull request, and publish from main and every night (a build from a warm cache,
without the tests) just after midnight in Amsterdam all year; the gate and the build see the
same day, and the gate passes on the sample site every day of the year. The commands CI runs
fail when they should (errors, and with `check --strict` warnings, never advice)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from site_helpers import REPO, SAMPLE_CONTENT
from weekgen.errors import Problems
from weekgen.model.flips import flips
from weekgen.model.site import Site, assemble
from weekgen.read.load import Inputs, load
from weekgen.read.project import CACHE_DIR

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
WORKFLOW = REPO / ".github/workflows/site.yml"
GITLAB = REPO / "docs/recipes/gitlab-ci.yml"
EVENTS = ("push", "pull_request", "schedule", "workflow_dispatch")


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


# --- the GitHub workflow: when each job runs --------------------------------------------------

def condition(job: dict[str, Any]) -> str:
    return re.sub(r"^\$\{\{\s*|\s*\}\}$", "", str(job.get("if", "")).strip())


def evaluate(expression: str, event: str, needs: dict[str, str]) -> bool:
    """A job's `if:`, as GitHub evaluates it, for the few operators the workflow uses; without
    one, GitHub's default: every job it needs succeeded."""
    if not expression:
        return all(result == "success" for result in needs.values())
    python = (expression.replace("!cancelled()", "True").replace("&&", " and ")
              .replace("||", " or "))
    python = re.sub(r"!(?!=)", " not ", python)
    context = {"github": SimpleNamespace(event_name=event),
               "needs": SimpleNamespace(**{job: SimpleNamespace(result=result)
                                           for job, result in needs.items()})}
    return bool(eval(python, {"__builtins__": {}}, context))


def jobs_run(workflow: dict[Any, Any], event: str, test_passes: bool = True) -> list[str]:
    """The jobs a run for `event` gets to, in the order of their `needs`."""
    results: dict[str, str] = {}
    ran = []
    for name, job in workflow["jobs"].items():  # each job after the ones it needs
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        if evaluate(condition(job), event, {n: results[n] for n in needs}):
            ran.append(name)
            results[name] = "success" if test_passes or name != "test" else "failure"
        else:
            results[name] = "skipped"
    return ran


def test_triggers_push_pull_request_nightly_and_by_hand(workflow: dict[Any, Any]) -> None:
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    assert "workflow_dispatch" in on
    assert sorted(s["cron"] for s in on["schedule"]) == ["5 22 * * *", "5 23 * * *"]


def test_tests_on_push_and_pull_request_the_nightly_only_builds_and_deploys(
        workflow: dict[Any, Any]) -> None:
    assert set(triggers(workflow)) == set(EVENTS)
    assert jobs_run(workflow, "push") == ["test", "build", "deploy"]
    assert jobs_run(workflow, "workflow_dispatch") == ["test", "build", "deploy"]
    assert jobs_run(workflow, "pull_request") == ["test"]
    assert jobs_run(workflow, "schedule") == ["build", "deploy"]
    assert jobs_run(workflow, "push", test_passes=False) == ["test"]  # nothing is published


def test_the_jobs_run_what_they_are_for(workflow: dict[Any, Any]) -> None:
    test = [str(s.get("run", "")) for s in steps(workflow, "test")]
    test_at = next(i for i, r in enumerate(test) if "./build.sh test" in r)
    if (REPO / "package.json").is_file():  # the tests' npm tools must be there in CI
        assert any(r.strip() == "npm ci" for r in test[:test_at])
    built = [str(s.get("run", "")) + str(s.get("env", "")) for s in steps(workflow, "build")]
    assert not any("build.sh test" in r or "pytest" in r or "CHROM" in r for r in built)


def test_pip_and_weekgen_caches_are_kept_between_runs(workflow: dict[Any, Any]) -> None:
    for job in ("test", "build"):
        [python] = [s for s in steps(workflow, job) if uses(s) == "actions/setup-python"]
        assert python["with"]["cache"] == "pip"
    build = steps(workflow, "build")
    actions = [uses(s) for s in build]
    runs = [str(s.get("run", "")) for s in build]
    [cache] = [s for s in build if uses(s) == "actions/cache"]
    assert cache["with"]["path"] == CACHE_DIR
    first_use = next(i for i, r in enumerate(runs) if "weekgen " in r)
    assert actions.index("actions/cache") < first_use  # restored before the check and build


# --- the cache key ---------------------------------------------------------------------------

HASH_FILES = re.compile(r"hashFiles\(([^)]*)\)")


def globs(call: str) -> list[str]:
    return [part.strip().strip("'\"") for part in call.split(",")]


def matches(pattern: str, path: str) -> bool:
    """A hashFiles pattern (`**` any folders, `*` within one name) against a repo path."""
    regex = "".join(".*" if part == "**" else "[^/]*" if part == "*" else re.escape(part)
                    for part in re.split(r"(\*\*|\*)", pattern))
    return re.fullmatch(regex, path) is not None


def repo_files(*folders: str) -> list[str]:
    return sorted(p.relative_to(REPO).as_posix() for folder in folders
                  for p in (REPO / folder).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def test_the_cache_key_changes_with_the_weekgen_version_and_the_theme(
        workflow: dict[Any, Any]) -> None:
    [cache] = [s for s in steps(workflow, "build") if uses(s) == "actions/cache"]
    key, restore = cache["with"]["key"], str(cache["with"]["restore-keys"]).split("\n")
    weekgen, content = HASH_FILES.findall(key)
    code_and_theme = globs(weekgen)
    version = [path for path in ("pyproject.toml", "src/weekgen/__init__.py")
               if re.search(r"^(__)?version(__)? = ", (REPO / path).read_text("utf-8"), re.M)]
    assert version, "where is weekgen's version?"
    theme = repo_files("templates", "static")
    assert theme
    for path in [*version, *repo_files("src"), *theme]:
        assert any(matches(g, path) for g in code_and_theme), f"{path}: not in the cache key"
    # Content edits keep the cache warm: they change the key but not what it restores from.
    for path in repo_files("content"):
        assert any(matches(g, path) for g in globs(content)), path
        assert not any(matches(g, path) for g in code_and_theme), path
    assert "python-version" in key  # the cache's pickles are the interpreter's
    for prefix in filter(None, (line.strip() for line in restore)):
        assert key.startswith(prefix) and f"hashFiles({weekgen})" in prefix
        assert "content" not in prefix


def test_the_matcher_of_the_cache_key_test() -> None:
    assert matches("src/**", "src/weekgen/model/site.py")
    assert matches("templates/**", "templates/base.html")
    assert not matches("templates/**", "content/2021/week.yaml")
    assert matches("*.toml", "pyproject.toml") and not matches("*.toml", "a/pyproject.toml")


# --- the gate and the build ------------------------------------------------------------------

def option(command: str, name: str) -> str:
    words = shlex.split(command)
    assert name in words, f"{name} is missing in: {command}"
    return words[words.index(name) + 1]


def site_timezone() -> str:
    site = yaml.safe_load((SAMPLE_CONTENT / "site.yaml").read_text("utf-8"))
    return str(site.get("timezone", "Europe/Amsterdam"))


def run_named(commands: list[str], what: str) -> tuple[int, str]:
    [found] = [(i, c) for i, c in enumerate(commands) if what in c]
    return found


def test_the_gate_and_the_build_see_the_same_day(workflow: dict[Any, Any],
                                                 tmp_path: Path) -> None:
    build = steps(workflow, "build")
    runs = [str(s.get("run", "")) for s in build]
    check_at, gate = run_named(runs, "weekgen check")
    build_at, make = run_named(runs, "weekgen build")
    assert "--strict" in shlex.split(gate)
    assert option(gate, "--today") == option(make, "--today")
    output = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}",
                          option(gate, "--today"))
    assert output, "--today comes from a step's output"
    [today_at] = [i for i, s in enumerate(build) if s.get("id") == output[1]]
    assert today_at < check_at < build_at
    # The step itself: the day it is in the site's time zone.
    assert workflow["env"]["SITE_TIMEZONE"] == site_timezone()
    written = tmp_path / "output"
    before = datetime.now(ZoneInfo(site_timezone())).date()
    subprocess.run(["bash", "-c", runs[today_at]], check=True,
                   env={"GITHUB_OUTPUT": str(written), "SITE_TIMEZONE": site_timezone(),
                        "PATH": "/usr/bin:/bin"})
    after = datetime.now(ZoneInfo(site_timezone())).date()
    day = dict(line.split("=", 1) for line in written.read_text().splitlines())[output[2]]
    assert date.fromisoformat(day) in {before, after}


def test_the_build_job_builds_for_the_pages_address_and_uploads(
        workflow: dict[Any, Any]) -> None:
    build = steps(workflow, "build")
    actions = [uses(s) for s in build]
    assert actions[0] == "actions/checkout"
    runs = [str(s.get("run", "")) for s in build]
    check_at, _ = run_named(runs, "weekgen check")
    build_at, make = run_named(runs, "weekgen build")
    install_at, _ = run_named(runs, "pip install")
    assert install_at < check_at < build_at
    pages = next(s for s in build if uses(s) == "actions/configure-pages")
    assert option(make, "--base-url") == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    assert option(make, "--out") == "public"
    upload = build[actions.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "public"
    assert actions.index("actions/upload-pages-artifact") > build_at


def test_pages_permissions_and_one_deployment_at_a_time(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    group = workflow["concurrency"]["group"]
    assert "'pages'" in group and "pull_request" in group  # a pull request waits for no one
    assert "pull_request" in str(workflow["concurrency"]["cancel-in-progress"])


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


def test_deploy_job_uses_deploy_pages_after_the_build(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [step] = steps(workflow, "deploy")
    assert uses(step) == "actions/deploy-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


# --- the GitLab recipe -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def gitlab() -> dict[str, Any]:
    data = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_gitlab_pages_publishes_public_from_the_default_branch(gitlab: dict[str, Any]) -> None:
    pages = gitlab["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert [r["if"] for r in pages["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    test = gitlab["test"]
    assert any("./build.sh test" in line for line in test["script"])
    assert gitlab["stages"].index(test["stage"]) < gitlab["stages"].index(pages["stage"])
    # the nightly (scheduled) pipeline builds and publishes only
    assert test["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    cached = {path for cache in pages["cache"] for path in cache["paths"]}
    assert cached == {".cache/pip", CACHE_DIR}
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"


def test_gitlab_gate_and_build_see_the_same_day(gitlab: dict[str, Any]) -> None:
    script = [str(line) for line in gitlab["pages"]["script"]]
    check_at, gate = run_named(script, "weekgen check")
    build_at, make = run_named(script, "weekgen build")
    assert "--strict" in shlex.split(gate)
    day = option(gate, "--today")
    assert day == option(make, "--today") == "$TODAY"
    set_at, assignment = run_named(script, "TODAY=")
    assert set_at < check_at < build_at
    assert gitlab["variables"]["SITE_TIMEZONE"] == site_timezone()
    shown = subprocess.run(["bash", "-c", f'{assignment}; echo "$TODAY"'], check=True,
                           capture_output=True, text=True,
                           env={"SITE_TIMEZONE": site_timezone(), "PATH": "/usr/bin:/bin"})
    assert date.fromisoformat(shown.stdout.strip())
    assert option(make, "--base-url") == "$CI_PAGES_URL/"
    assert option(make, "--out") == "public"


# --- both, by their schemas --------------------------------------------------------------------

def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           str(path)], capture_output=True, text=True)


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", WORKFLOW),
                                              ("vendor.gitlab-ci", GITLAB)])
def test_valid_by_the_schema_of_its_host(schema: str, path: Path) -> None:
    done = schema_check(schema, path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    del data["jobs"]["build"]["runs-on"]
    broken = tmp_path / "site.yml"
    broken.write_text(yaml.safe_dump(data), "utf-8")
    done = schema_check("vendor.github-workflows", broken)
    assert done.returncode == 1
    assert "runs-on" in done.stdout


# --- the gate on every day -------------------------------------------------------------------

# 2021: the sample's newest Week, with its lead-up, its days and its look-back; and the year it
# is now, in which the workflow runs the gate every night.
GATE_YEARS = sorted({2021, date.today().year})


@pytest.fixture(scope="module")
def gate_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gate")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    return root


def stretches(inputs: Inputs, year: int) -> list[tuple[date, date]]:
    """The days of `year`, cut where the site changes by itself (weekgen's flips)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    assert inputs.config is not None
    pages = [p for year_pages in inputs.pages.values() for p in year_pages]
    cuts = sorted({first, *(f.day for f in flips(inputs.weeks, pages, inputs.config.timezone,
                                                 first, include_past=True)
                            if first < f.day <= last)})
    return list(zip(cuts, [c - timedelta(days=1) for c in cuts[1:]] + [last], strict=True))


def undated(site: Site) -> Site:
    """The site with the day it is set aside (all the pages make of it is the countdown's
    number): what every day of a stretch between two flips must share."""
    weeks = tuple(replace(w, today=date.min) for w in site.weeks)
    featured = next((w for w in weeks if site.featured and w.year == site.featured.year), None)
    return replace(site, weeks=weeks, featured=featured, today=date.min)


@pytest.mark.parametrize("year", GATE_YEARS)
def test_the_gate_passes_on_the_sample_site_every_day(year: int, cli: Cli,
                                                      gate_project: Path) -> None:
    """`weekgen check --strict --today D`, as the workflow runs it, for every day D of `year`.

    The site changes by itself only at its flips (and in the countdown's number), so the gate
    runs on the first day of each stretch between two flips, and every other day of the
    stretch is shown to make the same site as the first, with the same findings."""
    problems = Problems()
    inputs = load(gate_project, problems)
    assert inputs.config is not None and not problems.items
    config = inputs.config

    def site_of(day: date) -> tuple[Site, list[str]]:
        found = Problems()
        site = assemble(config, inputs.weeks, inputs.activities, inputs.pages, day, found)
        return undated(site), [str(p) for p in found]

    days = 0
    for first, last in stretches(inputs, year):
        code, _, err = cli("check", "--strict", "--today", first.isoformat(),
                           "--source", str(gate_project))
        assert code == 0, f"the gate fails on {first}:\n{err}"
        assert ": warning: " not in err, first
        same = site_of(first)
        day = first + timedelta(days=1)
        while day <= last:
            assert site_of(day) == same, f"{day} is not the site of {first}, nor a flip"
            day += timedelta(days=1)
        days += (last - first).days + 1
    assert days == (date(year + 1, 1, 1) - date(year, 1, 1)).days

def test_build_sh_test_is_what_ci_runs() -> None:
    script = (REPO / "build.sh").read_text("utf-8")
    assert "test)" in script and "pytest" in script


# --- the commands CI relies on -----------------------------------------------------------------

def test_build_fails_with_exit_1_on_an_error(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2021/activities.yaml": "- title: A\n  date: 2021-11-31\n"})
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert "content/2021/activities.yaml:2:9: 'date' 2021-11-31 is geen datum" in err
    assert not (project / "public").exists()


QUIET = {"content/2021/activities.yaml": ""}  # a year without activities: nothing to warn about
WARNS = {**QUIET, "content/notities.txt": "niet voor de site\n"}


def test_check_passes_with_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(WARNS)
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    assert "content/notities.txt: waarschuwing: overgeslagen" in err


def test_check_strict_fails_on_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(WARNS)
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 1
    assert "content/notities.txt: waarschuwing: overgeslagen" in err
    assert re.search(r"^weekgen: \d+ waarschuwing(en)?, en --strict faalt op waarschuwingen$",
                     err, re.M)


def test_check_strict_passes_without_warnings(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(QUIET)
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    assert "warning" not in err


def test_check_strict_still_fails_on_errors(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2021/activities.yaml": "- title: A\n"})
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    assert code == 1
    assert "content/2021/activities.yaml:1:3: deze activiteit heeft geen 'date'" in err


ADVISED = {"content/2021/activities.yaml":
           "- title: Zonder tijd\n  date: 2021-11-20\n  location: Gemeentehuis\n"}


def test_check_strict_passes_on_advice_and_counts_it(cli: Cli, make_project: MakeProject) -> None:
    project = make_project(ADVISED)
    args = ("check", "--strict", "--source", str(project), "--today", "2021-11-01")
    code, _, err = cli(*args)
    assert code == 0, err
    assert "zoekmachines tonen" not in err
    assert err.splitlines()[0] == ("weekgen: 1 suggestie voor zoekmachines en delen: "
                                   "weekgen check --advice")
    code, _, err = cli(*args, "--advice")
    assert code == 0, err
    assert err.startswith("content/2021/activities.yaml:1:3: advies: zoekmachines tonen 'Zonder "
                          "tijd' alleen als evenement met een start_time\n")
    assert "suggestie" not in err
    assert cli(*args, "--quiet") == (0, "", "")


def test_the_advice_asks_only_for_what_an_activity_lacks(cli: Cli,
                                                         make_project: MakeProject) -> None:
    """An activity with a start time is not asked for one; one with a place not for a place."""
    project = make_project({"content/2021/activities.yaml":
                            "- title: Met tijd\n  date: 2021-11-20\n  start_time: '19:30'\n"
                            "- title: Zonder tijd\n  date: 2021-11-20\n  location: Gemeentehuis\n"})
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    hints = [line.strip() for line in err.splitlines() if line.strip().startswith("tip:")]
    assert len(hints) == 2, err
    with_time, without_time = hints
    assert "start_time" not in with_time and "location:" in with_time
    assert "start_time: \"14:00\"" in without_time and "location:" not in without_time
