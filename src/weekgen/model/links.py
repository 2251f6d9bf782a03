"""Links in editors' Markdown to pages of the site that do not exist.

Pure. The links are taken from the rendered (sanitised) HTML, so that a link is what Markdown made
of it (never a bracket in a code block), and their place is found by looking for the address in
the Markdown source. A link to a page that comes later (the look-back before the Week is over, a
page with a later `publish:` day) is a warning; any other link into the site that leads nowhere
is an error, named as `content/2021/meedoen.md:12:20: link to /2021/bestaat-niet/ goes nowhere`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

from weekgen.errors import Position, Problems
from weekgen.model.content import Page
from weekgen.model.site import LOOKBACK, Site, Week, page_path

# Markdown that may hold a link to a page of the site: [a](/x), [a]: /x, raw href="/x" or src=.
# Four patterns that each start with plain text, which Python's re finds fast (one pattern with
# alternatives is much slower: see benchmarks/RESULTS.md).
MAY_LINK = tuple(re.compile(p) for p in (r"\]\(\s*<?/", r"\]:[ \t]*<?/", r"href\s*=",
                                         r"src\s*="))
_ATTRIBUTE = re.compile(r"\s(?:href|src)=\"([^\"]*)\"")


@dataclass(frozen=True)
class Text:
    """A Markdown text the site shows, and where it comes from (a file, and the line its record
    starts on, from which on the address is looked for)."""

    markdown: str
    source: Position


def may_link(markdown: str) -> bool:
    return any(p.search(markdown) for p in MAY_LINK)


def week_texts(week: Week) -> list[Text]:
    """A year's Markdown texts that may link to a page of the site (the same for the same
    Week.digest, which is how build.py keeps them)."""
    found = []
    explanation = week.config.explanation
    if explanation and may_link(explanation):
        found.append(Text(explanation, Position(f"content/{week.year}/week.yaml")))
    pages = {id(p): p for p in (*week.pages, week.intro, week.story) if p is not None}
    for page in pages.values():
        if may_link(page.body):
            found.append(Text(page.body, Position(page.source.path)))
    for a in week.activities:
        for markdown in (a.description, a.report):
            if markdown and may_link(markdown):
                found.append(Text(markdown, a.source))
    return found


def links_in(rendered: str, base_path: str) -> list[str]:
    """The addresses of the site that rendered HTML links to, relative to the site's root
    ('2021/meedoen/'), in order."""
    found = []
    for match in _ATTRIBUTE.finditer(rendered):
        url = html.unescape(match.group(1))
        if url.startswith(base_path) and not url.startswith("//"):
            found.append(url[len(base_path):])
    return found


def exists(link: str, paths: set[str]) -> bool:
    """Does an address lead to a file of the output ('2021/x/' is 2021/x/index.html)?"""
    path = unquote(urlsplit(link).path)
    if path == "" or path.endswith("/"):
        return path + "index.html" in paths
    return path in paths or path + "/index.html" in paths


@dataclass(frozen=True)
class Later:
    """An address that will have a page from a later day on."""

    day: date
    what: str


def later_pages(site: Site, pages: Iterable[Page]) -> dict[str, Later]:
    """The look-back of every Week that is not over, and the pages waiting for their publish
    day, by output path."""
    later: dict[str, Later] = {}
    for week in site.weeks:
        if not week.has_lookback:
            day = week.end.toordinal() + 1
            later[f"{week.path}{LOOKBACK}/index.html"] = Later(date.fromordinal(day),
                                                               "the look-back")
    for page in pages:
        if not page.draft and page.publish is not None and page.publish > site.today:
            later[page_path(page) + "index.html"] = Later(page.publish, page.source.path)
    return later


def check_links(texts: Iterable[Text], rendered: Callable[[list[str]], dict[str, str]],
                paths: set[str], later: dict[str, Later], base_path: str,
                source_text: Callable[[str], str | None], problems: Problems,
                unsure: tuple[str, ...] = ()) -> None:
    """Report every link of these texts into the site that leads nowhere. `unsure`: the folders
    (output paths such as '2021/') whose pages may be missing only because a content file of
    theirs has an error: links into them are not reported."""
    texts = list(texts)
    html_of = rendered([t.markdown for t in texts])
    pages: list[str] = []  # for the hints, once a link goes nowhere
    for text in texts:
        for link in links_in(html_of[text.markdown], base_path):
            if exists(link, paths) or (unsure and unquote(link).startswith(unsure)):
                continue
            where = locate(text, "/" + link, source_text)
            target = "/" + urlsplit(link).path
            path = unquote(urlsplit(link).path)
            coming = later.get(path + "index.html" if path.endswith("/") or not path
                               else path + "/index.html") or later.get(path)
            if coming is not None:
                problems.warning(where, f"link to {target} goes nowhere until {coming.day}",
                                 f"{coming.what} appears that day")
            else:
                pages = pages or sorted("/" + p.removesuffix("index.html") for p in paths
                                        if p.endswith(".html") and not p.startswith("static/")
                                        and p != "404.html")
                problems.error(where, f"link to {target} goes nowhere", _hint(target, pages))


def _hint(target: str, pages: list[str]) -> str:
    """The pages whose address is close: first those in the same folder, by their last part."""
    parent, _, leaf = target.rstrip("/").rpartition("/")
    siblings = {p.rstrip("/").rpartition("/")[2]: p for p in pages
                if p.rstrip("/").rpartition("/")[0] == parent}
    close = [siblings[n] for n in difflib.get_close_matches(leaf, siblings, n=3, cutoff=0.6)]
    close = close or difflib.get_close_matches(target, pages, n=3, cutoff=0.8)
    if close:
        also = f" (also close: {', '.join(close[1:])})" if close[1:] else ""
        return f"did you mean {close[0]}?{also}"
    return "no page of the site has an address like it; a page content/2021/meedoen.md is " \
           "/2021/meedoen/"


def locate(text: Text, link: str, source_text: Callable[[str], str | None]) -> Position:
    """Where a link is in its source file: the first place from its record on that holds the
    address as written, else the record itself."""
    source = source_text(text.source.path)
    if source is None:
        return text.source
    lines = source.split("\n")
    first = max(text.source.line - 1, 0)
    for candidate in dict.fromkeys((link, link.split("#")[0].split("?")[0], unquote(link))):
        written = re.compile(re.escape(candidate) + r"(?=[\s)\]\"'>]|$)")
        for number in range(first, len(lines)):
            match = written.search(lines[number])
            if match:
                return Position(text.source.path, number + 1, match.start() + 1)
    return text.source
