"""The moments at which the built site changes by itself, and the cron lines that rebuild it then.

Pure: dates in, moments out; the build date is a parameter and nothing here reads the clock or a
file. A static site only changes when it is built, so a site whose pages depend on the date (the
Week begins, today's day moves on, the look-back appears, a page is published) must be rebuilt
just after each of these moments. They all happen at midnight in the site's time zone; cron runs
in UTC, so each one is converted with the UTC offset of *that* midnight (summer time included).

On a day of the lead-up or follow-up, the side column lists what is on that day, so the days an
activity there begins, runs on ("Nu bezig") and has ended are flips too.

One change is not listed as a flip: before a Week, its home counts down the days ("Nog 12 dagen"),
which changes every day. That would be hundreds of flips; `countdowns` names it once instead, and
a daily build (the workflow's nightly schedule) keeps it right.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from weekgen.model import week as calendar
from weekgen.model.config import WeekConfig
from weekgen.model.content import Activity, Page
from weekgen.model.site import INTRO_PAGE, LOOKBACK, LOOKBACK_PAGE, day_slugs


@dataclass(frozen=True)
class Flip:
    """From `day` on (at 00:00 local time), the site shows something else."""

    day: date
    local: datetime  # 00:00 on `day` in the site's time zone
    utc: datetime
    year: int  # the Week it belongs to
    what: str

    @property
    def offset(self) -> str:
        """The local time's name or UTC offset, e.g. 'CET'."""
        return self.local.tzname() or self.local.strftime("%z")


@dataclass(frozen=True)
class Countdown:
    """Every day before `until`, the year's home shows another number of days to go."""

    year: int
    until: date


def midnight(day: date, zone: str) -> datetime:
    """00:00 of `day` in `zone`, as an aware datetime (its offset is that day's, DST included)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def flips(weeks: Sequence[WeekConfig], pages: Iterable[Page], zone: str, today: date, *,
          year: int | None = None, include_past: bool = False,
          activities: Iterable[Activity] = ()) -> list[Flip]:
    """Every moment after `today` (or all of them) at which the site changes, in time order.

    `year` keeps the flips of one year's Week and pages. `activities`: those of the lead-up and
    follow-up change the side column's today on the days they begin and end."""
    found: list[tuple[date, int, str]] = []
    by_year = {w.year: w for w in weeks}
    found.extend(_outside_flips(by_year, activities))
    for earlier, later in itertools.pairwise(sorted(by_year)):
        # An edition across New Year keeps the front page until its last day is over.
        switch = max(date(later, 1, 1), calendar.lookback_date(by_year[earlier].end))
        found.append((switch, later,
                      f"the front page leads with the {later} Week instead of {earlier}'s"))
    for w in weeks:
        found.extend(_week_flips(w))
    for page in pages:
        if page.publish is not None and not page.draft and page.year is not None:
            found.append((page.publish, page.year,
                          f"{page.year}: the page {page.source.path or page.name} is published "
                          f"at /{_page_address(page)}"))
    chosen = sorted({f for f in found if (include_past or f[0] > today)
                     and (year is None or f[1] == year)})
    return [_flip(day, y, what, zone) for day, y, what in chosen]


def _week_flips(w: WeekConfig) -> list[tuple[date, int, str]]:
    y = w.year
    days = calendar.days_between(w.start, w.end)
    slugs = day_slugs(days)
    out = [(days[0], y, f"{y}: the Week begins; the year's home shows today's day, "
                        f"/{y}/{slugs[0]}/")]
    out.extend((d, y, f"{y}: today moves to /{y}/{slug}/")
               for d, slug in zip(days[1:], slugs[1:], strict=True))
    out.append((calendar.lookback_date(w.end), y,
                f"{y}: the Week is over; the look-back appears at /{y}/{LOOKBACK}/"))
    return out


def _outside_flips(weeks: dict[int, WeekConfig], activities: Iterable[Activity]
                   ) -> list[tuple[date, int, str]]:
    """On a day of the lead-up or follow-up, the side column of the front page and the year's
    pages lists what is on that day (Week.running_today): it changes the day an activity
    begins, the next day (when it runs on, "Nu bezig") and the day after its last. The Week's
    own days and the look-back's flip anyway."""
    days: set[tuple[date, int]] = set()
    for a in activities:
        w = weeks.get(a.year)
        if w is None or a.cancelled:
            continue
        flipping = set(calendar.days_between(w.start, calendar.lookback_date(w.end)))
        changes = {a.date, a.last_date + timedelta(days=1)}
        if a.last_date > a.date:  # from its hours on the first day to "Nu bezig"
            changes.add(a.date + timedelta(days=1))
        days.update((d, a.year) for d in changes if d not in flipping)
    return [(d, y, f"{y}: the side column's today lists other activities of the "
                   f"{'lead-up' if d < weeks[y].start else 'follow-up'}") for d, y in days]


def _page_address(page: Page) -> str:
    if page.name == INTRO_PAGE:
        return f"{page.year}/"
    if page.name == LOOKBACK_PAGE:
        return f"{page.year}/{LOOKBACK}/"
    return f"{page.year}/{page.slug}/"


def _flip(day: date, year: int, what: str, zone: str) -> Flip:
    local = midnight(day, zone)
    return Flip(day, local, local.astimezone(UTC), year, what)


def countdowns(weeks: Sequence[WeekConfig], today: date,
               year: int | None = None) -> list[Countdown]:
    """The Weeks still to come, whose announcement changes every day until they begin."""
    return [Countdown(w.year, w.start) for w in sorted(weeks, key=lambda w: w.year)
            if w.start > today and (year is None or w.year == year)]


def cron_lines(moments: Iterable[Flip], minutes_after: int = 5) -> list[str]:
    """Cron schedules (UTC) that run `minutes_after` local midnight on the day of each flip.

    Days that share an hour and a month become one line ('5 23 15-21 11 *'). Cron has no year:
    a line runs every year on its days, which only rebuilds an unchanged site."""
    days: dict[tuple[int, int, int], set[int]] = defaultdict(set)
    for f in moments:
        at = (f.local + timedelta(minutes=minutes_after)).astimezone(UTC)
        days[(at.month, at.hour, at.minute)].add(at.day)
    lines = sorted((month, min(ds), hour, minute, ds)
                   for (month, hour, minute), ds in days.items())
    return [f"{minute} {hour} {_ranges(ds)} {month} *" for month, _, hour, minute, ds in lines]


def _ranges(numbers: set[int]) -> str:
    """{14, 15, 16, 20} -> '14-16,20'."""
    parts: list[str] = []
    ordered = sorted(numbers)
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(parts)
