"""What search engines and link previews read: schema.org JSON-LD, the sitemap, robots.txt, and
the checks that tell editors what an activity lacks to show as an event in search results.

Pure: values in, text or problems out. JSON-LD is built as dicts and written with `json.dumps`,
then escaped for an HTML <script> element, so that no text in the content (such as
'</script>') can end the element early. Times carry the site's UTC offset, so that a search
engine shows 14:00 in Amsterdam as 14:00 in Amsterdam.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import unescape
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from weekgen.errors import Position, Problem
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity
from weekgen.model.media import video_of
from weekgen.model.site import LOOKBACK, Site, Week, activity_path
from weekgen.model.week import Phase
from weekgen.wording import N_

SCHEMA = "https://schema.org"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, by the sitemaps.org protocol
SUB_EVENTS = 30  # activities named in the Week's own Event (highlights first), to keep it small
SHARE_IMAGE = "deelkaart.png"  # the share image drawn for a page, next to its index.html
SHARE_SIZE = (1200, 630)
OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")  # what link previews show (no SVG)
# Kinds that are not events anyone attends: no start time or place to ask for.
NOT_EVENTS = frozenset({"publication", "video", "vlog", "campaign", "media", "social"})
WARNINGS_PER_YEAR = 10  # then one line for the rest, so that a big import does not drown a build

STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "moved-online": "EventMovedOnline",
    "rescheduled": "EventRescheduled",  # postponed, with its new_date
}


# --- addresses -----------------------------------------------------------------------------------

def absolute(config: SiteConfig, path: str) -> str:
    """A page's full address; only the path when site.yaml has no full base_url."""
    return config.base_url + path.lstrip("/")


def has_host(config: SiteConfig) -> bool:
    return bool(urlsplit(config.base_url).netloc)


def webcal_url(config: SiteConfig, path: str) -> str:
    """The subscribe link (webcal://) of a calendar file, or '' without a full base_url."""
    if not has_host(config):
        return ""
    return "webcal://" + absolute(config, path).split("://", 1)[1]


def drawn(config: SiteConfig, week: Week | None, path: str,
          activity: Activity | None = None) -> bool:
    """Whether the build draws a share image for the page at `path`: the front page, a year's
    home, its days and look-back, and the highlighted activities (every activity with
    `share_images: all`). A year with its own `image` gets none: the site's own picture wins."""
    if config.share_images == "none" or week is None or week.config.image:
        return False
    if activity is not None:
        return config.share_images == "all" or activity.highlight
    return path in ("", week.path) or any(d.path == path for d in week.days) or (
        week.has_lookback and path == f"{week.path}{LOOKBACK}/")


def image_path(config: SiteConfig, week: Week | None, path: str = "",
               activity: Activity | None = None, own: str = "") -> str:
    """The picture link previews show for the page at `path`: the page's `own` picture (a page's
    `image`: a file of the year's folder or an https:// address), the one drawn for it, the
    year's `image`, the one drawn for the year; '' when there is none."""
    if own:
        return own if own.startswith("https://") or week is None else f"{week.year}/{own}"
    if drawn(config, week, path, activity):
        return f"{path}{SHARE_IMAGE}"
    if week is not None and week.config.image:
        return f"{week.year}/{week.config.image}"
    if week is not None and drawn(config, week, week.path):
        return f"{week.path}{SHARE_IMAGE}"
    return ""


# --- plain text ----------------------------------------------------------------------------------

SUMMARY_READ = 4  # characters of HTML read for each character of a summary, before the whole
_BLOCK = re.compile(r"</?(?:p|li|br|h[1-6]|tr|dt|dd|blockquote|pre|div|figcaption|ul|ol|table)"
                    r"\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<!--.*?-->", re.DOTALL)


def plain_text(html: str) -> str:
    """Sanitised HTML as text: paragraphs on lines of their own, other whitespace collapsed.

    Tags are matched with their quoted attributes, which is exact for the well-formed HTML the
    sanitiser writes, and many times faster than a parser."""
    lines = (" ".join(line.split()) for line in _untagged(html, "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _untagged(html: str, block_break: str) -> str:
    """The text of sanitised HTML, with `block_break` where a block begins or ends."""
    return unescape(_TAG.sub("", _BLOCK.sub(block_break, str(html))))


def summary(html: str, limit: int = 200) -> str:
    """One line of text for a description meta tag: whole words, at most `limit` characters.

    Only the start of a long text is read (less than half the time for a description of 300
    words): cut after a tag's '>', which the sanitiser writes nowhere else (it escapes '<' and
    '>' in text and attribute values alike), the start's words begin the whole text's words,
    so once they are longer than `limit` the cut falls in the same place."""
    if len(html) > SUMMARY_READ * limit:
        end = html.rfind(">", 0, SUMMARY_READ * limit) + 1
        start = _one_line(html[:end]) if end else ""
        if len(start) > limit:
            return shorten(start, limit)
    return shorten(_one_line(html), limit)


def _one_line(html: str) -> str:
    """plain_text(html) with all its whitespace as single spaces, without making its lines
    first."""
    return " ".join(_untagged(html, " ").split())


def shorten(text: str, limit: int = 200) -> str:
    """Text on one line, cut after a whole word to at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.–- ") + "…"


# --- JSON-LD -------------------------------------------------------------------------------------

def script_json(data: Mapping[str, Any]) -> str:
    """JSON for inside <script type="application/ld+json">: '<', '>' and '&' escaped, so that
    '</script>' or '<!--' in a title cannot end the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        if char in text:  # (most texts hold none of them, and looking is quicker)
            text = text.replace(char, escaped)
    return text


def start_end(activity: Activity, zone: str,
              previous: bool = False) -> tuple[str, str | None]:
    """ISO 8601: with the offset where there is a time, the date alone for a whole day. A
    postponed activity's new dates where it has them (`previous` for the planned ones)."""
    tz = ZoneInfo(zone)
    first, last = (activity.date, activity.last_date) if previous else activity.held_dates
    if activity.start_time is None:
        return first.isoformat(), last.isoformat()
    start = datetime.combine(first, activity.start_time, tz).isoformat()
    if activity.end_time is not None:
        return start, datetime.combine(last, activity.end_time, tz).isoformat()
    if activity.end_date is not None:
        return start, last.isoformat()
    return start, None


def is_online(activity: Activity) -> bool:
    return activity.online or activity.status == "moved-online"


# What an item that is not an event is, for search engines (schema.org types).
WORKS = {"publication": "Report", "video": "VideoObject", "vlog": "VideoObject",
         "media": "CreativeWork"}


def _place(activity: Activity) -> dict[str, Any] | None:
    """Where it is: its location (in its region), else its region; None for a nationwide or
    online-only activity."""
    region = activity.region if activity.region and not activity.national else None
    if activity.status == "moved-online" or not (activity.location or region):
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if activity.location:
        address["streetAddress"] = activity.location
    if region:
        address["addressLocality"] = region
    return {"@type": "Place", "name": activity.location or region, "address": address}


def country(config: SiteConfig) -> dict[str, Any]:
    return {"@type": "Country", "name": config.country}


def locations(activity: Activity, config: SiteConfig, url: str) -> list[dict[str, Any]]:
    """Every Event has a location, as search engines require: the place, the online address,
    both, or for what happens nationwide (or nowhere in particular) the country."""
    found: list[dict[str, Any]] = []
    place = _place(activity)
    if place is not None:
        found.append(place)
    if is_online(activity):
        found.append({"@type": "VirtualLocation", "url": activity.url or url})
    return found or [country(config)]


def is_event(activity: Activity) -> bool:
    """A publication, video or media item is a work, not an event anyone attends."""
    return (activity.kind or "") not in WORKS


def work(activity: Activity, config: SiteConfig, description: str = "",
         image: str = "") -> dict[str, Any]:
    """A publication (Report), video (VideoObject) or media item (CreativeWork)."""
    url = absolute(config, activity_path(activity))
    kind = WORKS[activity.kind or ""]
    data: dict[str, Any] = {"@type": kind, "@id": url + "#item", "name": activity.title,
                            "url": url, "datePublished": activity.date.isoformat()}
    if activity.organiser:
        data["author"] = {"@type": "Organization", "name": activity.organiser}
    if description:
        data["description"] = " ".join(description.split())
    if kind == "VideoObject":
        data["uploadDate"] = data["datePublished"]
        if image:
            data["thumbnailUrl"] = [image]
        urls = [part.url for m in activity.media if m.kind in ("video", "vlog")
                for part in m.links]
        known = next((v for v in map(video_of, [*urls, activity.url or ""]) if v is not None),
                     None)
        if known is not None:  # YouTube or Vimeo: the player's address
            data["embedUrl"] = known.embed_url
        elif urls:
            data["contentUrl"] = urls[0]
    elif image:
        data["image"] = [image]
    return data


def event(activity: Activity, config: SiteConfig, description: str = "",
          image: str = "", week: Week | None = None) -> dict[str, Any]:
    """The schema.org Event of an activity page. `description` is its summary (text, not HTML)."""
    url = absolute(config, activity_path(activity))
    start, end = start_end(activity, config.timezone)
    data: dict[str, Any] = {"@type": "Event", "@id": url + "#event", "name": activity.title,
                            "url": url, "startDate": start}
    if end is not None:
        data["endDate"] = end
    status = "rescheduled" if activity.rescheduled else activity.status
    data["eventStatus"] = f"{SCHEMA}/{STATUS.get(status, 'EventScheduled')}"
    if activity.rescheduled:
        data["previousStartDate"] = start_end(activity, config.timezone, previous=True)[0]
    found = locations(activity, config, url)
    data["location"] = found[0] if len(found) == 1 else found
    online = any(place["@type"] == "VirtualLocation" for place in found)
    offline = any(place["@type"] != "VirtualLocation" for place in found)
    mode = "Mixed" if online and offline else "Online" if online else "Offline"
    data["eventAttendanceMode"] = f"{SCHEMA}/{mode}EventAttendanceMode"
    if activity.organiser:
        data["organizer"] = {"@type": "Organization", "name": activity.organiser}
    if description:
        data["description"] = " ".join(description.split())
    if image:
        data["image"] = [image]
    if week is not None:
        data["superEvent"] = {"@id": absolute(config, week.path) + "#event"}
    return data


def week_event(week: Week, config: SiteConfig, description: str = "",
               image: str = "") -> dict[str, Any]:
    """The Week itself as an Event, with (the first `SUB_EVENTS` of) its activities."""
    url = absolute(config, week.path)
    name = f"{config.title} {week.year}"
    if week.config.theme:
        name += f": {week.config.theme}"
    data: dict[str, Any] = {"@type": "Event", "@id": url + "#event", "name": name, "url": url,
                            "startDate": week.start.isoformat(),
                            "endDate": week.end.isoformat(),
                            "eventStatus": f"{SCHEMA}/EventScheduled",
                            "eventAttendanceMode": f"{SCHEMA}/MixedEventAttendanceMode",
                            "location": country(config)}
    if description:
        data["description"] = " ".join(description.split())
    if image:
        data["image"] = [image]
    events = (a for a in week.activities if is_event(a))
    chosen = sorted(events, key=lambda a: not a.highlight)[:SUB_EVENTS]
    subs = []
    for a in sorted(chosen, key=lambda a: (a.date, a.start_time or time(0))):
        sub_url = absolute(config, activity_path(a))
        found = locations(a, config, sub_url)
        subs.append({"@type": "Event", "@id": sub_url + "#event", "name": a.title,
                     "startDate": start_end(a, config.timezone)[0], "url": sub_url,
                     "location": found[0] if len(found) == 1 else found})
    if subs:
        data["subEvent"] = subs
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]], config: SiteConfig) -> dict[str, Any]:
    """A BreadcrumbList from (name, path) pairs, the front page first."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": absolute(config, path)}
        for i, (name, path) in enumerate(trail, start=1)]}


def trail(path: str, config: SiteConfig, week: Week | None, name: str,
          labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """The pages above `path`, by its address: the front page, the year, the list it belongs to
    (all activities, a region...), then the page itself. `labels` names the lists (translated
    by the template); a list without a label is left out."""
    if not path or path.endswith(".html"):
        return []
    crumbs = [(config.title, "")]
    parts = path.strip("/").split("/")
    if week is not None and parts[0] == str(week.year):
        if len(parts) == 1:
            return [*crumbs, (name, path)]
        crumbs.append((labels.get("year", str(week.year)), week.path))
        if len(parts) == 3 and parts[1] in labels:
            crumbs.append((labels[parts[1]], f"{parts[0]}/{parts[1]}/"))
    return [*crumbs, (name, path)]


def graph(items: Iterable[Mapping[str, Any] | None]) -> dict[str, Any]:
    """Several JSON-LD objects as one document for one <script> element."""
    return {"@context": SCHEMA, "@graph": [dict(i) for i in items if i]}


@dataclass(frozen=True)
class PageData:
    """What a page tells search engines, for the template's head."""

    json_ld: str  # escaped for a <script> element
    image: str  # absolute, or '' for none
    description: str
    image_size: tuple[int, int] | None = None  # of a drawn image
    locale: str = ""
    image_of_page: bool = False  # drawn for this very page (not the year's, shown instead)


def page_data(config: SiteConfig, path: str, name: str, labels: Mapping[str, str],
              week: Week | None = None, activity: Activity | None = None,
              html: str = "", description: str = "", own_image: str = "") -> PageData:
    """The JSON-LD and preview data of one page. `html` is the sanitised HTML of what the page
    is about (an activity's description, the Week's explanation); `description` the fallback;
    `own_image` a page's own picture."""
    found = image_path(config, week, path, activity, own_image)
    image = found if found.startswith("https://") or not found else absolute(config, found)
    size = SHARE_SIZE if found.endswith(SHARE_IMAGE) and not own_image else None
    # One summary for link previews and for search engines: the whole text is on the page
    # itself, and in the JSON-LD too it would make every activity's page heavier.
    shown = summary(html) if html else " ".join(description.split())
    items: list[Mapping[str, Any] | None] = []
    if activity is not None and not is_event(activity):
        items.append(work(activity, config, shown if html else "", image))
    elif activity is not None:
        items.append(event(activity, config, shown if html else "", image, week))
    elif week is not None and path == week.path:
        items.append(week_event(week, config, shown if html else "", image))
    elif path == "":
        items.append({"@type": "WebSite", "name": config.title, "url": absolute(config, "")})
    crumbs = trail(path, config, week, name, labels)
    if len(crumbs) > 1:
        items.append(breadcrumbs(crumbs, config))
    return PageData(script_json(graph(items)) if any(items) else "", image, shown, size,
                    OG_LOCALES.get(config.language, ""), found == f"{path}{SHARE_IMAGE}")


# --- sitemap and robots.txt ----------------------------------------------------------------------

def sitemap_urls(config: SiteConfig, paths: Iterable[str]) -> list[str]:
    """The addresses of the site's pages from their output paths; the 404 page is no page."""
    urls = []
    for path in sorted(paths):
        if not path.endswith(".html") or path == "404.html":
            continue
        urls.append(absolute(config, path.removesuffix("index.html")))
    return urls


def sitemap(urls: Sequence[str]) -> bytes:
    """A sitemap (sitemaps.org 0.9) without lastmod: weekgen knows no honest modification date."""
    root = etree.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        etree.SubElement(etree.SubElement(root, "url"), "loc").text = url
    return _xml(root)


def sitemap_index(urls: Sequence[str]) -> bytes:
    root = etree.Element("sitemapindex", xmlns=SITEMAP_NS)
    for url in urls:
        etree.SubElement(etree.SubElement(root, "sitemap"), "loc").text = url
    return _xml(root)


def sitemap_names(count: int) -> list[str]:
    """The files of a sitemap of `count` pages: sitemap.xml, and over 50,000 pages its parts."""
    if count <= SITEMAP_LIMIT:
        return ["sitemap.xml"]
    parts = (count + SITEMAP_LIMIT - 1) // SITEMAP_LIMIT
    return ["sitemap.xml", *(f"sitemap-{i}.xml" for i in range(1, parts + 1))]


def sitemap_files(config: SiteConfig, paths: Iterable[str]) -> dict[str, bytes]:
    """sitemap.xml; over 50,000 pages, an index of sitemap-1.xml, sitemap-2.xml..."""
    urls = sitemap_urls(config, paths)
    names = sitemap_names(len(urls))
    if len(names) == 1:
        return {"sitemap.xml": sitemap(urls)}
    files = {name: sitemap(urls[i * SITEMAP_LIMIT:(i + 1) * SITEMAP_LIMIT])
             for i, name in enumerate(names[1:])}
    files["sitemap.xml"] = sitemap_index([absolute(config, name) for name in names[1:]])
    return files


def robots(config: SiteConfig) -> bytes:
    """Everything may be crawled; the sitemap is named where the address is known."""
    lines = ["User-agent: *", "Disallow:"]
    if has_host(config):
        lines += ["", f"Sitemap: {absolute(config, 'sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode()


def _xml(root: etree.Element) -> bytes:
    etree.indent(root, space="")
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


# --- checks --------------------------------------------------------------------------------------

def check_images(site: Site, assets: Collection[str]) -> list[Problem]:
    """Errors for a week.yaml `image` that is not a picture of that year's folder."""
    return [p for week in site.weeks for p in _check_image(week, assets)]


def advice(site: Site) -> list[Problem]:
    """Advice for search engines, feed readers and link previews, for `weekgen check`: what
    upcoming activities lack to show as events, and a missing full base_url. The site is right
    without them (feeds and calendars do without the address), so none of it is a warning."""
    problems: list[Problem] = []
    for week in site.weeks:
        if week.phase is not Phase.AFTER:  # nobody needs search results for a past Week
            problems.extend(_check_events(week))
    if not has_host(site.config) and site.weeks:
        problems.append(Problem(
            Position("content/site.yaml", 1, 1), N_("site.yaml has no full 'base_url'"),
            N_("feeds, the sitemap, calendar subscriptions and link previews need the site's "
               "address: add e.g. base_url: https://www.example.org/"), "advice"))
    return problems


def _check_image(week: Week, assets: Collection[str]) -> list[Problem]:
    image = week.config.image
    if not image:
        return []
    at = week.config.image_at or Position(f"content/{week.year}/week.yaml")
    if not image.lower().endswith(IMAGE_TYPES):
        return [Problem(at, N_("'image' {image} is not a picture link previews can "
                               "show").format(image=image),
                        N_("use a PNG, JPEG, GIF or WebP file of about 1200 x 630 pixels"))]
    if f"content/{week.year}/{image}" not in assets:
        return [Problem(at, N_("'image' {image} is not in content/{year}/").format(
                            image=image, year=week.year),
                        N_("put the picture in content/{year}/ and write its file name, "
                           "e.g. image: deelbeeld.png").format(year=week.year))]
    return []


def missing_for_search(activity: Activity) -> list[str]:
    """What an activity lacks to be listed as an event: a start time, and a place or a link.

    Asked only of what people attend: not of a cancelled activity, of a publication, video or
    campaign, nor of a nationwide item that runs for days (a programme, not one event)."""
    if activity.cancelled or (activity.kind or "") in NOT_EVENTS or (
            activity.national and activity.end_date is not None):
        return []
    missing: list[str] = []
    if activity.start_time is None:
        missing.append(N_("a start_time"))
    if not activity.location and not (is_online(activity) and activity.url):
        missing.append(N_("a location (or online: true with a url)"))
    return missing


def _events_hint(activity: Activity) -> str:
    """What to add to this activity: only what it lacks (never a start_time it has)."""
    add = []
    if activity.start_time is None:
        add.append('start_time: "14:00"')
    if not activity.location and not (is_online(activity) and activity.url):
        add.append(N_("the address as location:, or online: true and the url where it takes "
                      "place") if not is_online(activity) else N_("the url where it takes place"))
    what = add[0] if len(add) == 1 else N_("{one} and {other}").format(one=add[0], other=add[1])
    return N_("add {what} (a publication, video or campaign is not an event: say so with its "
              "kind:)").format(what=what)


def _check_events(week: Week) -> list[Problem]:
    lacking = sorted(((a, m) for a in week.activities if (m := missing_for_search(a))),
                     key=lambda found: found[0].source)  # in the order of the files
    problems = [
        Problem(a.source, N_("search engines show '{title}' as an event only with "
                             "{what}").format(title=a.title, what=missing[0] if len(missing) == 1
                                              else N_("{one} and {other}").format(
                                                  one=missing[0], other=missing[1])),
                _events_hint(a), "advice")
        for a, missing in lacking[:WARNINGS_PER_YEAR]]
    rest = len(lacking) - WARNINGS_PER_YEAR
    if rest > 0:
        first = lacking[WARNINGS_PER_YEAR][0].source
        problems.append(Problem(
            Position(first.path), N_("and {count} more activities of {year} lack a start "
                                     "time or a place for search engines").format(
                                         count=rest, year=week.year), "", "advice"))
    return problems


# --- dates for feeds and calendars ---------------------------------------------------------------

def moment(day: date, at: time | None, zone: str) -> datetime:
    """A day and time in the site's zone, as an aware datetime (midnight for a whole day)."""
    return datetime.combine(day, at or time(0), ZoneInfo(zone))


def day_after(day: date) -> date:
    return day + timedelta(days=1)
