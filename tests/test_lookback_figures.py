"""The look-back's figures and story as pure functions of the model: what is
counted, how the days add up, how terugblik.md is taken apart, which years are compared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from weekgen.errors import Problems
from weekgen.model import lookback as lb
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity, Media, Page
from weekgen.model.site import Site, Week, assemble

MONDAY = date(2031, 11, 17)  # a fictional Week: Monday 17 to Sunday 23 November 2031
SUNDAY = MONDAY + timedelta(days=6)


def act(title: str, day: int = 0, **fields: Any) -> Activity:
    """An activity `day` days after the fictional Monday (negative: the lead-up)."""
    when = MONDAY + timedelta(days=day)
    return Activity(year=when.year, title=title, date=when, **fields)


def site_of(activities: Sequence[Activity], *, year: int = 2031, threshold: int = 5,
            story: str | None = None, today: date | None = None,
            others: dict[int, Sequence[Activity]] | None = None) -> Site:
    """A fictional site of one Week (and any `others` years), on the day after that Week."""
    weeks = {year: WeekConfig(year, MONDAY, SUNDAY, theme="fictief thema",
                              weekend_threshold=threshold)}
    records = {year: list(activities)}
    for other, items in (others or {}).items():
        start = date(other, 11, 17) - timedelta(days=date(other, 11, 17).weekday())
        weeks[other] = WeekConfig(other, start, start + timedelta(days=6))
        records[other] = list(items)
    pages: dict[int, list[Page]] = {y: [] for y in weeks}
    if story is not None:
        pages[year].append(Page(year=year, name="terugblik", title="Terugblik fictief",
                                body=story, slug="terugblik", summary="Kort"))
    problems = Problems()
    site = assemble(SiteConfig("Testweek"), list(weeks.values()), records, pages,
                    today or SUNDAY + timedelta(days=1), problems)
    assert not problems.errors
    return site


def week_of(site: Site, year: int = 2031) -> Week:
    return next(w for w in site.weeks if w.year == year)


# --- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "value", "more"), [
    (0, 0, False), (7, 7, False), (99, 99, False), (100, 100, False), (850, 850, False),
    (863, 860, True), (1100, 1100, False), (1137, 1100, True), (1950, 1900, True),
    (12345, 12000, True), (100000, 100000, False),
])
def test_approx_rounds_down_to_two_digits_and_says_ruim(n: int, value: int, more: bool) -> None:
    assert lb.approx(n) == lb.Approx(value, more)


# --- tallies -----------------------------------------------------------------------------------

def test_regions_are_counted_busiest_first_without_national_or_cancelled() -> None:
    activities = [
        act("a", region="Utrecht", participants=40),
        act("b", region="utrecht", participants=2),  # the same region, written differently
        act("c", region="Zeist", participants=900),
        act("d", region="Amersfoort", participants=1000),
        act("e", region="Amersfoort", status="cancelled", participants=5000),
        act("f", region="Baarn"),
        act("g", region="landelijk", participants=10000),
        act("h"),  # no region at all
    ]
    regions = lb.by_region(activities)
    assert [(t.key, t.activities, t.participants) for t in regions] == [
        ("Utrecht", 2, 42), ("Amersfoort", 1, 1000), ("Zeist", 1, 900), ("Baarn", 1, 0)]


def test_kinds_are_counted_and_no_kind_is_other() -> None:
    activities = [act("a", kind="meeting"), act("b", kind="meeting"), act("c"),
                  act("d", kind="other"), act("e", kind="vlog"),
                  act("f", kind="vlog", status="cancelled")]
    assert [(t.key, t.activities) for t in lb.by_kind(activities)] == [
        ("meeting", 2), ("other", 2), ("vlog", 1)]


def test_reach_splits_national_regional_and_unplaced() -> None:
    activities = [act("a", region="landelijk"), act("b", region="Landelijk"),
                  act("c", region="Zeist"), act("d"), act("e", region="???"),
                  act("f", region="Zeist", status="cancelled")]
    assert lb.reach(activities) == lb.Reach(national=2, regional=1, unplaced=2)


def test_days_count_each_activity_on_every_day_it_runs_and_the_total_once() -> None:
    activities = [act("voor", -3), act("ma", 0), act("ma2", 0, end_date=SUNDAY),
                  act("di", 1), act("di-niet", 1, status="cancelled"), act("zo", 6),
                  act("na", 9, participants=12)]
    site = site_of(activities)
    week = week_of(site)
    figures = lb.lookback(site, week)
    per_day = lb.per_day(week)
    assert [n for _, n in per_day] == [2, 2, 1, 1, 1, 1, 2]  # 'ma2' on each of its days
    assert [d for d, _ in per_day] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert figures.leadup is not None and figures.followup is not None
    parts = [figures.leadup, *figures.days, figures.followup]
    # once in the totals; the parts add 'ma2' on each (the quiet weekend once): 6 + 5 more
    assert figures.totals.activities == 6
    assert sum(p.tally.activities for p in parts) == 6 + 5
    assert figures.multi_day
    assert figures.followup.tally == lb.Tally("na-de-week", 1, 12)
    assert [b.value for b in figures.per_day.bars] == [2, 2, 1, 1, 1, 1, 2]


def test_a_quiet_weekend_is_one_part_and_a_busy_one_two() -> None:
    weekend = [act("za", 5), act("zo", 6)]
    quiet = lb.lookback(site := site_of(weekend, threshold=3), week_of(site))
    assert [p.key for p in quiet.days] == ["maandag", "dinsdag", "woensdag", "donderdag",
                                           "vrijdag", "zaterdag"]
    assert [d.slug for d in quiet.days[-1].days] == ["zaterdag", "zondag"]
    assert quiet.days[-1].tally.activities == 2
    busy = lb.lookback(site := site_of(weekend, threshold=2), week_of(site))
    assert [p.key for p in busy.days][-2:] == ["zaterdag", "zondag"]
    assert [p.tally.activities for p in busy.days][-2:] == [1, 1]


def test_a_part_shows_its_highlights_and_the_media_of_the_others() -> None:
    pdf = Media("pdf", "https://example.org/rapport.pdf", "Rapport")
    clip = Media("video", "https://youtu.be/abcdefghijk", "Clip")
    activities = [act("Uitgelicht", highlight=True, report="Zo ging het.", media=(clip,)),
                  act("Gewoon", media=(pdf,)),
                  act("Niet door", highlight=True, status="cancelled", media=(pdf,))]
    site = site_of(activities)
    figures = lb.lookback(site, week_of(site))
    monday = figures.days[0]
    assert [a.title for a in monday.highlights] == ["Uitgelicht"]
    assert [(m.activity.title, m.media) for m in monday.more_media] == [("Gewoon", pdf)]
    assert figures.has_video
    assert "Zo ging het." in figures.markdown


def test_a_year_without_activities_still_has_its_parts() -> None:
    site = site_of([])
    figures = lb.lookback(site, week_of(site))
    assert len(figures.days) == 6  # an empty weekend is quiet
    assert figures.totals.activities == 0 and figures.regions == () and not figures.has_video
    assert [b.value for b in figures.per_day.bars] == [0] * 7
    assert figures.top_regions.bars == () and figures.by_kind.bars == ()
    assert figures.story == lb.Story(None, "", (), "", "") and figures.markdown == ()


def test_the_ten_busiest_regions_are_charted_and_all_are_listed() -> None:
    activities = [act(f"{i}-{j}", region=f"Regio {i:02}") for i in range(12) for j in range(i + 1)]
    site = site_of(activities)
    figures = lb.lookback(site, week_of(site))
    assert len(figures.regions) == 12
    assert [b.key for b in figures.top_regions.bars] == [f"Regio {i:02}" for i in
                                                          range(11, 1, -1)]


# --- the story ---------------------------------------------------------------------------------

STORY = """Het begin van het verhaal.

## Maandag 17 november

Wat er maandag gebeurde.

```
## Dinsdag in een codeblok blijft code
```

## Achtergrond

Meer over het thema.

## Zaterdag 22 en zondag 23 november

Een rustig weekend.

## Monday, once more

Nog iets over maandag.

## Bedankt!

Dank aan iedereen.

## Dank je wel, nog eens

Blijft gewoon tekst.
"""


def test_the_story_is_split_into_opening_days_and_thanks() -> None:
    days = [MONDAY + timedelta(days=i) for i in range(7)]
    opening, parts, heading, thanks = lb.split_story(STORY, days)
    assert opening.startswith("Het begin van het verhaal.")
    assert "## Achtergrond\n\nMeer over het thema." in opening
    assert "## Dank je wel, nog eens" in opening  # only the first thanks closes the page
    assert dict(parts) == {
        MONDAY: "Wat er maandag gebeurde.\n\n```\n## Dinsdag in een codeblok blijft code\n```"
                "\n\nNog iets over maandag.",
        MONDAY + timedelta(days=5): "Een rustig weekend.",
    }
    assert (heading, thanks) == ("Bedankt!", "Dank aan iedereen.")


def test_a_weekday_outside_the_week_stays_in_the_opening() -> None:
    three_days = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    opening, parts, _, _ = lb.split_story("## Vrijdag\n\nNiet in deze Week.\n", three_days)
    assert parts == () and "## Vrijdag" in opening


def test_the_story_lands_in_its_days_sections() -> None:
    site = site_of([act("za", 5)], story=STORY)
    figures = lb.lookback(site, week_of(site))
    assert figures.days[0].story.endswith("Nog iets over maandag.")
    assert figures.days[-1].story == "Een rustig weekend."  # Saturday and Sunday together
    assert figures.story.thanks == "Dank aan iedereen."
    assert set(figures.story.texts) <= set(figures.markdown)


# --- years -------------------------------------------------------------------------------------

def test_only_earlier_years_are_compared_and_the_archive_has_all() -> None:
    old_activity = Activity(year=2029, title="oud", date=date(2029, 11, 20))
    site = site_of([act("nu")], others={2029: [old_activity], 2033: []}, today=date(2034, 1, 1))
    week = week_of(site)
    assert [y.year for y in lb.earlier_years(site, week)] == [2029]
    assert [y.year for y in lb.archive(site)] == [2033, 2031, 2029]
    old = lb.earlier_years(site, week)[0]
    assert (old.totals.activities, old.has_lookback, old.lookback_path) == (
        1, True, "2029/terugblik/")


def test_the_lookback_entry_is_dated_the_day_after_the_week() -> None:
    during = site_of([], today=MONDAY + timedelta(days=3))
    assert lb.lookback_entry(week_of(during)) is None
    after = site_of([], story="Tekst")
    entry = lb.lookback_entry(week_of(after))
    assert entry == lb.LookbackEntry(2031, date(2031, 11, 24), "2031/terugblik/",
                                     "Terugblik fictief", "Kort")
    untold = lb.lookback_entry(week_of(site_of([])))
    assert untold is not None and untold.title == ""


def test_preview_date_is_the_day_after_the_newest_week() -> None:
    weeks = [WeekConfig(2029, date(2029, 11, 19), date(2029, 11, 25)),
             WeekConfig(2031, MONDAY, SUNDAY)]
    assert lb.preview_date(weeks) == date(2031, 11, 24)
    assert lb.preview_date([]) is None


def test_cancelled_activities_do_not_keep_the_weekend_apart() -> None:
    """Five weekend activities of which two were cancelled: three held, under a threshold of 4."""
    from datetime import date

    from weekgen.errors import Problems
    from weekgen.model.config import WeekConfig
    from weekgen.model.content import Activity
    from weekgen.model.site import SiteConfig, assemble

    sunday = date(2030, 11, 24)
    activities = [Activity(year=2030, title=f"Zondag {i}", date=sunday,
                           status="cancelled" if i < 2 else "scheduled") for i in range(5)]
    week = WeekConfig(2030, date(2030, 11, 18), sunday, weekend_threshold=4)
    site = assemble(SiteConfig("Test"), [week], {2030: activities}, {}, date(2030, 12, 1),
                    Problems())
    assert site.weeks[0].weekend_merged
