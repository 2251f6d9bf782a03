"""Every kind of bad input, end to end: `weekgen build` and `weekgen check` name it with its file
and line, never with a traceback, exit 1, and the previous public/ stays exactly as it was.

The exact messages of most kinds are tested in test_validation.py and test_sources.py; this file
holds one case of each kind against a site that built before, the kinds those files do not cover
(template errors in a site's own templates, links in Markdown that go nowhere), and the bounds on
time and memory for input that tries to exhaust them.
"""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import weekgen.read.sources
from site_helpers import REPO, Files, headlines, snapshot, write_project

Cli = Callable[..., tuple[int, str, str]]
ACTIVITIES = "content/2021/activities.yaml"
PAGE = "content/2021/meedoen.md"
GOOD: Files = {
    "content/2021/week.yaml": "theme: dichtbij\nexplanation: Zie [meedoen](/2021/meedoen/).\n",
    ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n  description: |\n"
                "    Meer op [de lijst](/2021/activiteiten/).\n"
                "- title: Lezing\n  date: 2021-11-17\n  organiser: GGD\n",
    PAGE: "---\ntitle: Doe mee\n---\nKijk bij [dinsdag](/2021/dinsdag/) en de\n"
          "[open dag](/2021/activiteiten/open-dag/#top).\n",
}
TODAY = ("--today", "2021-11-16")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good site, built once; each test works on a copy."""
    root = write_project(tmp_path_factory.mktemp("good"), GOOD)
    from site_helpers import run_main

    assert run_main(["build", "--source", str(root), "--no-cache", "--quiet", *TODAY]) == 0
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(built, root, symlinks=True)  # copy2: the output keeps its times
    return root


def fails(cli: Cli, root: Path, files: Files) -> str:
    """Break the site with `files`; build and check both fail the same way, public/ untouched.
    The build's stderr."""
    before = snapshot(root / "public")
    write_project(root, files)
    code, _, err = cli("build", "--source", str(root), "--no-cache", *TODAY)
    assert code == 1, err
    assert "Traceback" not in err
    assert err.rstrip().splitlines()[-1].endswith("er is niets geschreven")
    assert snapshot(root / "public") == before
    assert not [p for p in root.iterdir() if p.name.endswith(".weekgen-staging")]
    code, _, checked = cli("check", "--source", str(root), "--no-cache", *TODAY)
    assert code == 1
    assert headlines(checked) == headlines(err)
    return err


def _bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "- title: Lachen\n  date: 2021-11-15\n  x:\n" + "".join(f"    {x}\n" for x in lines)


KINDS: dict[str, tuple[Files, str]] = {
    "broken YAML": ({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n   region: x\n"},
                    f"{ACTIVITIES}:3:4: kapotte YAML: 'region' staat één spatie verder "
                    "ingesprongen dan 'date' op regel 2"),
    "broken front matter": ({PAGE: "---\ntitle: Doe mee\nsummary: [niet dicht\n---\nx\n"},
                            f"{PAGE}:4:1: kapotte YAML: "),
    "unknown key": ({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n  organizer: X\n"},
                    f"{ACTIVITIES}:3:3: onbekende sleutel 'organizer' in deze activiteit"),
    "wrong type": ({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n  online: soms\n"},
                   f"{ACTIVITIES}:3:11: 'online' soms is niet true of false"),
    "impossible date": ({ACTIVITIES: "- title: Open dag\n  date: 2021-02-29\n"},
                        f"{ACTIVITIES}:2:9: 'date' 2021-02-29 is geen datum"),
    "date out of the year": ({ACTIVITIES: "- title: Open dag\n  date: 2022-11-16\n"},
                             f"{ACTIVITIES}:2:9: 'date' 2022-11-16 ligt in 2022, niet in 2021"),
    "end before start": ({ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n"
                                      "  end_date: 2021-11-15\n"},
                         f"{ACTIVITIES}:3:13: 'end_date' 2021-11-15 ligt voor 'date' 2021-11-16"),
    "duplicate slugs": ({"content/2021/anders.md": "---\ntitle: Anders\nslug: meedoen\n---\nx\n"},
                        "content/2021/meedoen.md:2:1: de slug 'meedoen' wordt ook gebruikt door "
                        "content/2021/anders.md"),
    "missing required field": ({ACTIVITIES: "- title: Open dag\n"},
                               f"{ACTIVITIES}:1:3: deze activiteit heeft geen 'date'"),
    "alias bomb": ({ACTIVITIES: _bomb()}, f"{ACTIVITIES}: de aliassen van de YAML worden "),
    "not UTF-8": ({PAGE: "---\ntitle: Caf\xe9\n---\nx\n".encode("latin-1")},
                  f'{PAGE}:2:11: het bestand is geen UTF-8-tekst (byte 0xe9)'),
    "empty site.yaml": ({"content/site.yaml": ""}, 'content/site.yaml:1:1: site.yaml is leeg'),
    "empty page": ({PAGE: ""}, f'{PAGE}:1:1: deze pagina heeft geen front matter met een titel'),
}


@pytest.mark.parametrize(("files", "headline"), KINDS.values(), ids=list(KINDS))
def test_each_kind_fails_cleanly(cli: Cli, site: Path, files: Files, headline: str) -> None:
    err = fails(cli, site, files)
    assert headlines(err)[0].startswith(headline), err


def test_a_file_too_large_is_refused_unread(cli: Cli, site: Path) -> None:
    """A sparse file beyond the limit: refused by its size, never read into memory."""
    big = site / ACTIVITIES
    with big.open("r+b") as f:
        f.truncate(weekgen.read.sources.MAX_FILE_BYTES + 1)
    os.utime(big)
    tracemalloc.start()
    try:
        err = fails(cli, site, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert headlines(err)[0].startswith(f"{ACTIVITIES}: het bestand is te groot (32.0 MiB; "
                                        "hoogstens 32.0 MiB)")
    assert peak < 16 * 1024 * 1024


def test_an_alias_bomb_costs_little_time_and_memory(cli: Cli, site: Path) -> None:
    started = time.perf_counter()
    tracemalloc.start()
    try:
        err = fails(cli, site, {ACTIVITIES: _bomb()})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "meer dan weekgen leest" in headlines(err)[0]
    assert time.perf_counter() - started < 10  # its expansion, 387 million values, would not
    assert peak < 64 * 1024 * 1024


def test_a_symlink_out_of_content_is_refused(cli: Cli, site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elders.md"
    outside.write_text("---\ntitle: Geheim\n---\nNiet publiceren.\n")
    (site / "content/2021/geheim.md").symlink_to(outside)
    err = fails(cli, site, {})
    assert headlines(err) == [f"content/2021/geheim.md: geweigerd: een symlink naar {outside}, "
                              "buiten content/"]


# --- template errors: the site's own templates/ ----------------------------------------------

def test_a_template_syntax_error_names_the_template_and_line(cli: Cli, site: Path) -> None:
    err = fails(cli, site, {"templates/day.html": "{% extends 'base.html' %}\n"
                                                  "{% block content %}\n<h1>{{ day.date }</h1>\n"
                                                  "{% endblock %}\n"})
    assert headlines(err)[0].startswith("templates/day.html:3: fout in een template: ")


def test_a_syntax_error_in_the_macros_is_reported_once_at_its_line(cli: Cli, site: Path) -> None:
    """macros.html is loaded once for every page (as `m`); its error is still its own."""
    macros = (REPO / "templates" / "macros.html").read_text(encoding="utf-8").splitlines()
    macros[4] += " {% if %}"
    err = fails(cli, site, {"templates/macros.html": "\n".join(macros) + "\n"})
    assert headlines(err) == ["templates/macros.html:5: fout in een template: unexpected '%'"]


def test_a_template_runtime_error_names_the_template_and_line(cli: Cli, site: Path) -> None:
    err = fails(cli, site, {"templates/page.html": "{% extends 'base.html' %}\n"
                                                   "{% block content %}\n<h1>{{ page.title }}</h1>"
                                                   "\n{{ page.no_such_field.upper() }}\n"
                                                   "{% endblock %}\n"})
    assert headlines(err)[0].startswith("templates/page.html:4: fout in een template: ")
    assert 'bij het maken van 2021/meedoen/index.html' in err


# --- links in Markdown that go nowhere --------------------------------------------------------

def test_a_link_to_a_page_that_does_not_exist(cli: Cli, site: Path) -> None:
    err = fails(cli, site, {PAGE: "---\ntitle: Doe mee\n---\nEerst iets anders.\n\n"
                                  "Lees [de uitleg](/2021/bestaat-niet/) en\n"
                                  "[meedoen](/2021/meedoem/#kop).\n"})
    assert headlines(err) == [
        f'{PAGE}:6:18: link naar /2021/bestaat-niet/ leidt nergens heen',
        f'{PAGE}:7:11: link naar /2021/meedoem/ leidt nergens heen',
    ]
    lines = err.splitlines()
    assert lines[1].strip() == "Lees [de uitleg](/2021/bestaat-niet/) en"
    assert lines[2].index("^") == lines[1].index("/2021/bestaat-niet/")
    assert 'tip: bedoel je /2021/meedoen/?' in err


def test_links_in_activities_and_the_week_are_checked(cli: Cli, site: Path) -> None:
    err = fails(cli, site, {
        "content/2021/week.yaml": "theme: x\nexplanation: |\n  Zie [hier](/2021/nergens/).\n",
        ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n- title: Lezing\n"
                    "  date: 2021-11-17\n  report: |\n    Foto: ![zaal](/2021/zaal.jpg)\n"})
    assert headlines(err) == [
        f'{ACTIVITIES}:6:19: link naar /2021/zaal.jpg leidt nergens heen',
        'content/2021/week.yaml:3:14: link naar /2021/nergens/ leidt nergens heen',
    ]


def test_links_that_lead_somewhere_pass(cli: Cli, make_project: Callable[..., Path]) -> None:
    project = make_project({
        **GOOD,
        "content/site.yaml": "title: Testweek\nbase_url: https://example.org/campagne/\n",
        "content/2021/zaal.jpg": b"\xff\xd8\xff",
        "content/2021/oud.md": "---\ntitle: Oud\naliases: [/2021/heel-oud/]\n---\nx\n",
        PAGE: "---\ntitle: Doe mee\n---\n[a](/2021/) [b](/2021/dinsdag) [c](/2021/zaal.jpg)\n"
              "[d](/static/style.css) [e](/) [f](/2021/heel-oud/) [g][ref]\n\n"
              "[ref]: /2021/activiteiten/lezing/\n\n"
              "    [niet gecontroleerd](/2021/in-een-codeblok/)\n\n"
              "`[ook niet](/2021/in-code/)` [extern](https://example.org/2021/nergens/)\n",
    })
    code, _, err = cli("build", "--source", str(project), "--no-cache", *TODAY)
    assert code == 0, err
    assert "goes nowhere" not in err


def test_a_link_to_a_page_that_comes_later_is_a_warning(cli: Cli,
                                                        make_project: Callable[..., Path]) -> None:
    project = make_project({
        **GOOD,
        "content/2021/later.md": "---\ntitle: Later\npublish: 2021-11-18\n---\nx\n",
        PAGE: "---\ntitle: Doe mee\n---\n[terugblik](/2021/terugblik/) [later](/2021/later/)\n",
    })
    code, _, err = cli("build", "--source", str(project), "--no-cache", *TODAY)
    assert code == 0, err
    assert headlines(err) == [
        f'{PAGE}:4:13: waarschuwing: link naar /2021/terugblik/ leidt nergens heen tot 2021-11-22',
        f'{PAGE}:4:39: waarschuwing: link naar /2021/later/ leidt nergens heen tot 2021-11-18',
    ]
    assert 'tip: de terugblik verschijnt die dag' in err
    code, _, err = cli("build", "--source", str(project), "--no-cache", "--today", "2021-11-30")
    assert code == 0 and "goes nowhere" not in err
