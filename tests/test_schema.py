"""The JSON Schemas and weekgen's own validation agree: the same good and bad samples are accepted
or refused by both. A schema sees YAML as weekgen reads it (every scalar the text typed, PyYAML's
BaseLoader) and as an editor's YAML 1.2 tool does (numbers, booleans, null): it accepts both."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
import yaml

from weekgen.editor import schema
from weekgen.errors import Problems
from weekgen.model.config import SITE_FIELDS, WEEK_FIELDS, SiteConfig
from weekgen.model.content import ACTIVITY_FIELDS
from weekgen.model.fields import Field, Kind
from weekgen.read.records import read_activities, read_site_config, read_week_config
from weekgen.read.sources import SourceFile, compose_yaml

YEAR = 2021
SCHEMAS = {"site": schema.site_schema(), "week": schema.week_schema(),
           "activities": schema.activities_schema()}


def weekgen_accepts(kind: str, text: str) -> bool:
    """Does weekgen accept this file (errors only; warnings do not count)?"""
    problems = Problems()
    source = SourceFile(f"content/{kind}.yaml", text, "")
    node = compose_yaml(source, problems)
    if not problems.errors:
        if kind == "site":
            read_site_config(node, source.path, problems)
        elif kind == "week":
            read_week_config(node, source.path, YEAR, problems)
        else:
            read_activities(node, source, YEAR, problems)
    return not problems.errors


def schema_accepts(kind: str, data: Any) -> bool:
    return bool(jsonschema.Draft202012Validator(SCHEMAS[kind]).is_valid(data))


def as_weekgen_reads(text: str) -> Any:
    """Every scalar as the text it is, as weekgen reads values."""
    return yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader builds no objects


def activity(*lines: str) -> str:
    return "\n".join(["- title: Open dag", "  date: 2021-11-15", *lines]) + "\n"


GOOD = {
    "site": [
        "title: Testweek\n",
        "title: 2021\n",
        "title: Testweek\nbase_url: https://example.org/campagne/\nlanguage: en\n"
        "timezone: Europe/Brussels\nhashtag: '#weektegenkindermishandeling'\n"
        "description: Eén zin.\n",
        "title: Testweek\nhashtag: [een, twee_3]\nlanguage:\nbase_url: /\n",
        "title: Testweek\ncolours:\n  primary: '#0b5394'\n  text: \"#111\"\n"
        "logo: static/logo.svg\n",
    ],
    "week": [
        "",
        "# alleen een opmerking\n",
        "theme: dichtbij\n",
        "theme: \"… dichterbij dan je denkt\"\nexplanation: |\n  Een *uitleg*.\n"
        "hashtags:\n  - dichterbij\n  - '#Één'\nstart: 2021-11-15\nend: 2021-11-21\n"
        "weekend_threshold: 3\n",
        "hashtags: dichterbij\nstart: 2021-1-5\nend: 2021-01-07\n",
        "theme:\nhashtags: []\nweekend_threshold: ~\n",
    ],
    "activities": [
        "",
        activity(),
        activity("  region:", "  participants:", "  online: ~", "  end_date: null",
                 "  start_time:"),
        activity("  end_date: 2021-11-16", '  start_time: "9:05"', "  end_time: 17.30",
                 "  region: landelijk", "  organiser: 't Hoekje", "  theme: dichtbij",
                 "  hashtag: [een, '#twee']", "  kind: meeting", "  location: Markt 1",
                 "  online: Ja", "  url: HTTPS://example.org/a?b=c", "  description: |",
                 "    **Markdown**", "  participants: +120", "  highlight: off",
                 "  status: moved-online", "  slug: open-dag-2", "  report: Goed gegaan.",
                 "  media:", "    - kind: pdf", "      url: /2021/verslag.pdf",
                 "      title: Het verslag", "  aliases: [/2021/oud/]"),
        activity("  url: mailto:info@example.org", "  hashtag: '##dubbel'", "  online: NO"),
        activity("  status: ' cancelled '", "  media: []", "  aliases: /2021/oud/"),
        "- title: A\n  date: 2021-11-15\n- title: B\n  date: 2021-11-16\n",
    ],
}

BAD = {  # both refuse these
    "site": [
        "",
        "language: nl\n",
        "title: Testweek\nbase_ulr: https://example.org/\n",
        "title: Testweek\nlanguage: nederlands\n",
        "title: Testweek\nbase_url: ftp://example.org/\n",
        "title: Testweek\nbase_url: example.org\n",
        "title: '  '\n",
        "title: [Test, week]\n",
        "title: Testweek\nhashtag: twee woorden\n",
        "title: Testweek\ncolours:\n  primary: #0b5394\n",  # a comment: empty
        "title: Testweek\ncolours:\n  primary: blauw\n",
        "title: Testweek\ncolours:\n  primaire: '#0b5394'\n",
        "title: Testweek\ncolours:\n",
        "- title: Testweek\n",
    ],
    "week": [
        "thema: dichtbij\n",
        "start: 2021-13-01\nend: 2021-11-21\n",
        "start: 2021-02-29\nend: 2021-03-01\n",
        "weekend_threshold: veel\n",
        "weekend_threshold: -1\n",
        "hashtags: [dichterbij dan je denkt]\n",
        "hashtags: [een, [twee]]\n",
        "theme: [a, b]\n",
        "- theme: a\n",
    ],
    "activities": [
        "title: Open dag\ndate: 2021-11-15\n",
        "- Open dag\n",
        "- date: 2021-11-15\n",
        "- title: Open dag\n",
        "- title:\n  date: 2021-11-15\n",
        "- title: '   '\n  date: 2021-11-15\n",
        "- title: Open dag\n  date:\n",
        activity("  organizer: Gemeente"),
        "- title: Open dag\n  date: 2021-13-01\n",
        "- title: Open dag\n  date: 2021-11-31\n",
        "- title: Open dag\n  date: 15-11-2021\n",
        activity('  start_time: "25:00"'),
        activity("  start_time: 9u"),
        activity('  start_time: "14:60"'),
        activity("  participants: veel"),
        activity("  participants: 1.200"),
        activity("  participants: -5"),
        activity("  online: misschien"),
        activity("  highlight: 1"),
        activity("  region: [Utrecht, Zeist]"),
        activity("  status: canceled"),
        activity("  url: javascript:alert(1)"),
        activity("  url: //evil.example/x"),
        activity("  url: https://example.org/met spatie"),
        activity("  slug: Open Dag"),
        activity("  slug: ../../etc"),
        activity("  hashtag: twee woorden"),
        activity("  hashtag: [een, '']"),
        activity("  hashtag: '#'"),
        activity("  media: https://example.org/a.pdf"),
        activity("  media:", "    - url: https://example.org/a.pdf", "      title: Rapport"),
        activity("  media:", "    - kind: boek", "      url: https://example.org/a.pdf",
                 "      title: Rapport"),
        activity("  media:", "    - kind: pdf", "      url: https://example.org/a.pdf",
                 "      title: Rapport", "      size: 3"),
        activity("  aliases: [[a]]"),
        activity("  description: [a]"),
    ],
}

# Checks of one value against another, or against the world: weekgen's alone. Each is listed so
# that the difference is known; a schema that learns one of them fails here, on purpose.
WEEKGEN_ONLY = {
    "site": [
        "title: Testweek\nbase_url: /campagne/\n",  # a path, not a full address
        "title: Testweek\ntimezone: Mars/Olympus\n",  # no such time zone
        "title: Testweek\nlogo: ../logo.svg\n",  # outside the site
        "title: Testweek\nlogo: static/logo.bmp\n",  # not an image weekgen shows
    ],
    "week": [
        "start: 2021-11-15\n",  # start without end
        "start: 2020-11-16\nend: 2020-11-22\n",  # not in the folder's year
        "start: 2021-11-15\nend: 2021-11-14\n",  # end before start
        "start: 2021-11-15\nend: 2021-12-06\n",  # longer than 21 days
    ],
    "activities": [
        "- title: Open dag\n  date: 2020-11-16\n",  # not in the folder's year
        "- title: Open dag\n  date: 2021-11-16\n  end_date: 2021-11-15\n",  # end before start
        activity('  start_time: "14:00"', '  end_time: "13:30"'),  # ends before it starts
        activity('  end_time: "13:30"'),  # an end without a start
        activity("  date: 2021-11-16"),  # a key twice: the YAML reader keeps one
        activity("  aliases: oud-adres"),  # not an address of this site
        activity('  end_date: ""'),  # quoted empty: only the reader sees the quotes
    ],
}


def samples(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(kind, text) for kind, texts in table.items() for text in texts]


@pytest.mark.parametrize("kind", SCHEMAS)
def test_the_schemas_are_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMAS[kind])
    assert SCHEMAS[kind]["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(("kind", "text"), samples(GOOD))
def test_both_accept(kind: str, text: str) -> None:
    assert weekgen_accepts(kind, text)
    assert schema_accepts(kind, as_weekgen_reads(text))


@pytest.mark.parametrize(("kind", "text"), samples(BAD))
def test_both_refuse(kind: str, text: str) -> None:
    assert not weekgen_accepts(kind, text)
    assert not schema_accepts(kind, as_weekgen_reads(text))


@pytest.mark.parametrize(("kind", "text"), samples(WEEKGEN_ONLY))
def test_what_only_weekgen_checks(kind: str, text: str) -> None:
    assert not weekgen_accepts(kind, text)
    assert schema_accepts(kind, as_weekgen_reads(text))


def test_values_as_an_editors_yaml_tool_reads_them() -> None:
    """VS Code's YAML extension reads 120 as a number, true as a boolean, an empty value as
    null: the schema accepts what weekgen accepts in that form too."""
    good = [{"title": 2021, "date": "2021-11-15", "participants": 120, "online": True,
             "end_date": None, "hashtag": ["een", 2021], "region": None, "highlight": False,
             "aliases": ["/2021/a/", None]}]
    assert schema_accepts("activities", good)
    assert schema_accepts("week", {"weekend_threshold": 3, "hashtags": None})
    for bad in ({"title": None, "date": "2021-11-15"}, {"title": "A", "date": None},
                {"title": "A", "date": "2021-11-15", "participants": -1},
                {"title": "A", "date": "2021-11-15", "participants": 1.5},
                {"title": "A", "date": "2021-11-15", "online": "misschien"}):
        assert not schema_accepts("activities", [bad]), bad


def test_the_date_pattern_accepts_exactly_the_days_weekgen_does() -> None:
    """Every year-month-day combination around the edges: leap years included."""
    from weekgen.read.fields import _date  # the reader itself

    pattern = re.compile(schema.DATE)  # as jsonschema uses it: re.search
    for year in (0, 1, 1900, 1996, 2000, 2021, 2024, 2100, 2400, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                for text in (f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month}-{day}"):
                    expected = isinstance(_date(text, ACTIVITY_FIELDS[1])[0], dt.date)
                    assert bool(pattern.search(text)) == expected, text


@pytest.mark.parametrize(("fields", "kind"), [(SITE_FIELDS, "site"), (WEEK_FIELDS, "week"),
                                              (ACTIVITY_FIELDS, "activities")])
def test_every_field_is_in_its_schema(fields: tuple[Field, ...], kind: str) -> None:
    record = SCHEMAS[kind]
    if kind == "activities":
        record = record["items"]
    assert list(record["properties"]) == [f.name for f in fields]
    assert record["additionalProperties"] is False
    assert record.get("required", []) == [f.name for f in fields if f.required]
    for f in fields:
        assert record["properties"][f.name]["description"] == f.help


def test_every_kind_of_field_has_a_schema() -> None:
    item = (Field("x", "text", "x"),)
    for kind in get_args(Kind):
        spec = Field("x", kind, "help", choices=("a",), item_fields=item)
        assert schema.field_schema(spec)["description"] == "help"


def test_weekgen_schema_writes_the_files(cli: Any, make_project: Any, tmp_path: Path) -> None:
    project = make_project()
    code, _, err = cli("schema", "--source", str(project))
    assert code == 0, err
    folder = project / "schemas"
    assert sorted(p.name for p in folder.iterdir()) == ["activities.schema.json",
                                                        "site.schema.json", "week.schema.json"]
    dutch = schema.week_schema(SiteConfig(title="Testweek"))
    assert json.loads((folder / "week.schema.json").read_text("utf-8")) == dutch
    assert dutch["description"] == "Het thema, de hashtags en de data van een jaar."
    assert "weekgen: 3 schema's geschreven in schemas/" in err
    mtimes = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    code, _, err = cli("schema", "--source", str(project))
    assert code == 0 and "(ze waren al actueel)" in err
    assert mtimes == {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    code, _, err = cli("schema", "--source", str(project), "--out", str(tmp_path / "elders"))
    assert code == 0, err
    assert (tmp_path / "elders" / "site.schema.json").is_file()
    assert not (project / "content" / "site.schema.json").exists()


def _value_schemas(found: Any) -> list[dict[str, Any]]:
    """Every subschema of a field's schema (anyOf and all)."""
    out = [found]
    for inner in found.get("anyOf", []):
        out.extend(_value_schemas(inner))
    return out


def test_choices_are_an_enum_for_completion() -> None:
    """VS Code completes a value from `enum`: status, kind and media kind have one."""
    items = SCHEMAS["activities"]["items"]["properties"]
    enums = {name: [s["enum"] for s in _value_schemas(items[name]) if "enum" in s]
             for name in ("status", "kind")}
    assert enums["status"] == [["scheduled", "cancelled", "postponed", "moved-online"]]
    assert "meeting" in enums["kind"][0]
    media = items["media"]["anyOf"][0]["items"]["properties"]["kind"]
    assert [s["enum"] for s in _value_schemas(media) if "enum" in s] == [
        ["video", "vlog", "pdf", "photo", "link"]]


def test_the_sites_own_kinds_are_the_enum() -> None:
    config = SiteConfig(title="Testweek", kinds=(("workshop", "Workshop"), ("lezing", "Lezing")))
    kind = schema.activities_schema(config)["items"]["properties"]["kind"]
    assert [s["enum"] for s in _value_schemas(kind) if "enum" in s] == [["workshop", "lezing"]]
    assert kind["description"] == "wat voor activiteit het is: workshop, lezing"


@pytest.mark.parametrize(("language", "said"), [
    ("en", "write a date as YYYY-MM-DD, e.g. 2027-11-16"),
    ("nl", "schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2027-11-16"),
])
def test_every_pattern_says_what_to_write(language: str, said: str) -> None:
    """yaml-language-server shows `patternErrorMessage` instead of the regular expression."""
    found = schema.activities_schema(SiteConfig(title="Testweek", language=language))
    items = found["items"]["properties"]
    date = [s for s in _value_schemas(items["date"]) if "pattern" in s]
    assert [s["patternErrorMessage"] for s in date] == [said]
    for name in ("start_time", "url", "slug", "participants", "online", "hashtag"):
        patterned = [s for s in _value_schemas(items[name]) if s.get("pattern")
                     and s["pattern"] != schema.NULL]
        patterned += [s for t in _value_schemas(items[name]) for s in _value_schemas(
            t.get("items", {})) if s.get("pattern")]
        assert patterned and all(s.get("patternErrorMessage") for s in patterned), name


def test_descriptions_are_in_the_sites_language() -> None:
    dutch = schema.site_schema(SiteConfig(title="Testweek"))
    english = schema.site_schema(SiteConfig(title="Testweek", language="en"))
    assert dutch["properties"]["title"]["description"] == \
        "de naam van de campagne, op elke pagina te zien"
    assert english["properties"]["title"]["description"] == \
        "the name of the campaign, shown on every page"
    assert schema.site_schema() == english  # without a site: as the fields are written


def test_the_samples_yaml_files_name_their_schemas_and_these_are_current() -> None:
    """Every YAML file of the sample site starts with the modeline of its schema, and schemas/
    in git is what the sample's settings make (as `weekgen build` keeps it)."""
    repo = Path(__file__).resolve().parents[1]
    content = repo / "content"
    files = sorted(content.rglob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        name = "activities.yaml" if path.parent.name == "activities" else path.name
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == repo / "schemas" / schema.FILES[name], path
    problems = Problems()
    source = SourceFile("content/site.yaml", (content / "site.yaml").read_text("utf-8"), "")
    config = read_site_config(compose_yaml(source, problems), source.path, problems)
    assert problems.errors == [] and config is not None
    for name, value in schema.schemas(config).items():
        assert (repo / "schemas" / name).read_text("utf-8") == schema.schema_text(value), name
