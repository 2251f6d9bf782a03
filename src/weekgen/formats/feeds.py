"""Atom feeds (RFC 4287): one for the whole site and one per year, of pages and activities.

Pure. Every date in a feed comes from the content, never from the clock: an activity's entry is
dated at its start (in the site's zone), a page at its `publish` or `date`, or else at the
first day of its Week. A feed holds the `LIMIT` latest entries, so that it stays small for feed
readers however many activities a year has; the site shows the rest.
"""

from __future__ import annotations

import heapq
import uuid
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from weekgen.formats.seo import absolute, has_host, moment, summary
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity, Page, phase_text
from weekgen.model.site import Site, Week, activity_path, page_path

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
LIMIT = 50  # entries in one feed

Html = Callable[[str], str]


@dataclass(frozen=True)
class Item:
    """A page or an activity as a feed shows it, before its HTML is known."""

    path: str  # the page's address in the site
    title: str
    updated: datetime
    markdown: str  # the Markdown of its content
    summary: str = ""  # a page's own summary, plain text
    author: str = ""
    tags: tuple[str, ...] = ()


def site_feed_path() -> str:
    return FEED_FILE


def year_feed_path(week: Week) -> str:
    return f"{week.path}{FEED_FILE}"


def _activity(a: Activity, zone: str) -> Item:
    return Item(activity_path(a), a.title, moment(a.date, a.start_time, zone), a.description,
                author=a.organiser or "", tags=a.hashtags)


def _page(p: Page, week: Week, zone: str, title: str = "") -> Item:
    day = p.publish or p.date or week.start
    return Item(page_path(p), title or p.title, moment(day, None, zone), phase_text(p.body),
                p.summary)


def _starts(a: Activity) -> tuple[date, time]:
    return a.date, a.start_time or time(0)


def year_items(week: Week, zone: str, limit: int = LIMIT) -> list[Item]:
    """The newest of a year's pages (the look-back once it is there) and activities."""
    newest = heapq.nlargest(limit, week.activities, key=_starts)  # not all 2,000 as entries
    items = [_activity(a, zone) for a in newest]
    pages = [*week.pages, *(p for p in (week.intro,) if p is not None)]
    items.extend(_page(p, week, zone) for p in pages)
    if week.has_lookback and week.story is not None:
        items.append(_page(week.story, week, zone))
    return latest(items, limit)


def latest(items: Iterable[Item], limit: int = LIMIT) -> list[Item]:
    """The newest entries first; ties in a fixed order, so a feed is the same in every build.
    (All times are in the site's zone, so its clock time orders them.)"""
    ordered = sorted(items, key=lambda i: i.path)
    ordered.sort(key=lambda i: (i.updated.date(), i.updated.time()), reverse=True)
    return ordered[:limit]


def site_items(site: Site) -> list[Item]:
    """The newest of all years: among the newest of each year."""
    return latest(i for w in site.weeks for i in year_items(w, site.config.timezone))


def markdown_of(items: Iterable[Item]) -> tuple[str, ...]:
    """The Markdown a feed shows, for the plan to declare."""
    return tuple(i.markdown for i in items if i.markdown.strip())


def entry_id(config: SiteConfig, path: str) -> str:
    """The page's address, which stays the same; without a full base_url a name-based UUID."""
    if has_host(config):
        return absolute(config, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"weekgen:{config.title}:{path}").urn


def _rfc3339(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _el(parent: etree.Element, tag: str, text: str | None = None,
        **attrs: str) -> etree.Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def feed(config: SiteConfig, title: str, path: str, home: str, items: Sequence[Item],
         html: Html, subtitle: str = "") -> bytes:
    """An Atom feed. `path` is the feed's own address, `home` the page it belongs to."""
    # The namespace as a plain attribute: ElementTree then writes every name without a prefix.
    root = etree.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    _el(root, "id", entry_id(config, path))
    _el(root, "title", title)
    if subtitle:
        _el(root, "subtitle", subtitle)
    updated = max((i.updated for i in items), default=None)
    _el(root, "updated", _rfc3339(updated) if updated else "1970-01-01T00:00:00Z")
    _el(root, "link", rel="self", type="application/atom+xml", href=absolute(config, path))
    _el(root, "link", rel="alternate", type="text/html", href=absolute(config, home))
    author = _el(root, "author")
    _el(author, "name", config.title)
    _el(author, "uri", absolute(config, ""))
    _el(root, "generator", "weekgen")
    for item in items:
        entry = _el(root, "entry")
        _el(entry, "id", entry_id(config, item.path))
        _el(entry, "title", item.title)
        _el(entry, "updated", _rfc3339(item.updated))
        _el(entry, "link", rel="alternate", type="text/html", href=absolute(config, item.path))
        if item.author:
            _el(_el(entry, "author"), "name", item.author)
        for tag in item.tags:
            _el(entry, "category", term=tag)
        body = html(item.markdown) if item.markdown.strip() else ""
        text = item.summary or (summary(body) if body else "")
        if text:
            _el(entry, "summary", text)
        if body:
            _el(entry, "content", body, type="html")
    etree.indent(root, space=" ")
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


# Render functions for the plan: (context, html) -> bytes.

def render_site(context: Mapping[str, Any], html: Html) -> bytes:
    config: SiteConfig = context["config"]
    return feed(config, config.title, site_feed_path(), "", context["items"], html,
                config.description)


def render_year(context: Mapping[str, Any], html: Html) -> bytes:
    config: SiteConfig = context["config"]
    week: Week = context["year"]
    title = f"{config.title} {week.year}"
    return feed(config, title, year_feed_path(week), week.path, context["items"], html,
                week.config.theme)
