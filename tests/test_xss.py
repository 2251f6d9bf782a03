"""Hostile text in every field an editor fills in comes out inert: no script, no event handler,
no javascript: link; a plain field shows the payload as text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from site_helpers import all_html_files, h1, main_text, page, parse, text

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]

TEXT_FIELDS = ("title", "region", "organiser", "theme", "location", "note")  # note: the site's own
SITE_WORDS = ("kind", "notelabel", "texts", "word", "thanks")  # site.yaml's, shown by the theme


def payload(field: str) -> str:
    return f"<script>alert('{field}')</script>\"><img src=x onerror=alert(1)> {field}"


MARKDOWN = """\
Klik [hier](javascript:alert(1)) of [daar](JaVaScRiPt:alert(2)) of [zo]( javascript:alert(3) ).

<a href="javascript:alert(4)" onclick="alert(5)">link</a>
<a href="java&#x09;script:alert(6)">tab</a>
<a href="data:text/html,<script>alert(7)</script>">data</a>

<script>alert(8)</script>
<img src=x.png onerror=alert(9)>
<img src="javascript:alert(10)">
<div onmouseover="alert(11)" style="background:url(javascript:alert(12))">hover</div>
<iframe src="javascript:alert(13)"></iframe>
<svg onload=alert(14)></svg>
<form action="javascript:alert(15)"><button formaction="javascript:alert(16)">x</button></form>

[ref]: javascript:alert(17)
Een [verwijzing][ref].

![plaatje](javascript:alert(18))
"""


def quoted(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def hostile_project(make_project: MakeProject) -> Path:
    fields = "".join(f"  {name}: {quoted(payload(name))}\n" for name in TEXT_FIELDS)
    indented = "".join(f"    {line}\n" for line in MARKDOWN.splitlines())
    activities = (
        f"- date: 2021-11-16\n{fields}  kind: hostile\n"
        "  highlight: true\n  slug: gevaarlijk\n"
        f"  description: |\n{indented}"
        f"  report: |\n{indented}"
        "  media:\n"
        f"    - kind: link\n      url: https://example.org/x\n"
        f"      title: {quoted(payload('media'))}\n"
    )
    return make_project({
        "content/site.yaml": f"title: {quoted(payload('site'))}\n"
                             f"description: {quoted(payload('description'))}\n"
                             f"campaign:\n  word: {quoted(payload('word'))}\n"
                             f"  thanks: {quoted(payload('thanks'))}\n"
                             f"fields:\n  - name: note\n    type: text\n"
                             f"    label: {quoted(payload('notelabel'))}\n"
                             f"kinds:\n  - name: hostile\n    label: {quoted(payload('kind'))}\n"
                             f"texts:\n  \"Alle activiteiten\": {quoted(payload('texts'))}\n",
        "content/2021/activities.yaml": activities,
        "content/2021/week.yaml": f"theme: {quoted(payload('week'))}\n"
                                  f"explanation: |\n{indented}",
        "content/2021/gevaar.md": f"---\ntitle: {quoted(payload('pagetitle'))}\n"
                                  f"summary: {quoted(payload('summary'))}\n"
                                  f"date: 2021-11-16\n---\n{MARKDOWN}",
        "content/2021/index.md": f"---\ntitle: Intro\n---\n{MARKDOWN}",
        "content/2021/terugblik.md": f"---\ntitle: Terugblik\n---\n{MARKDOWN}",
        "content/2021/x.png": b"\x89PNG\r\n\x1a\n",  # the picture the Markdown shows
    })


def squeeze(url: str) -> str:
    """A URL as a browser reads its scheme: control characters and spaces ignored."""
    return "".join(c for c in url if c > " ").lower()


def assert_inert(path: Path) -> None:
    tree = parse(path)
    for script in tree.xpath("//script"):
        if script.get("type") == "application/ld+json":  # data for search engines (seo.py)
            assert "<" not in script.text and json.loads(script.text)["@context"]
            continue
        assert script.get("src", "").startswith("/static/") and not (script.text or "").strip()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        events = [name for name in el.attrib if name.lower().startswith("on")]
        assert not events, (path, el.tag, events)
        for name in ("href", "src", "action", "formaction", "data", "style"):
            value = squeeze(el.get(name, ""))
            assert "javascript:" not in value, (path, el.tag, name, value)
            assert not value.startswith(("data:", "vbscript:")), (path, el.tag, name, value)
    # the only form is the search page's own (templates/search.html)
    assert not tree.xpath("//iframe | //svg[not(@class='chart-svg')] | //object | //embed | "
                          "//form[not(@role='search' and @action='/zoeken/')]")
    # the look-back's charts are weekgen's own SVG: shapes and (escaped) text, nothing else
    assert not tree.xpath("//svg//*[not(self::title or self::desc or self::text or self::rect)]")


@pytest.mark.parametrize("today", ["2021-11-01", "2021-11-16", "2021-11-30"],
                         ids=["before", "during", "after"])
def test_hostile_content_comes_out_inert(make_project: MakeProject, build: Build,
                                         today: str) -> None:
    project = hostile_project(make_project)
    code, err = build(project, "--today", today)
    assert code == 0, err
    files = all_html_files(project / "public")
    assert len(files) > 15
    for path in files:
        assert_inert(path)


def test_plain_fields_show_the_payload_as_text(make_project: MakeProject, build: Build) -> None:
    project = hostile_project(make_project)
    code, err = build(project, "--today", "2021-11-30")
    assert code == 0, err
    out = project / "public"
    tree = page(out, "/2021/activiteiten/gevaarlijk/")
    assert h1(tree) == payload("title")
    assert tree.findtext(".//title").startswith(payload("title"))
    shown = main_text(tree)
    for field in (*TEXT_FIELDS, "media", "kind", "notelabel"):
        assert payload(field) in shown, field
    assert payload("texts") in text(tree) and payload("word") in text(tree)
    assert payload("thanks") in main_text(page(out, "/2021/terugblik/"))
    page_tree = page(out, "/2021/gevaar/")
    assert h1(page_tree) == payload("pagetitle")
    assert page_tree.xpath("//meta[@name='description']/@content") == [payload("summary")]
    tuesday = main_text(page(out, "/2021/dinsdag/"))
    assert payload("pagetitle") in tuesday and payload("summary") in tuesday
    assert payload("week") in main_text(page(out, "/2021/"))
    assert h1(page(out, "/2021/regio/" + region_slug() + "/")).startswith(payload("region"))
    home = page(out, "/")
    assert h1(home) == payload("site")
    assert home.xpath("//meta[@name='description']/@content") == [payload("description")]


def region_slug() -> str:
    return "script-alert-region-script-img-src-x-onerror-alert-1-region"


def test_markdown_keeps_its_harmless_parts(make_project: MakeProject, build: Build) -> None:
    project = hostile_project(make_project)
    code, err = build(project, "--today", "2021-11-30")
    assert code == 0, err
    tree = page(project / "public", "/2021/gevaar/")
    prose: lxml.html.HtmlElement = tree.get_element_by_id("inhoud")
    link_texts = [text(a) for a in prose.xpath(".//a")]
    assert {"hier", "daar", "link", "verwijzing"} <= set(link_texts)
    assert "hover" in text(prose)
    assert "alert(8)" not in " ".join(prose.xpath(".//p//text()"))  # the script is gone


def test_url_field_accepts_only_safe_schemes(make_project: MakeProject, build: Build) -> None:
    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x",
                "vbscript:msgbox(1)", "//evil.example/", "java\tscript:alert(1)"):
        project = make_project({"content/2021/activities.yaml":
                                f"- title: A\n  date: 2021-11-16\n  url: {quoted(url)}\n"})
        code, err = build(project, "--today", "2021-11-01")
        assert code == 1, url
        assert "'url'" in err and "is geen link die weekgen aanneemt" in err, url
