"""The live preview without a browser: Preview.rebuild(), the WSGI app, the change poller, and
`weekgen serve` itself over HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from site_helpers import text as text_of
from weekgen.errors import Position, Problem
from weekgen.options import BuildOptions
from weekgen.preview import panel, serve, timetravel
from weekgen.preview.serve import Changes, Preview, error_page, watch, watched_folders
from weekgen.read.project import Project, default_theme_dir

SITE = {
    "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
    "content/2030/week.yaml": "theme: proef\n",
    "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n",
    "content/2030/index.md": "---\ntitle: Welkom\n---\nHallo wereld.\n",
}
BROKEN = "- title: Open dag\n  date: 2030-13-01\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    root = write(tmp_path / "site", SITE)
    return Preview(Project(root), BuildOptions(today=date(2030, 11, 19)))


def call(preview: Preview, environ: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """Call the WSGI app as a server would."""
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(preview.app(environ, start_response))
    return answer["status"], answer["headers"], body


def get(preview: Preview, path: str, accept: str = "text/html", method: str = "GET",
        query: str = "") -> tuple[int, dict[str, str], bytes]:
    """PATH_INFO holds the URL's bytes as latin-1 (PEP 3333)."""
    return call(preview, {"REQUEST_METHOD": method, "PATH_INFO": path.encode().decode("latin-1"),
                          "QUERY_STRING": query, "HTTP_ACCEPT": accept})


# --- rebuild and the app -------------------------------------------------------------------------

def test_rebuild_builds_into_the_preview_folder(preview: Preview) -> None:
    report = preview.rebuild()
    assert report is not None and report.written == report.pages
    assert preview.out == preview.project.root / ".weekgen-cache" / "preview"
    assert (preview.out / "2030" / "index.html").is_file()
    assert not (preview.project.root / "public").exists()
    assert not preview.failed


def test_the_app_serves_built_files(preview: Preview) -> None:
    preview.rebuild()
    status, headers, body = get(preview, "/static/style.css", accept="text/css")
    assert status == 200
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert body == (preview.out / "static" / "style.css").read_bytes()


def test_a_static_file_under_its_hashed_name_may_be_kept_by_the_browser(
        preview: Preview) -> None:
    """A page's reload need not wait for its stylesheet again: a changed one has a new name."""
    preview.rebuild()
    static = preview.out / "static"
    hashed = next(p.name for p in static.iterdir() if p.name.startswith("style.")
                  and p.name != "style.css" and p.suffix == ".css")
    status, headers, _ = get(preview, f"/static/{hashed}", accept="text/css")
    assert (status, headers["Cache-Control"]) == (200, "max-age=31536000, immutable")
    (static / "style.0badc0de.css").write_text("p{}", encoding="utf-8")  # not its hash
    assert get(preview, "/static/style.0badc0de.css")[1]["Cache-Control"] == "no-store"
    assert get(preview, "/2030/")[1]["Cache-Control"] == "no-store"


def test_a_folder_serves_its_index_and_without_its_slash_redirects(preview: Preview) -> None:
    preview.rebuild()
    status, headers, body = get(preview, "/2030/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"Hallo wereld." in body
    assert get(preview, "/")[0] == 200
    status, headers, _ = get(preview, "/2030", query="today=2030-11-20")
    assert (status, headers["Location"]) == (301, "/2030/?today=2030-11-20")


def test_a_missing_page_gets_the_404_page(preview: Preview) -> None:
    preview.rebuild()
    status, _, body = get(preview, "/nergens/")
    assert status == 404
    page = (preview.out / "404.html").read_bytes()  # with the time-travel bar, as every page
    assert body == timetravel.inject(page, preview.bar("/nergens/"))


@pytest.mark.parametrize("path_info", ["/../../../secret.txt", "/2030/../../../../secret.txt",
                                       "//../../../secret.txt", "/..", "/nul\0byte",
                                       "/" + "a" * 5000, "/\xff"])  # the last: not UTF-8
def test_nothing_outside_the_output_is_served(preview: Preview, path_info: str) -> None:
    preview.rebuild()
    (preview.project.root.parent / "secret.txt").write_text("geheim")
    status, _, body = call(preview, {"REQUEST_METHOD": "GET", "PATH_INFO": path_info,
                                     "HTTP_ACCEPT": "*/*"})
    assert status == 404
    assert b"geheim" not in body


def test_only_get_and_head(preview: Preview) -> None:
    preview.rebuild()
    status, headers, body = get(preview, "/2030/", method="HEAD")
    assert (status, body) == (200, b"")
    status, headers, _ = get(preview, "/2030/", method="POST")
    assert (status, headers["Allow"]) == (405, "GET, HEAD")


def test_broken_content_shows_the_error_page_on_every_page(preview: Preview) -> None:
    preview.rebuild()
    write(preview.project.root, {"content/2030/activities.yaml": BROKEN})
    assert preview.rebuild() is None
    assert preview.failed
    for path in ("/2030/", "/2030/maandag/", "/nergens/", "/index.html"):
        status, headers, body = get(preview, path)
        assert (status, headers["Content-Type"]) == (500, "text/html; charset=utf-8")
        page = body.decode()
        assert "<code>content/2030/activities.yaml:2:9</code>" in page
        assert "date: 2030-13-01" in text_of(lxml.html.fromstring(body).xpath("//pre")[0])
        assert "JJJJ-MM-DD" in page  # the hint, in the site's language
    assert get(preview, "/2030", accept="text/html,application/xhtml+xml")[0] == 500
    # what a page loads still comes from the last good build
    assert get(preview, "/static/style.css", accept="text/css,*/*;q=0.1")[0] == 200
    assert (preview.out / "2030" / "index.html").is_file()


def test_the_error_page_goes_once_the_content_is_fixed(preview: Preview) -> None:
    write(preview.project.root, {"content/2030/activities.yaml": BROKEN})
    assert preview.rebuild() is None
    assert get(preview, "/")[0] == 500
    fixed = {**SITE, "content/2030/index.md": "---\ntitle: Welkom\n---\nHersteld.\n"}
    write(preview.project.root, fixed)
    assert preview.rebuild() is not None
    assert not preview.failed
    status, _, body = get(preview, "/2030/")
    assert status == 200 and b"Hersteld." in body


def test_a_bug_in_weekgen_is_shown_not_raised(preview: Preview, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken_build(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(serve, "build", broken_build)
    assert preview.rebuild() is None
    status, _, body = get(preview, "/2030/")
    assert status == 500
    assert "weekgen zelf liep vast: RuntimeError: kapot" in body.decode()  # the site's language
    assert "Traceback" in capsys.readouterr().err


def test_the_error_page_escapes_what_it_shows() -> None:
    problem = Problem(Position("content/2030/index.md", 3, 1), "bad <b>tag</b>",
                      hint="use &amp;", source_line="<script>alert(1)</script>")
    page = error_page([problem])
    assert "<script>alert" not in page
    assert "<pre><span class='at'>&lt;</span>script&gt;alert(1)&lt;/script&gt;</pre>" in page
    assert "bad &lt;b&gt;tag&lt;/b&gt;" in page
    assert "<title>weekgen: 1 error</title>" in page


def test_the_error_page_puts_the_caret_under_the_column() -> None:
    line = "  date: 2030-13-01   # " + "een heel lange opmerking " * 12
    problem = Problem(Position("content/2030/activities.yaml", 2, 9), "not a date",
                      source_line=line)
    [pre] = lxml.html.fromstring(error_page([problem])).xpath("//pre")
    [at] = pre.xpath("span[@class='at']")
    assert (pre.text, at.text) == ("  date: ", "2")  # the 9th character carries the caret
    assert "".join(pre.itertext()) == line.rstrip()  # the whole line, wrapped by the style
    style = error_page([problem])
    assert "white-space:pre-wrap" in style and '.at::after{content:"^"' in style


LATER = {"content/2030/index.md": "---\ntitle: Welkom\n---\nStraks de "
         "[terugblik](/2030/terugblik/).\n"}  # before the Week is over: a warning


def panel_of(body: bytes) -> list[lxml.html.HtmlElement]:
    return lxml.html.fromstring(body).xpath(f"//section[@id='{panel.PANEL_ID}']")


def test_warnings_show_in_a_panel_on_every_page_until_fixed(
        preview: Preview, capsys: pytest.CaptureFixture[str]) -> None:
    write(preview.project.root, LATER)
    assert preview.rebuild() is not None
    assert "2030/index.md:4:23: waarschuwing: link naar /2030/terugblik/" in capsys.readouterr().err
    for path in ("/2030/", "/2030/maandag/", "/nergens/"):
        [found] = panel_of(get(preview, path)[2])
        heading = found.xpath("h2")[0]
        assert (text_of(heading), found.get("aria-labelledby")) == ("1 waarschuwing",
                                                                  heading.get("id"))
        assert "content/2030/index.md:4:23" in text_of(found)
        assert found.xpath("button[@type='button']/text()") == ["Sluiten"]
    assert not (preview.out / "2030" / "index.html").read_text().count(panel.PANEL_ID)
    write(preview.project.root, SITE)  # fixed: no panel after the rebuild
    assert preview.rebuild() is not None
    assert panel_of(get(preview, "/2030/")[2]) == []


def test_the_panel_speaks_english_on_an_english_site(preview: Preview) -> None:
    site = "title: Trial\nbase_url: https://example.org/\nlanguage: en\n"
    write(preview.project.root, {**LATER, "content/site.yaml": site})
    assert preview.rebuild() is not None
    [found] = panel_of(get(preview, "/2030/")[2])
    assert text_of(found.xpath("h2")[0]) == "1 warning"
    assert found.xpath("button/text()") == ["Close"]


def test_a_first_build_that_fails_speaks_the_language_site_yaml_names(tmp_path: Path) -> None:
    site = {**SITE, "content/site.yaml": "title: Trial\nbase_url: https://example.org/\n"
            "language: en\n", "content/2030/activities.yaml": BROKEN}
    root = write(tmp_path / "site", site)
    preview = Preview(Project(root), BuildOptions(today=date(2030, 11, 19)))
    assert preview.rebuild() is None
    page = lxml.html.fromstring(get(preview, "/2030/")[2])
    assert page.get("lang") == "en"
    assert text_of(page.xpath("//h1")[0]) == "The site could not be built"
    assert page.xpath("//title/text()") == ["weekgen: 1 error"]


def test_a_renamed_activity_is_followed(preview: Preview) -> None:
    preview.rebuild()
    old = "/2030/activiteiten/open-dag/"
    assert get(preview, old)[0] == 200  # the editor looks at it
    write(preview.project.root, {"content/2030/activities.yaml":
                                 "- title: Open middag\n  date: 2030-11-18\n"})
    preview.rebuild()
    status, headers, _ = get(preview, old, query="today=2030-11-18")
    new = "/2030/activiteiten/open-middag/"
    assert (status, headers["Location"]) == (307, new + "?today=2030-11-18")
    assert get(preview, "/2030/activiteiten/open-middag/")[0] == 200
    write(preview.project.root, {"content/2030/activities.yaml":
                                 "- title: Open avond\n  date: 2030-11-18\n"})
    preview.rebuild()  # renamed again: the first address follows too
    assert get(preview, old)[1]["Location"] == "/2030/activiteiten/open-avond/"
    assert get(preview, "/2030/activiteiten/nooit-bekeken/")[0] == 404


def test_a_renamed_page_file_is_followed(preview: Preview) -> None:
    write(preview.project.root, {"content/2030/meedoen.md": "---\ntitle: Meedoen\n---\nJa.\n"})
    preview.rebuild()
    assert get(preview, "/2030/meedoen/")[0] == 200
    (preview.project.root / "content/2030/meedoen.md").rename(
        preview.project.root / "content/2030/doe-mee.md")
    preview.rebuild()
    assert get(preview, "/2030/meedoen/")[1]["Location"] == "/2030/doe-mee/"


# --- finding changes -----------------------------------------------------------------------------
# (by polling; inotify, and what both do with an editor's save, in test_preview_watching.py)

def test_changes_finds_added_changed_and_removed_files_in_subfolders(tmp_path: Path) -> None:
    content = write(tmp_path, {"content/site.yaml": "title: x\n"}) / "content"
    changes = Changes([content, tmp_path / "templates"], polling=True)  # templates/ need not exist
    assert changes.poll() == set()
    write(tmp_path, {"content/2030/activities/a.yaml": "[]\n"})
    assert changes.poll() == {str(content / "2030" / "activities" / "a.yaml")}
    write(tmp_path, {"content/site.yaml": "title: y and more\n"})
    assert changes.poll() == {str(content / "site.yaml")}
    (content / "site.yaml").unlink()
    assert changes.poll() == {str(content / "site.yaml")}
    write(tmp_path, {"content/.#site.yaml": "", "content/site.yaml~": "", "content/.a.swp": "",
                     "content/.git/x": ""})
    assert changes.poll() == set()
    write(tmp_path, {"templates/base.html": "<p>"})
    assert changes.poll() == {str(tmp_path / "templates" / "base.html")}


def test_the_site_and_the_default_theme_are_watched(tmp_path: Path) -> None:
    theme = [default_theme_dir("templates"), default_theme_dir("static")]
    site = watched_folders(Project(tmp_path))
    assert site == [tmp_path / "content", tmp_path / "templates", tmp_path / "static",
                    tmp_path / "i18n", *theme]  # i18n: the site's own message catalogues
    repo = Path(__file__).resolve().parents[1]
    if theme[0] == repo / "templates":  # an editable install: the theme is the repo's own
        assert watched_folders(Project(repo)) == [repo / n for n in ("content", "templates",
                                                                     "static", "i18n")]


def test_a_burst_of_changes_makes_one_rebuild(tmp_path: Path) -> None:
    content = write(tmp_path, {"content/site.yaml": "title: x\n"}) / "content"
    changes = Changes([content], interval=0.02, settle=0.3, polling=True)
    calls: list[set[str]] = []
    stop = threading.Event()
    thread = watch(changes, calls.append, stop)
    try:
        for i in range(5):
            write(tmp_path, {f"content/2030/page{i}.md": "tekst\n"})
            time.sleep(0.01)
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.4)  # a second rebuild would have come by now
    finally:
        stop.set()
        thread.join(5)
    assert len(calls) == 1
    assert calls[0] == {str(content / "2030" / f"page{i}.md") for i in range(5)}
    assert not thread.is_alive()


def test_watching_goes_on_when_a_rebuild_raises(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    content = write(tmp_path, {"content/site.yaml": "title: x\n"}) / "content"
    calls: list[set[str]] = []

    def on_change(found: set[str]) -> None:
        calls.append(found)
        if len(calls) == 1:
            raise RuntimeError("kapot")

    stop = threading.Event()
    thread = watch(Changes([content], interval=0.02, settle=0.02, polling=True), on_change, stop)
    try:
        for text in ("een\n", "twee en meer\n"):
            write(tmp_path, {"content/site.yaml": text})
            deadline = time.monotonic() + 5
            count = len(calls)
            while len(calls) == count and time.monotonic() < deadline:
                time.sleep(0.01)
    finally:
        stop.set()
        thread.join(5)
    assert len(calls) == 2
    assert "RuntimeError: kapot" in capsys.readouterr().err


# --- `weekgen serve` itself ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode()


@contextmanager
def serving(root: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`weekgen serve` in a subprocess, its output in `log`; stopped at the end."""
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "weekgen", "serve", "--source", str(root), "--port",
             str(port), "--today", "2030-11-19"], stdout=sink, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(check: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except OSError:  # not listening yet
            pass
        time.sleep(0.02)
    raise AssertionError(f"gave up after {timeout} s")


def test_weekgen_serve_rebuilds_on_a_change_and_injects_livereload(tmp_path: Path) -> None:
    root = write(tmp_path / "site", SITE)
    port, log = free_port(), tmp_path / "serve.log"
    with serving(root, port, log) as process:
        url = f"http://127.0.0.1:{port}/2030/"
        status, page = wait_for(lambda: fetch(url))
        assert status == 200 and "Hallo wereld." in page
        assert "livereload.js" in page
        write(root, {"content/2030/index.md": "---\ntitle: Welkom\n---\nNieuw hier.\n"})
        wait_for(lambda: "Nieuw hier." in fetch(url)[1])  # by itself (how soon is not tested)
        write(root, {"content/2030/activities.yaml": BROKEN})
        status, page = wait_for(lambda: (r := fetch(url))[0] == 500 and r)
        assert "content/2030/activities.yaml:2:9" in page
        assert process.poll() is None, "the server never dies on bad content"
    output = log.read_text()
    assert "weekgen: gewijzigd: content/2030/index.md" in output
    assert "Traceback" not in output


def test_weekgen_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    root = write(tmp_path / "site", SITE)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "weekgen", "serve", "--source", str(root), "--port", str(port)],
            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
