"""The help block (site.yaml `help:`) and the footer's initiative: read, validated and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_helpers import page, text

HELP = """title: Testweek
base_url: https://example.org/
help:
  heading: Hulp bij de Testweek
  text: Een zin over hulp.
  contacts:
    - name: Testlijn
      text: Voor iedereen met een vraag over de Testweek.
      phone: 0800-1234 56
      hours: dag en nacht
    - name: Testchat
      url: https://www.testchat.example/
initiative:
  name: Stichting Testwerk
  url: https://testwerk.example/
"""

YEAR = {"content/2031/week.yaml": "theme: proef\n",
        "content/2031/activities.yaml": "- title: Proefactiviteit\n  date: 2031-11-18\n"}


def _built(make_project: Any, build: Any, site: str = HELP) -> Path:
    project = make_project({"content/site.yaml": site, **YEAR})
    code, err = build(project, "--today", "2031-11-19")
    assert code == 0, err
    return project / "public"


def test_the_help_block_is_beside_the_content_of_front_year_and_day(make_project: Any,
                                                                     build: Any) -> None:
    out = _built(make_project, build)
    for address in ("/", "/2031/", "/2031/dinsdag/"):
        tree = page(out, address)
        helps = tree.xpath("//section[contains(@class, 'help')]")
        assert len(helps) == 1, address
        assert helps[0].xpath("ancestor::aside[contains(@class, 'side')]"), address
        assert text(helps[0].xpath(".//h2")[0]) == "Hulp bij de Testweek"


def test_elsewhere_the_help_block_is_in_the_footer(make_project: Any, build: Any) -> None:
    out = _built(make_project, build)
    for address in ("/2031/activiteiten/", "/2031/activiteiten/proefactiviteit/", "/archief/"):
        tree = page(out, address)
        helps = tree.xpath("//section[contains(@class, 'help')]")
        assert len(helps) == 1, address
        assert helps[0].xpath("ancestor::footer"), address


def test_a_phone_number_is_a_tel_link_and_a_url_names_its_host(make_project: Any,
                                                               build: Any) -> None:
    tree = page(_built(make_project, build), "/")
    links = {text(a): a.get("href") for a in tree.xpath("//section[contains(@class, 'help')]//a")}
    assert links == {"Bel 0800\u20111234 56": "tel:0800123456",  # not broken across lines
                     "testchat.example": "https://www.testchat.example/"}


def test_the_footer_names_the_initiative(make_project: Any, build: Any) -> None:
    tree = page(_built(make_project, build), "/2031/activiteiten/")
    line = tree.xpath("//footer//p[@class='initiative']")[0]
    assert text(line) == "Een initiatief van Stichting Testwerk"
    assert line.xpath(".//a/@href") == ["https://testwerk.example/"]


def test_no_help_block_without_help(make_project: Any, build: Any) -> None:
    out = _built(make_project, build, "title: Testweek\nbase_url: https://example.org/\n")
    assert not page(out, "/").xpath("//section[contains(@class, 'help')]")


def test_a_phone_number_that_cannot_be_dialled_is_an_error(make_project: Any,
                                                           build: Any) -> None:
    project = make_project({"content/site.yaml": HELP.replace("0800-1234 56", "bel ons")})
    code, err = build(project)
    assert code == 1
    assert "content/site.yaml:9:14: 'phone' bel ons is geen telefoonnummer" in err


def test_a_contact_needs_a_name(make_project: Any, build: Any) -> None:
    project = make_project({"content/site.yaml": HELP.replace("    - name: Testchat\n      url",
                                                              "    - url")})
    code, err = build(project)
    assert code == 1
    assert "content/site.yaml:11:7: deze vermelding in 'contacts' heeft geen 'name'" in err
