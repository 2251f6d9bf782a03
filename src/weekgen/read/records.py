"""Records from composed YAML: site.yaml, week.yaml, activities and pages, or problems with a place.

Pure: reads YAML nodes (from `sources`) and returns the model's frozen records. Checks that need a
single file (types, dates within the folder's year, end after start) live here; checks across
files (duplicate slugs) are made when the site is assembled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from weekgen.errors import Position, Problems, suggestion
from weekgen.model import colours as palette
from weekgen.model import week as calendar
from weekgen.model.config import (
    FIELD_TYPES,
    LOGO_TYPES,
    SITE_FIELDS,
    WEEK_FIELDS,
    Contact,
    Help,
    HelpContact,
    Initiative,
    OwnField,
    SiteConfig,
    WeekConfig,
)
from weekgen.model.content import (
    ACTIVITY_FIELDS,
    IMAGE_SUFFIXES,
    KINDS,
    PAGE_FIELDS,
    Activity,
    ActivityRules,
    Media,
    MediaPart,
    Page,
    alias_path,
)
from weekgen.model.slugs import slugify
from weekgen.read.fields import SAFE_URL, Located, closed_bidi, position, read_record
from weekgen.read.sources import FrontMatter, SourceFile, markdown_cost
from weekgen.wording import N_

_IMAGE_NAME = re.compile(r"^\w[\w.-]*$")
_PHONE = re.compile(r"^\+?[\d][\d \-()]*$")


def _key_positions(node: yaml.Node, name: str, path: str) -> tuple[Position, ...]:
    """Where each key of the mapping under `name` is written, in order."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(key, yaml.ScalarNode) and key.value == name and \
                isinstance(value, yaml.MappingNode):
            return tuple(position(path, k) for k, _ in value.value)
    return ()


def read_site_config(node: yaml.Node | None, path: str, problems: Problems) -> SiteConfig | None:
    if node is None:
        problems.error(Position(path, 1, 1), N_("site.yaml is empty"),
                       N_("write at least a line 'title: <the campaign's name>'"))
        return None
    record = read_record(node, SITE_FIELDS, path, problems, "site.yaml")
    if record is None or not record.valid:
        return None
    values = dict(record.values)
    base_url = values.get("base_url", "/")
    parts = urlsplit(base_url)
    if base_url != "/" and not (parts.scheme in ("http", "https") and parts.netloc):
        problems.error(record.positions["base_url"],
                       N_("'base_url' {url} is not a full address").format(url=base_url),
                       N_("write the address the site is published at, e.g. https://example.org/"))
        return None
    if not base_url.endswith("/"):
        base_url += "/"
    values["base_url"] = base_url
    zone = values.get("timezone", "Europe/Amsterdam")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.error(record.positions["timezone"],
                       N_("'timezone' {zone} is not a known time zone").format(zone=zone),
                       N_("use a name such as Europe/Amsterdam or Europe/Brussels"))
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
    campaign = values.pop("campaign", None)
    if "campaign" in record.positions:
        settings = _read_campaign(campaign, record.positions["campaign"], problems)
        if settings is None:
            return None
        values.update(settings)
    if "fields" in values:
        own = _read_own_fields(values.pop("fields"), problems)
        if own is None:
            return None
        values["fields"] = own
    if "kinds" in values:
        kinds = _read_kinds(values.pop("kinds"), record.positions["kinds"], problems)
        if kinds is None:
            return None
        values["kinds"] = kinds
    if "texts" in values:
        values["texts_at"] = _key_positions(node, "texts", path)
    if "help" in values:
        found = _read_help(values.pop("help"), problems)
        if found is None:
            return None
        values["help"] = found
    if "initiative" in values:
        initiative: Located = values.pop("initiative")
        values["initiative"] = Initiative(**initiative.values)
    if "contact" in values:
        contact: Located = values.pop("contact")
        email = contact.values.get("email", "")
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            problems.error(contact.positions["email"],
                           N_("'email' {email} is not an e-mail address").format(email=email),
                           N_("write it as name@example.org"))
            return None
        values["contact"] = Contact(**contact.values)
    return SiteConfig(**values)


_RULE_EXAMPLES = N_("write e.g. week_of: 20 november, or start: first full week of october, "
                     "start: wednesday before the last saturday of january (in Dutch too: "
                     "eerste volle week van oktober)")


def _read_campaign(campaign: Located | None, at: Position,
                   problems: Problems) -> dict[str, Any] | None:
    """The campaign's rule and word, as SiteConfig's rule, rule_text and edition_word."""
    if campaign is None:
        problems.error(at, N_("'campaign' is empty"),
                       N_("leave it out for the week of 20 november, or {examples}").format(
                           examples=_RULE_EXAMPLES))
        return None
    v, where = campaign.values, campaign.positions
    out: dict[str, Any] = {}
    if "word" in v:
        out["edition_word"] = v["word"]
    if "article" in v:
        out["edition_article"] = v["article"]
    if "thanks" in v:
        out["thanks"] = v["thanks"]
    days = v.get("days", 7)
    if not 1 <= days <= calendar.MAX_DAYS:
        problems.error(where["days"], N_("'days' {days} is not between 1 and {most}").format(
                           days=days, most=calendar.MAX_DAYS),
                       N_("an edition has 1 to {most} days").format(most=calendar.MAX_DAYS))
        return None
    if "week_of" in v and "start" in v:
        problems.error(where["start"], N_("'campaign' has both 'week_of' and 'start'"),
                       N_("keep one: week_of for the Monday to Sunday week that holds a day, "
                          "start for the first day"))
        return None
    key = "start" if "start" in v else "week_of" if "week_of" in v else ""
    if not key:
        if "days" in v:
            out["rule"] = calendar.Rule(days=days)
        return out
    text = v[key]
    try:
        out["rule"] = calendar.parse_rule(text, days, week_of=key == "week_of")
    except calendar.RuleError as exc:
        hint = suggestion(exc.word, calendar.WORDS) if exc.word else ""
        problems.error(where[key], N_("'{key}' {text}: {reason}").format(
                           key=key, text=text, reason=exc.args[0]),
                       N_("{suggestion}; {examples}").format(suggestion=hint,
                                                             examples=_RULE_EXAMPLES)
                       if hint else _RULE_EXAMPLES)
        return None
    out["rule_text"] = text
    return out


_BUILT_IN = frozenset(f.name for f in ACTIVITY_FIELDS) | {"hashtag"}
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def _read_own_fields(items: tuple[Located, ...], problems: Problems) -> tuple[OwnField, ...] | None:
    """The site's own activity fields: names that are not built in, each once; choices with
    type choice only."""
    out: list[OwnField] = []
    ok = True
    for item in items:
        v, at = item.values, item.positions
        name, kind = v["name"], v["type"]
        if not _FIELD_NAME.match(name):
            problems.error(at["name"],
                           N_("'name' {name} is not a key editors can write").format(name=name),
                           N_("use lower-case letters, digits, _ and -, starting with a letter, "
                              "e.g. sign_up"))
            ok = False
        elif name in _BUILT_IN:
            problems.error(at["name"],
                           N_("'{name}' is a field weekgen already has").format(name=name),
                           N_("give your field another name, e.g. {name}_extra").format(
                               name=name))
            ok = False
        elif any(f.name == name for f in out):
            problems.error(at["name"], N_("the field '{name}' is declared twice").format(name=name),
                           N_("keep one of the two"))
            ok = False
        choices = v.get("choices", ())
        if kind == "choice" and not choices:
            problems.error(at["type"],
                           N_("the field '{name}' is a choice but has no 'choices'").format(
                               name=name),
                           N_("add e.g. choices: [ouders, professionals, jongeren]"))
            ok = False
        elif kind != "choice" and "choices" in at:
            problems.error(at["choices"],
                           N_("'choices' goes with type choice, not with {kind}").format(kind=kind),
                           N_("set type: choice, or leave out the choices"))
            ok = False
        out.append(OwnField(name, FIELD_TYPES[kind], v["label"], choices))
    return tuple(out) if ok else None


def _read_kinds(items: tuple[Located, ...], at: Position,
                problems: Problems) -> tuple[tuple[str, str], ...] | None:
    out: dict[str, str] = {}
    for item in items:
        name = item.values["name"]
        if name in out:
            problems.error(item.positions["name"],
                           N_("the kind '{name}' is declared twice").format(name=name),
                           N_("keep one of the two"))
            return None
        out[name] = item.values["label"]
    if not out:
        problems.error(at, N_("'kinds' is an empty list"),
                       N_("leave it out for the built-in kinds, or list yours"))
        return None
    return tuple(out.items())


def activity_rules(config: SiteConfig | None, week: WeekConfig | None,
                   year: int) -> ActivityRules:
    """What the activities of `year` may hold: the site's fields and kinds, and the calendar
    years of its edition."""
    first = min(year, week.start.year) if week is not None else year
    last = max(year, week.end.year) if week is not None else year
    if config is None:
        return ActivityRules(first, last)
    kinds = tuple(k for k, _ in config.kinds) if config.kinds else KINDS
    return ActivityRules(first, last, tuple(f.as_field() for f in config.fields), kinds)


def _read_help(help: Located, problems: Problems) -> Help | None:
    """The help block; a phone number must be one a phone can dial from its tel: link."""
    contacts = []
    ok = True
    for contact in help.values.get("contacts", ()):
        phone = contact.values.get("phone", "")
        if phone and not _PHONE.match(phone):
            problems.error(contact.positions["phone"],
                           N_("'phone' {phone} is not a phone number").format(phone=phone),
                           N_("write the number with digits, spaces and hyphens only, "
                              "e.g. phone: 0800-2000"))
            ok = False
        contacts.append(HelpContact(**contact.values))
    if not ok:
        return None
    return Help(help.values["heading"], help.values.get("text", ""), tuple(contacts))


def _read_colours(colours: Located | None, at: Position,
                  problems: Problems) -> tuple[tuple[str, str], ...] | None:
    """The configured colours; warns about every pair that is hard to read."""
    if colours is None:
        problems.error(at, N_("'colours' is empty"), N_("leave it out, or set colours such as "
                                                           "primary: \"#0b5394\""))
        return None
    empty = [name for name in colours.positions if name not in colours.values]
    for name in empty:  # `primary: #0b5394` without quotes: YAML reads a comment
        problems.error(colours.positions[name], N_("'{name}' is empty").format(name=name),
                       N_("put the colour in quotes: {name}: \"#0b5394\" (without them, YAML "
                          "reads everything from # on as a comment)").format(name=name))
    if empty:
        return None
    configured = {name: palette.normalise(colours.values[name])
                  for name in palette.COLOUR_NAMES if name in colours.values}
    for weak in palette.weak_pairs(configured):
        pair = weak.pair
        name = pair.foreground if pair.foreground in configured else pair.background
        problems.warning(
            colours.positions[name],
            N_("{foreground} {foreground_colour} on {background} {background_colour} has a "
               "contrast of {ratio}:1, less than the {minimum}:1 that WCAG AA asks "
               "({what})").format(
                foreground=pair.foreground, foreground_colour=weak.foreground,
                background=pair.background, background_colour=weak.background,
                ratio=f"{weak.ratio:.2f}", minimum=palette.MINIMUM_CONTRAST, what=pair.what),
            N_("make {foreground} darker or {background} lighter (or the other way round) "
               "until they differ more").format(foreground=pair.foreground,
                                                background=pair.background),
        )
    return tuple(configured.items())


def _logo_ok(logo: str, at: Position, problems: Problems) -> bool:
    """A file of the site itself, named as the output has it (whether it exists is checked where
    files are read, in load.py)."""
    parts = logo.split("/")
    if logo.startswith("/") or "://" in logo or ".." in parts or "\\" in logo:
        problems.error(at, N_("'logo' {logo} is not a file of this site").format(logo=logo),
                       N_("put the logo in the site's static/ folder and write e.g. "
                          "logo: static/logo.svg"))
        return False
    if not logo.lower().endswith(LOGO_TYPES):
        problems.error(at, N_("'logo' {logo} is not an image weekgen can show").format(logo=logo),
                       N_("use an SVG, PNG, JPEG, WebP or GIF file"))
        return False
    return True


def read_week_config(node: yaml.Node | None, path: str, year: int, problems: Problems,
                     rule: calendar.Rule = calendar.DEFAULT_RULE) -> WeekConfig | None:
    """A year's settings; a missing or empty week.yaml gives the edition of the campaign's
    rule."""
    default_start, default_end = calendar.default_dates(year, rule)
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
        problems.error(record.positions[given], N_("'{given}' is set but not '{other}'").format(
                           given=given, other="end" if given == "start" else "start"),
                       N_("set both, or neither for the dates of the campaign's rule "
                          "({start} to {end})").format(start=str(default_start),
                                                       end=str(default_end)))
        return None
    ok = True
    if start.year != year:
        problems.error(record.positions["start"], N_("'start' {start} is not in {year}").format(
                           start=str(start), year=year),
                       N_("this is content/{year}/: the edition starts in {year} (one that "
                          "crosses New Year is in the folder of the year it starts in)").format(
                              year=year))
        ok = False
    if end < start:
        problems.error(record.positions["end"], N_("'end' {end} is before 'start' {start}").format(
            end=str(end), start=str(start)))
        ok = False
    elif (end - start).days >= calendar.MAX_DAYS:
        problems.error(record.positions["end"], N_("the edition from {start} to {end} is longer "
                                                     "than {most} days").format(
                           start=str(start), end=str(end), most=calendar.MAX_DAYS),
                       N_("an edition has 1 to {most} days").format(most=calendar.MAX_DAYS))
        ok = False
    if "image" in values:
        values["image_at"] = record.positions["image"]
    return WeekConfig(year, start, end, **values) if ok else None




def record_digest(values: Any) -> str:
    """A stable fingerprint of what a record shows, to know which pages an edit touches."""
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def read_activities(node: yaml.Node | None, source: SourceFile, year: int,
                    problems: Problems, rules: ActivityRules | None = None) -> list[Activity]:
    """Every valid activity of one activities file; the invalid ones are reported. `rules`:
    the site's own fields and kinds and the edition's years (by default the built-in ones and
    the folder's year)."""
    rules = rules or ActivityRules(year, year)
    fields = rules.activity_fields()
    own = tuple(f.name for f in rules.fields)
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.error(position(source.path, node), N_("activities.yaml should be a list of "
                       "activities, each starting with '- title: ...'"))
        return []
    activities = []
    for item in node.value:
        record = read_record(item, fields, source.path, problems, N_("activity"))
        if record is None:
            continue
        aliases = _aliases(item, record, source.path, problems)
        if _check_activity(record, year, rules, problems) and record.valid \
                and _check_media(record, problems) and aliases is not None:
            activities.append(_activity(record, year, aliases, own))
    return activities


def _check_activity(record: Located, year: int, rules: ActivityRules,
                    problems: Problems) -> bool:
    v, at = record.values, record.positions
    ok = True
    years = range(rules.first_year, rules.last_year + 1)
    for key in ("date", "end_date"):
        if key in v and v[key].year not in years:
            span = N_("in {year}").format(year=year) if len(years) == 1 else \
                N_("in {first} or {last}, the years of this edition").format(
                    first=years[0], last=years[-1])
            problems.error(at[key], N_("'{key}' {day} is in {year}, not {span}").format(
                               key=key, day=str(v[key]), year=v[key].year, span=span),
                           N_("move the activity to content/{year}/ or correct the year").format(
                               year=v[key].year))
            ok = False
    if "end_date" in v and "date" in v and v["end_date"] < v["date"]:
        problems.error(at["end_date"], N_("'end_date' {end} is before 'date' {day}").format(
            end=str(v["end_date"]), day=str(v["date"])))
        ok = False
    if "new_date" in v and v.get("status") != "postponed":
        problems.error(at["new_date"], N_("'new_date' is set but the activity is not postponed"),
                       N_("add 'status: postponed', or leave out new_date"))
        ok = False
    elif "new_date" in v and "date" in v and v["new_date"] == v["date"]:
        problems.error(at["new_date"], N_("'new_date' {day} is the activity's own date").format(
                           day=str(v["new_date"])),
                       N_("write the day it now takes place, or leave out new_date"))
        ok = False
    if "end_time" in v and "start_time" not in at:
        problems.error(at["end_time"], N_("'end_time' is set but not 'start_time'"),
                       N_("add a start_time, or leave out the end_time"))
        ok = False
    elif "end_time" in v and "start_time" in v and "end_date" not in v \
            and v["end_time"] <= v["start_time"]:
        problems.error(at["end_time"],
                       N_("'end_time' {end} is not after 'start_time' {start}").format(
                           end=f"{v['end_time']:%H:%M}", start=f"{v['start_time']:%H:%M}"),
                       N_("for an activity past midnight, set end_date too"))
        ok = False
    return ok


def _check_media(record: Located, problems: Problems) -> bool:
    """Each medium has an address, or is a series of parts that each have one; a poster is a
    picture in the year's folder (whether it is there is checked when all files are known)."""
    ok = True
    for m in record.values.get("media", ()):
        v, at = m.values, m.positions
        if "url" not in v and "parts" not in v:
            problems.error(m.position, N_("the medium '{title}' has no 'url'").format(
                               title=v.get("title", "")),
                           N_("add its url, or parts: a list of urls and titles for a series"))
            ok = False
        elif "url" in v and "parts" in v:
            problems.error(at["parts"], N_("a medium has a 'url' or 'parts', not both"),
                           N_("leave out the url: a series links to each of its parts"))
            ok = False
        poster = v.get("poster", "")
        if poster and (poster.startswith(("https://", "http://")) or not _image_ok(poster)):
            problems.error(at["poster"],
                           N_("'poster' {poster} is not a picture's file name").format(
                               poster=poster),
                           N_("put the picture next to activities.yaml and write its name, "
                              "e.g. poster: aftrap.jpg"))
            ok = False
    return ok


def _media(m: Located, year: int) -> Media:
    v = dict(m.values)
    parts = tuple(MediaPart(**p.values) for p in v.pop("parts", ()))
    poster = v.get("poster", "")
    return Media(**{"url": "", **v}, parts=parts, poster_path=f"{year}/{poster}" if poster else "",
                 poster_at=m.positions.get("poster", m.position))


def missing_posters(activities: Iterable[Activity], assets: Iterable[str],
                    problems: Problems) -> None:
    """Report each video poster that is not a picture in its year's folder."""
    present = set(assets)
    for a in activities:
        for m in a.media:
            if m.poster and f"content/{a.year}/{m.poster}" not in present:
                problems.error(m.poster_at,
                               N_("'poster' {poster} is not in content/{year}/").format(
                                   poster=m.poster, year=a.year),
                               N_("put the picture in content/{year}/ or correct its name").format(
                                   year=a.year))


def _activity(record: Located, year: int, aliases: Aliases, own: tuple[str, ...]) -> Activity:
    values = dict(record.values)
    values["extra"] = tuple((name, values.pop(name)) for name in own if name in values)
    values["hashtags"] = values.pop("hashtag", ())
    values["media"] = tuple(_media(m, year) for m in values.get("media", ()))
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
            problems.error(at, N_("'aliases' {text} {why}").format(text=text, why=why),
                           N_("write the old address as it was on this site, without the "
                              "domain, e.g. /2021/oud-adres/"))
            ok = False
        else:
            paths.append(found)
            places.append(at)
    return (tuple(paths), tuple(places)) if ok else None


def read_page(front: FrontMatter, source: SourceFile, year: int | None,
              problems: Problems) -> Page | None:
    """A year's page, or with `year` None a page of the whole site (a file in content/)."""
    name = source.path.rsplit("/", 1)[-1][: -len(".md")]
    if front.meta is None:
        problems.error(Position(source.path, 1, 1),
                       N_("this page has no front matter with a title"),
                       N_("start the file with three lines: ---, title: <the title>, ---"))
        return None
    record = read_record(front.meta, PAGE_FIELDS, source.path, problems,
                         N_("page's front matter"))
    if record is None:
        return None
    aliases = _aliases(front.meta, record, source.path, problems)
    if not record.valid or aliases is None:
        return None
    values = dict(record.values)
    folder = "content/" if year is None else f"content/{year}/"
    if year is None and "date" in values:
        problems.error(record.positions["date"], N_("'date' attaches a page to a day of a Week, "
                                                      "but this page is of the whole site"),
                       N_("leave out date, or move the page to content/{year}/").format(
                           year=values["date"].year))
        return None
    if year is not None and "date" in values and values["date"].year != year:
        problems.error(record.positions["date"], N_("'date' {day} is not in {year}").format(
                           day=str(values["date"]), year=year),
                       N_("this page is in content/{year}/").format(year=year))
        return None
    if year is not None and "menu" in values:
        problems.error(record.positions["menu"], N_("'menu' is for the pages of the whole site; "
                                                      "a page of {year} is in that year's menu "
                                                      "already").format(year=year),
                       N_("leave out menu, or move the page to content/ itself"))
        return None
    if "image" in values and not _image_ok(values["image"]):
        problems.error(record.positions["image"], N_("'image' {image} is not a picture weekgen "
                                                       "can show").format(image=values["image"]),
                       N_("write the name of a picture in {folder}, e.g. image: aftrap.jpg, "
                          "or an address starting with https://").format(folder=folder))
        return None
    slug_at = record.positions.get("slug", record.position)
    values.setdefault("slug", slugify(name) or "pagina")
    values["year"] = year
    # the body is the end of the file's text, from the line break that ends the front matter
    after = front.body.startswith("\n")
    cost = markdown_cost(front.body[after:])
    if cost is not None:
        before = source.text.count("\n", 0, len(source.text) - len(front.body) + after)
        problems.error(Position(source.path, before + 1 + cost.line), cost.message, cost.hint)
        return None
    values["body"] = closed_bidi(front.body)
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
                f"{page.folder}/{page.image}" not in present:
            problems.error(page.image_at, N_("'image' {image} is not in {folder}/").format(
                               image=page.image, folder=page.folder),
                           N_("put the picture in {folder}/ or correct its name").format(
                               folder=page.folder))

