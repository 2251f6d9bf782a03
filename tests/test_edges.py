"""Nothing crosses the site's edges, and every fault is a message (issue 21): links that lead
elsewhere, links and scripts in static files, year folders, names other systems refuse, texts
that would take too long or recurse too deep, a foreign cache, a bad port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from site_helpers import headlines, page

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
Cli = Callable[..., tuple[int, str, str]]

ACTIVITIES = "content/2021/activities.yaml"
WEEK = "content/2021/week.yaml"


def fails(project: Path, build: Build) -> str:
    """Build `project`; check that it failed on its content (exit 1), without a traceback and
    without writing anything; the headlines."""
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1, err
    assert "Traceback" not in err
    assert not (project / "public").exists()
    return "\n".join(headlines(err))


# --- links -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("link", "hint"), [
    ("/\\evil.example/login", "schrijf / in plaats van \\"),
    ("https://www.example.org@evil.example/", "laat weg wat voor de @ staat"),
    ("https://wie:geheim@example.org/", "laat weg wat voor de @ staat"),
])
def test_a_link_to_another_host_in_disguise_is_refused(make_project: MakeProject, build: Build,
                                                       link: str, hint: str) -> None:
    project = make_project({ACTIVITIES: f"- title: Open dag\n  date: 2021-11-15\n"
                                        f"  url: '{link}'\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1 and "Traceback" not in err
    assert f"{ACTIVITIES}:3:8: 'url' {link} is geen link die weekgen aanneemt" in headlines(err)
    assert hint in err


def test_a_backslash_in_a_markdown_link_cannot_lead_to_another_host(make_project: MakeProject,
                                                                    build: Build) -> None:
    # '\\\\evil.example/' in Markdown is the link '\\evil.example/', which browsers read as
    # '//evil.example/': it becomes '%5C%5Cevil.example/', a relative address on this site,
    # which the link check reports as going nowhere (a link starting with '/\' too)
    body = r'[a](\\\\evil.example/) <a href="\\evil.example/">b</a> ![c](\\\\evil.example/c.png)'
    project = make_project({"content/2021/over.md": _page(body)})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1, err
    assert [line.split(": ", 1)[1] for line in headlines(err)] == [
        'link naar %5C%5Cevil.example/ (/2021/over/%5C%5Cevil.example/) leidt nergens heen',
        'link naar %5C%5Cevil.example/ (/2021/over/%5C%5Cevil.example/) leidt nergens heen',
        'link naar %5C%5Cevil.example/c.png (/2021/%5C%5Cevil.example/c.png) leidt nergens heen']

def test_a_base_url_with_a_password_is_refused(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/site.yaml": "title: Testweek\n"
                            "base_url: https://beheer:geheim@www.example.org/\n"})
    assert ("content/site.yaml:2:11: 'base_url' https://beheer:geheim@www.example.org/ is geen "
            "link die weekgen aanneemt") in fails(project, build)


def test_a_base_url_option_with_a_password_is_a_usage_error(make_project: MakeProject,
                                                            cli: Cli) -> None:
    project = make_project()
    code, _, err = cli("build", "--source", str(project), "--base-url",
                       "https://beheer:geheim@www.example.org/")
    assert code == 2 and "Traceback" not in err
    assert "bevat een gebruikersnaam of wachtwoord" in err  # the Dutch site's words
    assert not (project / "public").exists()


@pytest.mark.parametrize("port", ["-1", "0", "99999", "80x"])
def test_a_port_outside_the_range_is_a_usage_error(make_project: MakeProject, cli: Cli,
                                                   port: str) -> None:
    code, _, err = cli("serve", "--source", str(make_project()), "--port", port)
    assert code == 2
    assert "is geen poort: kies er een van 1 tot 65535" in err
    assert "Traceback" not in err


# --- year folders ------------------------------------------------------------------------------

PAGE = "---\ntitle: Over de Week\n---\nTekst.\n"


@pytest.mark.parametrize(("folder", "shown"), [
    ("\u0662\u0660\u0662\u0661", "content/\u0662\u0660\u0662\u0661"),  # Arabic-Indic 2021
    ("\uff12\uff10\uff12\uff11", "content/\uff12\uff10\uff12\uff11"),  # fullwidth 2021
    ("2021\n", "content/2021\\n"),
    ("0000", "content/0000"),
    ("0999", "content/0999"),
    ("9999", "content/9999"),
])
def test_a_folder_that_is_not_a_year_is_named(make_project: MakeProject, build: Build,
                                              folder: str, shown: str) -> None:
    project = make_project({"content/2021/over.md": PAGE, f"content/{folder}/over.md": PAGE})
    found = fails(project, build)
    assert f"{shown}: {shown} is geen jaar dat weekgen kan tonen: de map van een jaar heet " \
        "naar vier cijfers 0-9, van 1900 tot 9997" in found.splitlines()


def test_the_years_at_the_ends_of_the_range_build(make_project: MakeProject,
                                                  build: Build) -> None:
    project = make_project({"content/1900/over.md": PAGE, "content/9997/over.md": PAGE})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert (project / "public/1900/over/index.html").is_file()
    assert (project / "public/9997/over/index.html").is_file()


# --- names other systems refuse ----------------------------------------------------------------

def test_a_long_title_in_a_four_byte_script_makes_a_folder_name_that_fits(
        make_project: MakeProject, build: Build) -> None:
    title = "\U00010330" * 80  # Gothic letters: four bytes each in UTF-8, 320 in all
    project = make_project({ACTIVITIES: f"- title: {title}\n  date: 2021-11-15\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    folders = [p.name for p in (project / "public/2021/activiteiten").iterdir() if p.is_dir()]
    assert len(folders) == 1 and folders[0].startswith("\U00010330" * 10)
    assert len(folders[0].encode()) <= 200


@pytest.mark.parametrize(("title", "folder"), [("Con", "con-1"), ("NUL", "nul-1"),
                                               ("Com 1", "com-1"), ("lpt9", "lpt9-1")])
def test_a_title_that_is_a_windows_device_name_gets_another_folder(
        make_project: MakeProject, build: Build, title: str, folder: str) -> None:
    project = make_project({ACTIVITIES: f"- title: {title}\n  date: 2021-11-15\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert [p.name for p in (project / "public/2021/activiteiten").iterdir()
            if p.is_dir()] == [folder]


def test_a_page_named_after_a_device_gets_another_folder(make_project: MakeProject,
                                                         build: Build) -> None:
    project = make_project({"content/2021/aux.md": "---\ntitle: Aux\n---\nTekst.\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert (project / "public/2021/aux-1/index.html").is_file()
    assert not (project / "public/2021/aux").exists()


@pytest.mark.parametrize(("slug", "hint"), [("nul", "namen die Windows voor apparaten houdt"),
                                            ("a" * 81, "hoogstens 80 tekens")])
def test_an_explicit_slug_windows_refuses_is_an_error(make_project: MakeProject, build: Build,
                                                      slug: str, hint: str) -> None:
    project = make_project({ACTIVITIES: f"- title: Open dag\n  date: 2021-11-15\n"
                                        f"  slug: {slug}\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1 and "Traceback" not in err
    assert headlines(err)[0].startswith(f"{ACTIVITIES}:3:9: 'slug' ")
    assert hint in err


def _closed(text: str) -> bool:
    """Every bidirectional override or embedding in `text` is closed again within it."""
    depth = 0
    for char in text:
        depth += char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"
        depth -= char in "\u202c\u2069"
        assert depth >= 0
    return depth == 0


def test_an_unclosed_bidirectional_override_in_a_title_is_closed(make_project: MakeProject,
                                                                 build: Build) -> None:
    project = make_project({
        ACTIVITIES: "- title: \"Open dag \\u202Egaddneper\"\n  date: 2021-11-15\n"
                    "  organiser: \"\\u2067Stichting\\u202C\"\n",
        "content/2021/over.md": "---\ntitle: \"Over \\u202Bons\"\n---\nTekst \u202Ehier.\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    tree = page(project / "public", "/2021/activiteiten/open-dag-gaddneper/")
    shown = [el.text_content() for el in tree.iter("h1", "title", "dd", "li", "p", "a")]
    assert any("\u202e" in t for t in shown) and any("\u2067" in t for t in shown)
    assert all(_closed(t) for t in shown)
    over = page(project / "public", "/2021/over/")
    shown = [el.text_content() for el in over.iter("h1", "title", "p")]
    assert any("\u202b" in t for t in shown) and any("\u202e" in t for t in shown)
    assert all(_closed(t) for t in shown)


# --- texts that would take too long, or recurse too deep -----------------------------------------

def _page(body: str) -> str:
    return f"---\ntitle: Over de Week\n---\nEerste alinea.\n\n{body}\n"


@pytest.mark.parametrize(("body", "line", "message"), [
    ("woord *nadruk* " * 40_000, 4,  # 600 KB on one line: 13 s in Python-Markdown
     'de tekst is te lang voor weekgen (600,017 tekens; hoogstens 100,000)'),
    ("- " * 10_000 + "x", 6,  # a RecursionError in Python-Markdown
     'lijsten of citaten 10000 diep genest, meer dan weekgen kan weergeven (hoogstens 100)'),
    ("".join("    " * i + "- punt\n" for i in range(120)), 6 + 100,
     'lijsten of citaten 101 diep genest, meer dan weekgen kan weergeven (hoogstens 100)'),
    ("Inleiding.\n\n" + "[" * 2_000 + " haken", 8,
     'deze alinea bevat 2,000 [ en <, meer dan weekgen op tijd kan weergeven (hoogstens 500)'),
    ("\n\n".join(["[x](" * 400] * 10), 6, "de alinea's van deze tekst bevatten samen te veel [ en "
                                          "< om ze op tijd weer te geven"),
])
def test_a_page_that_would_take_too_long_is_refused_with_its_line(
        make_project: MakeProject, build: Build, body: str, line: int, message: str) -> None:
    project = make_project({"content/2021/over.md": _page(body)})
    assert f"content/2021/over.md:{line}: {message}" in fails(project, build).splitlines()


def test_a_description_nested_too_deep_is_refused_with_its_line(make_project: MakeProject,
                                                                build: Build) -> None:
    nested = "".join("      " + "    " * i + "- punt\n" for i in range(150))
    project = make_project({ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n"
                                        f"  description: |\n      Eerst dit.\n{nested}"})
    assert f"{ACTIVITIES}:105: 'description': lijsten of citaten 101 diep genest" in \
        fails(project, build)


def test_texts_below_the_limits_build(make_project: MakeProject, build: Build) -> None:
    body = "\n\n".join(["Een [link](/2021/) en *nadruk* met <b>vet</b>. " * 20] * 100)
    nested = "".join("    " * i + "- punt\n" for i in range(30))
    project = make_project({"content/2021/over.md": _page(body + "\n\n" + nested)})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err


# --- nothing from outside the project ----------------------------------------------------------

@pytest.mark.parametrize("rel", ["static/lek.txt", "static/deel/lek.css", "templates/base.html"])
def test_a_symlink_out_of_the_project_in_static_or_templates_is_refused(
        tmp_path: Path, make_project: MakeProject, build: Build, rel: str) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim")
    project = make_project(root=tmp_path / "site")
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, project / rel)
    assert f"{rel}: geweigerd: een symlink naar {secret}, buiten het project" in \
        fails(project, build).splitlines()


def test_a_symlinked_folder_out_of_the_project_in_static_is_refused(
        tmp_path: Path, make_project: MakeProject, build: Build) -> None:
    (tmp_path / "elders").mkdir()
    project = make_project(root=tmp_path / "site")
    (project / "static").mkdir()
    os.symlink(tmp_path / "elders", project / "static/map")
    assert f"static/map: geweigerd: een symlink naar {tmp_path / 'elders'}, buiten het project" in \
        fails(project, build).splitlines()


def test_a_symlink_within_the_project_in_static_is_published(make_project: MakeProject,
                                                             build: Build) -> None:
    project = make_project({"content/2021/logo.svg": SVG_OK})
    (project / "static").mkdir()
    os.symlink(project / "content/2021/logo.svg", project / "static/logo.svg")
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert (project / "public/static/logo.svg").read_text() == SVG_OK


def test_the_preview_does_not_serve_a_symlink_out_of_the_project(
        tmp_path: Path, make_project: MakeProject) -> None:
    from weekgen.options import BuildOptions
    from weekgen.preview.serve import Preview
    from weekgen.read.project import Project
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim")
    project = make_project(root=tmp_path / "site")
    (project / "static").mkdir()
    os.symlink(secret, project / "static/lek.txt")
    preview = Preview(Project(project), BuildOptions(today=date(2021, 11, 1)))
    assert preview.rebuild() is None
    assert any(str(p.position) == "static/lek.txt" for p in preview.problems)
    answer: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"] = status

    body = b"".join(preview.app({"REQUEST_METHOD": "GET", "PATH_INFO": "/static/lek.txt",
                                 "HTTP_ACCEPT": "*/*"}, start_response))
    assert answer["status"].startswith("404") and b"geheim" not in body


# --- SVG ---------------------------------------------------------------------------------------

SVG_OK = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     viewBox="0 0 10 10" inkscape:version="1.3">
  <sodipodi:namedview id="view"/>
  <defs><linearGradient id="verloop"><stop offset="0" stop-color="#0b5394"/></linearGradient>
  <style>.vlak { fill: url(#verloop); }</style></defs>
  <a href="https://www.example.org/"><rect class="vlak" width="10" height="10"
     style="stroke: url('#verloop')"/></a>
  <use xlink:href="#verloop"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>
"""


def _svg(inner: str, head: str = "") -> str:
    return f'{head}<svg xmlns="http://www.w3.org/2000/svg"\n' \
           f'     xmlns:xlink="http://www.w3.org/1999/xlink">\n  {inner}\n</svg>\n'


@pytest.mark.parametrize(("svg", "found"), [
    (_svg("<script>alert(1)</script>"),
     "3:3: geweigerd: <script> in een SVG-bestand kan een script uitvoeren op de pagina's van de "
     "site"),
    (_svg('<rect width="1" onload="alert(1)"/>'),
     '3:3: geweigerd: het attribuut onload van <rect> voert een script uit'),
    (_svg("<g><foreignObject><p>Hallo</p></foreignObject></g>"),
     "3:6: geweigerd: <foreignObject> in een SVG-bestand is geen element dat weekgen publiceert"),
    (_svg('<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'),
     "3:3: geweigerd: <script> van http://www.w3.org/1999/xhtml in een SVG-bestand is geen "
     "element"),
    (_svg('<a xlink:href="javascript:alert(1)"><text>Klik</text></a>'),
     "3:3: geweigerd: <a> linkt naar javascript:alert(1): dat voert een script uit of toont een "
     "eigen pagina"),
    (_svg('<a href=" JavaScript:alert(1)">x</a>'),
     '3:3: geweigerd: <a> linkt naar JavaScript:alert(1): dat voert een script uit'),
    (_svg('<a href="/\\evil.example/">x</a>'),
     '3:3: geweigerd: <a> linkt naar /\\evil.example/: het adres van een andere site'),
    (_svg('<image href="https://evil.example/teller.png"/>'),
     "3:3: geweigerd: <image> linkt naar https://evil.example/teller.png: een tekening mag "
     "alleen tonen"),
    (_svg('<animate attributeName="href" to="javascript:alert(1)"/>'),
     "3:3: geweigerd: <animate> verandert het attribuut href"),
    (_svg("<style>@import url(https://evil.example/a.css);</style>"),
     '3:10: geweigerd: de stijl van <style> importeert een stylesheet (@import)'),
    (_svg('<rect style="fill: url(https://evil.example/teller)"/>'),
     "3:3: geweigerd: de stijl van <rect> laadt https://evil.example/teller"),
    (_svg("<rect/>", '<!DOCTYPE svg [<!ENTITY lol "lol">]>\n'),
     "1:15: geweigerd: het SVG-bestand declareert een eigen DTD"),
    (_svg("<rect/>", '<?xml-stylesheet href="https://evil.example/a.xsl"?>\n'),
     "1:1: geweigerd: het SVG-bestand laadt een stylesheet"),
    (_svg("<rect>"), '4:3: het SVG-bestand is geen goedgevormde XML: mismatched tag'),
])
def test_an_svg_that_could_run_a_script_or_load_from_elsewhere_is_refused(
        make_project: MakeProject, build: Build, svg: str, found: str) -> None:
    project = make_project({"content/2021/kaart.svg": svg})
    headline = fails(project, build)
    assert headline.startswith(f"content/2021/kaart.svg:{found}"), headline


def test_a_scripted_svg_in_static_is_refused(make_project: MakeProject, build: Build) -> None:
    project = make_project({"static/logo.svg": _svg('<rect onclick="alert(1)"/>')})
    assert fails(project, build).startswith("static/logo.svg:3:3: geweigerd: het attribuut onclick")


def test_a_plain_svg_is_published_as_it_is(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2021/kaart.svg": SVG_OK, "static/logo.svg": SVG_OK})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert (project / "public/2021/kaart.svg").read_text() == SVG_OK
    assert (project / "public/static/logo.svg").read_text() == SVG_OK


# --- the preview's HEAD --------------------------------------------------------------------------

def test_the_preview_answers_head_with_the_length_of_the_get(tmp_path: Path,
                                                            make_project: MakeProject) -> None:
    project = make_project({"content/2021/over.md": PAGE}, root=tmp_path / "site")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "weekgen", "serve", "--source",
                                str(project), "--port", str(port), "--today", "2021-11-01"],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        for path in ("/2021/over/", "/static/style.css", "/bestaat-niet/"):
            url = f"http://127.0.0.1:{port}{path}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    got = _fetch(url, "GET")
                    break
                except ConnectionError:
                    assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                    time.sleep(0.1)
            head = _fetch(url, "HEAD")
            assert head[0] == got[0] and head[2] == b""
            assert int(head[1]) == len(got[2]) > 0
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _fetch(url: str, method: str) -> tuple[int, str, bytes]:
    """(status, Content-Length, body)"""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Length"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Length"], error.read()
    except urllib.error.URLError as error:
        raise ConnectionError(str(error)) from error


# --- a foreign cache ----------------------------------------------------------------------------

class _Evil:
    """Unpickled, it makes a folder: what any function a foreign pickle names could do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.path),)


SITE_FILES = {
    ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  description: Een *open* dag.\n"
                "- title: Lezing\n  date: 2021-11-16\n",
    "content/2021/over.md": PAGE,
}


def _cached_build(project: Path, cli: Cli) -> str:
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--quiet",
                       "--no-search")
    assert code == 0 and "Traceback" not in err, err
    return err


def _edit(project: Path) -> None:
    """Change the content, so that the next build reads the cache instead of stopping early."""
    page = project / "content/2021/over.md"
    page.write_text(page.read_text() + "Nog een regel.\n")


def test_swapped_cache_files_are_misses(make_project: MakeProject, cli: Cli) -> None:
    project = make_project(SITE_FILES)
    _cached_build(project, cli)
    (cache,) = (project / ".weekgen-cache").iterdir()
    files = sorted(cache.rglob("*.pickle"))
    assert len(files) >= 4
    contents = [f.read_bytes() for f in files]
    for f, data in zip(files, contents[1:] + contents[:1], strict=True):
        f.write_bytes(data)  # each holds the next one's
    _edit(project)
    _cached_build(project, cli)
    fresh = make_project(SITE_FILES, root=project.parent / "fresh")
    _edit(fresh)
    _cached_build(fresh, cli)
    from site_helpers import snapshot
    assert {k: v[0] for k, v in snapshot(project / "public").items()} == \
        {k: v[0] for k, v in snapshot(fresh / "public").items()}


def test_a_foreign_pickle_in_the_cache_runs_nothing(tmp_path: Path, make_project: MakeProject,
                                                    cli: Cli) -> None:
    import pickle
    import sqlite3
    project = make_project(SITE_FILES, root=tmp_path / "site")
    _cached_build(project, cli)
    (cache,) = (project / ".weekgen-cache").iterdir()
    made = tmp_path / "gemaakt"
    evil = pickle.dumps(_Evil(made))
    for f in cache.rglob("*.pickle"):
        f.write_bytes(evil)
    with sqlite3.connect(cache / "markup.sqlite") as db:
        assert db.execute("UPDATE cards SET variant = ? WHERE rowid = (SELECT min(rowid) "
                          "FROM cards)", (evil,)).rowcount == 1
        db.execute("UPDATE markup SET html = X'00'")  # a BLOB stays one in a TEXT column
    db.close()
    _edit(project)
    _cached_build(project, cli)
    assert not made.exists()
    tree = page(project / "public", "/2021/activiteiten/open-dag/")
    assert tree.xpath("//em[text()='open']")
