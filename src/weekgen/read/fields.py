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
from weekgen.model.fields import Field
from weekgen.model.slugs import MAX_LENGTH, RESERVED
from weekgen.model.written import written_date, written_time
from weekgen.read.sources import markdown_cost
from weekgen.wording import N_, Text

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
        problems.error(position(path, node),
                       N_("each {what} should be a set of 'key: value' lines, not {found}").format(
                           what=what, found=_describe(node)))
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
            hint = suggestion(str(key), by_name) or N_("the keys are: {keys}").format(
                keys=", ".join(by_name))
            problems.error(key_pos, N_("unknown key '{key}' in this {what}").format(
                key=str(key), what=what), hint)
            ok = False
            continue
        if key in positions:
            problems.error(key_pos, N_("'{key}' appears twice in this {what}").format(
                key=key, what=what), N_("keep one of the two lines"))
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
            problems.error(start, N_("this {what} has no '{field}'").format(
                what=what, field=spec.name), N_("add a line '{field}: ...' ({help})").format(
                    field=spec.name, help=Text(spec.help)))
            ok = False
        elif spec.required and spec.name not in values and spec.name not in invalid:
            problems.error(positions[spec.name], N_("'{name}' is empty").format(name=spec.name),
                           N_("fill it in ({help})").format(help=Text(spec.help)))
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
        record = read_record(node, spec.item_fields, path, problems,
                             N_("set of '{name}'").format(name=spec.name))
        return record if record is not None and record.valid else _INVALID
    if not isinstance(node, yaml.ScalarNode):
        problems.error(position(path, node), N_("'{field}' should be {kind}, not {found}").format(
            field=spec.name, kind=_KIND_WORDS[spec.kind], found=_describe(node)))
        return _INVALID
    raw = node.value.strip() if spec.kind not in ("markdown",) else node.value
    if spec.kind == "date":  # its example is a day of the file's own year
        value, hint = _date(raw, spec, folder_year(path))
    else:
        value, hint = _SCALAR_READERS[spec.kind](raw, spec)
    if value is _INVALID:
        problems.error(position(path, node), _NOT_A[spec.kind].format(
            field=spec.name, value=_show(raw)), hint)
    elif spec.kind == "markdown" and (cost := markdown_cost(raw)) is not None:
        at = position(path, node)
        if node.style == "|":  # the text's lines are the file's, from the one after the |
            at = Position(path, at.line + 1 + cost.line)
        problems.error(at, N_("'{field}': {problem}").format(field=spec.name,
                                                               problem=cost.message), cost.hint)
        return _INVALID
    return value


def _show(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return N_("a set of 'key: value' lines")
    if isinstance(node, yaml.SequenceNode):
        return N_("a list")
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
    hint = N_("write a date as YYYY-MM-DD, e.g. {day}").format(
        day=f"{year or EXAMPLE_YEAR}-11-16")
    if not match:
        meant = written_date(raw, year)
        if meant is not None:
            return _INVALID, N_("did you mean {day}? weekgen reads dates as YYYY-MM-DD (year, "
                                "month, day)").format(day=meant.isoformat())
        return _INVALID, hint
    try:
        return date(*map(int, match.groups())), ""
    except ValueError:
        return _INVALID, N_("that day does not exist; {hint}").format(hint=hint)


def _time(raw: str, spec: Field) -> tuple[Any, str]:
    match = _TIME.match(raw)
    hint = N_("write a time as HH:MM, e.g. 14:30")
    if not match:
        meant = written_time(raw)
        if meant is not None:
            return _INVALID, N_('did you mean "{time}"? weekgen reads times as HH:MM').format(
                time=f"{meant:%H:%M}")
        return _INVALID, hint
    try:
        return time(int(match.group(1)), int(match.group(2))), ""
    except ValueError:
        return _INVALID, N_("hours go from 00 to 23 and minutes from 00 to 59; {hint}").format(
            hint=hint)


def _int(raw: str, spec: Field) -> tuple[Any, str]:
    if _INT.match(raw):
        return int(raw), ""
    if re.match(r"^\d{1,3}([.,]\d{3})+$", raw):
        return _INVALID, N_("write whole numbers without separators, e.g. {number}").format(
            number=re.sub(r"[.,]", "", raw))
    return _INVALID, N_("write a whole number, e.g. 120")


def _bool(raw: str, spec: Field) -> tuple[Any, str]:
    word = raw.lower()
    if word in _TRUE:
        return True, ""
    if word in _FALSE:
        return False, ""
    return _INVALID, N_("write true or false")


def _url(raw: str, spec: Field) -> tuple[Any, str]:
    if SAFE_URL.match(raw):
        return raw, ""
    if "\\" in raw:
        return _INVALID, N_("write / instead of \\ (browsers read a \\ as /, and /\\ as the "
                            "start of another site's address)")
    if _USER_INFO.match(raw):
        return _INVALID, N_("leave out what comes before the @: browsers take the name after "
                            "it as the site to go to")
    return _INVALID, N_("links start with https://, http://, mailto: or / (a page of this site)")


def _choice(raw: str, spec: Field) -> tuple[Any, str]:
    if raw in spec.choices:
        return raw, ""
    return _INVALID, suggestion(raw, spec.choices) or N_("choose one of: {choices}").format(
        choices=", ".join(spec.choices))


def _slug(raw: str, spec: Field) -> tuple[Any, str]:
    if raw in RESERVED:
        return _INVALID, N_("con, prn, aux, nul and com0 to com9 and lpt0 to lpt9 are names "
                            "Windows keeps for devices: a folder of that name cannot be made "
                            "there; choose another slug")
    if len(raw) > MAX_LENGTH:
        return _INVALID, N_("a slug has at most {most} characters (it becomes a folder's "
                            "name)").format(most=MAX_LENGTH)
    if _SLUG.match(raw):
        return raw, ""
    return _INVALID, N_("a slug has lower-case letters, digits and single hyphens, e.g. "
                        "'open-dag-utrecht'")


def _colour(raw: str, spec: Field) -> tuple[Any, str]:
    if _COLOUR.match(raw):
        return raw.lower(), ""
    return _INVALID, N_("write a colour as # and 3 or 6 hexadecimal digits, in quotes: "
                        "\"#0b5394\"")


_SCALAR_READERS: dict[str, Callable[[str, Field], tuple[Any, str]]] = {
    "text": _text, "markdown": _text, "date": _date, "time": _time, "int": _int,
    "bool": _bool, "url": _url, "choice": _choice, "slug": _slug, "colour": _colour,
}
_KIND_WORDS = {
    "text": N_("text"), "markdown": N_("text"), "date": N_("a date"), "time": N_("a time"),
    "int": N_("a whole number"), "bool": N_("true or false"),
    "url": N_("a link weekgen accepts"), "choice": N_("one of the choices"), "slug": N_("a slug"),
    "tags": N_("a list of hashtags"), "list": N_("a list"), "records": N_("a list"),
    "colour": N_("a colour"), "mapping": N_("a set of 'key: value' lines"),
    "strings": N_("a set of '\"text\": \"text\"' lines"),
}
# A value that is not of its field's kind, a whole sentence each: a language says "is not a
# date" in its own way (Dutch: "is geen datum"), not always as "is not" and the kind's words.
_NOT_A = {
    "text": N_("'{field}' {value} is not text"), "markdown": N_("'{field}' {value} is not text"),
    "date": N_("'{field}' {value} is not a date"), "time": N_("'{field}' {value} is not a time"),
    "int": N_("'{field}' {value} is not a whole number"),
    "bool": N_("'{field}' {value} is not true or false"),
    "url": N_("'{field}' {value} is not a link weekgen accepts"),
    "choice": N_("'{field}' {value} is not one of the choices"),
    "slug": N_("'{field}' {value} is not a slug"),
    "colour": N_("'{field}' {value} is not a colour"),
}


_HASHTAG = re.compile(r"^\w+$")


def _read_tags(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    """Hashtags: one or a list, with or without '#', no spaces."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    tags: list[str] = []
    ok = True
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            problems.error(position(path, item),
                           N_("'{field}' should be a list of hashtags").format(field=spec.name),
                           N_("e.g. hashtags: [ikmaakhetverschil, weektegenkindermishandeling]"))
            ok = False
            continue
        tag = item.value.strip().lstrip("#")
        if not _HASHTAG.match(tag):
            problems.error(position(path, item), N_("hashtag '{tag}' may hold only letters, "
                                                    "digits and _").format(tag=_show(item.value)),
                           N_("leave out spaces and punctuation"))
            ok = False
        else:
            tags.append(tag)
    return tuple(tags) if ok else _INVALID


def _read_list(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out: list[str] = []
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            problems.error(position(path, item), N_("'{field}' should be a list of text "
                                                    "lines").format(field=spec.name))
            return _INVALID
        if item.value.strip():
            out.append(item.value.strip())
    return tuple(out)


def _read_records(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        problems.error(position(path, node), N_("'{field}' should be a list, each item "
                                                "starting with '- '").format(field=spec.name))
        return _INVALID
    out: list[Located] = []
    for item in node.value:
        record = read_record(item, spec.item_fields, path, problems,
                             N_("item of '{name}'").format(name=spec.name))
        if record is None or not record.valid:
            return _INVALID
        out.append(record)
    return tuple(out)


def _read_strings(node: yaml.Node, spec: Field, path: str, problems: Problems) -> Any:
    """A mapping of text to text, in order: each key once, each value a non-empty text."""
    if not isinstance(node, yaml.MappingNode):
        problems.error(position(path, node), N_("'{field}' should be {kind}, not {found}").format(
            field=spec.name, kind=_KIND_WORDS["strings"], found=_describe(node)),
            N_('e.g. "Bedankt": "Dank je wel"'))
        return _INVALID
    out: dict[str, str] = {}
    ok = True
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode) \
                or not key.value.strip() or not value.value.strip():
            problems.error(position(path, key), N_("each line of '{field}' should be a text "
                                                   "and yours for it").format(field=spec.name),
                           N_('e.g. "Bedankt": "Dank je wel"'))
            ok = False
        elif key.value in out:
            problems.error(position(path, key), N_("'{text}' appears twice in '{field}'").format(
                text=_show(key.value), field=spec.name), N_("keep one of the two lines"))
            ok = False
        else:
            out[key.value] = value.value.strip()
    return tuple(out.items()) if ok else _INVALID
