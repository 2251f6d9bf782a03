"""Bar charts: their geometry, and the inline SVG of the sample's look-back read
back from the HTML: one bar per day, the values of the activity list, a text alternative for
every chart, enough contrast, and small."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import html5lib
import lxml.etree
import lxml.html
import pytest

from site_helpers import page, sample_activities, text
from weekgen.model import charts

SampleSite = Callable[..., Path]
MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

DAYS = ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag"]
KINDS = {"meeting": "Bijeenkomst", "conference": "Congres", "training": "Training",
         "publication": "Publicatie", "video": "Video", "vlog": "Vlog", "campaign": "Campagne",
         "media": "In de media", "online": "Online", "social": "Sociale media",
         "street": "Op straat", "other": "Overig"}


# --- geometry ----------------------------------------------------------------------------------

def test_one_bar_per_item_in_order_and_the_largest_spans_the_width() -> None:
    chart = charts.bar_chart("x", [("a", 4), ("b", 8), ("c", 2), ("d", 0)])
    assert [(b.key, b.value) for b in chart.bars] == [("a", 4), ("b", 8), ("c", 2), ("d", 0)]
    assert [b.width for b in chart.bars] == [200, 400, 100, 0]
    assert [b.top for b in chart.bars] == [0, 46, 92, 138]
    assert chart.total == 14 and chart.largest == 8
    assert chart.height == chart.bars[-1].bar_y + chart.bar_height


def test_lengths_are_whole_numbers_rounded_half_up() -> None:
    chart = charts.bar_chart("x", [("a", 3), ("b", 1), ("c", 2)])
    assert [b.width for b in chart.bars] == [400, 133, 267]  # 133.33 and 266.67
    assert all(isinstance(v, int) for b in chart.bars for v in (b.width, b.top, b.label_y))


def test_charts_of_nothing() -> None:
    assert charts.bar_chart("x", []).bars == ()
    assert [b.width for b in charts.bar_chart("x", [("a", 0), ("b", 0)]).bars] == [0, 0]
    with pytest.raises(ValueError, match="negative"):
        charts.bar_chart("x", [("a", -1)])


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_the_bars() -> None:
    assert contrast("#000000") == pytest.approx(21)
    assert contrast(charts.COLOUR) >= 4.5  # WCAG asks 3:1 of graphics; we keep the text's 4.5


# --- the sample's look-back --------------------------------------------------------------------

@pytest.fixture(scope="module")
def lookback(sample_site: SampleSite) -> lxml.html.HtmlElement:
    return page(sample_site("--today", "2018-11-26"), "/2018/terugblik/")


def figures(tree: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    """The charts by their caption."""
    return {text(f.xpath("./figcaption")[0]): f for f in tree.xpath("//main//figure[svg]")}


def bars(figure: lxml.html.HtmlElement) -> list[tuple[str, str, int]]:
    """Each bar as (its label, its value as shown, its length), read from the SVG."""
    svg = figure.xpath("./svg")[0]
    rows = []
    for rect in svg.xpath("./rect[@class='bar']"):
        texts = [t for t in svg.xpath("./text") if t.get("y") == str(int(rect.get("y")) - 6)]
        label, value = (text(t) for t in texts)
        rows.append((label, value, int(rect.get("width"))))
    return rows


def table(figure: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(text(tr.xpath("./th")[0]), text(tr.xpath("./td")[0]))
            for tr in figure.xpath(".//table/tbody/tr")]


def held_2018() -> list[dict[str, object]]:
    return [a for a in sample_activities(2018) if a.get("status", "scheduled") != "cancelled"]


def test_the_lookback_has_its_three_charts(lookback: lxml.html.HtmlElement) -> None:
    assert list(figures(lookback)) == ["Activiteiten per dag", "De drukste regio's",
                                       "Activiteiten per soort"]


def test_the_per_day_chart_has_one_bar_per_day_with_the_activity_list(
        lookback: lxml.html.HtmlElement) -> None:
    running = Counter(date(2018, 11, d) for a in held_2018()
                      for d in range(a["date"].day, a.get("end_date", a["date"]).day + 1))
    expected = [(name, str(running[date(2018, 11, 19 + i)])) for i, name in enumerate(DAYS)]
    shown = bars(figures(lookback)["Activiteiten per dag"])
    assert [(label, value) for label, value, _ in shown] == expected  # as the day pages list
    assert sum(int(v) for _, v in expected) > len(held_2018())  # some run several days
    widths = {int(value): width for _, value, width in shown}
    assert widths[max(widths)] == charts.WIDTH and widths.get(0, 0) == 0


def test_the_region_and_kind_charts_count_the_activity_list(
        lookback: lxml.html.HtmlElement) -> None:
    regions = Counter(a["region"] for a in held_2018() if a.get("region")
                      and a["region"] != "landelijk")
    shown = bars(figures(lookback)["De drukste regio's"])
    assert {label: int(value) for label, value, _ in shown} == dict(regions)
    assert [int(v) for _, v, _ in shown] == sorted((int(v) for _, v, _ in shown), reverse=True)
    kinds = Counter(KINDS[str(a.get("kind") or "other")] for a in held_2018())
    shown = bars(figures(lookback)["Activiteiten per soort"])
    assert {label: int(value) for label, value, _ in shown} == dict(kinds)


@pytest.mark.parametrize("caption", ["Activiteiten per dag", "De drukste regio's",
                                     "Activiteiten per soort"])
def test_every_chart_has_its_text_alternative(lookback: lxml.html.HtmlElement,
                                              caption: str) -> None:
    figure = figures(lookback)[caption]
    svg = figure.xpath("./svg")[0]
    assert svg.get("role") == "img"
    named_by = [lookback.get_element_by_id(i) for i in svg.get("aria-labelledby").split()]
    assert [el.tag for el in named_by] == ["title", "desc"]
    assert all(el.getparent() is svg for el in named_by)
    assert text(named_by[0]) == caption
    rows = table(figure)
    assert [(label, value) for label, value, _ in bars(figure)] == rows  # the same figures
    description = text(named_by[1])
    for label, value in rows:
        assert f"{label}: {value}" in description
    assert figure.xpath(".//table//th[@scope='col']")


SVG = "{http://www.w3.org/2000/svg}"


def svg_charts(out: Path) -> dict[str, lxml.etree._Element]:
    """The look-back's SVG elements by their figure's caption, parsed as a browser does (html5lib
    keeps SVG's namespace and its attribute names, such as viewBox)."""
    doc = html5lib.parse((out / "2018/terugblik/index.html").read_bytes(), treebuilder="lxml",
                         namespaceHTMLElements=False)
    return {" ".join(fig.findtext("figcaption").split()): fig.find(f"{SVG}svg")
            for fig in doc.iter("figure") if fig.find(f"{SVG}svg") is not None}


def test_charts_are_small_valid_svg_in_readable_colours(sample_site: SampleSite) -> None:
    found = svg_charts(sample_site("--today", "2018-11-26"))
    assert len(found) == 3
    for svg in found.values():
        markup = lxml.etree.tostring(svg)
        assert len(markup) < 5000
        parsed = lxml.etree.fromstring(markup)  # well-formed XML in SVG's namespace
        assert parsed.tag == f"{SVG}svg"
        assert parsed.get("viewBox") == f"0 0 {charts.WIDTH} {parsed.get('height')}"
        rects = parsed.findall(f"{SVG}rect")
        assert rects and all(contrast(r.get("fill")) >= 3 for r in rects)
        assert {t.get("fill") for t in parsed.findall(f"{SVG}text")} == {"currentColor"}
        assert all(not name.startswith("on") and name != "style"
                   for el in parsed.iter() for name in el.attrib)
        assert parsed.findall(f".//{SVG}script") == []


def test_ten_busiest_regions_at_most(make_project: MakeProject, build: Build) -> None:
    activities = "".join(f"- title: Activiteit {i}-{j}\n  date: 2031-11-18\n"
                         f"  region: Regio {i:02}\n" for i in range(12) for j in range(i + 1))
    project = make_project({"content/2031/activities.yaml": activities})
    code, err = build(project, "--today", "2031-11-24")
    assert code == 0, err
    tree = page(project / "public", "/2031/terugblik/")
    shown = bars(figures(tree)["De drukste regio's"])
    assert [label for label, _, _ in shown] == [f"Regio {i:02}" for i in range(11, 1, -1)]
    lines = [text(li) for li in tree.xpath("//ul[@class='region-lines']/li")]
    assert len(lines) == 12 and lines[0] == "Regio 11: 12 activiteiten"
