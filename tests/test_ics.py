"""Calendars: every .ics parses with the icalendar library, keeps its UIDs from build to build,
carries the site's time zone (VTIMEZONE, TZID), makes whole days DATE values with an exclusive
end, and keeps a cancelled activity with STATUS:CANCELLED and a higher SEQUENCE."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from site_helpers import page, run_main, write_project

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

BASE = "https://example.org/campagne/"
SITE = f"title: Voorbeeldweek\nbase_url: {BASE}\ntimezone: Europe/Amsterdam\n"
ACTIVITIES = """\
- title: Open avond in het buurthuis
  date: 2030-11-19
  start_time: "19:30"
  end_time: "21:00"
  location: Buurthuis De Linde, Dorpsstraat 1
  region: Brugdorp
  organiser: Stichting Voorbeeld
  url: https://example.org/aanmelden
  slug: open-avond
  description: |
    Praten over **veilig thuis**, met koffie.
- title: Tentoonstelling
  date: 2030-11-18
  end_date: 2030-11-20
  region: Lindewaard
- title: Lezing over signalen
  date: 2030-11-20
  start_time: "14:00"
  status: cancelled
- title: Webinar
  date: 2030-11-21
  start_time: "10:00"
  online: true
  url: https://example.org/webinar
  status: postponed
"""
TODAY = ("--today", "2030-11-01")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("ics"), {
        "content/site.yaml": SITE, "content/2030/activities.yaml": ACTIVITIES})
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", *TODAY])
    assert code == 0
    return root / "public"


def calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The events of a calendar by their title."""
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_every_activity_and_year_has_a_calendar_that_parses(built: Path) -> None:
    files = sorted(built.rglob("*.ics"))
    assert {f.relative_to(built).as_posix() for f in files} == {
        "2030/activiteiten/open-avond/agenda.ics",
        "2030/activiteiten/lezing-over-signalen/agenda.ics",
        "2030/activiteiten/tentoonstelling/agenda.ics",
        "2030/activiteiten/webinar/agenda.ics",
        "2030/agenda.ics",
    }
    for f in files:
        cal = calendar(f)
        assert cal["VERSION"] == "2.0" and str(cal["PRODID"]).startswith("-//weekgen//")
        assert len(list(cal.walk("VEVENT"))) >= 1
    assert len(list(calendar(built / "2030/agenda.ics").walk("VEVENT"))) == 4


def test_times_carry_the_sites_zone_with_its_vtimezone(built: Path) -> None:
    raw = (built / "2030/activiteiten/open-avond/agenda.ics").read_text()
    cal = calendar(built / "2030/activiteiten/open-avond/agenda.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert event.decoded("DTSTART") == datetime(2030, 11, 19, 19, 30, tzinfo=amsterdam)
    assert event.decoded("DTEND") == datetime(2030, 11, 19, 21, 0, tzinfo=amsterdam)
    assert "DTSTART;TZID=Europe/Amsterdam:20301119T193000" in raw.splitlines()
    # the zone's rules say 19:30 in Amsterdam in November is 18:30 UTC
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 3600


def test_a_day_without_a_time_is_a_whole_day_with_an_exclusive_end(built: Path) -> None:
    event = calendar(built / "2030/activiteiten/tentoonstelling/agenda.ics").walk("VEVENT")[0]
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTSTART") == date(2030, 11, 18)
    assert event.decoded("DTEND") == date(2030, 11, 21)  # the day after the last day
    assert not isinstance(event.decoded("DTSTART"), datetime)
    assert event["TRANSP"] == "TRANSPARENT"


def test_url_location_and_description(built: Path) -> None:
    event = calendar(built / "2030/activiteiten/open-avond/agenda.ics").walk("VEVENT")[0]
    assert str(event["URL"]) == BASE + "2030/activiteiten/open-avond/"
    assert str(event["LOCATION"]) == "Buurthuis De Linde, Dorpsstraat 1, Brugdorp"
    description = str(event["DESCRIPTION"])
    assert "Praten over veilig thuis, met koffie." in description  # text, not Markdown or HTML
    assert "https://example.org/aanmelden" in description
    assert "Stichting Voorbeeld" in description
    online = calendar(built / "2030/activiteiten/webinar/agenda.ics").walk("VEVENT")[0]
    assert str(online["LOCATION"]) == "Online: https://example.org/webinar"


def test_a_cancelled_activity_stays_with_its_status_and_a_higher_sequence(built: Path) -> None:
    year = events(calendar(built / "2030/agenda.ics"))
    cancelled = year["Gaat niet door: Lezing over signalen"]
    assert cancelled["STATUS"] == "CANCELLED"
    scheduled = year["Open avond in het buurthuis"]
    assert scheduled["STATUS"] == "CONFIRMED"
    assert cancelled["SEQUENCE"] > scheduled["SEQUENCE"] == 0
    postponed = year["Uitgesteld: Webinar"]
    assert postponed["STATUS"] == "TENTATIVE"
    assert scheduled["SEQUENCE"] < postponed["SEQUENCE"] < cancelled["SEQUENCE"]


def test_uids_are_unique_and_stable_across_builds_and_edits(make_project: MakeProject,
                                                            build: Build, built: Path) -> None:
    def uids(out: Path) -> dict[str, str]:
        return {str(e["SUMMARY"]): str(e["UID"])
                for e in calendar(out / "2030/agenda.ics").walk("VEVENT")}

    first = uids(built)
    assert len(set(first.values())) == 4
    assert first["Open avond in het buurthuis"] == "2030-open-avond@example.org"
    edited = ACTIVITIES.replace("Praten over", "Samen praten over").replace(
        "status: cancelled", "status: scheduled")
    project = make_project({"content/site.yaml": SITE, "content/2030/activities.yaml": edited})
    code, err = build(project, "--no-search", "--today", "2030-11-15")
    assert code == 0, err
    again = uids(project / "public")
    assert again["Lezing over signalen"] == first["Gaat niet door: Lezing over signalen"]
    assert again["Open avond in het buurthuis"] == first["Open avond in het buurthuis"]


def test_calendars_do_not_depend_on_the_build_date(make_project: MakeProject,
                                                   build: Build, built: Path) -> None:
    project = make_project({"content/site.yaml": SITE, "content/2030/activities.yaml": ACTIVITIES})
    code, err = build(project, "--no-search", "--today", "2031-02-03")
    assert code == 0, err
    for f in sorted(built.rglob("*.ics")):
        assert (project / "public" / f.relative_to(built)).read_bytes() == f.read_bytes(), f
    stamp = calendar(built / "2030/agenda.ics").walk("VEVENT")[0].decoded("DTSTAMP")
    assert stamp.tzinfo is not None and stamp.year == 2030


def test_pages_link_to_their_calendars(built: Path) -> None:
    tree = page(built, "/2030/activiteiten/open-avond/")
    [link] = tree.xpath("//a[@type='text/calendar']")
    assert link.text == "Zet in je agenda"
    assert link.get("href") == "/campagne/2030/activiteiten/open-avond/agenda.ics"
    for address in ("/2030/", "/2030/activiteiten/"):
        tree = page(built, address)
        [subscribe] = tree.xpath("//a[starts-with(@href, 'webcal:')]")
        assert subscribe.get("href") == "webcal://example.org/campagne/2030/agenda.ics"
        assert tree.xpath("//a[@href='/campagne/2030/agenda.ics']")


def test_the_sites_timezone_is_used(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/site.yaml": SITE.replace("Europe/Amsterdam", "America/New_York"),
        "content/2030/activities.yaml": ACTIVITIES})
    code, err = build(project, "--no-search", *TODAY)
    assert code == 0, err
    cal = calendar(project / "public/2030/activiteiten/open-avond/agenda.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    start = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert start.time() == time(19, 30) and start.utcoffset().total_seconds() == -5 * 3600


def test_events_are_serialised_exactly_as_icalendar_serialises_them() -> None:
    """weekgen folds content lines itself (icalendar folds a character at a time): the bytes
    are the library's own, for lines of every length around the fold, with characters of one
    to four bytes and escapes (backslash, caret) at every position."""
    from icalendar.parser import Contentline

    from weekgen.formats.ics import fold, to_ical

    rng = random.Random(11)
    alphabet = ["a", " ", ",", "\\", "^", "é", "…", "€", "😀", ";", ":"]
    for _ in range(3000):
        size = rng.choice([rng.randrange(0, 80), rng.randrange(60, 400)])
        line = "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(size))
        assert fold(line) == Contentline(line).to_ical(), line
    event = icalendar.Event()
    event.add("summary", "Uitgesteld: " + "lange titel; met, tekens " * 8)
    event.add("description", "Eerste alinea…\n\nOrganisator: Stichting Ë\n\n" + "x\\y^z " * 40)
    event.add("dtstart", datetime(2030, 11, 19, 19, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))
    event.add("location", "Buurthuis")
    assert to_ical(event) == event.to_ical()
