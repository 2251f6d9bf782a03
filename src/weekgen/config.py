"""Site-wide and per-year settings: `content/site.yaml` and `content/<year>/week.yaml`.

Pure: takes composed YAML, returns frozen settings or problems. The field lists below are the single
source of truth for validation, documentation and (later) the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from weekgen import week as calendar
from weekgen.errors import Position, Problems
from weekgen.fields import Field, read_record

LANGUAGES = ("nl", "en")

SITE_FIELDS = (
    Field("title", "text", "the name of the campaign, shown on every page", required=True),
    Field("base_url", "url", "where the site is published, e.g. https://example.org/campagne/"),
    Field("language", "choice", "the language of the site's interface", choices=LANGUAGES),
    Field("timezone", "text", "the campaign's time zone, e.g. Europe/Amsterdam"),
    Field("hashtag", "tags", "the campaign-wide hashtag, without #"),
    Field("description", "text", "one sentence about the campaign, for search engines"),
)

WEEK_FIELDS = (
    Field("theme", "text", "the year's theme, e.g. 'ik maak het verschil'"),
    Field("explanation", "markdown", "a short explanation of the theme"),
    Field("hashtags", "tags", "the year's hashtags, without #"),
    Field("start", "date", "the first day, when it is not the Monday of the week of 20 November"),
    Field("end", "date", "the last day, when it is not the Sunday of the week of 20 November"),
    Field("weekend_threshold", "int",
          "Saturday and Sunday share one section of the look-back when they hold fewer "
          "activities than this (default 5)"),
)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str = "/"
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    hashtags: tuple[str, ...] = ()
    description: str = ""

    @property
    def base_path(self) -> str:
        """The sub-path the site lives under, '/' or e.g. '/campagne/'."""
        return urlsplit(self.base_url).path or "/"


@dataclass(frozen=True, slots=True)
class WeekConfig:
    year: int
    start: date
    end: date
    theme: str = ""
    explanation: str = ""
    hashtags: tuple[str, ...] = ()
    weekend_threshold: int = 5


def read_site_config(node: yaml.Node | None, path: str, problems: Problems) -> SiteConfig | None:
    if node is None:
        problems.error(Position(path, 1, 1), "site.yaml is empty",
                       "write at least a line 'title: <the campaign's name>'")
        return None
    record = read_record(node, SITE_FIELDS, path, problems, "site.yaml")
    if record is None or not record.valid:
        return None
    values = dict(record.values)
    base_url = values.get("base_url", "/")
    parts = urlsplit(base_url)
    if base_url != "/" and not (parts.scheme in ("http", "https") and parts.netloc):
        problems.error(record.positions["base_url"], f"'base_url' {base_url} is not a full address",
                       "write the address the site is published at, e.g. https://example.org/")
        return None
    if not base_url.endswith("/"):
        base_url += "/"
    values["base_url"] = base_url
    zone = values.get("timezone", "Europe/Amsterdam")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.error(record.positions["timezone"], f"'timezone' {zone} is not a known time zone",
                       "use a name such as Europe/Amsterdam or Europe/Brussels")
        return None
    values["hashtags"] = values.pop("hashtag", ())
    return SiteConfig(**values)


def read_week_config(node: yaml.Node | None, path: str, year: int,
                     problems: Problems) -> WeekConfig | None:
    """A year's settings; a missing or empty week.yaml gives the default Week."""
    default_start, default_end = calendar.default_dates(year)
    if node is None:
        return WeekConfig(year, default_start, default_end)
    record = read_record(node, WEEK_FIELDS, path, problems, "week.yaml")
    if record is None or not record.valid:
        return None
    values = dict(record.values)
    start = values.pop("start", None)
    end = values.pop("end", None)
    if start is None and end is None:
        start, end = default_start, default_end
    elif start is None or end is None:
        given = "start" if start is not None else "end"
        problems.error(record.positions[given], f"'{given}' is set but not "
                       f"'{'end' if given == 'start' else 'start'}'",
                       "set both, or neither for the week of 20 November")
        return None
    ok = True
    if start.year != year:
        problems.error(record.positions["start"], f"'start' {start} is not in {year}",
                       f"this is content/{year}/: the Week starts in {year}")
        ok = False
    if end < start:
        problems.error(record.positions["end"], f"'end' {end} is before 'start' {start}")
        ok = False
    elif (end - start).days >= calendar.MAX_DAYS:
        problems.error(record.positions["end"], f"the Week from {start} to {end} is longer than "
                       f"{calendar.MAX_DAYS} days", "a Week has at most seven days")
        ok = False
    return WeekConfig(year, start, end, **values) if ok else None
