"""Long-lived asset URLs: pages link to the static files under content-hashed names, which change
exactly when the file does; an unchanged file keeps its name and its file."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from site_helpers import REPO, all_html_files, parse
from weekgen.read.theme import fingerprints

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
ACTIVITIES = {"content/2021/activities.yaml": "- title: Open dag\n  date: 2021-11-16\n"}
HASHED = re.compile(r"^/static/style\.([0-9a-f]{8})\.css$")
OLD = 1_000_000_000 * 10**9


def stylesheets(out: Path) -> set[str]:
    return {href for path in all_html_files(out)
            for href in parse(path).xpath("//link[@rel='stylesheet']/@href")}


def icons(out: Path) -> set[str]:
    return {href for path in all_html_files(out)
            for href in parse(path).xpath("//link[@rel='icon']/@href")}


def short_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def build(cli: Cli, project: Path, *args: str) -> Path:
    code, _, err = cli("build", "--source", str(project), "--out", str(project / "public"),
                       "--today", "2021-11-16", *args)
    assert code == 0, err
    return project / "public"


def test_hashed_names() -> None:
    found = fingerprints({"static/style.css": b"body {}", "static/js/app.min.js": b"1",
                          "static/LICENSE": b"MIT"})
    assert found == {
        "static/style.css": f"static/style.{short_digest(b'body {}')}.css",
        "static/js/app.min.js": f"static/js/app.min.{short_digest(b'1')}.js",
        "static/LICENSE": f"static/LICENSE.{short_digest(b'MIT')}",
    }


def test_a_file_already_named_like_a_hashed_one_keeps_its_name() -> None:
    tag = short_digest(b"a")
    found = fingerprints({"static/a.css": b"a", f"static/a.{tag}.css": b"b"})
    assert found["static/a.css"] == "static/a.css"


def test_every_page_links_the_hashed_stylesheet_and_icon(cli: Cli,
                                                         make_project: MakeProject) -> None:
    out = build(cli, make_project(ACTIVITIES), "--no-cache")
    css = (REPO / "static/style.css").read_bytes()
    [href] = stylesheets(out)
    match = HASHED.match(href)
    assert match and match.group(1) == short_digest(css)
    assert (out / href.lstrip("/")).read_bytes() == css
    [icon] = icons(out)
    assert re.fullmatch(r"/static/favicon\.[0-9a-f]{8}\.svg", icon)
    assert (out / icon.lstrip("/")).read_bytes() == (REPO / "static/favicon.svg").read_bytes()
    # the plain names stay, for Markdown and relative links inside the files
    assert (out / "static/style.css").read_bytes() == css


def test_a_changed_stylesheet_gets_a_new_name_everywhere(cli: Cli,
                                                         make_project: MakeProject) -> None:
    """With the cache on: the digest map is part of every page's key."""
    project = make_project(ACTIVITIES)
    out = build(cli, project)
    [before] = stylesheets(out)
    [icon] = icons(out)
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))
    (project / "static").mkdir()
    (project / "static/style.css").write_text("body { color: #222; }\n")
    build(cli, project)
    [after] = stylesheets(out)
    assert after != before and HASHED.match(after)
    assert (out / after.lstrip("/")).read_text() == "body { color: #222; }\n"
    assert not (out / before.lstrip("/")).exists()  # the old name is stale: removed
    assert icons(out) == {icon}
    assert (out / icon.lstrip("/")).stat().st_mtime_ns == OLD  # untouched


def test_an_unchanged_stylesheet_keeps_its_name_and_file(cli: Cli,
                                                         make_project: MakeProject) -> None:
    project = make_project(ACTIVITIES)
    out = build(cli, project)
    [href] = stylesheets(out)
    hashed = out / href.lstrip("/")
    os.utime(hashed, ns=(OLD, OLD))
    (project / "content/2021/activities.yaml").write_text(
        "- title: Open dag\n  date: 2021-11-16\n- title: Lezing\n  date: 2021-11-17\n")
    build(cli, project)
    assert stylesheets(out) == {href}
    assert hashed.stat().st_mtime_ns == OLD


def test_static_url_of_a_missing_file_is_a_template_error(cli: Cli,
                                                          make_project: MakeProject) -> None:
    project = make_project({**ACTIVITIES, "templates/404.html":
                            '{% extends "base.html" %}\n{% block content %}\n'
                            "<img src=\"{{ static_url('logo.png') }}\" alt=\"\">\n"
                            "{% endblock %}\n"})
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-16", "--no-cache")
    assert code == 1
    assert ('templates/404.html:3: fout in een template: static_url: there is no file '
            'static/logo.png in static/') in err
    assert not (project / "public").exists()


def test_a_sites_own_static_file_can_be_linked_by_hashed_name(cli: Cli,
                                                              make_project: MakeProject) -> None:
    logo = b"\x89PNG fictional"
    project = make_project({**ACTIVITIES, "static/logo.png": logo,
                            "templates/404.html":
                            '{% extends "base.html" %}\n{% block content %}\n'
                            "<img src=\"{{ static_url('logo.png') }}\" alt=\"\">\n"
                            "{% endblock %}\n"})
    out = build(cli, project, "--base-url", "https://example.org/campagne/")
    [src] = parse(out / "404.html").xpath("//img/@src")
    assert src == f"/campagne/static/logo.{short_digest(logo)}.png"
    assert (out / src.removeprefix("/campagne/")).read_bytes() == logo
