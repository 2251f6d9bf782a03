"""Sub-path hosting for real: the sample site built for http://127.0.0.1:PORT/campagne/, served
under /campagne/ only by an HTTP server on localhost, and crawled from its front page. Every
internal link, asset, feed, calendar and redirect answers 200; external links are not fetched."""

from __future__ import annotations

import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html
import pytest

from site_helpers import SAMPLE_CONTENT, run_main

PREFIX = "/campagne/"
LINKS_PAGE = """\
---
title: Links
aliases: [/2021/oude-links/]
---
Zie [Doe mee](/2021/meedoen/), ![een foto](/2021/foto.svg) en [het oude adres van deze
pagina](/2021/oude-links/), dat hierheen leidt.
"""
PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
WELL_KNOWN = ("sitemap.xml", "robots.txt")  # fetched too when the build makes them


class _Handler(SimpleHTTPRequestHandler):
    """Serves `directory` under PREFIX only, as a host serving the site in a sub-folder."""

    def send_head(self) -> Any:
        if not urlsplit(self.path).path.startswith(PREFIX):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Crawl:
    origin: str
    out: Path
    status: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    found_on: dict[str, str] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    root = tmp_path_factory.mktemp("crawl")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    (root / "content/2021/links.md").write_text(LINKS_PAGE, "utf-8")
    (root / "content/2021/foto.svg").write_text(PICTURE, "utf-8")
    out = root / "public"
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        code = run_main(["build", "--source", str(root), "--out", str(out), "--no-cache",
                         "--quiet", "--today", "2021-11-17", "--base-url", origin + PREFIX])
        assert code == 0
        yield run_crawl(Crawl(origin, out))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code, "", b""


def run_crawl(crawl: Crawl) -> Crawl:
    start = crawl.origin + PREFIX
    todo = [start] + [start + name for name in WELL_KNOWN if (crawl.out / name).is_file()]
    crawl.found_on.update((url, "(start)") for url in todo)
    while todo:
        url = todo.pop()
        if url in crawl.status:
            continue
        status, kind, body = fetch(url)
        crawl.status[url] = status
        crawl.kinds[url] = kind
        for link in links_in(kind, body):
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                continue  # mailto:, data:
            if f"{parts.scheme}://{parts.netloc}" != crawl.origin:
                crawl.external.add(target)
                continue
            target = urlunsplit(parts._replace(fragment=""))
            crawl.found_on.setdefault(target, url)
            if target not in crawl.status:
                todo.append(target)
    return crawl


def links_in(kind: str, body: bytes) -> list[str]:
    """Every address in a page (href, src, a refresh), a feed or sitemap, or a calendar."""
    if kind == "text/html":
        tree = lxml.html.fromstring(body)
        found = [str(u) for u in tree.xpath("//@href | //@src")]
        for content in tree.xpath("//meta[@http-equiv='refresh']/@content"):
            found.append(str(content).split("url=", 1)[1])
        return found
    if kind in ("application/xml", "text/xml", "application/atom+xml", "application/rss+xml"):
        tree = lxml.etree.fromstring(body)
        return [str(u).strip() for u in tree.xpath(
            "//*[local-name()='loc' or local-name()='link' or local-name()='id']/text()"
            " | //*[local-name()='link']/@href")]
    if kind == "text/calendar":
        unfolded = re.sub(r"\r?\n[ \t]", "", body.decode("utf-8"))
        return re.findall(r"^URL[^:]*:(\S+)", unfolded, re.MULTILINE)
    if kind == "text/plain":  # robots.txt
        return re.findall(r"^Sitemap:\s*(\S+)", body.decode("utf-8"), re.MULTILINE)
    return []


def test_every_internal_address_answers_200(crawl: Crawl) -> None:
    broken = [f"{url} ({status}), linked from {crawl.found_on.get(url)}"
              for url, status in sorted(crawl.status.items()) if status != 200]
    assert broken == []


def test_the_crawl_reached_the_whole_site(crawl: Crawl) -> None:
    pages = [u for u, kind in crawl.kinds.items() if kind == "text/html"]
    assert len(pages) >= len(list(crawl.out.rglob("index.html"))) * 0.9
    start = crawl.origin + PREFIX
    for path in ("2021/", "2021/woensdag/", "2021/activiteiten/", "2018/terugblik/",
                 "2021/meedoen/", "2021/links/", "2021/oude-links/", "2021/foto.svg"):
        assert start + path in crawl.status, path
    assert any(re.search(r"/static/style\.[0-9a-f]{8}\.css$", u) for u in crawl.status)
    assert all(u.startswith(start) for u in crawl.status)


def test_feeds_and_calendars_are_crawled_when_the_site_has_them(crawl: Crawl) -> None:
    made = {p.relative_to(crawl.out).as_posix() for p in crawl.out.rglob("*")
            if p.suffix in (".xml", ".ics") and p.is_file()}
    reached = {u.removeprefix(crawl.origin + PREFIX) for u in crawl.status}
    assert made <= reached


def test_the_server_really_serves_under_the_sub_path_only(crawl: Crawl) -> None:
    """Without this the crawl could pass with links that miss the sub-path."""
    assert fetch(crawl.origin + "/2021/")[0] == 404
    assert fetch(crawl.origin + PREFIX + "2021/")[0] == 200
    assert fetch(crawl.origin + PREFIX + "2021/bestaat-niet/")[0] == 404


def test_external_links_are_left_alone(crawl: Crawl) -> None:
    assert crawl.external  # the sample links to other sites
    assert not any(u.startswith(crawl.origin) for u in crawl.external)
