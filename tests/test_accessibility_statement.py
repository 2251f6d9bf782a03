"""The accessibility statement: the theme's own at /toegankelijkheidsverklaring/ (the standard,
how it is tested, who to tell), linked from every page's footer, unless the site writes its own
page, which then takes its place and its link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from site_helpers import SITE_YAML, h1, main_text, page, text

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

ACTIVITIES = {"content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n"}
DEFAULT = "/toegankelijkheidsverklaring/"


def footer_link(tree: object) -> list[tuple[str, str]]:
    return [(text(a), a.get("href"))
            for a in tree.xpath("//footer//p[@class='site-accessibility']/a")]  # type: ignore[attr-defined]


def test_the_theme_makes_a_statement_with_the_sites_contact(make_project: MakeProject,
                                                             build: Build) -> None:
    project = make_project({**ACTIVITIES, "content/site.yaml": SITE_YAML + "contact:\n"
                            "  email: team@example.org\n  url: https://example.org/contact/\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    tree = page(project / "public", DEFAULT)
    assert h1(tree) == "Toegankelijkheidsverklaring"
    body = main_text(tree)
    assert "WCAG) 2.1, niveau AA" in body
    assert "axe-core" in body and "html-validate" in body
    assert tree.xpath("//main//a/@href") == ["mailto:team@example.org",
                                            "https://example.org/contact/"]
    for address in ("/", "/2030/", "/2030/maandag/", "/archief/", "/zoeken/"):
        assert footer_link(page(project / "public", address)) == [("Toegankelijkheid", DEFAULT)]
    sitemap = (project / "public" / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/toegankelijkheidsverklaring/" in sitemap


def test_without_a_contact_the_statement_names_the_initiative(make_project: MakeProject,
                                                               build: Build) -> None:
    project = make_project({**ACTIVITIES, "content/site.yaml": SITE_YAML + "initiative:\n"
                            "  name: Stichting Voorbeeld\n  url: https://example.org/stichting/\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    tree = page(project / "public", DEFAULT)
    assert tree.xpath("//main//a/@href") == ["https://example.org/stichting/"]
    assert "Laat het Stichting Voorbeeld weten" in main_text(tree)


def test_the_statement_is_in_the_sites_language(make_project: MakeProject, build: Build) -> None:
    project = make_project({**ACTIVITIES, "content/site.yaml": SITE_YAML + "language: en\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    tree = page(project / "public", DEFAULT)
    assert h1(tree) == "Accessibility statement"
    assert "200% zoom" in main_text(tree)


def test_the_sites_own_statement_wins(make_project: MakeProject, build: Build) -> None:
    project = make_project({**ACTIVITIES, "content/toegankelijkheidsverklaring.md":
                            "---\ntitle: Onze verklaring\n---\nWe testen met echte mensen.\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    tree = page(project / "public", DEFAULT)
    assert h1(tree) == "Onze verklaring"
    assert "WCAG" not in main_text(tree)
    assert footer_link(page(project / "public", "/")) == [("Onze verklaring", DEFAULT)]


def test_an_own_page_under_another_slug_takes_the_link(make_project: MakeProject,
                                                        build: Build) -> None:
    project = make_project({**ACTIVITIES, "content/toegankelijkheid.md":
                            "---\ntitle: Toegankelijk\nmenu: footer\n---\nZo doen we het.\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 0, err
    assert not (project / "public" / "toegankelijkheidsverklaring").exists()
    tree = page(project / "public", "/2030/")
    assert footer_link(tree) == []  # its menu link is the one
    assert [a.get("href") for a in tree.xpath("//footer//a") if text(a) == "Toegankelijk"] \
        == ["/toegankelijkheid/"]


def test_a_contact_address_must_be_one(make_project: MakeProject, build: Build) -> None:
    project = make_project({**ACTIVITIES,
                            "content/site.yaml": SITE_YAML + "contact:\n  email: team at home\n"})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 1
    assert "content/site.yaml:4:10: 'email' team at home is geen e-mailadres" in err
