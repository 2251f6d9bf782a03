"""Share images: the function that draws them, and the build that makes one per page that shows
one (the front page, a year, its days and look-back, highlighted activities)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from site_helpers import page, snapshot
from weekgen.formats.share_image import Card, card_from_text, share_image
from weekgen.read.project import Project

FONTS = Project(Path(".")).share_fonts()
CARD = Card("Open avond in het buurthuis", "Dinsdag 18 november 2031", "proef", "#testweek",
            "Testweek", "#0b5394", "#ffffff", "#eef3f8")


def _png(data: bytes) -> Image.Image:
    """The picture in full colour (the file holds a palette)."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def _logo(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), colour).save(out, format="PNG")
    return out.getvalue()


def test_a_share_image_is_a_1200_by_630_png() -> None:
    image = _png(share_image(CARD, FONTS))
    assert image.size == (1200, 630)
    assert image.getpixel((5, 5)) == (0x0B, 0x53, 0x94)  # the campaign colour


def test_the_same_card_gives_the_same_bytes_and_another_other_bytes() -> None:
    assert share_image(CARD, FONTS) == share_image(CARD, FONTS)
    other = Card(CARD.title + " en meer", *(CARD.date, CARD.theme, CARD.hashtag, CARD.site))
    assert share_image(other, FONTS) != share_image(CARD, FONTS)


def test_a_png_logo_is_drawn_and_anything_else_left_out() -> None:
    with_logo = _png(share_image(CARD, FONTS, _logo("#ff0000")))
    assert with_logo.getpixel((80, 80)) == (255, 0, 0)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    assert share_image(CARD, FONTS, svg) == share_image(CARD, FONTS)


def test_a_very_long_title_still_fits() -> None:
    long = Card("Kinderopvangorganisaties " * 20, "maandag", "", "#" + "lang" * 12)
    assert _png(share_image(long, FONTS)).size == (1200, 630)


def test_a_card_from_the_templates_lines() -> None:
    card = card_from_text("title: Een  titel\ndate: 1 mei\nonbekend: x\nhashtag: #a\n",
                          {"primary": "#123456"})
    assert (card.title, card.date, card.theme, card.hashtag, card.background) == \
        ("Een titel", "1 mei", "", "#a", "#123456")


FILES = {
    "content/2031/week.yaml": "theme: proef\nhashtags: [proefweek]\n",
    "content/2031/activities.yaml": (
        "- title: Gewone avond\n  date: 2031-11-18\n  description: Over een gewone avond.\n"
        "- title: Uitgelichte avond\n  date: 2031-11-19\n  highlight: true\n"
        "  description: Een avond om te delen met iedereen.\n"),
}


def _drawn(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("deelkaart.png")}


def _og(tree: Any, prop: str) -> str:
    [value] = tree.xpath(f"//head/meta[@property='{prop}' or @name='{prop}']/@content")
    return str(value)


DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def test_which_pages_get_a_share_image(make_project: Any, build: Any) -> None:
    project = make_project(FILES)
    assert build(project, "--today", "2031-12-01")[0] == 0
    out = project / "public"
    assert _drawn(out) == {"deelkaart.png", "2031/deelkaart.png", "2031/terugblik/deelkaart.png",
                           "2031/activiteiten/uitgelichte-avond/deelkaart.png",
                           *(f"2031/{d}/deelkaart.png" for d in DAYS)}
    ordinary = page(out, "/2031/activiteiten/gewone-avond/")
    assert _og(ordinary, "og:image") == "https://example.org/2031/deelkaart.png"
    assert _og(ordinary, "description") == "Over een gewone avond."
    own = page(out, "/2031/activiteiten/uitgelichte-avond/")
    assert _og(own, "og:image") == \
        "https://example.org/2031/activiteiten/uitgelichte-avond/deelkaart.png"
    assert _og(own, "og:image:alt").startswith("Uitgelichte avond · Testweek")


def test_share_images_all_and_none(make_project: Any, build: Any, tmp_path: Path) -> None:
    site = "title: Testweek\nbase_url: https://example.org/\nshare_images: {}\n"
    every = make_project({**FILES, "content/site.yaml": site.format("all")}, tmp_path / "all")
    assert build(every, "--today", "2031-11-01")[0] == 0
    assert "2031/activiteiten/gewone-avond/deelkaart.png" in _drawn(every / "public")
    none = make_project({**FILES, "content/site.yaml": site.format("none")}, tmp_path / "none")
    assert build(none, "--today", "2031-11-01")[0] == 0
    assert _drawn(none / "public") == set()
    tree = page(none / "public", "/2031/")
    assert not tree.xpath("//meta[@property='og:image']")
    assert _og(tree, "twitter:card") == "summary"


def test_a_years_own_image_wins(make_project: Any, build: Any) -> None:
    png = io.BytesIO()
    Image.new("RGB", (1200, 630), "#336699").save(png, format="PNG")
    project = make_project({**FILES, "content/2031/week.yaml": "theme: proef\nimage: eigen.png\n",
                            "content/2031/eigen.png": png.getvalue()})
    assert build(project, "--today", "2031-11-01")[0] == 0
    out = project / "public"
    assert _drawn(out) == set()
    tree = page(out, "/2031/dinsdag/")
    assert _og(tree, "og:image") == "https://example.org/2031/eigen.png"
    assert not tree.xpath("//meta[@property='og:image:width']")


@pytest.mark.parametrize(("path", "old", "new", "redrawn"), [
    # an ordinary activity is on no image (a day's shows the day, not what is on it)
    ("activities.yaml", "Gewone avond", "Andere avond", False),
    ("week.yaml", "theme: proef", "theme: een ander thema", True),
])
def test_an_image_is_drawn_again_only_when_what_it_shows_changes(
        make_project: Any, cli: Any, path: str, old: str, new: str, redrawn: bool) -> None:
    project = make_project(FILES)
    args = ("build", "--source", str(project), "--out", str(project / "public"),
            "--today", "2031-11-01", "--quiet")
    assert cli(*args)[0] == 0
    before = snapshot(project / "public")
    source = project / "content/2031" / path
    source.write_text(source.read_text("utf-8").replace(old, new), "utf-8")
    assert cli(*args)[0] == 0
    after = snapshot(project / "public")
    images = [p for p in after if p.endswith("deelkaart.png")]
    assert len(images) == 10
    assert {after[p] != before[p] for p in images} == {redrawn}
