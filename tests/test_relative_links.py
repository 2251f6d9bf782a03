"""Relative links and pictures in editors' Markdown: resolved as the editor means them, published
at the address they resolve to, and checked like links from the site's root."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import Files, headlines, hints, page
from weekgen.model import links

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")  # one transparent pixel
SITE: Files = {
    "content/2030/week.yaml": "theme: proef\n",
    "content/2030/index.md": "---\ntitle: Welkom\n---\nHallo.\n",
    "content/2030/meedoen.md": "---\ntitle: Meedoen\n---\n## Hoe\n\nZo.\n",
    "content/2030/plein.png": PNG,
    "content/2030/beeld.md": "---\ntitle: Beeld\n---\n![Het plein](plein.png)\n\n"
                             "Lees [meedoen](meedoen.md#hoe) of [doe mee](../meedoen/).\n",
    "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n"
                                    "  description: Zie [meedoen](meedoen.md).\n",
}
FILES = {"content/2030/meedoen.md": "2030/meedoen/"}


@pytest.mark.parametrize(("url", "meant"), [
    ("plein.png", "2030/plein.png"),  # a file: from the Markdown file's folder
    ("foto's/plein%20groot.png", "2030/foto%27s/plein%20groot.png"),
    ("../2029/plein.png", "2029/plein.png"),
    ("meedoen.md", "2030/meedoen/"),  # a page's file: that page's address
    ("meedoen.md#hoe", "2030/meedoen/#hoe"),
    ("medoen.md", "2030/medoen.md"),  # no such page: stays a file, which the check reports
    ("../meedoen/", "2030/meedoen/"),  # an address: from the page's own, as a browser does
    ("meedoen/", "2030/beeld/meedoen/"),
    ("/2030/meedoen/", None), ("https://example.org/x.png", None), ("#hoe", None),
    ("mailto:a@example.org", None), ("//example.org/x", None),
])
def test_a_relative_address_is_resolved_as_the_editor_means_it(url: str,
                                                               meant: str | None) -> None:
    assert links.resolve(url, "content/2030", "2030/beeld/", FILES) == meant


def test_the_html_gets_the_resolved_address_under_the_sub_path() -> None:
    html = ('<p><img alt="x" src="plein.png"> <a href="meedoen.md">a</a> '
            '<a href="https://example.org/">b</a> <a href="#hoe">c</a></p>')
    assert links.absolute(html, "content/2030", "2030/beeld/", FILES, "/campagne/") == (
        '<p><img alt="x" src="/campagne/2030/plein.png"> <a href="/campagne/2030/meedoen/">a</a> '
        '<a href="https://example.org/">b</a> <a href="#hoe">c</a></p>')


def test_a_picture_and_pages_next_to_a_page_work_in_the_built_site(
        make_project: Callable[..., Path], build: Callable[..., tuple[int, str]]) -> None:
    project = make_project(SITE)
    code, err = build(project, "--today", "2030-11-19")
    assert code == 0, err
    out = project / "public"
    beeld = page(out, "/2030/beeld/")
    [src] = beeld.xpath("//main//img[@alt='Het plein']/@src")
    assert src == "/2030/plein.png"
    assert (out / src.lstrip("/")).read_bytes() == PNG  # published where the page points
    hrefs = beeld.xpath("//main//a[text()='meedoen' or text()='doe mee']/@href")
    assert hrefs == ["/2030/meedoen/#hoe", "/2030/meedoen/"]
    # an activity's description: the same address on its page as anywhere else
    activity = page(out, "/2030/activiteiten/open-dag/")
    assert activity.xpath("//main//a[text()='meedoen']/@href") == ["/2030/meedoen/"]


def test_under_a_sub_path_too(make_project: Callable[..., Path],
                              build: Callable[..., tuple[int, str]]) -> None:
    project = make_project({**SITE, "content/site.yaml": "title: Testweek\n"
                            "base_url: https://example.org/campagne/\n"})
    code, err = build(project, "--today", "2030-11-19")
    assert code == 0, err
    beeld = page(project / "public", "/2030/beeld/")
    assert beeld.xpath("//main//img[@alt='Het plein']/@src") == ["/campagne/2030/plein.png"]


BROKEN = ("---\ntitle: Beeld\n---\nGoed: ![Het plein](plein.png)\n\n"
          "Fout: [een](../medoen/), [twee](medoen.md) en ![drie](plien.png).\n\n"
          "En [vier](www.example.org).\n")


def test_broken_relative_links_are_errors_with_their_place(
        make_project: Callable[..., Path], cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({**SITE, "content/2030/beeld.md": BROKEN})
    code, _, err = cli("check", "--source", str(project), "--today", "2030-11-19")
    assert code == 1
    assert headlines(err) == [
        'content/2030/beeld.md:6:13: link naar ../medoen/ (/2030/medoen/) leidt nergens heen',
        'content/2030/beeld.md:6:33: link naar medoen.md (/2030/medoen.md) leidt nergens heen',
        'content/2030/beeld.md:6:55: link naar plien.png (/2030/plien.png) leidt nergens heen',
        'content/2030/beeld.md:8:11: link naar www.example.org (/2030/www.example.org) leidt '
        'nergens heen',
    ]
    assert hints(err) == [
        'bedoel je /2030/meedoen/?',
        'bedoel je meedoen.md? (de pagina /2030/meedoen/)',
        'bedoel je plein.png? (/2030/plein.png)',
        'het adres van een andere site begint met https://: schrijf https://www.example.org',
    ]


def test_a_missing_picture_says_where_to_put_it(
        make_project: Callable[..., Path], cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({**SITE, "content/pers.md": "---\ntitle: Pers\n---\n"
                            "![Logo](logo.svg)\n"})
    code, _, err = cli("check", "--source", str(project), "--today", "2030-11-19")
    assert code == 1
    assert headlines(err) == ['content/pers.md:4:9: link naar logo.svg (/logo.svg) leidt nergens '
                              'heen']
    assert hints(err) == ['zet het bestand in content/, naast de pagina, en schrijf de naam: '
                          '![…](logo.svg)']
