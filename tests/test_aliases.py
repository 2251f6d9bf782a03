"""`aliases:` keeps old addresses working: a small page at each one that sends visitors on, tells
search engines where the page is now and is not indexed itself. Old addresses are checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import page, parse, text
from weekgen.model.content import alias_path

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
BASE = "https://example.org/campagne/"

PAGE = """\
---
title: Doe mee
slug: meedoen
aliases:
  - /2021/doe-mee/
  - /2021/oud/pagina.html
---
Tekst.
"""
ACTIVITIES = """\
- title: Open dag in Utrecht
  date: 2021-11-16
  aliases: [/2021/activiteiten/open-dag/]
- title: Lezing
  date: 2021-11-17
"""


def build(cli: Cli, project: Path, *args: str) -> tuple[int, str]:
    code, _, err = cli("build", "--source", str(project), "--out", str(project / "public"),
                       "--today", "2021-11-16", "--no-cache", *args)
    return code, err


def site(make_project: MakeProject, page_text: str = PAGE,
         activities: str = ACTIVITIES) -> Path:
    return make_project({"content/2021/meedoen.md": page_text,
                         "content/2021/activities.yaml": activities})


def check_redirect(out: Path, old: str, new: str, title: str) -> None:
    path = out / old if old.endswith(".html") else out / old / "index.html"
    tree = parse(path)
    assert tree.xpath("//link[@rel='canonical']/@href") == [BASE + new]
    [refresh] = tree.xpath("//meta[@http-equiv='refresh']/@content")
    assert refresh == f"0; url=/campagne/{new}"
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    [link] = tree.xpath("//body//a")
    assert link.get("href") == f"/campagne/{new}"
    assert text(tree.xpath("//h1")[0]) == title
    assert tree.xpath("//html/@lang") == ["nl"]


def test_old_addresses_of_a_page_and_an_activity_redirect(cli: Cli,
                                                          make_project: MakeProject) -> None:
    project = site(make_project)
    code, err = build(cli, project, "--base-url", BASE)
    assert code == 0, err
    out = project / "public"
    check_redirect(out, "2021/doe-mee", "2021/meedoen/", "Doe mee")
    check_redirect(out, "2021/oud/pagina.html", "2021/meedoen/", "Doe mee")
    check_redirect(out, "2021/activiteiten/open-dag", "2021/activiteiten/open-dag-in-utrecht/",
                   "Open dag in Utrecht")
    assert page(out, "/2021/meedoen/") is not None


def test_a_removed_alias_removes_its_page(cli: Cli, make_project: MakeProject) -> None:
    project = site(make_project)
    assert build(cli, project)[0] == 0
    out = project / "public"
    assert (out / "2021/doe-mee/index.html").is_file()
    (project / "content/2021/meedoen.md").write_text(PAGE.replace("  - /2021/doe-mee/\n", ""))
    assert build(cli, project)[0] == 0
    assert not (out / "2021/doe-mee").exists()
    assert (out / "2021/oud/pagina.html").is_file()


def test_a_retitled_page_updates_its_redirect(cli: Cli, make_project: MakeProject) -> None:
    project = site(make_project)
    args = ("build", "--source", str(project), "--today", "2021-11-16")  # with the cache
    assert cli(*args)[0] == 0
    (project / "content/2021/meedoen.md").write_text(PAGE.replace("Doe mee", "Meedoen!"))
    assert cli(*args)[0] == 0
    assert text(parse(project / "public/2021/doe-mee/index.html").xpath("//h1")[0]) == "Meedoen!"


def test_drafts_and_unpublished_pages_have_no_redirects(cli: Cli,
                                                        make_project: MakeProject) -> None:
    project = site(make_project, PAGE.replace("slug: meedoen\n", "slug: meedoen\ndraft: true\n"))
    assert build(cli, project)[0] == 0
    assert not (project / "public/2021/doe-mee").exists()
    assert build(cli, project, "--drafts")[0] == 0
    assert (project / "public/2021/doe-mee/index.html").is_file()


@pytest.mark.parametrize(("alias", "problem"), [
    ("https://example.org/2021/x/", 'is geen adres op deze site: het moet met één / beginnen'),
    ("2021/x/", "is geen adres op deze site"),
    ("//example.org/x/", "is geen adres op deze site"),
    ("/2021/../geheim/", "gaat buiten de site: geen lege delen, '.' of '..'"),
    ("/2021/%2E%2E/x/", "gaat buiten de site"),
    ("/2021//x/", "gaat buiten de site"),
    ("/2021/x/?p=1", 'mag geen ?, #, \\ of spaties bevatten'),
    ("/2021/x/#boven", "mag geen"),
    ("/static/oud/", 'staat in /static/, waar de eigen bestanden van de site staan'),
    ("/", 'is de voorpagina zelf'),
])
def test_an_alias_that_is_not_an_old_address_is_an_error(cli: Cli, make_project: MakeProject,
                                                         alias: str, problem: str) -> None:
    project = site(make_project, PAGE.replace("  - /2021/doe-mee/", f"  - '{alias}'"))
    code, err = build(cli, project)
    assert code == 1
    assert f"content/2021/meedoen.md:5:5: 'aliases' {alias} {problem}" in err
    assert "tip: schrijf het oude adres zoals het op deze site was" in err
    assert not (project / "public").exists()


@pytest.mark.parametrize("alias", ["/2021/maandag/", "/2021/meedoen/", "/2021/terugblik/",
                                   "/2021/activiteiten/lezing/", "/2021/"])
def test_an_alias_may_not_take_an_address_of_the_site(cli: Cli, make_project: MakeProject,
                                                      alias: str) -> None:
    """The look-back's address is taken before it exists: on the day after the Week, the build
    would fail otherwise."""
    project = site(make_project, PAGE.replace("/2021/doe-mee/", alias))
    code, err = build(cli, project)
    assert code == 1
    assert (f"content/2021/meedoen.md:5:5: het oude adres {alias} is een adres van de site "
            "zelf") in err


def test_two_records_may_not_share_an_old_address(cli: Cli, make_project: MakeProject) -> None:
    project = site(make_project, activities=ACTIVITIES.replace(
        "/2021/activiteiten/open-dag/", "/2021/doe-mee/"))
    code, err = build(cli, project)
    assert code == 1
    assert ('content/2021/activities.yaml:3:13: het oude adres /2021/doe-mee/ staat ook als alias '
            'in content/2021/meedoen.md:5:5') in err


def test_aliases_must_be_a_list_of_text(cli: Cli, make_project: MakeProject) -> None:
    project = site(make_project, activities=ACTIVITIES.replace(
        "[/2021/activiteiten/open-dag/]", "{oud: /x/}"))
    code, err = build(cli, project)
    assert code == 1
    assert "content/2021/activities.yaml:3:12: 'aliases' moet een lijst tekstregels zijn" in err


def test_alias_paths() -> None:
    assert alias_path("/2021/oud") == ("2021/oud/", "")
    assert alias_path("/2021/oud/") == ("2021/oud/", "")
    assert alias_path("/oud.html") == ("oud.html", "")
    assert alias_path("/2021/caf%C3%A9/") == ("2021/café/", "")
    assert alias_path("/2021/a b/")[1]
    assert alias_path("/2021/a%20b/")[1]


def test_one_alias_without_a_list_and_on_the_years_introduction(cli: Cli,
                                                                make_project: MakeProject) -> None:
    project = make_project({
        "content/2021/index.md": "---\ntitle: Welkom\naliases: /2021/welkom.html\n---\nHallo.\n",
        "content/2021/activities.yaml": ACTIVITIES})
    code, err = build(cli, project, "--base-url", BASE)
    assert code == 0, err
    check_redirect(project / "public", "2021/welkom.html", "2021/", "Welkom")
