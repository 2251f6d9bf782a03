"""The look-back: no page and no link before the Week is over; afterwards the narrative, the Week
day by day, the highlights and totals that match the activity list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
             if "terugblik" in h}
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
