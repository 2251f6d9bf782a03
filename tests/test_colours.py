"""The campaign's colours and logo from site.yaml: applied as CSS custom properties, validated with
their place, and a warning (not an error) where a pair of colours is hard to read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import page, parse
from weekgen.model import colours
from weekgen.model.colours import DEFAULTS, PAIRS, contrast_ratio, relative_luminance, weak_pairs

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
SITE = "title: Testweek\nbase_url: https://example.org/\n"
STYLE_SHEET = Path(__file__).resolve().parents[1] / "static" / "style.css"


# --- the arithmetic, against WCAG's own numbers -------------------------------------------------

def test_luminance_of_black_white_and_grey() -> None:
    assert relative_luminance("#000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)


@pytest.mark.parametrize(("first", "second", "ratio"), [
    ("#000000", "#ffffff", 21.0),
    ("#fff", "#FFFFFF", 1.0),
    ("#777777", "#ffffff", 4.48),  # the well-known grey that just fails
    ("#767676", "#ffffff", 4.54),  # ... and the one that just passes
    ("#0b5394", "#ffffff", 7.84),
])
def test_contrast_ratio(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(second, first) == contrast_ratio(first, second)


def test_the_default_theme_passes() -> None:
    for pair in PAIRS:
        ratio = contrast_ratio(DEFAULTS[pair.foreground], DEFAULTS[pair.background])
        assert ratio >= colours.MINIMUM_CONTRAST, pair


def test_the_style_sheet_has_the_same_defaults() -> None:
    css = STYLE_SHEET.read_text("utf-8")
    for name, value in DEFAULTS.items():
        assert re.search(rf"--colour-{name.replace('_', '-')}:\s*{value};", css), name


def test_weak_pairs_name_only_pairs_with_a_configured_colour() -> None:
    assert weak_pairs({}) == []
    weak = weak_pairs({"primary": "#999"})
    assert {(w.pair.foreground, w.pair.background) for w in weak} == {
        ("primary", "background"), ("primary_text", "primary"), ("primary", "surface")}
    assert all(w.ratio < 4.5 for w in weak)
    assert weak_pairs({"primary": "#003366"}) == []


# --- in site.yaml -------------------------------------------------------------------------------

def test_colours_become_custom_properties(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/site.yaml": SITE + 'colours:\n  primary: "#5A0F6E"\n'
                                                        '  surface: "#fdf"\n',
                            "content/2021/week.yaml": "theme: samen\n"})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    assert "warning" not in err
    for tree in (parse(project / "public" / "404.html"), page(project / "public", "/2021/")):
        styles = tree.xpath("//head/style/text()")
        assert len(styles) == 1
        assert "--colour-primary: #5a0f6e;" in styles[0]
        assert "--colour-surface: #ffddff;" in styles[0]


def test_without_colours_no_style_element(make_project: MakeProject, build: Build) -> None:
    project = make_project()
    assert build(project, "--today", "2021-11-16")[0] == 0
    assert parse(project / "public" / "404.html").xpath("//style") == []


def test_a_weak_pair_warns_where_the_colour_is_set(make_project: MakeProject,
                                                   build: Build) -> None:
    project = make_project({"content/site.yaml": SITE + 'colours:\n  text: "#777777"\n'})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0  # a warning: the site is still built
    lines = [line for line in err.splitlines() if ": waarschuwing: " in line and "contrast" in line]
    assert lines == [
        'content/site.yaml:4:9: waarschuwing: text #777777 op background #ffffff heeft een '
        'contrast van 4.48:1, minder dan de 4.5:1 die WCAG AA vraagt (lopende tekst)',
        'content/site.yaml:4:9: waarschuwing: text #777777 op surface #eef3f8 heeft een contrast '
        'van 4.01:1, minder dan de 4.5:1 die WCAG AA vraagt (tekst in uitgelichte vakken)',
    ]
    assert "tip: maak text donkerder of background lichter" in err
    assert (project / "public" / "404.html").is_file()


@pytest.mark.parametrize(("colours_yaml", "headline", "hint"), [
    ('  primary: "blue"\n', "content/site.yaml:4:12: 'primary' blue is geen kleur",
     'schrijf een kleur als # en 3 of 6 hexadecimale cijfers, tussen aanhalingstekens: "#0b5394"'),
    ('  primary: "#12345"\n', "content/site.yaml:4:12: 'primary' #12345 is geen kleur", ""),
    ("  primary: #0b5394\n", "content/site.yaml:4:11: 'primary' is leeg",
     'zet de kleur tussen aanhalingstekens: primary: "#0b5394"'),
    ('  primry: "#0b5394"\n',
     "content/site.yaml:4:3: onbekende sleutel 'primry' in deze groep 'colours'",
     "bedoel je 'primary'?"),
])
def test_a_wrong_colour_is_an_error_with_its_place(make_project: MakeProject, build: Build,
                                                   colours_yaml: str, headline: str,
                                                   hint: str) -> None:
    project = make_project({"content/site.yaml": SITE + "colours:\n" + colours_yaml})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 1
    assert headline in err.splitlines()
    assert hint in err
    assert not (project / "public").exists()


def test_the_logo_is_shown_beside_the_title(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/site.yaml": SITE + "logo: static/logo.svg\n",
                            "static/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
                            "content/2021/week.yaml": "theme: samen\n"})
    assert build(project, "--today", "2021-11-16")[0] == 0
    tree = page(project / "public", "/2021/maandag/")
    logo = tree.xpath("//header//img[@class='logo']")
    assert len(logo) == 1
    assert logo[0].get("alt") == ""  # the title beside it says what it is
    src = logo[0].get("src")
    assert re.fullmatch(r"/static/logo(\.[0-9a-f]+)?\.svg", src)
    assert (project / "public" / src.lstrip("/")).is_file()


@pytest.mark.parametrize(("logo", "message"), [
    ("static/nergens.svg", "'logo' static/nergens.svg is geen bestand van deze site"),
    ("../logo.svg", "'logo' ../logo.svg is geen bestand van deze site"),
    ("https://example.org/logo.svg", "'logo' https://example.org/logo.svg is geen bestand van "
                                     "deze site"),
    ("static/logo.txt", "'logo' static/logo.txt is geen afbeelding die weekgen kan tonen"),
])
def test_a_wrong_logo_is_an_error(make_project: MakeProject, build: Build, logo: str,
                                  message: str) -> None:
    project = make_project({"content/site.yaml": SITE + f"logo: {logo}\n",
                            "static/logo.txt": "not an image"})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 1
    assert f"content/site.yaml:3:7: {message}" in err.splitlines()
