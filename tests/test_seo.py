"""What search engines and link previews read: schema.org JSON-LD (Event, the Week with its
sub-events, BreadcrumbList) parsed as JSON, OpenGraph tags with a picture per year, the sitemap
and robots.txt, the 404 page, and `weekgen check`'s advice on what an event lacks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import pytest

from site_helpers import all_html_files, page, parse, run_main, write_project
from weekgen.formats import seo
from weekgen.model.config import SiteConfig

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
Cli = Callable[..., tuple[int, str, str]]

BASE = "https://example.org/campagne/"
SITE = f"title: Voorbeeldweek\nbase_url: {BASE}\nhashtag: voorbeeldweek\n"
OFFSET_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
ACTIVITIES = """\
- title: Open avond
  date: 2030-11-19
  start_time: "19:30"
  end_time: "21:00"
  location: Buurthuis De Linde, Dorpsstraat 1
  region: Brugdorp
  organiser: Stichting Voorbeeld
  description: |
    Praten over **veilig thuis**.
- title: Webinar
  date: 2030-11-20
  start_time: "10:00"
  online: true
  url: https://example.org/webinar
- title: Hybride middag
  date: 2030-11-21
  start_time: "13:00"
  location: Bibliotheek
  online: true
  url: https://example.org/live
- title: Verplaatst
  date: 2030-11-21
  start_time: "15:00"
  location: Zaal 2
  status: moved-online
  url: https://example.org/online
- title: Afgelast
  date: 2030-11-22
  status: cancelled
- title: "Gevaar </script><script>alert(1)</script> <!--"
  date: 2030-11-18
  end_date: 2030-11-19
  region: landelijk
"""
FILES = {"content/site.yaml": SITE, "content/2030/activities.yaml": ACTIVITIES,
         "content/2030/week.yaml": "theme: samen\nhashtags: [samen2030]\n",
         "content/2030/meedoen.md": "---\ntitle: Doe mee\n---\nTekst.\n"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("seo"), FILES)
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-11-01"])
    assert code == 0
    return root / "public"


def json_ld(path: Path) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page (each script's @graph)."""
    found = []
    for script in parse(path).xpath("//script[@type='application/ld+json']"):
        assert "<" not in script.text  # cannot end the script element
        data = json.loads(script.text)
        assert data["@context"] == "https://schema.org"
        found.extend(data["@graph"])
    return found


def of_type(path: Path, kind: str) -> list[dict[str, Any]]:
    return [d for d in json_ld(path) if d["@type"] == kind]


def event_on(out: Path, slug: str) -> dict[str, Any]:
    [event] = of_type(out / f"2030/activiteiten/{slug}/index.html", "Event")
    for key in ("name", "startDate", "eventStatus", "url", "@id"):
        assert key in event, key
    assert event["url"] == f"{BASE}2030/activiteiten/{slug}/"
    return event


def test_an_activity_is_an_event_with_place_times_and_organiser(built: Path) -> None:
    event = event_on(built, "open-avond")
    assert event["name"] == "Open avond"
    assert event["startDate"] == "2030-11-19T19:30:00+01:00"
    assert event["endDate"] == "2030-11-19T21:00:00+01:00"
    assert OFFSET_TIME.match(event["startDate"])
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {"@type": "Place", "name": "Buurthuis De Linde, Dorpsstraat 1",
                                 "address": {"@type": "PostalAddress",
                                             "streetAddress": "Buurthuis De Linde, Dorpsstraat 1",
                                             "addressLocality": "Brugdorp"}}
    assert event["organizer"] == {"@type": "Organization", "name": "Stichting Voorbeeld"}
    assert event["description"] == "Praten over veilig thuis."  # plain text
    assert event["image"] == [BASE + "2030/deelkaart.png"]  # not highlighted: the year's
    assert event["superEvent"] == {"@id": BASE + "2030/#event"}


def test_online_mixed_moved_and_cancelled(built: Path) -> None:
    online = event_on(built, "webinar")
    assert online["location"] == {"@type": "VirtualLocation", "url": "https://example.org/webinar"}
    assert online["eventAttendanceMode"].endswith("/OnlineEventAttendanceMode")
    mixed = event_on(built, "hybride-middag")
    assert [p["@type"] for p in mixed["location"]] == ["Place", "VirtualLocation"]
    assert mixed["eventAttendanceMode"].endswith("/MixedEventAttendanceMode")
    moved = event_on(built, "verplaatst")
    assert moved["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert moved["location"]["@type"] == "VirtualLocation"
    cancelled = event_on(built, "afgelast")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["startDate"] == "2030-11-22"  # a whole day: the date alone


def test_text_cannot_break_out_of_the_script(built: Path) -> None:
    slug = "gevaar-script-script-alert-1-script"
    path = built / f"2030/activiteiten/{slug}/index.html"
    raw = path.read_text()
    assert raw.count("<script") == raw.count("</script>") == 1
    event = event_on(built, slug)
    assert event["name"] == "Gevaar </script><script>alert(1)</script> <!--"
    assert (event["startDate"], event["endDate"]) == ("2030-11-18", "2030-11-19")
    [crumbs] = of_type(path, "BreadcrumbList")
    assert crumbs["itemListElement"][-1]["name"] == event["name"]  # text, not entities
    assert meta(parse(path), "og:title") == event["name"]


def test_previews_show_text_as_written(make_project: MakeProject, build: Build) -> None:
    project = make_project({**FILES, "content/site.yaml": SITE + "description: Wij & jij\n",
                            "content/2030/meedoen.md": "---\ntitle: A & B\n---\nTekst.\n"})
    code, err = build(project, "--no-search", "--today", "2030-11-01")
    assert code == 0, err
    tree = page(project / "public", "/2030/meedoen/")
    assert (meta(tree, "og:title"), meta(tree, "og:description")) == ("A & B", "Wij & jij")


def test_a_long_text_is_summed_up_once_for_previews_and_search_engines(
        make_project: MakeProject, build: Build) -> None:
    """The whole text is on the page; its head carries the same short summary twice (link
    previews and JSON-LD), not the whole text again."""
    paragraph = "Wij praten met ouders over wat er in de buurt gebeurt en wat zij nodig hebben. "
    long = ACTIVITIES.replace("    Praten over **veilig thuis**.\n",
                              f"    Praten over **veilig thuis**.\n\n    {paragraph * 8}\n")
    assert long != ACTIVITIES
    project = make_project({**FILES, "content/2030/activities.yaml": long})
    code, err = build(project, "--no-search", "--today", "2030-11-01")
    assert code == 0, err
    path = project / "public/2030/activiteiten/open-avond/index.html"
    [event] = of_type(path, "Event")
    shown = meta(parse(path), "og:description")
    assert event["description"] == shown
    assert shown.startswith("Praten over veilig thuis. Wij praten met ouders") and \
        shown.endswith("…") and len(shown) <= 200
    assert paragraph.strip() in " ".join(parse(path).xpath("//main//text()"))  # all of it


def test_the_week_is_an_event_with_its_activities(built: Path) -> None:
    [week] = of_type(built / "2030/index.html", "Event")
    assert week["@id"] == BASE + "2030/#event"
    assert week["name"] == "Voorbeeldweek 2030: samen"
    assert (week["startDate"], week["endDate"]) == ("2030-11-18", "2030-11-24")
    subs = {s["url"] for s in week["subEvent"]}
    assert len(subs) == 6 and BASE + "2030/activiteiten/open-avond/" in subs
    assert all("name" in s and "startDate" in s for s in week["subEvent"])


def test_every_page_below_the_front_page_has_breadcrumbs(built: Path) -> None:
    for path in all_html_files(built):
        rel = path.relative_to(built).as_posix()
        if rel in ("index.html", "404.html"):
            assert not of_type(path, "BreadcrumbList"), rel
            continue
        [crumbs] = of_type(path, "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert items[0]["item"] == BASE and items[0]["name"] == "Voorbeeldweek"
        assert items[-1]["item"] == BASE + rel.removesuffix("index.html"), rel
        assert all(i["name"] and i["item"].startswith(BASE) for i in items)
    [crumbs] = of_type(built / "2030/activiteiten/open-avond/index.html", "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Voorbeeldweek", "Week van 2030", "Alle activiteiten", "Open avond"]


def meta(tree: Any, prop: str) -> str:
    [value] = tree.xpath(f"//head/meta[@property='{prop}' or @name='{prop}']/@content")
    return str(value)


def test_link_previews_have_opengraph_and_twitter_tags(built: Path) -> None:
    tree = page(built, "/2030/activiteiten/open-avond/")
    assert meta(tree, "og:title") == "Open avond"
    assert meta(tree, "og:description") == "Praten over veilig thuis."
    assert meta(tree, "og:url") == BASE + "2030/activiteiten/open-avond/"
    assert meta(tree, "og:url") == tree.xpath("//link[@rel='canonical']/@href")[0]
    assert meta(tree, "og:type") == "article"
    assert meta(tree, "og:image") == BASE + "2030/deelkaart.png"
    assert meta(tree, "og:locale") == "nl_NL"
    assert (meta(tree, "og:image:width"), meta(tree, "og:image:height")) == ("1200", "630")
    assert meta(tree, "og:image:alt").startswith("Week van 2030 · ")
    assert meta(tree, "twitter:card") == "summary_large_image"
    assert (built / "2030/deelkaart.png").read_bytes().startswith(b"\x89PNG")
    assert meta(page(built, "/2030/"), "og:type") == "website"
    for path in all_html_files(built):
        if path.name == "index.html":
            tree = parse(path)
            assert urlsplit(meta(tree, "og:image")).netloc == "example.org", path


def test_a_year_can_have_its_own_picture(make_project: MakeProject, build: Build) -> None:
    project = make_project({**FILES, "content/2030/week.yaml": "image: deelbeeld.png\n",
                            "content/2030/deelbeeld.png": b"\x89PNG\r\n\x1a\n"})
    code, err = build(project, "--no-search", "--today", "2030-11-01")
    assert code == 0, err
    out = project / "public"
    assert meta(page(out, "/2030/meedoen/"), "og:image") == BASE + "2030/deelbeeld.png"
    assert (out / "2030/deelbeeld.png").is_file()
    assert meta(page(out, "/"), "og:image") == BASE + "2030/deelbeeld.png"  # the featured year


@pytest.mark.parametrize(("image", "message"), [
    ("ontbreekt.png", "'image' ontbreekt.png staat niet in content/2030/"),
    ("logo.svg", "'image' logo.svg is geen afbeelding die linkvoorbeelden kunnen tonen"),
])
def test_a_missing_or_unusable_picture_is_an_error(make_project: MakeProject, build: Build,
                                                   image: str, message: str) -> None:
    project = make_project({**FILES, "content/2030/week.yaml": f"theme: x\nimage: {image}\n",
                            "content/2030/logo.svg": "<svg/>"})
    code, err = build(project, "--no-search", "--today", "2030-11-01")
    assert code == 1
    assert f"content/2030/week.yaml:2:8: {message}" in err


def test_the_sitemap_lists_every_page_with_its_full_address(built: Path) -> None:
    root = lxml.etree.fromstring((built / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{ns}urlset"
    locs = [el.text for el in root.iter(f"{ns}loc")]
    assert not list(root.iter(f"{ns}lastmod"))
    pages = {BASE + p.relative_to(built).as_posix().removesuffix("index.html")
             for p in all_html_files(built) if p.name != "404.html"}
    assert set(locs) == pages and len(locs) == len(pages)
    assert BASE + "zoeken/" in pages


def test_robots_txt_points_to_the_sitemap(built: Path) -> None:
    lines = (built / "robots.txt").read_text().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_a_big_site_gets_a_sitemap_index() -> None:
    config = SiteConfig("Groot", "https://example.org/")
    paths = [f"p{n}/index.html" for n in range(seo.SITEMAP_LIMIT + 1)]
    files = seo.sitemap_files(config, paths)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = lxml.etree.fromstring(files["sitemap.xml"])
    assert index.tag.endswith("sitemapindex")
    assert [el.text for el in index.iter("{*}loc")] == [
        "https://example.org/sitemap-1.xml", "https://example.org/sitemap-2.xml"]
    assert len(lxml.etree.fromstring(files["sitemap-2.xml"])) == 1


def test_the_404_page_is_dutch_and_not_indexed(built: Path) -> None:
    tree = parse(built / "404.html")
    assert tree.get("lang") == "nl"
    assert tree.xpath("//h1/text()") == ["Pagina niet gevonden"]
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert tree.xpath("//a[@href='/campagne/']")  # links work from any depth
    [icon] = tree.xpath("//link[@rel='icon']/@href")
    assert (built / icon.removeprefix("/campagne/")).is_file()


def test_check_advises_on_what_an_event_lacks(make_project: MakeProject, cli: Cli) -> None:
    project = make_project(FILES)
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    warned = re.findall(r"^(content/\S+): advice: search engines show '([^']+)'", err, re.M)
    # the cancelled one and the nationwide programme of two days are not events to go to
    assert warned == []
    project = make_project({**FILES, "content/2030/activities.yaml": ACTIVITIES + """\
- title: Zonder tijd
  date: 2030-11-20
  location: Gemeentehuis
- title: Zonder plek
  date: 2030-11-20
  start_time: "09:00"
- title: Online zonder link
  date: 2030-11-20
  start_time: "09:00"
  online: true
- title: Een rapport
  date: 2030-11-20
  kind: publication
"""})
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    warned = re.findall(r"^(content/\S+): advies: zoekmachines tonen '([^']+)' alleen als "
                        r"evenement met (.*)$", err, re.M)
    assert warned == [
        ("content/2030/activities.yaml:34:3", "Zonder tijd", 'een start_time'),
        ("content/2030/activities.yaml:37:3", "Zonder plek",
         'een location (of online: true met een url)'),
        ("content/2030/activities.yaml:40:3", "Online zonder link",
         'een location (of online: true met een url)'),
    ]
    # advice, not a warning: shown only when asked, counted otherwise, and never fails
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert "zoekmachines tonen" not in err
    assert re.search(r"^weekgen: 3 suggesties voor zoekmachines en delen: "
                     r"weekgen check --advice$", err, re.M)
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2030-12-01")
    assert "zoekmachines" not in err  # the Week is over: nothing to advise


def test_advice_stays_short_for_a_big_import(make_project: MakeProject, cli: Cli) -> None:
    many = "".join(f"- title: Activiteit {n}\n  date: 2030-11-20\n" for n in range(25))
    project = make_project({"content/site.yaml": SITE, "content/2030/activities.yaml": many})
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert len(re.findall(r"advies: zoekmachines tonen", err)) == seo.WARNINGS_PER_YEAR
    assert "content/2030/activities.yaml: advies: en nog 15 activiteiten van 2030 missen" in err


def test_check_advises_a_full_base_url(make_project: MakeProject, cli: Cli) -> None:
    project = make_project({"content/site.yaml": "title: Zonder adres\n",
                            "content/2030/activities.yaml": ""})
    code, _, err = cli("check", "--advice", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert "content/site.yaml:1:1: advies: site.yaml heeft geen volledige 'base_url'" in err
    code, _, err = cli("check", "--strict", "--source", str(project), "--today", "2030-11-01")
    assert code == 0, err
    assert "base_url" not in err
    assert re.search(r"^weekgen: 1 suggestie voor zoekmachines en delen: "
                     r"weekgen check --advice$", err, re.M)


WORKS = """\
- title: Rapport over de proef
  date: 2030-11-19
  kind: publication
  organiser: Proefinstituut
- title: Proefvlog
  date: 2030-11-20
  kind: vlog
  media:
    - kind: vlog
      url: https://www.youtube.com/watch?v=abcdefghijk
      title: De vlog
- title: In de krant
  date: 2030-11-20
  kind: media
- title: Overal in het land
  date: 2030-11-21
  region: landelijk
- title: Ergens in Brugdorp
  date: 2030-11-21
  region: Brugdorp
"""


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("works"),
                         {**FILES, "content/2030/activities.yaml": ACTIVITIES + WORKS})
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-11-01"])
    assert code == 0
    return root / "public"


@pytest.mark.parametrize(("slug", "kind"), [("rapport-over-de-proef", "Report"),
                                            ("proefvlog", "VideoObject"),
                                            ("in-de-krant", "CreativeWork")])
def test_a_publication_video_or_media_item_is_typed_as_what_it_is(works: Path, slug: str,
                                                                   kind: str) -> None:
    page_file = works / f"2030/activiteiten/{slug}/index.html"
    assert of_type(page_file, "Event") == []
    [item] = of_type(page_file, kind)
    assert item["url"] == f"{BASE}2030/activiteiten/{slug}/"
    assert item["datePublished"].startswith("2030-11-")
    if kind == "VideoObject":
        assert item["embedUrl"] == "https://www.youtube-nocookie.com/embed/abcdefghijk"
        assert item["uploadDate"] == "2030-11-20" and item["thumbnailUrl"]
    if kind == "Report":
        assert item["author"] == {"@type": "Organization", "name": "Proefinstituut"}


def test_every_event_has_a_name_a_start_and_a_location(works: Path) -> None:
    events = []
    for path in sorted(works.rglob("index.html")):
        for item in json_ld(path):
            events.append(item)
            events.extend(item.get("subEvent", []))
    events = [e for e in events if e["@type"] == "Event"]
    assert len(events) > 10
    for e in events:
        assert e["name"] and e["startDate"] and e["location"], e
    assert event_on(works, "overal-in-het-land")["location"] == \
        {"@type": "Country", "name": "Nederland"}
    assert event_on(works, "ergens-in-brugdorp")["location"] == \
        {"@type": "Place", "name": "Brugdorp",
         "address": {"@type": "PostalAddress", "addressLocality": "Brugdorp"}}
    titles = {s["name"] for s in of_type(works / "2030/index.html", "Event")[0]["subEvent"]}
    assert "Rapport over de proef" not in titles and "Overal in het land" in titles
