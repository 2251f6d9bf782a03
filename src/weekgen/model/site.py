"""The site as a model: every year's Week with its days, activities, groups and pages.

Pure: built from validated records and the build date, never from files or the clock. Everything a
template shows is decided here (what is the lead-up, which day is today, whether the look-back
exists), so that templates only present. Checks that span files (duplicate slugs, a page taking an
address that is already used) are made here.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any, Generic, TypeVar

from weekgen.errors import Problem, Problems
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity, Page
from weekgen.model.slugs import slugify, unique_slugs

T = TypeVar("T")

DAY_SLUGS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
LEADUP, FOLLOWUP, OVERVIEW, LOOKBACK = "aanloop", "na-de-week", "activiteiten", "terugblik"
INTRO_PAGE, LOOKBACK_PAGE = "index", "terugblik"


@dataclass(frozen=True)
class Taxonomy:
    """A way to group a year's activities, with the word its addresses use."""

    key: str  # the Activity attribute
    slug: str  # the address: /<year>/<slug>/<group>/


TAXONOMIES = (
    Taxonomy("region", "regio"),
    Taxonomy("organiser", "organisator"),
    Taxonomy("theme", "thema"),
    Taxonomy("hashtags", "hashtag"),
)
RESERVED = frozenset({*DAY_SLUGS, LEADUP, FOLLOWUP, OVERVIEW, LOOKBACK,
                      *(t.slug for t in TAXONOMIES), "static", "feeds"})


@dataclass(frozen=True, slots=True)
class Group:
    """The activities sharing a region, organiser, theme or hashtag."""

    taxonomy: str
    name: str
    slug: str
    path: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    slug: str
    path: str
    activities: tuple[Activity, ...]  # starting this day, then those still running
    pages: tuple[Page, ...]
    is_today: bool

    def starts_here(self, activity: Activity) -> bool:
        return activity.date == self.date

    @property
    def starting(self) -> tuple[Activity, ...]:
        """The activities that begin this day (not those still running from before)."""
        return tuple(a for a in self.activities if a.date == self.date)


@dataclass(frozen=True)
class Section:
    """A part of the look-back: one day, or a quiet weekend as one."""

    days: tuple[Day, ...]

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for d in self.days for a in d.starting)

    @property
    def highlights(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.highlight)


@dataclass(frozen=True)
class Totals:
    activities: int
    participants: int
    regions: int
    organisers: int
    cancelled: int


@dataclass(frozen=True)
class Week:
    """One year's edition of the campaign week, as the site shows it on the build date."""

    config: WeekConfig
    path: str
    phase: calendar.Phase
    today: date
    days: tuple[Day, ...]
    activities: tuple[Activity, ...]  # all, in order of date and time
    leadup: tuple[Activity, ...]
    followup: tuple[Activity, ...]
    pages: tuple[Page, ...]  # the year's own pages, for the menu
    intro: Page | None
    story: Page | None  # terugblik.md
    groups: dict[str, tuple[Group, ...]]
    totals: Totals
    digest: str = field(default="", compare=False)  # changes with anything the Week shows

    @property
    def year(self) -> int:
        return self.config.year

    @property
    def start(self) -> date:
        return self.config.start

    @property
    def end(self) -> date:
        return self.config.end

    @property
    def has_lookback(self) -> bool:
        """The look-back exists only once the Week is over."""
        return self.phase is calendar.Phase.AFTER

    @property
    def today_day(self) -> Day | None:
        return next((d for d in self.days if d.is_today), None)

    @property
    def days_to_go(self) -> int:
        return (self.start - self.today).days

    @property
    def highlights(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.activities if a.highlight)

    def coming(self, limit: int = 5) -> tuple[Activity, ...]:
        """The next activities that start after today (not cancelled), soonest first."""
        found = (a for a in self.activities if a.date > self.today and not a.cancelled)
        return tuple(itertools.islice(found, limit))

    @functools.cached_property  # asked by every page of the year
    def nav_paths(self) -> frozenset[str]:
        """The pages the Week's navigation links to (the others never show as current)."""
        paths = {self.path, f"{self.path}{OVERVIEW}/", *(d.path for d in self.days),
                 *(page_path(p) for p in self.pages)}
        if self.has_lookback:
            paths.add(f"{self.path}{LOOKBACK}/")
        return frozenset(paths)

    def day_of(self, when: date) -> Day | None:
        return next((d for d in self.days if d.date == when), None)

    @property
    def lookback_sections(self) -> tuple[Section, ...]:
        """Day by day; Saturday and Sunday as one section when the weekend was quiet."""
        if self.weekend_merged:
            return (*(Section((d,)) for d in self.days[:-2]), Section(self.days[-2:]))
        return tuple(Section((d,)) for d in self.days)

    @property
    def weekend_merged(self) -> bool:
        """Saturday and Sunday share a section of the look-back when they are quiet: fewer
        activities took place (cancelled ones do not count, as in the totals) than the threshold."""
        weekend = [d for d in self.days if d.date.weekday() >= 5]
        starting = sum(1 for d in weekend for a in d.starting if not a.cancelled)
        return (len(weekend) == 2 and self.days[-1].date.weekday() == 6
                and starting < self.config.weekend_threshold)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    weeks: tuple[Week, ...]  # newest first
    featured: Week | None  # the Week the front page leads with
    today: date


def activity_path(activity: Activity) -> str:
    return f"{activity.year}/{OVERVIEW}/{activity.slug}/"


def group_path(year: int, taxonomy: str, name: str) -> str | None:
    """The address of the page of a region, organiser, theme or hashtag; None for a name that
    leaves nothing to make an address of (such as '???'), which has no page."""
    slug = slugify(name)
    return f"{year}/{taxonomy}/{slug}/" if slug else None


def page_path(page: Page) -> str:
    return f"{page.year}/" if page.name == INTRO_PAGE else f"{page.year}/{page.slug}/"


def day_slug(day: date) -> str:
    return DAY_SLUGS[day.weekday()]


class Memo(Generic[T]):
    """Values a long-running process keeps from one build to the next, each by a key over
    everything it depends on. After a build the kept dict holds just what that build used, so
    it never grows beyond one site's worth."""

    def __init__(self, kept: dict[str, T] | None) -> None:
        self.kept = kept  # None: nothing is kept (a build from the command line)
        self.used: dict[str, T] = {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        found = self.kept.get(key) if self.kept is not None else None
        if found is None:
            found = make()
        self.used[key] = found
        return found

    def close(self) -> None:
        if self.kept is not None:
            self.kept.clear()
            self.kept.update(self.used)


def _assembled(week_config: WeekConfig, activities: list[Activity], pages: list[Page],
               today: date, drafts: bool, key: str) -> tuple[Week, list[Problem]]:
    found = Problems()
    year_activities = _assign_slugs(activities, found)
    year_pages = _published(pages, today, drafts, found)
    return _week(week_config, year_activities, year_pages, today, key), found.items


def assemble(config: SiteConfig, weeks: Sequence[WeekConfig],
             activities: dict[int, list[Activity]], pages: dict[int, list[Page]],
             today: date, problems: Problems, drafts: bool = False,
             memo: dict[str, Any] | None = None) -> Site:
    """Put the records together into the site as it looks on `today`.

    `memo` (kept by a long-running process) holds each year's Week by a key over everything it
    depends on, so that after an edit only the edited year is put together again."""
    built = []
    kept: Memo[tuple[Week, list[Problem]]] = Memo(memo)
    for week_config in sorted(weeks, key=lambda w: w.year, reverse=True):
        year_activities, year_pages = (activities.get(week_config.year, []),
                                       pages.get(week_config.year, []))
        key = _year_key(week_config, year_activities, year_pages, today, drafts)
        week, found = kept.get(key, functools.partial(
            _assembled, week_config, year_activities, year_pages, today, drafts, key))
        built.append(week)
        problems.extend(found)
    kept.close()
    weeks_tuple = tuple(built)
    return Site(config, weeks_tuple, _featured(weeks_tuple, today), today)


def _year_key(config: WeekConfig, activities: list[Activity], pages: list[Page], today: date,
              drafts: bool) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{config!r}\0{today}\0{drafts}".encode())
    records: list[Activity | Page] = [*activities, *pages]
    for record in records:
        at = record.source
        h.update(f"\0{record.digest}\0{at.path}:{at.line}:{at.col}".encode())
    return h.hexdigest()


def _featured(weeks: tuple[Week, ...], today: date) -> Week | None:
    """This year's Week all year round; before any, the first one; else the most recent."""
    past = [w for w in weeks if w.year <= today.year]
    if past:
        return past[0]
    return weeks[-1] if weeks else None


def activity_order(activity: Activity) -> tuple[date, time, str, str, int]:
    return (activity.date, activity.start_time or time(0), activity.title.lower(),
            activity.source.path, activity.source.line)


def _assign_slugs(activities: Iterable[Activity], problems: Problems) -> list[Activity]:
    ordered = sorted(activities, key=activity_order)
    taken: dict[str, Activity] = {}
    for a in ordered:
        if not a.explicit_slug:
            continue
        if a.slug in taken:
            problems.error(a.source, f"the slug '{a.slug}' is also used by the activity at "
                           f"{taken[a.slug].source}", "give one of the two another slug")
        taken.setdefault(a.slug, a)
    derived = [a for a in ordered if not a.explicit_slug]
    free = unique_slugs((slugify(a.title) or "activiteit" for a in derived), set(taken))
    final = {id(a): replace(a, slug=s) for a, s in zip(derived, free, strict=True)}
    return [final.get(id(a), a) for a in ordered]


def _published(pages: Iterable[Page], today: date, drafts: bool,
               problems: Problems) -> list[Page]:
    shown = [p for p in pages
             if drafts or (not p.draft and (p.publish is None or p.publish <= today))]
    seen: dict[str, Page] = {}
    for page in sorted(shown, key=lambda p: p.source):
        if page.name in (INTRO_PAGE, LOOKBACK_PAGE):
            continue
        if page.slug in RESERVED:
            problems.error(page.slug_at, f"the address /{page.year}/{page.slug}/ is already used "
                           "by weekgen's own pages", "give the page another slug or file name")
        elif page.slug in seen:
            problems.error(page.slug_at, f"the slug '{page.slug}' is also used by "
                           f"{seen[page.slug].source.path}", "give one of the two another slug")
        seen.setdefault(page.slug, page)
    return shown


def _week(config: WeekConfig, activities: list[Activity], pages: list[Page],
          today: date, digest: str) -> Week:
    year = config.year
    phase = calendar.phase(config.start, config.end, today)
    days = []
    for d in calendar.days_between(config.start, config.end):
        running = [a for a in activities if a.date <= d <= a.last_date]
        running.sort(key=lambda a: a.date != d)  # stable: those starting today first
        day_pages = tuple(p for p in pages if p.date == d and p.name not in
                          (INTRO_PAGE, LOOKBACK_PAGE))
        days.append(Day(d, day_slug(d), f"{year}/{day_slug(d)}/", tuple(running), day_pages,
                        d == today))
    by_name = {p.name: p for p in pages}
    menu = tuple(sorted((p for p in pages if p.name not in (INTRO_PAGE, LOOKBACK_PAGE)),
                        key=lambda p: (p.order, p.title.lower())))
    return Week(
        config=config,
        path=f"{year}/",
        phase=phase,
        today=today,
        days=tuple(days),
        activities=tuple(activities),
        leadup=tuple(a for a in activities if a.date < config.start),
        followup=tuple(a for a in activities if a.date > config.end),
        pages=menu,
        intro=by_name.get(INTRO_PAGE),
        story=by_name.get(LOOKBACK_PAGE),
        groups={t.slug: _groups(year, t, activities) for t in TAXONOMIES},
        totals=totals(activities),
        digest=digest,
    )


def _groups(year: int, taxonomy: Taxonomy, activities: Iterable[Activity]) -> tuple[Group, ...]:
    members: dict[str, list[Activity]] = defaultdict(list)
    names: dict[str, str] = {}
    for a in activities:
        value = getattr(a, taxonomy.key)
        for name in (value if isinstance(value, tuple) else (value,)):
            slug = slugify(name or "")
            if slug:
                names.setdefault(slug, name)
                members[slug].append(a)
    return tuple(
        Group(taxonomy.slug, names[slug], slug, f"{year}/{taxonomy.slug}/{slug}/",
              tuple(members[slug]))
        for slug in sorted(members, key=lambda s: names[s].lower())
    )


def totals(activities: Iterable[Activity]) -> Totals:
    held = [a for a in activities if not a.cancelled]
    return Totals(
        activities=len(held),
        participants=sum(a.participants or 0 for a in held),
        regions=len({slugify(a.region) for a in held if a.region and not a.national}),
        organisers=len({slugify(a.organiser) for a in held if a.organiser}),
        cancelled=sum(1 for a in activities if a.cancelled),
    )
