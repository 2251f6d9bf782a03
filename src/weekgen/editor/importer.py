"""`weekgen import`: the rows of a registration export become activities in a year's YAML.

`sheets` reads the file (CSV or XLSX) into rows; this module finds the header (below any title),
tells which column holds which field, and writes. It knows the exports of Microsoft Forms and
Google Forms: their bookkeeping columns (when the form was opened, the answer's id) are never an
activity's title or time, and columns holding the names, e-mail addresses or phone numbers of
whoever filled in the form are left out unless `--map` asks for them, so no one is published by
accident. A form's columns are its questions ('Naam van je organisatie'): the field is
recognised in the question, the specific word before the generic one. Each row becomes the YAML
text of one activity, checked by weekgen's own readers, so a row passes exactly when a build
would accept it. Problems are named by row, as the spreadsheet numbers them, and column.

Each sheet goes into its own file, `content/<year>/activities/<sheet>.yaml` (or the one `--into`
names), so that two editors importing two sheets do not conflict in git. New activities are
appended as text: what is there stays byte for byte, comments and order included. Above each
one a comment keeps its row's key (the form's answer id, or a digest of the row), so that
importing the sheet again adds only new rows, even when an editor corrected a title by hand;
an activity that is already in the year (the same date, title and organiser) is not added
either. The whole new file is validated before it replaces the old one, in one rename.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from time import time as time_now
from typing import Any

from weekgen.editor import texts
from weekgen.editor.scaffold import SCHEMA_DIR, write_atomically
from weekgen.editor.schema import FILES, modeline
from weekgen.editor.sheets import SPREADSHEET_SUFFIXES, Cell, Sheet, read_sheet
from weekgen.errors import Position, Problems, UsageError, suggestion
from weekgen.model.content import ACTIVITY_FIELDS, NATIONAL, STATUSES, Activity
from weekgen.model.fields import Field
from weekgen.model.slugs import slugify
from weekgen.read.records import read_activities
from weekgen.read.sources import SourceFile, compose_yaml, decode_source, read_source

IMPORTABLE = {f.name: f for f in ACTIVITY_FIELDS if f.kind not in ("records", "mapping", "list")}
# Column headers as spreadsheets name them, Dutch and English; also every field's own name. A
# bare 'Naam' is not among them: in a form's export it is whoever filled the form in.
ALIASES = {
    "date": ("datum", "dag"),
    "end_date": ("einddatum", "tot en met", "end date"),
    "title": ("titel", "activiteit", "naam activiteit", "naam van de activiteit"),
    "region": ("regio", "provincie"),
    "organiser": ("organisator", "organisatie", "organizer", "organisation", "organization"),
    "theme": ("thema",),
    "start_time": ("begintijd", "starttijd", "aanvang", "start time", "begin"),
    "end_time": ("eindtijd", "end time", "einde"),
    "location": ("locatie", "adres", "address", "venue", "plaats", "gemeente", "place"),
    "description": ("omschrijving", "beschrijving", "toelichting"),
    "kind": ("soort", "soort activiteit", "type"),
    "hashtag": ("hashtags",),
    "url": ("link", "website", "webadres", "webpagina"),
    "participants": ("deelnemers", "aantal deelnemers"),
    "highlight": ("uitgelicht",),
    "report": ("verslag",),
}
# The words of a form's question that name a field, tried in this order: the specific before
# the generic, so that 'Datum van de activiteit' is a date, 'Website van je organisatie' a link
# and 'Naam van je organisatie' the organiser, while 'activiteit' alone is the title.
QUESTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("end_date", ("einddatum", "end date", "tot en met")),
    ("end_time", ("eindtijd", "end time", "einde", "eindigt")),
    ("start_time", ("begintijd", "starttijd", "aanvang", "start time", "tijdstip", "hoe laat")),
    ("date", ("datum", "date", "dag", "day")),
    ("url", ("website", "webadres", "webpagina", "link", "aanmeldlink", "url")),
    ("participants", ("deelnemers", "participants", "bezoekers")),
    ("description", ("omschrijving", "beschrijving", "toelichting", "description")),
    ("kind", ("soort", "type", "kind", "vorm")),
    ("hashtag", ("hashtag", "hashtags")),
    ("theme", ("thema", "theme")),
    ("organiser", ("organisatie", "organisator", "organiser", "organizer", "organisation",
                   "organization", "georganiseerd")),
    ("region", ("regio", "region", "provincie")),
    ("location", ("locatie", "adres", "address", "venue", "plaats", "gemeente", "waar",
                  "location", "place", "where")),
    ("status", ("status",)),
    ("title", ("titel", "title", "activiteit", "activity")),
)
# Words of a question about the person filling in the form rather than the activity.
PERSONAL_WORDS = {
    "email": texts.PERSONAL_EMAIL, "emailadres": texts.PERSONAL_EMAIL,
    "mail": texts.PERSONAL_EMAIL, "mailadres": texts.PERSONAL_EMAIL,
    "telefoon": texts.PERSONAL_PHONE, "telefoonnummer": texts.PERSONAL_PHONE,
    "telnr": texts.PERSONAL_PHONE, "tel": texts.PERSONAL_PHONE, "mobiel": texts.PERSONAL_PHONE,
    "mobile": texts.PERSONAL_PHONE, "phone": texts.PERSONAL_PHONE, "gsm": texts.PERSONAL_PHONE,
    "contactpersoon": texts.PERSONAL_CONTACT, "contact person": texts.PERSONAL_CONTACT,
    "voornaam": texts.PERSONAL_NAMES, "achternaam": texts.PERSONAL_NAMES,
    "tussenvoegsel": texts.PERSONAL_NAMES, "first name": texts.PERSONAL_NAMES,
    "last name": texts.PERSONAL_NAMES, "surname": texts.PERSONAL_NAMES,
}
GENERIC_WORDS = frozenset({"activiteit", "activity", "waar", "where", "dag", "day"})
NAME_WORDS = ("naam", "name")  # personal only when no field word is in the question
# The columns Microsoft Forms and Google Forms add to every export, Dutch and English.
MS_FORMS_COLUMNS = {"id": "", "begintijd": "", "tijd van voltooien": "", "start time": "",
                    "completion time": "", "last modified time": "",
                    "tijd van laatste wijziging": "",
                    "e-mail": texts.PERSONAL_EMAIL, "email": texts.PERSONAL_EMAIL,
                    "naam": texts.PERSONAL_NAMES, "name": texts.PERSONAL_NAMES}
GOOGLE_FORMS_COLUMNS = {"tijdstempel": "", "timestamp": "", "score": "", "punten": "",
                        "e-mailadres": texts.PERSONAL_EMAIL,
                        "email address": texts.PERSONAL_EMAIL}
KEY_COLUMNS = ("id", "tijdstempel", "timestamp")  # what tells a form's answers apart
# The field names in Dutch, for --map.
DUTCH_NAMES = {"titel": "title", "datum": "date", "einddatum": "end_date",
               "begintijd": "start_time", "eindtijd": "end_time", "regio": "region",
               "organisator": "organiser", "organisatie": "organiser", "thema": "theme",
               "soort": "kind", "plaats": "location", "locatie": "location",
               "website": "url", "link": "url", "omschrijving": "description",
               "beschrijving": "description", "deelnemers": "participants",
               "uitgelicht": "highlight", "verslag": "report"}
IGNORE = "-"
# Regions a place column's value may be, besides those the year's activities already name.
PROVINCES = ("Drenthe", "Flevoland", "Friesland", "Fryslân", "Gelderland", "Groningen",
             "Limburg", "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland",
             "Zuid-Holland", NATIONAL)
STATUS_WORDS = {"gepland": "scheduled", "gaat door": "scheduled", "geannuleerd": "cancelled",
                "afgelast": "cancelled", "gaat niet door": "cancelled", "uitgesteld": "postponed",
                "verplaatst": "postponed", "canceled": "cancelled"}
TRUE_WORDS = frozenset({"true", "yes", "ja", "on", "1", "waar", "x"})
FALSE_WORDS = frozenset({"false", "no", "nee", "off", "0", "onwaar"})
TARGET = "activities.yaml"
HEADER_SEARCH = 10  # rows in which the header is looked for, below any title
STALE_TEMP_SECONDS = 60  # an import writes its file in well under this
_TEMP = re.compile(r"^\.[^/]+\.ya?ml\.[\w-]+\.tmp$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().-]{9,}$")


def normal_header(text: str) -> str:
    """'  Start_Time *:' and 'start time' are the same column."""
    text = text.replace("_", " ").replace("\ufeff", "").strip().rstrip(":*?").strip()
    return " ".join(text.split()).casefold()


HEADERS = {normal_header(alias): name for name, aliases in ALIASES.items() for alias in aliases}
HEADERS.update({normal_header(name): name for name in IMPORTABLE})


def _words(header: str) -> str:
    """A question as its words, ' '-joined and ' '-framed: ' naam van je organisatie '."""
    text = normal_header(header).replace("e-mail", "email").replace("-", "")
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def _has(words: str, word: str) -> bool:
    """A word or phrase of the question; a long word also inside a compound (organisatienaam)."""
    if f" {word} " in words:
        return True
    return len(word) >= 6 and " " not in word and word in words


def recognise(header: str) -> tuple[str | None, str, int]:
    """The field a column header or form question names, or None and why it is left out (the
    kind of personal data, or '' when it is simply not recognised); and how surely: 2 for a
    header or a specific word, 1 for a generic word ('activiteit', 'waar', 'dag')."""
    key = normal_header(header)
    if key in HEADERS:
        return HEADERS[key], "", 2
    words = _words(header)
    for word, what in PERSONAL_WORDS.items():
        if _has(words, word):
            return None, what, 0
    for name, question_words in QUESTION_WORDS:
        if any(_has(words, w) for w in question_words):
            return name, "", 1 if all(w in GENERIC_WORDS for w in question_words
                                      if _has(words, w)) else 2
    if any(_has(words, w) for w in NAME_WORDS):
        return None, texts.PERSONAL_NAMES, 0
    return None, "", 0


def known_header(text: str) -> bool:
    return recognise(text)[0] is not None or normal_header(text) in MS_FORMS_COLUMNS \
        or normal_header(text) in GOOGLE_FORMS_COLUMNS


def parse_map(text: str | None) -> dict[str, str]:
    """--map 'Kolom=field,Andere kolom=veld,Nog een=-': column header -> field (or '-' to leave
    the column out); UsageError when wrong."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        column, sep, name = part.partition("=")
        name = name.strip()
        if not sep or not column.strip() or not name:
            raise UsageError(f"--map {part.strip()!r} should be 'Column=field'")
        name = DUTCH_NAMES.get(name.casefold(), name)
        if name not in IMPORTABLE and name != IGNORE:
            hint = suggestion(name, [*IMPORTABLE, *DUTCH_NAMES])
            raise UsageError(f"--map: {name!r} is not a field of an activity"
                             + (f"; {hint}" if hint else "")
                             + "; the fields are: " + ", ".join(IMPORTABLE)
                             + " (or '-' to leave the column out)")
        mapping[normal_header(column)] = name
    return mapping


# --- the header and its columns -------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """The rows of a sheet below its header, numbered as the spreadsheet does."""

    name: str  # as messages show it
    header_row: int
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]
    kind: str  # texts.KIND_MS_FORMS, KIND_GOOGLE_FORMS or KIND_SHEET


def find_header(sheet: Sheet, mapping: dict[str, str], notes: list[str]) -> Table:
    """The row naming the columns: among the first rows, the one with the most headers weekgen
    knows (a title such as 'Aanmeldingen Week 2027' may stand above it)."""
    def score(cells: list[Cell]) -> int:
        return sum(1 for c in cells if (t := _text(c)) and (normal_header(t) in mapping
                                                           or known_header(t)))

    candidates = sheet.rows[:HEADER_SEARCH]
    best = max(range(len(candidates)), key=lambda i: (score(candidates[i][1]), -i), default=0)
    if candidates and score(candidates[best][1]) == 0:
        best = next((i for i, (_, cells) in enumerate(candidates)
                     if any(_text(c) for c in cells)), 0)
    header_row, header = sheet.rows[best] if sheet.rows else (1, [])
    names = {normal_header(_text(c)) for c in header}
    if "id" in names and names & {"tijd van voltooien", "completion time"}:
        kind = texts.KIND_MS_FORMS
    elif names & {"tijdstempel", "timestamp"}:
        kind = texts.KIND_GOOGLE_FORMS
    else:
        kind = texts.KIND_SHEET
    notes.append(texts.SOURCE_KIND.format(name=Path(sheet.name).name, kind=kind,
                                          encoding=sheet.encoding, row=header_row))
    for number, cells in sheet.rows[:best]:
        text = " ".join(t for t in dict.fromkeys(_text(c) for c in cells) if t)
        if text:
            notes.append(texts.TITLE_ROW.format(row=number, text=text))
    return Table(sheet.name, header_row, header, sheet.rows[best + 1:], kind)


@dataclass(frozen=True)
class Columns:
    """Which column gives which field, and which column keys the form's answers."""

    fields: dict[int, str]
    key: int | None


def columns(table: Table, mapping: dict[str, str], problems: Problems,
            notes: list[str]) -> Columns | None:
    """Column index -> field, from the header; None when a needed column is missing. Of two
    columns naming one field, a specific one wins over a generic one ('Titel' over 'Doelgroep
    van de activiteit'); two alike are an error."""
    said: dict[int, str] = {}  # the report's line for each column, in the sheet's order
    claims: dict[str, list[tuple[int, int, str]]] = {}  # field -> (strength, index, note)
    key: int | None = None
    personal_names: list[str] = []
    at = Position(table.name, table.header_row)
    headers = [_text(cell) for cell in table.header]
    bookkeeping = MS_FORMS_COLUMNS if table.kind == texts.KIND_MS_FORMS else \
        GOOGLE_FORMS_COLUMNS if table.kind == texts.KIND_GOOGLE_FORMS else {}
    for i, header in enumerate(headers):
        if not header:
            continue
        norm = normal_header(header)
        if key is None and norm in KEY_COLUMNS and table.kind != texts.KIND_SHEET:
            key = i
        if norm in mapping:
            if mapping[norm] == IGNORE:
                said[i] = texts.COLUMN_IGNORED.format(header=header)
            else:
                claims.setdefault(mapping[norm], []).append((3, i, texts.COLUMN_MAPPED))
            continue
        if norm in bookkeeping or norm in ("tijdstempel", "timestamp"):
            what = bookkeeping.get(norm, "")
            said[i] = texts.COLUMN_PERSONAL.format(header=header, what=what) if what \
                else texts.COLUMN_BOOKKEEPING.format(header=header)
            continue
        name, what, strength = recognise(header)
        what = what or _personal_values(table, i)
        if what:
            said[i] = texts.COLUMN_PERSONAL.format(header=header, what=what)
            if what == texts.PERSONAL_NAMES:
                personal_names.append(header)
        elif name is None:
            problems.warning(at, f"column '{header}' is not imported",
                             f"to import it, add --map '{header}=FIELD' with one of: "
                             + ", ".join(IMPORTABLE))
        else:
            claims.setdefault(name, []).append((strength, i, texts.COLUMN_FIELD))
    found: dict[int, str] = {}
    ok = True
    for name, claimed in claims.items():
        best = max(strength for strength, _, _ in claimed)
        winners = [(i, note) for strength, i, note in claimed if strength == best]
        if len(winners) > 1:
            first, second = (headers[i] for i, _ in winners[:2])
            problems.error(at, f"columns '{first}' and '{second}' both give '{name}'",
                           f"map one of them to another field with --map '{second}=FIELD', "
                           f"or leave it out with --map '{second}=-'")
            ok = False
            continue
        [(index, note)] = winners
        found[index] = name
        said[index] = note.format(header=headers[index], field=name)
        for strength, i, _ in claimed:
            if strength < best:
                problems.warning(at, f"column '{headers[i]}' is not imported: column "
                                 f"'{headers[index]}' gives '{name}'",
                                 f"to import it, add --map '{headers[i]}=FIELD' with one of: "
                                 + ", ".join(IMPORTABLE))
    notes.extend(said[i] for i in sorted(said))
    for spec in IMPORTABLE.values():
        if spec.required and spec.name not in found.values():
            words = ", ".join(a for a in ALIASES.get(spec.name, ()) if " " not in a)
            hint = f"name a column {spec.name} or {words}, or add --map 'Your column={spec.name}'"
            if spec.name == "title" and personal_names:
                hint = texts.NO_TITLE_HINT.format(header=personal_names[0])
            problems.error(at, f"there is no column for '{spec.name}'", hint)
            ok = False
    return Columns(found, key) if ok else None


def _personal_values(table: Table, index: int) -> str:
    """'e-mail addresses' or 'phone numbers' when most of a column's cells are, else ''."""
    values = [t for _, cells in table.rows[:200]
              if index < len(cells) and (t := _text(cells[index]))]
    if not values:
        return ""
    for pattern, what in ((_EMAIL, texts.PERSONAL_EMAIL), (_PHONE, texts.PERSONAL_PHONE)):
        if sum(1 for v in values if pattern.match(v)
               and (pattern is _EMAIL or sum(ch.isdigit() for ch in v) >= 9)) * 2 > len(values):
            return what
    return ""


# --- cells to values ------------------------------------------------------------------------

class CellError(ValueError):
    """A cell that cannot be what its column asks: the message and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::\d{2})?|\s*(?:u|uur|h)\s*(\d{2})?)$",
                   re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def _text(cell: Cell) -> str:
    """A cell as text: numbers without '.0', no control characters, newlines as \\n."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nee"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ", timespec="minutes")
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    raw = _text(cell)
    match = _ISO.match(raw)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DUTCH.match(raw)):
        parts = (match.group(3), match.group(2), match.group(1))
    hint = "write a date as 16-11-2026 or 2026-11-16"
    if parts is None:
        raise CellError(f"{raw} is not a date", hint)
    try:
        return date(*map(int, parts))
    except ValueError:
        raise CellError(f"{raw} is not a date", "that day does not exist; " + hint) from None


def _time(cell: Cell) -> time:
    if isinstance(cell, datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, time):
        return cell.replace(second=0, microsecond=0)
    raw = _text(cell)
    match = _TIME.match(raw)
    hint = "write a time as 14:00 or 14.00"
    if not match:
        raise CellError(f"{raw} is not a time", hint)
    minutes = match.group(2) or match.group(3) or "0"
    try:
        return time(int(match.group(1)), int(minutes))
    except ValueError:
        raise CellError(f"{raw} is not a time", "hours go from 0 to 23 and minutes from 00 to "
                        "59; " + hint) from None


def _int(cell: Cell) -> int:
    if isinstance(cell, int) and not isinstance(cell, bool) and cell >= 0:
        return cell
    if isinstance(cell, float) and cell.is_integer() and cell >= 0:
        return int(cell)
    raw = _text(cell)
    if raw.isascii() and raw.isdigit():
        return int(raw)
    if _THOUSANDS.match(raw):
        return int(re.sub(r"[.,]", "", raw))
    raise CellError(f"{raw} is not a whole number", "write a number such as 120")


def _bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = _text(cell).casefold()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(f"{_text(cell)} is not yes or no", "write ja or nee (or yes or no)")


def _tags(cell: Cell) -> tuple[str, ...]:
    return tuple(t for t in (w.lstrip("#") for w in re.split(r"[\s,;]+", _text(cell))) if t)


def _url(cell: Cell) -> str:
    raw = _text(cell)
    return "https://" + raw if raw.lower().startswith("www.") else raw


def _status(cell: Cell) -> str:
    raw = _text(cell)
    word = " ".join(raw.split()).casefold()
    return STATUS_WORDS.get(word, word if word in STATUSES else raw)


def cell_value(spec: Field, cell: Cell) -> Any:
    """What a cell says for this field: a date, time, number, yes/no, hashtags or text.
    Raises CellError."""
    if spec.kind == "date":
        return _date(cell)
    if spec.kind == "time":
        return _time(cell)
    if spec.kind == "int":
        return _int(cell)
    if spec.kind == "bool":
        return _bool(cell)
    if spec.kind == "tags":
        return _tags(cell)
    if spec.kind == "url":
        return _url(cell)
    if spec.kind == "choice" and spec.name == "status":
        return _status(cell)
    text = _text(cell)
    return text if spec.kind == "markdown" else " ".join(text.split())


# --- values to YAML text --------------------------------------------------------------------

_PLAIN = re.compile(r"[^\W\d_][\w .,;!?()'/&+-]*")
_PLAIN_NOT = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "ja",
                        "nee"})
_PRINTABLE_BLOCK = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
                              r"\ud800-\udfff]*")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`, whatever it holds."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(text: str) -> str:
    """Plain when that is safe and reads the same everywhere, else double-quoted."""
    if _PLAIN.fullmatch(text) and text == text.strip() and text.casefold() not in _PLAIN_NOT:
        return text
    return quoted(text)


def _block(text: str, indent: str) -> list[str] | None:
    """A multi-line text as a literal block (|-), or None when only quotes can hold it."""
    lines = text.split("\n")
    if len(lines) < 2 or not _PRINTABLE_BLOCK.fullmatch(text) or text != text.strip() \
            or any(line.strip() == "" and line for line in lines):
        return None
    return ["|-", *((indent + line) if line else "" for line in lines)]


def activity_yaml(values: dict[str, Any], indent: int = 0) -> tuple[list[str], dict[int, str]]:
    """The lines of one activity as a list item, and which field each line starts."""
    pad = " " * indent
    lines: list[str] = []
    starts: dict[int, str] = {}
    for spec in ACTIVITY_FIELDS:
        if spec.name not in values:
            continue
        value = values[spec.name]
        lead = f"{pad}- " if not lines else f"{pad}  "
        starts[len(lines)] = spec.name
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int):
            text = str(value)
        elif isinstance(value, date):
            text = value.isoformat()
        elif isinstance(value, time):
            text = quoted(value.strftime("%H:%M"))
        elif isinstance(value, tuple):
            text = "[" + ", ".join(scalar(t) for t in value) + "]"
        else:
            block = _block(value, pad + "    ") if spec.kind == "markdown" else None
            if block is not None:
                lines.append(f"{lead}{spec.name}: {block[0]}")
                lines.extend(block[1:])
                continue
            text = scalar(value)
        lines.append(f"{lead}{spec.name}: {text}")
    return lines, starts


# --- rows to activities ---------------------------------------------------------------------

Identity = tuple[date, str, str]


@dataclass(frozen=True)
class Row:
    """A row of the spreadsheet that makes a valid activity."""

    number: int
    lines: tuple[str, ...]  # its YAML, without the line break
    key: Identity
    row_key: str  # what tells this answer of the form apart, kept as a comment above it


@dataclass
class Plan:
    """What an import would do."""

    rows: list[Row] = field(default_factory=list)  # to add, in the file's order
    already: int = 0  # rows whose activity is already in the year's files
    repeated: int = 0  # rows that repeat an earlier row of the file
    failed: int = 0  # rows with problems
    empty: int = 0


@dataclass(frozen=True)
class Known:
    """What the year's files hold already: activities by identity, imported rows by key, and
    the regions they name."""

    activities: set[Identity]
    row_keys: set[str]
    regions: dict[str, str]  # casefolded -> as written


def identity(day: date, title: str, organiser: str | None) -> Identity:
    """An activity is the same when its date, title and organiser are (case and spacing aside)."""
    return (day, " ".join(title.split()).casefold(), " ".join((organiser or "").split()).casefold())


def row_key(table: Table, cols: Columns, cells: Sequence[Cell]) -> str:
    """'reg.xlsx, Id 17' for a form's answer; for a plain sheet a digest of the row's imported
    cells, so that a title corrected by hand in the YAML still matches its row."""
    source = Path(table.name).name
    if cols.key is not None and cols.key < len(cells) and (value := _text(cells[cols.key])):
        return " ".join(f"{source}, {_text(table.header[cols.key])} {value}".split())
    text = "\x1f".join(_text(cells[i]) if i < len(cells) else "" for i in sorted(cols.fields))
    return f"{source}, row {hashlib.sha256(text.encode()).hexdigest()[:12]}"


def plan_rows(table: Table, cols: Columns, year: int, known: Known, problems: Problems,
              indent: int = 0) -> Plan:
    """Every row checked as weekgen checks an activity; the new valid ones to add."""
    plan = Plan()
    headers = [_text(h) for h in table.header]
    seen: dict[Identity | str, int] = {}  # by identity and by row key: the row it was first
    for number, cells in table.rows:
        if all(not _text(c) for c in cells):
            plan.empty += 1
            continue
        key = row_key(table, cols, cells)
        if key in known.row_keys:
            plan.already += 1
            continue
        row = _row(Position(table.name, number), cells, cols.fields, headers, year, known,
                   problems, indent, key)
        if row is None:
            plan.failed += 1
        elif row.key in known.activities:
            plan.already += 1
        elif row.key in seen or key in seen:
            plan.repeated += 1
            what = "(date, title and organiser)" if row.key in seen else f"({key})"
            problems.warning(Position(table.name, number), f"the same activity as row "
                             f"{seen.get(row.key) or seen[key]} {what}; not added twice")
        else:
            seen[row.key] = seen[key] = number
            plan.rows.append(row)
    return plan


def _place(values: dict[str, Any], column_of: dict[str, str], known: Known) -> None:
    """'online' in a place column makes the activity online; a place that is a known region (a
    province, 'landelijk', or a region the year names already) is its region too."""
    place = values.get("location")
    if not isinstance(place, str):
        return
    word = place.casefold()
    if word.startswith("online"):
        values.setdefault("online", True)
        if word.rstrip(". ") == "online":
            del values["location"]
        return
    region = known.regions.get(word)
    if region is not None and "region" not in values:
        values["region"] = place
        column_of["region"] = column_of["location"]


def _row(at: Position, cells: Sequence[Cell], fields: dict[int, str], headers: list[str],
         year: int, known: Known, problems: Problems, indent: int, key: str) -> Row | None:
    """One row as an activity, or None after reporting its problems by column."""
    column_of = {f: headers[i] for i, f in fields.items()}
    values: dict[str, Any] = {}
    ok = True
    for i, cell in enumerate(cells):
        spec = IMPORTABLE.get(fields.get(i, ""))
        if spec is None or (not _text(cell) and not isinstance(cell, bool)):
            continue  # a column we do not import, or an empty cell: as if left out
        try:
            value = cell_value(spec, cell)
        except CellError as exc:
            problems.error(at, f"column '{headers[i]}': {exc}", exc.hint)
            ok = False
            continue
        if value not in ("", ()):
            values[spec.name] = value
    _place(values, column_of, known)
    for spec in IMPORTABLE.values():
        if ok and spec.required and spec.name not in values:
            problems.error(at, f"column '{column_of[spec.name]}' is empty",
                           f"every activity needs its {spec.name} ({spec.help})")
            ok = False
    if not ok:
        return None
    lines, starts = activity_yaml(values, indent)
    found = Problems()
    source = SourceFile(at.path, "\n".join(lines) + "\n", "")
    activities = read_activities(compose_yaml(source, found), source, year, found)
    for p in found.errors:  # weekgen's own checks, named by the column of the line they point at
        line = max((i for i in starts if i < p.position.line), default=0)
        problems.error(at, f"column '{column_of[starts[line]]}': {p.message}", p.hint)
    if found.errors or len(activities) != 1:
        return None
    a = activities[0]
    comment = " " * indent + f"# import key: {key}"
    return Row(at.line, (comment, *lines), identity(a.date, a.title, a.organiser), key)


# --- the year's activities file -------------------------------------------------------------

_ROW_KEY = re.compile(r"^[ \t]*# import key: (.+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Target:
    """The file the activities go into, as it is now."""

    path: Path
    rel: str  # content/2026/activities/aanmeldingen.yaml
    data: bytes  # b"" when it does not exist yet
    exists: bool
    indent: int  # the column of the list's '- '
    newline: str
    count: int  # activities in it now


def target_rel(year: int, file: Path, into: str | None) -> str:
    """content/<year>/activities/<the sheet's name>.yaml, or the file --into names: each sheet
    its own file, so that two editors importing two sheets never touch the same lines."""
    if into is None:
        return f"content/{year}/activities/{slugify(file.stem) or 'import'}.yaml"
    rel = PurePosixPath(into.replace("\\", "/"))
    ok = (rel.suffix in (".yaml", ".yml") and ".." not in rel.parts and not rel.is_absolute()
          and (str(rel) in ("activities.yaml", "activities.yml")
               or (len(rel.parts) == 2 and rel.parts[0] == "activities"
                   and not rel.name.startswith("."))))
    if not ok:
        raise UsageError(texts.INTO_USAGE.format(into=into, year=year))
    return f"content/{year}/{rel}"


def existing_activities(root: Path, year: int, rel_target: str,
                        problems: Problems) -> tuple[Target | None, Known]:
    """The target file and what the year already has (in activities.yaml and
    activities/*.yaml); None when one of those files has errors."""
    folder = root / "content" / str(year)
    rels = []
    for name in ("activities.yaml", "activities.yml"):
        if (folder / name).is_file():
            rels.append(f"content/{year}/{name}")
    sub = folder / "activities"
    if sub.is_dir():
        rels.extend(f"content/{year}/activities/{p.name}" for p in sorted(sub.iterdir())
                    if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    known = Known(set(), set(), {r.casefold(): r for r in PROVINCES})
    target: Target | None = None
    before = len(problems.errors)
    for rel in rels:
        source = read_source(root, rel, problems)
        if source is None:
            continue
        node = compose_yaml(source, problems)
        activities = read_activities(node, source, year, problems)
        known.activities.update(identity(a.date, a.title, a.organiser) for a in activities)
        known.row_keys.update(_ROW_KEY.findall(source.text))
        known.regions.update((a.region.casefold(), a.region) for a in activities if a.region)
        if rel == rel_target:
            if node is not None and getattr(node, "flow_style", False):
                problems.error(Position(rel, node.start_mark.line + 1,
                                        node.start_mark.column + 1),
                               "the activities are written as [ ... ]: weekgen import cannot "
                               "add to that", "write the list with one '- title:' per activity")
            data = (root / rel).read_bytes()
            target = Target(root / rel, rel, data, True,
                            node.start_mark.column if node is not None else 0,
                            "\r\n" if b"\r\n" in data else "\n", len(activities))
    if len(problems.errors) > before:
        return None, known
    if target is None:
        target = Target(root / rel_target, rel_target, b"", False, 0, "\n", 0)
    return target, known


def remove_stale_temps(root: Path, year: int, notes: list[str], now: float) -> None:
    """Remove the temporary files an import killed half-way left (`.activities.yaml.*.tmp`);
    one younger than a minute may be another import's, still writing."""
    for folder in (root / "content" / str(year), root / "content" / str(year) / "activities"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not _TEMP.match(path.name) or not path.is_file() or path.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > STALE_TEMP_SECONDS:
                    path.unlink()
                    notes.append(texts.STALE_TEMP.format(path=path.relative_to(root).as_posix()))


def appended_text(target: Target, rows: Iterable[Row], source_name: str) -> str:
    """The text to add at the end of the target file (with its own kind of line breaks)."""
    lines: list[str] = []
    if not target.exists:
        up = "../" * target.rel.count("/")
        lines.append(modeline(f"{up}{SCHEMA_DIR}/{FILES['activities.yaml']}").rstrip("\n"))
    pad = " " * target.indent
    lines.append(f"{pad}# weekgen import {Path(source_name).name}")
    first = True
    for row in rows:
        if not first:
            lines.append("")
        lines.extend(row.lines)
        first = False
    text = "\n".join(lines) + "\n"
    if target.data and not target.data.endswith(b"\n"):
        text = "\n" + text
    if target.data.strip():
        text = "\n" + text  # a blank line between what was there and what is new
    return text.replace("\n", target.newline)


def check_result(target: Target, data: bytes, year: int, added: int, problems: Problems) -> bool:
    """Parse the new file as a build would: it must hold what it held and the new activities."""
    found = Problems()
    source = decode_source(target.rel, data, found)
    activities: list[Activity] = []
    if source is not None:
        node = compose_yaml(source, found)
        activities = read_activities(node, source, year, found) if not found.errors else []
    if found.errors or len(activities) != target.count + added:
        first = found.errors[0].message if found.errors else \
            f"{len(activities)} activities instead of {target.count + added}"
        problems.error(Position(target.rel), f"cannot add to this file: the result would not "
                       f"read back ({first})", "nothing was changed; please report this")
        return False
    return True


# --- the command ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportReport:
    target: str  # content/2026/activities/aanmeldingen.yaml
    text: str  # what was (or would be) appended
    plan: Plan
    written: bool


def run_import(root: Path, file: Path, year: int, mapping: dict[str, str], dry_run: bool,
               problems: Problems, into: str | None = None,
               notes: list[str] | None = None) -> ImportReport | None:
    """Import `file` into content/<year>/; None when nothing could be planned (problems say
    why). Rows with problems are left out and reported; the others are added. `notes` gets
    what the report tells besides problems: what the file is, which column became which field
    and which were left out, and why."""
    notes = notes if notes is not None else []
    name = str(file)
    if not file.is_file():
        raise UsageError(f"{name} is not a file")
    if file.suffix.lower() not in (".csv", ".txt", *SPREADSHEET_SUFFIXES):
        raise UsageError(f"{name} should be a spreadsheet export: a .csv or .xlsx file")
    if not (root / "content" / str(year)).is_dir():
        raise UsageError(f"content/{year}/ does not exist; make it first with "
                         f"'weekgen new year {year}'")
    rel = target_rel(year, file, into)
    if not dry_run:
        remove_stale_temps(root, year, notes, time_now())
    sheet = read_sheet(file, name, problems,
                       lambda h: normal_header(h) in mapping or known_header(h))
    if sheet is None:
        return None
    table = find_header(sheet, mapping, notes)
    cols = columns(table, mapping, problems, notes)
    target, known = existing_activities(root, year, rel, problems)
    if cols is None or target is None:
        return None
    plan = plan_rows(table, cols, year, known, problems, target.indent)
    text = appended_text(target, plan.rows, name) if plan.rows else ""
    written = False
    if plan.rows and not dry_run:
        data = target.data + text.encode("utf-8")
        if not check_result(target, data, year, len(plan.rows), problems):
            return None
        now = target.path.read_bytes() if target.path.exists() else b""
        if now != target.data:
            problems.error(Position(target.rel), "the file changed while weekgen was importing",
                           "nothing was changed; run the import again")
            return None
        target.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target.path, data)
        written = True
    return ImportReport(target.rel, text, plan, written)
