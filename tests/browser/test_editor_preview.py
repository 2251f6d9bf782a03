"""What an editor sees in the preview, in headless Chromium: the warnings panel (and its going once
fixed), a broken relative link with its place, a renamed activity followed; and a picture next to
a page working in the built site. One preview server for the module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, PreviewServer

pytestmark = pytest.mark.browser

PANEL = "section#weekgen-warnings"
CONNECTED = ("return !!(window.LiveReload && window.LiveReload.connector"
             " && window.LiveReload.connector.protocol >= 7);")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")  # one transparent pixel
INTRO = "---\ntitle: Welkom\n---\nHallo.\n"
# before the Week is over, a link to its look-back is a warning
LATER = "---\ntitle: Welkom\n---\nHallo. Straks de [terugblik](/2030/terugblik/).\n"
ACTIVITIES = "- title: Open dag\n  date: 2030-11-19\n"
SITE = {
    "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
    "content/2030/week.yaml": "theme: proef\n",
    "content/2030/index.md": INTRO,
    "content/2030/meedoen.md": "---\ntitle: Meedoen\n---\nZo doe je mee.\n",
    "content/2030/beeld.md": "---\ntitle: Beeld\n---\n![Het plein](plein.png)\n\n"
                             "Lees [hoe je meedoet](meedoen.md).\n",
    "content/2030/activities.yaml": ACTIVITIES,
}


def make(root: Path, make_site: Callable[..., Path]) -> Path:
    make_site(root, SITE)
    (root / "content/2030/plein.png").write_bytes(PNG)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_site: Callable[..., Path]) -> Path:
    return make(tmp_path_factory.mktemp("editor") / "site", make_site)


@pytest.fixture(scope="module")
def preview(site: Path, previewing: Callable[..., Any]) -> Iterator[PreviewServer]:
    with previewing(site, "--today", "2030-11-12") as server:
        yield server
    assert "Traceback" not in server.output()


def opened(browser: Browser, url: str) -> None:
    browser.open(url)
    browser.wait_for("livereload to connect", lambda d: d.execute_script(CONNECTED))


def test_a_warning_shows_in_a_panel_and_goes_once_fixed(
        browser: Browser, site: Path, preview: PreviewServer) -> None:
    opened(browser, preview.url("2030/"))
    assert browser.driver.find_elements(By.CSS_SELECTOR, PANEL) == []

    (site / "content/2030/index.md").write_text(LATER, encoding="utf-8")
    browser.wait_for("the warnings panel",
                     lambda d: d.find_elements(By.CSS_SELECTOR, PANEL), timeout=10)
    panel = browser.driver.find_element(By.CSS_SELECTOR, PANEL)
    heading = panel.find_element(By.TAG_NAME, "h2")
    assert heading.text == "1 waarschuwing"  # the site's language
    assert panel.get_attribute("role") == "region"
    assert panel.get_attribute("aria-labelledby") == heading.get_attribute("id")
    assert "content/2030/index.md:4:30" in panel.text
    assert "/2030/terugblik/" in panel.text

    # reached with the keyboard and closed with Enter; it stays closed on the next page
    button = panel.find_element(By.TAG_NAME, "button")
    assert button.text == "Sluiten"
    for _ in range(40):
        browser.driver.switch_to.active_element.send_keys(Keys.TAB)
        if browser.driver.switch_to.active_element == button:
            break
    assert browser.driver.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    assert not panel.is_displayed()
    opened(browser, preview.url("2030/meedoen/"))
    assert not browser.driver.find_element(By.CSS_SELECTOR, PANEL).is_displayed()

    # fixed: after the live reload, no panel at all
    (site / "content/2030/index.md").write_text(INTRO, encoding="utf-8")
    browser.wait_for("the panel to go",
                     lambda d: not d.find_elements(By.CSS_SELECTOR, PANEL), timeout=10)
    assert browser.h1() == "Meedoen"


def test_a_broken_relative_link_shows_with_its_place(
        browser: Browser, site: Path, preview: PreviewServer) -> None:
    opened(browser, preview.url("2030/beeld/"))
    page = site / "content/2030/beeld.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("(meedoen.md)", "(medoen.md)"), encoding="utf-8")
    where = "content/2030/beeld.md:6:23"
    browser.wait_for(where, lambda d: where in browser.text(), timeout=10)
    assert browser.driver.title == "weekgen: 1 fout"
    assert "link naar medoen.md (/2030/medoen.md) leidt nergens heen" in browser.text()
    assert "bedoel je meedoen.md?" in browser.text()
    # the caret hangs under the link's first character
    caret = browser.driver.find_element(By.CSS_SELECTOR, "pre .at")
    assert caret.text.startswith("m")
    page.write_text(good, encoding="utf-8")
    browser.wait_for("the page again", lambda d: browser.h1() == "Beeld", timeout=10)


def test_a_renamed_activity_is_followed(
        browser: Browser, site: Path, preview: PreviewServer) -> None:
    opened(browser, preview.url("2030/activiteiten/open-dag/"))
    assert browser.h1() == "Open dag"
    activities = site / "content/2030/activities.yaml"
    activities.write_text(ACTIVITIES.replace("Open dag", "Open middag"), encoding="utf-8")
    browser.wait_for("the renamed activity", lambda d: browser.h1() == "Open middag",
                     timeout=10)
    assert browser.driver.current_url == preview.url("2030/activiteiten/open-middag/")
    activities.write_text(ACTIVITIES, encoding="utf-8")
    browser.wait_for("the name of before", lambda d: browser.h1() == "Open dag", timeout=10)
    assert browser.driver.current_url == preview.url("2030/activiteiten/open-dag/")


def test_a_picture_next_to_a_page_shows_in_the_built_site(
        browser: Browser, make_site: Callable[..., Path], build_site: Callable[..., Path],
        serving: Callable[..., Any], tmp_path: Path) -> None:
    out = build_site(make(tmp_path / "site", make_site), "--today", "2030-11-12")
    with serving(out) as served:
        requests = browser.open(served.url("2030/beeld/"))
        image = browser.driver.find_element(By.CSS_SELECTOR, "main img[alt='Het plein']")
        browser.wait_for("the picture to load", lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", image))
        assert image.get_attribute("src") == served.url("2030/plein.png")
        assert served.url("2030/plein.png") in requests
        link = browser.driver.find_element(By.LINK_TEXT, "hoe je meedoet")
        link.click()
        browser.wait_for("the page it links to", lambda d: browser.h1() == "Meedoen")
