"""Links in editors' Markdown to pages of the site that do not exist, and relative addresses.

Pure. The links are taken from the rendered (sanitised) HTML, so that a link is what Markdown made
of it (never a bracket in a code block), and their place is found by looking for the address in
the Markdown source. A link to a page that comes later (the look-back before the Week is over, a
page with a later `publish:` day) is a warning; any other link into the site that leads nowhere
is an error, named as `content/2021/meedoen.md:12:20: link to /2021/bestaat-niet/ goes nowhere`.

A relative address is resolved as an editor means it (`resolve`), and the HTML gets the address it
resolves to (`absolute`), the same on every page that shows the text. A file's name (`plein.png`,
`meedoen.md`) is looked for from the Markdown file's own folder, as the editor's file tree and
Markdown preview show it (and as MkDocs resolves it): `![](plein.png)` in content/2021/beeld.md
is the picture content/2021/plein.png, published at /2021/plein.png, and `[doe mee](meedoen.md)`
the page of content/2021/meedoen.md, /2021/meedoen/. An address without a file name
(`../meedoen/`) is resolved from the page's own address, as a browser would: on /2021/beeld/ it
is /2021/meedoen/. Either is then checked like any other link into the site.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, unquote, urljoin, urlsplit

from weekgen.errors import Position, Problems
from weekgen.model.content import Activity, Page
from weekgen.model.site import LOOKBACK, Site, Week, activity_path, page_path
from weekgen.wording import N_

# Markdown that may hold a link to a page of the site: [a](/x), [a]: /x, raw href="/x" or src=.
# Four patterns that each start with plain text, which Python's re finds fast (one pattern with
# alternatives is much slower: see benchmarks/RESULTS.md).
# A relative address: no scheme, not from the root, not only a #part. After '](' or ']: ' in
# Markdown, in an attribute of the HTML.
_RELATIVE = r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\s*[)>])"
MAY_LINK = tuple(re.compile(p) for p in (r"\]\(\s*<?/", r"\]:[ \t]*<?/", r"href\s*=",
                                         r"src\s*=", r"\]\(\s*<?" + _RELATIVE,
                                         r"\]:[ \t]*<?" + _RELATIVE))
_ATTRIBUTE = re.compile(r"\s(?:href|src)=\"([^\"]*)\"")
_RELATIVE_ATTRIBUTE = re.compile(r"(\s(?:href|src)=\")" + _RELATIVE + r"([^\"]+)\"")


@dataclass(frozen=True)
class Text:
    """A Markdown text the site shows, and where it comes from (a file, and the line its record
    starts on, from which on the address is looked for)."""

    markdown: str
    source: Position
    address: str = ""  # of the page that shows it ('2021/beeld/'), for its relative links
    folder: str = ""  # where its files are ('content/2021'), for its relative links


def may_link(markdown: str) -> bool:
    return any(p.search(markdown) for p in MAY_LINK)


def week_texts(week: Week) -> list[Text]:
    """A year's Markdown texts that may link to a page of the site (the same for the same
    Week.digest, which is how build.py keeps them)."""
    found = []
    explanation = week.config.explanation
    if explanation and may_link(explanation):
        found.append(Text(explanation, Position(f"content/{week.year}/week.yaml"),
                          *origin(week)))
    pages = {id(p): p for p in (*week.pages, week.intro, week.story) if p is not None}
    for page in pages.values():
        if may_link(page.body):
            found.append(page_text(page))
    for a in week.activities:
        for markdown in (a.description, a.report):
            if markdown and may_link(markdown):
                found.append(Text(markdown, a.source, *origin(a)))
    return found


def page_text(page: Page) -> Text:
    return Text(page.body, Position(page.source.path), *origin(page))


def origin(record: Page | Activity | Week) -> tuple[str, str]:
    """The address of the page that shows a record's Markdown, and the folder of its files: a
    page's own folder; an activity's year folder (whose files are published), also when it is in
    activities/; a Week's explanation, on its year's page."""
    if isinstance(record, Page):
        return page_path(record), record.folder
    if isinstance(record, Activity):
        return activity_path(record), f"content/{record.year}"
    return record.path, f"content/{record.year}"


def page_files(site: Site, also: Iterable[Page] = ()) -> dict[str, str]:
    """The address of every page of the site by its Markdown file:
    'content/2021/meedoen.md' -> '2021/meedoen/'."""
    found = {p.source.path: page_path(p) for p in site.pages}
    for week in site.weeks:
        for p in (*week.pages, week.intro, week.story):
            if p is not None:
                found[p.source.path] = page_path(p)
    for p in also:
        if not p.draft:
            found.setdefault(p.source.path, page_path(p))
    return found


def resolve(url: str, folder: str, address: str, files: Mapping[str, str]) -> str | None:
    """The address (from the site's root, '2021/plein.png') a relative `url` of a text means,
    written in a file in `folder` and shown on the page at `address`; None when `url` is not
    relative. A file's name is from the folder ('meedoen.md' is the page of that file, when there
    is one); any other address is from the page's own, as a browser resolves it."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("/", "#", "\\")):
        return None
    path = unquote(parts.path)
    after = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")
    name = path.rpartition("/")[2]
    if "." in name.strip("."):
        file = posixpath.normpath(posixpath.join(folder, path))
        if file in files:
            return files[file] + after
        if file.startswith("content/"):
            return quote(file.removeprefix("content/")) + after
        return quote(path) + after  # outside content/: nowhere, and said so as written
    return urljoin("/" + address, url).lstrip("/")


def absolute(rendered: str, folder: str, address: str, files: Mapping[str, str],
             base_path: str) -> str:
    """Rendered HTML with its relative addresses resolved (`resolve`), under the site's
    sub-path: a text links to the same place on every page that shows it."""
    if "href=" not in rendered and "src=" not in rendered:
        return rendered

    def replace(match: re.Match[str]) -> str:
        target = resolve(html.unescape(match.group(2)), folder, address, files)
        if target is None:
            return match.group(0)
        return f'{match.group(1)}{html.escape(base_path + target)}"'

    return _RELATIVE_ATTRIBUTE.sub(replace, rendered)


def relative_links(rendered: str) -> list[str]:
    """The relative addresses of rendered HTML, as written, in order."""
    return [html.unescape(m.group(2)) for m in _RELATIVE_ATTRIBUTE.finditer(rendered)]


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
                                                               N_("the look-back"))
    for page in pages:
        if not page.draft and page.publish is not None and page.publish > site.today:
            later[page_path(page) + "index.html"] = Later(page.publish, page.source.path)
    return later


def check_links(texts: Iterable[Text], rendered: Callable[[list[str]], dict[str, str]],
                paths: set[str], later: dict[str, Later], base_path: str,
                source_text: Callable[[str], str | None], problems: Problems,
                files: Mapping[str, str] | None = None,
                unsure: tuple[str, ...] = ()) -> None:
    """Report every link of these texts into the site that leads nowhere, relative ones
    resolved as `resolve` does (`files`: the pages by their Markdown file). `unsure`: the
    folders (output paths such as '2021/') whose pages may be missing only because a content
    file of theirs has an error: links into them are not reported."""
    texts = list(texts)
    html_of = rendered([t.markdown for t in texts])
    pages: list[str] = []  # for the hints, once a link goes nowhere
    for text in texts:
        found = [(link, "/" + link, "") for link in links_in(html_of[text.markdown], base_path)]
        if text.address:
            for written in relative_links(html_of[text.markdown]):
                link = resolve(written, text.folder, text.address, files or {})
                if link is not None:
                    found.append((link, written, written))
        for link, written, relative in found:
            if exists(link, paths) or (unsure and unquote(link).startswith(unsure)):
                continue
            where = locate(text, written, source_text)
            target = "/" + urlsplit(link).path
            shown = f"{relative} ({target})" if relative else target
            path = unquote(urlsplit(link).path)
            coming = later.get(path + "index.html" if path.endswith("/") or not path
                               else path + "/index.html") or later.get(path)
            if coming is not None:
                problems.warning(where, N_("link to {link} goes nowhere until {day}").format(
                    link=shown, day=str(coming.day)),
                    N_("{what} appears that day").format(what=coming.what))
            elif relative.startswith("www."):
                problems.error(where, N_("link to {link} goes nowhere").format(link=shown),
                               N_("another site's address starts with https://: write "
                                  "https://{address}").format(address=relative))
            elif _is_file(target) and not target.endswith((".md", ".html")):
                problems.error(where, N_("link to {link} goes nowhere").format(link=shown),
                               _file_hint(target, text, paths))
            else:
                pages = pages or sorted("/" + p.removesuffix("index.html") for p in paths
                                        if p.endswith(".html") and not p.startswith("static/")
                                        and p != "404.html")
                problems.error(where, N_("link to {link} goes nowhere").format(link=shown),
                               _md_hint(target, files or {}) if target.endswith(".md")
                               else _hint(target, pages))


def _is_file(target: str) -> bool:
    return "." in target.rpartition("/")[2].strip(".")


def _file_hint(target: str, text: Text, paths: set[str]) -> str:
    """A picture or other file that is not there: the files with a close name beside it."""
    parent, _, name = target.lstrip("/").rpartition("/")
    beside = [p.rpartition("/")[2] for p in paths
              if p.rpartition("/")[0] == parent and not p.endswith(".html")]
    close = difflib.get_close_matches(name, beside, n=1, cutoff=0.6)
    if close:
        return N_("did you mean {name}? ({address})").format(
            name=close[0], address=f"/{parent + '/' if parent else ''}{close[0]}")
    folder = text.folder or f"content/{parent}"
    return N_("put the file in {folder}/, next to the page, and write its name: "
              "![…]({name})").format(folder=folder, name=name)


def _md_hint(target: str, files: Mapping[str, str]) -> str:
    """A link to a Markdown file that is no page: the page files with a close name."""
    folder, _, name = ("content" + target).rpartition("/")
    beside = {f.rpartition("/")[2]: address for f, address in files.items()
              if f.rpartition("/")[0] == folder}
    close = difflib.get_close_matches(name, beside, n=1, cutoff=0.6)
    if close:
        return N_("did you mean {name}? (the page /{address})").format(
            name=close[0], address=beside[close[0]])
    return N_("there is no page {file}; a page content/2021/meedoen.md is "
              "/2021/meedoen/").format(file=f"{folder}/{name}")


def _hint(target: str, pages: list[str]) -> str:
    """The pages whose address is close: first those in the same folder, by their last part."""
    parent, _, leaf = target.rstrip("/").rpartition("/")
    siblings = {p.rstrip("/").rpartition("/")[2]: p for p in pages
                if p.rstrip("/").rpartition("/")[0] == parent}
    close = [siblings[n] for n in difflib.get_close_matches(leaf, siblings, n=3, cutoff=0.6)]
    close = close or difflib.get_close_matches(target, pages, n=3, cutoff=0.8)
    if close:
        if close[1:]:
            return N_("did you mean {address}? (also close: {others})").format(
                address=close[0], others=", ".join(close[1:]))
        return N_("did you mean {address}?").format(address=close[0])
    return N_("no page of the site has an address like it; a page content/2021/meedoen.md is "
              "/2021/meedoen/")


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
