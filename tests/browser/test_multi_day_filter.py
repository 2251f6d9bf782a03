"""The day filter and an activity of several days, in headless Chromium: the overview lists it
under each of its days, `?dag=` finds it on each, and the count says each activity once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from selenium.webdriver.common.by import By

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

ACTIVITIES = """\
- title: Expositie in de bibliotheek
  date: 2030-11-18
  end_date: 2030-11-20
- title: Training op dinsdag
  date: 2030-11-19
  start_time: "10:00"
"""
VISIBLE = """
return [...document.querySelectorAll('main section[data-part]')]
  .filter(s => s.offsetParent !== null)
  .map(s => [s.dataset.part, [...s.querySelectorAll('li[data-day]')]
    .filter(li => li.offsetParent !== null)
    .map(li => li.querySelector('.activity-title').textContent.trim())]);
"""


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Path], build_site: Callable[..., Path],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("multiday")
    make_site(root, {"content/site.yaml": "title: Proefweek\n",
                     "content/2030/activities.yaml": ACTIVITIES})
    with serving(root / "public", "/") as served:
        build_site(root, "--today", "2030-11-19", "--base-url", served.url())
        yield served


def shown(browser: Browser, site: Served, search: str) -> tuple[list[Any], str]:
    browser.open(site.url("2030/activiteiten/") + search)
    browser.wait_for("the filters", lambda d: d.find_element(By.ID, "filters").is_displayed())
    return (browser.driver.execute_script(VISIBLE),
            browser.driver.find_element(By.CSS_SELECTOR, ".filter-count").text)


@pytest.mark.parametrize(("search", "parts", "count"), [
    ("", [["maandag", ["Expositie in de bibliotheek"]],
          ["dinsdag", ["Training op dinsdag", "Expositie in de bibliotheek"]],
          ["woensdag", ["Expositie in de bibliotheek"]],
          ["donderdag", []], ["vrijdag", []], ["zaterdag", []], ["zondag", []]],
     "2 van 2 activiteiten"),
    ("?dag=woensdag", [["woensdag", ["Expositie in de bibliotheek"]]], "1 van 2 activiteiten"),
    # on a day, those that start then come first, those still running after them
    ("?dag=dinsdag", [["dinsdag", ["Training op dinsdag", "Expositie in de bibliotheek"]]],
     "2 van 2 activiteiten"),
    ("?zoek=expositie", [["maandag", ["Expositie in de bibliotheek"]],
                         ["dinsdag", ["Expositie in de bibliotheek"]],
                         ["woensdag", ["Expositie in de bibliotheek"]]],
     "1 van 2 activiteiten"),
])
def test_the_day_filter_finds_it_on_each_of_its_days(browser: Browser, site: Served,
                                                     search: str, parts: list[Any],
                                                     count: str) -> None:
    assert shown(browser, site, search) == (parts, count)
