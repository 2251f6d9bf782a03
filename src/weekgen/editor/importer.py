"""`weekgen import`: the rows of a registration export become activities in a year's YAML.

Three steps, one module each: `sheets` reads the file (CSV or XLSX) into rows, `columns` finds
the header and tells which column holds which field (leaving the forms' bookkeeping and personal
data out), and this module turns each row into the YAML text of one activity and writes it. That
text is checked by weekgen's own readers, so a row passes exactly when a build would accept it.
Problems are named by row, as the spreadsheet numbers them, and column.

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
from weekgen.editor.columns import (
    IMPORTABLE,
    Columns,
    Table,
    columns,
    find_header,
    known_header,
    normal_header,
)
from weekgen.editor.scaffold import SCHEMA_DIR, site_config, write_atomically
from weekgen.editor.schema import FILES, modeline
from weekgen.editor.sheets import SPREADSHEET_SUFFIXES, Cell, cell_text, read_sheet
from weekgen.errors import Position, Problems, UsageError
from weekgen.messages import N_, Text
from weekgen.model.content import (
    ACTIVITY_FIELDS,
    NATIONAL,
    STATUSES,
    Activity,
    ActivityRules,
)
from weekgen.model.fields import Field
from weekgen.model.slugs import slugify
from weekgen.model.written import written_date
from weekgen.read.records import activity_rules, read_activities
from weekgen.read.sources import SourceFile, compose_yaml, decode_source, read_source

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
STALE_TEMP_SECONDS = 60  # an import writes its file in well under this
_TEMP = re.compile(r"^\.[^/]+\.ya?ml\.[\w-]+\.tmp$")


# --- cells to values ------------------------------------------------------------------------

class CellError(ValueError):
    """A cell that cannot be what its column asks: the message and a hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::\d{2})?|\s*(?:u|uur|h)\s*(\d{2})?)$",
                   re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def _date(cell: Cell, year: int | None = None) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    raw = cell_text(cell)
    match = _ISO.match(raw)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DUTCH.match(raw)):
        parts = (match.group(3), match.group(2), match.group(1))
    example = year or 2026
    hint = N_("write a date as 16-11-{year} or {year}-11-16").format(year=example)
    if parts is None and (written := written_date(raw, year)) is not None:
        return written  # '16 november 2026', '16 nov', as a form's free text has it
    if parts is None:
        raise CellError(N_("{value} is not a date").format(value=raw), hint)
    try:
        return date(*map(int, parts))
    except ValueError:
        raise CellError(N_("{value} is not a date").format(value=raw),
                        N_("that day does not exist; {hint}").format(hint=hint)) from None


def _time(cell: Cell) -> time:
    if isinstance(cell, datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, time):
        return cell.replace(second=0, microsecond=0)
    raw = cell_text(cell)
    match = _TIME.match(raw)
    hint = N_("write a time as 14:00 or 14.00")
    if not match:
        raise CellError(N_("{value} is not a time").format(value=raw), hint)
    minutes = match.group(2) or match.group(3) or "0"
    try:
        return time(int(match.group(1)), int(minutes))
    except ValueError:
        raise CellError(N_("{value} is not a time").format(value=raw),
                        N_("hours go from 0 to 23 and minutes from 00 to 59; {hint}").format(
                            hint=hint)) from None


def _int(cell: Cell) -> int:
    if isinstance(cell, int) and not isinstance(cell, bool) and cell >= 0:
        return cell
    if isinstance(cell, float) and cell.is_integer() and cell >= 0:
        return int(cell)
    raw = cell_text(cell)
    if raw.isascii() and raw.isdigit():
        return int(raw)
    if _THOUSANDS.match(raw):
        return int(re.sub(r"[.,]", "", raw))
    raise CellError(N_("{value} is not a whole number").format(value=raw),
                    N_("write a number such as 120"))


def _bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = cell_text(cell).casefold()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(N_("{value} is not yes or no").format(value=cell_text(cell)),
                    N_("write ja or nee (or yes or no)"))


def _tags(cell: Cell) -> tuple[str, ...]:
    return tuple(t for t in (w.lstrip("#") for w in re.split(r"[\s,;]+", cell_text(cell))) if t)


def _url(cell: Cell) -> str:
    raw = cell_text(cell)
    return "https://" + raw if raw.lower().startswith("www.") else raw


def _status(cell: Cell) -> str:
    raw = cell_text(cell)
    word = " ".join(raw.split()).casefold()
    return STATUS_WORDS.get(word, word if word in STATUSES else raw)


def cell_value(spec: Field, cell: Cell, year: int | None = None) -> Any:
    """What a cell says for this field: a date (a day and month alone in `year`), time, number,
    yes/no, hashtags or text. Raises CellError."""
    if spec.kind == "date":
        return _date(cell, year)
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
    text = cell_text(cell)
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
    rules: ActivityRules | None = None  # the site's own kinds and fields, to check rows by


def identity(day: date, title: str, organiser: str | None) -> Identity:
    """An activity is the same when its date, title and organiser are (case and spacing aside)."""
    return (day, " ".join(title.split()).casefold(), " ".join((organiser or "").split()).casefold())


def row_key(table: Table, cols: Columns, cells: Sequence[Cell]) -> str:
    """'reg.xlsx, Id 17' for a form's answer; for a plain sheet a digest of the row's imported
    cells, so that a title corrected by hand in the YAML still matches its row."""
    source = Path(table.name).name
    if cols.key is not None and cols.key < len(cells) and (value := cell_text(cells[cols.key])):
        return " ".join(f"{source}, {cell_text(table.header[cols.key])} {value}".split())
    text = "\x1f".join(cell_text(cells[i]) if i < len(cells) else "" for i in sorted(cols.fields))
    return f"{source}, row {hashlib.sha256(text.encode()).hexdigest()[:12]}"


def plan_rows(table: Table, cols: Columns, year: int, known: Known, problems: Problems,
              indent: int = 0) -> Plan:
    """Every row checked as weekgen checks an activity; the new valid ones to add."""
    plan = Plan()
    headers = [cell_text(h) for h in table.header]
    seen: dict[Identity | str, int] = {}  # by identity and by row key: the row it was first
    for number, cells in table.rows:
        if all(not cell_text(c) for c in cells):
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
            what = N_("(date, title and organiser)") if row.key in seen else f"({key})"
            problems.warning(Position(table.name, number), N_(
                "the same activity as row {row} {what}; not added twice").format(
                    row=seen.get(row.key) or seen[key], what=what))
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
        if spec is None or (not cell_text(cell) and not isinstance(cell, bool)):
            continue  # a column we do not import, or an empty cell: as if left out
        try:
            value = cell_value(spec, cell, year)
        except CellError as exc:
            problems.error(at, N_("column '{column}': {problem}").format(
                column=headers[i], problem=exc.args[0]), exc.hint)
            ok = False
            continue
        if value not in ("", ()):
            values[spec.name] = value
    _place(values, column_of, known)
    for spec in IMPORTABLE.values():
        if ok and spec.required and spec.name not in values:
            problems.error(at, N_("column '{column}' is empty").format(
                column=column_of[spec.name]),
                N_("every activity needs its {field} ({help})").format(
                    field=spec.name, help=Text(spec.help)))
            ok = False
    if not ok:
        return None
    lines, starts = activity_yaml(values, indent)
    found = Problems()
    source = SourceFile(at.path, "\n".join(lines) + "\n", "")
    activities = read_activities(compose_yaml(source, found), source, year, found, known.rules)
    for p in found.errors:  # weekgen's own checks, named by the column of the line they point at
        line = max((i for i in starts if i < p.position.line), default=0)
        problems.error(at, N_("column '{column}': {problem}").format(
            column=column_of[starts[line]], problem=p.message), p.hint)
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


def existing_activities(root: Path, year: int, rel_target: str, problems: Problems,
                        rules: ActivityRules | None = None) -> tuple[Target | None, Known]:
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
    known = Known(set(), set(), {r.casefold(): r for r in PROVINCES}, rules)
    target: Target | None = None
    before = len(problems.errors)
    for rel in rels:
        source = read_source(root, rel, problems)
        if source is None:
            continue
        node = compose_yaml(source, problems)
        activities = read_activities(node, source, year, problems, rules)
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


def check_result(target: Target, data: bytes, year: int, added: int, problems: Problems,
                 rules: ActivityRules | None = None) -> bool:
    """Parse the new file as a build would: it must hold what it held and the new activities."""
    found = Problems()
    source = decode_source(target.rel, data, found)
    activities: list[Activity] = []
    if source is not None:
        node = compose_yaml(source, found)
        activities = read_activities(node, source, year, found, rules) \
            if not found.errors else []
    if found.errors or len(activities) != target.count + added:
        first = found.errors[0].message if found.errors else \
            N_("{count} activities instead of {expected}").format(
                count=len(activities), expected=target.count + added)
        problems.error(Position(target.rel), N_("cannot add to this file: the result would not "
                                                "read back ({problem})").format(problem=first),
                       N_("nothing was changed; please report this"))
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
        raise UsageError(N_("{file} is not a file").format(file=name))
    if file.suffix.lower() not in (".csv", ".txt", *SPREADSHEET_SUFFIXES):
        raise UsageError(N_("{file} should be a spreadsheet export: a .csv or .xlsx "
                            "file").format(file=name))
    if not (root / "content" / str(year)).is_dir():
        raise UsageError(N_("content/{year}/ does not exist; make it first with 'weekgen new "
                            "year {year}'").format(year=year))
    rel = target_rel(year, file, into)
    if not dry_run:
        remove_stale_temps(root, year, notes, time_now())
    sheet = read_sheet(file, name, problems,
                       lambda h: normal_header(h) in mapping or known_header(h))
    if sheet is None:
        return None
    table = find_header(sheet, mapping, notes)
    cols = columns(table, mapping, problems, notes)
    # The site's own kinds and fields (site.yaml), so that rows are checked as a build checks them.
    rules = activity_rules(site_config(root), None, year)
    target, known = existing_activities(root, year, rel, problems, rules)
    if cols is None or target is None:
        return None
    plan = plan_rows(table, cols, year, known, problems, target.indent)
    text = appended_text(target, plan.rows, name) if plan.rows else ""
    written = False
    if plan.rows and not dry_run:
        data = target.data + text.encode("utf-8")
        if not check_result(target, data, year, len(plan.rows), problems, rules):
            return None
        now = target.path.read_bytes() if target.path.exists() else b""
        if now != target.data:
            problems.error(Position(target.rel),
                           N_("the file changed while weekgen was importing"),
                           N_("nothing was changed; run the import again"))
            return None
        target.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target.path, data)
        written = True
    return ImportReport(target.rel, text, plan, written)
