"""The side column's today: during the Week the day's activities, and on a day of the lead-up or
follow-up what is on that day too, "Nu bezig" for what began on an earlier day; and the flips
that rebuild the site on the days that list changes. A fictional site throughout."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import pytest

from site_helpers import page, text
from weekgen.errors import Problems
from weekgen.model.config import WeekConfig
from weekgen.model.content import Activity
from weekgen.model.flips import flips
from weekgen.read.load import load

Build = Callable[..., tuple[int, str]]
MakeProject = Callable[..., Path]

# The 2026 Week is 16-22 November (the week of 20 November).
ACTIVITIES = """\
- title: Tentoonstelling
  date: 2026-11-10
  end_date: 2026-11-14
- title: Avondlezing
  date: 2026-11-12
  start_time: "19:30"
- title: Afgelaste markt
  date: 2026-11-11
  end_date: 2026-11-13
  status: cancelled
- title: Voorleesmiddag
  date: 2026-11-13
- title: Openingsdag
  date: 2026-11-16
- title: Nabespreking
  date: 2026-11-24
  end_date: 2026-11-26
"""


@pytest.fixture
def site(make_project: MakeProject) -> Path:
    return make_project({
        "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
        "content/2026/activities.yaml": ACTIVITIES,
    })


def today_block(tree: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """The side column's today: each activity's title and when (or 'Nu bezig')."""
    block = tree.xpath("//aside//section[@aria-labelledby='side-vandaag']")
    if not block:
        return []
    return [(text(li.xpath("a")[0]), text(li.xpath("span[@class='side-when']")[0]))
            for li in block[0].xpath(".//ul[@class='side-list']/li")]


@pytest.mark.parametrize("address", ["/", "/2026/", "/2026/maandag/"])
def test_a_lead_up_day_lists_what_is_on_now(site: Path, build: Build, address: str) -> None:
    code, err = build(site, "--today", "2026-11-12")
    assert code == 0, err
    tree = page(site / "public", address)
    assert today_block(tree) == [("Avondlezing", "19:30"), ("Tentoonstelling", "Nu bezig")]
    heading = tree.xpath("//h2[@id='side-vandaag']")[0]
    assert text(heading) == "Vandaag donderdag 12 november 2026"
    more = tree.xpath("//section[@aria-labelledby='side-vandaag']//p/a/@href")
    assert more == ["/2026/aanloop/"]


def test_a_follow_up_day_lists_what_is_on_now(site: Path, build: Build) -> None:
    assert build(site, "--today", "2026-11-25")[0] == 0
    tree = page(site / "public", "/2026/")
    assert today_block(tree) == [("Nabespreking", "Nu bezig")]
    more = tree.xpath("//section[@aria-labelledby='side-vandaag']//p/a/@href")
    assert more == ["/2026/na-de-week/"]


def test_a_lead_up_day_with_nothing_on_has_no_today(site: Path, build: Build) -> None:
    assert build(site, "--today", "2026-11-15")[0] == 0  # the exhibition ended the day before
    assert today_block(page(site / "public", "/2026/")) == []


def test_during_the_week_the_day_is_today(site: Path, build: Build) -> None:
    """As before: the day's own list, on the pages that do not show it already."""
    assert build(site, "--today", "2026-11-16")[0] == 0
    assert today_block(page(site / "public", "/2026/dinsdag/")) == [("Openingsdag", "hele dag")]
    assert today_block(page(site / "public", "/2026/")) == []  # it leads with today itself


def test_what_does_not_take_place_is_not_on_now(make_project: MakeProject, build: Build) -> None:
    """An activity of several days that was cancelled or postponed says so on its later days,
    where one that takes place is "Nu bezig"."""
    site = make_project({
        "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
        "content/2026/activities.yaml": "".join(
            f"- title: {title}\n  date: 2026-11-16\n  end_date: 2026-11-18\n{extra}"
            for title, extra in (("Doorlopende expositie", ""),
                                 ("Afgelaste werkweek", "  status: cancelled\n"),
                                 ("Uitgestelde cursus", "  status: postponed\n"),
                                 ("Verplaatste cursus", "  status: postponed\n"
                                                        "  new_date: 2026-12-07\n")))})
    assert build(site, "--today", "2026-11-17")[0] == 0
    assert dict(today_block(page(site / "public", "/2026/maandag/"))) == {
        "Doorlopende expositie": "Nu bezig", "Afgelaste werkweek": "Gaat niet door",
        "Uitgestelde cursus": "Uitgesteld",
        "Verplaatste cursus": "Uitgesteld naar maandag 7 december 2026"}


def test_the_lead_up_s_days_are_flips() -> None:
    """A scheduled build shows the list as it is: the site is rebuilt the day an activity of
    the lead-up or follow-up begins, the next day (it runs on) and the day after it ends; not
    for a cancelled one, nor on the Week's days, which flip anyway."""
    w = WeekConfig(2026, date(2026, 11, 16), date(2026, 11, 22))
    acts = [Activity(2026, "Tentoonstelling", date(2026, 11, 10), date(2026, 11, 14)),
            Activity(2026, "Avondlezing", date(2026, 11, 12)),
            Activity(2026, "Afgelast", date(2026, 11, 3), status="cancelled"),
            Activity(2026, "Tot in de Week", date(2026, 11, 14), date(2026, 11, 17)),
            Activity(2026, "Nabespreking", date(2026, 11, 24), date(2026, 11, 26))]
    found = flips([w], [], "Europe/Amsterdam", date(2026, 11, 1), activities=acts)
    outside = [(f.day, f.what) for f in found if "side column" in f.what]
    lead, follow = ("2026: the side column's today lists other activities of the " + part
                    for part in ("lead-up", "follow-up"))
    assert outside == [(date(2026, 11, d), lead) for d in (10, 11, 12, 13, 14, 15)] + \
        [(date(2026, 11, d), follow) for d in (24, 25, 27)]
    assert found[0].local.hour == 0
    week_days = {f.day for f in found if "side column" not in f.what}
    assert week_days == {date(2026, 11, 16) + timedelta(days=i) for i in range(8)}


def test_the_side_column_changes_only_at_a_flip(site: Path, build: Build) -> None:
    """Built on every day from before the lead-up to after the follow-up: where the side
    column's today differs from the day before's, that day is a flip, so a build scheduled by
    `weekgen flips` shows it."""
    inputs = load(site, Problems())
    assert inputs.config is not None
    found = {f.day for f in flips(inputs.weeks, [], inputs.config.timezone, date(2026, 1, 1),
                                  activities=inputs.activities[2026])}
    before: list[tuple[str, str]] = []
    changed = []
    for n in range(20):
        day = date(2026, 11, 9) + timedelta(days=n)
        assert build(site, "--today", day.isoformat())[0] == 0
        shown = today_block(page(site / "public", "/2026/"))
        if shown != before:
            changed.append(day)
        before = shown
    assert changed  # the lead-up and follow-up show on it
    assert set(changed) <= found, sorted(set(changed) - found)
