"""Any campaign, not just this one: the campaign's rule for each year's dates, editions of 1 to 21
days (a festival of ten days, an edition across New Year), the campaign's own words, and the
site's own activity fields and kinds. Fictional campaigns throughout."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from site_helpers import h1, headlines, hints, page, text
from weekgen.errors import Problems
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity
from weekgen.model.flips import flips
from weekgen.model.site import assemble, day_slugs

Build = Callable[..., tuple[int, str]]
MakeProject = Callable[..., Path]


# -- the rule ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "days", "year", "start", "end"), [
    ("first full week of october", 7, 2025, date(2025, 10, 6), date(2025, 10, 12)),
    ("first full week of october", 7, 2026, date(2026, 10, 5), date(2026, 10, 11)),
    ("eerste volle week van oktober", 7, 2027, date(2027, 10, 4), date(2027, 10, 10)),
    ("last full week of march", 7, 2026, date(2026, 3, 23), date(2026, 3, 29)),
    ("wednesday before the last saturday of january", 10, 2026,
     date(2026, 1, 28), date(2026, 2, 6)),
    ("Woensdag voor de laatste zaterdag van januari", 10, 2026,
     date(2026, 1, 28), date(2026, 2, 6)),
    ("friday after the second sunday of may", 3, 2026, date(2026, 5, 15), date(2026, 5, 17)),
    ("third thursday of june", 1, 2026, date(2026, 6, 18), date(2026, 6, 18)),
    ("28 december", 7, 2026, date(2026, 12, 28), date(2027, 1, 3)),
])
def test_a_rule_gives_each_years_dates(text: str, days: int, year: int, start: date,
                                       end: date) -> None:
    assert calendar.parse_rule(text, days).dates(year) == (start, end)


@pytest.mark.parametrize("year", range(2000, 2040))
def test_week_of_20_november_is_todays_default(year: int) -> None:
    rule = calendar.parse_rule("20 november", week_of=True)
    assert rule.dates(year) == calendar.default_dates(year)


@pytest.mark.parametrize(("text", "word"), [
    ("frist full week of october", "frist"),
    ("first full week of octobre", "octobre"),
    ("first full week", ""),
    ("31 februari", ""),
])
def test_a_rule_that_cannot_be_read_names_the_word(text: str, word: str) -> None:
    with pytest.raises(calendar.RuleError) as caught:
        calendar.parse_rule(text)
    assert caught.value.word == word


def test_october_week_over_three_years(make_project: MakeProject, build: Build) -> None:
    site = ("title: Testdagen\nbase_url: https://example.org/\ncampaign:\n"
            "  start: first full week of october\n")
    files: dict[str, str | bytes | None] = {"content/site.yaml": site}
    for year in (2025, 2026, 2027):
        files[f"content/{year}/activities.yaml"] = (f"- title: Opening {year}\n"
                                                    f"  date: {year}-10-0{year - 2021}\n")
    project = make_project(files)
    code, err = build(project, "--today", "2026-09-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2025/maandag/")) == "Maandag 6 oktober 2025"
    assert h1(page(out, "/2026/zondag/")) == "Zondag 11 oktober 2026"
    assert h1(page(out, "/2027/maandag/")) == "Maandag 4 oktober 2027"
    # 2027-10-06 is the Wednesday of that year's edition: its day page lists it
    assert "Opening 2027" in text(page(out, "/2027/woensdag/"))


def test_week_yaml_still_overrides_the_rule(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/site.yaml": "title: T\ncampaign:\n  start: first full week of october\n",
        "content/2026/week.yaml": "start: 2026-10-12\nend: 2026-10-14\n",
    })
    code, err = build(project, "--today", "2026-09-01")
    assert code == 0, err
    assert h1(page(project / "public", "/2026/woensdag/")) == "Woensdag 14 oktober 2026"
    assert not (project / "public/2026/donderdag").exists()


# -- a festival of ten days ----------------------------------------------------------------------

FESTIVAL_SITE = """title: Winterfestival Voorbeeldstad
base_url: https://example.org/
campaign:
  word: Festival
  article: het
  start: wednesday before the last saturday of january
  days: 10
"""
FESTIVAL_ACTIVITIES = """- title: Lampionnentocht
  date: 2026-01-28
  kind: street
- title: Verhalenavond
  date: 2026-02-04
  kind: meeting
  highlight: true
- title: Slotconcert
  date: 2026-02-06
"""
FESTIVAL_STORY = """---
title: Terugblik
---
Tien dagen winter in Voorbeeldstad.

## Woensdag 4 februari
De verhalenavond zat vol.

## Woensdag
Het begon met lampionnen.
"""


@pytest.fixture
def festival(make_project: MakeProject, build: Build) -> Path:
    project = make_project({
        "content/site.yaml": FESTIVAL_SITE,
        "content/2026/activities.yaml": FESTIVAL_ACTIVITIES,
        "content/2026/terugblik.md": FESTIVAL_STORY,
    })
    code, err = build(project, "--today", "2026-02-10")
    assert code == 0, err
    return project / "public"


FESTIVAL_DAYS = ["woensdag-28-januari", "donderdag-29-januari", "vrijdag-30-januari",
                 "zaterdag-31-januari", "zondag-1-februari", "maandag-2-februari",
                 "dinsdag-3-februari", "woensdag-4-februari", "donderdag-5-februari",
                 "vrijdag-6-februari"]


def test_festival_days_are_named_with_their_dates(festival: Path) -> None:
    for slug in FESTIVAL_DAYS:
        assert (festival / "2026" / slug / "index.html").is_file(), slug
    assert not (festival / "2026" / "woensdag").exists()
    assert h1(page(festival, "/2026/woensdag-4-februari/")) == "Woensdag 4 februari 2026"
    assert "Verhalenavond" in text(page(festival, "/2026/woensdag-4-februari/"))
    assert "Verhalenavond" not in text(page(festival, "/2026/woensdag-28-januari/"))


def test_festival_navigation_strip_and_pager(festival: Path) -> None:
    tree = page(festival, "/2026/woensdag-4-februari/")
    strip = [a.get("href") for a in tree.xpath("//ul[@class='week-days is-long']//a")]
    assert strip == [f"/2026/{slug}/" for slug in FESTIVAL_DAYS]  # in one row on a wide screen
    prev = tree.xpath("//nav[@class='day-pager']//a[@rel='prev']")[0]
    nxt = tree.xpath("//nav[@class='day-pager']//a[@rel='next']")[0]
    assert (prev.get("href"), text(prev)) == ("/2026/dinsdag-3-februari/", "← Dinsdag 3 februari")
    assert (nxt.get("href"), text(nxt)) == ("/2026/donderdag-5-februari/",
                                            "Donderdag 5 februari →")
    assert tree.xpath("//nav[@class='week-nav']//a[. = 'Festival van 2026']")


def test_festival_lookback_parts_follow_the_dates(festival: Path) -> None:
    tree = page(festival, "/2026/terugblik/")
    sections = tree.xpath("//section[@class='lookback-day']")
    headings = [text(s.xpath("h3")[0]) for s in sections]
    # ten days, the quiet weekend of 31 January and 1 February as one section
    assert len(sections) == 9
    assert "Zaterdag 31 januari en zondag 1 februari" in headings
    by_heading = {text(s.xpath("h3")[0]): text(s) for s in sections}
    assert "De verhalenavond zat vol." in by_heading["Woensdag 4 februari 2026"]
    assert "Het begon met lampionnen." in by_heading["Woensdag 28 januari 2026"]
    assert "De Festival" not in text(tree) and "Het Festival" not in text(tree)  # the story's
    home = page(festival, "/")  # own opening; on the front page, the word and its article:
    assert "Het Festival is voorbij. Lees hoe het ging in de terugblik." in text(home)


def test_festival_flips_name_each_dated_address() -> None:
    rule = calendar.parse_rule("wednesday before the last saturday of january", 10)
    week = WeekConfig(2026, *rule.dates(2026))
    found = flips([week], [], "Europe/Amsterdam", date(2026, 1, 1))
    assert [f.what for f in found][:2] == [
        "2026: the Week begins; the year's home shows today's day, /2026/woensdag-28-januari/",
        "2026: today moves to /2026/donderdag-29-januari/",
    ]
    assert found[-1].day == date(2026, 2, 7)


def test_day_slugs_are_plain_weekdays_when_none_repeats() -> None:
    days = calendar.days_between(date(2026, 11, 16), date(2026, 11, 22))
    assert day_slugs(days)[2] == "woensdag"
    assert day_slugs(days[:3]) == ("maandag", "dinsdag", "woensdag")
    eight = calendar.days_between(date(2026, 11, 16), date(2026, 11, 23))
    assert day_slugs(eight)[0] == "maandag-16-november"


def test_a_page_may_not_take_a_dated_day_address(make_project: MakeProject,
                                                 build: Build) -> None:
    project = make_project({
        "content/site.yaml": FESTIVAL_SITE,
        "content/2026/zaterdag-31-januari.md": "---\ntitle: Zaterdag\n---\nx\n",
    })
    code, err = build(project, "--today", "2026-01-01")
    assert code == 1
    assert headlines(err) == ["content/2026/zaterdag-31-januari.md:2:1: het adres "
                              "/2026/zaterdag-31-januari/ wordt al gebruikt door de eigen "
                              "pagina's van weekgen"]


# -- an edition across New Year ------------------------------------------------------------------

NEW_YEAR = {
    "content/2026/week.yaml": "start: 2026-12-28\nend: 2027-01-03\n",
    "content/2026/activities.yaml": ("- title: Oudejaarsconcert\n  date: 2026-12-31\n"
                                     "- title: Nieuwjaarsduik\n  date: 2027-01-01\n"),
    "content/2027/activities.yaml": "- title: Voorjaarsmarkt\n  date: 2027-11-16\n",
}


def test_an_edition_across_new_year(make_project: MakeProject, build: Build) -> None:
    project = make_project(NEW_YEAR)
    code, err = build(project, "--today", "2027-01-02")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2026/vrijdag/")) == "Vrijdag 1 januari 2027"
    assert "Nieuwjaarsduik" in text(page(out, "/2026/vrijdag/"))
    assert (out / "2026/zondag/index.html").is_file()
    assert not (out / "2027/vrijdag").exists() or \
        h1(page(out, "/2027/vrijdag/")) == "Vrijdag 19 november 2027"


def test_across_new_year_the_front_page_stays_with_the_running_edition() -> None:
    config = SiteConfig(title="T")
    weeks = [WeekConfig(2026, date(2026, 12, 28), date(2027, 1, 3)),
             WeekConfig(2027, *calendar.default_dates(2027))]
    activities: dict[int, list[Activity]] = {2026: [], 2027: []}
    site = assemble(config, weeks, activities, {2026: [], 2027: []}, date(2027, 1, 2), Problems())
    assert site.featured is not None and site.featured.year == 2026
    switch = [f for f in flips(weeks, [], "Europe/Amsterdam", date(2026, 12, 1))
              if "front page" in f.what]
    assert [f.day for f in switch] == [date(2027, 1, 4)]


def test_across_new_year_dates_are_checked_against_the_edition(make_project: MakeProject,
                                                               build: Build) -> None:
    project = make_project({
        **NEW_YEAR,
        "content/2026/activities.yaml": "- title: Te laat\n  date: 2028-01-01\n",
    })
    code, err = build(project, "--today", "2026-12-01")
    assert code == 1
    assert headlines(err) == ["content/2026/activities.yaml:2:9: 'date' 2028-01-01 ligt in 2028, "
                              "niet in 2026 of 2027, de jaren van deze editie"]


# -- the campaign's own words --------------------------------------------------------------------

def test_a_site_overrides_an_interface_text(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/site.yaml": ("title: T\nbase_url: https://example.org/\ntexts:\n"
                              '  "Alle activiteiten": "Het hele programma"\n'),
        "content/2026/activities.yaml": "- title: Open dag\n  date: 2026-11-17\n",
    })
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    tree = page(project / "public", "/2026/")
    menu = [text(a) for a in tree.xpath("//ul[@class='week-menu']//a")]
    assert "Het hele programma" in menu and "Alle activiteiten" not in menu


def test_a_text_the_theme_never_says_is_a_warning_with_a_suggestion(
        make_project: MakeProject, build: Build, cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({
        "content/site.yaml": ("title: T\nbase_url: https://example.org/\ntexts:\n"
                              '  "Alle activiteiten": "Het hele programma"\n'
                              '  "Alle activitieten": "Ons programma"\n'),
        "content/2026/activities.yaml": "- title: Open dag\n  date: 2026-11-17\n",
    })
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err  # a warning: the site is built, with the theme's words there
    assert headlines(err) == ['content/site.yaml:5:3: waarschuwing: \'texts\': het thema heeft '
                              'geen tekst "Alle activitieten", dus deze regel verandert niets']
    assert hints(err) == ['bedoel je "Alle activiteiten"?']
    assert cli("check", "--source", str(project), "--today", "2026-11-01", "--strict")[0] == 1


def test_the_theme_speaks_of_no_campaign_the_sample_site_does(
        make_project: MakeProject, build: Build, sample_site: Callable[..., Path]) -> None:
    project = make_project({"content/2025/activities.yaml":
                            "- title: Open dag\n  date: 2025-11-18\n"})
    assert build(project, "--today", "2025-12-01")[0] == 0
    theirs = text(page(project / "public", "/2025/terugblik/").xpath("//section[@class="
                                                                     "'thanks']")[0])
    assert theirs == "Bedankt Dank aan iedereen die een activiteit organiseerde, meedeed of de " \
                     "Week deelde."
    ours = page(sample_site("--today", "2022-01-10"), "/2021/terugblik/")
    assert "kinderen die thuis niet veilig zijn" in text(ours.xpath("//section[@class="
                                                                    "'thanks']")[0])


# -- own fields and kinds ------------------------------------------------------------------------

OWN_SITE = """title: Testdagen
base_url: https://example.org/
language: {language}
fields:
  - name: audience
    type: choice
    label: {audience}
    choices: [ouders, professionals]
  - name: age
    type: number
    label: {age}
  - name: accessible
    type: yes/no
    label: {accessible}
  - name: sign_up
    type: url
    label: {signup}
kinds:
  - name: workshop
    label: {workshop}
  - name: conference
    label: {conference}
"""
OWN_ACTIVITY = """- title: Werkplaats opvoeden
  date: 2026-11-17
  kind: workshop
  audience: ouders
  age: 12
  accessible: ja
  sign_up: https://example.org/aanmelden
"""
LABELS = {
    "nl": {"audience": "Doelgroep", "age": "Leeftijd vanaf", "accessible": "Rolstoeltoegankelijk",
           "signup": "Aanmelden", "workshop": "Werkplaats", "conference": "Congres"},
    "en": {"audience": "Audience", "age": "Minimum age", "accessible": "Wheelchair access",
           "signup": "Sign up", "workshop": "Workshop", "conference": "Conference"},
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_own_fields_and_kinds_show_on_the_activity_page(make_project: MakeProject, build: Build,
                                                       language: str) -> None:
    labels = LABELS[language]
    project = make_project({
        "content/site.yaml": OWN_SITE.format(language=language, **labels),
        "content/2026/activities.yaml": OWN_ACTIVITY,
    })
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    tree = page(project / "public", "/2026/activiteiten/werkplaats-opvoeden/")
    facts = {text(div.xpath("dt")[0]): div.xpath("dd")[0]
             for div in tree.xpath("//dl[@class='facts']/div")}
    assert text(facts[labels["audience"]]) == "ouders"
    assert text(facts[labels["age"]]) == "12"
    assert text(facts[labels["accessible"]]) == {"nl": "ja", "en": "yes"}[language]
    assert facts[labels["signup"]].xpath("a/@href") == ["https://example.org/aanmelden"]
    kind = {"nl": "Soort", "en": "Kind"}[language]
    assert text(facts[kind]) == labels["workshop"]
    overview = page(project / "public", "/2026/activiteiten/")
    options = [text(o) for o in overview.xpath("//select[@name='soort']/option")]
    assert labels["workshop"] in options


@pytest.mark.parametrize(("language", "label"), [("nl", "Congres"), ("en", "Conference")])
def test_built_in_kinds_have_labels_per_language(make_project: MakeProject, build: Build,
                                                 language: str, label: str) -> None:
    project = make_project({
        "content/site.yaml": f"title: T\nlanguage: {language}\n",
        "content/2026/activities.yaml": "- title: Dag\n  date: 2026-11-17\n  kind: conference\n",
    })
    assert build(project, "--today", "2026-11-01")[0] == 0
    tree = page(project / "public", "/2026/activiteiten/dag/")
    assert label in [text(dd) for dd in tree.xpath("//dl[@class='facts']//dd")]


# -- errors with a place and a hint --------------------------------------------------------------

ERRORS = {
    "misspelt rule": (
        {"content/site.yaml": "title: T\ncampaign:\n  start: frist full week of october\n"},
        ["content/site.yaml:3:10: 'start' frist full week of october: 'frist' is geen woord dat "
         "een campagneregel kent"],
        "bedoel je 'first'?; schrijf bijvoorbeeld week_of: 20 november, of start: eerste volle "
        "week van oktober, start: woensdag voor de laatste zaterdag van januari (ook in het "
        "Engels: first full week of october)",
    ),
    "rule too long": (
        {"content/site.yaml": "title: T\ncampaign:\n  start: 1 december\n  days: 30\n"},
        ["content/site.yaml:4:9: 'days' 30 ligt niet tussen 1 en 21"],
        'een editie heeft 1 tot 21 dagen',
    ),
    "rule twice": (
        {"content/site.yaml": ("title: T\ncampaign:\n  week_of: 20 november\n"
                               "  start: 18 november\n")},
        ["content/site.yaml:4:10: 'campaign' heeft zowel 'week_of' als 'start'"],
        None,
    ),
    "field of an unknown type": (
        {"content/site.yaml": ("title: T\nfields:\n  - name: leeftijd\n    type: nummer\n"
                               "    label: Leeftijd\n")},
        ["content/site.yaml:4:11: 'type' nummer is niet een van de keuzes"],
        "bedoel je 'number'?",
    ),
    "field name with a space": (
        {"content/site.yaml": "title: T\nfields:\n  - name: Sign up\n    type: url\n"
                              "    label: Aanmelden\n"},
        ["content/site.yaml:3:11: 'name' Sign up is geen sleutel die redacteuren kunnen schrijven"],
        'gebruik kleine letters, cijfers, _ en -, beginnend met een letter, bijvoorbeeld aanmelden',
    ),
    "field that is built in": (
        {"content/site.yaml": "title: T\nfields:\n  - name: region\n    type: text\n"
                              "    label: Regio\n"},
        ["content/site.yaml:3:11: 'region' is een veld dat weekgen al heeft"],
        'geef je veld een andere naam, bijvoorbeeld region_extra',
    ),
    "choice without choices": (
        {"content/site.yaml": "title: T\nfields:\n  - name: doelgroep\n    type: choice\n"
                              "    label: Doelgroep\n"},
        ["content/site.yaml:4:11: het veld 'doelgroep' is een keuze maar heeft geen 'choices'"],
        'voeg bijvoorbeeld choices: [ouders, professionals, jongeren] toe',
    ),
    "unknown kind": (
        {"content/2021/activities.yaml": "- title: Dag\n  date: 2021-11-16\n  kind: conferense\n"},
        ["content/2021/activities.yaml:3:9: 'kind' conferense is niet een van de keuzes"],
        "bedoel je 'conference'?",
    ),
    "unknown kind of the site's own": (
        {"content/site.yaml": "title: T\nkinds:\n  - name: workshop\n    label: Werkplaats\n",
         "content/2021/activities.yaml": "- title: Dag\n  date: 2021-11-16\n  kind: worksop\n"},
        ["content/2021/activities.yaml:3:9: 'kind' worksop is niet een van de keuzes"],
        "bedoel je 'workshop'?",
    ),
    "undeclared own field": (
        {"content/site.yaml": ("title: T\nfields:\n  - name: audience\n    type: text\n"
                               "    label: Doelgroep\n"),
         "content/2021/activities.yaml": "- title: Dag\n  date: 2021-11-16\n  audiense: ouders\n"},
        ["content/2021/activities.yaml:3:3: onbekende sleutel 'audiense' in deze activiteit"],
        "bedoel je 'audience'?",
    ),
    "own field of the wrong type": (
        {"content/site.yaml": "title: T\nfields:\n  - name: age\n    type: number\n"
                              "    label: Leeftijd\n",
         "content/2021/activities.yaml": "- title: Dag\n  date: 2021-11-16\n  age: twaalf\n"},
        ["content/2021/activities.yaml:3:8: 'age' twaalf is geen heel getal"],
        'schrijf een heel getal, bijvoorbeeld 120',
    ),
}


@pytest.mark.parametrize(("files", "expected", "hint"), ERRORS.values(), ids=list(ERRORS))
def test_errors_have_a_place_and_a_hint(make_project: MakeProject, build: Build,
                                        files: dict[str, str | bytes | None],
                                        expected: list[str], hint: str | None) -> None:
    project = make_project(files)
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1, err
    assert "Traceback" not in err
    assert headlines(err) == expected
    if hint is not None:
        assert hint in hints(err)


# -- weekgen new year ----------------------------------------------------------------------------

def test_new_year_takes_the_dates_and_word_of_the_rule(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({"content/site.yaml": (
        "title: T\ncampaign:\n  word: Festival\n  start: first full week of october\n")})
    code, _, err = cli("new", "year", "2027", "--source", str(project))
    assert code == 0, err
    week = (project / "content/2027/week.yaml").read_text("utf-8")
    assert "# De Festival van 2027: van maandag 4 oktober 2027 tot en met zondag 10 oktober " \
           "2027,\n# volgens de regel in site.yaml: first full week of october." in week
    assert "20 november" not in week.lower()


def test_new_year_refuses_a_site_yaml_with_a_bad_rule(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({"content/site.yaml": "title: T\ncampaign:\n  start: someday\n"})
    code, _, err = cli("new", "year", "2027", "--source", str(project))
    assert code == 2
    assert "content/site.yaml:3:10: 'start' someday" in err
    assert not (project / "content/2027").exists()


def test_editing_the_sites_kinds_checks_unchanged_activities_again(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]]) -> None:
    """The parsed activities are kept by their file's content; the site's kinds, fields and the
    edition's years are part of that key, or an unchanged file would keep an old verdict."""
    project = make_project({
        "content/site.yaml": "title: T\nkinds:\n  - name: workshop\n    label: Werkplaats\n",
        "content/2026/activities.yaml": "- title: Dag\n  date: 2026-11-17\n  kind: workshop\n",
    })
    args = ("build", "--source", str(project), "--out", str(project / "public"),
            "--today", "2026-11-01", "--quiet")
    assert cli(*args)[0] == 0
    (project / "content/site.yaml").write_text(
        "title: T\nkinds:\n  - name: concert\n    label: Concert\n", encoding="utf-8")
    code, _, err = cli(*args)
    assert code == 1
    assert headlines(err) == ["content/2026/activities.yaml:3:9: 'kind' workshop is niet een van "
                              "de keuzes"]


def test_the_activities_schema_has_the_sites_fields_and_kinds() -> None:
    from weekgen.editor.schema import activities_schema
    from weekgen.model.config import OwnField

    config = SiteConfig(title="T", fields=(OwnField("age", "int", "Leeftijd"),),
                        kinds=(("workshop", "Werkplaats"),))
    item = activities_schema(config)["items"]
    assert item["properties"]["age"]["description"] == "Leeftijd"
    choice = item["properties"]["kind"]["anyOf"][0]["anyOf"]  # the enum, then the pattern
    assert choice[0]["enum"] == ["workshop"]
    assert "workshop" in choice[1]["pattern"] and "conference" not in choice[1]["pattern"]


def test_import_checks_rows_against_the_sites_kinds(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]],
        tmp_path: Path) -> None:
    project = make_project({
        "content/site.yaml": "title: T\nkinds:\n  - name: workshop\n    label: Werkplaats\n",
        "content/2026/activities.yaml": "- title: Eerste\n  date: 2026-11-16\n  kind: workshop\n",
    }, root=tmp_path / "site")
    csv = tmp_path / "reg.csv"
    csv.write_text("Datum;Titel;Soort\n17-11-2026;Tweede;workshop\n18-11-2026;Derde;meeting\n",
                   encoding="utf-8")
    code, _, err = cli("import", str(csv), "--year", "2026", "--source", str(project))
    assert code == 1, err
    assert "Tweede" in (project / "content/2026/activities/reg.yaml").read_text("utf-8")
    assert "'kind' meeting is niet een van de keuzes" in err


def test_week_of_with_days_counts_from_the_monday(make_project: MakeProject,
                                                  build: Build) -> None:
    project = make_project({"content/site.yaml": (
        "title: T\ncampaign:\n  week_of: 20 november\n  days: 5\n"),
        "content/2026/index.md": "---\ntitle: Werkweek\n---\nx\n"})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2026/vrijdag/")) == "Vrijdag 20 november 2026"
    assert not (out / "2026/zaterdag").exists()
