"""WCAG 2.1 AA in headless Chromium, on every kind of page of the sample site before, during and
after a Week: axe-core (the npm package, injected into the page) finds no violations; the skip
link, focus that shows, everything reachable by keyboard; no horizontal scroll at 320 px, at 200%
zoom or with text twice as large; reduced motion respected; the print style sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from site_helpers import npm_file
from weekgen.cli import main

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

PHASES = {"voor": "2021-11-01", "tijdens": "2021-11-16", "na": "2021-12-01"}
ACTIVITY = "2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/"
# Every kind of page, with the phase of the Week it is built in.
PAGE_TYPES = [
    ("tijdens", ""),  # the root
    ("voor", "2021/"), ("tijdens", "2021/"), ("na", "2021/"),  # the year's home
    ("tijdens", "2021/maandag/"), ("tijdens", "2021/dinsdag/"),  # a day; today
    ("tijdens", "2021/activiteiten/"), ("tijdens", "2018/activiteiten/"),  # the overview
    ("tijdens", ACTIVITY),
    ("na", "2018/activiteiten/twee-vlogs-van-de-jongeren-taskforce/"),  # with media
    ("tijdens", "2021/regio/"), ("tijdens", "2021/regio/landelijk/"),
    ("tijdens", "2018/organisator/"), ("tijdens", "2021/organisator/kinderopvangorganisaties/"),
    ("tijdens", "2021/thema/"), ("tijdens", "2021/thema/dichterbij-dan-je-denkt/"),
    ("tijdens", "2021/hashtag/"), ("tijdens", "2021/hashtag/dichterbijdanjedenkt/"),
    ("tijdens", "2021/na-de-week/"),  # the follow-up
    ("tijdens", "2021/meedoen/"),  # a Markdown page
    ("na", "2018/terugblik/"), ("na", "2021/terugblik/"),  # the look-back
    ("na", "archief/"),
    ("tijdens", "toegankelijkheidsverklaring/"),  # the theme's accessibility statement
    ("tijdens", "404.html"),
]
IDS = [f"{phase}:{path or '/'}" for phase, path in PAGE_TYPES]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

INJECT = """
const script = document.createElement('script');
script.textContent = arguments[0];
document.head.appendChild(script);
"""
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(result => done(result.violations.map(v =>
    `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`)))
  .catch(error => done([`axe failed: ${error}`]));
"""
TOO_WIDE = """
const width = document.documentElement.clientWidth;
return [document.documentElement.scrollWidth, width,
  [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5 && e.offsetParent !== null)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)];
"""
INTERACTIVE = """
return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
               && getComputedStyle(e).visibility !== 'hidden');
"""
FOCUS_STYLE = """
const e = document.activeElement, s = getComputedStyle(e);
return [e.tagName.toLowerCase() + ' ' + (e.id || e.textContent.trim().slice(0, 30)),
        s.outlineStyle, parseFloat(s.outlineWidth)];
"""


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Path], serving: Callable[..., Any],
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample content built for each phase into its own folder of one server:
    /voor/, /tijdens/ and /na/."""
    root = make_site(tmp_path_factory.mktemp("a11y"))
    out = root / "sites"
    out.mkdir()
    with serving(out, "/") as served:
        for phase, today in PHASES.items():
            code = main(["build", "--source", str(root), "--out", str(out / phase), "--quiet",
                         "--no-cache", "--today", today, "--base-url", served.url(phase)])
            assert code == 0
        yield served


@pytest.fixture(scope="module")
def axe_source() -> str:
    return npm_file("axe-core/axe.min.js").read_text("utf-8")


def open_page(browser: Browser, site: Served, phase: str, path: str) -> None:
    browser.open(site.url(f"{phase}/{path}"))
    assert browser.driver.execute_script("return document.readyState") == "complete"


def axe(browser: Browser, source: str) -> list[str]:
    browser.driver.set_script_timeout(60)
    browser.driver.execute_script(INJECT, source)
    return list(browser.driver.execute_async_script(RUN_AXE, AXE_TAGS))


@pytest.mark.parametrize(("phase", "path"), PAGE_TYPES, ids=IDS)
def test_axe_finds_no_violations(browser: Browser, site: Served, axe_source: str, phase: str,
                                 path: str) -> None:
    open_page(browser, site, phase, path)
    assert axe(browser, axe_source) == []


@pytest.mark.parametrize("path", ["2021/activiteiten/", ACTIVITY])
def test_axe_finds_no_violations_on_a_phone(browser: Browser, site: Served, axe_source: str,
                                            path: str) -> None:
    with browser.viewport(320):
        open_page(browser, site, "tijdens", path)
        assert axe(browser, axe_source) == []


def test_axe_does_find_a_violation(browser: Browser, site: Served, axe_source: str) -> None:
    """The check can fail: an image without a text alternative and grey on white are reported."""
    open_page(browser, site, "tijdens", "2021/meedoen/")
    browser.driver.execute_script(
        "const img = document.createElement('img'); img.src = 'data:image/gif;base64,"
        "R0lGODlhAQABAAAAACw='; document.querySelector('main').append(img);"
        "document.querySelector('main p').style.color = '#aaaaaa';")
    found = " ".join(axe(browser, axe_source))
    assert "image-alt" in found and "color-contrast" in found


@pytest.mark.parametrize(("phase", "path"), PAGE_TYPES, ids=IDS)
def test_no_horizontal_scroll_at_320_px(browser: Browser, site: Served, phase: str,
                                        path: str) -> None:
    with browser.viewport(320):
        open_page(browser, site, phase, path)
        scroll, width, too_wide = browser.driver.execute_script(TOO_WIDE)
    assert scroll <= width == 320, too_wide


@pytest.mark.parametrize("path", ["", "2021/maandag/", "2021/activiteiten/", ACTIVITY,
                                  "2018/terugblik/"])
def test_nothing_lost_at_200_percent(browser: Browser, site: Served, path: str) -> None:
    """Zoomed to 200% a 1280 px window is 640 CSS px wide; text alone twice as large must fit
    too (WCAG 1.4.4 and 1.4.10)."""
    phase = "na" if "terugblik" in path else "tijdens"
    with browser.viewport(640):
        open_page(browser, site, phase, path)
        scroll, width, too_wide = browser.driver.execute_script(TOO_WIDE)
        assert scroll <= width, too_wide
    open_page(browser, site, phase, path)
    browser.driver.execute_script("document.documentElement.style.fontSize = '200%'")
    scroll, width, too_wide = browser.driver.execute_script(TOO_WIDE)
    assert scroll <= width, too_wide


def test_the_skip_link_comes_first_and_leads_to_the_content(browser: Browser,
                                                            site: Served) -> None:
    open_page(browser, site, "tijdens", "2021/maandag/")
    keys = ActionChains(browser.driver)
    keys.send_keys(Keys.TAB).perform()
    skip = browser.driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link"
    assert skip.is_displayed() and skip.rect["y"] >= 0  # visible once it has the focus
    keys.send_keys(Keys.ENTER).perform()
    assert browser.driver.switch_to.active_element.get_attribute("id") == "inhoud"
    keys.send_keys(Keys.TAB).perform()  # the next stop is the first link of the content
    first = browser.driver.switch_to.active_element
    main = browser.driver.find_element(By.ID, "inhoud")
    assert browser.driver.execute_script("return arguments[0].contains(arguments[1])", main,
                                         first)


@pytest.mark.parametrize(("phase", "path"), [("tijdens", "2021/maandag/"),
                                             ("tijdens", "2021/activiteiten/"),
                                             ("na", "2018/terugblik/")])
def test_everything_is_reachable_by_keyboard_with_visible_focus(browser: Browser, site: Served,
                                                                phase: str, path: str) -> None:
    with browser.viewport(320, 640):
        open_page(browser, site, phase, path)
        wanted = browser.driver.execute_script(INTERACTIVE)
        keys = ActionChains(browser.driver)
        reached = []
        for _ in range(len(wanted) + 5):
            keys.send_keys(Keys.TAB).perform()
            element = browser.driver.switch_to.active_element
            if element.tag_name == "body" or (reached and element == reached[0]):
                break  # past the last stop
            reached.append(element)
            what, style, width = browser.driver.execute_script(FOCUS_STYLE)
            assert style != "none" and width >= 2, f"{what} shows no focus"
    missing = [e.get_attribute("outerHTML")[:80] for e in wanted if e not in reached]
    assert missing == []


def test_reduced_motion_is_respected(browser: Browser, site: Served) -> None:
    scroll = "return getComputedStyle(document.documentElement).scrollBehavior"
    try:
        for preference, expected in (("no-preference", "smooth"), ("reduce", "auto")):
            browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-reduced-motion", "value": preference}]})
            open_page(browser, site, "tijdens", "2021/maandag/")
            assert browser.driver.execute_script(scroll) == expected
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_a_printed_day_shows_the_programme_without_navigation(browser: Browser,
                                                              site: Served) -> None:
    try:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        open_page(browser, site, "tijdens", "2021/maandag/")
        shown = browser.driver.execute_script("return document.body.innerText")
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert "Maandag 15 november 2021" in shown
    assert "Kinderopvang: wat doe je bij een vermoeden?" in shown
    assert "Alle activiteiten" not in shown  # the Week's navigation
    assert "Alle jaren" not in shown  # the footer
    assert "Naar de inhoud" not in shown
