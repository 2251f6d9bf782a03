"""The look-back: no page and no link before the Week is over; afterwards the narrative, the Week
day by day, the highlights and totals that match the activity list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from site_helpers import (
    SAMPLE_CONTENT,
    all_html_files,
    h1,
    main_text,
    page,
    parse,
    sample_activities,
    text,
)
from weekgen.engine.session import Session
from weekgen.errors import Problems
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity
from weekgen.model.site import assemble
from weekgen.options import BuildOptions
from weekgen.plan import plan
from weekgen.preview.serve import Preview
from weekgen.read.project import Project

SampleSite = Callable[..., Path]
MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]


@pytest.mark.parametrize("today", ["2018-11-10", "2018-11-19", "2018-11-25"])
def test_no_lookback_and_no_link_before_the_end(sample_site: SampleSite, today: str) -> None:
    out = sample_site("--today", today)
    assert not (out / "2018/terugblik").exists()
    assert not (out / "2021/terugblik").exists()
    for path in all_html_files(out):
        hrefs = parse(path).xpath("//@href")
        assert not [h for h in hrefs if "terugblik" in h], path


def test_lookback_only_for_weeks_that_are_over(sample_site: SampleSite) -> None:
    out = sample_site("--today", "2021-11-17")
    assert (out / "2018/terugblik/index.html").is_file()
    assert not (out / "2021/terugblik").exists()
    links = {h for p in all_html_files(out) for h in parse(p).xpath("//a/@href")
             if "terugblik" in h and h.startswith("/")}  # not the links that share a look-back
    assert links == {"/2018/terugblik/"}


@pytest.fixture(scope="module")
def lookback(sample_site: SampleSite) -> lxml.html.HtmlElement:
    return page(sample_site("--today", "2018-11-26"), "/2018/terugblik/")


def test_lookback_shows_the_narrative(lookback: lxml.html.HtmlElement) -> None:
    story = (SAMPLE_CONTENT / "2018/terugblik.md").read_text("utf-8").split("---\n", 2)[2]
    assert h1(lookback) == "Terugblik 2018"
    shown = main_text(lookback)
    assert " ".join(story.split()[:8]) in shown
    assert "Dank je wel" in [text(h) for h in lookback.xpath("//main//h2 | //main//h3")]
    assert "Iedereen die een activiteit organiseerde" in shown


def day_sections(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The sections of the 'Dag voor dag' part, each headed by its day(s)."""
    part = tree.xpath("//main//section[h2[normalize-space()='Dag voor dag']]")
    assert len(part) == 1
    return part[0].xpath("./section")


def heading(section: lxml.html.HtmlElement) -> str:
    return text(section.xpath("./h2 | ./h3 | ./h4")[0])


def test_a_videos_play_button_is_in_the_page_and_hidden_without_scripting(
        lookback: lxml.html.HtmlElement) -> None:
    """In the page from the start (a script that added them made the browser lay out the page
    again), and hidden by the head's noscript style when scripting is off."""
    boxes = lookback.xpath("//div[@class='video-placeholder']")
    assert boxes and all(len(b.xpath("button[@class='video-play']")) == 1 for b in boxes)
    hidden = lookback.xpath("//head/noscript/style/text()")
    assert [" ".join(t.split()) for t in hidden] == [".video-play { display: none; }"]


def test_lookback_goes_day_by_day_with_a_quiet_weekend_together(
        lookback: lxml.html.HtmlElement) -> None:
    headings = [heading(s) for s in day_sections(lookback)]
    assert headings[:5] == ["Maandag 19 november 2018", "Dinsdag 20 november 2018",
                            "Woensdag 21 november 2018", "Donderdag 22 november 2018",
                            "Vrijdag 23 november 2018"]
    assert len(headings) == 6
    weekend = headings[5].lower()
    assert "zaterdag" in weekend and "zondag" in weekend


def test_lookback_weekend_heading_is_written_in_dutch(lookback: lxml.html.HtmlElement) -> None:
    """Dutch writes weekdays in lower case inside a sentence: 'Zaterdag en zondag ...'."""
    weekend = heading(day_sections(lookback)[5])
    assert weekend.startswith("Zaterdag")
    assert "zondag" in weekend and "Zondag" not in weekend


def test_lookback_shows_the_highlights(lookback: lxml.html.HtmlElement) -> None:
    highlights = [a for a in sample_activities(2018) if a.get("highlight")]
    assert len(highlights) == 4
    sections = day_sections(lookback)
    for a in highlights:
        section = next(s for s in sections if f" {a['date'].day} november" in heading(s))
        linked = [text(x) for x in section.xpath(".//a[starts-with(@href, '/2018/activiteiten/')]")]
        assert a["title"] in linked
        first_words = " ".join(a["report"].split()[:6])
        assert first_words in text(section)


def totals_shown(tree: lxml.html.HtmlElement) -> dict[str, str]:
    return {text(dt): text(dt.getnext()) for dt in tree.xpath("//main//dl/div/dt | //main//dl/dt")
            if dt.getnext() is not None and dt.getnext().tag == "dd"}


def dutch_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_lookback_totals_match_the_activities(lookback: lxml.html.HtmlElement) -> None:
    held = [a for a in sample_activities(2018) if a.get("status", "scheduled") != "cancelled"]
    regions = {a["region"] for a in held if a.get("region") and a["region"] != "landelijk"}
    organisers = {a["organiser"] for a in held if a.get("organiser")}
    participants = sum(a.get("participants", 0) for a in held)
    shown = totals_shown(lookback)
    assert shown["Activiteiten"] == dutch_number(len(held)) == "22"
    assert shown["Deelnemers"] == dutch_number(participants) == "1.950"
    assert shown["Regio's"] == dutch_number(len(regions)) == "5"
    assert shown["Organisatoren"] == dutch_number(len(organisers)) == "9"


def test_lookback_is_linked_once_the_week_is_over(sample_site: SampleSite) -> None:
    out = sample_site("--today", "2018-11-26")
    for address in ("/", "/2018/", "/2018/maandag/", "/2018/activiteiten/"):
        assert "/2018/terugblik/" in page(out, address).xpath("//a/@href"), address


def test_activity_reports_appear_after_the_week(sample_site: SampleSite) -> None:
    address = "/2018/activiteiten/landelijke-aftrap-van-de-week/"
    during = main_text(page(sample_site("--today", "2018-11-20"), address))
    after = main_text(page(sample_site("--today", "2018-11-26"), address))
    assert "De aftrap was een middag vol persoonlijke verhalen" not in during
    assert "De aftrap was een middag vol persoonlijke verhalen" in after


def test_busy_weekend_keeps_its_own_days(make_project: MakeProject, build: Build) -> None:
    saturday = "".join(f"- title: Zaterdag {i}\n  date: 2021-11-20\n" for i in range(5))
    project = make_project({"content/2021/activities.yaml": saturday})
    code, err = build(project, "--today", "2021-11-22")
    assert code == 0, err
    headings = [heading(s) for s in day_sections(page(project / "public", "/2021/terugblik/"))]
    assert headings[-2:] == ["Zaterdag 20 november 2021", "Zondag 21 november 2021"]


def test_lookback_without_a_story_and_cancelled_not_counted(make_project: MakeProject,
                                                            build: Build) -> None:
    project = make_project({"content/2021/activities.yaml":
                            "- title: Door\n  date: 2021-11-15\n  participants: 40\n"
                            "  region: Utrecht\n  organiser: Gemeente Utrecht\n"
                            "- title: Niet door\n  date: 2021-11-16\n  participants: 99\n"
                            "  region: Zeist\n  organiser: Gemeente Zeist\n"
                            "  status: cancelled\n"})
    code, err = build(project, "--today", "2021-11-22")
    assert code == 0, err
    tree = page(project / "public", "/2021/terugblik/")
    assert h1(tree) == "Terugblik 2021"
    assert totals_shown(tree) == {"Activiteiten": "1", "Deelnemers": "40", "Regio's": "1",
                                  "Organisatoren": "1"}


# --- issue 6: the full look-back ---------------------------------------------------------------

def lookback_of(project: Path, year: int) -> lxml.html.HtmlElement:
    return page(project / "public", f"/{year}/terugblik/")


def section_of(tree: lxml.html.HtmlElement, heading_id: str) -> lxml.html.HtmlElement:
    """The <section> headed by the heading with this id."""
    return tree.get_element_by_id(heading_id).getparent()


def test_nothing_else_links_to_the_lookback_before_the_end(sample_site: SampleSite) -> None:
    """Feeds, calendars, sitemaps and the archive too: no address of a look-back anywhere."""
    out = sample_site("--today", "2018-11-25")
    others = [p for p in out.rglob("*") if p.is_file()
              and p.suffix in (".xml", ".json", ".ics", ".txt", ".webmanifest")]
    for path in others:
        assert "/terugblik/" not in path.read_text("utf-8"), path
    archive = page(out, "/archief/")
    assert not [h for h in archive.xpath("//@href") if "terugblik" in h]


def test_lookback_opens_with_its_image_summary_and_story(lookback: lxml.html.HtmlElement) -> None:
    images = lookback.xpath("//main//figure[@class='lookback-image']/img")
    assert [(i.get("src"), i.get("alt")) for i in images] == [
        ("/2018/terugblik.svg",
         "Het thema van 2018 in grote letters: ik maak het verschil")]
    assert "ik maak het verschil" in text(lookback.xpath("//main//p[@class='dates']")[0])
    assert text(lookback.xpath("//main//p[@class='lead']")[0]).startswith("Dag voor dag terug")
    assert [span.text_content() for span in lookback.xpath("//main//p[@class='hashtags']/span")] \
        == ["#ikmaakhetverschil"]


def test_the_story_goes_into_its_days(lookback: lxml.html.HtmlElement) -> None:
    monday, friday = day_sections(lookback)[0], day_sections(lookback)[4]
    assert "De Jongeren Taskforce nam die dag twee vlogs op." in text(monday)
    assert "praatten met voorbijgangers" in text(friday)
    opening = text(lookback.xpath("//main/div[@class='prose']")[0])
    assert "Jongeren Taskforce" not in opening  # said once, in its day, not in the opening too
    story_headings = [text(h) for h in lookback.xpath("//main//h2 | //main//h3")]
    assert "Maandag 19 november" not in story_headings  # the day's own heading stands instead


def test_each_day_ends_with_its_totals(lookback: lxml.html.HtmlElement) -> None:
    lines = [text(s.xpath("./p[@class='day-totals']")[0]) for s in day_sections(lookback)]
    # Thursday: two that start, three that run all week (whose participants count where they
    # start); the quiet weekend one section, each activity on it once.
    assert lines[3].startswith("5 activiteiten, 850 deelnemers.")
    assert lines[4].startswith("6 activiteiten, 1.100 deelnemers.")
    assert lines[5].startswith("4 activiteiten.")
    counts = [int(line.split()[0]) for line in lines]
    held = [a for a in sample_activities(2018) if a.get("status", "scheduled") != "cancelled"]
    sections = [range(19, 20), range(20, 21), range(21, 22), range(22, 23), range(23, 24),
                range(24, 26)]
    assert counts == [sum(1 for a in held if any(a["date"].day <= d <= a.get(
        "end_date", a["date"]).day for d in days)) for days in sections]
    weekend_links = day_sections(lookback)[5].xpath("./p[@class='day-totals']/a/@href")
    assert weekend_links == ["/2018/zaterdag/", "/2018/zondag/"]


def test_media_are_links_with_their_kind_and_videos_wait_for_a_click(
        lookback: lxml.html.HtmlElement) -> None:
    thursday = day_sections(lookback)[3]
    pdfs = {text(a): text(a.getnext()) for a in thursday.xpath(".//ul[@class='media-list']/li/a")
            if a.getnext() is not None and a.getnext().get("class") == "media-kind"}
    assert pdfs == {"Dadermonitor": "(PDF)", "Factsheet": "(PDF)"}  # the kind said once
    placeholders = lookback.xpath("//main//div[@class='video-placeholder']")
    videos = [m["url"] for a in sample_activities(2018) for m in a.get("media", [])
              if m["kind"] in ("video", "vlog") and "parts" not in m]
    assert len(placeholders) == len(videos) == 8  # on YouTube; Team Kim's 7 tips are a series
    first = placeholders[0]
    assert first.get("data-video-src") == "https://www.youtube-nocookie.com/embed/voorbeeld01"
    assert [(text(a), a.get("href")) for a in first.xpath(".//a[@class='video-link']")] == [
        ("Bekijk op YouTube", "https://www.youtube.com/watch?v=voorbeeld01")]
    series = lookback.xpath("//main//div[@class='media-series']")
    assert [text(p) for p in series[0].xpath("./p[@class='media-title']")] == [
        "Zeven tips van Team Kim (7 video's)"]
    assert [(text(a), a.get("href")) for a in series[0].xpath("./ol/li/a")][:2] == [
        ("Tip 1", "https://vimeo.com/000000001"), ("Tip 2", "https://vimeo.com/000000002")]
    assert len(series[0].xpath("./ol/li")) == 7
    poster = first.xpath("./img[@class='video-poster']")[0]
    assert (poster.get("src"), poster.get("alt"), poster.get("width"), poster.get("height")) == (
        "/2018/videoclip.svg", "", "640", "360")
    # nothing on the page itself asks a third party for anything
    assert lookback.xpath("//iframe") == []
    assert all(not s.startswith(("http:", "https:", "//")) for s in lookback.xpath("//@src"))
    scripts = lookback.xpath("//script/@src")
    assert len([s for s in scripts if s.startswith("/static/video.")]) == 1
    assert all(s.startswith("/static/") for s in scripts)
    assert lookback.xpath("//script[not(@src) and not(@type='application/ld+json')]"
                          " | //@*[starts-with(name(), 'on')]") == []


def test_region_lines_and_reach(lookback: lxml.html.HtmlElement) -> None:
    lines = [text(li) for li in lookback.xpath("//main//ul[@class='region-lines']/li")]
    assert lines[:2] == ["Rotterdam: 2 activiteiten, 850 deelnemers",
                         "Hart van Brabant: 1 activiteit, 1.100 deelnemers"]
    assert text(lookback.xpath("//main//p[@class='reach']")[0]) == \
        "Landelijk: 15 activiteiten, in de regio: 6 activiteiten, zonder regio: 1 activiteit."


def test_ruim_when_a_region_rounds_down(make_project: MakeProject, build: Build) -> None:
    items = "".join(f"- title: Fictief {i}\n  date: 2031-11-18\n  region: Fictiefland\n"
                    f"  participants: {n}\n" for i, n in enumerate((600, 537, 12)))
    project = make_project({"content/2031/activities.yaml": items})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 0, err
    lines = [text(li) for li in lookback_of(project, 2031).xpath("//ul[@class='region-lines']/li")]
    assert lines == ["Fictiefland: 3 activiteiten, ruim 1.100 deelnemers"]  # 1.149


def test_2018_has_no_earlier_years_to_compare(lookback: lxml.html.HtmlElement) -> None:
    assert lookback.xpath("//*[@id='eerdere-jaren']") == []


def test_a_later_year_is_compared_with_the_years_before(sample_site: SampleSite) -> None:
    out = sample_site("--today", "2021-11-22")
    tree = page(out, "/2021/terugblik/")
    part = section_of(tree, "eerdere-jaren")
    held = {y: [a for a in sample_activities(y) if a.get("status", "scheduled") != "cancelled"]
            for y in (2018, 2021)}
    assert text(part.xpath("./p[@class='comparison']")[0]) == \
        f"2021: {len(held[2021])} activiteiten · 2018: {len(held[2018])} activiteiten"
    rows = [[text(c) for c in tr.xpath("./th | ./td")] for tr in part.xpath(".//tbody/tr")]
    assert [r[:2] for r in rows] == [["2021", str(len(held[2021]))],
                                     ["2018", str(len(held[2018]))]]
    assert part.xpath(".//a/@href") == ["/2018/terugblik/"]


def test_the_lookback_closes_with_thanks(lookback: lxml.html.HtmlElement) -> None:
    closing = section_of(lookback, "bedankt")
    assert text(closing.xpath("./h2")[0]) == "Dank je wel"
    assert "Samen maakten jullie het verschil." in text(closing)
    assert closing is lookback.xpath("//main/section")[-1]


def test_a_year_without_story_or_highlights_is_still_a_lookback(make_project: MakeProject,
                                                                 build: Build) -> None:
    items = ("- title: Fictieve training\n  date: 2031-11-18\n  kind: training\n"
             "  media:\n    - kind: pdf\n      url: https://example.org/fictief.pdf\n"
             "      title: Fictief verslag\n")
    project = make_project({"content/2031/activities.yaml": items})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 0, err
    tree = lookback_of(project, 2031)
    assert h1(tree) == "Terugblik 2031"
    assert "is voorbij" in text(tree.xpath("//main/p[@class='lead']")[0])
    sections = day_sections(tree)
    assert len(sections) == 6 and not tree.xpath("//article[@class='highlight']")
    assert "Fictief verslag" in text(sections[1])
    assert text(section_of(tree, "bedankt").xpath("./h2")[0]) == "Bedankt"
    assert "Dank aan iedereen" in text(section_of(tree, "bedankt"))
    assert tree.xpath("//script[@src]") == []  # no video, no script
    empty = make_project({"content/2032/week.yaml": "theme: leeg\n"}, root=project / "leeg")
    code, err = build(empty, "--today", "2032-12-01")
    assert code == 0, err
    tree = lookback_of(empty, 2032)
    assert totals_shown(tree)["Activiteiten"] == "0" and not tree.xpath("//figure")


@pytest.mark.parametrize(("threshold", "merged"), [(2, False), (3, True)])
def test_weekend_threshold_from_week_yaml(make_project: MakeProject, build: Build,
                                          threshold: int, merged: bool) -> None:
    weekend = "- title: Za\n  date: 2031-11-22\n- title: Zo\n  date: 2031-11-23\n"
    project = make_project({"content/2031/activities.yaml": weekend,
                            "content/2031/week.yaml": f"weekend_threshold: {threshold}\n"})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 0, err
    headings = [heading(s) for s in day_sections(lookback_of(project, 2031))]
    if merged:
        assert headings[5:] == ["Zaterdag en zondag"]
    else:
        assert headings[5:] == ["Zaterdag 22 november 2031", "Zondag 23 november 2031"]


def test_lead_up_and_follow_up_frame_the_days(make_project: MakeProject, build: Build) -> None:
    items = ("- title: Fictieve aanloop\n  date: 2031-11-10\n  highlight: true\n"
             "  report: Het begon al eerder.\n"
             "- title: Fictief nawoord\n  date: 2031-11-28\n  participants: 30\n")
    project = make_project({"content/2031/activities.yaml": items})
    code, err = build(project, "--today", "2031-11-29")
    assert code == 0, err
    tree = lookback_of(project, 2031)
    order = [h.get("id") for h in tree.xpath("//main/section/h2")]
    assert order[:3] == ["tb-aanloop", "dag-voor-dag", "tb-na-de-week"]
    assert "Het begon al eerder." in text(section_of(tree, "tb-aanloop"))
    assert section_of(tree, "tb-aanloop").xpath(".//a/@href")[-1] == "/2031/aanloop/"
    assert text(section_of(tree, "tb-na-de-week").xpath("./p[@class='day-totals']")[0]) \
        .startswith("1 activiteit, 30 deelnemers.")


# --- the archive -------------------------------------------------------------------------------

def test_archive_shows_every_year_with_its_totals(sample_site: SampleSite) -> None:
    out = sample_site("--today", "2021-11-17")
    tree = page(out, "/archief/")
    years = tree.xpath("//main/section[@class='archive-year']")
    assert [text(s.xpath("./h2")[0]) for s in years] == ["Week van 2021", "Week van 2018"]
    y2021, y2018 = years
    assert "dichterbij dan je denkt" in text(y2021) and "ik maak het verschil" in text(y2018)
    assert text(y2018.xpath("./p[@class='archive-totals']")[0]) == \
        "22 activiteiten, 1.950 deelnemers, 5 regio's, 9 organisatoren"
    assert y2018.xpath(".//a/@href") == ["/2018/", "/2018/terugblik/"]
    assert y2021.xpath(".//a/@href") == ["/2021/"]  # its Week is not over: no look-back yet
    assert "/archief/" in page(out, "/").xpath("//main//a/@href")


# --- images ------------------------------------------------------------------------------------

STORY_WITH = "---\ntitle: Terugblik\nimage: {}\n---\nTekst.\n"


def test_a_story_image_may_be_an_https_address(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2031/terugblik.md":
                            STORY_WITH.format("https://example.org/foto.jpg")})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 0, err
    img = lookback_of(project, 2031).xpath("//main//img")[0]
    assert (img.get("src"), img.get("alt")) == ("https://example.org/foto.jpg", "")


@pytest.mark.parametrize(("image", "message"), [
    ("foto.jpg", "'image' foto.jpg staat niet in content/2031/"),
    ("../2030/foto.jpg", "'image' ../2030/foto.jpg is geen afbeelding die weekgen kan tonen"),
    ("verslag.pdf", "'image' verslag.pdf is geen afbeelding die weekgen kan tonen"),
    ("http://example.org/foto.jpg",
     "'image' http://example.org/foto.jpg is geen afbeelding die weekgen kan tonen"),
])
def test_a_story_image_must_be_there(make_project: MakeProject, build: Build, image: str,
                                     message: str) -> None:
    project = make_project({"content/2031/terugblik.md": STORY_WITH.format(image)})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 1
    assert f"content/2031/terugblik.md:3:8: {message}" in err
    assert not (project / "public").exists()


# --- incremental builds and the preview --------------------------------------------------------

def test_an_earlier_year_changes_the_comparison_and_the_archive(make_project: MakeProject,
                                                                cli: Callable[..., Any]) -> None:
    project = make_project({
        "content/2030/activities.yaml": "- title: Oud een\n  date: 2030-11-19\n",
        "content/2031/activities.yaml": "- title: Nieuw\n  date: 2031-11-18\n"})
    args = ("build", "--source", str(project), "--out", str(project / "public"),
            "--today", "2031-11-24", "--quiet")
    assert cli(*args)[0] == 0
    rows = lookback_of(project, 2031).xpath("//table[@class='years-compared']//tr[th/a]/td[1]")
    assert [text(td) for td in rows] == ["1"]
    (project / "content/2030/activities.yaml").write_text(
        "- title: Oud een\n  date: 2030-11-19\n- title: Oud twee\n  date: 2030-11-20\n",
        encoding="utf-8")
    assert cli(*args)[0] == 0  # incremental: from .weekgen-cache/
    rows = lookback_of(project, 2031).xpath("//table[@class='years-compared']//tr[th/a]/td[1]")
    assert [text(td) for td in rows] == ["2"]
    archive = page(project / "public", "/archief/")
    assert "2 activiteiten" in text(archive.xpath("//section[h2[@id='jaar-2030']]")[0])


def test_a_long_running_plan_sees_an_earlier_year_change_too() -> None:
    """The dev server keeps its plan in memory between builds (by year): the look-back of 2031
    must still follow an edit of 2030."""
    session = Session()

    def lookback_output(count_2030: int) -> Any:
        weeks = [WeekConfig(2030, date(2030, 11, 18), date(2030, 11, 24)),
                 WeekConfig(2031, date(2031, 11, 17), date(2031, 11, 23))]
        activities = {2030: [Activity(2030, f"Oud {i}", date(2030, 11, 19))
                             for i in range(count_2030)],
                      2031: [Activity(2031, "Nieuw", date(2031, 11, 18))]}
        site = assemble(SiteConfig("Testweek"), weeks, activities, {2030: [], 2031: []},
                        date(2031, 11, 24), Problems())
        memory = session.memory("plans")
        try:
            return next(o for o in plan(site, "templates", remember=memory.remember)
                        if o.path == "2031/terugblik/index.html")
        finally:
            memory.close()

    before, again, after = lookback_output(1), lookback_output(1), lookback_output(3)
    assert again is before  # an unchanged site is planned from memory
    assert after.key != before.key
    assert [y.totals.activities for y in after.ready().context["lookback"].earlier] == [3]


def test_preview_of_the_lookback(make_project: MakeProject) -> None:
    project = make_project({"content/2030/activities.yaml": "- title: Oud\n  date: 2030-11-19\n",
                            "content/2031/activities.yaml": "- title: Nu\n  date: 2031-11-18\n"})
    preview = Preview(Project(project), BuildOptions(now=datetime(2031, 1, 5, tzinfo=UTC),
                                                     lookback=True),
                      out=project / "preview")
    report = preview.rebuild()
    assert report is not None and report.today == date(2031, 11, 24)
    assert h1(page(project / "preview", "/2031/terugblik/")) == "Terugblik 2031"


def test_lookback_flag_is_only_for_the_preview(make_project: MakeProject,
                                               cli: Callable[..., Any]) -> None:
    project = make_project()
    code, _, err = cli("serve", "--source", str(project), "--lookback", "--today", "2031-11-20")
    assert code == 2 and "--lookback en --today" in err
    code, _, err = cli("build", "--source", str(project), "--lookback")
    assert code == 2 and "--lookback" in err
