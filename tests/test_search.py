"""The site search: Pagefind (from its PyPI package) indexes every page people search for into the
output, in the same staged write as the pages, a bundle per edition and one for the site, from
memory (no scratch copy of the site); it indexes a bundle again only when one of its pages
changed and leaves unchanged index files alone; without it the build still succeeds; the search
page says where to look when JavaScript is off. (tests/browser/test_requests.py searches in
Chromium, across the bundles of two editions.)"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from site_helpers import all_html_files, page, run_main, snapshot, write_project
from weekgen.formats import search

Cli = Callable[..., tuple[int, str, str]]

FILES = {
    "content/site.yaml": "title: Voorbeeldweek\nbase_url: https://example.org/campagne/\n",
    "content/2030/activities.yaml": "- title: Open avond\n  date: 2030-11-19\n"
                                    "  description: Over veilig thuis.\n"
                                    "- title: Lezing\n  date: 2030-11-20\n",
    "content/2030/meedoen.md": "---\ntitle: Doe mee\n---\nZo doe je mee.\n",
    "content/2029/activities.yaml": "- title: Oude lezing\n  date: 2029-11-20\n",
}


def build(root: Path, *args: str, out: str = "public") -> int:
    return run_main(["build", "--source", str(root), "--out", str(root / out), "-q",
                     "--today", "2030-11-01", *args])


def index_files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p: v for p, v in snapshot(out).items() if p.startswith(search.BUNDLE)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("search"), FILES)
    assert build(root) == 0
    return root / "public"


def bundles(out: Path) -> list[str]:
    return list(json.loads((out / search.LISTING).read_text())["bundles"])


def test_the_index_covers_every_page_people_search_for(built: Path) -> None:
    # the site's first, then the editions', newest first, each with its activities' bundle
    assert bundles(built) == ["site", "2030", "2030-0", "2029", "2029-0"]
    assert sorted(p.name for p in (built / "pagefind").iterdir() if p.is_dir()) == \
        sorted(bundles(built))
    counted = {}
    for name in bundles(built):
        entry = json.loads((built / f"pagefind/{name}/pagefind-entry.json").read_text())
        [language] = entry["languages"].values()
        counted[name] = language["page_count"]
        assert (built / f"pagefind/{name}/pagefind.js").is_file()
        assert not list(built.glob(f"pagefind/{name}/pagefind-ui*"))  # the page has its own
    pages = [p.relative_to(built).as_posix() for p in all_html_files(built)]
    pages = [p for p in pages if p not in ("404.html", "zoeken/index.html")]
    for year in ("2029", "2030"):
        assert counted[year] + counted[year + "-0"] == len(
            [p for p in pages if p.startswith(year + "/")])
        assert counted[year + "-0"] == len(
            [p for p in pages if p.startswith(year + "/activiteiten/") and p.count("/") == 3])
    assert counted["site"] == len([p for p in pages if not p[:4].isdigit()])
    assert sum(counted.values()) == len(pages)


def fragments(out: Path, name: str) -> list[dict[str, Any]]:
    """The pages a bundle holds, as Pagefind stores them (gzipped JSON after a signature)."""
    found = []
    for file in (out / f"pagefind/{name}/fragment").iterdir():
        data = gzip.decompress(file.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def test_each_bundle_holds_its_pages_at_their_addresses_below_the_base_path(built: Path) -> None:
    urls = {f["url"] for f in fragments(built, "2029") + fragments(built, "2029-0")}
    assert all(u.startswith("/2029/") for u in urls)  # the search page adds /campagne/
    assert "/2029/activiteiten/oude-lezing/" in urls and "/2029/" in urls
    [lezing] = [f for f in fragments(built, "2030-0") if f["url"].endswith("/lezing/")]
    assert lezing["meta"]["title"].startswith("Lezing")
    assert "Voorbeeldweek" not in lezing["content"].split("Lezing")[0]  # <main> only, no menu


def test_a_bundle_is_made_from_pages_in_memory() -> None:
    html = "<html lang='nl'><body><nav>Menu</nav><main><h1>{0}</h1><p>Over {0}.</p></main>" \
        "</body></html>"
    with search.Indexer() as indexer:
        files = indexer.bundle("2030", [("2030/a/index.html", html.format("zonnebloem").encode()),
                                        ("2030/b/index.html", html.format("regenboog").encode())])
    assert all(p.startswith("pagefind/2030/") for p in files)
    entry = json.loads(files["pagefind/2030/pagefind-entry.json"])
    assert [lang["page_count"] for lang in entry["languages"].values()] == [2]
    assert "pagefind/2030/pagefind.js" in files
    assert not [p for p in files if p.startswith("pagefind/2030/pagefind-ui")]


def test_pages_go_to_the_bundles_of_their_edition() -> None:
    pages = [("index.html", "home.html", "a"), ("2030/index.html", "year.html", "b"),
             ("over/index.html", "page.html", "c"), ("2029/x/index.html", "page.html", "d"),
             ("2030/activiteiten/y/index.html", "activity.html", "e")]
    assert search.bundles(pages) == {
        "site": [("index.html", "a"), ("over/index.html", "c")],
        "2030": [("2030/index.html", "b")],
        "2030-0": [("2030/activiteiten/y/index.html", "e")],
        "2029": [("2029/x/index.html", "d")]}


def test_an_editions_activities_are_spread_over_a_few_bundles() -> None:
    assert [search.shards(n) for n in (1, 250, 251, 700, 1000, 1001, 5000, 10**6)] == \
        [1, 1, 2, 4, 4, 8, 32, 32]
    paths = [f"2030/activiteiten/a{i}/index.html" for i in range(2000)]
    found = search.bundles([(p, "activity.html", "") for p in paths])
    assert list(found) == [f"2030-{i}" for i in range(8)]
    assert all(150 < len(pages) < 350 for pages in found.values())
    fewer = search.bundles([(p, "activity.html", "") for p in paths[:1900]])  # (still 8)
    assert all(set(fewer[name]) <= set(found[name]) for name in fewer)  # none moved
    assert search.url("2030/y/index.html") == "/2030/y/"
    assert search.url("index.html") == "/"


def test_the_search_page_without_javascript_points_to_the_years(built: Path) -> None:
    tree = page(built, "/zoeken/")
    [form] = tree.xpath("//form[@role='search']")
    assert form.get("hidden") is not None  # shown by the script, useless without it
    note = tree.xpath("//div[@class='search-nojs']")[0]
    assert note.get("hidden") is None
    assert note.xpath(".//a/@href")[:2] == ["/campagne/2030/", "/campagne/2030/activiteiten/"]
    [script] = tree.xpath("//script[@type='module']/@src")
    assert script.startswith("/campagne/static/search.")
    assert (built / script.removeprefix("/campagne/")).is_file()
    [root] = tree.xpath("//*[@id='zoeken']")
    assert root.get("data-base") == "/campagne/"
    for p in all_html_files(built):  # every page links to the search
        if p.name != "404.html":
            assert page(built, "/" + p.relative_to(built).parent.as_posix().lstrip(".")
                        ).xpath("//a[@href='/campagne/zoeken/']")


def test_a_rebuild_without_changes_does_not_run_pagefind(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    before = snapshot(root / "public")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("Pagefind ran for nothing")

    monkeypatch.setattr(search.subprocess, "Popen", boom)
    assert build(root) == 0
    assert snapshot(root / "public") == before


def test_an_activity_is_found_on_its_own_page_not_on_every_list(built: Path) -> None:
    """Its title is on its day, the overview and the front page too; the search gives its page."""
    pages = []
    for fragment in built.glob("pagefind/*/fragment/*.pf_fragment"):
        found = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if "Open avond" in found["content"]:
            pages.append(found["url"])
    assert pages == ["/2030/activiteiten/open-avond/"]


def test_an_organiser_is_found_once_on_its_page_over_all_years(tmp_path: Path) -> None:
    """Not on its page of each year (ten years of one organiser would be ten results alike), and
    its activities' titles on that page are not results either: their own pages are."""
    root = write_project(tmp_path / "site", {
        **FILES,
        "content/2030/activities.yaml": "- title: Open avond\n  date: 2030-11-19\n"
                                        "  organiser: Stichting Zonnebloem\n  region: Zeist\n",
        "content/2029/activities.yaml": "- title: Oude lezing\n  date: 2029-11-20\n"
                                        "  organiser: Stichting Zonnebloem\n"})
    assert build(root) == 0
    out = root / "public"
    assert (out / "2030/organisator/stichting-zonnebloem/index.html").is_file()
    found: dict[str, list[str]] = {}
    for fragment in out.glob("pagefind/*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        for word in ("Zonnebloem", "Zeist", "Open avond"):
            if word in data["content"]:
                found.setdefault(word, []).append(data["url"])
    # (and the lists of a year's organisers and regions; not the overviews' filters)
    assert sorted(found["Zonnebloem"]) == ["/2029/activiteiten/oude-lezing/", "/2029/organisator/",
                                           "/2030/activiteiten/open-avond/", "/2030/organisator/",
                                           "/organisatoren/stichting-zonnebloem/"]
    assert sorted(found["Zeist"]) == ["/2030/activiteiten/open-avond/", "/2030/regio/",
                                      "/regios/zeist/"]
    assert found["Open avond"] == ["/2030/activiteiten/open-avond/"]


def test_bundles_indexed_side_by_side_are_those_indexed_one_by_one() -> None:
    html = "<html lang='nl'><body><main><h1>{0}</h1><p>Over {0}.</p></main></body></html>"
    work = [(f"20{n}", [(f"20{n}/{w}/index.html", html.format(w).encode())
                        for w in ("zon", "maan", f"ster{n}")]) for n in range(10, 15)]
    with search.Indexer() as indexer:
        one_by_one = [indexer.bundle(name, pages) for name, pages in work]
    assert search.index_bundles(work, services=3) == one_by_one
    assert search.index_bundles([], services=2) == []


def indexed_bundles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the bundles Pagefind indexes from now on."""
    names: list[str] = []
    real = search.Indexer.bundle

    def spy(self: search.Indexer, name: str,
            pages: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
        names.append(name)
        return real(self, name, pages)

    monkeypatch.setattr(search.Indexer, "bundle", spy)
    return names


def test_an_edit_reindexes_only_its_pages_bundle(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    before = index_files(root / "public")
    activities = root / "content/2030/activities.yaml"
    activities.write_text(activities.read_text().replace("Over veilig thuis.",
                                                         "Over een zonnebloem."))
    indexed = indexed_bundles(monkeypatch)
    assert build(root) == 0
    after = index_files(root / "public")
    # only the edited page's bundle: the lists that show it show it as an ignored card
    assert indexed == ["2030-0"]
    old_year = {p: v for p, v in before.items() if p.startswith("pagefind/2029")}
    assert old_year and all(after.get(p) == v for p, v in old_year.items())  # not even touched
    assert set(after) & set(old_year) == set(old_year)
    kept = {p for p in before if p.startswith("pagefind/2030-0/") and after.get(p) == before[p]}
    assert "pagefind/2030-0/pagefind.js" in kept  # unchanged bytes in a re-made bundle stay too
    new = set(after) - set(before)
    assert new and all(p.startswith("pagefind/2030") for p in new)  # the edited page's fragment
    assert any(b"zonnebloem" in gzip.decompress((root / "public" / p).read_bytes())
               for p in new if "/fragment/" in p)


PAGE = (b'<!doctype html><html lang="nl"><head><title>%s</title></head><body><nav>%s</nav>'
        b'<main><h1>Regio Zeist</h1><p>%s</p><ul><li data-activity="x"><article class="activity" '
        b'data-pagefind-ignore><h3>%s</h3><p><article>nested</article></p></article></li></ul>'
        b'</main><footer>%s</footer></body></html>')


def page_of(title: bytes = b"t", nav: bytes = b"n", intro: bytes = b"Tekst", card: bytes = b"c",
            foot: bytes = b"f") -> bytes:
    return PAGE % (title, nav, intro, card, foot)


def test_what_the_search_reads_of_a_page() -> None:
    key = search.index_key(page_of())
    # outside <main>, and inside what is marked data-pagefind-ignore: not read
    assert search.index_key(page_of(title=b"other", nav=b"menu", foot=b"voet")) == key
    assert search.index_key(page_of(card=b"Een andere titel")) == key
    # the page's own text, and the language: read
    assert search.index_key(page_of(intro=b"Andere tekst")) != key
    assert search.index_key(page_of().replace(b'lang="nl"', b'lang="en"')) != key


@pytest.mark.parametrize("odd", [
    b'<div data-pagefind-ignore>never closed',  # the whole page counts
    b'<div data-pagefind-ignore><span data-pagefind-filter="regio">Zeist</span></div>',
    b'<div data-pagefind-ignore><span data-pagefind-meta="image">x.png</span></div>',
])
def test_where_the_markup_is_not_the_themes_the_whole_page_counts(odd: bytes) -> None:
    html = page_of().replace(b"<h1>", odd + b"<h1>")
    assert search.index_key(html) == search.index_key(html)  # (the same bytes: the same key)
    assert search.index_key(html) != search.index_key(html.replace(b"<title>t", b"<title>u"))
    no_main = page_of().replace(b"<main>", b"<div>").replace(b"</main>", b"</div>")
    assert search.index_key(no_main) != search.index_key(no_main.replace(b"<nav>n", b"<nav>m"))


def test_an_activity_added_indexes_its_editions_lists_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    activities = root / "content/2030/activities.yaml"
    activities.write_text(activities.read_text() + "- title: Nieuw\n  date: 2030-11-21\n")
    indexed = indexed_bundles(monkeypatch)
    assert build(root) == 0
    assert {"2030", "2030-0"} <= set(indexed)  # (a list holds one more activity)


def test_an_edition_added_gets_a_bundle_of_its_own(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    write_project(root, {"content/2028/activities.yaml": "- title: Eerste lezing\n"
                                                         "  date: 2028-11-21\n"})
    indexed = indexed_bundles(monkeypatch)
    assert build(root) == 0
    assert "2028" in indexed  # (and the others: every page's menu now shows 2028)
    assert bundles(root / "public") == ["site", "2030", "2030-0", "2029", "2029-0", "2028",
                                        "2028-0"]


def test_indexing_makes_no_scratch_folder(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    assert sorted(p.name for p in root.iterdir()) == [".weekgen-cache", "content", "public",
                                                      "schemas"]  # the editors' JSON Schemas
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_no_search_leaves_no_index(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    assert (root / "public/pagefind").is_dir()
    assert build(root, "--no-search") == 0
    assert not (root / "public/pagefind").exists()
    assert (root / "public/zoeken/index.html").is_file()  # the page says where to look


def test_two_builds_make_the_same_index(built: Path, tmp_path: Path) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root, "--no-cache") == 0
    assert {p: v[0] for p, v in index_files(root / "public").items()} == \
        {p: v[0] for p, v in index_files(built).items()}


def test_without_pagefind_the_site_is_built_with_a_warning(
        make_project: Callable[..., Path], cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "available", lambda: False)
    project = make_project(FILES)
    code, _, err = cli("build", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert ("waarschuwing: de zoekfunctie van de site is niet gemaakt: Pagefind is niet "
            "geïnstalleerd") in err
    assert (project / "public/zoeken/index.html").is_file()
    assert not (project / "public/pagefind").exists()
    shutil.rmtree(project / "public")


def test_when_pagefind_fails_the_site_is_built_with_a_warning(
        make_project: Callable[..., Path], cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # starts, then stops at once
    project = make_project(FILES)
    code, _, err = cli("build", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert "waarschuwing: de zoekfunctie van de site is niet gemaakt: Pagefind is gestopt" in err
    assert (project / "public/zoeken/index.html").is_file()
    assert not (project / "public/pagefind").exists()
    shutil.rmtree(project / "public")
