"""The activity overview's filters in headless Chromium: by day, region, organiser, kind and free
text; the choice in the address, so a filtered view can be shared; the number of matches in a live
region; all of it by keyboard; and quick on a year of 2,000 activities."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser, Served

pytestmark = pytest.mark.browser

OVERVIEW = "2030/activiteiten/"
# A fictional year: the lead-up, two days, three regions, two organisers, four kinds.
ACTIVITIES = """\
- title: Open dag in Aastad
  date: 2030-11-18
  start_time: "10:00"
  region: Aastad
  organiser: Stichting Proef
  kind: meeting
- title: Lezing over de Café-cultuur
  date: 2030-11-18
  region: Beedorp
  organiser: Stichting Proef
  kind: conference
- title: Training signalen herkennen
  date: 2030-11-19
  region: Aastad
  organiser: Vereniging Voorbeeld
  kind: training
- title: Wandeling door Ceestad
  date: 2030-11-19
  region: Ceestad
  organiser: Vereniging Voorbeeld
  kind: street
- title: Vooraf een gesprek
  date: 2030-11-10
  region: Beedorp
  kind: meeting
"""
# In the overview's order: by day, and on a day those without a time first.
ALL = ["Vooraf een gesprek", "Lezing over de Café-cultuur", "Open dag in Aastad",
       "Training signalen herkennen", "Wandeling door Ceestad"]
BIG = 2000
KINDS = ("meeting", "conference", "training", "publication", "video", "campaign", "online",
         "street", "other")

VISIBLE_TITLES = """
return [...document.querySelectorAll('main li[data-day]')]
  .filter(li => li.offsetParent !== null)
  .map(li => li.querySelector('.activity-title').textContent.trim());
"""
VISIBLE_SECTIONS = """
return [...document.querySelectorAll('main section[data-part]')]
  .filter(s => s.offsetParent !== null).map(s => s.dataset.part);
"""
# One filter change as a visitor makes it: set the control, fire its event (the script filters
# in the handler, synchronously), then force the layout that the change causes. Milliseconds.
TIME_CHANGE = """
const [selector, value] = arguments;
const control = document.querySelector(selector);
const start = performance.now();
control.value = value;
control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input'));
document.body.getBoundingClientRect();
return [performance.now() - start, document.querySelector('.filter-count').textContent];
"""


def big_year() -> str:
    """2,000 fictional activities over the lead-up, the seven days and the follow-up."""
    items = []
    for i in range(BIG):
        items.append(f"- title: Proefactiviteit {i} in Plaats {i % 40}\n"
                     f"  date: 2030-11-{17 + i % 9}\n"  # the Week is 18 to 24 November
                     f'  start_time: "{9 + i % 10}:{i * 7 % 60:02d}"\n'
                     f"  region: Plaats {i % 40}\n"
                     f"  organiser: Organisatie {i % 200}\n"
                     f"  kind: {KINDS[i % len(KINDS)]}\n"
                     f"  location: Zaal {i % 13}, Proefstraat {i}\n")
    return "".join(items)


def served_site(make_site: Callable[..., Path], build_site: Callable[..., Path],
                serving: Callable[..., Any], root: Path, activities: str) -> Iterator[Served]:
    make_site(root, {"content/site.yaml": "title: Proefweek\n",
                     "content/2030/activities.yaml": activities})
    with serving(root / "public", "/campagne/") as served:
        build_site(root, "--today", "2030-11-19", "--base-url", served.url())
        yield served


@pytest.fixture(scope="module")
def site(make_site: Callable[..., Path], build_site: Callable[..., Path],
         serving: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_site(make_site, build_site, serving, tmp_path_factory.mktemp("filters"),
                           ACTIVITIES)


@pytest.fixture(scope="module")
def big_site(make_site: Callable[..., Path], build_site: Callable[..., Path],
             serving: Callable[..., Any],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_site(make_site, build_site, serving, tmp_path_factory.mktemp("big"),
                           big_year())


def visible(browser: Browser) -> list[str]:
    return list(browser.driver.execute_script(VISIBLE_TITLES))


def count(browser: Browser) -> str:
    return str(browser.driver.find_element(By.CSS_SELECTOR, ".filter-count").text)


def query(browser: Browser) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.driver.current_url).query)


def control(browser: Browser, name: str) -> WebElement:
    return browser.driver.find_element(By.ID, f"filter-{name}")


def open_overview(browser: Browser, site: Served, search: str = "") -> None:
    browser.open(site.url(OVERVIEW) + search)
    browser.wait_for("the filters", lambda d: control(browser, "zoek").is_displayed())


def test_without_javascript_the_whole_list_shows(browser: Browser, site: Served) -> None:
    browser.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.open(site.url(OVERVIEW) + "?regio=aastad")
        assert visible(browser) == ALL
        assert not browser.driver.find_element(By.ID, "filters").is_displayed()
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_filters_show_with_the_number_of_activities(browser: Browser, site: Served) -> None:
    open_overview(browser, site)
    assert visible(browser) == ALL
    assert count(browser) == "5 van 5 activiteiten"
    status = browser.driver.find_element(By.CSS_SELECTOR, ".filter-count")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert query(browser) == {}


@pytest.mark.parametrize(("name", "value", "titles", "sections"), [
    ("dag", "dinsdag", ["Training signalen herkennen", "Wandeling door Ceestad"], ["dinsdag"]),
    ("dag", "aanloop", ["Vooraf een gesprek"], ["aanloop"]),
    ("regio", "aastad", ["Open dag in Aastad", "Training signalen herkennen"],
     ["maandag", "dinsdag"]),
    ("organisator", "stichting-proef", ["Lezing over de Café-cultuur", "Open dag in Aastad"],
     ["maandag"]),
    ("soort", "meeting", ["Vooraf een gesprek", "Open dag in Aastad"], ["aanloop", "maandag"]),
])
def test_a_filter_narrows_the_list_and_the_address(browser: Browser, site: Served, name: str,
                                                   value: str, titles: list[str],
                                                   sections: list[str]) -> None:
    open_overview(browser, site)
    Select(control(browser, name)).select_by_value(value)
    assert visible(browser) == titles
    assert browser.driver.execute_script(VISIBLE_SECTIONS) == sections
    assert count(browser) == f"{len(titles)} van 5 activiteiten"
    assert query(browser) == {name: [value]}


def test_free_text_ignores_case_and_accents(browser: Browser, site: Served) -> None:
    open_overview(browser, site)
    control(browser, "zoek").send_keys("CAFE cultuur")
    assert visible(browser) == ["Lezing over de Café-cultuur"]
    assert query(browser) == {"zoek": ["CAFE cultuur"]}
    control(browser, "zoek").send_keys(" aastad")  # every word must match
    assert visible(browser) == []
    assert count(browser) == "Geen activiteiten gevonden. Kies andere filters."
    assert browser.driver.execute_script(VISIBLE_SECTIONS) == []


def test_filters_combine(browser: Browser, site: Served) -> None:
    open_overview(browser, site)
    Select(control(browser, "regio")).select_by_value("aastad")
    Select(control(browser, "dag")).select_by_value("maandag")
    assert visible(browser) == ["Open dag in Aastad"]
    assert query(browser) == {"regio": ["aastad"], "dag": ["maandag"]}


def test_a_shared_address_opens_the_same_view(browser: Browser, site: Served) -> None:
    open_overview(browser, site, "?regio=aastad&soort=training")
    assert visible(browser) == ["Training signalen herkennen"]
    assert Select(control(browser, "regio")).first_selected_option.text == "Aastad"
    assert count(browser) == "1 van 5 activiteiten"


def test_an_unknown_value_in_the_address_is_ignored(browser: Browser, site: Served) -> None:
    open_overview(browser, site, "?dag=vandaag&soort=")
    assert visible(browser) == ALL
    assert query(browser) == {}  # the address is tidied up


def test_show_all_clears_the_filters(browser: Browser, site: Served) -> None:
    open_overview(browser, site, "?regio=ceestad")
    assert visible(browser) == ["Wandeling door Ceestad"]
    browser.driver.find_element(By.CSS_SELECTOR, ".filter-reset").click()
    assert visible(browser) == ALL
    assert query(browser) == {}
    assert control(browser, "regio").get_attribute("value") == ""


def focus_by_tab(browser: Browser, element_id: str, limit: int = 80) -> None:
    """Press Tab from the top of the page until `element_id` has the focus."""
    browser.driver.execute_script("document.activeElement && document.activeElement.blur();"
                                  "window.scrollTo(0, 0);")
    actions = ActionChains(browser.driver)
    for _ in range(limit):
        actions.send_keys(Keys.TAB).perform()
        if browser.driver.execute_script("return document.activeElement.id") == element_id:
            return
    raise AssertionError(f"{element_id} is not reachable with Tab")


def test_the_filters_work_by_keyboard(browser: Browser, site: Served) -> None:
    open_overview(browser, site)
    keys = ActionChains(browser.driver)
    focus_by_tab(browser, "filter-zoek")
    keys.send_keys("wandeling").perform()
    assert visible(browser) == ["Wandeling door Ceestad"]
    keys.send_keys(Keys.BACKSPACE * len("wandeling")).perform()
    assert visible(browser) == ALL
    keys.send_keys(Keys.TAB).perform()  # to the day
    assert browser.driver.execute_script("return document.activeElement.id") == "filter-dag"
    keys.send_keys(Keys.ARROW_DOWN).perform()  # the first choice after 'all days': the lead-up
    assert visible(browser) == ["Vooraf een gesprek"]
    assert query(browser) == {"dag": ["aanloop"]}
    reset = browser.driver.find_element(By.CSS_SELECTOR, ".filter-reset")
    for _ in range(10):  # on to 'Alles tonen'
        keys.send_keys(Keys.TAB).perform()
        if browser.driver.switch_to.active_element == reset:
            break
    assert browser.driver.switch_to.active_element == reset
    keys.send_keys(Keys.ENTER).perform()
    assert visible(browser) == ALL
    assert browser.driver.execute_script("return document.activeElement.id") == "filter-zoek"


def test_two_thousand_activities_are_counted_right_as_filters_change(browser: Browser,
                                                                    big_site: Served) -> None:
    """Each change of a filter on 2,000 activities counts what a visitor would count (the time
    a change takes is no test's business: tests share the machine)."""
    browser.open(big_site.url(OVERVIEW))
    browser.wait_for("the filters", lambda d: control(browser, "zoek").is_displayed())
    assert count(browser) == f"{BIG} van {BIG} activiteiten"
    kind = {i: KINDS[i % len(KINDS)] for i in range(BIG)}
    tests: dict[str, Callable[[int, str], bool]] = {
        "#filter-dag": lambda i, v: 17 + i % 9 == 20,  # woensdag 20 November
        "#filter-regio": lambda i, v: f"plaats-{i % 40}" == v,
        "#filter-soort": lambda i, v: kind[i] == v,
        # every word somewhere in the entry: a number of three digits only in its title and
        # address (the activity's own number) or its organiser's name
        "#filter-zoek": lambda i, v: all(w in f"proefstraat {i} organisatie {i % 200}"
                                         for w in v.split()),
        "#filter-organisator": lambda i, v: f"organisatie-{i % 200}" == v,
    }
    chosen: dict[str, str] = {}
    for selector, value in [("#filter-dag", "woensdag"), ("#filter-regio", "plaats-7"),
                            ("#filter-dag", ""), ("#filter-soort", "training"),
                            ("#filter-regio", ""), ("#filter-zoek", "proefstraat 123"),
                            ("#filter-soort", ""), ("#filter-organisator", "organisatie-123"),
                            ("#filter-zoek", ""), ("#filter-organisator", "")]:
        chosen[selector] = value
        _, shown = browser.driver.execute_script(TIME_CHANGE, selector, value)
        expected = sum(all(tests[k](i, v) for k, v in chosen.items() if v) for i in range(BIG))
        assert expected, "each step leaves some activities"
        assert shown == f"{expected} van {BIG} activiteiten", (selector, value)
