"""A visitor in headless Chromium: the sample site built for, and served under, /campagne/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from selenium.webdriver.common.by import By

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

SITE = "Week tegen Kindermishandeling"

# path: (title, h1)
PAGES = {
    "": (SITE, SITE),
    "2021/": (f"Week van 2021 · {SITE}", f"{SITE} 2021"),
    "2021/maandag/": (f"Maandag 15 november 2021 · {SITE}", "Maandag 15 november 2021"),
    "2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/": (
        f"Kinderopvang: wat doe je bij een vermoeden? · {SITE}",
        "Kinderopvang: wat doe je bij een vermoeden?"),
}
# one page of every kind, the 404 page too
EVERY_KIND = [*PAGES, "2021/activiteiten/", "2021/meedoen/", "2021/organisator/",
              "2021/organisator/kinderopvangorganisaties/", "2021/na-de-week/",
              "2018/terugblik/", "bestaat-niet/"]

WIDEST_ELEMENTS = """
const width = document.documentElement.clientWidth;
return [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
            + ' (right edge at ' + Math.round(e.getBoundingClientRect().right) + ' px)');
"""


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Any], build_site: Callable[..., Any],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample content during the Week of 2021, at http://127.0.0.1:PORT/campagne/."""
    root = make_site(tmp_path_factory.mktemp("visitor"))
    with serving(root / "public", "/campagne/") as served:
        build_site(root, "--today", "2021-11-16", "--base-url", served.url())
        yield served


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "/")
def test_a_page_has_its_title_and_heading(browser: Browser, site: Served, path: str) -> None:
    title, h1 = PAGES[path]
    browser.open(site.url(path))
    assert browser.driver.title == title
    assert browser.h1() == h1


def test_clicking_a_day_opens_that_day(browser: Browser, site: Served) -> None:
    browser.open(site.url("2021/"))
    links = browser.driver.find_elements(By.CSS_SELECTOR, 'a[href="/campagne/2021/maandag/"]')
    visible = [a for a in links if a.is_displayed()]
    assert visible, "the year's home links to its Monday"
    visible[0].click()
    browser.wait_for("the Monday", lambda d: d.current_url == site.url("2021/maandag/"))
    assert browser.h1() == "Maandag 15 november 2021"


@pytest.mark.parametrize("path", EVERY_KIND, ids=lambda p: p or "/")
def test_no_request_leaves_the_origin(browser: Browser, site: Served, path: str) -> None:
    requests = browser.open(site.url(path))
    assert site.url(path) in requests, "the request log records the page itself"
    assert any(u.startswith(site.url("static/style.")) and u.endswith(".css")
               for u in requests), "... and its stylesheet"
    assert site.foreign(requests) == []


@pytest.mark.parametrize("path", EVERY_KIND, ids=lambda p: p or "/")
def test_no_horizontal_scroll_at_320_px(browser: Browser, site: Served, path: str) -> None:
    with browser.viewport(320):
        browser.open(site.url(path))
        width = browser.driver.execute_script("return document.documentElement.scrollWidth")
        too_wide = browser.driver.execute_script(WIDEST_ELEMENTS)
    assert width <= 320, f"{path} is {width} px wide at 320 px: {too_wide}"
