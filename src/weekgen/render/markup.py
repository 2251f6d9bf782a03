"""Editors' Markdown to safe HTML: the only module that imports Python-Markdown and nh3.

Every piece of Markdown is rendered, then sanitised with an allow-list (no script, no event
handlers, no `javascript:` links), so templates may mark the result safe. Headings move so that
the text's highest level is h2 (the page title is the only h1, and editors write `#` or `##` for
their sections alike: either way no level is skipped), and links to `/...` get the site's
sub-path so they work wherever the site is published. Pure and picklable, so batches run in
worker processes.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from weekgen.render import choice

SETTINGS_VERSION = "2"  # bump when the extensions or sanitiser settings change the output
# The extensions by name, and the classes Python-Markdown gets: given a name, it looks for it
# among the entry points of every installed package, once in each process.
_EXTENSION_CLASSES: dict[str, type[Extension]] = {
    "abbr": AbbrExtension, "attr_list": AttrListExtension, "def_list": DefListExtension,
    "fenced_code": FencedCodeExtension, "footnotes": FootnoteExtension, "tables": TableExtension,
    "sane_lists": SaneListExtension,
}
EXTENSIONS = tuple(_EXTENSION_CLASSES)
# The choice of what a text can use, off: every text converted with everything (render/choice.py).
PLAIN = os.environ.get("WEEKGEN_MARKDOWN") == "plain"


ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"style"},
    "th": {"style"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_NH3_VERSION = importlib.metadata.version("nh3")
# What the HTML of a text depends on besides the text and the base path (engine/keys.py).
VERSION = f"{SETTINGS_VERSION}\0{markdown.__version__}\0{_NH3_VERSION}"


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _SiteLinks(Treeprocessor):
    """Move headings under the page's h1 and give site-relative links the site's sub-path."""

    def __init__(self, md: markdown.Markdown, base_path: str) -> None:
        super().__init__(md)
        self.base_path = base_path

    def run(self, root: etree.Element) -> None:
        levels = [int(el.tag[1]) for el in root.iter() if el.tag in _HEADINGS]
        shift = 2 - min(levels) if levels else 0
        for el in root.iter():
            if el.tag in _HEADINGS:
                el.tag = f"h{min(int(el.tag[1]) + shift, 6)}"
            for attr in ("href", "src"):
                value = el.get(attr)
                if value and value.startswith("/") and not value.startswith("//"):
                    el.set(attr, self.base_path + value.lstrip("/"))


class _SiteLinksExtension(Extension):
    def __init__(self, base_path: str) -> None:
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SiteLinks(md, self.base_path), "weekgen_links", 0)


_renderers: dict[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...],
                       tuple[str, ...]], markdown.Markdown] = {}
# Texts of many kinds make converters of many kinds, each with its own memory: past this many,
# start again rather than grow.
RENDERERS_KEPT = 256


def _renderer(base_path: str, extensions: tuple[str, ...] = EXTENSIONS,
              unused: tuple[str, ...] = (), blocks: tuple[str, ...] = (),
              steps: tuple[str, ...] = ()) -> markdown.Markdown:
    """A converter with these extensions, without these inline patterns, block processors and
    other steps."""
    key = (base_path, extensions, unused, blocks, steps)
    md = _renderers.get(key)
    if md is None:
        if len(_renderers) >= RENDERERS_KEPT:
            _renderers.clear()
        md = markdown.Markdown(
            extensions=[*(_EXTENSION_CLASSES[e]() for e in extensions),
                        _SiteLinksExtension(base_path)],
            output_format="html",
        )
        for name in unused:
            md.inlinePatterns.deregister(name)
        for name in blocks:
            md.parser.blockprocessors.deregister(name)
        for name in steps:  # a preprocessor or a treeprocessor, by its name
            (md.preprocessors if name in md.preprocessors else md.treeprocessors).deregister(name)
        _renderers[key] = md
    return md


def converter_for(text: str, base_path: str) -> markdown.Markdown:
    """The converter for `text`: with only what it can use, unless the choice is off."""
    if PLAIN:
        return _renderer(base_path)
    return _renderer(base_path, *choice.choose(text, EXTENSIONS))


def render_markdown(text: str, base_path: str = "/") -> str:
    """Markdown to sanitised HTML."""
    if not text.strip():
        return ""
    md = converter_for(text, base_path)
    html = md.reset().convert(text)
    return sanitise(html)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_CAMEL_HASHTAG = re.compile(r"(?<![\w&;])#[A-Za-z0-9]*[a-z0-9][A-Z]\w*")
_CAPITAL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def hashtag_breaks(html: str) -> str:
    """A <wbr> at each capital of a CamelCase hashtag in the text (#WeekTegenKindermishandeling),
    where a narrow screen may break it rather than overflow or split a word. Only text between
    tags is touched: the sanitiser has escaped every '<' and '>' in text and attributes."""
    if "#" not in html:
        return html
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):  # the even parts are text
        if "#" in parts[i]:
            parts[i] = _CAMEL_HASHTAG.sub(lambda m: _CAPITAL.sub("<wbr>", m.group(0)), parts[i])
    return "".join(parts)


def sanitise(html: str) -> str:
    """Only the tags and attributes weekgen allows; then the hashtags' break points."""
    return hashtag_breaks(nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
        attribute_filter=_no_backslash if "\\" in html else None,
    ))


def _no_backslash(tag: str, attribute: str, value: str) -> str:
    """A browser reads a link's '\\' as '/': '/\\evil.example/' would go to another site."""
    return value.translate(_BACKSLASH) if attribute in ("href", "src") else value


_BACKSLASH = {ord("\\"): "%5C"}


def render_batch(texts: Iterable[str], base_path: str) -> list[str]:
    """Several texts at once: the unit of work sent to a worker process."""
    return [render_markdown(t, base_path) for t in texts]
