"""The campaign calendar: default Week dates, the phase of a build date, the days, lead-up and
follow-up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from weekgen.errors import Problems
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity
from weekgen.model.site import Site, assemble
from weekgen.model.week import Phase, default_dates, phase


@pytest.mark.parametrize(("year", "start", "end"), [
    (2018, date(2018, 11, 19), date(2018, 11, 25)),
    (2021, date(2021, 11, 15), date(2021, 11, 21)),
    (2026, date(2026, 11, 16), date(2026, 11, 22)),
])
def test_default_week_dates(year: int, start: date, end: date) -> None:
    assert default_dates(year) == (start, end)


@pytest.mark.parametrize("year", range(1990, 2101))
def test_default_week_is_monday_to_sunday_around_20_november(year: int) -> None:
    start, end = default_dates(year)
    assert start.weekday() == 0
    assert end.weekday() == 6
    assert end - start == timedelta(days=6)
    assert start <= date(year, 11, 20) <= end


def test_20_november_on_a_monday_or_sunday_is_the_first_or_last_day() -> None:
    assert default_dates(2023) == (date(2023, 11, 20), date(2023, 11, 26))  # a Monday
    assert default_dates(2022) == (date(2022, 11, 14), date(2022, 11, 20))  # a Sunday


@pytest.mark.parametrize(("today", "expected"), [
    (date(2018, 1, 1), Phase.BEFORE),
    (date(2018, 11, 18), Phase.BEFORE),
    (date(2018, 11, 19), Phase.DURING),
    (date(2018, 11, 22), Phase.DURING),
    (date(2018, 11, 25), Phase.DURING),
    (date(2018, 11, 26), Phase.AFTER),
    (date(2019, 6, 1), Phase.AFTER),
])
def test_phase_boundaries(today: date, expected: Phase) -> None:
    assert phase(date(2018, 11, 19), date(2018, 11, 25), today) is expected


def _activity(title: str, when: date, until: date | None = None) -> Activity:
    return Activity(year=when.year, title=title, date=when, end_date=until)


def _site(activities: list[Activity], today: date) -> Site:
    start, end = default_dates(2021)
    problems = Problems()
    site = assemble(SiteConfig("T"), [WeekConfig(2021, start, end)], {2021: activities},
                    {2021: []}, today, problems)
    assert not problems.errors
    return site


def test_days_hold_their_activities_with_lead_up_and_follow_up_apart() -> None:
    site = _site([
        _activity("Aanloop", date(2021, 11, 1)),
        _activity("Maandag", date(2021, 11, 15)),
        _activity("Hele week", date(2021, 11, 15), date(2021, 11, 21)),
        _activity("Woensdag", date(2021, 11, 17)),
        _activity("Erna", date(2021, 11, 26)),
    ], date(2021, 11, 17))
    week = site.weeks[0]
    assert [d.slug for d in week.days] == ["maandag", "dinsdag", "woensdag", "donderdag",
                                          "vrijdag", "zaterdag", "zondag"]
    assert [d.date for d in week.days] == [date(2021, 11, 15) + timedelta(days=i)
                                           for i in range(7)]
    titles = {d.slug: [a.title for a in d.activities] for d in week.days}
    assert titles["maandag"] == ["Hele week", "Maandag"]
    assert titles["dinsdag"] == ["Hele week"]
    assert titles["woensdag"] == ["Woensdag", "Hele week"]  # starting today first
    assert titles["zondag"] == ["Hele week"]
    assert [a.title for a in week.leadup] == ["Aanloop"]
    assert [a.title for a in week.followup] == ["Erna"]
    assert week.phase is Phase.DURING
    assert week.today_day is not None and week.today_day.slug == "woensdag"


@pytest.mark.parametrize(("today", "lookback"), [
    (date(2021, 11, 14), False),
    (date(2021, 11, 21), False),
    (date(2021, 11, 22), True),
])
def test_lookback_exists_only_after_the_week(today: date, lookback: bool) -> None:
    assert _site([], today).weeks[0].has_lookback is lookback


@pytest.mark.parametrize(("today", "featured"), [
    (date(2017, 5, 1), 2018),  # before any Week: the first one
    (date(2018, 11, 10), 2018),
    (date(2020, 1, 1), 2018),  # the most recent Week so far
    (date(2021, 1, 2), 2021),  # the Week of this year, all year round
    (date(2030, 1, 1), 2021),
])
def test_front_page_features_the_latest_week_up_to_this_year(today: date,
                                                             featured: int) -> None:
    weeks = [WeekConfig(y, *default_dates(y)) for y in (2018, 2021)]
    site = assemble(SiteConfig("T"), weeks, {}, {}, today, Problems())
    assert site.featured is not None and site.featured.year == featured
