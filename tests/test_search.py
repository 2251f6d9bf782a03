"""The site search: Pagefind (from its PyPI package) indexes every page people search for into the
output, in the same staged write as the pages; it runs only when an indexed page changed and
leaves unchanged index files alone; without it the build still succeeds; the search page says
where to look when JavaScript is off. (tests/browser/test_requests.py searches in Chromium.)"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
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


def test_the_index_covers_every_page_people_search_for(built: Path) -> None:
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    [language] = entry["languages"].values()
    pages = [p for p in all_html_files(built) if p.relative_to(built).as_posix() not in
             ("404.html", "zoeken/index.html")]
    assert language["page_count"] == len(pages)
    assert (built / "pagefind/pagefind.js").is_file()
    assert not list(built.glob("pagefind/pagefind-ui*"))  # the page has a script of its own


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

    monkeypatch.setattr(search.subprocess, "run", boom)
    assert build(root) == 0
    assert snapshot(root / "public") == before


def test_an_edit_reindexes_but_leaves_unchanged_index_files_alone(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site", FILES)
    assert build(root) == 0
    before = index_files(root / "public")
    activities = root / "content/2030/activities.yaml"
    activities.write_text(activities.read_text().replace("Over veilig thuis.",
                                                         "Over een zonnebloem."))
    assert build(root) == 0
    after = index_files(root / "public")
    kept = {p for p in before if p in after and after[p] == before[p]}  # same bytes, same mtime
    assert after != before and kept
    assert "pagefind/pagefind.js" in kept
    assert len(set(after) - set(before)) >= 1  # the edited page's new fragment


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
    assert "warning: the site search was not built: Pagefind is not installed" in err
    assert (project / "public/zoeken/index.html").is_file()
    assert not (project / "public/pagefind").exists()
    shutil.rmtree(project / "public")
