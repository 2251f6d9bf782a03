"""The sample content built on dates before, during and after the Week: every page type exists and
shows what it must. Expectations come from the YAML, read in the test."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from site_helpers import (
    SAMPLE_CONTENT,
    all_html_files,
    broken_links,
    h1,
    main_text,
    page,
    parse,
    sample_activities,
    text,
)

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKS = {2018: date(2018, 11, 19), 2021: date(2021, 11, 15)}
DURING_2021 = "2021-11-17"  # a Wednesday; 2018 is over by then
BEFORE_2018 = "2018-11-10"
AFTER_2018 = "2018-11-26"
SampleSite = Callable[..., Path]
MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]


def dutch(d: date) -> str:
    """'maandag 19 november 2018', written out by hand rather than by Babel."""
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
    return f"{DAYS[d.weekday()]} {d.day} {months[d.month - 1]} {d.year}"


def main_el(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return tree.get_element_by_id("inhoud")


def activity_links(el: lxml.html.HtmlElement, year: int) -> list[str]:
    """The titles of the activities an element links to, in order."""
    return [text(a) for a in el.xpath(f".//a[starts-with(@href, '/{year}/activiteiten/')]"
                                      f"[not(@href = '/{year}/activiteiten/')]")]


def last_day(a: dict[str, Any]) -> date:
    end: date = a.get("end_date", a["date"])
    return end


def running_on(year: int, day: date) -> set[str]:
    return {a["title"] for a in sample_activities(year) if a["date"] <= day <= last_day(a)}


def week_days(year: int) -> list[date]:
    return [WEEKS[year] + timedelta(days=i) for i in range(7)]


def intro_paragraph(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    found = main_el(tree).xpath(".//p[contains(., 'Elk jaar is er rond 20 november')]")
    assert len(found) == 1
    return found[0]


def first_link(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return main_el(tree).xpath(".//a[@href]")[0]


def lead_text(tree: lxml.html.HtmlElement) -> str:
    """What a year's home shows before its introduction."""
    all_text = main_text(tree)
    return all_text[: all_text.index("Elk jaar is er rond 20 november")]


# --- the front page --------------------------------------------------------------------------

@pytest.mark.parametrize("today", [BEFORE_2018, AFTER_2018, DURING_2021])
def test_front_page_lists_all_years(sample_site: SampleSite, today: str) -> None:
    tree = page(sample_site("--today", today), "/")
    assert h1(tree) == "Week tegen Kindermishandeling"
    hrefs = {a.get("href") for a in main_el(tree).xpath(".//a")}
    assert {"/2018/", "/2021/"} <= hrefs


def test_front_page_during_the_week_leads_with_today(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", DURING_2021), "/")
    assert "woensdag 17 november 2021" in main_text(tree)
    assert set(activity_links(main_el(tree), 2021)) == running_on(2021, date(2021, 11, 17))


def test_front_page_features_the_latest_year_up_to_today(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", BEFORE_2018), "/")
    shown = main_text(tree)
    assert "Nog 9 dagen" in shown
    assert "ik maak het verschil" in shown
    assert "dichterbij" not in shown.split("Alle jaren")[0]


def test_front_page_after_the_week_leads_with_the_lookback(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", AFTER_2018), "/")
    assert first_link(tree).get("href") == "/2018/terugblik/"


# --- a year's home ---------------------------------------------------------------------------

def test_year_home_during_the_week_leads_with_today(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", DURING_2021), "/2021/")
    lead = lead_text(tree)
    assert "woensdag 17 november 2021" in lead
    intro = intro_paragraph(tree)
    before_intro = [text(a) for a in intro.xpath(
        "preceding::a[ancestor::main][starts-with(@href, '/2021/activiteiten/')]"
        "[not(@href = '/2021/activiteiten/')]")]
    assert set(before_intro) == running_on(2021, date(2021, 11, 17))
    assert "Online seminar: trauma sensitief werken en opvoeden" not in before_intro


def test_year_home_before_the_week_announces_it(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", BEFORE_2018), "/2018/")
    lead = lead_text(tree)
    assert "ik maak het verschil" in lead
    assert "Nog 9 dagen" in lead
    assert "19" in lead and "25 nov" in lead
    assert "Doe mee" in lead  # how to take part
    assert first_link(tree).get("href") == "/2018/meedoen/"
    assert "vandaag" not in main_text(tree).lower()


def test_year_home_counts_down_to_the_week(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2021/week.yaml": "theme: dichtbij\n"})
    code, err = build(project, "--today", "2021-11-14")
    assert code == 0, err
    assert "Nog 1 dag tot" in main_text(page(project / "public", "/2021/"))


def test_year_home_after_the_week_leads_with_the_lookback(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", AFTER_2018), "/2018/")
    link = first_link(tree)
    assert link.get("href") == "/2018/terugblik/"
    assert link in intro_paragraph(tree).xpath("preceding::a")


def test_year_home_lists_the_days(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", DURING_2021), "/2021/")
    hrefs = [a.get("href") for a in main_el(tree).xpath(".//a")]
    for day in DAYS:
        assert f"/2021/{day}/" in hrefs
    assert "/2021/na-de-week/" in hrefs
    assert "/2021/aanloop/" not in hrefs


# --- days ------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2018, 2021])
def test_day_pages_show_their_activities(sample_site: SampleSite, year: int) -> None:
    out = sample_site("--today", DURING_2021)
    for day in week_days(year):
        tree = page(out, f"/{year}/{DAYS[day.weekday()]}/")
        assert h1(tree) == dutch(day).capitalize()
        assert set(activity_links(main_el(tree), year)) == running_on(year, day)


def test_today_is_marked_in_the_navigation(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", DURING_2021), "/2021/maandag/")
    marked = [a for a in tree.xpath("//nav//a") if "(vandaag)" in text(a)]
    assert [a.get("href") for a in marked] == ["/2021/woensdag/"]
    assert "woensdag 17" in text(marked[0])  # the short name 'wo' is hidden from screen readers


# --- the overview ----------------------------------------------------------------------------

def overview_sections(tree: lxml.html.HtmlElement, year: int) -> list[tuple[str, list[str]]]:
    return [(text(s.xpath("./h2")[0]), activity_links(s, year))
            for s in main_el(tree).xpath("./section")]


@pytest.mark.parametrize("year", [2018, 2021])
def test_overview_groups_activities_by_day(sample_site: SampleSite, year: int) -> None:
    tree = page(sample_site("--today", DURING_2021), f"/{year}/activiteiten/")
    sections = overview_sections(tree, year)
    days = week_days(year)
    assert [heading for heading, _ in sections][:7] == [dutch(d).capitalize() for d in days]
    activities = sample_activities(year)
    for (_, titles), day in zip(sections, days, strict=False):
        assert sorted(titles) == sorted(running_on(year, day))  # on every day it runs
    listed = {t for _, titles in sections for t in titles}
    assert listed == {a["title"] for a in activities}  # none left out


def test_overview_shows_follow_up_apart(sample_site: SampleSite) -> None:
    out = sample_site("--today", DURING_2021)
    sections = overview_sections(page(out, "/2021/activiteiten/"), 2021)
    assert len(sections) == 8
    assert sections[-1] == ("Na de Week", ["Online seminar: trauma sensitief werken en opvoeden"])
    follow_up = page(out, "/2021/na-de-week/")
    assert activity_links(main_el(follow_up), 2021) == [
        "Online seminar: trauma sensitief werken en opvoeden"]
    for day in week_days(2021):
        day_page = page(out, f"/2021/{DAYS[day.weekday()]}/")
        assert "Online seminar" not in main_text(day_page)
    assert not (out / "2021/aanloop").exists()
    assert not (out / "2018/na-de-week").exists()
    assert not (out / "2018/aanloop").exists()


# --- activities ------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2018, 2021])
def test_each_activity_has_its_page(sample_site: SampleSite, year: int) -> None:
    out = sample_site("--today", DURING_2021)
    pages = sorted((out / str(year) / "activiteiten").glob("*/index.html"))
    activities = sample_activities(year)
    assert len(pages) == len(activities)
    titles = sorted(h1(parse(p)) for p in pages)
    assert titles == sorted(a["title"] for a in activities)
    overview = page(out, f"/{year}/activiteiten/")
    for a in main_el(overview).xpath(f".//a[starts-with(@href, '/{year}/activiteiten/')]"):
        assert h1(page(out, a.get("href"))) == text(a)


def test_activity_page_shows_its_facts_in_dutch(sample_site: SampleSite) -> None:
    out = sample_site("--today", DURING_2021)
    tree = page(out, "/2018/activiteiten/mbo-studenten-leren-wat-zij-kunnen-doen/")
    shown = main_text(tree)
    assert h1(tree) == "Mbo-studenten leren wat zij kunnen doen"
    assert "donderdag 22 november 2018" in shown
    assert "Erasmus Universiteit Rotterdam" in shown
    assert "850" in shown
    assert "Ruim 850 mbo-studenten uit het hele land" in shown  # the description
    hrefs = {a.get("href") for a in main_el(tree).xpath(".//a")}
    assert {"/2018/donderdag/", "/2018/regio/rotterdam/", "/2018/thema/ik-maak-het-verschil/",
            "/2018/hashtag/ikmaakhetverschil/"} <= hrefs


def test_activity_page_lists_its_media(sample_site: SampleSite) -> None:
    out = sample_site("--today", DURING_2021)
    tree = page(out, "/2018/activiteiten/twee-vlogs-van-de-jongeren-taskforce/")
    links = {a.get("href"): text(a) for a in main_el(tree).xpath(".//a")}
    youtube = "https://www.youtube.com/watch?v="
    assert links[youtube + "voorbeeld02"] == "Vlog 1 van de Jongeren Taskforce"
    assert links[youtube + "voorbeeld03"] == "Vlog 2 van de Jongeren Taskforce"


# --- groups ----------------------------------------------------------------------------------

TAXONOMIES = {"regio": "region", "organisator": "organiser", "thema": "theme",
              "hashtag": "hashtag"}


def expected_groups(year: int, key: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for a in sample_activities(year):
        values = a.get(key)
        for value in values if isinstance(values, list) else [values]:
            if value:
                groups[value].add(a["title"])
    return dict(groups)


@pytest.mark.parametrize("year", [2018, 2021])
@pytest.mark.parametrize("taxonomy", list(TAXONOMIES))
def test_group_pages_list_the_right_activities(sample_site: SampleSite, year: int,
                                               taxonomy: str) -> None:
    out = sample_site("--today", DURING_2021)
    index = page(out, f"/{year}/{taxonomy}/")
    found = {}
    for link in main_el(index).xpath(f".//a[starts-with(@href, '/{year}/{taxonomy}/')]"):
        group = page(out, link.get("href"))
        name = text(link).removeprefix("#")
        assert h1(group).removeprefix("#").startswith(name)
        found[name] = set(activity_links(main_el(group), year))
    assert found == expected_groups(year, TAXONOMIES[taxonomy])


# --- Markdown pages --------------------------------------------------------------------------

def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    _, meta, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


@pytest.mark.parametrize("source", ["2018/meedoen.md", "2021/meedoen.md", "2021/verhalen.md"])
def test_markdown_pages(sample_site: SampleSite, source: str) -> None:
    meta, body = front_matter(SAMPLE_CONTENT / source)
    out = sample_site("--today", DURING_2021)
    tree = page(out, "/" + source.removesuffix(".md") + "/")
    assert h1(tree) == meta["title"]
    headings = [text(h) for h in main_el(tree).xpath(".//h2 | .//h3")]
    expected = [line.removeprefix("## ") for line in body.splitlines() if line.startswith("## ")]
    assert expected and headings == expected
    first_words = " ".join(body.split()[:6])
    assert first_words in main_text(tree)
    assert tree.xpath("//meta[@name='description']/@content") == [meta["summary"]]


def test_pages_appear_in_the_menu_in_order(sample_site: SampleSite) -> None:
    tree = page(sample_site("--today", DURING_2021), "/2021/maandag/")
    menu = [a.get("href") for a in tree.xpath("//header//nav//a")]
    assert menu.index("/2021/meedoen/") < menu.index("/2021/verhalen/")  # order: 1 and 2


def test_year_introduction_is_the_home(sample_site: SampleSite) -> None:
    out = sample_site("--today", DURING_2021)
    tree = page(out, "/2021/")
    assert h1(tree) == "Week tegen Kindermishandeling 2021"
    assert "Centraal staan de verhalen van professionals" in main_text(tree)  # its 'tijdens' part
    assert "Centraal stonden" not in main_text(tree)  # the part for after the Week
    assert not (out / "2021/index").exists()


# --- every page ------------------------------------------------------------------------------

@pytest.mark.parametrize("today", [BEFORE_2018, AFTER_2018, DURING_2021])
def test_every_page_has_exactly_one_h1(sample_site: SampleSite, today: str) -> None:
    files = all_html_files(sample_site("--today", today))
    assert len(files) > 80
    for path in files:
        assert len(parse(path).xpath("//h1")) == 1, path


@pytest.mark.parametrize("today", [BEFORE_2018, AFTER_2018, DURING_2021])
def test_every_internal_link_resolves(sample_site: SampleSite, today: str) -> None:
    assert broken_links(sample_site("--today", today)) == []


@pytest.mark.parametrize("today", [BEFORE_2018, AFTER_2018, DURING_2021])
def test_every_page_has_the_navigation(sample_site: SampleSite, today: str) -> None:
    out = sample_site("--today", today)
    featured = int(today[:4])
    for path in all_html_files(out):
        first = path.relative_to(out).parts[0]
        year = int(first) if first.isdigit() else featured
        nav = {a.get("href") for a in parse(path).xpath("//nav//a")}
        expected = {f"/{year}/{day}/" for day in DAYS} | {f"/{year}/activiteiten/", "/2018/",
                                                          "/2021/"}
        assert expected <= nav, (path, expected - nav)


@pytest.mark.parametrize("today", [BEFORE_2018, DURING_2021])
def test_every_page_links_its_style_sheet(sample_site: SampleSite, today: str) -> None:
    out = sample_site("--today", today)
    [href] = {h for path in all_html_files(out)
              for h in parse(path).xpath("//link[@rel='stylesheet']/@href")}
    assert re.fullmatch(r"/static/style\.[0-9a-f]{8}\.css", href)  # content-hashed
    assert (out / href.lstrip("/")).read_bytes() == (out / "static/style.css").read_bytes()
    for path in all_html_files(out):
        assert href in parse(path).xpath("//link[@rel='stylesheet']/@href"), path


def test_404_page(sample_site: SampleSite) -> None:
    tree = parse(sample_site("--today", DURING_2021) / "404.html")
    assert h1(tree) == "Pagina niet gevonden"


# --- status, lead-up, defaults, slugs, drafts (small projects) -------------------------------

ACTIVITIES = "content/2021/activities.yaml"


@pytest.mark.parametrize(("status", "label"), [
    ("cancelled", "gaat niet door"),
    ("postponed", "uitgesteld"),
    ("moved-online", "online"),
])
def test_activity_status_is_shown_not_dropped(make_project: MakeProject, build: Build,
                                              status: str, label: str) -> None:
    project = make_project({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n"
                                        f"  region: Utrecht\n  status: {status}\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    for address in ("/2021/activiteiten/open-dag/", "/2021/activiteiten/", "/2021/dinsdag/",
                    "/2021/regio/utrecht/"):
        tree = page(out, address)
        struck = [text(s) for s in main_el(tree).xpath(".//s")]
        assert struck == (["Open dag"] if status == "cancelled" else []), address
        assert "Open dag" in main_text(tree)
        assert label in main_text(tree).lower(), address


def test_lead_up_activities_are_apart(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "- title: Vooraf\n  date: 2021-11-01\n"
                                        "- title: In de Week\n  date: 2021-11-16\n"})
    code, err = build(project, "--today", "2021-10-01")
    assert code == 0, err
    out = project / "public"
    assert activity_links(main_el(page(out, "/2021/aanloop/")), 2021) == ["Vooraf"]
    assert overview_sections(page(out, "/2021/activiteiten/"), 2021)[0] == ("Aanloop", ["Vooraf"])
    for day in DAYS:
        assert "Vooraf" not in main_text(page(out, f"/2021/{day}/"))
    hrefs = {a.get("href") for a in main_el(page(out, "/2021/")).xpath(".//a")}
    assert "/2021/aanloop/" in hrefs
    assert not (out / "2021/na-de-week").exists()


def test_default_week_without_week_yaml(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2026/activities.yaml": "- title: A\n  date: 2026-11-18\n"})
    code, err = build(project, "--today", "2026-01-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2026/maandag/")) == "Maandag 16 november 2026"
    assert h1(page(out, "/2026/zondag/")) == "Zondag 22 november 2026"
    assert activity_links(main_el(page(out, "/2026/woensdag/")), 2026) == ["A"]


def test_week_with_its_own_dates(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2020/week.yaml": "start: 2020-11-18\nend: 2020-11-22\n"})
    code, err = build(project, "--today", "2020-01-01")
    assert code == 0, err
    out = project / "public"
    assert sorted(p.name for p in (out / "2020").iterdir() if p.name in DAYS) == sorted(
        ["woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])
    assert h1(page(out, "/2020/woensdag/")) == "Woensdag 18 november 2020"


def test_slugs_are_derived_and_made_unique(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n"
                                        "- title: Open dag!\n  date: 2021-11-16\n"
                                        "- title: Iets anders\n  date: 2021-11-17\n"
                                        "  slug: open-dag-2\n"
                                        "- title: Café ‘De Week’ — Utrecht\n  date: 2021-11-17\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2021/activiteiten/open-dag/")) == "Open dag"
    assert h1(page(out, "/2021/activiteiten/open-dag-2/")) == "Iets anders"
    assert h1(page(out, "/2021/activiteiten/open-dag-3/")) == "Open dag!"
    assert h1(page(out, "/2021/activiteiten/cafe-de-week-utrecht/")) == "Café ‘De Week’ — Utrecht"


def test_names_without_latin_letters_get_working_links(make_project: MakeProject,
                                                      build: Build) -> None:
    """A region, organiser, theme or hashtag that has no a-z/0-9 in it still links somewhere
    that exists (here: '???', '東京', '…' and the valid hashtag #東京)."""
    project = make_project({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n"
                                        "  region: '???'\n  organiser: 東京\n  theme: '…'\n"
                                        "  hashtag: 東京\n"})
    code, err = build(project, "--today", "2021-11-30")
    assert code == 0, err
    out = project / "public"
    assert broken_links(out) == []
    assert "Open dag" in main_text(page(out, "/2021/activiteiten/open-dag/"))


def test_drafts_and_dated_pages(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/2021/concept.md": "---\ntitle: Concept\ndraft: true\n---\nNog niet af.\n",
        "content/2021/dinsdagstuk.md": "---\ntitle: Stuk van dinsdag\ndate: 2021-11-16\n---\nx\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert not (out / "2021/concept").exists()
    assert "/2021/concept/" not in {a.get("href") for a in page(out, "/2021/").xpath("//a")}
    tuesday = page(out, "/2021/dinsdag/")
    assert "/2021/dinsdagstuk/" in {a.get("href") for a in main_el(tuesday).xpath(".//a")}
    code, err = build(project, "--today", "2021-11-01", "--drafts")
    assert code == 0, err
    assert h1(page(out, "/2021/concept/")) == "Concept"


def test_markdown_links_to_site_pages_work(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/2021/doe-mee.md": "---\ntitle: Doe mee\n---\n# Kop\n\nZie [de lijst]"
                                   "(/2021/activiteiten/).\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    tree = page(project / "public", "/2021/doe-mee/")
    assert h1(tree) == "Doe mee"  # the Markdown '# Kop' became an h2
    assert [text(h) for h in main_el(tree).xpath(".//h2")] == ["Kop"]
    assert main_el(tree).xpath(".//a[text()='de lijst']/@href") == ["/2021/activiteiten/"]
