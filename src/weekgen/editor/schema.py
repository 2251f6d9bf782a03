"""JSON Schemas (draft 2020-12) for site.yaml, week.yaml and activities.yaml, made from the same
`Field` lists that validate them, so that an editor's tool and weekgen cannot disagree on keys,
types, formats and required keys.

Pure: returns plain dicts and text; `weekgen schema` and `weekgen build` write them. For editors
(yaml-language-server, VS Code's YAML extension) they also carry what JSON Schema does not
define: `enum` for value completion, and `patternErrorMessage`, said instead of the pattern when
a value does not match it. Descriptions and messages are in the site's language.

A schema sees each file in two ways and accepts both: as weekgen reads it, every scalar the text
the editor typed (`14:00`, `ja`, `120`), and as a YAML 1.2 tool such as VS Code's YAML extension
reads it (`120` a number, `true` a boolean, an empty value null). The patterns are written for
both ECMA-262 (editors) and Python.

What a schema cannot say is left to weekgen: whether a date lies in the folder's year, an end comes
after its start, a time zone exists, a slug is used twice, `base_url` is a full address.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from weekgen.messages import N_, Texts, tool_texts
from weekgen.model.config import SITE_FIELDS, WEEK_FIELDS, SiteConfig
from weekgen.model.content import ACTIVITY_FIELDS, KINDS, ActivityRules
from weekgen.model.fields import Field

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"site.yaml": "site.schema.json", "week.yaml": "week.schema.json",
         "activities.yaml": "activities.schema.json"}

Schema = dict[str, Any]


def _padded(pattern: str) -> str:
    """weekgen strips the spaces around a value before it reads it."""
    return rf"^\s*(?:{pattern})\s*$"


def _any_case(word: str) -> str:
    """A word in any mix of upper and lower case (ECMA patterns have no inline (?i))."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else _escape(c) for c in word)


def _escape(text: str) -> str:
    return "".join("\\" + c if c in r"\^$.|?*+()[]{}/" else c for c in text)


_YEAR = "(?!0000)[0-9]{4}"
_LEAP = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
# Only days that exist: 31 in the long months, 30 in the others, 29 February in leap years.
DATE = _padded(
    rf"{_YEAR}-(?:0?[13578]|1[02])-(?:0?[1-9]|[12][0-9]|3[01])"
    rf"|{_YEAR}-(?:0?[469]|11)-(?:0?[1-9]|[12][0-9]|30)"
    rf"|{_YEAR}-0?2-(?:0?[1-9]|1[0-9]|2[0-8])"
    rf"|(?!0000){_LEAP}-0?2-29"
)
TIME = _padded("(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]")
INT = _padded("[+]?[0-9]+")
SLUG = _padded("[a-z0-9]+(?:-[a-z0-9]+)*")
COLOUR = _padded("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
URL = _padded("|".join((
    _any_case("http") + "[sS]?://[^\\s/]+[^\\s]*",
    _any_case("mailto") + ":[^\\s]+",
    "/(?!/)[^\\s]*",
)))
# A hashtag: letters, digits and _ after any '#'. ECMA's \w knows no accents, so: anything but
# spaces and ASCII punctuation other than _ (weekgen's \w also refuses other scripts' punctuation).
TAG = _padded("#*[^\\s!-/:-@\\[-^`{-~]+")
TRUE_WORDS = ("true", "yes", "ja", "on")
FALSE_WORDS = ("false", "no", "nee", "off")
BOOL = _padded("|".join(_any_case(w) for w in (*TRUE_WORDS, *FALSE_WORDS)))
NULL = "^(?:~|null|Null|NULL|)$"  # what YAML reads as 'left empty'

# What an editor is told when a value does not match its pattern (yaml-language-server shows
# `patternErrorMessage` instead of the regular expression).
PATTERN_MESSAGES = {
    "date": N_("write a date as YYYY-MM-DD, e.g. {year}-11-16"),
    "time": N_("write a time as HH:MM, e.g. 14:30"),
    "url": N_("links start with https://, http://, mailto: or / (a page of this site)"),
    "slug": N_("a slug has lower-case letters, digits and single hyphens, e.g. open-dag"),
    "colour": N_("write a colour as # and 3 or 6 hexadecimal digits, in quotes: \"#0b5394\""),
    "int": N_("write a whole number, e.g. 120"),
    "bool": N_("write true or false"),
    "tags": N_("a hashtag holds letters, digits and _ only, e.g. ikmaakhetverschil"),
    "text": N_("fill it in"),
    "empty": N_("leave it empty, or fill it in"),
}
EXAMPLE_YEAR = 2027  # the year of an example date where the schema serves every year

_SCALAR = ["string", "number", "boolean"]
# An empty colour or set of colours is always the mistake of an unquoted '#', never 'left out'.
NEVER_EMPTY = frozenset({"colour", "mapping", "strings"})


def _string(pattern: str, message: str = "") -> Schema:
    schema: Schema = {"type": "string", "pattern": pattern}
    if message:
        schema["patternErrorMessage"] = message
    return schema


def _kind(spec: Field, texts: Texts) -> Schema:
    """The schema of a value of this field, not yet allowing it to be left empty."""
    kind = spec.kind

    def said(what: str) -> str:
        return texts(PATTERN_MESSAGES[what], year=EXAMPLE_YEAR)

    if kind in ("text", "markdown"):
        if spec.required:
            return {"anyOf": [_string(r"\S", said("text")), {"type": ["number", "boolean"]}]}
        return {"type": list(_SCALAR)}
    if kind == "int":
        return {"anyOf": [{"type": "integer", "minimum": 0}, _string(INT, said("int"))]}
    if kind == "bool":
        return {"anyOf": [{"type": "boolean"}, _string(BOOL, said("bool"))]}
    if kind == "choice":
        # `enum` for completion; the pattern for a quoted value with spaces around it
        return {"anyOf": [{"type": "string", "enum": list(spec.choices)}, _string(
            _padded("|".join(_escape(c) for c in spec.choices)),
            texts(N_("choose one of: {choices}"), choices=", ".join(spec.choices)))]}
    if kind == "tags":
        tag = {"anyOf": [_string(TAG, said("tags")), {"type": "integer", "minimum": 0}]}
        return {"anyOf": [tag, {"type": "array", "items": tag}]}
    if kind == "list":
        line = {"type": [*_SCALAR, "null"]}
        return {"anyOf": [{"type": list(_SCALAR)}, {"type": "array", "items": line}]}
    if kind == "records":
        return {"type": "array", "items": record_schema(spec.item_fields, texts)}
    if kind == "mapping":
        return record_schema(spec.item_fields, texts)
    if kind == "strings":
        return {"type": "object", "additionalProperties": {"type": list(_SCALAR)}}
    patterns = {"date": DATE, "time": TIME, "url": URL, "slug": SLUG, "colour": COLOUR}
    if kind in patterns:
        return _string(patterns[kind], said(kind))
    raise ValueError(f"no JSON Schema for fields of kind {kind!r}")  # a new kind: add it here


def field_schema(spec: Field, texts: Texts | None = None) -> Schema:
    """A field's schema with its help as the description editors show on hover."""
    texts = texts or tool_texts("en")
    schema = _kind(spec, texts)
    if not spec.required and spec.kind not in NEVER_EMPTY:
        schema = {"anyOf": [schema, {"type": "null"}, _string(NULL, texts(PATTERN_MESSAGES[
            "empty"]))]}
    return {"description": help_text(spec.help, texts), **schema}


# The heads of helps that end in a list of the site's own ('what sort of activity: workshop, ...').
LISTED_HELPS = (N_("what sort of activity"),)


def help_text(text: str, texts: Texts) -> str:
    """A field's help in the site's language; a help made of a text and a list keeps its list."""
    said = texts(text)
    if said == text and ": " in text:
        head, tail = text.split(": ", 1)
        return f"{texts(head)}: {tail}"
    return said


def record_schema(fields: Sequence[Field], texts: Texts | None = None) -> Schema:
    """A mapping of these keys only, with the required ones."""
    schema: Schema = {
        "type": "object",
        "properties": {f.name: field_schema(f, texts) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _document(name: str, description: str, body: Schema) -> Schema:
    return {"$schema": DIALECT, "title": f"weekgen: {name}", "description": description, **body}


def _texts(texts: Texts | None, config: SiteConfig | None) -> Texts:
    """Without a site (or its language) the schemas speak English, as the fields are written."""
    return texts or tool_texts(config.language if config is not None else "en")


def site_schema(config: SiteConfig | None = None, texts: Texts | None = None) -> Schema:
    texts = _texts(texts, config)
    return _document("content/site.yaml", texts(N_("The campaign's settings.")),
                     record_schema(SITE_FIELDS, texts))


def week_schema(config: SiteConfig | None = None, texts: Texts | None = None) -> Schema:
    texts = _texts(texts, config)
    body = record_schema(WEEK_FIELDS, texts)
    body["type"] = ["object", "null"]  # an empty week.yaml is the edition of the campaign's rule
    return _document("content/<year>/week.yaml",
                     texts(N_("A year's theme, hashtags and dates.")), body)


def activities_schema(config: SiteConfig | None = None, texts: Texts | None = None) -> Schema:
    """With `config`, the site's own kinds and fields too, in its language."""
    texts = _texts(texts, config)
    fields: Sequence[Field] = ACTIVITY_FIELDS
    if config is not None:
        fields = ActivityRules(0, 0, tuple(f.as_field() for f in config.fields),
                               tuple(k for k, _ in config.kinds) or KINDS).activity_fields()
    return _document("content/<year>/activities.yaml",
                     texts(N_("A year's activities, each starting with '- title:'.")),
                     {"type": ["array", "null"], "items": record_schema(fields, texts)})


def schemas(config: SiteConfig | None = None) -> dict[str, Schema]:
    """Every schema by its file name; `config`: the site's language and its own activity
    fields and kinds."""
    return {FILES["site.yaml"]: site_schema(config), FILES["week.yaml"]: week_schema(config),
            FILES["activities.yaml"]: activities_schema(config)}


def schema_text(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def modeline(schema_path: str) -> str:
    """The first line of a YAML file that tells editors (yaml-language-server) its schema."""
    return f"# yaml-language-server: $schema={schema_path}\n"
