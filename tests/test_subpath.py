"""A site published under a sub-path: every internal link and asset starts with the sub-path and
resolves to a file of the output; canonical links are absolute under the base URL."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import (
    SAMPLE_CONTENT,
    all_html_files,
    broken_links,
    internal_links,
    parse,
    run_main,
)

Build = Callable[..., tuple[int, str]]
BASE = "https://example.org/campagne/"
PREFIX = "/campagne/"

EXTRA_PAGE = """\
---
title: Links
summary: Een pagina met links naar de rest van de site.
---
Zie [Doe mee](/2021/meedoen/), [maandag](/2021/maandag/#inhoud) en
[het overzicht](/2021/activiteiten/). ![Logo](/static/favicon.svg)

Of [mail ons](mailto:info@example.org) en [elders](https://www.example.net/).
"""
EXTRA_ACTIVITY = """
- title: Lokale link
  date: 2021-11-16
  url: /2021/verhalen/
  region: Utrecht
  media:
    - kind: link
      url: /2021/meedoen/
      title: Meedoen
"""


@pytest.fixture(scope="module", params=["flag", "site.yaml"])
def subpath_site(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content plus links in Markdown and url fields, built under /campagne/."""
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    (root / "content/2021/links.md").write_text(EXTRA_PAGE, "utf-8")
    with (root / "content/2021/activities.yaml").open("a", encoding="utf-8") as f:
        f.write(EXTRA_ACTIVITY)
    args = ["build", "--source", str(root), "--out", str(root / "public"), "--no-cache",
            "--quiet", "--today", "2021-11-17"]
    if request.param == "flag":
        args += ["--base-url", BASE]
    else:
        site = root / "content/site.yaml"
        site.write_text(site.read_text("utf-8").replace("https://www.example.org/", BASE))
    assert run_main(args) == 0
    return root / "public"


def test_every_internal_link_resolves_under_the_sub_path(subpath_site: Path) -> None:
    links = list(internal_links(subpath_site, PREFIX))
    assert len(links) > 1500
    assert broken_links(subpath_site, PREFIX) == []


def test_markdown_and_url_fields_get_the_sub_path(subpath_site: Path) -> None:
    tree = parse(subpath_site / "2021/links/index.html")
    main = tree.get_element_by_id("inhoud")
    links = {" ".join(a.text_content().split()): a.get("href") for a in main.xpath(".//a")}
    assert links["Doe mee"] == "/campagne/2021/meedoen/"
    assert links["maandag"] == "/campagne/2021/maandag/#inhoud"
    assert links["mail ons"] == "mailto:info@example.org"
    assert links["elders"] == "https://www.example.net/"
    assert main.xpath(".//img/@src") == ["/campagne/static/favicon.svg"]
    activity = parse(subpath_site / "2021/activiteiten/lokale-link/index.html")
    hrefs = activity.get_element_by_id("inhoud").xpath(".//a/@href")
    assert "/campagne/2021/verhalen/" in hrefs
    assert "/campagne/2021/meedoen/" in hrefs


def test_canonical_links_are_absolute_under_the_base_url(subpath_site: Path) -> None:
    for path in all_html_files(subpath_site):
        canonical = parse(path).xpath("//link[@rel='canonical']/@href")
        rel = path.relative_to(subpath_site).as_posix()
        expected = BASE + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        assert canonical == [expected]


def test_root_base_url_has_no_prefix(make_project: Callable[..., Path], build: Build) -> None:
    project = make_project({"content/2021/activities.yaml": "- title: A\n  date: 2021-11-16\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    tree = parse(project / "public/2021/index.html")
    [stylesheet] = tree.xpath("//link[@rel='stylesheet']/@href")
    assert stylesheet.startswith("/static/style.") and stylesheet.endswith(".css")
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/2021/"]


def test_a_build_for_another_address_does_not_take_the_last_ones_links(
        tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    """Jinja2 works out `'zoeken/'|url` when it compiles a template, and the cache keeps compiled
    templates: a build under another sub-path, with the same cache, once linked to the search
    page (and more) under the sub-path of the build before."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    for base, name in (("https://example.org/eerste/", "a"), (BASE, "b")):
        code, _, err = cli("build", "--source", str(root), "--out", str(tmp_path / name),
                           "--quiet", "--no-search", "--today", "2021-11-17", "--base-url", base)
        assert code == 0, err
    out = tmp_path / "b"
    search = parse(out / "2021/index.html").xpath("//p[@class='site-search']/a/@href")
    assert search == ["/campagne/zoeken/"]
    assert broken_links(out, PREFIX) == []
