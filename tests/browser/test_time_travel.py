"""Time travel in headless Chromium: the preview's bar takes an editor to a day of the Week and to
the look-back, by keyboard, and it is readable."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser

pytestmark = pytest.mark.browser

BAR = "nav#weekgen-timetravel"
MARKED_TODAY = ("return Array.from(document.querySelectorAll('nav:not(#weekgen-timetravel) a'))"
                ".filter(a => a.textContent.includes('(vandaag)'))"
                ".map(a => new URL(a.href).pathname);")


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    channel = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2]


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def press(browser: Browser, label: str) -> None:
    """Reach a link of the bar with the keyboard and follow it with Enter."""
    link = browser.driver.find_element(By.CSS_SELECTOR, BAR).find_element(By.LINK_TEXT, label)
    browser.driver.execute_script("arguments[0].focus()", link)
    assert browser.driver.switch_to.active_element == link
    link.send_keys(Keys.ENTER)


def test_the_bar_goes_to_a_day_of_the_week_and_to_the_look_back(
        browser: Browser, make_site: Callable[..., Path], previewing: Callable[..., Any],
        tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    with previewing(root, "--today", "2021-11-01") as preview:
        browser.open(preview.url("2021/"))
        bar = browser.driver.find_element(By.CSS_SELECTOR, BAR)
        assert bar.get_attribute("aria-label") == "Datum van het voorbeeld"  # a Dutch site
        assert "Voorbeeld zoals op maandag 1 november 2021" in bar.text
        assert browser.driver.execute_script(MARKED_TODAY) == []

        # the bar is readable whatever the site's style sheet says
        link = bar.find_element(By.LINK_TEXT, "di 16")
        assert contrast(link.value_of_css_property("color"),
                        bar.value_of_css_property("background-color")) >= 4.5

        # Tuesday of the Week: the site marks it as today
        press(browser, "di 16")
        browser.wait_for("Tuesday marked as today", lambda d: d.execute_script(MARKED_TODAY)
                         == ["/2021/dinsdag/"])
        bar = browser.driver.find_element(By.CSS_SELECTOR, BAR)
        assert "Voorbeeld zoals op dinsdag 16 november 2021 (tijdreis)" in bar.text
        current = bar.find_element(By.CSS_SELECTOR, "a[aria-current='date']")
        assert current.text == "di 16"

        # moving on through the site keeps the day
        browser.open(preview.url("2021/maandag/"))
        assert browser.driver.execute_script(MARKED_TODAY) == ["/2021/dinsdag/"]

        # the look-back: the day after the Week
        press(browser, "Terugblik")
        browser.wait_for("the look-back in the navigation", lambda d: d.find_elements(
            By.CSS_SELECTOR, "nav:not(#weekgen-timetravel) a[href$='/2021/terugblik/']"))
        assert browser.driver.execute_script(MARKED_TODAY) == []
        browser.open(preview.url("2021/terugblik/"))
        assert "terugblik" in browser.h1().lower()

        # any day, typed into the bar's date field as a Dutch date
        browser.open(preview.url("2021/"))
        field = browser.driver.find_element(By.CSS_SELECTOR, f"{BAR} input[name='today']")
        assert field.get_attribute("value") == "22-11-2021"  # the look-back's day, in Dutch
        field.clear()
        field.send_keys("19-11-2021", Keys.ENTER)
        browser.wait_for("Friday marked as today", lambda d: d.execute_script(MARKED_TODAY)
                         == ["/2021/vrijdag/"])
    assert "Traceback" not in preview.output()
