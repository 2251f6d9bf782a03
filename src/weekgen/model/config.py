"""Site-wide and per-year settings: `content/site.yaml` and `content/<year>/week.yaml`.

Pure: takes composed YAML, returns frozen settings or problems. The field lists below are the single
source of truth for validation, documentation and (later) the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from weekgen.errors import Position
from weekgen.model import colours as palette
from weekgen.model.fields import Field

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

HELP_CONTACT_FIELDS = (
    Field("name", "text", "who to turn to, e.g. the name of a helpline", required=True),
    Field("text", "text", "one sentence: who it is for and what they do"),
    Field("phone", "text", "the phone number as people dial it, e.g. 0800-2000 (a tap calls it)"),
    Field("url", "url", "its website or chat, starting with https://"),
    Field("hours", "text", "when it can be reached, e.g. dag en nacht"),
)

HELP_FIELDS = (
    Field("heading", "text", "a short heading, e.g. 'Hulp nodig?'", required=True),
    Field("text", "text", "a sentence or two above the contacts"),
    Field("contacts", "records", "where to get help, the most urgent first",
          item_fields=HELP_CONTACT_FIELDS),
)

INITIATIVE_FIELDS = (
    Field("name", "text", "the organisation or partnership behind the campaign", required=True),
    Field("url", "url", "its website, starting with https://"),
)

SHARE_IMAGES = ("none", "highlighted", "all")

SITE_FIELDS = (
    Field("title", "text", "the name of the campaign, shown on every page", required=True),
    Field("base_url", "url", "where the site is published, e.g. https://example.org/campagne/"),
    Field("language", "choice", "the language of the site's interface", choices=LANGUAGES),
    Field("timezone", "text", "the campaign's time zone, e.g. Europe/Amsterdam"),
    Field("country", "text", "the country the campaign is held in, named for search engines as "
          "the place of what happens nationwide (default Nederland)"),
    Field("hashtag", "tags", "the campaign-wide hashtag, without #"),
    Field("description", "text", "one sentence about the campaign, for search engines"),
    Field("colours", "mapping", "the campaign's colours, each as \"#rrggbb\"",
          item_fields=COLOUR_FIELDS),
    Field("logo", "text", "the logo beside the title: a file in the site's static/ folder, "
          "e.g. static/logo.svg"),
    Field("help", "mapping", "where visitors get help, shown on every page",
          item_fields=HELP_FIELDS),
    Field("initiative", "mapping", "who is behind the campaign, for the footer's "
          "'an initiative of ...'", item_fields=INITIATIVE_FIELDS),
    Field("share_images", "choice", "which pages get a picture for link previews made at "
          "build time: highlighted (the default: every page but ordinary activities), all "
          "(every activity too) or none", choices=SHARE_IMAGES),
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
class HelpContact:
    name: str
    text: str = ""
    phone: str = ""
    url: str = ""
    hours: str = ""

    @property
    def tel(self) -> str:
        """The number as a tel: link: its digits and a leading '+' only."""
        digits = "".join(c for c in self.phone if c.isdigit())
        return "tel:" + ("+" if self.phone.strip().startswith("+") else "") + digits


@dataclass(frozen=True, slots=True)
class Help:
    heading: str
    text: str = ""
    contacts: tuple[HelpContact, ...] = ()


@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    base_url: str = "/"
    language: str = "nl"
    timezone: str = "Europe/Amsterdam"
    country: str = "Nederland"
    hashtags: tuple[str, ...] = ()
    description: str = ""
    colours: tuple[tuple[str, str], ...] = ()  # (name, #rrggbb) of the configured ones, in order
    logo: str = ""  # a path in the output, e.g. static/logo.svg
    logo_at: Position | None = field(default=None, compare=False, repr=False)
    help: Help | None = None
    initiative: Initiative | None = None
    share_images: str = "highlighted"

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


