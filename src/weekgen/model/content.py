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
from weekgen.wording import N_

STATUSES = ("scheduled", "cancelled", "postponed", "moved-online")
MEDIA_KINDS = ("video", "vlog", "pdf", "photo", "link")
NATIONAL = "landelijk"
# The kinds of activity the theme knows (its labels are in the message catalogues); a site may
# declare its own list in site.yaml instead.
KINDS = ("meeting", "conference", "training", "publication", "video", "vlog", "campaign", "media",
         "online", "social", "street", "other")
MENUS = ("header", "footer")  # where a page of the whole site may put a link to itself
# A page's parts for one phase of its Week: '::: voor' (or before), '::: tijdens' (during),
# '::: na' (after), several names with commas, each part closed by a line ':::'.
PHASE_NAMES = {"voor": Phase.BEFORE, "before": Phase.BEFORE, "tijdens": Phase.DURING,
               "during": Phase.DURING, "na": Phase.AFTER, "after": Phase.AFTER}
_FENCE = re.compile(r"^:::[ \t]*([\w ,]*?)[ \t]*$")

MEDIA_PART_FIELDS = (
    Field("url", "url", "where it is", required=True),
    Field("title", "text", "what it is called, e.g. Tip 1", required=True),
)

MEDIA_FIELDS = (
    Field("kind", "choice", "what it is", required=True, choices=MEDIA_KINDS),
    Field("url", "url", "where it is (a series has its parts' instead)"),
    Field("title", "text", "what it is called; for a series, the series", required=True),
    Field("parts", "records", "a series shown as one item with a list, e.g. seven tips: each "
          "part's url and title", item_fields=MEDIA_PART_FIELDS),
    Field("poster", "text", "for a video: a still shown in its frame until it is played, a "
          "picture in this year's folder (e.g. aftrap.jpg)"),
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
    Field("kind", "choice", "what sort of activity: " + ", ".join(KINDS), choices=KINDS),
    Field("location", "text", "the address or venue"),
    Field("online", "bool", "true when it takes place online"),
    Field("url", "url", "a link for more information or to sign up"),
    Field("description", "markdown", "what it is about (Markdown)"),
    Field("participants", "int", "how many people took part"),
    Field("highlight", "bool", "true to feature it"),
    Field("status", "choice", "scheduled (default), cancelled, postponed or moved-online",
          choices=STATUSES),
    Field("new_date", "date", "for a postponed activity: the day it now takes place, "
          "YYYY-MM-DD"),
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
    Field("menu", "choice", "for a page of the whole site (in content/ itself): header or "
          "footer puts a link to it in the site's header or footer on every page",
          choices=MENUS),
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@dataclass(frozen=True)
class MediaPart:
    """One of a series: its own address and title; its kind is the series'."""

    url: str
    title: str


@dataclass(frozen=True)
class Media:
    kind: str
    url: str
    title: str
    parts: tuple[MediaPart, ...] = ()  # a series (seven tips): one item with a list
    poster: str = ""  # a picture's file name in the year's folder, shown in a video's frame
    poster_path: str = ""  # its address in the output: '2018/aftrap.jpg'
    poster_at: Position = field(default=Position(""), compare=False, repr=False)

    @property
    def links(self) -> tuple[MediaPart, ...]:
        """What it links to: its parts, or itself."""
        return self.parts or (MediaPart(self.url, self.title),)


@dataclass(frozen=True)  # not slots: the cache unpickles thousands of these, far slower so
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
    new_date: dt.date | None = None  # a postponed activity's new first day
    slug: str = ""
    report: str = ""
    media: tuple[Media, ...] = ()
    aliases: tuple[str, ...] = ()  # old addresses, as output paths: '2021/activiteiten/oud/'
    explicit_slug: bool = False
    source: Position = field(default=Position(""), compare=False)
    alias_at: tuple[Position, ...] = field(default=(), compare=False)  # where each alias is
    digest: str = field(default="", compare=False)
    extra: tuple[tuple[str, object], ...] = ()  # the site's own fields: (name, value)

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.date

    @property
    def national(self) -> bool:
        return (self.region or "").strip().lower() == NATIONAL

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def rescheduled(self) -> bool:
        """Postponed to a day that is known (`new_date`)."""
        return self.status == "postponed" and self.new_date is not None

    @property
    def held_dates(self) -> tuple[dt.date, dt.date]:
        """The first and last day it takes place: after a postponement, from its new date, as
        many days as it was planned to last. The site lists it on its planned day (with the new
        date said); a calendar has it on the day it takes place."""
        if self.new_date is None or not self.rescheduled:
            return self.date, self.last_date
        return self.new_date, self.new_date + (self.last_date - self.date)


@dataclass(frozen=True, slots=True)
class ActivityRules:
    """What an activity of a year may hold beyond the built-in fields, and when it may be: the
    site's own fields and kinds, and the calendar years its edition spans (an edition from 28
    December to 3 January takes dates of both years)."""

    first_year: int
    last_year: int
    fields: tuple[Field, ...] = ()
    kinds: tuple[str, ...] = KINDS

    def activity_fields(self) -> tuple[Field, ...]:
        """The built-in fields, `kind` with this site's kinds, then the site's own."""
        kind = Field("kind", "choice", "what sort of activity: " + ", ".join(self.kinds),
                     choices=self.kinds)
        return (*(kind if f.name == "kind" else f for f in ACTIVITY_FIELDS), *self.fields)


@dataclass(frozen=True)
class Page:
    """A Markdown page of a year, or of the whole site (`year` None: a file in content/ itself,
    such as pers.md at /pers/). A year's `index` is its introduction, `terugblik` the look-back."""

    year: int | None
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
    menu: str = ""  # a page of the whole site: '', 'header' or 'footer'
    source: Position = field(default=Position(""), compare=False)
    slug_at: Position = field(default=Position(""), compare=False)  # where the slug comes from
    image_at: Position = field(default=Position(""), compare=False)
    alias_at: tuple[Position, ...] = field(default=(), compare=False)  # where each alias is
    digest: str = field(default="", compare=False)

    @property
    def folder(self) -> str:
        """Where the page and its pictures are: content/2021, or content for the whole site's."""
        return "content" if self.year is None else f"content/{self.year}"


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
        return "", N_("is not an address on this site: it should start with a single /")
    rel = unquote(text[1:])
    if any(c in "?#" for c in text) or any(c == "\\" or not c.isprintable() or c.isspace()
                                            for c in text + rel):
        return "", N_("may not hold ?, #, \\ or spaces")
    parts = rel.removesuffix("/").split("/")
    if not rel:
        return "", N_("is the front page itself")
    if any(p in ("", ".", "..") for p in parts):
        return "", N_("leaves the site: no empty, '.' or '..' parts")
    if parts[0] == "static":
        return "", N_("is in /static/, which holds the site's own files")
    if parts[0] == "pagefind":
        return "", N_("is in /pagefind/, which holds the site search's index")
    return (rel if rel.endswith(("/", ".html")) else rel + "/"), ""


