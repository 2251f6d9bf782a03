"""The readers that turn YAML nodes into typed values, or problems with a place.

One declarative `Field` list per record (site, week, activity, page) drives both validation here and
the JSON Schema that editors' tools use, so the two cannot disagree. Scalars are read from the text
the editor typed, so a value means what it looks like: `10:30` is a time, `no` is a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import yaml

from weekgen.errors import Position, Problems, suggestion
from weekgen.messages import N_
from weekgen.model.fields import Field
from weekgen.model.slugs import MAX_LENGTH, RESERVED
from weekgen.model.written import written_date, written_time
from weekgen.read.sources import markdown_cost

NULL_TAG = "tag:yaml.org,2002:null"
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_INT = re.compile(r"^[+]?\d+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_TRUE = frozenset({"true", "yes", "ja", "on"})
_FALSE = frozenset({"false", "no", "nee", "off"})
# No backslash anywhere (browsers read it as '/': '/\evil.example/' is another host) and no user
# name or password before the host ('https://www.example.org@evil.example/' goes to evil.example).
SAFE_URL = re.compile(r"^(https?://[^\s/\\?#@]+(?:[/?#][^\s\\]*)?|mailto:[^\s\\]+|/(?!/)[^\s\\]*)$",
                      re.IGNORECASE)
_USER_INFO = re.compile(r"^https?://[^/?#]*@", re.IGNORECASE)
_FOLDER_YEAR = re.compile(r"^content/(\d{4})/")
EXAMPLE_YEAR = 2027  # for an example date in a file outside a year's folder


@dataclass(frozen=True)
class Located:
    """A mapping's values, typed, with where each key and the mapping itself are.

    `valid` is False when any key was reported; the values that could be read are still there,
    so that later checks can report their own problems in the same run.
    """

    values: dict[str, Any]
    positions: dict[str, Position]
    position: Position
    valid: bool = True


def position(path: str, node: yaml.Node) -> Position:
    return Position(path, node.start_mark.line + 1, node.start_mark.column + 1)


def read_record(node: yaml.Node, fields: Sequence[Field], path: str, problems: Problems,
                what: str) -> Located | None:
    """Read a mapping against its fields: unknown keys, missing required keys, wrong types.

    None when the node is not a mapping at all; otherwise the values, with `valid` set."""
    if not isinstance(node, yaml.MappingNode):
        problems.error(position(path, node), f"each {what} should be a set of 'key: value' lines, "
                       f"not {_describe(node)}")
        return None
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    positions: dict[str, Position] = {}
    invalid: set[str] = set()
    ok = True
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        key_pos = position(path, key_node)
        spec = by_name.get(key) if key is not None else None
        if key is None or spec is None:
            hint = suggestion(str(key), by_name) or "the keys are: " + ", ".join(by_name)
            problems.error(key_pos, f"unknown key '{key}' in this {what}", hint)
            ok = False
            continue
        if key in positions:
            problems.error(key_pos, f"'{key}' appears twice in this {what}",
                           "keep one of the two lines")
            ok = False
            continue
        positions[key] = position(path, value_node)
        value = read_value(value_node, spec, path, problems)
        if value is _INVALID:
            ok = False
            invalid.add(key)
        elif value is not None:
            values[key] = value
    start = position(path, node)
    for spec in fields:
        if spec.required and spec.name not in values and spec.name not in positions:
            problems.error(start, f"this {what} has no '{spec.name}'",
                           f"add a line '{spec.name}: ...' ({spec.help})")
            ok = False
        elif spec.required and spec.name not in values and spec.name not in invalid:
            problems.error(positions[spec.name], f"'{spec.name}' is empty",
                           f"fill it in ({spec.help})")
            ok = False
    return Located(values, positions, start, ok)


class _Invalid:
    pass


_INVALID: Any = _Invalid()


def read_value(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    """The typed value of one field, None when left empty, or _INVALID after reporting why."""
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG and not node.style:
        return None
    if spec.kind == "tags":
        return _read_tags(node, spec, path, problems)
    if spec.kind == "list":
        return _read_list(node, spec, path, problems)
    if spec.kind == "records":
        return _read_records(node, spec, path, problems)
    if spec.kind == "strings":
        return _read_strings(node, spec, path, problems)
    if spec.kind == "mapping":
        record = read_record(node, spec.item_fields, path, problems, f"set of '{spec.name}'")
        return record if record is not None and record.valid else _INVALID
    if not isinstance(node, yaml.ScalarNode):
        problems.error(position(path, node), f"'{spec.name}' should be {_KIND_WORDS[spec.kind]}, "
                       f"not {_describe(node)}")
        return _INVALID
    raw = node.value.strip() if spec.kind not in ("markdown",) else node.value
    if spec.kind == "date":  # its example is a day of the file's own year
        value, hint = _date(raw, spec, folder_year(path))
    else:
        value, hint = _SCALAR_READERS[spec.kind](raw, spec)
    if value is _INVALID:
        problems.error(position(path, node), f"'{spec.name}' {_show(raw)} is not "
                       f"{_KIND_WORDS[spec.kind]}", hint)
    elif spec.kind == "markdown" and (cost := markdown_cost(raw)) is not None:
        at = position(path, node)
        if node.style == "|":  # the text's lines are the file's, from the one after the |
            at = Position(path, at.line + 1 + cost.line)
        problems.error(at, f"'{spec.name}': {cost.message}", cost.hint)
        return _INVALID
    return value


def _show(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of 'key: value' lines"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{_show(node.value)}'"


def _text(raw: str, spec: Field) -> tuple[Any, str]:
    return (closed_bidi(raw), "") if raw else (None, "")


# Bidirectional embeddings, overrides and isolates, and what ends them (PDF, PDI).
_BIDI_OPEN = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: ended by PDF
_ISOLATE_OPEN = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: ended by PDI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed_bidi(text: str) -> str:
    """`text` with each bidirectional override, embedding and isolate it opens closed at its end
    (and the stray closing marks dropped): an unclosed U+202E in a title would turn the rest of
    the line it is shown on backwards, the site's words included."""
    if not _BIDI.search(text):
        return text
    out: list[str] = []
    stack: list[str] = []
    for char in text:
        if char in _BIDI_OPEN or char in _ISOLATE_OPEN:
            stack.append(char)
        elif char == _PDF:
            if not stack or stack[-1] not in _BIDI_OPEN:
                continue  # a PDF ends no isolate, nor anything outside the text
            stack.pop()
        elif char == _PDI:
            if not any(c in _ISOLATE_OPEN for c in stack):
                continue
            while stack.pop() not in _ISOLATE_OPEN:  # a PDI ends the embeddings inside too
                pass
        out.append(char)
    out.extend(_PDI if c in _ISOLATE_OPEN else _PDF for c in reversed(stack))
    return "".join(out)


def folder_year(path: str) -> int | None:
    """2027 for content/2027/activities.yaml; None for a file outside a year's folder."""
    match = _FOLDER_YEAR.match(path)
    return int(match.group(1)) if match else None


def _date(raw: str, spec: Field, year: int | None = None) -> tuple[Any, str]:
    match = _DATE.match(raw)
    hint = f"write a date as YYYY-MM-DD, e.g. {year or EXAMPLE_YEAR}-11-16"
    if not match:
        meant = written_date(raw, year)
        if meant is not None:
            return _INVALID, N_("did you mean {day}? weekgen reads dates as YYYY-MM-DD (year, "
                                "month, day)").format(day=meant.isoformat())
        return _INVALID, hint
    try:
        return date(*map(int, match.groups())), ""
    except ValueError:
        return _INVALID, "that day does not exist; " + hint


def _time(raw: str, spec: Field) -> tuple[Any, str]:
    match = _TIME.match(raw)
    hint = "write a time as HH:MM, e.g. 14:30"
    if not match:
        meant = written_time(raw)
        if meant is not None:
            return _INVALID, N_('did you mean "{time}"? weekgen reads times as HH:MM').format(
                time=f"{meant:%H:%M}")
        return _INVALID, hint
    try:
        return time(int(match.group(1)), int(match.group(2))), ""
    except ValueError:
        return _INVALID, "hours go from 00 to 23 and minutes from 00 to 59; " + hint


def _int(raw: str, spec: Field) -> tuple[Any, str]:
    if _INT.match(raw):
        return int(raw), ""
    if re.match(r"^\d{1,3}([.,]\d{3})+$", raw):
        return _INVALID, f"write whole numbers without separators, e.g. {re.sub(r'[.,]', '', raw)}"
    return _INVALID, "write a whole number, e.g. 120"


def _bool(raw: str, spec: Field) -> tuple[Any, str]:
    word = raw.lower()
    if word in _TRUE:
        return True, ""
    if word in _FALSE:
        return False, ""
    return _INVALID, "write true or false"


def _url(raw: str, spec: Field) -> tuple[Any, str]:
    if SAFE_URL.match(raw):
        return raw, ""
    if "\\" in raw:
        return _INVALID, "write / instead of \\ (browsers read a \\ as /, and /\\ as the start " \
                         "of another site's address)"
    if _USER_INFO.match(raw):
        return _INVALID, "leave out what comes before the @: browsers take the name after it " \
                         "as the site to go to"
    return _INVALID, "links start with https://, http://, mailto: or / (a page of this site)"


def _choice(raw: str, spec: Field) -> tuple[Any, str]:
    if raw in spec.choices:
        return raw, ""
    return _INVALID, suggestion(raw, spec.choices) or "choose one of: " + ", ".join(spec.choices)


def _slug(raw: str, spec: Field) -> tuple[Any, str]:
    if raw in RESERVED:
        return _INVALID, "con, prn, aux, nul and com0 to com9 and lpt0 to lpt9 are names " \
                         "Windows keeps for devices: a folder of that name cannot be made there; " \
                         "choose another slug"
    if len(raw) > MAX_LENGTH:
        return _INVALID, f"a slug has at most {MAX_LENGTH} characters (it becomes a folder's name)"
    if _SLUG.match(raw):
        return raw, ""
    return _INVALID, "a slug has lower-case letters, digits and single hyphens, e.g. " \
                     "'open-dag-utrecht'"


def _colour(raw: str, spec: Field) -> tuple[Any, str]:
    if _COLOUR.match(raw):
        return raw.lower(), ""
    return _INVALID, "write a colour as # and 3 or 6 hexadecimal digits, in quotes: \"#0b5394\""


_SCALAR_READERS: dict[str, Callable[[str, Field], tuple[Any, str]]] = {
    "text": _text, "markdown": _text, "date": _date, "time": _time, "int": _int,
    "bool": _bool, "url": _url, "choice": _choice, "slug": _slug, "colour": _colour,
}
_KIND_WORDS = {
    "text": "text", "markdown": "text", "date": "a date", "time": "a time", "int": "a whole number",
    "bool": "true or false", "url": "a link weekgen accepts", "choice": "one of the choices",
    "slug": "a slug", "tags": "a list of hashtags", "list": "a list", "records": "a list",
    "colour": "a colour", "mapping": "a set of 'key: value' lines",
    "strings": "a set of '\"text\": \"text\"' lines",
}


_HASHTAG = re.compile(r"^\w+$")


def _read_tags(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    """Hashtags: one or a list, with or without '#', no spaces."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    tags: list[str] = []
    ok = True
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            problems.error(position(path, item), f"'{spec.name}' should be a list of hashtags",
                           "e.g. hashtags: [ikmaakhetverschil, weektegenkindermishandeling]")
            ok = False
            continue
        tag = item.value.strip().lstrip("#")
        if not _HASHTAG.match(tag):
            problems.error(position(path, item), f"hashtag '{_show(item.value)}' may hold only "
                           "letters, digits and _", "leave out spaces and punctuation")
            ok = False
        else:
            tags.append(tag)
    return tuple(tags) if ok else _INVALID


def _read_list(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            problems.error(position(path, item), f"'{spec.name}' should be a list of text lines")
            return _INVALID
        if item.value.strip():
            out.append(item.value.strip())
    return tuple(out)


def _read_records(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        problems.error(position(path, node), f"'{spec.name}' should be a list, "
                       f"each item starting with '- '")
        return _INVALID
    out: list[Located] = []
    for item in node.value:
        record = read_record(item, spec.item_fields, path, problems, f"item of '{spec.name}'")
        if record is None or not record.valid:
            return _INVALID
        out.append(record)
    return tuple(out)


def _read_strings(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    """A mapping of text to text, in order: each key once, each value a non-empty text."""
    if not isinstance(node, yaml.MappingNode):
        problems.error(position(path, node), f"'{spec.name}' should be {_KIND_WORDS['strings']}, "
                       f"not {_describe(node)}", 'e.g. "Bedankt": "Dank je wel"')
        return _INVALID
    out: dict[str, str] = {}
    ok = True
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode) \
                or not key.value.strip() or not value.value.strip():
            problems.error(position(path, key), f"each line of '{spec.name}' should be a text "
                           "and yours for it", 'e.g. "Bedankt": "Dank je wel"')
            ok = False
        elif key.value in out:
            problems.error(position(path, key), f"'{_show(key.value)}' appears twice in "
                           f"'{spec.name}'", "keep one of the two lines")
            ok = False
        else:
            out[key.value] = value.value.strip()
    return tuple(out.items()) if ok else _INVALID
