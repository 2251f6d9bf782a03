"""The live preview in headless Chromium: edits show by themselves, errors too, and go away."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the harness, from this folder's conftest.py, reached through its fixtures
    from conftest import Browser

pytestmark = pytest.mark.browser

# the new document's DOMContentLoaded, in ms since the epoch, like time.time() * 1000
LOADED_AT = ("const n = performance.getEntriesByType('navigation')[0];"
             "return performance.timeOrigin + n.domContentLoadedEventEnd;")
CONNECTED = ("return !!(window.LiveReload && window.LiveReload.connector"
             " && window.LiveReload.connector.protocol >= 7);")


def replace_first_paragraph(page: Path, text: str) -> None:
    """Change the first paragraph of a Markdown page's body, as an editor would."""
    _, front, body = page.read_text(encoding="utf-8").split("---\n", 2)
    paragraphs = body.strip("\n").split("\n\n")
    page.write_text(f"---\n{front}---\n" + "\n\n".join([text, *paragraphs[1:]]) + "\n",
                    encoding="utf-8")


def break_first_date(activities: Path) -> tuple[int, int]:
    """Make the first `date:` an impossible day; where it is, as line and column (1-based)."""
    lines = activities.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if re.match(r"\s*-?\s*date: \d", line))
    column = lines[number].index("date: ") + len("date: ")
    lines[number] = lines[number][:column] + "2021-13-01"
    activities.write_text("\n".join(lines), encoding="utf-8")
    return number + 1, column + 1


def shown_after(browser: Browser, what: str, saved: float,
                check: Callable[[], Any]) -> float:
    """Wait (no manual reload) until `check()` holds; seconds from saving to the page loaded."""
    browser.wait_for(what, lambda d: check())
    seconds = browser.driver.execute_script(LOADED_AT) / 1000 - saved
    browser.wait_for("livereload to reconnect", lambda d: d.execute_script(CONNECTED))
    return float(seconds)


def test_the_preview_shows_edits_and_errors_by_itself(
        browser: Browser, make_site: Callable[..., Path], previewing: Callable[..., Any],
        tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    with previewing(root, "--today", "2021-11-16") as preview:
        browser.open(preview.url("2021/"))
        browser.wait_for("livereload to connect", lambda d: d.execute_script(CONNECTED))
        heading = browser.h1()
        seconds = {}

        # an edited paragraph shows without a manual reload
        saved = time.time()
        replace_first_paragraph(root / "content/2021/index.md", "Een nieuwe eerste alinea.")
        seconds["edit"] = shown_after(browser, "the edited paragraph", saved,
                                      lambda: "Een nieuwe eerste alinea." in browser.text())

        # a broken activities.yaml: every page shows the error with its file, line and column
        activities = root / "content/2021/activities.yaml"
        good = activities.read_text(encoding="utf-8")
        saved = time.time()
        line, col = break_first_date(activities)
        where = f"content/2021/activities.yaml:{line}:{col}"
        seconds["error"] = shown_after(browser, where, saved, lambda: where in browser.text())
        assert browser.driver.title.startswith("weekgen:")
        assert "date: 2021-13-01" in browser.text()
        browser.open(preview.url("2021/maandag/"))
        assert where in browser.text()

        # fixed: the page is back, with the edit
        browser.open(preview.url("2021/"))
        browser.wait_for("livereload to connect", lambda d: d.execute_script(CONNECTED))
        saved = time.time()
        activities.write_text(good, encoding="utf-8")
        seconds["fix"] = shown_after(browser, "the page again", saved,
                                     lambda: browser.h1() == heading)
        assert "Een nieuwe eerste alinea." in browser.text()

    # How soon is measured, not tested (the tests share the machine): see docs/performance.md.
    print("reload after saving:", ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))
    assert "Traceback" not in preview.output()
