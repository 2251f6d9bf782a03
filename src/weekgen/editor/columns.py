"""Which column of a registration export holds which field of an activity.

Pure: works on the rows `sheets` read. It finds the header (below any title row), tells a
Microsoft Forms or Google Forms export by its own columns, and names each column's field: by its
header ('Datum', 'Titel'), by `--map`, or by the words of a form's question ('Naam van je
organisatie'), the specific word before the generic one. The forms' bookkeeping (when the form was
opened, the answer's id) is never an activity's title or time, and a column holding the names,
e-mail addresses or phone numbers of whoever filled in the form is left out unless `--map` asks
for it, so no one is published by accident. Every choice goes into the report's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from weekgen.editor import texts
from weekgen.editor.sheets import Cell, Sheet, cell_text
from weekgen.errors import Position, Problems, UsageError, suggestion
from weekgen.messages import N_
from weekgen.model.content import ACTIVITY_FIELDS

IMPORTABLE = {f.name: f for f in ACTIVITY_FIELDS if f.kind not in ("records", "mapping", "list")}
# Column headers as spreadsheets name them, Dutch and English; also every field's own name. A
# bare 'Naam' is not among them: in a form's export it is whoever filled the form in.
ALIASES = {
    "date": ("datum", "dag"),
    "end_date": ("einddatum", "tot en met", "end date"),
    "new_date": ("nieuwe datum", "new date"),
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
HEADER_SEARCH = 10  # rows in which the header is looked for, below any title
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().-]{9,}$")

_MAP_HINT = N_("to import it, add --map '{column}=FIELD' with one of: {fields}")


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
            raise UsageError(N_("--map {part} should be 'Column=field'").format(
                part=repr(part.strip())))
        name = DUTCH_NAMES.get(name.casefold(), name)
        if name not in IMPORTABLE and name != IGNORE:
            hint = suggestion(name, [*IMPORTABLE, *DUTCH_NAMES])
            fields = ", ".join(IMPORTABLE)
            raise UsageError((N_("--map: {name} is not a field of an activity; {suggestion}; the "
                                 "fields are: {fields} (or '-' to leave the column out)") if hint
                              else N_("--map: {name} is not a field of an activity; the fields "
                                      "are: {fields} (or '-' to leave the column out)")).format(
                                          name=repr(name), suggestion=hint, fields=fields))
        mapping[normal_header(column)] = name
    return mapping


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
        return sum(1 for c in cells if (t := cell_text(c)) and (normal_header(t) in mapping
                                                           or known_header(t)))

    candidates = sheet.rows[:HEADER_SEARCH]
    best = max(range(len(candidates)), key=lambda i: (score(candidates[i][1]), -i), default=0)
    if candidates and score(candidates[best][1]) == 0:
        best = next((i for i, (_, cells) in enumerate(candidates)
                     if any(cell_text(c) for c in cells)), 0)
    header_row, header = sheet.rows[best] if sheet.rows else (1, [])
    names = {normal_header(cell_text(c)) for c in header}
    if "id" in names and names & {"tijd van voltooien", "completion time"}:
        kind = texts.KIND_MS_FORMS
    elif names & {"tijdstempel", "timestamp"}:
        kind = texts.KIND_GOOGLE_FORMS
    else:
        kind = texts.KIND_SHEET
    notes.append(texts.SOURCE_KIND.format(name=Path(sheet.name).name, kind=kind,
                                          encoding=sheet.encoding, row=header_row))
    for number, cells in sheet.rows[:best]:
        text = " ".join(t for t in dict.fromkeys(cell_text(c) for c in cells) if t)
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
    headers = [cell_text(cell) for cell in table.header]
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
            problems.warning(at, N_("column '{column}' is not imported").format(column=header),
                             _MAP_HINT.format(column=header, fields=", ".join(IMPORTABLE)))
        else:
            claims.setdefault(name, []).append((strength, i, texts.COLUMN_FIELD))
    found: dict[int, str] = {}
    ok = True
    for name, claimed in claims.items():
        best = max(strength for strength, _, _ in claimed)
        winners = [(i, note) for strength, i, note in claimed if strength == best]
        if len(winners) > 1:
            first, second = (headers[i] for i, _ in winners[:2])
            problems.error(at, N_("columns '{first}' and '{second}' both give '{field}'").format(
                first=first, second=second, field=name),
                N_("map one of them to another field with --map '{column}=FIELD', or leave it "
                   "out with --map '{column}=-'").format(column=second))
            ok = False
            continue
        [(index, note)] = winners
        found[index] = name
        said[index] = note.format(header=headers[index], field=name)
        for strength, i, _ in claimed:
            if strength < best:
                problems.warning(at, texts.COLUMN_TAKEN.format(
                    header=headers[i], other=headers[index], field=name),
                                 _MAP_HINT.format(column=headers[i],
                                                  fields=", ".join(IMPORTABLE)))
    notes.extend(said[i] for i in sorted(said))
    for spec in IMPORTABLE.values():
        if spec.required and spec.name not in found.values():
            words = ", ".join(a for a in ALIASES.get(spec.name, ()) if " " not in a)
            hint = N_("name a column {field} or {words}, or add --map 'Your "
                      "column={field}'").format(field=spec.name, words=words)
            if spec.name == "title" and personal_names:
                hint = texts.NO_TITLE_HINT.format(header=personal_names[0])
            problems.error(at, N_("there is no column for '{field}'").format(field=spec.name),
                           hint)
            ok = False
    return Columns(found, key) if ok else None


def _personal_values(table: Table, index: int) -> str:
    """'e-mail addresses' or 'phone numbers' when most of a column's cells are, else ''."""
    values = [t for _, cells in table.rows[:200]
              if index < len(cells) and (t := cell_text(cells[index]))]
    if not values:
        return ""
    for pattern, what in ((_EMAIL, texts.PERSONAL_EMAIL), (_PHONE, texts.PERSONAL_PHONE)):
        if sum(1 for v in values if pattern.match(v)
               and (pattern is _EMAIL or sum(ch.isdigit() for ch in v) >= 9)) * 2 > len(values):
            return what
    return ""
