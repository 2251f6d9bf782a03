"""Activities and pages: what editors write for each year, as frozen records.

Pure: reads composed YAML (from `sources`) and returns records or problems with a place. Checks
that need a single file (types, dates within the folder's year, end after start) live here;
checks across files (duplicate slugs) are made when the site is assembled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import yaml

from weekgen.errors import Position, Problems
from weekgen.fields import SAFE_URL, Field, Located, position, read_record
from weekgen.slugs import slugify
from weekgen.sources import FrontMatter, SourceFile

STATUSES = ("scheduled", "cancelled", "postponed", "moved-online")
MEDIA_KINDS = ("video", "vlog", "pdf", "photo", "link")
NATIONAL = "landelijk"

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
_IMAGE_NAME = re.compile(r"^\w[\w.-]*$")


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


def record_digest(values: Any) -> str:
    """A stable fingerprint of what a record shows, to know which pages an edit touches."""
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def read_activities(node: yaml.Node | None, source: SourceFile, year: int,
                    problems: Problems) -> list[Activity]:
    """Every valid activity of one activities file; the invalid ones are reported."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.error(position(source.path, node), "activities.yaml should be a list of "
                       "activities, each starting with '- title: ...'")
        return []
    activities = []
    for item in node.value:
        record = read_record(item, ACTIVITY_FIELDS, source.path, problems, "activity")
        if record is None:
            continue
        aliases = _aliases(item, record, source.path, problems)
        if _check_activity(record, year, problems) and record.valid and aliases is not None:
            activities.append(_activity(record, year, aliases))
    return activities


def _check_activity(record: Located, year: int, problems: Problems) -> bool:
    v, at = record.values, record.positions
    ok = True
    for key in ("date", "end_date"):
        if key in v and v[key].year != year:
            problems.error(at[key], f"'{key}' {v[key]} is in {v[key].year}, not in {year}",
                           f"move the activity to content/{v[key].year}/ or correct the year")
            ok = False
    if "end_date" in v and "date" in v and v["end_date"] < v["date"]:
        problems.error(at["end_date"], f"'end_date' {v['end_date']} is before 'date' {v['date']}")
        ok = False
    if "end_time" in v and "start_time" not in at:
        problems.error(at["end_time"], "'end_time' is set but not 'start_time'",
                       "add a start_time, or leave out the end_time")
        ok = False
    elif "end_time" in v and "start_time" in v and "end_date" not in v \
            and v["end_time"] <= v["start_time"]:
        problems.error(at["end_time"], f"'end_time' {v['end_time']:%H:%M} is not after "
                       f"'start_time' {v['start_time']:%H:%M}",
                       "for an activity past midnight, set end_date too")
        ok = False
    return ok


def _activity(record: Located, year: int, aliases: Aliases) -> Activity:
    values = dict(record.values)
    values["hashtags"] = values.pop("hashtag", ())
    values["media"] = tuple(Media(**m.values) for m in values.get("media", ()))
    values["explicit_slug"] = "slug" in values
    values["year"] = year
    values["aliases"] = aliases[0]
    digest = record_digest(sorted(values.items()))
    return Activity(**values, source=record.position, alias_at=aliases[1], digest=digest)


Aliases = tuple[tuple[str, ...], tuple[Position, ...]]


def _aliases(node: yaml.Node, record: Located, path: str, problems: Problems) -> Aliases | None:
    """A record's old addresses as the output paths of their redirects, each with its place;
    None after reporting one that cannot be an old address of this site."""
    if "aliases" not in record.values:
        return (), ()
    value = next(v for k, v in node.value if isinstance(k, yaml.ScalarNode)
                 and k.value == "aliases")
    items = value.value if isinstance(value, yaml.SequenceNode) else [value]
    paths: list[str] = []
    places: list[Position] = []
    ok = True
    for item in items:  # scalars: the list reader has checked that
        text = item.value.strip()
        if not text:
            continue
        at = position(path, item)
        found, why = alias_path(text)
        if why:
            problems.error(at, f"'aliases' {text} {why}", "write the old address as it was on "
                           "this site, without the domain, e.g. /2021/oud-adres/")
            ok = False
        else:
            paths.append(found)
            places.append(at)
    return (tuple(paths), tuple(places)) if ok else None


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


def read_page(front: FrontMatter, source: SourceFile, year: int,
              problems: Problems) -> Page | None:
    name = source.path.rsplit("/", 1)[-1][: -len(".md")]
    if front.meta is None:
        problems.error(Position(source.path, 1, 1), "this page has no front matter with a title",
                       "start the file with three lines: ---, title: <the title>, ---")
        return None
    record = read_record(front.meta, PAGE_FIELDS, source.path, problems, "page's front matter")
    if record is None:
        return None
    aliases = _aliases(front.meta, record, source.path, problems)
    if not record.valid or aliases is None:
        return None
    values = dict(record.values)
    if "date" in values and values["date"].year != year:
        problems.error(record.positions["date"], f"'date' {values['date']} is not in {year}",
                       f"this page is in content/{year}/")
        return None
    if "image" in values and not _image_ok(values["image"]):
        problems.error(record.positions["image"], f"'image' {values['image']} is not a picture "
                       "weekgen can show", f"write the name of a picture in content/{year}/, "
                       "e.g. image: aftrap.jpg, or an address starting with https://")
        return None
    slug_at = record.positions.get("slug", record.position)
    values.setdefault("slug", slugify(name) or "pagina")
    values["year"] = year
    values["body"] = front.body
    values["aliases"] = aliases[0]
    digest = record_digest(sorted(values.items()))
    return Page(name=name, source=record.position, slug_at=slug_at, alias_at=aliases[1],
                image_at=record.positions.get("image", record.position), digest=digest,
                **values)


def _image_ok(image: str) -> bool:
    """An https:// address, or a picture's file name (no folders: a year's pictures lie next to
    its pages)."""
    if image.startswith("https://"):
        return SAFE_URL.match(image) is not None
    return _IMAGE_NAME.match(image) is not None and image.lower().endswith(IMAGE_SUFFIXES)


def missing_images(pages: Iterable[Page], assets: Iterable[str], problems: Problems) -> None:
    """Report each page whose picture is a file name that is not in its year's folder."""
    present = set(assets)
    for page in pages:
        if page.image and not page.image.startswith("https://") and \
                f"content/{page.year}/{page.image}" not in present:
            problems.error(page.image_at, f"'image' {page.image} is not in content/{page.year}/",
                           f"put the picture in content/{page.year}/ or correct its name")
