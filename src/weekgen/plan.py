"""The list of pages a site has, each with a fingerprint of everything it shows.

Pure. A page's `key` changes exactly when its output can change: the templates, the site settings,
the year's navigation, the build date where the page shows it, and the records on the page. An
incremental build renders only pages whose key differs from the last build's, which is how a no-op
rebuild of 20,000 activities costs next to nothing.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from weekgen import __version__
from weekgen.errors import Position, Problems
from weekgen.formats import feeds, ics, search, seo, share_image
from weekgen.model import colours as palette
from weekgen.model import links
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity, Page, phase_text
from weekgen.model.lookback import ARCHIVE, archive, earlier_years, lookback
from weekgen.model.site import (
    ACROSS,
    FOLLOWUP,
    LEADUP,
    LOOKBACK,
    OVERVIEW,
    TAXONOMIES,
    Remember,
    Site,
    Week,
    activity_path,
    computed,
    page_path,
)
from weekgen.model.week import Phase
from weekgen.wording import N_


@dataclass(frozen=True, slots=True)
class Output:
    """One page to write: where, with which template and values, and what it depends on."""

    path: str  # in the output folder, e.g. '2021/maandag/index.html'
    template: str
    context: dict[str, Any] = field(compare=False)
    key: str
    markdown: tuple[str, ...] = ()  # the Markdown texts the template shows
    # A file that is not a page (a calendar, a feed, the sitemap) is made by a function of the
    # context and the HTML of its Markdown instead of a template.
    render: DataRender | None = field(default=None, compare=False)
    # A page whose values cost much to work out (the look-back's figures) gets them only when it
    # is rendered: `prepare` returns the Output with its context and Markdown.
    prepare: Callable[[], Output] | None = field(default=None, compare=False)
    # Whether the site search may give this page: the plan leaves out a page that another page
    # stands for (see _year).
    searchable: bool = True

    def ready(self) -> Output:
        return self.prepare() if self.prepare is not None else self

    @property
    def searched(self) -> bool:
        """Whether the site search indexes this page."""
        return self.searchable and search.indexable(self.path, self.template)


DataRender = Callable[[Mapping[str, Any], Callable[[str], str]], bytes]


def _hash(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        # bytes as they are: the repr of the share images' fonts (1.3 MB) cost 30 ms a build
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def _digests(records: Iterable[Activity | Page]) -> str:
    return _hash(*(r.digest for r in records))


def plan(site: Site, templates_digest: str, remember: Remember = computed) -> list[Output]:
    """Every page of the site, in a stable order.

    Each year's pages are asked of `remember` by the Week's digest, so that a long-running
    process plans only the edited year again."""
    base = _base(site, templates_digest)
    files = _hash(*sorted(links.page_files(site).items()))
    outputs: list[Output] = []
    if site.featured is not None:
        w = site.featured
        outputs.extend(_linking([Output(
            "index.html", "home.html", {"week": w},
            _hash(base, "home", site.today, w.digest), _home_markdown(w))], files))
    featured_nav = _nav(site.featured, base) if site.featured is not None else ""
    outputs.append(Output("404.html", "404.html", {"week": site.featured},
                          _hash(base, "404", featured_nav)))
    for w in site.weeks:
        outputs.extend(remember(_hash(base, w.digest, files),
                                functools.partial(_linking_year, w, base, files)))
        if w.has_lookback:  # keyed on the earlier years too, so remembered by its own key
            key = _hash(_lookback_key(site, w, base), files)  # its story may link to a page
            outputs.extend(remember(key, functools.partial(_lookback, site, w, key)))
    if site.weeks:
        outputs.append(_archive(site, base))
    outputs.extend(_linking(_site_pages(site, base), files))
    outputs.extend(_across_years(site, base))
    return outputs


# A Markdown text that may name a page's file: [doe mee](../2018/meedoen.md).
_NAMES_A_PAGE = re.compile(r"\.md", re.IGNORECASE)


def _linking(outputs: list[Output], files: str) -> list[Output]:
    """A link to a page's Markdown file shows the address of that page (links.absolute), which
    its own front matter decides, in another year as often as not: the key of an output whose
    Markdown names a .md file holds every page's address (`files`). Coarse, since such a link
    is rare and an address changes rarely, and cheap: no Markdown is resolved to tell."""
    return [replace(o, key=_hash(o.key, files))
            if any(_NAMES_A_PAGE.search(t) for t in o.markdown) else o for o in outputs]


def _linking_year(w: Week, base: str, files: str) -> list[Output]:
    return _linking(_year(w, base), files)


def _base(site: Site, templates_digest: str) -> str:
    """What every page shows whatever it is: the templates, the settings, the years and the
    links to the site's own pages in the header and footer."""
    return _hash(__version__, templates_digest, repr(site.config), *(w.year for w in site.weeks),
                 *((p.slug, p.title, p.menu) for p in site.pages if p.menu))


def _across_years(site: Site, base: str) -> list[Output]:
    """A page per organiser and region over all the years, each keyed on its years' groups."""
    featured = _nav(site.featured, base) if site.featured is not None else ""
    return [Output(f"{g.path}index.html", "across.html", {"week": site.featured, "across": g},
                   _hash(base, "across", featured, g.path, g.name,
                         *((y, group.path, _digests(group.activities)) for y, group in g.years)))
            for g in site.across_years]


def _site_pages(site: Site, base: str) -> list[Output]:
    """The pages of the whole site (content/pers.md at /pers/), with the navigation of the Week
    the front page leads with, as the archive and the search page have."""
    featured = _nav(site.featured, base) if site.featured is not None else ""
    out = [Output(f"{page_path(p)}index.html", "page.html", {"week": site.featured, "page": p},
                  _hash(base, "site-page", featured, p.digest), (p.body,))
           for p in site.pages]
    if site.own_accessibility is None:  # the theme's statement, in the site's settings
        out.append(Output(f"{site.accessibility_path}index.html", "accessibility.html",
                          {"week": site.featured}, _hash(base, "accessibility", featured)))
    return out


def _home_markdown(w: Week) -> tuple[str, ...]:
    texts = [w.config.explanation]
    if w.intro is not None:
        texts.append(phase_text(w.intro.body, w.phase))
    texts.extend(a.report for a in w.activities if a.highlight)
    return tuple(t for t in texts if t)


def _nav(w: Week, base: str) -> str:
    """What every page of a Week shows around its own content: the layout and navigation."""
    return _hash(base, w.year, repr(w.config), w.phase.value,
                 w.today if w.phase is Phase.DURING else "", bool(w.leadup), bool(w.followup),
                 *((p.title, p.slug) for p in w.pages))


def _year(w: Week, base: str) -> list[Output]:
    """A year's pages, each keyed on the navigation and on what the page itself shows."""
    nav = _nav(w, base)
    y = w.year
    out = [Output(f"{y}/index.html", "year.html", {"week": w},
                  _hash(nav, "year", w.today, w.digest), _home_markdown(w))]
    for day in w.days:
        out.append(Output(f"{day.path}index.html", "day.html", {"week": w, "day": day},
                          _hash(nav, "day", day.date, w.today, _digests(day.activities),
                                _digests(day.pages))))
    out.append(Output(f"{y}/{OVERVIEW}/index.html", "activities.html", {"week": w},
                      _hash(nav, OVERVIEW, _digests(w.activities))))
    for a in w.activities:
        out.append(Output(f"{activity_path(a)}index.html", "activity.html",
                          {"week": w, "activity": a}, _hash(nav, "activity", a.digest, a.slug),
                          tuple(t for t in (a.description, a.report) if t)))
    for slug, title, items in ((LEADUP, "Aanloop", w.leadup), (FOLLOWUP, "Na de Week", w.followup)):
        if items:
            out.append(Output(f"{y}/{slug}/index.html", "list.html",
                              {"week": w, "title": title, "activities": items, "part": slug},
                              _hash(nav, slug, _digests(items))))
    for taxonomy in TAXONOMIES:
        groups = w.groups[taxonomy.slug]
        if not groups:
            continue
        out.append(Output(f"{y}/{taxonomy.slug}/index.html", "groups.html",
                          {"week": w, "taxonomy": taxonomy.slug, "groups": groups},
                          _hash(nav, taxonomy.slug,
                                *((g.slug, len(g.activities)) for g in groups))))
        # An organiser's or region's page of one year is not in the search: its page over all
        # the years is, once, where ten years of one organiser would be ten results alike.
        searchable = taxonomy.slug not in ACROSS
        for g in groups:
            out.append(Output(f"{g.path}index.html", "group.html",
                              {"week": w, "taxonomy": taxonomy.slug, "group": g},
                              _hash(nav, g.path, g.name, _digests(g.activities)),
                              searchable=searchable))
    for p in w.pages:
        out.append(Output(f"{page_path(p)}index.html", "page.html", {"week": w, "page": p},
                          _hash(nav, "page", p.digest), (phase_text(p.body, w.phase),)))
    return out


def _lookback_key(site: Site, w: Week, base: str) -> str:
    """The look-back compares the Week with the years before it, so its key holds their totals
    too (which is why it is not among the year's own pages, remembered by the year alone)."""
    return _hash(_nav(w, base), LOOKBACK, w.digest, *map(repr, earlier_years(site, w)))


def _lookback(site: Site, w: Week, key: str) -> list[Output]:
    path = f"{w.year}/{LOOKBACK}/index.html"

    def prepare() -> Output:
        told = lookback(site, w)
        return Output(path, "lookback.html", {"week": w, "lookback": told}, key, told.markdown)

    return [Output(path, "lookback.html", {"week": w}, key, prepare=prepare)]


def _archive(site: Site, base: str) -> Output:
    """All years on one page: it changes with any year's theme, dates, totals or look-back (and,
    like the front page, it has the featured Week's navigation)."""
    years = archive(site)
    featured = _nav(site.featured, base) if site.featured is not None else ""
    return Output(f"{ARCHIVE}/index.html", "archive.html",
                  {"week": site.featured, "years": years},
                  _hash(base, ARCHIVE, featured, *map(repr, years)))


def redirects(site: Site, outputs: Iterable[Output], templates_digest: str,
              problems: Problems, files: Iterable[str] = ()) -> list[Output]:
    """A small page at each old address (`aliases:`) that sends visitors on to the new one.

    An old address may not be one the site uses, now or on a later day (the look-back, the
    lead-up and the follow-up come and go), nor the old address of two records; nor may its
    page need a folder where the site has a file (`/robots.txt` is `robots.txt/index.html`),
    or the other way round. `files`: the site's other files (static files, images)."""
    aliased = list(_aliased(site))
    if not aliased:
        return []
    taken = {o.path for o in outputs}
    taken.update(files)
    for w in site.weeks:
        taken.update(f"{w.year}/{slug}/index.html" for slug in (LOOKBACK, LEADUP, FOLLOWUP))
    folders = {folder for path in taken for folder in _folders(path)}
    base = _hash(__version__, templates_digest, repr(site.config))
    claimed: dict[str, Position] = {}
    claimed_folders: set[str] = set()
    out = []
    for target, title, record in aliased:
        for alias, at in zip(record.aliases, record.alias_at, strict=True):
            path = alias + "index.html" if alias.endswith("/") else alias
            inside = [f for f in _folders(path) if f in taken or f in claimed]
            if path in taken or path in folders:
                problems.error(at, N_("the old address /{alias} is an address of the site "
                                      "itself").format(alias=alias),
                               N_("leave it out of 'aliases': the page there would be replaced"))
            elif inside:
                problems.error(at, N_("the old address /{alias} would be a folder where the site "
                                      "has the file /{file}").format(alias=alias, file=inside[0]),
                               N_("leave it out of 'aliases': that file would be replaced"))
            elif path in claimed or path in claimed_folders:
                where = claimed.get(path) or next(
                    p for c, p in claimed.items() if c.startswith(path + "/"))
                problems.error(at, N_("the old address /{alias} is also an alias at "
                                      "{place}").format(alias=alias, place=str(where)),
                               N_("keep it in one of the two"))
            else:
                claimed[path] = at
                claimed_folders.update(_folders(path))
                out.append(Output(path, "redirect.html", {"target": target, "title": title},
                                  _hash(base, "redirect", path, target, title)))
    return out


def _folders(path: str) -> list[str]:
    """The folders a file is in: 'a/b/c.html' -> ['a', 'a/b']."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _aliased(site: Site) -> Iterable[tuple[str, str, Activity | Page]]:
    """(the address it moved to, its title, the record) of everything published that has
    aliases."""
    for p in site.pages:
        if p.aliases:
            yield page_path(p), p.title, p
    for w in site.weeks:
        pages = [*w.pages, *(p for p in (w.intro,) if p is not None)]
        if w.story is not None and w.story.aliases and w.has_lookback:
            yield f"{w.year}/{LOOKBACK}/", w.story.title, w.story
        for p in pages:
            if p.aliases:
                yield page_path(p), p.title, p
        for a in w.activities:
            if a.aliases:
                yield activity_path(a), a.title, a


SEARCH = "zoeken"


def data_outputs(site: Site, pages: Sequence[Output], templates_digest: str,
                 remember: Remember = computed) -> list[Output]:
    """The files around the pages: the search page, a calendar per activity and per year, the
    Atom feeds, the sitemap of `pages` (and the search page) and robots.txt.

    Their keys leave out the templates, which they do not use, so that a template edit does not
    make thousands of calendars again. Each year's files are asked of `remember`, as in `plan`."""
    config = site.config
    data = _hash(__version__, repr(config), "data")
    featured = _nav(site.featured, _base(site, templates_digest)) \
        if site.featured is not None else ""
    out = [Output(f"{SEARCH}/index.html", "search.html", {"week": site.featured},
                  _hash(templates_digest, data, SEARCH, featured,
                        *(repr(w.config) for w in site.weeks)))]
    newest: list[feeds.Item] = []
    for w in site.weeks:
        files, items = remember(_hash(data, w.digest),
                                functools.partial(_year_data, w, config, data))
        out.extend(files)
        newest.extend(items)
    items = feeds.latest(newest)  # the newest of all years are among the newest of each
    out.append(Output(feeds.site_feed_path(), "", {"config": config, "items": items},
                      _hash(data, "feed", *map(repr, items)), feeds.markdown_of(items),
                      feeds.render_site))
    paths = tuple(sorted(o.path for o in (*pages, out[0]) if o.render is None))
    key, names = _sitemap(config, data, paths)
    for name in names:
        out.append(Output(name, "", {"config": config, "paths": paths, "name": name}, key, (),
                          _render_sitemap))
    out.append(Output("robots.txt", "", {"config": config}, _hash(data, "robots"), (),
                      _render_robots))
    return out


@functools.lru_cache(maxsize=2)  # after an edit, the pages are mostly the same ones
def _sitemap(config: SiteConfig, data: str, paths: tuple[str, ...]) -> tuple[str, list[str]]:
    """The sitemap's key and file names."""
    return (_hash(data, "sitemap", *paths),
            seo.sitemap_names(len(seo.sitemap_urls(config, paths))))


def _year_data(w: Week, config: SiteConfig, data: str) -> tuple[list[Output], list[feeds.Item]]:
    """A year's calendars and feed, and the feed's items."""
    out = [Output(ics.year_ics_path(w), "", {"config": config, "year": w},
                  _hash(data, "ics", w.year, *((a.digest, a.slug) for a in w.activities)),
                  ics.descriptions(w.activities), ics.render_year)]
    for a in w.activities:
        out.append(Output(ics.activity_ics_path(a), "", {"config": config, "activity": a},
                          _hash(data, "ics", a.digest, a.slug), ics.descriptions([a]),
                          ics.render_activity))
    items = feeds.year_items(w, config.timezone)
    out.append(Output(feeds.year_feed_path(w), "", {"config": config, "year": w,
                                                    "items": items},
                      _hash(data, "feed", w.year, w.config.theme, *map(repr, items)),
                      feeds.markdown_of(items), feeds.render_year))
    return out, items


def _render_sitemap(context: Mapping[str, Any], html: Callable[[str], str]) -> bytes:
    return seo.sitemap_files(context["config"], context["paths"])[context["name"]]


def _render_robots(context: Mapping[str, Any], html: Callable[[str], str]) -> bytes:
    return seo.robots(context["config"])


# --- share images --------------------------------------------------------------------------------

def share_images(site: Site, templates_digest: str, fonts: tuple[bytes, bytes],
                 static: Mapping[str, bytes]) -> list[Output]:
    """The share image of each page that gets one drawn (seo.drawn): its texts from the theme's
    share_image.txt, drawn in the campaign's colours with its logo (a PNG of the site's static
    files; an SVG is left out). Each is keyed on what it shows, so it is drawn again only when
    that changes: the templates and their words, the settings, the font, the logo and the
    records on it (not on the rest of the year, as its pages are)."""
    config = site.config
    if config.share_images == "none":
        return []
    logo = static.get(config.logo) if config.logo.lower().endswith(".png") else None
    colours = dict(palette.resolved(dict(config.colours)))
    base = _hash(__version__, templates_digest, repr(config), _hash(*fonts),
                 _hash(logo or b""), "share")
    common = {"fonts": fonts, "logo": logo, "colours": colours}
    out: list[Output] = []

    def add(path: str, kind: str, week: Week, *shown: object, **context: Any) -> None:
        if seo.drawn(config, week, path, context.get("activity")):
            out.append(Output(f"{path}{seo.SHARE_IMAGE}", "share_image.txt",
                              {**common, "kind": kind, "week": week, **context},
                              _hash(base, kind, path, *shown), (), _render_share_image))

    if site.featured is not None:
        w = site.featured
        add("", "front", w, w.start, w.end, repr(w.config))
    for w in site.weeks:
        week_shows = (w.start, w.end, repr(w.config))
        intro = w.intro.title if w.intro is not None else ""
        add(w.path, "year", w, *week_shows, intro)
        for day in w.days:
            add(day.path, "day", w, *week_shows, day.date, day=day)
        if w.has_lookback:
            add(f"{w.path}{LOOKBACK}/", "lookback", w, *week_shows, lookback=True)
        for a in w.activities:
            add(activity_path(a), "activity", w, *week_shows, a.title, a.date, a.start_time,
                a.hashtags, activity=a)
    return out


def _render_share_image(context: Mapping[str, Any], html: Callable[[str], str]) -> bytes:
    """`context['text']`: what the share_image.txt template wrote for this image."""
    card = share_image.card_from_text(context["text"], context["colours"])
    return share_image.share_image(card, context["fonts"], context["logo"])
