"""`weekgen import`: registrations from CSV and XLSX exports appended to activities.yaml, with
what is there kept byte for byte, problems named by row and column, and nothing added twice."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from weekgen.editor import importer
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


def headlines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line and not line[0].isspace()
            and not line.startswith("weekgen:")]


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
