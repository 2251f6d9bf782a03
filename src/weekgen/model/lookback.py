"""The look-back (terugblik) of a Week that is over: its story, its days and its figures.

Pure: functions of the site model, no files and no clock. Everything the look-back counts is
decided here, so the template only shows it and the tests can check the sums. Cancelled activities
are never counted (as in the year's totals). An activity counts on every day it runs, as the day
pages list it, and once in the totals: the days add up to the total only when no activity lasts
more than a day (the page says so when one does). Its participants, highlight and media are told
once, in the part where it starts.

The editor's `terugblik.md` is split by its `## ` headings: a part headed with a weekday
('## Maandag 19 november') goes into that day's section, a part headed 'Bedankt', 'Dank je wel' or
'Thank you' closes the page, and everything else opens it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from weekgen.model.charts import Chart, bar_chart
from weekgen.model.config import WeekConfig
from weekgen.model.content import Activity, Media, Page
from weekgen.model.site import FOLLOWUP, LEADUP, LOOKBACK, Day, Site, Totals, Week
from weekgen.model.slugs import slugify
from weekgen.model.week import lookback_date

ARCHIVE = "archief"  # /archief/: every year on one page
TOP_REGIONS = 10
OTHER_KIND = "other"
DAY_NAMES = {  # the first word of a story's heading that puts the part into a day's section
    **{name: i for i, name in enumerate(("maandag", "dinsdag", "woensdag", "donderdag",
                                         "vrijdag", "zaterdag", "zondag"))},
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday"))},
}
THANKS_WORDS = ("bedankt", "dank", "thank")
_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Approx:
    """A number as a look-back says it: 1.137 is 'ruim 1.100' (`more` when rounded down)."""

    value: int
    more: bool


def approx(n: int) -> Approx:
    """Below 100 exact; above, the first two digits, rounded down: 850 -> 850, 1137 -> 1100."""
    if n < 100:
        return Approx(n, False)
    step = 10 ** (len(str(n)) - 2)
    value = n // step * step
    return Approx(value, value < n)


@dataclass(frozen=True)
class Tally:
    """The activities of a region, a kind or a day, counted."""

    key: str
    activities: int
    participants: int

    @property
    def rounded_participants(self) -> Approx:
        return approx(self.participants)


@dataclass(frozen=True)
class Reach:
    """How many activities were national, regional, or named no region at all."""

    national: int
    regional: int
    unplaced: int


@dataclass(frozen=True)
class Story:
    """terugblik.md taken apart: the opening, each day's part and the thanks (all Markdown)."""

    page: Page | None
    opening: str
    days: tuple[tuple[date, str], ...]
    thanks_heading: str  # '' when the editor wrote no thanks: the template has a default
    thanks: str

    def for_days(self, days: Iterable[Day]) -> str:
        wanted = {d.date for d in days}
        return "\n\n".join(text for when, text in self.days if when in wanted)

    @property
    def texts(self) -> tuple[str, ...]:
        """Every Markdown text the page shows from the story."""
        return tuple(t for t in (self.opening, *(t for _, t in self.days), self.thanks) if t)


@dataclass(frozen=True)
class MediaItem:
    """A medium with the activity it belongs to."""

    activity: Activity
    media: Media


@dataclass(frozen=True)
class Part:
    """A section of the look-back: a day, a quiet weekend as one, the lead-up or the follow-up."""

    key: str  # for ids: 'maandag', 'aanloop', 'na-de-week'
    days: tuple[Day, ...]  # empty for the lead-up and the follow-up
    path: str  # the page with all of its activities
    highlights: tuple[Activity, ...]
    more_media: tuple[MediaItem, ...]  # the media of its other activities
    tally: Tally
    story: str


@dataclass(frozen=True)
class YearFigures:
    """A year as the archive and the comparisons show it."""

    year: int
    theme: str
    start: date
    end: date
    path: str
    totals: Totals
    has_lookback: bool

    @property
    def lookback_path(self) -> str:
        return f"{self.path}{LOOKBACK}/"


@dataclass(frozen=True)
class Lookback:
    """Everything the look-back page of a Week shows, decided and counted."""

    week: Week
    story: Story
    leadup: Part | None
    days: tuple[Part, ...]
    followup: Part | None
    totals: Totals
    reach: Reach
    regions: tuple[Tally, ...]  # all of them, busiest first
    kinds: tuple[Tally, ...]
    per_day: Chart[date]
    top_regions: Chart[str]
    by_kind: Chart[str]
    earlier: tuple[YearFigures, ...]  # the years before this one, newest first
    multi_day: bool = False  # an activity counts on several days, once in the totals

    @property
    def has_video(self) -> bool:
        return any(item.kind in ("video", "vlog") for item in self._all_media())

    def _all_media(self) -> Iterable[Media]:
        for part in self.parts:
            for a in part.highlights:
                yield from a.media
            for item in part.more_media:
                yield item.media

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(p for p in (self.leadup, *self.days, self.followup) if p is not None)

    @property
    def markdown(self) -> tuple[str, ...]:
        """Every Markdown text the page renders, for the plan to declare."""
        texts = [*self.story.texts, *(a.report for p in self.parts for a in p.highlights)]
        return tuple(dict.fromkeys(t for t in texts if t))


def held(activities: Iterable[Activity]) -> list[Activity]:
    return [a for a in activities if not a.cancelled]


def tally(key: str, activities: Iterable[Activity],
          starting: Iterable[Activity] | None = None) -> Tally:
    """The held `activities` counted; their participants only of those `starting` here (by
    default all), so that a week-long activity's visitors are not counted on every day."""
    counted = held(activities)
    people = counted if starting is None else held(starting)
    return Tally(key, len(counted), sum(a.participants or 0 for a in people))


def by_region(activities: Iterable[Activity]) -> tuple[Tally, ...]:
    """Each region (not 'landelijk'), busiest first; names that differ only in case or accents
    are one region, shown as first written."""
    names: dict[str, str] = {}
    members: dict[str, list[Activity]] = {}
    for a in held(activities):
        slug = slugify(a.region or "")
        if not slug or a.national:
            continue
        names.setdefault(slug, a.region or slug)
        members.setdefault(slug, []).append(a)
    tallies = [tally(names[s], members[s]) for s in members]
    return tuple(sorted(tallies, key=lambda t: (-t.activities, -t.participants, t.key.lower())))


def by_kind(activities: Iterable[Activity]) -> tuple[Tally, ...]:
    """Each kind, most frequent first; activities without a kind count as 'other'."""
    members: dict[str, list[Activity]] = {}
    for a in held(activities):
        members.setdefault(a.kind or OTHER_KIND, []).append(a)
    tallies = [tally(k, v) for k, v in members.items()]
    return tuple(sorted(tallies, key=lambda t: (-t.activities, t.key)))


def reach(activities: Iterable[Activity]) -> Reach:
    counted = held(activities)
    national = sum(1 for a in counted if a.national)
    regional = sum(1 for a in counted if not a.national and slugify(a.region or ""))
    return Reach(national, regional, len(counted) - national - regional)


def per_day(week: Week) -> tuple[tuple[date, int], ...]:
    """Held activities on each day of the Week, every day (a quiet one has 0): an activity of
    several days counts on each, as the day pages list it."""
    return tuple((d.date, len(held(d.activities))) for d in week.days)


def split_story(body: str, days: Sequence[date]) -> tuple[str, tuple[tuple[date, str], ...],
                                                          str, str]:
    """terugblik.md's text as (opening, each day's part, thanks heading, thanks).

    Only level-2 ATX headings (`## ...`) outside fenced code split the text. A day's heading is
    dropped (its section has its own); where a weekday repeats, its day of the month tells which
    day it is ('## Woensdag 28 januari'); a weekday that is not a day of this Week stays in the
    opening."""
    weekday_to_days: dict[int, list[date]] = {}
    for d in days:
        weekday_to_days.setdefault(d.weekday(), []).append(d)
    chunks: list[tuple[str | None, list[str]]] = [(None, [])]
    fence = ""
    for line in body.splitlines():
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
        heading = None if fence else _HEADING.match(line)
        if heading:
            chunks.append((heading.group(1), []))
        chunks[-1][1].append(line)
    opening: list[str] = []
    day_parts: dict[date, list[str]] = {}
    thanks_heading, thanks = "", ""
    for title, lines in chunks:
        word = re.split(r"[^\w]+", (title or "").strip().lower(), maxsplit=1)[0]
        weekday = DAY_NAMES.get(word)
        if title is not None and weekday in weekday_to_days:
            day = _heading_day(title, weekday_to_days[weekday])
            day_parts.setdefault(day, []).append(_text(lines[1:]))
        elif title is not None and word.startswith(THANKS_WORDS) and not thanks_heading:
            thanks_heading, thanks = title, _text(lines[1:])
        else:
            opening.append(_text(lines))
    parts = tuple((d, "\n\n".join(t for t in day_parts[d] if t)) for d in sorted(day_parts))
    return "\n\n".join(t for t in opening if t), parts, thanks_heading, thanks


def _heading_day(title: str, candidates: list[date]) -> date:
    """The day a heading names: in an edition where its weekday repeats, the one whose day of
    the month it gives ('## Woensdag 28 januari'); else the first."""
    number = re.search(r"\b(\d{1,2})\b", title)
    if number is not None:
        for d in candidates:
            if d.day == int(number.group(1)):
                return d
    return candidates[0]


def _text(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")


def story(week: Week) -> Story:
    page = week.story
    if page is None:
        return Story(None, "", (), "", "")
    opening, days, heading, thanks = split_story(page.body, [d.date for d in week.days])
    return Story(page, opening, days, heading, thanks)


def _part(key: str, days: tuple[Day, ...], path: str, activities: Sequence[Activity],
          text: str, starting: Sequence[Activity] | None = None) -> Part:
    """A part counting `activities`, telling the highlights and media of those `starting` in
    it (by default the same)."""
    counted = held(activities)
    told = counted if starting is None else held(starting)
    highlights = tuple(a for a in told if a.highlight)
    more = tuple(MediaItem(a, m) for a in told if not a.highlight for m in a.media)
    return Part(key, days, path, highlights, more, tally(key, counted, told), text)


def year_figures(week: Week) -> YearFigures:
    return YearFigures(week.year, week.config.theme, week.start, week.end, week.path,
                       week.totals, week.has_lookback)


def earlier_years(site: Site, week: Week) -> tuple[YearFigures, ...]:
    """The years before this one, newest first: only years that came before are compared."""
    return tuple(year_figures(w) for w in site.weeks if w.year < week.year)


def archive(site: Site) -> tuple[YearFigures, ...]:
    """Every year, newest first: the campaign's history on one page."""
    return tuple(year_figures(w) for w in site.weeks)


def lookback(site: Site, week: Week) -> Lookback:
    """The look-back of `week` as the site shows it (call only when `week.has_lookback`)."""
    told = story(week)
    days = tuple(
        _part(section.days[0].slug, section.days, section.days[0].path, section.activities,
              told.for_days(section.days), section.starting)
        for section in week.lookback_sections
    )
    leadup = (_part(LEADUP, (), f"{week.path}{LEADUP}/", week.leadup, "")
              if week.leadup else None)
    followup = (_part(FOLLOWUP, (), f"{week.path}{FOLLOWUP}/", week.followup, "")
                if week.followup else None)
    regions = by_region(week.activities)
    kinds = by_kind(week.activities)
    return Lookback(
        week=week,
        story=told,
        leadup=leadup,
        days=days,
        followup=followup,
        totals=week.totals,
        reach=reach(week.activities),
        regions=regions,
        kinds=kinds,
        per_day=bar_chart("per-dag", per_day(week)),
        top_regions=bar_chart("regio", [(t.key, t.activities) for t in regions[:TOP_REGIONS]]),
        by_kind=bar_chart("soort", [(t.key, t.activities) for t in kinds]),
        earlier=earlier_years(site, week),
        multi_day=week.has_multi_day,
    )


@dataclass(frozen=True)
class LookbackEntry:
    """The look-back as an item of a feed or a list of news: dated the day after the Week.

    `title` and `summary` are the editor's (from terugblik.md's front matter), or '' when there
    is no story: then show the default title, 'Terugblik <year>' in the site's language."""

    year: int
    date: date
    path: str
    title: str
    summary: str


def lookback_entry(week: Week) -> LookbackEntry | None:
    """The look-back of `week` for a feed; None while the Week is not over (never early)."""
    if not week.has_lookback:
        return None
    page = week.story
    return LookbackEntry(week.year, lookback_date(week.end), f"{week.path}{LOOKBACK}/",
                         page.title if page is not None else "",
                         page.summary if page is not None else "")


def preview_date(weeks: Iterable[WeekConfig]) -> date | None:
    """The day the newest Week's look-back appears: what `weekgen serve --lookback` shows."""
    newest = max(weeks, key=lambda w: w.year, default=None)
    return lookback_date(newest.end) if newest is not None else None
