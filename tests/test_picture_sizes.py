"""Sized pictures: every <img> of the site's own pictures (the logo, the look-back's picture,
pictures in Markdown) and every inline SVG has its width and height, read from the file, so that
nothing on the page moves when a picture arrives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from site_helpers import SITE_YAML, all_html_files, page, parse
from weekgen.formats.share_image import picture_size

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]


def picture(kind: str, width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize(("data", "size"), [
    (picture("PNG", 40, 30), (40, 30)),
    (picture("JPEG", 300, 200), (300, 200)),
    (picture("GIF", 7, 9), (7, 9)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40"/>', (120, 40)),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 48.4"/>',
     (64, 48)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0,0,10,5"/>', (10, 5)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="10em" height="2em"/>', None),
    (b"not a picture", None),
])
def test_picture_size_reads_the_files_own_size(data: bytes, size: tuple[int, int] | None) -> None:
    assert picture_size(data) == size


def test_every_img_has_its_width_and_height(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/site.yaml": SITE_YAML + "logo: static/logo.png\n",
        "static/logo.png": picture("PNG", 80, 40),
        "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n  highlight: true\n"
                                        "  report: 'De zaal: ![de zaal](/2030/zaal.jpg)'\n",
        "content/2030/zaal.jpg": picture("JPEG", 640, 480),
        "content/2030/beeld.svg": '<svg xmlns="http://www.w3.org/2000/svg" '
                                  'viewBox="0 0 1200 400"><rect width="1200" height="400"/></svg>',
        "content/2030/terugblik.md": "---\ntitle: Terugblik\nimage: beeld.svg\n"
                                     "image_alt: Een vlak\n---\nHet was goed.\n\n"
                                     "![nog eens de zaal](/2030/zaal.jpg \"Zaal\")\n",
    })
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 0, err
    out = project / "public"
    tree = page(out, "/2030/terugblik/")
    sizes = {img.get("src"): (img.get("width"), img.get("height"))
             for img in tree.xpath("//img")}
    logo = tree.xpath("//img[@class='logo']")[0]
    assert (logo.get("width"), logo.get("height")) == ("80", "40")
    assert sizes["/2030/beeld.svg"] == ("1200", "400")
    assert sizes["/2030/zaal.jpg"] == ("640", "480")
    assert page(out, "/2030/activiteiten/open-dag/").xpath("//main//img/@width") == ["640"]
    unsized = [(f.relative_to(out).as_posix(), el.tag) for f in all_html_files(out)
               for el in parse(f).iter("img", "svg")
               if el.get("width") is None or el.get("height") is None]
    assert unsized == []


def test_a_missing_or_remote_picture_has_no_size(make_project: MakeProject,
                                                 build: Build) -> None:
    project = make_project({
        "content/2030/activities.yaml": "- title: Open dag\n  date: 2030-11-18\n"
                                        "  description: '![ver weg](https://example.org/x.png)'\n",
    })
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 0, err
    img = page(project / "public", "/2030/activiteiten/open-dag/").xpath("//main//img")[0]
    assert img.get("width") is None and img.get("src") == "https://example.org/x.png"


@pytest.mark.parametrize("today", ["2021-11-01", "2021-11-17", "2021-12-01"])
def test_the_sample_site_sizes_every_picture(sample_site: Callable[..., Path], today: str) -> None:
    out = sample_site("--today", today, "--no-search")
    unsized = [(f.relative_to(out).as_posix(), el.tag) for f in all_html_files(out)
               for el in parse(f).iter("img", "svg")
               if el.get("width") is None or el.get("height") is None]
    assert unsized == []


def test_a_record_s_digest_holds_the_pictures_it_names(tmp_path: Path) -> None:
    """read/pictures.py: by file name, in any case or %-encoded; a PDF is given no size."""
    from weekgen.model.content import Activity
    from weekgen.read.pictures import Pictures, activity_texts

    (tmp_path / "content" / "2030").mkdir(parents=True)
    (tmp_path / "content" / "2030" / "De Zaal.JPG").write_bytes(picture("JPEG", 4, 3))
    pictures = Pictures(tmp_path, ["content/2030/De Zaal.JPG", "content/2030/flyer.pdf"])
    plain = Activity(2030, "Open dag", date(2030, 11, 18), description="Welkom.", digest="d")
    assert pictures.with_state(plain, activity_texts(plain)).digest == "d"
    for text in ("![zaal](De%20Zaal.jpg)", '<img src="/2030/de zaal.jpg">'):
        named = Activity(2030, "Open dag", date(2030, 11, 18), description=text, digest="d")
        assert pictures.with_state(named, activity_texts(named)).digest != "d", text
    elsewhere = Activity(2030, "Open dag", date(2030, 11, 18), digest="d",
                         description="![x](https://example.org/plein.jpg) [flyer](flyer.pdf)")
    assert pictures.with_state(elsewhere, activity_texts(elsewhere)).digest == "d"
