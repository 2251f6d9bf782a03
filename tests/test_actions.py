"""Calls to action: the primary and secondary buttons of the front and year pages, and an
activity's sign-up link as a button on its page and in its card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_helpers import page, text

FILES = {
    "content/2031/week.yaml": "theme: proef\n",
    "content/2031/meedoen.md": "---\ntitle: Doe mee\n---\nZo doe je mee.\n",
    "content/2031/activities.yaml": (
        "- title: Proefavond\n  date: 2031-11-18\n  url: https://proef.example/aanmelden\n"
        "- title: Zonder link\n  date: 2031-11-18\n"),
}


def _out(make_project: Any, build: Any, today: str) -> Path:
    project = make_project(FILES)
    code, err = build(project, "--today", today)
    assert code == 0, err
    return project / "public"


def _buttons(tree: Any) -> list[tuple[str, str]]:
    return [(a.get("class"), text(a)) for a in tree.xpath("//main//p[@class='actions']/a")]


def test_doe_mee_is_the_primary_button_before_and_during_the_week(make_project: Any,
                                                                  build: Any) -> None:
    for today in ("2031-11-01", "2031-11-19"):
        out = _out(make_project, build, today)
        for address in ("/", "/2031/"):
            tree = page(out, address)
            assert _buttons(tree) == [("button button-primary", "Doe mee"),
                                      ("button button-secondary", "Alle activiteiten")]
            assert tree.xpath("//main//a[@class='button button-primary']/@href") == \
                ["/2031/meedoen/"]


def test_after_the_week_the_look_back_is_the_primary_button(make_project: Any,
                                                            build: Any) -> None:
    tree = page(_out(make_project, build, "2031-12-01"), "/2031/")
    assert _buttons(tree) == [("button button-primary", "Terugblik 2031"),
                              ("button button-secondary", "Alle activiteiten")]


def test_an_activitys_url_is_a_button_on_its_page_and_card(make_project: Any,
                                                           build: Any) -> None:
    out = _out(make_project, build, "2031-11-01")
    own = page(out, "/2031/activiteiten/proefavond/")
    assert [(a.get("href"), text(a)) for a in own.xpath("//main//a[contains(@class, 'button')]")] \
        == [("https://proef.example/aanmelden", "Aanmelden of meer informatie")]
    day = page(out, "/2031/dinsdag/")
    cards = {text(c.xpath(".//*[@class='activity-title']")[0]): c
             for c in day.xpath("//main//article[contains(@class, 'activity')]")}
    button = cards["Proefavond"].xpath(".//a[contains(@class, 'button')]")
    assert [text(b) for b in button] == ["Aanmelden of meer informatie: Proefavond"]
    assert not cards["Zonder link"].xpath(".//a[contains(@class, 'button')]")
