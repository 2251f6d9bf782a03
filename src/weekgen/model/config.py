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
from weekgen.model.week import DEFAULT_RULE, MAX_DAYS, Rule

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

CAMPAIGN_FIELDS = (
    Field("word", "text", "the word for an edition, as the interface says it: Week (default), "
          "Festival, Dagen"),
    Field("article", "choice", "the Dutch article of the word: de (default) or het, e.g. het "
          "for Festival, so that the interface says 'het Festival'", choices=("de", "het")),
    Field("week_of", "text", "the edition is the week, Monday to Sunday, that holds this day, "
          "e.g. 20 november (the default)"),
    Field("start", "text", "or the first day of each edition, e.g. 'first full week of october', "
          "'eerste maandag van oktober', 'wednesday before the last saturday of january' or "
          "'18 september'"),
    Field("days", "int", f"how many days an edition has, 1 to {MAX_DAYS} (default 7); with "
          "week_of, counted from that week's Monday"),
    Field("thanks", "text", "the look-back's thanks when terugblik.md has no part for them, "
          "e.g. 'Dank aan iedereen die meedeed.'"),
)

# What an own activity field may hold: the editor's word for it and the reader's kind.
FIELD_TYPES = {"text": "text", "number": "int", "yes/no": "bool", "choice": "choice",
               "url": "url"}

OWN_FIELD_FIELDS = (
    Field("name", "text", "the key editors write in activities.yaml, e.g. audience or sign_up "
          "(lower-case letters, digits, _ and -)", required=True),
    Field("type", "choice", "text, number, yes/no, choice (one of a list) or url",
          required=True, choices=tuple(FIELD_TYPES)),
    Field("label", "text", "what the activity page calls it, in the site's language, "
          "e.g. Doelgroep", required=True),
    Field("choices", "list", "for type choice: the values editors may write"),
)

KIND_FIELDS = (
    Field("name", "slug", "the word editors write after kind:, e.g. workshop", required=True),
    Field("label", "text", "what the site calls it, in the site's language, e.g. Workshop",
          required=True),
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

CONTACT_FIELDS = (
    Field("email", "text", "the address visitors write to about the site, e.g. "
          "redactie@example.org"),
    Field("url", "url", "or a contact page or form, starting with https://"),
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
    Field("campaign", "mapping", "when each year's edition is and what it is called",
          item_fields=CAMPAIGN_FIELDS),
    Field("fields", "records", "the site's own activity fields, shown on the activity page",
          item_fields=OWN_FIELD_FIELDS),
    Field("kinds", "records", "the kinds of activity this site has, instead of the built-in "
          "ones (meeting, conference, training, ...)", item_fields=KIND_FIELDS),
    Field("texts", "strings", "the site's own words for any interface text: the theme's Dutch "
          "text, then yours, e.g. \"Bedankt\": \"Dank je wel\""),
    Field("help", "mapping", "where visitors get help, shown on every page",
          item_fields=HELP_FIELDS),
    Field("initiative", "mapping", "who is behind the campaign, for the footer's "
          "'an initiative of ...'", item_fields=INITIATIVE_FIELDS),
    Field("contact", "mapping", "how visitors reach the site's team, e.g. about a page they "
          "cannot use: named in the accessibility statement", item_fields=CONTACT_FIELDS),
    Field("share_images", "choice", "which pages get a picture for link previews made at "
          "build time: highlighted (the default: every page but ordinary activities), all "
          "(every activity too) or none", choices=SHARE_IMAGES),
)

WEEK_FIELDS = (
    Field("theme", "text", "the year's theme, e.g. 'ik maak het verschil'"),
    Field("explanation", "markdown", "a short explanation of the theme"),
    Field("hashtags", "tags", "the year's hashtags, without #"),
    Field("start", "date", "the first day, when it is not the one the campaign's rule gives"),
    Field("end", "date", "the last day, when it is not the one the campaign's rule gives"),
    Field("weekend_threshold", "int",
          "Saturday and Sunday share one section of the look-back when they hold fewer "
          "activities than this (default 5)"),
    Field("image", "text", "the picture link previews show for this year: a PNG or JPEG file "
          "in this year's folder, e.g. deelbeeld.png (about 1200 x 630 pixels)"),
)


@dataclass(frozen=True, slots=True)
class OwnField:
    """An activity field the site declares: its key, the reader's kind, its label and choices."""

    name: str
    kind: str  # a Field kind: text, int, bool, choice or url
    label: str
    choices: tuple[str, ...] = ()

    def as_field(self) -> Field:
        return Field(self.name, self.kind, self.label, choices=self.choices)  # type: ignore[arg-type]


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
class Contact:
    email: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class OwnText:
    """A message of the site's own catalogue: the theme's text (its msgid), its plural (the
    msgid_plural; empty for a text without one) and the site's words, one per plural form."""

    text: str
    plural: str
    words: tuple[str, ...]  # an empty one: the theme's word for that form
    at: Position | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class OwnCatalogue:
    """The site's own message catalogue, `i18n/<language>.po` (read/catalogue.py): its words
    for the theme's texts, read with its texts: in the settings, so in every page's key."""

    path: str  # 'i18n/nl.po'
    plural: str  # which form a count takes, in C as gettext has it: '(n != 1)'
    texts: tuple[OwnText, ...] = ()


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
    rule: Rule = DEFAULT_RULE
    rule_text: str = ""  # the rule as written, e.g. 'first full week of october'
    edition_word: str = "Week"
    edition_article: str = "de"  # the Dutch article of edition_word
    thanks: str = ""  # the look-back's default thanks; empty: the theme's
    fields: tuple[OwnField, ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()  # (name, label); empty: the theme's own kinds
    texts: tuple[tuple[str, str], ...] = ()  # (the theme's text, the site's)
    texts_at: tuple[Position, ...] = field(default=(), compare=False, repr=False)  # their keys
    catalogue: OwnCatalogue | None = None  # not in site.yaml: its i18n/<language>.po
    help: Help | None = None
    initiative: Initiative | None = None
    contact: Contact | None = None
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


