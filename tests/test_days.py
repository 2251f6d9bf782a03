"""Every day right: an activity of several days is on each of its days everywhere (overview, day
filter, day pages, year page, look-back and its chart) and once in the totals; a figure nobody
gave is not shown; an empty day says so in words that fit the phase; a postponed activity's new
date is on its page, its card and in the calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import lxml.html
import pytest

from site_helpers import main_text, page, run_main, text, write_project

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# The Week of 2030: Monday 18 to Sunday 24 November.
ACTIVITIES = """\
- title: Voorronde in de bibliotheek
  date: 2030-11-14
  end_date: 2030-11-19
  region: Brugdorp
- title: Expositie Veilig Thuis
  date: 2030-11-18
  end_date: 2030-11-22
  region: Lindewaard
  organiser: Stichting Voorbeeld
- title: Fietstocht langs de scholen
  date: 2030-11-20
  start_time: "10:00"
  region: Brugdorp
  organiser: Stichting Voorbeeld
- title: Lezing die niet doorgaat
  date: 2030-11-21
  status: cancelled
- title: Weekendmarkt
  date: 2030-11-23
  end_date: 2030-11-24
  region: landelijk
- title: Nazit
  date: 2030-11-28
  organiser: Stichting Voorbeeld
"""
# on each day: those that run then (the cancelled lecture is listed, not counted)
LISTED = {"maandag": 2, "dinsdag": 2, "woensdag": 2, "donderdag": 2, "vrijdag": 1,
          "zaterdag": 1, "zondag": 1}


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("days"),
                         {"content/2030/activities.yaml": ACTIVITIES})
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-12-01"])
    assert code == 0
    return root / "public"


def titles(el: lxml.html.HtmlElement) -> list[str]:
    return [text(a) for a in el.xpath(".//ul[@class='activities']//*[@class='activity-title']/a")]


def overview(out: Path) -> dict[str, lxml.html.HtmlElement]:
    tree = page(out, "/2030/activiteiten/")
    return {s.get("data-part"): s for s in tree.xpath("//main//section[@data-part]")}


def lookback_days(out: Path) -> dict[str, int]:
    """The count each part of 'Dag voor dag' ends with, by its first day's slug."""
    tree = page(out, "/2030/terugblik/")
    counts = {}
    for section in tree.xpath("//section[@class='lookback-day']"):
        line = text(section.xpath("./p[@class='day-totals']")[0])
        counts[section.get("aria-labelledby").removeprefix("tb-")] = int(line.split()[0])
    return counts


def per_day_chart(out: Path) -> list[int]:
    tree = page(out, "/2030/terugblik/")
    figure = next(f for f in tree.xpath("//main//figure[svg]")
                  if text(f.xpath("./figcaption")[0]) == "Activiteiten per dag")
    return [int(text(tr.xpath("./td")[0])) for tr in figure.xpath(".//table/tbody/tr")]


def year_counts(out: Path) -> dict[str, int]:
    tree = page(out, "/2030/")
    counts = {}
    for li in tree.xpath("//ul[@class='day-list']/li"):
        slug = li.xpath("./a/@href")[0].strip("/").split("/")[-1]
        shown = text(li).rsplit("(", 1)
        counts[slug] = int(shown[1].split()[0]) if len(shown) == 2 else 0
    return counts


def test_every_page_counts_a_day_alike(week: Path) -> None:
    """The overview's day, the day filter's items, the day page, the year page and the
    look-back's chart list the same activities on each day."""
    parts = overview(week)
    for slug in DAYS:
        day_page = titles(page(week, f"/2030/{slug}/").get_element_by_id("inhoud"))
        in_overview = titles(parts[slug])
        assert sorted(in_overview) == sorted(day_page), slug
        assert len(day_page) == LISTED[slug], slug
        items = parts[slug].xpath(".//li[@data-day]")
        assert {li.get("data-day") for li in items} == {slug}  # what ?dag= compares with
    assert year_counts(week) == LISTED
    held = {s: n - (s == "donderdag") for s, n in LISTED.items()}  # the lecture is cancelled
    assert per_day_chart(week) == [held[s] for s in DAYS]
    told = lookback_days(week)
    assert {s: told[s] for s in DAYS[:5]} == {s: held[s] for s in DAYS[:5]}
    assert told["zaterdag"] == 1  # a quiet weekend is one part, the market in it once


def test_the_totals_count_each_activity_once_and_say_so(week: Path) -> None:
    tree = page(week, "/2030/terugblik/")
    tiles = {text(d.xpath("./dt")[0]): text(d.xpath("./dd")[0])
             for d in tree.xpath("//dl[@class='totals']/div")}
    assert tiles["Activiteiten"] == "5"
    notes = [text(p) for p in tree.xpath("//p[contains(@class, 'multi-day')]")]
    assert notes and all("tellen op elke dag mee" in n for n in notes)
    assert "tellen op elke dag mee" in main_text(page(week, "/2030/dinsdag/"))
    assert "staan onder elke dag" in main_text(page(week, "/2030/activiteiten/"))


def test_a_later_day_marks_the_activity_as_continuing(week: Path) -> None:
    parts = overview(week)
    first = parts["maandag"].xpath(".//li[.//a[.='Expositie Veilig Thuis']]")[0]
    later = parts["woensdag"].xpath(".//li[.//a[.='Expositie Veilig Thuis']]")[0]
    assert "loopt door" not in text(first) and "t/m vrijdag 22 november" in text(first)
    assert "loopt door sinds maandag" in text(later)
    assert first.get("data-activity") == later.get("data-activity") == "expositie-veilig-thuis"


def test_lists_outside_one_day_show_the_date(week: Path) -> None:
    group = page(week, "/2030/organisator/stichting-voorbeeld/")
    when = {text(li.xpath(".//a")[0]): text(li.xpath(".//dd")[0])
            for li in group.xpath("//main//ul[@class='activities']/li")}
    assert when["Nazit"] == "donderdag 28 november, hele dag"
    assert when["Fietstocht langs de scholen"] == "woensdag 20 november, 10:00"
    follow = page(week, "/2030/na-de-week/")
    assert "donderdag 28 november" in main_text(follow)
    lead = overview(week)["aanloop"]
    assert "donderdag 14 november" in text(lead)
    day = page(week, "/2030/woensdag/").get_element_by_id("inhoud")
    assert "20 november," not in text(day.xpath(".//ul[@class='activities']")[0])


def test_figures_nobody_gave_are_not_shown(week: Path) -> None:
    for address in ("/2030/terugblik/", "/2030/", "/"):
        tree = page(week, address)
        tiles = {text(d.xpath("./dt")[0]): text(d.xpath("./dd")[0])
                 for d in tree.xpath("//dl[@class='totals']/div")}
        assert tiles == {"Activiteiten": "5", "Regio's": "2", "Organisatoren": "1"}, address


def test_a_national_week_says_so(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2030/activities.yaml":
                            "- title: Landelijke oproep\n  date: 2030-11-18\n"
                            "  region: landelijk\n  participants: 0\n"})
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 0, err
    tree = page(project / "public", "/2030/terugblik/")
    tiles = {text(d.xpath("./dt")[0]): text(d.xpath("./dd")[0])
             for d in tree.xpath("//dl[@class='totals']/div")}
    assert tiles == {"Activiteiten": "1", "Deelnemers": "0", "Regio's": "landelijk"}


@pytest.mark.parametrize(("today", "language", "said"), [
    ("2030-11-01", "nl", "Nog geen activiteiten op deze dag."),
    ("2030-11-19", "nl", "Geen activiteiten op deze dag."),
    ("2030-12-01", "nl", "Geen activiteiten op deze dag."),
    ("2030-11-01", "en", "No activities on this day yet."),
    ("2030-12-01", "en", "No activities on this day."),
])
def test_an_empty_day_says_so_for_its_phase(make_project: MakeProject, build: Build,
                                            today: str, language: str, said: str) -> None:
    project = make_project({
        "content/site.yaml": f"title: Testweek\nbase_url: https://example.org/\n"
                             f"language: {language}\n",
        "content/2030/activities.yaml": "- title: Alleen maandag\n  date: 2030-11-18\n"})
    code, err = build(project, "--today", today, "--no-search")
    assert code == 0, err
    for address in ("/2030/dinsdag/", "/2030/activiteiten/"):
        empty = [text(p) for p in page(project / "public", address).xpath("//p[@class='empty']")]
        assert empty and set(empty) == {said}, address


# --- postponed, with a new date ---------------------------------------------------------------

POSTPONED = """\
- title: Ouderavond
  date: 2030-11-19
  start_time: "19:30"
  end_time: "21:00"
  status: postponed
  new_date: 2030-12-03
"""


def test_a_new_date_is_on_the_page_the_card_and_in_the_calendar(make_project: MakeProject,
                                                                 build: Build) -> None:
    project = make_project({"content/2030/activities.yaml": POSTPONED})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    out = project / "public"
    own = page(out, "/2030/activiteiten/ouderavond/")
    assert text(own.xpath("//p[contains(@class, 'status')]")[0]) == \
        "Uitgesteld naar dinsdag 3 december 2030"
    assert own.xpath("//div[@class='new-date']//time/@datetime") == ["2030-12-03"]
    card = page(out, "/2030/dinsdag/").xpath("//article[contains(@class, 'activity')]")[0]
    assert "Uitgesteld naar dinsdag 3 december 2030" in text(card)
    for ics in ("2030/activiteiten/ouderavond/agenda.ics", "2030/agenda.ics"):
        cal = icalendar.Calendar.from_ical((out / ics).read_bytes())
        (event,) = cal.walk("VEVENT")
        assert event.decoded("dtstart").date() == date(2030, 12, 3), ics
        assert event.decoded("dtend").date() == date(2030, 12, 3)
        assert str(event["status"]) == "CONFIRMED"
        assert str(event["summary"]) == "Verplaatst: Ouderavond"


@pytest.mark.parametrize(("extra", "message"), [
    ("  status: cancelled\n  new_date: 2030-12-03\n",
     "'new_date' is ingevuld maar de activiteit is niet uitgesteld"),
    ("  status: postponed\n  new_date: 2030-11-19\n",
     "'new_date' 2030-11-19 is de eigen datum van de activiteit"),
])
def test_a_new_date_must_fit(make_project: MakeProject, build: Build, extra: str,
                             message: str) -> None:
    project = make_project({"content/2030/activities.yaml":
                            "- title: Ouderavond\n  date: 2030-11-19\n" + extra})
    code, err = build(project, "--today", "2030-11-01")
    assert code == 1
    assert f"content/2030/activities.yaml:4:13: {message}" in err


def test_the_calendar_has_one_event_for_an_activity_of_several_days(week: Path) -> None:
    cal = icalendar.Calendar.from_ical((week / "2030/agenda.ics").read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert len(cal.walk("VEVENT")) == len(events) == 6
    expo = events["Expositie Veilig Thuis"]
    assert (expo.decoded("dtstart"), expo.decoded("dtend")) == (date(2030, 11, 18),
                                                                date(2030, 11, 23))
