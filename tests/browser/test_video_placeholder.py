"""Videos in the look-back, in headless Chromium: a placeholder asks nothing of YouTube or Vimeo
until the visitor clicks; the click puts the privacy-friendly player in the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

VIDEO_HOSTS = ("youtube", "youtu.be", "vimeo", "ytimg", "googlevideo", "vimeocdn")


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Any], build_site: Callable[..., Any],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample content the day after the Week of 2018, at http://127.0.0.1:PORT/campagne/."""
    root = make_site(tmp_path_factory.mktemp("video"))
    with serving(root / "public", "/campagne/") as served:
        build_site(root, "--today", "2018-11-26", "--base-url", served.url())
        yield served


def to_video_sites(urls: list[str]) -> list[str]:
    return [u for u in urls if any(h in (urlsplit(u).hostname or "") for h in VIDEO_HOSTS)]


def placeholder(browser: Browser, src: str) -> Any:
    selector = f'.video-placeholder[data-video-src="{src}"]'
    return browser.driver.find_element(By.CSS_SELECTOR, selector)


def test_no_request_to_a_video_site_before_a_click(browser: Browser, site: Served) -> None:
    requests = browser.open(site.url("2018/terugblik/"))
    assert site.url("2018/terugblik/") in requests
    assert any("/static/video." in u for u in requests), "the page loads its small script"
    assert site.foreign(requests) == []
    buttons = browser.driver.find_elements(By.CSS_SELECTOR, ".video-placeholder button")
    assert len(buttons) == 8, "the script gave every placeholder its button"  # tips: a series
    assert browser.driver.find_elements(By.TAG_NAME, "iframe") == []
    assert site.foreign(browser.requests()) == []


@pytest.mark.parametrize(("src", "player"), [
    ("https://www.youtube-nocookie.com/embed/voorbeeld01",
     "https://www.youtube-nocookie.com/embed/voorbeeld01?autoplay=1"),
    # (the sample's Vimeo videos, Team Kim's tips, are a series of links: see test_media.py
    # for Vimeo's player address)
    ("https://www.youtube-nocookie.com/embed/voorbeeld02",
     "https://www.youtube-nocookie.com/embed/voorbeeld02?autoplay=1"),
])
def test_a_click_loads_the_privacy_friendly_player(browser: Browser, site: Served, src: str,
                                                    player: str) -> None:
    browser.open(site.url("2018/terugblik/"))
    box = placeholder(browser, src)
    button = box.find_element(By.TAG_NAME, "button")
    assert "Video hier afspelen" in button.text
    assert site.foreign(browser.requests()) == [], "nothing yet, not even after a while"
    browser.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    button.click()
    frames = browser.wait_for("the player", lambda d: box.find_elements(By.TAG_NAME, "iframe"))
    assert [f.get_attribute("src") for f in frames] == [player]
    assert frames[0].get_attribute("title") == box.get_attribute("data-video-title")
    assert box.find_elements(By.TAG_NAME, "button") == []
    others = browser.driver.find_elements(By.TAG_NAME, "iframe")
    assert len(others) == 1, "one click, one player: the other videos still wait"
    leaving = to_video_sites(browser.requests())
    assert all(urlsplit(u).hostname == urlsplit(player).hostname for u in leaving), leaving


def test_without_a_click_the_link_to_the_video_is_there(browser: Browser, site: Served) -> None:
    browser.open(site.url("2018/terugblik/"))
    box = placeholder(browser, "https://www.youtube-nocookie.com/embed/voorbeeld01")
    link = box.find_element(By.CSS_SELECTOR, "a.video-link")
    assert link.text == "Bekijk op YouTube"
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=voorbeeld01"
