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
from typing import Protocol, TypeVar

from weekgen.errors import Problem, Problems
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity, Page
from weekgen.model.slugs import slugify, unique_slugs
from weekgen.wording import N_

T = TypeVar("T")

DAY_SLUGS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_SLUGS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december")
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
# The addresses at the top of the site that weekgen makes itself (besides the years): a page of
# the whole site may not take them. (The archive and search pages are named in lookback.py and
# plan.py, which build on this module.)
SITE_RESERVED = frozenset({"index", "archief", "zoeken", "static", "feeds", "pagefind",
                           "organisatoren", "regios"})
# The accessibility statement: the theme's own at this address, unless the site writes one as a
# page of the whole site with one of these slugs (content/toegankelijkheidsverklaring.md).
ACCESSIBILITY = "toegankelijkheidsverklaring"
ACCESSIBILITY_SLUGS = frozenset({ACCESSIBILITY, "toegankelijkheid", "accessibility",
                                 "accessibility-statement"})


@dataclass(frozen=True, slots=True)
class Group:
    """The activities sharing a region, organiser, theme or hashtag."""

    taxonomy: str
    name: str
    slug: str
    path: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True, slots=True)
class AcrossYears:
    """An organiser or region over all the editions: each year's group, newest first."""

    taxonomy: str  # the per-year pages' word: 'organisator' or 'regio'
    name: str  # as the newest year writes it
    slug: str
    path: str  # /organisatoren/<slug>/
    years: tuple[tuple[int, Group], ...]

    @property
    def count(self) -> int:
        return sum(len(g.activities) for _, g in self.years)


# The groups that have a page over all years besides their page per year, and its address.
ACROSS = {"organisator": "organisatoren", "regio": "regios"}


def across_path(taxonomy: str, slug: str) -> str | None:
    """The address of the page over all years of an organiser or region (None for a theme or
    hashtag, which have a page per year only)."""
    folder = ACROSS.get(taxonomy)
    return f"{folder}/{slug}/" if folder is not None and slug else None


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
        """Every activity on one of its days, once: an activity of several days counts on each
        day it runs (a weekend section counts it once)."""
        return tuple({id(a): a for d in self.days for a in d.activities}.values())

    @property
    def starting(self) -> tuple[Activity, ...]:
        """The activities that begin in this section: where their highlights are told."""
        return tuple(a for d in self.days for a in d.starting)

    @property
    def highlights(self) -> tuple[Activity, ...]:
        return tuple(a for a in self.starting if a.highlight)


@dataclass(frozen=True)
class Totals:
    """A year's figures, each activity counted once. A figure nobody gave is None or 0 and is
    not shown: `participants` is None when no held activity gave its participants."""

    activities: int
    participants: int | None
    regions: int
    organisers: int
    cancelled: int
    national: int = 0  # held activities for the whole country: a Week without regions says so

    @property
    def national_only(self) -> bool:
        """No region named, but national activities: 'landelijk' instead of '0 regions'."""
        return not self.regions and self.national > 0


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

    @functools.cached_property
    def running_today(self) -> tuple[Activity, ...]:
        """On a day that is not one of the Week's (its lead-up or follow-up), the activities on
        it, not cancelled: those that begin today first, then those running since an earlier
        day ("Nu bezig"). On a day of the Week, that Day holds them."""
        if self.start <= self.today <= self.end:
            return ()
        on = [a for a in self.activities
              if a.date <= self.today <= a.last_date and not a.cancelled]
        return tuple(sorted(on, key=lambda a: a.date != self.today))  # stable: by time

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

    @property
    def weekdays_repeat(self) -> bool:
        """Some weekday occurs twice (an edition of more than seven days): a day is named with
        its date, not by its weekday alone."""
        return len({d.date.weekday() for d in self.days}) < len(self.days)

    def day_of(self, when: date) -> Day | None:
        return next((d for d in self.days if d.date == when), None)

    @property
    def lookback_sections(self) -> tuple[Section, ...]:
        """Day by day; a Saturday and the Sunday after it as one section when that weekend was
        quiet (an edition of ten days may have two weekends, each merged or not)."""
        sections: list[Section] = []
        days = list(self.days)
        i = 0
        while i < len(days):
            pair = tuple(days[i:i + 2])
            if len(pair) == 2 and self._quiet_weekend(pair):
                sections.append(Section(pair))
                i += 2
            else:
                sections.append(Section((days[i],)))
                i += 1
        return tuple(sections)

    def _quiet_weekend(self, pair: tuple[Day, ...]) -> bool:
        """A Saturday and its Sunday are quiet when fewer activities took place (cancelled ones
        do not count, as in the totals) than the threshold."""
        if (pair[0].date.weekday(), pair[1].date.weekday()) != (5, 6):
            return False
        starting = sum(1 for d in pair for a in d.starting if not a.cancelled)
        return starting < self.config.weekend_threshold

    @property
    def weekend_merged(self) -> bool:
        """Some weekend of the edition shares one section of the look-back."""
        return any(len(s.days) == 2 for s in self.lookback_sections)

    @property
    def has_multi_day(self) -> bool:
        """Whether an activity runs on more than one day of the Week: then the days count it on
        each of them, and the totals once (the pages say so)."""
        return any(max(a.date, self.start) < min(a.last_date, self.end)
                   for a in self.activities if a.end_date is not None)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    weeks: tuple[Week, ...]  # newest first
    featured: Week | None  # the Week the front page leads with
    today: date
    pages: tuple[Page, ...] = ()  # of the whole site (content/*.md), published, by menu order

    def menu(self, place: str) -> tuple[Page, ...]:
        """The site's pages linked from its header or footer (`menu:` in their front matter)."""
        return tuple(p for p in self.pages if p.menu == place)

    @property
    def own_accessibility(self) -> Page | None:
        """The site's own accessibility statement, if it writes one; else the theme's is made."""
        return next((p for p in self.pages if p.slug in ACCESSIBILITY_SLUGS), None)

    @property
    def accessibility_path(self) -> str:
        """Where the accessibility statement is: the site's own page, or the theme's."""
        own = self.own_accessibility
        return page_path(own) if own is not None else f"{ACCESSIBILITY}/"

    @functools.cached_property
    def across_years(self) -> tuple[AcrossYears, ...]:
        """Every organiser and region over all the years, organisers first, by slug."""
        found: dict[tuple[str, str], list[tuple[int, Group]]] = {}
        for w in self.weeks:  # newest first
            for taxonomy in ACROSS:
                for g in w.groups[taxonomy]:
                    found.setdefault((taxonomy, g.slug), []).append((w.year, g))
        return tuple(
            AcrossYears(taxonomy, years[0][1].name, slug, f"{ACROSS[taxonomy]}/{slug}/",
                        tuple(years))
            for (taxonomy, slug), years in sorted(found.items(),
                                                  key=lambda kv: (kv[0][0], kv[0][1])))


def activity_path(activity: Activity) -> str:
    return f"{activity.year}/{OVERVIEW}/{activity.slug}/"


def group_path(year: int, taxonomy: str, name: str) -> str | None:
    """The address of the page of a region, organiser, theme or hashtag; None for a name that
    leaves nothing to make an address of (such as '???'), which has no page."""
    slug = slugify(name)
    return f"{year}/{taxonomy}/{slug}/" if slug else None


def page_path(page: Page) -> str:
    if page.year is None:  # a page of the whole site
        return f"{page.slug}/"
    return f"{page.year}/" if page.name == INTRO_PAGE else f"{page.year}/{page.slug}/"


def day_slug(day: date) -> str:
    """The weekday alone: a day's address in an edition where no weekday repeats."""
    return DAY_SLUGS[day.weekday()]


def day_slugs(days: Sequence[date]) -> tuple[str, ...]:
    """The addresses of an edition's days: the weekday ('woensdag') when each weekday occurs
    once, and for every day the weekday with its date ('woensdag-21-januari') when one repeats,
    so that the days of one edition read alike."""
    if len({d.weekday() for d in days}) == len(days):
        return tuple(day_slug(d) for d in days)
    return tuple(f"{day_slug(d)}-{d.day}-{MONTH_SLUGS[d.month - 1]}" for d in days)


class Remember(Protocol):
    """How a stage asks for a value it may have made before: `remember(key, make)`, with a key
    over everything the value depends on. The model keeps nothing itself: a long-running
    process passes its memory in (engine/session.py)."""

    def __call__(self, key: str, make: Callable[[], T]) -> T: ...


def computed(key: str, make: Callable[[], T]) -> T:
    """Remembers nothing: every value is made."""
    return make()


def _assembled(week_config: WeekConfig, activities: list[Activity], pages: list[Page],
               today: date, drafts: bool, key: str) -> tuple[Week, list[Problem]]:
    found = Problems()
    year_activities = _assign_slugs(activities, found)
    taken = day_slugs(calendar.days_between(week_config.start, week_config.end))
    year_pages = _published(pages, today, drafts, found, frozenset(taken))
    return _week(week_config, year_activities, year_pages, today, key), found.items


def assemble(config: SiteConfig, weeks: Sequence[WeekConfig],
             activities: dict[int, list[Activity]], pages: dict[int, list[Page]],
             today: date, problems: Problems, drafts: bool = False,
             remember: Remember = computed, site_pages: Sequence[Page] = ()) -> Site:
    """Put the records together into the site as it looks on `today`.

    Each year's Week is asked of `remember` by a key over everything it depends on, so that a
    long-running process puts together only the edited year again."""
    built = []
    for week_config in sorted(weeks, key=lambda w: w.year, reverse=True):
        year_activities, year_pages = (activities.get(week_config.year, []),
                                       pages.get(week_config.year, []))
        key = _year_key(week_config, year_activities, year_pages, today, drafts)
        week, found = remember(key, functools.partial(
            _assembled, week_config, year_activities, year_pages, today, drafts, key))
        built.append(week)
        problems.extend(found)
    weeks_tuple = tuple(built)
    return Site(config, weeks_tuple, _featured(weeks_tuple, today), today,
                whole_site_pages(site_pages, today, drafts, problems))


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
    """The edition that is on; else this year's all year round; before any, the first one;
    else the most recent. (An edition across New Year leads into January.)"""
    running = [w for w in weeks if w.start <= today <= w.end]
    if running:
        return running[0]
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
            problems.error(a.source, N_("the slug '{slug}' is also used by the activity at "
                                        "{place}").format(slug=a.slug,
                                                          place=str(taken[a.slug].source)),
                           N_("give one of the two another slug"))
        taken.setdefault(a.slug, a)
    derived = [a for a in ordered if not a.explicit_slug]
    free = unique_slugs((slugify(a.title) or "activiteit" for a in derived), set(taken))
    final = {id(a): replace(a, slug=s) for a, s in zip(derived, free, strict=True)}
    return [final.get(id(a), a) for a in ordered]


def _published(pages: Iterable[Page], today: date, drafts: bool,
               problems: Problems, days: frozenset[str] = frozenset()) -> list[Page]:
    shown = [p for p in pages
             if drafts or (not p.draft and (p.publish is None or p.publish <= today))]
    seen: dict[str, Page] = {}
    for page in sorted(shown, key=lambda p: p.source):
        if page.name in (INTRO_PAGE, LOOKBACK_PAGE):
            continue
        if page.slug in RESERVED or page.slug in days:
            problems.error(page.slug_at, N_("the address {address} is already used by "
                                            "weekgen's own pages").format(
                                                address=f"/{page.year}/{page.slug}/"),
                           N_("give the page another slug or file name"))
        elif page.slug in seen:
            problems.error(page.slug_at, N_("the slug '{slug}' is also used by {file}").format(
                slug=page.slug, file=seen[page.slug].source.path),
                N_("give one of the two another slug"))
        seen.setdefault(page.slug, page)
    return shown


def whole_site_pages(pages: Iterable[Page], today: date, drafts: bool,
                     problems: Problems) -> tuple[Page, ...]:
    """The published pages of the whole site (content/*.md), in menu order; one that would take
    an address weekgen makes (a year, the archive, the search page) is an error."""
    shown = [p for p in pages
             if drafts or (not p.draft and (p.publish is None or p.publish <= today))]
    seen: dict[str, Page] = {}
    kept = []
    for page in sorted(shown, key=lambda p: p.source):
        if page.slug in SITE_RESERVED or page.slug.isdigit():
            problems.error(page.slug_at, N_("the address {address} is already used by "
                                            "weekgen's own pages").format(
                                                address=f"/{page.slug}/"),
                           N_("give the page another slug or file name"))
        elif page.slug in seen:
            problems.error(page.slug_at, N_("the slug '{slug}' is also used by {file}").format(
                slug=page.slug, file=seen[page.slug].source.path),
                N_("give one of the two another slug"))
        else:
            seen[page.slug] = page
            kept.append(page)
    return tuple(sorted(kept, key=lambda p: (p.order, p.title.lower())))


def _week(config: WeekConfig, activities: list[Activity], pages: list[Page],
          today: date, digest: str) -> Week:
    year = config.year
    phase = calendar.phase(config.start, config.end, today)
    days = []
    dates = calendar.days_between(config.start, config.end)
    for d, slug in zip(dates, day_slugs(dates), strict=True):
        running = [a for a in activities if a.date <= d <= a.last_date]
        running.sort(key=lambda a: a.date != d)  # stable: those starting today first
        day_pages = tuple(p for p in pages if p.date == d and p.name not in
                          (INTRO_PAGE, LOOKBACK_PAGE))
        days.append(Day(d, slug, f"{year}/{slug}/", tuple(running), day_pages, d == today))
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
    given = [a.participants for a in held if a.participants is not None]
    return Totals(
        activities=len(held),
        participants=sum(given) if given else None,
        regions=len({slugify(a.region) for a in held if a.region and not a.national}
                    - {""}),
        organisers=len({slugify(a.organiser) for a in held if a.organiser} - {""}),
        cancelled=sum(1 for a in activities if a.cancelled),
        national=sum(1 for a in held if a.national),
    )
