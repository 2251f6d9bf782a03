"""Pages of the whole site: a Markdown file in content/ itself (pers.md) is the page /pers/ with
the site's navigation, in the sitemap and the search index, linked from the header or footer when
its front matter asks (`menu:`); and the pages of an organiser or region over all the years."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.etree
import pytest

from site_helpers import SITE_YAML, h1, main_text, page, run_main, text, write_project
from weekgen.formats import search

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

PAGES = {
    "content/pers.md": "---\ntitle: Voor de pers\nmenu: header\nsummary: Persberichten.\n"
                       "aliases: [/persberichten/]\n---\nBel de **woordvoerder**.\n",
    "content/privacy.md": "---\ntitle: Privacy\nmenu: footer\norder: 2\n---\nWe bewaren niets.\n",
    "content/toegankelijkheid.md": "---\ntitle: Toegankelijkheid\nmenu: footer\norder: 1\n---\n"
                                   "Zo is de site gemaakt.\n",
    "content/colofon.md": "---\ntitle: Colofon\n---\nGemaakt met weekgen.\n",
    "content/later.md": "---\ntitle: Later\npublish: 2031-01-01\n---\nNog niet.\n",
    "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n"
                                    "  organiser: Stichting Voorbeeld\n  region: Brugdorp\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("sitepages"), PAGES)
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-11-01"])
    assert code == 0
    return root / "public"


def menu(tree: lxml.etree._Element, place: str) -> list[tuple[str, str]]:
    return [(text(a), a.get("href")) for a in tree.xpath(
        f"//nav[contains(@class, 'site-pages-{place}')]//a")]


def test_a_page_in_content_is_a_page_of_the_site(site: Path) -> None:
    tree = page(site, "/pers/")
    assert h1(tree) == "Voor de pers"
    assert "Bel de woordvoerder." in main_text(tree)
    assert tree.xpath("//main//strong/text()") == ["woordvoerder"]
    assert tree.xpath("//nav[contains(@class, 'week-nav')]")  # the site's navigation
    assert page(site, "/colofon/") is not None
    assert not (site / "later").exists()  # not published yet


def test_menu_places_a_link_in_the_header_or_footer_of_every_page(site: Path) -> None:
    for address in ("/", "/2030/", "/2030/maandag/", "/colofon/", "/archief/"):
        tree = page(site, address)
        assert menu(tree, "header") == [("Voor de pers", "/pers/")], address
        assert menu(tree, "footer") == [("Toegankelijkheid", "/toegankelijkheid/"),
                                        ("Privacy", "/privacy/")], address
    own = page(site, "/privacy/").xpath("//nav[contains(@class, 'site-pages')]"
                                        "//a[@aria-current='page']/@href")
    assert own == ["/privacy/"]


def test_site_pages_are_in_the_sitemap_and_the_search(site: Path) -> None:
    sitemap = lxml.etree.parse(str(site / "sitemap.xml"))
    urls = set(sitemap.xpath("//*[local-name()='loc']/text()"))
    assert {"https://example.org/pers/", "https://example.org/privacy/",
            "https://example.org/colofon/"} <= urls
    assert "https://example.org/later/" not in urls
    assert search.indexable("pers/index.html", "page.html")
    assert page(site, "/pers/").xpath("//main[@id='inhoud']")  # what the index reads


def test_an_old_address_of_a_site_page_leads_to_it(site: Path) -> None:
    assert "/pers/" in (site / "persberichten/index.html").read_text("utf-8")


@pytest.mark.parametrize(("files", "message"), [
    ({"content/archief.md": "---\ntitle: Archief\n---\n"},
     "content/archief.md:2:1: het adres /archief/ wordt al gebruikt door de eigen pagina's van "
     "weekgen"),
    ({"content/2030.md": "---\ntitle: Jaar\n---\n"},
     "content/2030.md:2:1: het adres /2030/ wordt al gebruikt door de eigen pagina's van weekgen"),
    ({"content/pers.md": "---\ntitle: Pers\ndate: 2030-11-18\n---\n"},
     "content/pers.md:3:7: 'date' hangt een pagina aan een dag van een Week, maar deze pagina "
     "hoort bij de hele site"),
    ({"content/2030/meedoen.md": "---\ntitle: Meedoen\nmenu: header\n---\n"},
     "content/2030/meedoen.md:3:7: 'menu' is voor de pagina's van de hele site"),
    ({"content/pers.md": "---\ntitle: Pers\nmenu: zijbalk\n---\n"},
     "content/pers.md:3:7: 'menu'"),
    ({"content/pers.md": "---\ntitle: Pers\n---\n", "content/pers2.md":
      "---\ntitle: Pers\nslug: pers\n---\n"},
     "content/pers2.md:3:7: de slug 'pers' wordt ook gebruikt door content/pers.md"),
])
def test_a_site_page_that_does_not_fit(make_project: MakeProject, build: Build,
                                      files: dict[str, str], message: str) -> None:
    project = make_project({"content/site.yaml": SITE_YAML, **files})
    code, err = build(project, "--today", "2030-11-01", "--no-search")
    assert code == 1, err
    assert message in err


# --- an organiser and a region over all the years ------------------------------------------

YEARS = {
    "content/2029/activities.yaml": "- title: Eerste open dag\n  date: 2029-11-19\n"
                                    "  organiser: Stichting Voorbeeld\n  region: Brugdorp\n",
    "content/2030/activities.yaml": "- title: Tweede open dag\n  date: 2030-11-19\n"
                                    "  organiser: Stichting Voorbeeld\n  region: Lindewaard\n"
                                    "- title: Lezing\n  date: 2030-11-28\n"
                                    "  organiser: stichting voorbeeld\n",
}


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("across"), YEARS)
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-12-01"])
    assert code == 0
    return root / "public"


def test_an_organiser_has_one_page_over_all_years(years: Path) -> None:
    tree = page(years, "/organisatoren/stichting-voorbeeld/")
    assert h1(tree).startswith("Stichting Voorbeeld")
    parts = {text(s.xpath("./h2")[0]): [text(li) for li in s.xpath(".//li")]
             for s in tree.xpath("//main//section")}
    assert parts == {"Week van 2030": ["Tweede open dag, dinsdag 19 november 2030",
                                       "Lezing, donderdag 28 november 2030"],
                     "Week van 2029": ["Eerste open dag, maandag 19 november 2029"]}
    assert set(tree.xpath("//main//h2/a/@href")) == {"/2030/organisator/stichting-voorbeeld/",
                                                     "/2029/organisator/stichting-voorbeeld/"}


def test_each_year_of_an_organiser_links_to_all_years(years: Path) -> None:
    for year in (2029, 2030):
        tree = page(years, f"/{year}/organisator/stichting-voorbeeld/")
        assert tree.xpath("//main//a[@class='across']/@href") == \
            ["/organisatoren/stichting-voorbeeld/"]


def test_a_region_has_one_page_over_all_years(years: Path) -> None:
    tree = page(years, "/regios/brugdorp/")
    assert [text(h) for h in tree.xpath("//main//h2")] == ["Week van 2029"]
    assert page(years, "/2030/regio/lindewaard/").xpath(
        "//main//a[@class='across']/@href") == ["/regios/lindewaard/"]
    assert not (years / "themas").exists()


def test_pages_with_site_links_are_valid_html(site: Path, years: Path, tmp_path: Path) -> None:
    from test_html_valid import html_validate  # the validator's harness, with its settings

    files = [site / "pers/index.html", site / "2030/maandag/index.html", site / "404.html",
             years / "organisatoren/stichting-voorbeeld/index.html"]
    assert html_validate(files, tmp_path / "report.json") == []
