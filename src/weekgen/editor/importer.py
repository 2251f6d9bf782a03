"""`weekgen import`: registrations from a spreadsheet (CSV or XLSX) added to a year's activities.

The only module that imports openpyxl. A registration form's export is read as Dutch spreadsheets
write it (UTF-8 or Windows-1252, comma or semicolon separated, headers in Dutch or English, dates
such as 15-11-2026), each row becomes the YAML text of one activity, and that text is checked by
weekgen's own readers, so a row passes exactly when a build would accept it. Problems are named by
row (as the spreadsheet numbers them, the header being row 1) and column.

The new activities are appended as text at the end of `content/<year>/activities.yaml`: what is
already there stays byte for byte, comments and order included. An activity that is already there
(the same date, title and organiser) is not added again. The whole new file is validated before it
replaces the old one, in one rename.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from weekgen.editor.scaffold import SCHEMA_DIR, write_atomically
from weekgen.editor.schema import FILES, modeline
from weekgen.errors import Position, Problems, UsageError, suggestion
from weekgen.model.content import ACTIVITY_FIELDS, STATUSES, Activity
from weekgen.model.fields import Field
from weekgen.read.records import read_activities
from weekgen.read.sources import (
    MAX_FILE_BYTES,
    SourceFile,
    compose_yaml,
    decode_source,
    read_source,
)

IMPORTABLE = {f.name: f for f in ACTIVITY_FIELDS if f.kind not in ("records", "mapping", "list")}
# Column headers as registration forms name them, Dutch and English; also every field's own name.
ALIASES = {
    "date": ("datum", "dag"),
    "end_date": ("einddatum", "tot en met", "end date"),
    "new_date": ("nieuwe datum", "new date"),
    "title": ("titel", "naam", "activiteit", "naam activiteit", "naam van de activiteit"),
    "region": ("regio", "plaats", "gemeente"),
    "organiser": ("organisator", "organisatie", "organizer", "organisation", "organization"),
    "theme": ("thema",),
    "start_time": ("begintijd", "starttijd", "aanvang", "start time", "begin"),
    "end_time": ("eindtijd", "end time", "einde"),
    "location": ("locatie", "adres", "address", "venue"),
    "description": ("omschrijving", "beschrijving", "toelichting"),
    "kind": ("soort", "soort activiteit", "type"),
    "hashtag": ("hashtags",),
    "url": ("link", "website", "webadres", "webpagina"),
    "participants": ("deelnemers", "aantal deelnemers"),
    "highlight": ("uitgelicht",),
    "report": ("verslag",),
}
STATUS_WORDS = {"gepland": "scheduled", "gaat door": "scheduled", "geannuleerd": "cancelled",
                "afgelast": "cancelled", "gaat niet door": "cancelled", "uitgesteld": "postponed",
                "verplaatst": "postponed", "canceled": "cancelled"}
TRUE_WORDS = frozenset({"true", "yes", "ja", "on", "1", "waar", "x"})
FALSE_WORDS = frozenset({"false", "no", "nee", "off", "0", "onwaar"})
DELIMITERS = (";", ",", "\t")
TARGET = "activities.yaml"

Cell = str | int | float | bool | date | datetime | time | None


def normal_header(text: str) -> str:
    """'  Start_Time *:' and 'start time' are the same column."""
    text = text.replace("_", " ").replace("\ufeff", "").strip().rstrip(":*").strip()
    return " ".join(text.split()).casefold()


HEADERS = {normal_header(alias): name for name, aliases in ALIASES.items() for alias in aliases}
HEADERS.update({normal_header(name): name for name in IMPORTABLE})


def parse_map(text: str | None) -> dict[str, str]:
    """--map 'Kolom=field,Andere kolom=field': column header -> field; UsageError when wrong."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        column, sep, name = part.partition("=")
        name = name.strip()
        if not sep or not column.strip() or not name:
            raise UsageError(f"--map {part.strip()!r} should be 'Column=field'")
        if name not in IMPORTABLE:
            hint = suggestion(name, IMPORTABLE)
            raise UsageError(f"--map: {name!r} is not a field of an activity"
                             + (f"; {hint}" if hint else "")
                             + "; the fields are: " + ", ".join(IMPORTABLE))
        mapping[normal_header(column)] = name
    return mapping


# --- reading the spreadsheet ----------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """The cells of a spreadsheet: its header and its rows, numbered as the spreadsheet does."""

    name: str  # as messages show it
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]


def read_table(path: Path, name: str, problems: Problems,
               known: dict[str, str] | None = None) -> Table | None:
    """A CSV or XLSX file as a table, or None after reporting why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        problems.error(Position(name), f"the file is too large ({size // 1_048_576} MiB; at most "
                       f"{MAX_FILE_BYTES // 1_048_576} MiB)", "split it into several files")
        return None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name, problems)
    return _read_csv(path.read_bytes(), name, problems, known if known is not None else HEADERS)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, as Dutch spreadsheets save CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, name: str, problems: Problems, known: dict[str, str]) -> Table | None:
    text = _decode(data)
    if not text.strip():
        problems.error(Position(name, 1), "the file is empty",
                       "export the registrations with a first row naming the columns")
        return None
    delimiter = _delimiter(text, known)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[Cell]] = []
    try:
        for record in reader:
            records.append(list(record))
    except csv.Error as exc:
        problems.error(Position(name, reader.line_num), f"cannot read the CSV: {exc}",
                       "export the sheet again as CSV")
        return None
    return Table(name, records[0], list(enumerate(records[1:], start=2)))


def _delimiter(text: str, known: dict[str, str]) -> str:
    """The separator that makes the most columns we know (a semicolon for Dutch Excel)."""

    def score(delimiter: str) -> tuple[int, int]:
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            return (0, 0)
        return (sum(1 for h in first if normal_header(h) in known), len(first))

    return max(DELIMITERS, key=score)


def _read_xlsx(path: Path, name: str, problems: Problems) -> Table | None:
    import openpyxl  # here only: reading a CSV needs no openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # e.g. "Workbook contains no default style"
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                rows = [[_cell(v) for v in r] for r in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError,
            IndexError) as exc:
        problems.error(Position(name), f"cannot read the spreadsheet: {exc}",
                       "save it as .xlsx (Excel) or export it as CSV")
        return None
    if not rows:
        problems.error(Position(name, 1), "the spreadsheet is empty",
                       "the first row should name the columns")
        return None
    return Table(name, rows[0], list(enumerate(rows[1:], start=2)))


def _cell(value: object) -> Cell:
    """An XLSX cell as one of the values a CSV cell can turn into."""
    if value is None or isinstance(value, str | int | float | bool | date | time):
        return value
    if isinstance(value, timedelta) and value < timedelta(days=1):  # a duration: "14:00"
        return (datetime.min + value).time()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)  # rich text, a formula without its cached value


# --- columns --------------------------------------------------------------------------------

def columns(table: Table, mapping: dict[str, str], problems: Problems) -> dict[int, str] | None:
    """Column index -> field, from the header; None when a needed column is missing."""
    found: dict[int, str] = {}
    by_field: dict[str, str] = {}
    ok = True
    for i, cell in enumerate(table.header):
        header = _text(cell)
        if not header:
            continue
        key = normal_header(header)
        name = mapping.get(key) or HEADERS.get(key)
        if name is None:
            problems.warning(Position(table.name, 1), f"column '{header}' is not imported",
                             f"to import it, add --map '{header}=FIELD' with one of: "
                             + ", ".join(IMPORTABLE))
            continue
        if name in by_field:
            problems.error(Position(table.name, 1), f"columns '{by_field[name]}' and '{header}' "
                           f"both give '{name}'",
                           f"map one of them to another field with --map '{header}=FIELD'")
            ok = False
            continue
        by_field[name] = header
        found[i] = name
    for spec in IMPORTABLE.values():
        if spec.required and spec.name not in by_field:
            words = ", ".join(a for a in ALIASES.get(spec.name, ()) if " " not in a)
            problems.error(Position(table.name, 1), f"there is no column for '{spec.name}'",
                           f"name a column {spec.name} or {words}, or add --map "
                           f"'Your column={spec.name}'")
            ok = False
    return found if ok else None


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

@dataclass(frozen=True)
class Row:
    """A row of the spreadsheet that makes a valid activity."""

    number: int
    lines: tuple[str, ...]  # its YAML, without the line break
    key: tuple[date, str, str]


@dataclass
class Plan:
    """What an import would do."""

    rows: list[Row] = field(default_factory=list)  # to add, in the file's order
    already: int = 0  # rows whose activity is already in the year's files
    repeated: int = 0  # rows that repeat an earlier row of the file
    failed: int = 0  # rows with problems
    empty: int = 0


def identity(day: date, title: str, organiser: str | None) -> tuple[date, str, str]:
    """An activity is the same when its date, title and organiser are (case and spacing aside)."""
    return (day, " ".join(title.split()).casefold(), " ".join((organiser or "").split()).casefold())


def plan_rows(table: Table, fields: dict[int, str], year: int, existing: set[tuple[date, str, str]],
              problems: Problems, indent: int = 0) -> Plan:
    """Every row checked as weekgen checks an activity; the new valid ones to add."""
    plan = Plan()
    headers = [_text(h) for h in table.header]
    seen: dict[tuple[date, str, str], int] = {}
    for number, cells in table.rows:
        if all(not _text(c) for c in cells):
            plan.empty += 1
            continue
        row = _row(Position(table.name, number), cells, fields, headers, year, problems, indent)
        if row is None:
            plan.failed += 1
        elif row.key in existing:
            plan.already += 1
        elif row.key in seen:
            plan.repeated += 1
            problems.warning(Position(table.name, number), f"the same activity as row "
                             f"{seen[row.key]} (date, title and organiser); not added twice")
        else:
            seen[row.key] = number
            plan.rows.append(row)
    return plan


def _row(at: Position, cells: Sequence[Cell], fields: dict[int, str], headers: list[str],
         year: int, problems: Problems, indent: int) -> Row | None:
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
    return Row(at.line, tuple(lines), identity(a.date, a.title, a.organiser))


# --- the year's activities file -------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """The file the activities go into, as it is now."""

    path: Path
    rel: str  # content/2026/activities.yaml
    data: bytes  # b"" when it does not exist yet
    exists: bool
    indent: int  # the column of the list's '- '
    newline: str
    count: int  # activities in it now


def existing_activities(root: Path, year: int, problems: Problems) -> tuple[Target | None,
                                                                            set[tuple[date, str,
                                                                                      str]]]:
    """The target file and the identity of every activity the year already has (in
    activities.yaml and activities/*.yaml); None when one of those files has errors."""
    folder = root / "content" / str(year)
    rels = []
    for name in ("activities.yaml", "activities.yml"):
        if (folder / name).is_file():
            rels.append(f"content/{year}/{name}")
    sub = folder / "activities"
    if sub.is_dir():
        rels.extend(f"content/{year}/activities/{p.name}" for p in sorted(sub.iterdir())
                    if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    target_rel = rels[0] if rels and not rels[0].startswith(f"content/{year}/activities/") \
        else f"content/{year}/{TARGET}"
    known: set[tuple[date, str, str]] = set()
    target: Target | None = None
    before = len(problems.errors)
    for rel in rels:
        source = read_source(root, rel, problems)
        if source is None:
            continue
        node = compose_yaml(source, problems)
        activities = read_activities(node, source, year, problems)
        known.update(identity(a.date, a.title, a.organiser) for a in activities)
        if rel == target_rel:
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
        target = Target(root / target_rel, target_rel, b"", False, 0, "\n", 0)
    return target, known


def appended_text(target: Target, rows: Iterable[Row], source_name: str) -> str:
    """The text to add at the end of the target file (with its own kind of line breaks)."""
    lines: list[str] = []
    if not target.exists:
        lines.append(modeline(f"../../{SCHEMA_DIR}/{FILES['activities.yaml']}").rstrip("\n"))
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
    target: str  # content/2026/activities.yaml
    text: str  # what was (or would be) appended
    plan: Plan
    written: bool


def run_import(root: Path, file: Path, year: int, mapping: dict[str, str], dry_run: bool,
               problems: Problems) -> ImportReport | None:
    """Import `file` into content/<year>/; None when nothing could be planned (problems say
    why). Rows with problems are left out and reported; the others are added."""
    name = str(file)
    if not file.is_file():
        raise UsageError(f"{name} is not a file")
    if file.suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise UsageError(f"{name} should be a spreadsheet export: a .csv or .xlsx file")
    if not (root / "content" / str(year)).is_dir():
        raise UsageError(f"content/{year}/ does not exist; make it first with "
                         f"'weekgen new year {year}'")
    known = {**HEADERS, **mapping}
    table = read_table(file, name, problems, known)
    if table is None:
        return None
    fields = columns(table, mapping, problems)
    target, existing = existing_activities(root, year, problems)
    if fields is None or target is None:
        return None
    plan = plan_rows(table, fields, year, existing, problems, target.indent)
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
        write_atomically(target.path, data)
        written = True
    return ImportReport(target.rel, text, plan, written)
