"""The finished site as a visitor sees it (issue 18): the help block on every page, the buttons in
their order, nothing wider than the screen, no word broken inside, nothing that moves while the
page loads, and a share image for link previews."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

# one page of every kind: those with a side column first
SIDE = ["", "2021/", "2021/woensdag/"]
OTHERS = ["2021/activiteiten/", "2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/",
          "2021/meedoen/", "2021/regio/", "2021/na-de-week/", "2018/terugblik/", "archief/",
          "zoeken/", "toegankelijkheidsverklaring/", "bestaat-niet/"]
WIDTHS = (320, 1280)


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Any], build_site: Callable[..., Any],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample content on the Wednesday of the Week of 2021."""
    root = make_site(tmp_path_factory.mktemp("visitors"))
    with serving(root / "public", "/") as served:
        build_site(root, "--today", "2021-11-17", "--base-url", served.url())
        yield served


def _rect(browser: Browser, css: str) -> dict[str, float]:
    rect: dict[str, float] = browser.driver.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return e ? e.getBoundingClientRect().toJSON() : null;", css)
    assert rect is not None, css
    return rect


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", SIDE + OTHERS, ids=lambda p: p or "/")
def test_the_help_block_is_on_every_page(browser: Browser, site: Served, path: str,
                                         width: int) -> None:
    with browser.viewport(width, 900):
        browser.open(site.url(path))
        [help_block] = browser.driver.find_elements(By.CSS_SELECTOR, "section.help")
        assert help_block.find_element(By.TAG_NAME, "h2").text == "Hulp nodig?"
        phones = [a.get_attribute("href") for a in
                  help_block.find_elements(By.CSS_SELECTOR, "a.help-phone")]
        assert phones == ["tel:08002000", "tel:08000432", "tel:112"]
        help_rect, main_rect = _rect(browser, "section.help"), _rect(browser, "main")
        in_footer = browser.driver.execute_script(
            "return !!document.querySelector('section.help').closest('footer')")
        if path in SIDE:
            assert not in_footer
            if width >= 1024:  # beside the content, at its top
                assert help_rect["left"] >= main_rect["right"]
                assert help_rect["top"] < 900
            else:  # below it
                assert help_rect["top"] >= main_rect["bottom"]
        else:
            assert in_footer


@pytest.mark.parametrize("path", ["", "2021/"], ids=lambda p: p or "/")
def test_the_primary_button_comes_first(browser: Browser, site: Served, path: str) -> None:
    browser.open(site.url(path))
    buttons = browser.driver.find_elements(By.CSS_SELECTOR, "main .actions .button")
    assert [(b.text, b.get_attribute("class")) for b in buttons] == [
        ("Doe mee", "button button-primary"), ("Alle activiteiten", "button button-secondary")]
    first, second = (b.rect for b in buttons)
    assert (first["y"], first["x"]) < (second["y"], second["x"])
    primary = buttons[0].value_of_css_property("background-color")
    assert primary != buttons[1].value_of_css_property("background-color")
    share = browser.driver.find_element(By.CSS_SELECTOR, ".share-links a")
    assert share.value_of_css_property("border-top-style") == "none"  # tertiary: a plain link


WORDS_BROKEN = """
const broken = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent;
  for (const match of text.matchAll(/[^\\s\\-\\/–—·]+/g)) {
    if (match[0].length < 4) continue;
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                         .map(r => Math.round(r.top)));
    if (tops.size > 1) broken.push(match[0]);
  }
}
return broken.slice(0, 10);
"""


@pytest.mark.parametrize("viewport", (320, 1280))
@pytest.mark.parametrize("path", SIDE + OTHERS, ids=lambda p: p or "/")
def test_no_word_is_broken_inside_and_nothing_is_too_wide(browser: Browser, site: Served,
                                                          path: str, viewport: int) -> None:
    """On a phone and a wide screen: a card's label column ('Organisator') broke there."""
    with browser.viewport(viewport):
        browser.open(site.url(path))
        assert browser.driver.execute_script(WORDS_BROKEN) == []
        width = browser.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= viewport


LAYOUT_SHIFT = """
const done = arguments[arguments.length - 1];
let total = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
}).observe({type: "layout-shift", buffered: true});
setTimeout(() => done(total), 800);
"""


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("path", SIDE + OTHERS, ids=lambda p: p or "/")
def test_nothing_moves_while_the_page_loads(browser: Browser, site: Served, path: str,
                                            width: int) -> None:
    with browser.viewport(width, 900):
        browser.open(site.url(path))
        shift = browser.driver.execute_async_script(LAYOUT_SHIFT)
    assert shift == 0, f"{path} at {width} px: a cumulative layout shift of {shift}"


@pytest.fixture(scope="module", params=["2021-11-01", "2021-12-01"], ids=["before", "after"])
def phase_site(request: pytest.FixtureRequest, make_site: Callable[..., Any],
               build_site: Callable[..., Any], serving: Callable[..., Any],
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample content before and after the Week of 2021 (during it is `site`)."""
    root = make_site(tmp_path_factory.mktemp("phase"))
    with serving(root / "public", "/") as served:
        build_site(root, "--today", request.param, "--base-url", served.url(), "--no-search")
        yield served


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("path", ["", "2021/", "2021/maandag/"], ids=lambda p: p or "/")
def test_nothing_moves_before_or_after_the_week(browser: Browser, phase_site: Served, path: str,
                                                width: int) -> None:
    with browser.viewport(width, 900):
        browser.open(phase_site.url(path))
        shift = browser.driver.execute_async_script(LAYOUT_SHIFT)
    assert shift == 0, f"{path} at {width} px: a cumulative layout shift of {shift}"


@pytest.mark.parametrize("path", [*SIDE, "2018/terugblik/",
                                  "2021/activiteiten/verhalen-van-professionals-ouders-en-kinderen/"],
                         ids=lambda p: p or "/")
def test_the_share_image_is_a_1200_by_630_png(browser: Browser, site: Served, path: str) -> None:
    browser.open(site.url(path))

    def meta(prop: str) -> str:
        return str(browser.driver.find_element(
            By.CSS_SELECTOR, f'meta[property="{prop}"]').get_attribute("content"))

    image_url = meta("og:image")
    assert image_url == site.url(path) + "deelkaart.png"
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    assert meta("og:image:alt")
    with urllib.request.urlopen(image_url) as response:
        assert response.headers["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.read()))
    assert (image.format, image.size) == ("PNG", (1200, 630))


HEIGHTS_AS_SENT = """
const [id, done] = arguments;
fetch(location.href).then(r => r.text()).then(html => {
  const before = new DOMParser().parseFromString(html, "text/html").getElementById(id);
  const shown = document.getElementById(id);
  before.id = id + "-as-sent";
  shown.after(before);  // the same width, and the class "js" that gives it its place
  const heights = [shown.getBoundingClientRect().height, before.getBoundingClientRect().height];
  before.remove();
  done(heights);
});
"""


@pytest.mark.parametrize("width", (320, 1350))
def test_the_filters_keep_the_height_they_are_sent_with(browser: Browser, site: Served,
                                                         width: int) -> None:
    """However soon filters.js runs, the box it fills has the height it had before: the count
    is there from the start and the reset button hidden, so nothing below it moves."""
    with browser.viewport(width, 900):
        browser.open(site.url("2021/activiteiten/"))
        browser.wait_for("the count", lambda d: d.execute_script(
            "return document.querySelector('.filter-count').textContent"))
        shown, sent = browser.driver.execute_async_script(HEIGHTS_AS_SENT, "filters")
    assert shown == sent


@pytest.mark.parametrize("width", (320, 1350))
def test_the_search_keeps_the_height_it_is_sent_with(browser: Browser, site: Served,
                                                     width: int) -> None:
    """search.js shows the form and hides the words for those without JavaScript: with the
    class "js" from the page's head, the page as sent is laid out so already."""
    with browser.viewport(width, 900):
        browser.open(site.url("zoeken/"))
        browser.wait_for("the form", lambda d: d.execute_script(
            "return !document.querySelector('#zoeken form').hidden"))
        shown, sent = browser.driver.execute_async_script(HEIGHTS_AS_SENT, "zoeken")
    assert shown == sent
