"""Editors' Markdown to safe HTML: the only module that imports Python-Markdown and nh3.

Every piece of Markdown is rendered, then sanitised with an allow-list (no script, no event
handlers, no `javascript:` links), so templates may mark the result safe. Headings move so that
the text's highest level is h2 (the page title is the only h1, and editors write `#` or `##` for
their sections alike: either way no level is skipped), and links to `/...` get the site's
sub-path so they work wherever the site is published. Pure and picklable, so batches run in
worker processes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

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

SETTINGS_VERSION = "2"  # bump when the extensions or sanitiser settings change the output
# The extensions by name, and the classes Python-Markdown gets: given a name, it looks for it
# among the entry points of every installed package (35 ms, once in each process).
_EXTENSION_CLASSES: dict[str, type[Extension]] = {
    "abbr": AbbrExtension, "attr_list": AttrListExtension, "def_list": DefListExtension,
    "fenced_code": FencedCodeExtension, "footnotes": FootnoteExtension, "tables": TableExtension,
    "sane_lists": SaneListExtension,
}
EXTENSIONS = tuple(_EXTENSION_CLASSES)


@dataclass(frozen=True)
class LineEnd:
    """A trigger held by a text with a line that ends in one of `chars` (before spaces and
    tabs), after any kind of line break or at the text's end."""

    chars: str


# A trigger: strings of which the text holds one (found with `in`, many times faster than a
# pattern of alternatives: r" {4}|\t" took 0.03 ms on a description), or a LineEnd.
Trigger = tuple[str, ...] | LineEnd
# What a text must hold for an extension to change anything: a text without it is rendered
# without the extension, byte for byte the same and a third faster (most descriptions are plain
# paragraphs). sane_lists changes how every list reads, so it is always on.
TRIGGERS: dict[str, Trigger] = {
    "abbr": ("*[",),
    "attr_list": ("{",),
    # ': ' anywhere: a definition's line may start after a quote's '>', a list's marker or a
    # block of HTML ('<div>x</div> : y'), and each is its own way to begin a line
    "def_list": (": ", ":\t"),
    "fenced_code": ("```", "~~~"),
    "footnotes": ("[^",),
    "tables": ("|",),
}
# Python-Markdown's inline patterns likewise: each needs a character to match at all, and most
# descriptions are plain sentences with a link or a bold phrase. A text without a pattern's
# character is converted without the pattern (byte for byte the same; a third faster). Nothing
# converting a text adds these characters: its placeholders are \x02...\x03; tabs become spaces,
# hence the tab for a line break (two spaces before a line's end).
INLINE_TRIGGERS: dict[str, Trigger] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "link": ("[",),
    "image_link": ("![",),
    # a reference link shows only when the text defines its reference: '[id]: address'
    **dict.fromkeys(("reference", "short_reference", "image_reference", "short_image_ref"),
                    ("]:",)),
    **dict.fromkeys(("autolink", "automail", "html"), ("<",)),
    # (an entity or a piece of HTML may go into the stash and leave its spaces at a line's end)
    "linebreak": ("  \n", "  \r", "\t", "&", "<"),
    "entity": ("&",),
    **dict.fromkeys(("em_strong", "em_strong2", "not_strong"), ("*", "_")),
}
# And its block processors, each of which tests every block of a text (most by searching the
# whole block) before a plain paragraph is taken as one. Lists and quotes only take characters
# from a line's start, tabs become spaces and line breaks become '\n': a setext underline or a
# rule still ends its line with its own character, an indented block still has four spaces or a
# tab, in the text as the editor wrote it.
BLOCK_TRIGGERS: dict[str, Trigger] = {
    **dict.fromkeys(("indent", "code"), ("    ", "\t")),
    "hashheader": ("#",),
    "setextheader": LineEnd("=-"),
    "hr": LineEnd("-_*"),
    "quote": (">",),
    "reference": ("]:",),
}
# And two steps of every conversion: taking the blocks of HTML out (an HTML parser over the
# whole text, a tenth of a plain description's conversion) and undoing backslash escapes.
STEP_TRIGGERS: dict[str, Trigger] = {
    "html_block": ("<", "&"),
    "unescape": ("\\",),
}

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


@functools.lru_cache(maxsize=100_000)  # a long-running process asks after every edit
def markup_key(text: str, base_path: str) -> str:
    """What the rendered HTML of `text` depends on, as a cache key."""
    h = hashlib.blake2b(digest_size=16)
    for part in (SETTINGS_VERSION, markdown.__version__, _NH3_VERSION, base_path, text):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


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
# Texts of many kinds make converters of many kinds (0.1-1.2 ms and some 60 KB each): past this
# many, start again rather than grow.
RENDERERS_KEPT = 256


# Every string the triggers look for, and every character a LineEnd does.
_STRINGS = tuple(sorted({t for table in (TRIGGERS, INLINE_TRIGGERS, BLOCK_TRIGGERS, STEP_TRIGGERS)
                         for trigger in table.values() if isinstance(trigger, tuple)
                         for t in trigger}))
_LINE_END_CHARS = frozenset(c for trigger in BLOCK_TRIGGERS.values()
                            if isinstance(trigger, LineEnd) for c in trigger.chars)
# A single character is found at once; a longer string takes a search of the whole text (some
# thirty times as long), worth it only when the text holds each of its characters.
_LONGER = tuple((t, tuple(sorted(set(t)))) for t in _STRINGS if len(t) > 1)
_SINGLE = tuple(t for t in _STRINGS if len(t) == 1)


class Choice(NamedTuple):
    """What converts a text: the extensions it may need, and the inline patterns, block
    processors and other steps that cannot change it."""

    extensions: tuple[str, ...]
    inline_unused: tuple[str, ...]
    blocks_unused: tuple[str, ...]
    steps_unused: tuple[str, ...]


def choose(text: str) -> Choice:
    """The converter for `text`. It depends only on which of the triggers' strings the text
    holds and which of their characters its lines end in: each is looked for once, and the
    choice is made once for every such combination (most descriptions share one). Looking
    trigger by trigger took a sixth of a description's conversion."""
    found = frozenset([*(t for t in _SINGLE if t in text),
                       *(t for t, chars in _LONGER if all(c in text for c in chars) and t in text)])
    ends = frozenset(line.rstrip(" \t")[-1:] for line in text.splitlines()) & _LINE_END_CHARS
    return _choice(found, ends)


@functools.lru_cache(maxsize=4096)
def _choice(found: frozenset[str], ends: frozenset[str]) -> Choice:
    def unused(table: dict[str, Trigger]) -> tuple[str, ...]:
        return tuple(name for name, trigger in table.items()
                     if not (found.intersection(trigger) if isinstance(trigger, tuple)
                             else ends.intersection(trigger.chars)))

    skipped = unused(TRIGGERS)
    return Choice(tuple(e for e in EXTENSIONS if e not in skipped), unused(INLINE_TRIGGERS),
                  unused(BLOCK_TRIGGERS), unused(STEP_TRIGGERS))


def extensions_for(text: str) -> tuple[str, ...]:
    """The extensions that may change how `text` renders."""
    return choose(text).extensions


def inline_unused(text: str) -> tuple[str, ...]:
    """The inline patterns that cannot match anywhere in `text`."""
    return choose(text).inline_unused


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
            md.inlinePatterns.deregister(name, strict=False)
        for name in blocks:
            md.parser.blockprocessors.deregister(name, strict=False)
        for name in steps:
            md.preprocessors.deregister(name, strict=False)
            md.treeprocessors.deregister(name, strict=False)
        _renderers[key] = md
    return md


def render_markdown(text: str, base_path: str = "/") -> str:
    """Markdown to sanitised HTML."""
    if not text.strip():
        return ""
    md = _renderer(base_path, *choose(text))
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
    ))


def render_batch(texts: Iterable[str], base_path: str) -> list[str]:
    """Several texts at once: the unit of work sent to a worker process."""
    return [render_markdown(t, base_path) for t in texts]
