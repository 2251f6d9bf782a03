"""A look-back's media as editors write them: a series (seven tips) is one item with a list of its
parts, a video may have a poster from its year's folder, and an item's kind is said once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from site_helpers import page, text

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

POSTER = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180">'
          '<rect width="320" height="180" fill="#335577"/></svg>')


def activities(media: str) -> dict[str, str]:
    return {"content/2030/activities.yaml": "- title: Fictieve tips\n  date: 2030-11-18\n"
                                            "  highlight: true\n  media:\n" + media}


SERIES = """\
    - kind: vlog
      title: Drie fictieve tips
      parts:
        - title: Tip 1
          url: https://vimeo.com/100000001
        - title: Tip 2
          url: https://example.org/tip-2/
        - title: Tip 3
          url: https://vimeo.com/100000003
    - kind: video
      url: https://youtu.be/abcdefghijk
      title: De aftrap
      poster: aftrap.svg
    - kind: pdf
      url: https://example.org/rapport.pdf
      title: Rapport (pdf)
    - kind: pdf
      url: https://example.org/feiten.pdf
      title: Factsheet
"""


def test_a_series_is_one_item_with_a_list(make_project: MakeProject, build: Build) -> None:
    project = make_project({**activities(SERIES), "content/2030/aftrap.svg": POSTER})
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 0, err
    for address in ("/2030/terugblik/", "/2030/activiteiten/fictieve-tips/"):
        tree = page(project / "public", address)
        series = tree.xpath("//main//div[@class='media-series']")
        assert len(series) == 1, address
        assert text(series[0].xpath("./p[@class='media-title']")[0]) == \
            "Drie fictieve tips (3 vlogs)"
        assert [text(li) for li in series[0].xpath("./ol/li")] == [
            "Tip 1 (op Vimeo)", "Tip 2", "Tip 3 (op Vimeo)"]
        kinds = [text(s) for s in tree.xpath("//main//ul[@class='media-list']/li/span"
                                            "[@class='media-kind']")]
        # the factsheet's; the report's title says it already (the activity page has no
        # players: there the video is a link with its kind too)
        assert [k for k in kinds if k != "(Video)"] == ["(PDF)"]
    frame = page(project / "public", "/2030/terugblik/").xpath(
        "//main//div[@class='video-placeholder']")[0]
    poster = frame.xpath("./img[@class='video-poster']")[0]
    assert [poster.get(a) for a in ("src", "alt", "width", "height")] == [
        "/2030/aftrap.svg", "", "320", "180"]


def test_a_medium_needs_a_url_or_parts(make_project: MakeProject, build: Build) -> None:
    project = make_project(activities(
        "    - kind: video\n      title: Zonder adres\n"
        "    - kind: video\n      title: Beide\n      url: https://vimeo.com/1\n"
        "      parts:\n        - title: Een\n          url: https://vimeo.com/2\n"))
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 1
    assert "content/2030/activities.yaml:5:7: het medium 'Zonder adres' heeft geen 'url'" in err
    assert ("content/2030/activities.yaml:11:9: een medium heeft een 'url' of 'parts', niet "
            "allebei") in err


def test_a_poster_is_a_picture_in_the_years_folder(make_project: MakeProject,
                                                    build: Build) -> None:
    project = make_project(activities(
        "    - kind: video\n      title: Ver weg\n      url: https://vimeo.com/1\n"
        "      poster: https://example.org/still.jpg\n"
        "    - kind: video\n      title: Kwijt\n      url: https://vimeo.com/2\n"
        "      poster: kwijt.jpg\n"))
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 1
    assert ("content/2030/activities.yaml:8:15: 'poster' https://example.org/still.jpg is geen "
            "bestandsnaam van een afbeelding") in err
    project = make_project(activities(
        "    - kind: video\n      title: Kwijt\n      url: https://vimeo.com/2\n"
        "      poster: kwijt.jpg\n"))
    code, err = build(project, "--today", "2030-12-01", "--no-search")
    assert code == 1
    assert ("content/2030/activities.yaml:8:15: 'poster' kwijt.jpg staat niet in "
            "content/2030/") in err
