"""`weekgen import`: registrations from CSV and XLSX exports appended to activities.yaml, with
what is there kept byte for byte, problems named by row and column, and nothing added twice."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from site_helpers import SITE_YAML, Files, headlines
from weekgen.editor import columns, importer
from weekgen.errors import Problems
from weekgen.model.content import Activity
from weekgen.read.records import read_activities
from weekgen.read.sources import SourceFile, compose_yaml

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]

TARGET = "content/2026/activities.yaml"
EXISTING = """\
# Activiteiten van 2026 -- met de hand bijgehouden.
-   title:   Al bekend     # een opmerking die moet blijven
    date: 2026-11-16
    organiser: Buurthuis West

# en nog een
-   title: 'Tweede'
    date: 2026-11-17
"""


@pytest.fixture
def make_project(make_project: MakeProject) -> MakeProject:
    """Projects of an English site, the language these tests read the report in (the Dutch one:
    test_the_report_is_in_the_sites_language)."""
    def make(files: Files | None = None, root: Path | None = None) -> Path:
        return make_project({"content/site.yaml": SITE_YAML + "language: en\n", **(files or {})},
                            root)
    return make


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project({TARGET: EXISTING, "content/2026/week.yaml": ""})


def write_csv(folder: Path, text: str, encoding: str = "utf-8", name: str = "reg.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(cli: Cli, project: Path, file: Path, *args: str,
               into: str | None = "activities.yaml") -> tuple[int, str, str]:
    """The import into one file of the year (`into`), or into the sheet's own (None)."""
    where = ("--into", into) if into else ()
    return cli("import", str(file), "--year", "2026", "--source", str(project), *where, *args)


def activities(project: Path, rel: str = TARGET) -> list[Activity]:
    """The file as weekgen reads it; fails the test on any problem."""
    problems = Problems()
    source = SourceFile(rel, (project / rel).read_text("utf-8-sig"), "")
    found = read_activities(compose_yaml(source, problems), source, 2026, problems)
    assert not problems.errors, [str(p) for p in problems]
    return found


def without_keys(text: str) -> str:
    """The file without the comments that keep each imported row's key."""
    return re.sub(r"(?m)^ *# import key: .*\n", "", text)


# --- reading what spreadsheets write ---------------------------------------------------------

def test_dutch_excel_csv_semicolons_windows_1252(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Datum;Titel;Organisator;Begintijd;Eindtijd;Regio;Deelnemers;"
                    "Online;Website;Soort\r\n"
                    "16-11-2026;Café-avond over opvoeden;Wijkteam Noord;19.30;21:00;Utrecht;"
                    "1.200;ja;www.example.org/cafe;meeting\r\n"
                    "18/11/2026;Lezing;GGD Voorbeeld;9:05;;landelijk;40;nee;;\r\n",
                    encoding="cp1252")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    new = activities(project)[2:]
    assert [(a.title, a.date, a.organiser) for a in new] == [
        ("Café-avond over opvoeden", dt.date(2026, 11, 16), "Wijkteam Noord"),
        ("Lezing", dt.date(2026, 11, 18), "GGD Voorbeeld")]
    cafe, lezing = new
    assert (cafe.start_time, cafe.end_time) == (dt.time(19, 30), dt.time(21, 0))
    assert (cafe.region, cafe.participants, cafe.online) == ("Utrecht", 1200, True)
    assert (cafe.url, cafe.kind) == ("https://www.example.org/cafe", "meeting")
    assert (lezing.start_time, lezing.online, lezing.url) == (dt.time(9, 5), False, None)
    assert "weekgen: added 2 activities to content/2026/activities.yaml" in err


def test_utf8_with_bom_commas_english_headers(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "\ufeffDate, Title ,ORGANISER,Start_Time,Hashtag,Link,End date\n"
                    '2026-11-19,"Walk, talk and listen",Ouders & Co,14:00,"#samen, #sterk",'
                    "https://example.org/w,2026-11-20\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    walk = activities(project)[-1]
    assert (walk.title, walk.organiser, walk.hashtags) == ("Walk, talk and listen",
                                                           "Ouders & Co", ("samen", "sterk"))
    assert (walk.start_time, walk.url, walk.end_date) == (dt.time(14), "https://example.org/w",
                                                          dt.date(2026, 11, 20))


def test_xlsx_with_date_time_and_number_cells(cli: Cli, project: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tijdstempel", "Datum", "Titel", "Organisator", "Begintijd", "Eindtijd",
                  "Deelnemers", "Online", "Omschrijving"])
    sheet.append([dt.datetime(2026, 10, 1, 9, 12), dt.datetime(2026, 11, 17), "Spreekuur",
                  "Jeugdarts", dt.time(10, 0), dt.time(11, 30), 25.0, True,
                  "Eerste regel\nTweede regel"])
    sheet.append([None, dt.date(2026, 11, 21), "Voorlezen", None, "15.00", None, 8, False, None])
    sheet.append([None, None, None, None, None, None, None, None, None])
    path = tmp_path / "reg.xlsx"
    book.save(path)
    code, _, err = run_import(cli, project, path)
    assert code == 0, err
    spreekuur, voorlezen = activities(project)[2:]
    assert (spreekuur.date, spreekuur.start_time, spreekuur.end_time) == (
        dt.date(2026, 11, 17), dt.time(10), dt.time(11, 30))
    assert (spreekuur.participants, spreekuur.online) == (25, True)
    assert spreekuur.description == "Eerste regel\nTweede regel"
    assert (voorlezen.date, voorlezen.start_time, voorlezen.organiser) == (
        dt.date(2026, 11, 21), dt.time(15), None)
    assert "weekgen: column 'Tijdstempel' left out: the form's bookkeeping, not the " \
           "activity's" in err


def test_a_broken_xlsx_is_a_content_error(cli: Cli, project: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.xlsx"
    path.write_bytes(b"PK\x03\x04 dit is geen spreadsheet")
    code, _, err = run_import(cli, project, path)
    assert code == 1
    assert err.startswith(f"{path}: cannot read the spreadsheet: ")
    assert "Traceback" not in err
    assert (project / TARGET).read_text() == EXISTING


def test_map_names_other_headers(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Wanneer;Wat;Wie\n20-11-2026;Kinderrechtendag;De school\n")
    code, _, err = run_import(cli, project, csv, "--map", "wanneer=date, Wat =title,WIE=organiser")
    assert code == 0, err
    last = activities(project)[-1]
    assert (last.date, last.title, last.organiser) == (dt.date(2026, 11, 20), "Kinderrechtendag",
                                                       "De school")


def test_a_missing_column_imports_nothing(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Wanneer;Titel\n20-11-2026;Iets\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert headlines(err)[-1] == f"{csv}:1: there is no column for 'date'"
    assert "or add --map 'Your column=date'" in err
    assert (project / TARGET).read_text() == EXISTING


def test_two_columns_for_one_field(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Datum;Titel;Website;Link\n20-11-2026;Iets;https://a.nl/;x\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert f"{csv}:1: columns 'Website' and 'Link' both give 'url'" in headlines(err)
    assert (project / TARGET).read_text() == EXISTING


# --- appending without touching what is there ------------------------------------------------

def test_what_is_there_stays_byte_for_byte(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "datum,titel\n2026-11-18,Nieuw\n")
    before = (project / TARGET).read_bytes()
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    after = (project / TARGET).read_bytes()
    assert after.startswith(before)
    assert without_keys(after[len(before):].decode()) == (
        "\n# weekgen import reg.csv\n"
        "- title: Nieuw\n"
        "  date: 2026-11-18\n")
    assert [a.title for a in activities(project)] == ["Al bekend", "Tweede", "Nieuw"]
    assert not [p.name for p in (project / "content/2026").iterdir() if p.name.startswith(".")]


def test_an_indented_list_gets_indented_items(cli: Cli, make_project: MakeProject,
                                              tmp_path: Path) -> None:
    old = "# lijst\n  - title: Oud\n    date: 2026-11-16\n"
    project = make_project({TARGET: old})
    csv = write_csv(tmp_path, "datum,titel\n2026-11-18,Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    assert without_keys((project / TARGET).read_text()) == old + (
        "\n  # weekgen import reg.csv\n  - title: Nieuw\n    date: 2026-11-18\n")
    assert "\n  # import key: reg.csv, row " in (project / TARGET).read_text()
    assert [a.title for a in activities(project)] == ["Oud", "Nieuw"]


def test_crlf_and_a_missing_last_line_break(cli: Cli, make_project: MakeProject,
                                            tmp_path: Path) -> None:
    old = b"- title: Oud\r\n  date: 2026-11-16"
    project = make_project({TARGET: old})
    csv = write_csv(tmp_path, "datum,titel\n2026-11-18,Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    data = (project / TARGET).read_bytes()
    assert re.fullmatch(re.escape(old + b"\r\n\r\n# weekgen import reg.csv\r\n")
                        + rb"# import key: reg\.csv, row [0-9a-f]{12}\r\n"
                        + re.escape(b"- title: Nieuw\r\n  date: 2026-11-18\r\n"), data)


def test_the_file_is_made_when_missing(cli: Cli, make_project: MakeProject,
                                       tmp_path: Path) -> None:
    project = make_project({"content/2026/week.yaml": ""})
    csv = write_csv(tmp_path, "datum,titel\n2026-11-18,Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    text = (project / TARGET).read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/activities.schema.json\n")
    assert [a.title for a in activities(project)] == ["Nieuw"]
    assert (project / TARGET).stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_same_file_twice_adds_nothing(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "datum;titel;organisator\n18-11-2026;Nieuw;A\n19-11-2026;Ook;\n")
    assert run_import(cli, project, csv)[0] == 0
    once = (project / TARGET).read_bytes()
    mtime = (project / TARGET).stat().st_mtime_ns
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    assert (project / TARGET).read_bytes() == once
    assert (project / TARGET).stat().st_mtime_ns == mtime
    assert "weekgen: added 0 activities to content/2026/activities.yaml; 2 already there" in err


def test_an_activity_is_the_same_by_date_title_and_organiser(cli: Cli, project: Path,
                                                             tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "datum;titel;organisator;regio\n"
                    "16-11-2026;AL  BEKEND;buurthuis west;Utrecht\n"  # in the file already
                    "16-11-2026;Al bekend;Een ander;\n"  # another organiser: new
                    "17-11-2026;Tweede;;\n"  # in the file already, without organiser
                    "18-11-2026;Nieuw;X;\n"
                    "18-11-2026;Nieuw;X;Zeist\n")  # repeats the row before
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    assert [(a.title, a.organiser) for a in activities(project)[2:]] == [
        ("Al bekend", "Een ander"), ("Nieuw", "X")]
    assert f"{csv}:6: warning: the same activity as row 5 (date, title and organiser); " \
           "not added twice" in err
    assert "added 2 activities to content/2026/activities.yaml; 2 already there; " \
           "1 repeated in the file" in err


def test_activities_in_the_folder_count_as_there(cli: Cli, make_project: MakeProject,
                                                 tmp_path: Path) -> None:
    project = make_project({"content/2026/activities/west.yaml":
                            "- title: Al bekend\n  date: 2026-11-16\n"})
    csv = write_csv(tmp_path, "datum;titel\n16-11-2026;Al bekend\n17-11-2026;Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    assert [a.title for a in activities(project)] == ["Nieuw"]


# --- rows with problems ---------------------------------------------------------------------

def test_rows_with_problems_are_named_and_left_out(cli: Cli, project: Path,
                                                   tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Datum;Titel;Begintijd;Eindtijd;Deelnemers;Website;Status\n"
                    "18-11-2026;Goed;14:00;15:00;10;https://example.org/;gaat niet door\n"
                    "31-02-2026;Onmogelijke dag;;;;;\n"
                    "18-11-2026;Tijd;25:00;;;;\n"
                    "18-11-2026;Eind voor begin;14:00;13:00;;;\n"
                    "18-11-2025;Vorig jaar;;;;;\n"
                    "18-11-2026;Link;;;;javascript:alert(1);\n"
                    "18-11-2026;;;;veel;;\n"
                    "18-11-2026;Status;;;;;misschien\n"
                    "19-11-2026;Ook goed;;;;;\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert headlines(err) == [
        f"{csv}:3: column 'Datum': 31-02-2026 is not a date",
        f"{csv}:4: column 'Begintijd': 25:00 is not a time",
        f"{csv}:5: column 'Eindtijd': 'end_time' 13:00 is not after 'start_time' 14:00",
        f"{csv}:6: column 'Datum': 'date' 2025-11-18 is in 2025, not in 2026",
        f"{csv}:7: column 'Website': 'url' javascript:alert(1) is not a link weekgen accepts",
        f"{csv}:8: column 'Deelnemers': veel is not a whole number",
        f"{csv}:9: column 'Status': 'status' misschien is not one of the choices",
    ]
    assert "hint: that day does not exist; write a date as 16-11-2026 or 2026-11-16" in err
    assert "added 2 activities to content/2026/activities.yaml; 7 rows with problems left out" \
           in err
    assert "the rows already added are skipped then" in err
    goed, ook = activities(project)[2:]
    assert (goed.title, goed.status, ook.title) == ("Goed", "cancelled", "Ook goed")


def test_an_empty_title_is_named(cli: Cli, project: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Datum;Titel\n18-11-2026;  \n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert headlines(err) == [f"{csv}:2: column 'Titel' is empty"]


def test_a_broken_activities_file_is_not_added_to(cli: Cli, make_project: MakeProject,
                                                  tmp_path: Path) -> None:
    broken = "- title: Kapot\n  date: 2026-13-01\n"
    project = make_project({TARGET: broken})
    csv = write_csv(tmp_path, "datum;titel\n18-11-2026;Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert headlines(err) == [f"{TARGET}:2:9: 'date' 2026-13-01 is not a date"]
    assert "weekgen: nothing was imported" in err
    assert (project / TARGET).read_text() == broken


def test_a_list_in_brackets_is_not_added_to(cli: Cli, make_project: MakeProject,
                                            tmp_path: Path) -> None:
    project = make_project({TARGET: "[]\n"})
    csv = write_csv(tmp_path, "datum;titel\n18-11-2026;Nieuw\n")
    code, _, err = run_import(cli, project, csv)
    assert code == 1
    assert headlines(err) == [f"{TARGET}:1:1: the activities are written as [ ... ]: weekgen "
                              "import cannot add to that"]
    assert (project / TARGET).read_text() == "[]\n"


# --- --dry-run --------------------------------------------------------------------------------

def test_dry_run_shows_the_text_and_writes_nothing(cli: Cli, project: Path,
                                                   tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "datum;titel\n18-11-2026;Nieuw\n19-11-2026;Nog een\n")
    code, out, err = run_import(cli, project, csv, "--dry-run")
    assert code == 0, err
    assert (project / TARGET).read_text() == EXISTING
    assert "would add 2 activities to content/2026/activities.yaml" in err
    assert "nothing was written (--dry-run)" in err
    assert "- title: Nieuw\n  date: 2026-11-18\n" in out
    assert run_import(cli, project, csv)[0] == 0
    assert (project / TARGET).read_text() == EXISTING + out


# --- usage errors ---------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--year", "26"], "argument --year: '26' is not a year (such as 2026)"),
    (["--year", "2027"], "content/2027/ does not exist; make it first with 'weekgen new year "
                         "2027'"),
    (["--year", "2026", "--map", "Wanneer=daatum"], "--map: 'daatum' is not a field of an "
                                                    "activity; did you mean 'datum'?"),
    (["--year", "2026", "--map", "Wanneer"], "--map 'Wanneer' should be 'Column=field'"),
    ([], "the following arguments are required: --year"),
])
def test_usage_errors_exit_2(cli: Cli, project: Path, tmp_path: Path, args: list[str],
                             message: str) -> None:
    csv = write_csv(tmp_path, "datum;titel\n18-11-2026;Nieuw\n")
    code, _, err = cli("import", str(csv), "--source", str(project), *args)
    assert code == 2
    assert message in err.splitlines()[0]
    assert (project / TARGET).read_text() == EXISTING


def test_a_missing_or_odd_file_is_a_usage_error(cli: Cli, project: Path, tmp_path: Path) -> None:
    code, _, err = run_import(cli, project, tmp_path / "nergens.csv")
    assert (code, err.splitlines()[0]) == (2, f"weekgen: {tmp_path / 'nergens.csv'} is not a file")
    (tmp_path / "reg.ods").write_text("x")
    code, _, err = run_import(cli, project, tmp_path / "reg.ods")
    assert code == 2
    assert "should be a spreadsheet export: a .csv or .xlsx file" in err


# --- YAML that reads back as written ----------------------------------------------------------

TRICKY = ["Lezing: veilig thuis", "# geen opmerking", "- geen lijst", '"aanhalingstekens"',
          "back\\slash", "null", "Yes", "~", "12:30", "2026-11-18", "& anker", "*alias",
          "tab\there", "emoji 🎉 en é", "NEL\x85teken", "lijn\u2028scheiding", "[haak]",
          "{accolade}", "% procent", "@ apenstaart", "`backtick`", "?vraag", "! uitroep",
          "a #b", "ends with colon:", "'enkel'", "\ufeffbom"]


@pytest.mark.parametrize("text", TRICKY)
def test_any_text_reads_back_exactly(text: str) -> None:
    for written in (importer.quoted(text), importer.scalar(text)):
        problems = Problems()
        source = SourceFile("t.yaml", f"- title: {written}\n  date: 2026-11-18\n", "")
        found = read_activities(compose_yaml(source, problems), source, 2026, problems)
        assert not problems.errors, (written, [str(p) for p in problems])
        assert found[0].title == text.strip(), written


def test_markdown_with_lines_becomes_a_block(cli: Cli, project: Path, tmp_path: Path) -> None:
    description = "Eerste regel: met *nadruk*\n\n  - een lijst\n\tmet tab\n# kop?"
    csv = write_csv(tmp_path, 'datum;titel;omschrijving\n18-11-2026;Nieuw;"'
                    + description.replace('"', '""') + '"\n')
    code, _, err = run_import(cli, project, csv)
    assert code == 0, err
    assert "  description: |-\n    Eerste regel: met *nadruk*\n\n      - een lijst\n" in \
           (project / TARGET).read_text()
    assert activities(project)[-1].description == description


# --- the exports of Microsoft Forms, Google Forms and a plain sheet ---------------------------
# All people, organisations and addresses below are made up.

MS_FORMS_NL = ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam",
               "Titel van de activiteit", "Naam van je organisatie", "Datum van de activiteit",
               "Begintijd van de activiteit", "Plaats", "Telefoonnummer", "Omschrijving"]
MS_ROWS = [
    [1, dt.datetime(2026, 10, 1, 9, 0), dt.datetime(2026, 10, 1, 9, 7),
     "ria.verzonnen@voorbeeld.test", "Ria Verzonnen", "Voorleesochtend", "Bibliotheek Fictief",
     "16-11-2026", "10:00", "Utrecht", "06-12345678", "Voorlezen voor peuters"],
    [2, dt.datetime(2026, 10, 2, 14, 0), dt.datetime(2026, 10, 2, 14, 3),
     "kees.denkbeeld@voorbeeld.test", "Kees Denkbeeld", "Webinar over signalen",
     "Stichting Nergens", dt.datetime(2026, 11, 18), dt.time(20, 0), "Online", "0201234567",
     None],
]
PERSONAL = ["Ria Verzonnen", "ria.verzonnen@voorbeeld.test", "06-12345678", "Kees Denkbeeld",
            "kees.denkbeeld@voorbeeld.test", "0201234567", "Sanne Bedacht",
            "sanne@bedacht.test", "0612121212", "Piet Gefingeerd", "piet@gefingeerd.test"]


def write_xlsx(path: Path, rows: list[list[object]],
               merged: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for ref in merged:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def write_rows_csv(path: Path, rows: list[list[str]], encoding: str,
                   delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def notes(err: str) -> list[str]:
    return [line.removeprefix("weekgen: ") for line in err.splitlines()
            if line.startswith("weekgen: ")]


def test_microsoft_forms_export(cli: Cli, project: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "Aanmeldingen MS.xlsx", [MS_FORMS_NL, *MS_ROWS])
    code, _, err = run_import(cli, project, sheet, into=None)
    assert code == 0, err
    rel = "content/2026/activities/aanmeldingen-ms.yaml"
    assert notes(err) == [
        "Aanmeldingen MS.xlsx is a Microsoft Forms export (XLSX); its header is row 1",
        "column 'Id' left out: the form's bookkeeping, not the activity's",
        "column 'Begintijd' left out: the form's bookkeeping, not the activity's",
        "column 'Tijd van voltooien' left out: the form's bookkeeping, not the activity's",
        "column 'E-mail' left out: personal data (e-mail addresses); to publish it anyway, "
        "add --map 'E-mail=FIELD'",
        "column 'Naam' left out: personal data (the names of the people who filled in the "
        "form); to publish it anyway, add --map 'Naam=FIELD'",
        "column 'Titel van de activiteit' → title",
        "column 'Naam van je organisatie' → organiser",
        "column 'Datum van de activiteit' → date",
        "column 'Begintijd van de activiteit' → start_time",
        "column 'Plaats' → location",
        "column 'Telefoonnummer' left out: personal data (phone numbers); to publish it "
        "anyway, add --map 'Telefoonnummer=FIELD'",
        "column 'Omschrijving' → description",
        f"added 2 activities to {rel}",
    ]
    voorlezen, webinar = activities(project, rel)
    assert (voorlezen.title, voorlezen.organiser, voorlezen.date, voorlezen.start_time) == (
        "Voorleesochtend", "Bibliotheek Fictief", dt.date(2026, 11, 16), dt.time(10))
    # 'Utrecht' is a province: the place is the region too; 'Online' makes it online.
    assert (voorlezen.location, voorlezen.region, voorlezen.online) == ("Utrecht", "Utrecht",
                                                                        False)
    assert (webinar.location, webinar.region, webinar.online) == (None, None, True)
    assert webinar.start_time == dt.time(20)  # the question's time, not when the form was opened
    text = (project / rel).read_text()
    assert not [p for p in PERSONAL if p in text]
    assert "# import key: Aanmeldingen MS.xlsx, Id 1\n- title: Voorleesochtend" in text
    assert (project / TARGET).read_text() == EXISTING  # the year's other file is untouched


def test_the_report_is_in_the_sites_language(cli: Cli, make_project: MakeProject,
                                             tmp_path: Path) -> None:
    """A Dutch site (the default) hears the report in Dutch, from the message catalogues."""
    project = make_project({"content/site.yaml": SITE_YAML, "content/2026/week.yaml": ""})
    sheet = write_xlsx(tmp_path / "Aanmeldingen MS.xlsx", [MS_FORMS_NL, *MS_ROWS])
    code, _, err = run_import(cli, project, sheet, into=None)
    assert code == 0, err
    said = notes(err)
    assert said[:2] == [
        "Aanmeldingen MS.xlsx is een export van Microsoft Forms (XLSX); de kopregel is rij 1",
        "kolom 'Id' weggelaten: de administratie van het formulier, niet iets van de activiteit"]
    assert ("kolom 'Naam' weggelaten: persoonsgegevens (de namen van wie het formulier "
            "invulden); om ze toch te publiceren, voeg --map 'Naam=VELD' toe") in said
    assert said[-1] == ("2 activiteiten toegevoegd aan "
                        "content/2026/activities/aanmeldingen-ms.yaml")


def test_microsoft_forms_in_english_csv_with_bom(cli: Cli, project: Path,
                                                 tmp_path: Path) -> None:
    rows = [["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
             "Title of the activity", "Name of your organisation", "Date of the activity",
             "Where does it take place?"],
            ["7", "10/1/26 9:00:00", "10/1/26 9:04:00", "sanne@bedacht.test", "Sanne Bedacht",
             "", "Open dag", "Jeugdhuis Elders", "2026-11-19", "Dorpsstraat 1, Nergenshuizen"]]
    path = write_rows_csv(tmp_path / "forms.csv", rows, "utf-8-sig")
    code, _, err = run_import(cli, project, path, into=None)
    assert code == 0, err
    assert "forms.csv is a Microsoft Forms export (UTF-8 with BOM); its header is row 1" in err
    for header in ("ID", "Start time", "Completion time", "Last modified time"):
        assert f"column '{header}' left out: the form's bookkeeping" in err
    for header in ("Email", "Name"):
        assert f"column '{header}' left out: personal data" in err
    assert "column 'Name of your organisation' → organiser" in err
    assert "column 'Where does it take place?' → location" in err
    [open_day] = activities(project, "content/2026/activities/forms.yaml")
    assert (open_day.title, open_day.organiser, open_day.location, open_day.region) == (
        "Open dag", "Jeugdhuis Elders", "Dorpsstraat 1, Nergenshuizen", None)


def test_google_forms_export_in_windows_1252(cli: Cli, project: Path, tmp_path: Path) -> None:
    rows = [["Tijdstempel", "E-mailadres", "Wat is de naam van je activiteit?",
             "Naam van je organisatie", "Datum", "Waar vindt het plaats?", "Je naam",
             "Telefoonnummer contactpersoon", "Website van je organisatie"],
            ["1-10-2026 9:12:01", "piet@gefingeerd.test", "Café-gesprek over opvoeden",
             "Wijkteam Zuid", "17-11-2026", "Buurthuis De Linde", "Piet Gefingeerd",
             "0612121212", "www.example.org/zuid"]]
    path = write_rows_csv(tmp_path / "google.csv", rows, "cp1252", delimiter=";")
    code, _, err = run_import(cli, project, path, into=None)
    assert code == 0, err
    assert "google.csv is a Google Forms export (Windows-1252); its header is row 1" in err
    assert "column 'Tijdstempel' left out: the form's bookkeeping" in err
    assert "column 'E-mailadres' left out: personal data (e-mail addresses)" in err
    assert "column 'Je naam' left out: personal data (the names of the people" in err
    assert "column 'Telefoonnummer contactpersoon' left out: personal data (phone numbers)" \
           in err
    assert "column 'Wat is de naam van je activiteit?' → title" in err
    assert "column 'Website van je organisatie' → url" in err
    rel = "content/2026/activities/google.yaml"
    [cafe] = activities(project, rel)
    assert (cafe.title, cafe.organiser, cafe.location, cafe.region, cafe.url) == (
        "Café-gesprek over opvoeden", "Wijkteam Zuid", "Buurthuis De Linde", None,
        "https://www.example.org/zuid")
    assert "# import key: google.csv, Tijdstempel 1-10-2026 9:12:01\n" in \
           (project / rel).read_text()


def test_a_plain_sheet_with_a_title_row_and_merged_cells(cli: Cli, project: Path,
                                                         tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Aanmeldingen Week 2026", None, None, None, None],
        ["Datum", "Titel", "Organisator", "Locatie", "Regio"],
        [dt.date(2026, 11, 16), "Ochtend", "School A", "Online", "landelijk"],
        [None, "Middag", "School B", "Zaal 2", None],
        [None, "Avond", "School C", "Noord-Brabant", None],
        [dt.date(2026, 11, 17), "Dinsdag", "School D", None, "Zeeland"],
    ]
    sheet = write_xlsx(tmp_path / "lijst.xlsx", rows, merged=("A1:E1", "A3:A5", "E3:E4"))
    code, _, err = run_import(cli, project, sheet, into=None)
    assert code == 0, err
    assert notes(err)[:2] == ["lijst.xlsx is a spreadsheet (XLSX); its header is row 2",
                              "row 1 is above the header, skipped: 'Aanmeldingen Week 2026'"]
    found = activities(project, "content/2026/activities/lijst.yaml")
    assert [(a.title, a.date, a.location, a.region, a.online) for a in found] == [
        ("Ochtend", dt.date(2026, 11, 16), None, "landelijk", True),
        ("Middag", dt.date(2026, 11, 16), "Zaal 2", "landelijk", False),
        ("Avond", dt.date(2026, 11, 16), "Noord-Brabant", "Noord-Brabant", False),
        ("Dinsdag", dt.date(2026, 11, 17), None, "Zeeland", False)]


def test_a_csv_with_a_title_row(cli: Cli, project: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Aanmeldingen Week 2026;;\n;;\nDatum;Titel;Plaats\n"
                     "18-11-2026;Lezing;Zeist\n")
    code, _, err = run_import(cli, project, path)
    assert code == 0, err
    assert "weekgen: row 1 is above the header, skipped: 'Aanmeldingen Week 2026'" in err
    lezing = activities(project)[-1]
    assert (lezing.title, lezing.location, lezing.region) == ("Lezing", "Zeist", None)


def test_a_region_the_year_names_already_is_a_region(cli: Cli, make_project: MakeProject,
                                                     tmp_path: Path) -> None:
    project = make_project({TARGET: "- title: Oud\n  date: 2026-11-16\n  region: Zeist\n"})
    path = write_csv(tmp_path, "Datum;Titel;Plaats\n18-11-2026;Lezing;zeist\n")
    assert run_import(cli, project, path)[0] == 0
    assert activities(project)[-1].region == "zeist"


def test_map_puts_a_personal_column_in_and_leaves_columns_out(cli: Cli, project: Path,
                                                             tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "ms.xlsx", [MS_FORMS_NL, *MS_ROWS])
    code, _, err = run_import(cli, project, sheet, "--map",
                              "Naam=organisator, Naam van je organisatie=-,Omschrijving=-,"
                              "Plaats=regio", into=None)
    assert code == 0, err
    assert "column 'Naam' → organiser (--map)" in err
    assert "column 'Naam van je organisatie' left out (--map 'Naam van je organisatie=-')" in err
    assert "column 'Plaats' → region (--map)" in err
    voorlezen, _ = activities(project, "content/2026/activities/ms.yaml")
    assert (voorlezen.organiser, voorlezen.description, voorlezen.region) == (
        "Ria Verzonnen", "", "Utrecht")


def test_a_bare_naam_column_is_never_the_title(cli: Cli, project: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Naam;Datum\nJan Fictief;18-11-2026\n")
    code, _, err = run_import(cli, project, path)
    assert code == 1
    assert headlines(err) == [f"{path}:1: there is no column for 'title'"]
    assert "add --map 'Naam=title' if it is the activity's" in err
    assert "column 'Naam' left out: personal data" in err


def test_a_column_of_addresses_is_personal_whatever_its_name(cli: Cli, project: Path,
                                                             tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Datum;Titel;Organisator\n18-11-2026;Lezing;a@fictief.test\n"
                     "19-11-2026;Les;b@fictief.test\n")
    code, _, err = run_import(cli, project, path)
    assert code == 0, err
    assert "column 'Organisator' left out: personal data (e-mail addresses)" in err
    assert [a.organiser for a in activities(project)[2:]] == [None, None]


def test_reimport_adds_only_new_rows_and_keeps_hand_corrections(cli: Cli, project: Path,
                                                                tmp_path: Path) -> None:
    sheet = tmp_path / "ms.xlsx"
    write_xlsx(sheet, [MS_FORMS_NL, MS_ROWS[0]])
    assert run_import(cli, project, sheet, into=None)[0] == 0
    rel = project / "content/2026/activities/ms.yaml"
    rel.write_text(rel.read_text().replace("title: Voorleesochtend",
                                           "title: Voorleesochtend voor peuters"))
    write_xlsx(sheet, [MS_FORMS_NL, *MS_ROWS])  # the form got a second answer
    code, _, err = run_import(cli, project, sheet, into=None)
    assert code == 0, err
    assert "added 1 activity to content/2026/activities/ms.yaml; 1 already there" in err
    assert [a.title for a in activities(project, "content/2026/activities/ms.yaml")] == [
        "Voorleesochtend voor peuters", "Webinar over signalen"]


def test_reimport_of_a_plain_sheet_matches_rows_by_their_cells(cli: Cli, project: Path,
                                                              tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Datum;Titel\n18-11-2026;Lezng\n", name="lijst.csv")
    assert run_import(cli, project, path, into=None)[0] == 0
    rel = project / "content/2026/activities/lijst.yaml"
    rel.write_text(rel.read_text().replace("Lezng", "Lezing"))
    code, _, err = run_import(cli, project, path, into=None)
    assert code == 0, err
    assert [a.title for a in activities(project, "content/2026/activities/lijst.yaml")] == [
        "Lezing"]


@pytest.mark.parametrize("into", ["../week.yaml", "activities/../../x.yaml", "pagina.md",
                                  "activities/sub/x.yaml", "/etc/x.yaml", "activities/.x.yaml"])
def test_into_names_an_activities_file(cli: Cli, project: Path, tmp_path: Path,
                                       into: str) -> None:
    path = write_csv(tmp_path, "Datum;Titel\n18-11-2026;Lezing\n")
    code, _, err = run_import(cli, project, path, into=into)
    assert code == 2
    assert "should be activities.yaml or activities/NAME.yaml" in err


def test_personal_data_never_reaches_the_site(cli: Cli, build: Callable[..., tuple[int, str]],
                                             make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project({"content/2026/week.yaml": ""})
    sheet = write_xlsx(tmp_path / "ms.xlsx", [MS_FORMS_NL, *MS_ROWS])
    google = write_rows_csv(tmp_path / "google.csv", [
        ["Tijdstempel", "E-mailadres", "Titel", "Datum", "Je naam", "Telefoon"],
        ["1-10-2026 9:12:01", "piet@gefingeerd.test", "Spreekuur", "19-11-2026",
         "Piet Gefingeerd", "0612121212"]], "cp1252")
    plain = write_rows_csv(tmp_path / "plain.csv", [
        ["Datum", "Titel", "Contactpersoon", "E-mail"],
        ["20-11-2026", "Kinderrechtendag", "Sanne Bedacht", "sanne@bedacht.test"]], "utf-8")
    for path in (sheet, google, plain):
        code, _, err = run_import(cli, project, path, into=None)
        assert code == 0, err
    # The control: a name mapped on purpose is published, so the search below can find one.
    control = write_rows_csv(tmp_path / "control.csv", [
        ["Datum", "Titel", "Naam"], ["21-11-2026", "Slotavond", "Mirte Opzettelijk"]], "utf-8")
    assert run_import(cli, project, control, "--map", "Naam=organisator", into=None)[0] == 0
    code, err = build(project)
    assert code == 0, err
    published = {p: _readable(p.read_bytes()) for p in (project / "public").rglob("*")
                 if p.is_file()}
    assert any("Mirte Opzettelijk" in text for text in published.values())
    assert any("Kinderrechtendag" in text for text in published.values())
    leaks = {(str(p.relative_to(project)), word) for p, text in published.items()
             for word in PERSONAL if word.casefold() in text.casefold()}
    assert not leaks


def _readable(data: bytes) -> str:
    """A built file as text, gzip-compressed ones (the search index) unpacked."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


# --- files that are not what they seem (issue 21) ------------------------------------------

def test_a_csv_mixing_utf8_and_windows_1252_is_refused(cli: Cli, project: Path,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_bytes("Datum;Titel\n18-11-2026;Café één\n".encode()
                     + "19-11-2026;Café twee\n".encode("cp1252"))
    code, _, err = run_import(cli, project, path)
    assert code == 1
    assert headlines(err) == [f"{path}:3: the file mixes two encodings: line 2 is UTF-8 and "
                              "line 3 is not, so some letters (é, ë) would come out garbled"]
    assert (project / TARGET).read_text() == EXISTING


def test_a_csv_that_is_neither_encoding_is_refused(cli: Cli, project: Path,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_bytes(b"Datum;Titel\n18-11-2026;Caf\x81\n")
    code, _, err = run_import(cli, project, path)
    assert code == 1
    assert headlines(err) == [f"{path}:2: the file is neither UTF-8 nor Windows-1252 text "
                              "(byte 0x81)"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli: Cli, project: Path,
                                                     tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bom.xlsx", [["Datum", "Titel"], ["18-11-2026", "Lezing"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet2.xml", b" " * (80 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    code, _, err = run_import(cli, project, path)
    assert time.monotonic() - started < 30  # unbounded, minutes
    assert code == 1
    assert headlines(err) == [f"{path}: the spreadsheet unpacks to 80 MiB, more than a "
                              "registration export (at most 64 MiB)"]


def test_a_sheet_wider_than_a_form_is_refused(cli: Cli, project: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Titel"])
    for row in range(2, 200):
        sheet.cell(row=row, column=1, value="18-11-2026")
    sheet.cell(row=2, column=16384, value="x")  # XFD2: openpyxl would pad every row to it
    book.save(tmp_path / "breed.xlsx")
    code, _, err = run_import(cli, project, tmp_path / "breed.xlsx")
    assert code == 1
    assert headlines(err) == [f"{tmp_path / 'breed.xlsx'}: the sheet is 16,384 columns wide "
                              "(at most 256)"]


def test_a_sheet_longer_than_any_registration_list_is_refused(cli: Cli, project: Path,
                                                              tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Titel"])
    sheet.cell(row=1_000_000, column=1, value="18-11-2026")
    book.save(tmp_path / "lang.xlsx")
    code, _, err = run_import(cli, project, tmp_path / "lang.xlsx")
    assert code == 1
    assert headlines(err) == [f"{tmp_path / 'lang.xlsx'}: the sheet has more than 10,000 rows"]


def test_a_dtd_in_the_sheet_is_refused(cli: Cli, project: Path, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "goed.xlsx", [["Datum", "Titel"], ["18-11-2026", "Lezing"]])
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>\n'
                        + data.split(b"?>", 1)[-1])
            dst.writestr(item, data)
    code, _, err = run_import(cli, project, path)
    assert code == 1
    assert headlines(err) == [f"{path}: the spreadsheet holds a DTD (<!DOCTYPE or <!ENTITY) in "
                              "xl/worksheets/sheet1.xml, which weekgen refuses"]
    assert "Traceback" not in err


def test_a_killed_imports_temporary_file_is_removed(cli: Cli, project: Path,
                                                    tmp_path: Path) -> None:
    year = project / "content/2026"
    old = year / ".activities.yaml.k1ll3d.tmp"
    old.write_text("- title: half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = year / ".activities.yaml.busy99.tmp"  # another import, writing right now
    fresh.write_text("- title: bezig")
    mine = year / ".mijn-aantekeningen.txt"
    mine.write_text("van een editor")
    os.utime(mine, (time.time() - 3600, time.time() - 3600))
    path = write_csv(tmp_path, "Datum;Titel\n18-11-2026;Lezing\n")
    code, _, err = run_import(cli, project, path)
    assert code == 0, err
    assert "weekgen: removed content/2026/.activities.yaml.k1ll3d.tmp, left by an import that " \
           "was interrupted" in err
    assert not old.exists()
    assert fresh.exists() and mine.exists()


@pytest.mark.parametrize(("question", "field", "personal"), [
    ("Titel van de activiteit", "title", ""),
    ("Wat is de naam van je activiteit?", "title", ""),
    ("Activiteitnaam", "title", ""),
    ("Naam van je organisatie", "organiser", ""),
    ("Organisatienaam", "organiser", ""),
    ("Datum van de activiteit", "date", ""),
    ("Begintijd van de activiteit", "start_time", ""),
    ("Hoe laat begint het?", "start_time", ""),
    ("Hoe laat eindigt de activiteit?", "end_time", ""),
    ("Website van je organisatie", "url", ""),
    ("Soort activiteit", "kind", ""),
    ("Omschrijving van de activiteit", "description", ""),
    ("Hoeveel deelnemers verwacht je?", "participants", ""),
    ("Waar vindt de activiteit plaats?", "location", ""),
    ("In welke regio?", "region", ""),
    ("Plaats", "location", ""),
    ("Naam", None, "the names of the people who filled in the form"),
    ("Je naam", None, "the names of the people who filled in the form"),
    ("Naam contactpersoon", None, "a contact person"),
    ("E-mailadres van je organisatie", None, "e-mail addresses"),
    ("Telefoonnummer", None, "phone numbers"),
    ("Opmerkingen", None, ""),
])
def test_a_field_is_recognised_in_the_question(question: str, field: str | None,
                                               personal: str) -> None:
    assert columns.recognise(question)[:2] == (field, personal)


def test_a_specific_column_wins_over_a_generic_one(cli: Cli, project: Path,
                                                  tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Doelgroep van de activiteit;Titel;Datum\n"
                     "Ouders;Lezing;18-11-2026\n")
    code, _, err = run_import(cli, project, path)
    assert code == 0, err
    assert f"{path}:1: warning: column 'Doelgroep van de activiteit' is not imported: column " \
           "'Titel' gives 'title'" in err
    assert activities(project)[-1].title == "Lezing"


def test_dates_written_out_are_read_in_the_years_own_terms(cli: Cli, make_project: MakeProject,
                                                           tmp_path: Path) -> None:
    """A form's free text: '16 november 2027', '17 nov' (in the import's year); a wrong day's
    hint gives an example of that year."""
    project = make_project({"content/2027/week.yaml": ""})
    csv = write_csv(tmp_path, "Datum;Titel\n16 november 2027;Uitgeschreven\n17 nov;Kort\n"
                              "31-02-2027;Onmogelijk\n")
    code, _, err = cli("import", str(csv), "--year", "2027", "--source", str(project),
                       "--into", "activities.yaml")
    assert code == 1
    assert headlines(err) == [f"{csv}:4: column 'Datum': 31-02-2027 is not a date"]
    assert "hint: that day does not exist; write a date as 16-11-2027 or 2027-11-16" in err
    problems = Problems()
    source = SourceFile("content/2027/activities.yaml",
                        (project / "content/2027/activities.yaml").read_text("utf-8"), "")
    found = read_activities(compose_yaml(source, problems), source, 2027, problems)
    assert problems.items == []
    assert [(a.title, a.date) for a in found] == [("Uitgeschreven", dt.date(2027, 11, 16)),
                                                 ("Kort", dt.date(2027, 11, 17))]
