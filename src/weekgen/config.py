"""Site-wide and per-year settings: `content/site.yaml` and `content/<year>/week.yaml`.

Pure: takes composed YAML, returns frozen settings or problems. The field lists below are the single
source of truth for validation, documentation and (later) the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from weekgen import colours as palette
from weekgen import week as calendar
from weekgen.errors import Position, Problems
from weekgen.fields import Field, Located, read_record

LANGUAGES = ("nl", "en")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")

COLOUR_FIELDS = tuple(
    Field(name, "colour", f"{what}; default \"{palette.DEFAULTS[name]}\"")
    for name, what in (
        ("primary", "the campaign colour: the header, links, buttons and hashtags"),
        ("primary_text", "text on the campaign colour"),
        ("text", "body text"),
        ("muted", "labels and the footer"),
        ("background", "the page"),
        ("surface", "boxes that stand out, such as the Week's lead"),
        ("danger", "the label of a cancelled activity"),
    )
)

SITE_FIELDS = (
    Field("title", "text", "the name of the campaign, shown on every page", required=True),
    Field("base_url", "url", "where the site is published, e.g. https://example.org/campagne/"),
    Field("language", "choice", "the language of the site's interface", choices=LANGUAGES),
    Field("timezone", "text", "the campaign's time zone, e.g. Europe/Amsterdam"),
    Field("hashtag", "tags", "the campaign-wide hashtag, without #"),
    Field("description", "text", "one sentence about the campaign, for search engines"),
    Field("colours", "mapping", "the campaign's colours, each as \"#rrggbb\"",
          item_fields=COLOUR_FIELDS),
    Field("logo", "text", "the logo beside the title: a file in the site's static/ folder, "
          "e.g. static/logo.svg"),
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
    Field("image", "text", "the picture link previews show for this year: a PNG or JPEG file "
          "in this year's folder, e.g. deelbeeld.png (about 1200 x 630 pixels)"),
)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str = "/"
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    hashtags: tuple[str, ...] = ()
    description: str = ""
    colours: tuple[tuple[str, str], ...] = ()  # (name, #rrggbb) of the configured ones, in order
    logo: str = ""  # a path in the output, e.g. static/logo.svg
    logo_at: Position | None = field(default=None, compare=False, repr=False)

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
    image: str = ""  # a file in content/<year>/, for link previews
    image_at: Position | None = field(default=None, compare=False, repr=False)


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
    if "colours" in record.positions:
        colours = _read_colours(values.pop("colours", None), record.positions["colours"], problems)
        if colours is None:
            return None
        values["colours"] = colours
    if "logo" in values:
        if not _logo_ok(values["logo"], record.positions["logo"], problems):
            return None
        values["logo_at"] = record.positions["logo"]
    return SiteConfig(**values)


def _read_colours(colours: Located | None, at: Position,
                  problems: Problems) -> tuple[tuple[str, str], ...] | None:
    """The configured colours; warns about every pair that is hard to read."""
    if colours is None:
        problems.error(at, "'colours' is empty", "leave it out, or set colours such as "
                       "primary: \"#0b5394\"")
        return None
    empty = [name for name in colours.positions if name not in colours.values]
    for name in empty:  # `primary: #0b5394` without quotes: YAML reads a comment
        problems.error(colours.positions[name], f"'{name}' is empty",
                       f"put the colour in quotes: {name}: \"#0b5394\" (without them, YAML "
                       "reads everything from # on as a comment)")
    if empty:
        return None
    configured = {name: palette.normalise(colours.values[name])
                  for name in palette.COLOUR_NAMES if name in colours.values}
    for weak in palette.weak_pairs(configured):
        pair = weak.pair
        name = pair.foreground if pair.foreground in configured else pair.background
        problems.warning(
            colours.positions[name],
            f"{pair.foreground} {weak.foreground} on {pair.background} {weak.background} "
            f"has a contrast of {weak.ratio:.2f}:1, less than the "
            f"{palette.MINIMUM_CONTRAST}:1 that WCAG AA asks ({pair.what})",
            f"make {pair.foreground} darker or {pair.background} lighter (or the other way "
            "round) until they differ more",
        )
    return tuple(configured.items())


def _logo_ok(logo: str, at: Position, problems: Problems) -> bool:
    """A file of the site itself, named as the output has it (whether it exists is checked where
    files are read, in load.py)."""
    parts = logo.split("/")
    if logo.startswith("/") or "://" in logo or ".." in parts or "\\" in logo:
        problems.error(at, f"'logo' {logo} is not a file of this site",
                       "put the logo in the site's static/ folder and write e.g. "
                       "logo: static/logo.svg")
        return False
    if not logo.lower().endswith(LOGO_TYPES):
        problems.error(at, f"'logo' {logo} is not an image weekgen can show",
                       "use an SVG, PNG, JPEG, WebP or GIF file")
        return False
    return True


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
    if "image" in values:
        values["image_at"] = record.positions["image"]
    return WeekConfig(year, start, end, **values) if ok else None
