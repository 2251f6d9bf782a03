"""In headless Chromium: share links, calendar links and the site search ask nothing of another
site, and the search finds pages of every year from the site's own index, a bundle per year
merged in the browser (the sample site built with its search, served under /campagne/)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from site_helpers import npm_file

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

ACTIVITY = "2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/"


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Any], build_site: Callable[..., Any],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = make_site(tmp_path_factory.mktemp("requests"))
    with serving(root / "public", "/campagne/") as served:
        build_site(root, "--today", "2021-11-16", "--base-url", served.url())
        assert (root / "public/pagefind/bundles.json").is_file()
        yield served


def results(browser: Browser) -> list[str]:
    links = browser.wait_for("search results", lambda d: d.find_elements(
        By.CSS_SELECTOR, ".search-results a"))
    return [str(a.get_attribute("href")) for a in links]


@pytest.mark.parametrize("path", [ACTIVITY, "2021/"])
def test_share_and_calendar_links_load_nothing(browser: Browser, site: Served, path: str) -> None:
    requests = browser.open(site.url(path))
    assert site.url(path) in requests
    shares = browser.driver.find_elements(By.CSS_SELECTOR, "aside.share a")
    assert [a.text for a in shares] == ["E-mail", "WhatsApp", "LinkedIn", "Mastodon", "X"]
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".calendar-link a")
    browser.wait_for("the page to load", lambda d: d.execute_script(
        "return document.readyState") == "complete")
    assert site.foreign(requests + browser.requests()) == []


def test_search_finds_pages_from_the_sites_own_index(browser: Browser, site: Served) -> None:
    requests = browser.open(site.url("zoeken/?q=kinderopvang"))
    found = results(browser)
    requests += browser.requests()
    assert site.url(ACTIVITY) in found
    assert all(url.startswith(site.url()) for url in found)
    paths = {urlsplit(url).path for url in requests}
    # the list of bundles, then the first (the years' are merged in by Pagefind's worker,
    # whose requests the log does not show: the test below finds pages of two of them)
    assert {"/campagne/pagefind/bundles.json", "/campagne/pagefind/site/pagefind.js"} <= paths
    assert site.foreign(requests) == []
    status = browser.driver.find_element(By.CSS_SELECTOR, ".search-status").text
    assert status.endswith("resultaten voor ‘kinderopvang’.")
    assert not browser.driver.find_element(By.CSS_SELECTOR, ".search-nojs").is_displayed()


def test_the_index_loads_only_when_someone_searches(browser: Browser, site: Served) -> None:
    requests = browser.open(site.url("zoeken/"))
    browser.wait_for("the page to load", lambda d: d.execute_script(
        "return document.readyState") == "complete")
    requests += browser.requests()
    assert browser.driver.find_element(By.ID, "zoekterm").is_displayed()
    assert [u for u in requests if "/pagefind/" in urlsplit(u).path] == []


def test_search_by_keyboard_across_years(browser: Browser, site: Served) -> None:
    browser.open(site.url("zoeken/"))
    field = browser.driver.find_element(By.ID, "zoekterm")
    field.send_keys("verschil", Keys.ENTER)
    found = results(browser)
    years = {urlsplit(url).path.split("/")[2] for url in found}
    assert {"2018", "2021"} <= years  # one list from the bundles of two editions
    browser.wait_for("the query in the address",
                     lambda d: urlsplit(d.current_url).query == "q=verschil")
    assert site.foreign(browser.requests()) == []


def test_the_search_page_with_results_passes_axe(browser: Browser, site: Served) -> None:
    from test_accessibility import axe  # the accessibility tests' own way to run axe-core

    browser.open(site.url("zoeken/?q=kinderopvang"))
    results(browser)
    assert axe(browser, npm_file("axe-core/axe.min.js").read_text("utf-8")) == []
