"""Atom feeds, read as XML against RFC 4287: the Atom namespace, id, title and updated on the feed
and on every entry, RFC 3339 dates from the content (never the clock), absolute links, an
author, and each page's head pointing to them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest

from site_helpers import all_html_files, page, parse, run_main, write_project

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
BASE = "https://example.org/campagne/"
SITE = f"title: Voorbeeldweek\nbase_url: {BASE}\n"
FILES = {
    "content/site.yaml": SITE,
    "content/2030/activities.yaml": """\
- title: "Koffie & <taart> in het buurthuis"
  date: 2030-11-19
  start_time: "19:30"
  organiser: Stichting Voorbeeld
  hashtag: koffie
  description: |
    Een **gezellige** avond. <script>alert(1)</script>
- title: Tentoonstelling
  date: 2030-11-18
""",
    "content/2030/meedoen.md": "---\ntitle: Doe mee\nsummary: Zo doe je mee.\n---\nTekst.\n",
    "content/2029/activities.yaml": "- title: Oude lezing\n  date: 2029-11-20\n",
}


def build_into(root: Path, *args: str) -> Path:
    write_project(root, FILES)
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", *args])
    assert code == 0
    return root / "public"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(tmp_path_factory.mktemp("feeds"), "--today", "2030-11-01")


def feed(path: Path) -> lxml.etree._Element:
    root = lxml.etree.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def one(el: lxml.etree._Element, tag: str) -> str:
    found = el.findall(ATOM + tag)
    assert len(found) == 1, f"{len(found)} <{tag}> in <{el.tag}>"
    return found[0].text or ""


def assert_atom(root: lxml.etree._Element, base: str = BASE) -> None:
    """The feed and entry rules of RFC 4287 that a reader relies on."""
    assert one(root, "id") and one(root, "title")
    assert RFC3339.match(one(root, "updated"))
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # so entries may go without
    self_links = [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    ids = []
    for entry in root.findall(ATOM + "entry"):
        ids.append(one(entry, "id"))
        assert one(entry, "title")
        assert RFC3339.match(one(entry, "updated"))
        assert [link.get("rel") for link in entry.findall(ATOM + "link")] == ["alternate"]
    assert len(ids) == len(set(ids)) > 0
    for link in root.iter(ATOM + "link"):
        href = link.get("href", "")
        parts = urlsplit(href)
        assert parts.scheme == "https" and parts.netloc and href.startswith(base), href
    for el in root.iter(ATOM + "id"):
        assert urlsplit(el.text or "").scheme, el.text  # an IRI


def test_the_site_and_each_year_have_a_valid_atom_feed(built: Path) -> None:
    for path in ("feed.xml", "2030/feed.xml", "2029/feed.xml"):
        assert_atom(feed(built / path))


def test_entries_are_pages_and_activities_dated_by_their_content(built: Path) -> None:
    root = feed(built / "2030/feed.xml")
    entries = {one(e, "title"): e for e in root.findall(ATOM + "entry")}
    assert set(entries) == {"Koffie & <taart> in het buurthuis", "Tentoonstelling", "Doe mee"}
    koffie = entries["Koffie & <taart> in het buurthuis"]
    assert one(koffie, "updated") == "2030-11-19T19:30:00+01:00"
    assert one(koffie, "id") == BASE + "2030/activiteiten/koffie-taart-in-het-buurthuis/"
    assert koffie.find(ATOM + "link").get("href") == one(koffie, "id")
    assert koffie.find(f"{ATOM}author/{ATOM}name").text == "Stichting Voorbeeld"
    assert [c.get("term") for c in koffie.findall(ATOM + "category")] == ["koffie"]
    assert one(entries["Tentoonstelling"], "updated") == "2030-11-18T00:00:00+01:00"
    assert one(entries["Doe mee"], "summary") == "Zo doe je mee."
    assert one(root, "updated") == "2030-11-19T19:30:00+01:00"  # the newest entry


def test_content_is_the_sanitised_html(built: Path) -> None:
    root = feed(built / "2030/feed.xml")
    [content] = [c for c in root.iter(ATOM + "content")
                 if "gezellige" in (c.text or "")]
    assert content.get("type") == "html"
    html = lxml.html.fragment_fromstring(content.text, create_parent="div")
    assert html.xpath("//strong/text()") == ["gezellige"]
    assert not html.xpath("//script")


def test_the_site_feed_holds_every_year_newest_first(built: Path) -> None:
    root = feed(built / "feed.xml")
    titles = [one(e, "title") for e in root.findall(ATOM + "entry")]
    assert titles[:2] == ["Koffie & <taart> in het buurthuis", "Tentoonstelling"]
    assert "Oude lezing" in titles
    updated = [one(e, "updated") for e in root.findall(ATOM + "entry")]
    assert updated[-1].startswith("2029-")


def test_feeds_do_not_depend_on_the_build_date(built: Path, tmp_path: Path) -> None:
    later = build_into(tmp_path / "later", "--today", "2030-11-12")
    for path in ("feed.xml", "2030/feed.xml"):
        assert (later / path).read_bytes() == (built / path).read_bytes()


def test_every_page_names_the_feeds_in_its_head(built: Path) -> None:
    for path in all_html_files(built):
        links = parse(path).xpath("//head/link[@rel='alternate'][@type='application/atom+xml']")
        hrefs = [link.get("href") for link in links]
        assert "/campagne/feed.xml" in hrefs, path
        for href in hrefs:
            assert (built / href.removeprefix("/campagne/")).is_file()
    year = page(built, "/2030/").xpath("//head/link[@type='application/atom+xml']/@href")
    assert "/campagne/2030/feed.xml" in year


def test_a_feed_keeps_to_the_latest_entries(make_project: MakeProject, build: Build) -> None:
    many = "".join(f"- title: Activiteit {n}\n  date: 2030-11-{1 + n % 28:02d}\n"
                   for n in range(60))
    project = make_project({"content/site.yaml": SITE, "content/2030/activities.yaml": many})
    code, err = build(project, "--no-search", "--today", "2030-11-01")
    assert code == 0, err
    root = feed(project / "public/2030/feed.xml")
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 50
    assert one(entries[0], "updated").startswith("2030-11-28")
    assert_atom(root)
