"""Time travel in the preview, without a browser: the bar on every preview page and never in a
build, `?today=` links that rebuild the preview for that day, and a clock read at every rebuild."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from site_helpers import all_html_files, parse, text
from weekgen.cli import parser
from weekgen.options import BuildOptions
from weekgen.preview import timetravel
from weekgen.preview.serve import Preview
from weekgen.read.project import Project

SITE = {
    "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
    "content/2030/week.yaml": "theme: proef\n",  # Monday 18 to Sunday 24 November 2030
    "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-19\n",
    "content/2030/index.md": "---\ntitle: Welkom\n---\nHallo wereld.\n",
    "content/2029/week.yaml": "",
}
BAR = f"//nav[@id='{timetravel.BAR_ID}']"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    return root


def call(preview: Preview, path: str, query: str = "",
         accept: str = "text/html") -> tuple[int, bytes]:
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"] = int(status.split()[0])

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
               "HTTP_ACCEPT": accept}
    body = b"".join(preview.app(environ, start_response))
    return answer["status"], body


def tree(body: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(body)


def today_in_nav(page: lxml.html.HtmlElement) -> list[str]:
    """The links to the day the Week's navigation marks as today (the bar left out)."""
    return [a.get("href") for a in page.xpath(f"//nav[not(@id='{timetravel.BAR_ID}')]//a")
            if "(vandaag)" in text(a)]


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    root = write(tmp_path / "site", SITE)
    p = Preview(Project(root), BuildOptions(today=date(2030, 11, 12)))
    assert p.rebuild() is not None
    return p


def test_every_preview_page_has_the_bar(preview: Preview) -> None:
    for path in ("/", "/2030/", "/2030/dinsdag/", "/2030/activiteiten/open-dag/", "/nergens/"):
        status, body = call(preview, path)
        assert status in (200, 404)
        bars = tree(body).xpath(BAR)
        assert len(bars) == 1, path
        assert bars[0].get("aria-label") == "Datum van het voorbeeld"  # the site's language
    status, body = call(preview, "/static/style.css", accept="text/css")
    assert status == 200 and timetravel.BAR_ID.encode() not in body


def test_the_bar_offers_the_announcement_the_days_and_the_look_back(preview: Preview) -> None:
    bar = tree(call(preview, "/2030/")[1]).xpath(BAR)[0]
    links = [(text(a), a.get("href")) for a in bar.xpath(".//a")]
    assert links == [("Aankondiging", "?today=2030-11-17"), ("ma 18", "?today=2030-11-18"),
                     ("di 19", "?today=2030-11-19"), ("wo 20", "?today=2030-11-20"),
                     ("do 21", "?today=2030-11-21"), ("vr 22", "?today=2030-11-22"),
                     ("za 23", "?today=2030-11-23"), ("zo 24", "?today=2030-11-24"),
                     ("Terugblik", "?today=2030-11-25")]
    assert "Voorbeeld zoals op dinsdag 12 november 2030" in text(bar)
    # a Dutch date in the date field, as the site writes dates
    assert bar.xpath(".//input[@name='today']/@value") == ["12-11-2030"]
    assert bar.xpath(".//input[@name='today']/@placeholder") == ["dd-mm-jjjj"]
    assert bar.xpath(".//label/@for") == bar.xpath(".//input/@id")
    # on a page of another year, that year's Week
    bar = tree(call(preview, "/2029/")[1]).xpath(BAR)[0]
    assert bar.xpath(".//a/@href")[1] == "?today=2029-11-19"


def test_today_links_rebuild_the_preview_for_that_day(preview: Preview) -> None:
    page = tree(call(preview, "/2030/")[1])
    assert today_in_nav(page) == []
    status, body = call(preview, "/2030/", "today=2030-11-20")
    assert status == 200
    page = tree(body)
    assert today_in_nav(page) == ["/2030/woensdag/"]
    bar = page.xpath(BAR)[0]
    assert "Voorbeeld zoals op woensdag 20 november 2030 (tijdreis)" in text(bar)
    assert bar.xpath(".//a[@aria-current='date']/@href") == ["?today=2030-11-20"]
    # the day stays as the editor moves through the site
    assert today_in_nav(tree(call(preview, "/2030/maandag/")[1])) == ["/2030/woensdag/"]
    # the look-back exists once the Week is over
    assert call(preview, "/2030/terugblik/")[0] == 404
    assert call(preview, "/2030/terugblik/", "today=2030-11-25")[0] == 200
    # and back to today
    page = tree(call(preview, "/2030/", "today=")[1])
    assert today_in_nav(page) == []
    assert "time travel" not in text(page.xpath(BAR)[0])
    assert call(preview, "/2030/terugblik/")[0] == 404


def test_a_bad_day_is_refused(preview: Preview) -> None:
    status, body = call(preview, "/2030/", "today=2030-13-01")
    assert status == 400
    assert body == b"?today=2030-13-01 is not a day: write YYYY-MM-DD"
    assert preview.travel is None


def test_a_build_never_has_the_bar(sample_site: Callable[..., Path]) -> None:
    out = sample_site("--today", "2021-11-16")
    for path in all_html_files(out):
        page = parse(path)
        assert page.xpath(f"//*[@id='{timetravel.BAR_ID}']") == [], path
        assert not [h for h in page.xpath("//a/@href") if "today=" in h], path


def test_the_clock_is_read_at_every_rebuild(tmp_path: Path) -> None:
    """Without --today, a preview left running overnight shows the new day."""
    root = write(tmp_path / "site", SITE)
    now = [datetime(2030, 11, 18, 23, 30, tzinfo=UTC)]  # Tuesday 00:30 in Amsterdam
    preview = Preview(Project(root), BuildOptions(now=now[0]), clock=lambda: now[0])
    assert preview.rebuild() is not None
    assert today_in_nav(tree(call(preview, "/2030/")[1])) == ["/2030/dinsdag/"]
    now[0] += timedelta(hours=2)  # the same day in Amsterdam: nothing to do
    assert call(preview, "/2030/")[0] == 200
    assert preview.shown == date(2030, 11, 19)
    now[0] += timedelta(days=1)
    assert today_in_nav(tree(call(preview, "/2030/")[1])) == ["/2030/woensdag/"]
    assert preview.shown == date(2030, 11, 20)


def test_serve_accepts_drafts() -> None:
    args = parser().parse_args(["serve", "--drafts", "--today", "2030-11-19"])
    assert args.drafts is True


def test_drafts_show_in_a_preview_with_drafts(tmp_path: Path) -> None:
    root = write(tmp_path / "site", {
        **SITE, "content/2030/concept.md": "---\ntitle: Concept\ndraft: true\n---\nx\n",
        "content/2030/later.md": "---\ntitle: Later\npublish: 2030-11-21\n---\ny\n"})
    plain = Preview(Project(root), BuildOptions(today=date(2030, 11, 19)),
                    out=tmp_path / "plain")
    assert plain.rebuild() is not None
    assert call(plain, "/2030/concept/")[0] == 404
    assert call(plain, "/2030/later/")[0] == 404
    assert call(plain, "/2030/later/", "today=2030-11-21")[0] == 200  # its day has come
    drafts = Preview(Project(root), BuildOptions(today=date(2030, 11, 19), drafts=True),
                     out=tmp_path / "drafts")
    assert drafts.rebuild() is not None
    assert call(drafts, "/2030/concept/")[0] == 200
    assert call(drafts, "/2030/later/")[0] == 200


def test_an_english_site_has_an_english_bar(tmp_path: Path) -> None:
    root = write(tmp_path / "site", {**SITE, "content/site.yaml": "title: Trial week\n"
                                     "base_url: https://example.org/\nlanguage: en\n"})
    preview = Preview(Project(root), BuildOptions(today=date(2030, 11, 12)))
    assert preview.rebuild() is not None
    bar = tree(call(preview, "/2030/", "today=2030-11-20")[1]).xpath(BAR)[0]
    assert bar.get("aria-label") == "Preview date"
    assert "Preview as on Wednesday 20 November 2030 (time travel)" in text(bar)
    assert [text(a) for a in bar.xpath(".//a")][:2] == ["Announcement", "Mon 18"]
    assert bar.xpath(".//input[@name='today']/@value") == ["2030-11-20"]


@pytest.mark.parametrize(("typed", "day"), [("2030-11-20", date(2030, 11, 20)),
                                            ("20-11-2030", date(2030, 11, 20)),
                                            ("5/1/2031", date(2031, 1, 5)),
                                            ("", None), ("vandaag", None)])
def test_the_date_field_takes_dates_as_editors_type_them(typed: str, day: date | None) -> None:
    assert timetravel.parse_day(typed) == day


def test_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError):
        timetravel.parse_day("31-11-2030")
