"""Reading a spreadsheet export (CSV or XLSX) into numbered rows of cells, safely.

The only module that imports openpyxl. It knows nothing of activities: `columns` maps the rows to
fields and `importer` writes them. What it guards against is the file itself: a CSV that mixes
encodings, an XLSX that unpacks to gigabytes (a zip bomb), a sheet that claims to be thousands of
columns wide or long, a DTD in the sheet's XML. Each is refused with a message, before openpyxl
reads a cell. Merged cells are filled down, as an editor reads them.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from weekgen.editor import texts
from weekgen.errors import Position, Problems, UsageError
from weekgen.messages import N_
from weekgen.read.sources import MAX_FILE_BYTES

Cell = str | int | float | bool | date | datetime | time | None

MAX_ROWS = 10_000  # a year's registrations are hundreds; the largest sites have a few thousand
MAX_COLUMNS = 256  # a long form has a hundred questions
MAX_UNPACKED = 64 * 1024 * 1024  # what an XLSX may unpack to, all its parts together
MAX_MEMBERS = 1_000
DELIMITERS = (";", ",", "\t")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
_UTF8_BOM = b"\xef\xbb\xbf"
# A character UTF-8 writes in two to four bytes: in a file that is not UTF-8 throughout, a line
# holding one was written by another program than the lines around it.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class Sheet:
    """The rows of a spreadsheet, numbered as the spreadsheet numbers them (from 1)."""

    name: str  # as messages show it
    rows: list[tuple[int, list[Cell]]]
    encoding: str  # 'UTF-8', 'UTF-8 with BOM', 'Windows-1252' or 'XLSX'


def read_sheet(path: Path, name: str, problems: Problems,
               known: Callable[[str], bool]) -> Sheet | None:
    """A CSV or XLSX file as rows, or None after reporting why it cannot be read. `known` tells
    a header weekgen recognises, to choose a CSV's separator."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(N_("cannot read {file}: {reason}").format(
            file=name, reason=str(exc.strerror or exc))) from None
    if size > MAX_FILE_BYTES:
        problems.error(Position(name), N_("the file is too large ({size} MiB; at most {most} "
                                          "MiB)").format(size=size // 1_048_576,
                                                         most=MAX_FILE_BYTES // 1_048_576),
                       N_("split it into several files"))
        return None
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return _read_xlsx(path, name, problems)
    return _read_csv(path.read_bytes(), name, problems, known)


# --- CSV ------------------------------------------------------------------------------------

def decode_csv(data: bytes, name: str, problems: Problems) -> tuple[str, str] | None:
    """The text and its encoding: UTF-8 (with or without BOM) when every byte is, else
    Windows-1252 as Dutch Excel saves CSV; a file that mixes the two, or is neither, is
    refused rather than read with some characters garbled."""
    bom = data.startswith(_UTF8_BOM)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "UTF-8 with BOM" if bom else "UTF-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    bad_line = body.count(b"\n", 0, bad) + 1
    utf8 = _UTF8_MULTIBYTE.search(body)
    if bom or utf8 is not None:
        good_line = body.count(b"\n", 0, utf8.start()) + 1 if utf8 else 1
        problems.error(Position(name, bad_line), texts.MIXED_ENCODINGS.format(
            utf8=good_line, other=bad_line), texts.MIXED_ENCODINGS_HINT)
        return None
    try:
        return body.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        problems.error(Position(name, line), texts.NOT_TEXT.format(byte=body[exc.start]),
                       texts.MIXED_ENCODINGS_HINT)
        return None


def _read_csv(data: bytes, name: str, problems: Problems,
              known: Callable[[str], bool]) -> Sheet | None:
    decoded = decode_csv(data, name, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    if not text.strip():
        problems.error(Position(name, 1), N_("the file is empty"),
                       N_("export the registrations with a first row naming the columns"))
        return None
    delimiter = _delimiter(text, known)
    for number, line in enumerate(text.splitlines()[:MAX_ROWS + 1], start=1):
        if line.count(delimiter) >= 16 * MAX_COLUMNS:  # before csv makes a list of them
            problems.error(Position(name, number), texts.TOO_WIDE.format(
                columns=f"{line.count(delimiter) + 1:,}", most=MAX_COLUMNS), texts.BOUNDS_HINT)
            return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                problems.error(Position(name, reader.line_num), texts.TOO_LONG.format(
                    most=f"{MAX_ROWS:,}"), texts.BOUNDS_HINT)
                return None
            if len(record) > MAX_COLUMNS:
                problems.error(Position(name, reader.line_num), texts.TOO_WIDE.format(
                    columns=f"{len(record):,}", most=MAX_COLUMNS), texts.BOUNDS_HINT)
                return None
            rows.append((len(rows) + 1, list(record)))
    except csv.Error as exc:
        problems.error(Position(name, reader.line_num), N_("cannot read the CSV: {reason}").format(
            reason=str(exc)), N_("export the sheet again as CSV"))
        return None
    return Sheet(name, rows, encoding)


def _delimiter(text: str, known: Callable[[str], bool]) -> str:
    """The separator that makes the most columns we know in one of the first lines (a semicolon
    for Dutch Excel; a title may stand above the header)."""
    head = "\n".join(text.splitlines()[:10])

    def score(delimiter: str) -> tuple[int, int]:
        try:
            lines = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            return (0, 0)
        return max(((sum(1 for h in line if known(h)), len(line)) for line in lines),
                   default=(0, 0))

    return max(DELIMITERS, key=score)


# --- XLSX -----------------------------------------------------------------------------------

def _read_xlsx(path: Path, name: str, problems: Problems) -> Sheet | None:
    try:
        with zipfile.ZipFile(path) as book:
            if not _safe_zip(book, name, problems):
                return None
            merged = _merged_ranges(book)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, ET.ParseError) as exc:
        problems.error(Position(name), N_("cannot read the spreadsheet: {reason}").format(
            reason=str(exc)), N_("save it as .xlsx (Excel) or export it as CSV"))
        return None
    rows = _xlsx_rows(path, name, problems)
    if rows is None:
        return None
    if not rows:
        problems.error(Position(name, 1), N_("the spreadsheet is empty"),
                       N_("the first row should name the columns"))
        return None
    _fill_merged(rows, merged)
    return Sheet(name, list(enumerate(rows, start=1)), "XLSX")


def _safe_zip(book: zipfile.ZipFile, name: str, problems: Problems) -> bool:
    """Refuse what would make openpyxl take minutes or gigabytes, or trip on a DTD. zipfile never
    unpacks a member beyond the size its directory declares, so the declared sizes bound it."""
    members = book.infolist()
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
        problems.error(Position(name), texts.UNPACKS_TOO_LARGE.format(
            size=unpacked // 1_048_576, most=MAX_UNPACKED // 1_048_576), texts.BOUNDS_HINT)
        return False
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")) and _has_dtd(book, member):
            problems.error(Position(name), texts.HOLDS_DTD.format(part=member.filename),
                           texts.HOLDS_DTD_HINT)
            return False
    return True


def _has_dtd(book: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with book.open(member) as f:
        while chunk := f.read(1 << 20):
            if _DTD.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _merged_ranges(book: zipfile.ZipFile) -> list[tuple[int, int, int, int]]:
    """The merged ranges of the first sheet as (min_col, min_row, max_col, max_row): openpyxl's
    read-only mode, the one that reads a large sheet in little memory, does not give them."""
    from openpyxl.utils.cell import range_boundaries

    part = _first_sheet_part(book)
    if part is None or part not in book.namelist():
        return []
    ranges = []
    rows_parent: ET.Element | None = None
    with book.open(part) as f:
        for event, element in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if element.tag == f"{_MAIN}sheetData":
                    rows_parent = element
            elif element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    ranges.append(bounds)
            elif element.tag == f"{_MAIN}row" and rows_parent is not None:
                rows_parent.clear()  # the cells are openpyxl's to read: keep none in memory
    return [(int(a or 0), int(b or 0), int(c or 0), int(d or 0)) for a, b, c, d in ranges]


def _first_sheet_part(book: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet, as openpyxl reads it."""
    try:
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if first is None:
        return None
    wanted = first.get(f"{_REL}id")
    for rel in rels:
        if rel.get("Id") == wanted:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _xlsx_rows(path: Path, name: str, problems: Problems) -> list[list[Cell]] | None:
    import openpyxl  # here only: reading a CSV needs no openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # e.g. "Workbook contains no default style"
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                # The dimension the sheet declares is what openpyxl pads every row to.
                if (sheet.max_column or 0) > MAX_COLUMNS:
                    problems.error(Position(name), texts.TOO_WIDE.format(
                        columns=f"{sheet.max_column:,}", most=MAX_COLUMNS), texts.BOUNDS_HINT)
                    return None
                if (sheet.max_row or 0) > MAX_ROWS:
                    problems.error(Position(name), texts.TOO_LONG.format(
                        most=f"{MAX_ROWS:,}"), texts.BOUNDS_HINT)
                    return None
                rows: list[list[Cell]] = []
                for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                    if len(rows) >= MAX_ROWS:  # a sheet without its dimension
                        problems.error(Position(name), texts.TOO_LONG.format(
                            most=f"{MAX_ROWS:,}"), texts.BOUNDS_HINT)
                        return None
                    rows.append([_cell(v) for v in values])
            finally:
                book.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError,
            IndexError, TypeError, ET.ParseError) as exc:
        problems.error(Position(name), N_("cannot read the spreadsheet: {reason}").format(
            reason=str(exc)), N_("save it as .xlsx (Excel) or export it as CSV"))
        return None
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _fill_merged(rows: list[list[Cell]], ranges: list[tuple[int, int, int, int]]) -> None:
    """A cell merged over several rows holds its value in each of them (a date written once for
    three activities of that day); a merge across one row (a title) stays one cell."""
    for min_col, min_row, max_col, max_row in ranges:
        if max_row <= min_row or min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            for c in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                while len(row) < c:
                    row.append(None)
                row[c - 1] = value


def cell_text(cell: Cell) -> str:
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


def _cell(value: object) -> Cell:
    """An XLSX cell as one of the values a CSV cell can turn into."""
    if value is None or isinstance(value, str | int | float | bool | date | time):
        return value
    if isinstance(value, timedelta) and value < timedelta(days=1):  # a duration: "14:00"
        return (datetime.min + value).time()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)  # rich text, a formula without its cached value

