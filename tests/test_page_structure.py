"""The structure every page of the sample site shares, read with lxml: the language, the skip link
and its target, the landmarks, one h1 and an outline without skipped levels, labelled
navigation; and the budget of 60 KB of HTML, CSS and JavaScript per page."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from site_helpers import all_html_files, parse

SampleSite = Callable[..., Path]
DATES = ("2018-11-10", "2021-11-16", "2021-12-01")  # before, during and after a Week
BUDGET = 60_000  # bytes of HTML + CSS + JS a page may load, images aside (issue 5)


def pages(sample_site: SampleSite, today: str) -> list[tuple[str, lxml.html.HtmlElement]]:
    out = sample_site("--today", today)
    found = [(p.relative_to(out).as_posix(), parse(p)) for p in all_html_files(out)]
    return [(name, tree) for name, tree in found
            if not tree.xpath("//meta[@http-equiv='refresh']")]  # not the redirects of aliases


def outline_problems(tree: lxml.html.HtmlElement) -> list[str]:
    """Headings in document order: one h1 first, and never a level deeper than one step."""
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    problems = []
    if levels.count(1) != 1 or levels[0] != 1:
        problems.append(f"the h1 should come first and once: {levels}")
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after}")
    return problems


@pytest.mark.parametrize("today", DATES)
def test_every_page_has_an_orderly_outline(sample_site: SampleSite, today: str) -> None:
    found = {name: outline_problems(tree) for name, tree in pages(sample_site, today)}
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_outline_check_can_fail() -> None:
    tree = lxml.html.fromstring("<html><body><h1>a</h1><h3>b</h3><h1>c</h1></body></html>")
    assert outline_problems(tree) == ["the h1 should come first and once: [1, 3, 1]",
                                      "h1 is followed by h3"]


@pytest.mark.parametrize("today", DATES)
def test_every_page_has_its_landmarks_and_skip_link(sample_site: SampleSite, today: str) -> None:
    for name, tree in pages(sample_site, today):
        assert tree.get("lang") == "nl", name
        body = tree.find("body")
        skip = body.xpath("./*[1]")[0]
        assert skip.tag == "a" and skip.get("class") == "skip-link", name
        target = tree.xpath(f"//*[@id='{skip.get('href').lstrip('#')}']")
        assert [t.tag for t in target] == ["main"], name
        assert len(tree.xpath("//header[@class='site-header']")) == 1, name
        assert len(tree.xpath("//main")) == 1, name
        assert len(tree.xpath("//footer")) == 1, name
        navs = tree.xpath("//nav")
        labels = [n.get("aria-label") for n in navs]
        assert navs and all(labels) and len(set(labels)) == len(labels), (name, labels)
        assert not tree.xpath("//main//header | //main//footer | //main//main"), name


def page_weight(out: Path, name: str, tree: lxml.html.HtmlElement) -> dict[str, int]:
    """The bytes a page loads: itself, its style sheets and its scripts."""
    sizes = {name: (out / name).stat().st_size}
    for url in tree.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
        path = urlsplit(url).path
        assert path.startswith("/"), url
        sizes[path] = (out / path.lstrip("/")).stat().st_size
    return sizes


@pytest.mark.parametrize("today", DATES)
def test_every_page_fits_the_budget(sample_site: SampleSite, today: str) -> None:
    out = sample_site("--today", today)
    heaviest = ("", 0)
    for name, tree in pages(sample_site, today):
        sizes = page_weight(out, name, tree)
        total = sum(sizes.values())
        assert total <= BUDGET, f"{name} loads {total} bytes: {sizes}"
        heaviest = max(heaviest, (name, total), key=lambda x: x[1])
    assert heaviest[1] > 10_000  # the check measures something


def test_the_overview_loads_its_filters_and_nothing_else_does(sample_site: SampleSite) -> None:
    for name, tree in pages(sample_site, "2021-11-16"):
        scripts = [urlsplit(s).path.split("/")[-1].split(".")[0] for s in
                   tree.xpath("//script/@src")]
        assert ("filters" in scripts) == name.endswith("activiteiten/index.html"), name
        assert not tree.xpath("//script[not(@src)][not(@type='application/ld+json')]"), name
