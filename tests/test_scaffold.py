"""`weekgen new year`: a new year's folder that builds as it is, whose YAML files name their
schema for editors, and that never overwrites anything."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

from site_helpers import main_text, page
from weekgen.errors import Problems
from weekgen.read.records import read_activities
from weekgen.read.sources import SourceFile, compose_yaml

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
SCHEMA_FOR = {"week.yaml": "week.schema.json", "activities.yaml": "activities.schema.json"}


def new_year(cli: Cli, project: Path, year: str = "2027") -> tuple[int, str]:
    code, _, err = cli("new", "year", year, "--source", str(project))
    return code, err


def test_new_year_makes_the_folder_and_the_schemas(cli: Cli, make_project: MakeProject) -> None:
    project = make_project()
    code, err = new_year(cli, project)
    assert code == 0, err
    folder = project / "content/2027"
    assert sorted(p.name for p in folder.iterdir()) == ["activities.yaml", "index.md",
                                                        "week.yaml"]
    assert sorted(p.name for p in (project / "schemas").iterdir()) == [
        "activities.schema.json", "site.schema.json", "week.schema.json"]
    assert err.splitlines()[:3] == ["weekgen: content/2027/week.yaml gemaakt",
                                    "weekgen: content/2027/index.md gemaakt",
                                    "weekgen: content/2027/activities.yaml gemaakt"]


def test_week_yaml_has_the_computed_dates(cli: Cli, make_project: MakeProject) -> None:
    project = make_project()
    assert new_year(cli, project)[0] == 0
    text = (project / "content/2027/week.yaml").read_text("utf-8")
    assert "maandag 15 november 2027 tot en met zondag 21 november 2027" in text
    assert "# start: 2027-11-15\n# end: 2027-11-21\n" in text
    assert yaml.safe_load(text) == {"theme": "", "hashtags": []}


def test_an_english_site_gets_english_comments(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/site.yaml": "title: Testweek\nlanguage: en\n"})
    code, err = new_year(cli, project)
    assert (code, err.splitlines()[0]) == (0, "weekgen: created content/2027/week.yaml"), err
    week = (project / "content/2027/week.yaml").read_text("utf-8")
    assert "# The Week of 2027: from Monday 15 November 2027 to Sunday 21 November 2027,\n" in week
    assert yaml.safe_load(week) == {"theme": "", "hashtags": []}
    activities = (project / "content/2027/activities.yaml").read_text("utf-8")
    assert "#   date: 2027-11-16         # YYYY-MM-DD\n" in activities
    index = (project / "content/2027/index.md").read_text("utf-8")
    assert index.startswith("---\ntitle: The Week of 2027\n")


def test_the_new_year_builds_as_it_is(cli: Cli, make_project: MakeProject,
                                      build: Callable[..., tuple[int, str]]) -> None:
    project = make_project()
    assert new_year(cli, project)[0] == 0
    code, err = build(project, "--today", "2027-11-16")
    assert code == 0, err
    assert "warning" not in err
    home = main_text(page(project / "public", "/2027/"))
    assert "Schrijf hier de inleiding" not in home  # the introduction is a draft until written
    code, err = build(project, "--today", "2027-11-16", "--drafts")
    assert code == 0, err
    assert "Schrijf hier de inleiding van 2027" in main_text(page(project / "public", "/2027/"))


def test_each_yaml_file_names_its_schema_and_agrees_with_it(cli: Cli,
                                                            make_project: MakeProject) -> None:
    project = make_project()
    assert new_year(cli, project)[0] == 0
    folder = project / "content/2027"
    for name, schema_file in SCHEMA_FOR.items():
        first = (folder / name).read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema_file}"
        target = (folder / first.split("=", 1)[1]).resolve()
        assert target == (project / "schemas" / schema_file).resolve()
        schema = json.loads(target.read_text("utf-8"))
        data = yaml.load((folder / name).read_text("utf-8"), Loader=yaml.BaseLoader)
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_the_commented_example_is_a_valid_activity(cli: Cli, make_project: MakeProject) -> None:
    project = make_project()
    assert new_year(cli, project)[0] == 0
    lines = (project / "content/2027/activities.yaml").read_text("utf-8").splitlines()
    start = lines.index("# - title: Open middag bij het wijkteam")
    text = "\n".join(line[2:] for line in lines[start:]) + "\n"
    problems = Problems()
    source = SourceFile("content/2027/activities.yaml", text, "")
    found = read_activities(compose_yaml(source, problems), source, 2027, problems)
    assert not problems.errors, [str(p) for p in problems]
    assert [(a.title, a.date.isoformat()) for a in found] == [("Open middag bij het wijkteam",
                                                               "2027-11-16")]


def test_an_existing_folder_is_never_overwritten(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2027/week.yaml": "theme: al gekozen\n"})
    code, err = new_year(cli, project)
    assert code == 2
    assert err.splitlines()[0] == ("weekgen: content/2027/ bestaat al; weekgen new overschrijft "
                                   "nooit iets: bewerk de bestanden erin")
    assert [p.name for p in (project / "content/2027").iterdir()] == ["week.yaml"]
    assert (project / "content/2027/week.yaml").read_text() == "theme: al gekozen\n"
    (project / "content/2028").mkdir()
    assert new_year(cli, project, "2028")[0] == 2
    assert list((project / "content/2028").iterdir()) == []
    assert not (project / "schemas").exists()


def test_existing_schemas_are_left_as_they_are(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"schemas/week.schema.json": "{}\n"})
    assert new_year(cli, project)[0] == 0
    assert (project / "schemas/week.schema.json").read_text() == "{}\n"
    assert (project / "schemas/site.schema.json").is_file()


def test_a_bad_year_is_a_usage_error(cli: Cli, make_project: MakeProject) -> None:
    project = make_project()
    for year in ("27", "twintig", "0999"):
        code, err = new_year(cli, project, year)
        assert code == 2
        assert f"'{year}' is geen jaar (zoals 2026)" in err
    code, _, err = cli("new", "--source", str(project))
    assert code == 2
    assert sorted(p.name for p in (project / "content").iterdir()) == ["site.yaml"]
