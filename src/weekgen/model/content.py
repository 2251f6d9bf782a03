"""Activities and pages: what editors write for each year, as frozen records.

Pure: reads composed YAML (from `sources`) and returns records or problems with a place. Checks
that need a single file (types, dates within the folder's year, end after start) live here;
checks across files (duplicate slugs) are made when the site is assembled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from weekgen.errors import Position
from weekgen.model.fields import Field
from weekgen.model.week import Phase

STATUSES = ("scheduled", "cancelled", "postponed", "moved-online")
MEDIA_KINDS = ("video", "vlog", "pdf", "photo", "link")
NATIONAL = "landelijk"
# A page's parts for one phase of its Week: '::: voor' (or before), '::: tijdens' (during),
# '::: na' (after), several names with commas, each part closed by a line ':::'.
PHASE_NAMES = {"voor": Phase.BEFORE, "before": Phase.BEFORE, "tijdens": Phase.DURING,
               "during": Phase.DURING, "na": Phase.AFTER, "after": Phase.AFTER}
_FENCE = re.compile(r"^:::[ \t]*([\w ,]*?)[ \t]*$")

MEDIA_FIELDS = (
    Field("kind", "choice", "what it is", required=True, choices=MEDIA_KINDS),
    Field("url", "url", "where it is", required=True),
    Field("title", "text", "what it is called", required=True),
)

ACTIVITY_FIELDS = (
    Field("title", "text", "what the activity is called", required=True),
    Field("date", "date", "the day it happens, YYYY-MM-DD", required=True),
    Field("end_date", "date", "the last day, for an activity of several days"),
    Field("start_time", "time", "when it starts, HH:MM local time"),
    Field("end_time", "time", "when it ends, HH:MM local time"),
    Field("region", "text", f"the place or region; '{NATIONAL}' for national"),
    Field("organiser", "text", "who organises it"),
    Field("theme", "text", "its theme"),
    Field("hashtag", "tags", "its own hashtag, without #"),
    Field("kind", "text", "meeting, training, publication, video, campaign, media, online, ..."),
    Field("location", "text", "the address or venue"),
    Field("online", "bool", "true when it takes place online"),
    Field("url", "url", "a link for more information or to sign up"),
    Field("description", "markdown", "what it is about (Markdown)"),
    Field("participants", "int", "how many people took part"),
    Field("highlight", "bool", "true to feature it"),
    Field("status", "choice", "scheduled (default), cancelled, postponed or moved-online",
          choices=STATUSES),
    Field("slug", "slug", "the last part of its address; made from the title when left out"),
    Field("report", "markdown", "what happened, for the look-back (Markdown)"),
    Field("media", "records", "videos, vlogs, PDFs, photos and links about it",
          item_fields=MEDIA_FIELDS),
    Field("aliases", "list", "its old addresses, e.g. /2021/activiteiten/oude-titel/, "
          "which then lead to the new one"),
)

PAGE_FIELDS = (
    Field("title", "text", "the page's title", required=True),
    Field("date", "date", "attaches the page to a day of the Week"),
    Field("slug", "slug", "the last part of its address; the file name when left out"),
    Field("summary", "text", "one or two sentences for lists and search engines"),
    Field("draft", "bool", "true to leave the page out of the site"),
    Field("order", "int", "where the page comes in the menu (lower first)"),
    Field("publish", "date", "leave the page out of the site until this day"),
    Field("aliases", "list", "its old addresses, e.g. /2021/oud-adres/, which then lead here"),
    Field("image", "text", "a picture for the page: a file next to it (e.g. aftrap.jpg) "
          "or an https:// address"),
    Field("image_alt", "text", "what the picture shows, for those who cannot see it; "
          "leave out for a decorative picture"),
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@dataclass(frozen=True)
class Media:
    kind: str
    url: str
    title: str


@dataclass(frozen=True)  # not slots: the cache unpickles 20,000 of these, four times slower so
class Activity:
    """One registered activity. `slug` is final once the site is assembled."""

    year: int
    title: str
    date: dt.date
    end_date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    region: str | None = None
    organiser: str | None = None
    theme: str | None = None
    hashtags: tuple[str, ...] = ()
    kind: str | None = None
    location: str | None = None
    online: bool = False
    url: str | None = None
    description: str = ""
    participants: int | None = None
    highlight: bool = False
    status: str = "scheduled"
    slug: str = ""
    report: str = ""
    media: tuple[Media, ...] = ()
    aliases: tuple[str, ...] = ()  # old addresses, as output paths: '2021/activiteiten/oud/'
    explicit_slug: bool = False
    source: Position = field(default=Position(""), compare=False)
    alias_at: tuple[Position, ...] = field(default=(), compare=False)  # where each alias is
    digest: str = field(default="", compare=False)

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.date

    @property
    def national(self) -> bool:
        return (self.region or "").strip().lower() == NATIONAL

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class Page:
    """A Markdown page of a year. `index` is the year's introduction, `terugblik` the look-back."""

    year: int
    name: str  # the file name without .md
    title: str
    body: str
    slug: str
    date: dt.date | None = None
    summary: str = ""
    draft: bool = False
    order: int = 100
    publish: dt.date | None = None
    aliases: tuple[str, ...] = ()  # old addresses, as output paths: '2021/oud-adres/'
    image: str = ""  # an https:// address, or a file name in the year's folder
    image_alt: str = ""
    source: Position = field(default=Position(""), compare=False)
    slug_at: Position = field(default=Position(""), compare=False)  # where the slug comes from
    image_at: Position = field(default=Position(""), compare=False)
    alias_at: tuple[Position, ...] = field(default=(), compare=False)  # where each alias is
    digest: str = field(default="", compare=False)


def phase_text(text: str, phase: Phase | None = None) -> str:
    """`text` as it reads in `phase`: its parts for another phase left out, the fences too;
    without a phase every part (for a feed or the search index, which outlive a phase). A fence
    line that names no phase is text like any other."""
    if ":::" not in text:
        return text
    kept: list[str] = []
    part: frozenset[Phase] | None = None
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line.rstrip("\r\n"))
        names = [n for n in re.split(r"[ ,]+", fence.group(1).lower()) if n] if fence else []
        if fence and part is None and names and all(n in PHASE_NAMES for n in names):
            part = frozenset(PHASE_NAMES[n] for n in names)
            continue
        if fence and part is not None and not names:
            part = None
            continue
        if part is None or phase is None or phase in part:
            kept.append(line)
    return "".join(kept)


def alias_path(text: str) -> tuple[str, str]:
    """An old address such as '/2021/oud-adres/' as the output path of its redirect page
    ('2021/oud-adres/', or 'oud/pagina.html' as written), and '' -- or '' and why not."""
    if not text.startswith("/") or text.startswith("//"):
        return "", "is not an address on this site: it should start with a single /"
    rel = unquote(text[1:])
    if any(c in "?#" for c in text) or any(c == "\\" or not c.isprintable() or c.isspace()
                                            for c in text + rel):
        return "", "may not hold ?, #, \\ or spaces"
    parts = rel.removesuffix("/").split("/")
    if not rel:
        return "", "is the front page itself"
    if any(p in ("", ".", "..") for p in parts):
        return "", "leaves the site: no empty, '.' or '..' parts"
    if parts[0] == "static":
        return "", "is in /static/, which holds the site's own files"
    return (rel if rel.endswith(("/", ".html")) else rel + "/"), ""


