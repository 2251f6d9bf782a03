"""Which parts of Python-Markdown a text can use, from the characters it holds.

A text is converted with only the extensions, inline patterns, block processors and steps that
could change it: byte for byte the same HTML as with everything on (tests/test_markup.py compares
them over random texts), and much faster for the plain paragraphs most descriptions are. The
names below are Python-Markdown's own; render/markup.py deregisters them strictly, so a renamed
pattern in a new release fails loudly instead of slowing down in silence. `WEEKGEN_MARKDOWN=plain`
in the environment turns the choice off (every text gets everything), to rule it out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class LineEnd:
    """A trigger held by a text with a line that ends in one of `chars` (before spaces and
    tabs), after any kind of line break or at the text's end."""

    chars: str


# A trigger: strings of which the text holds one (found with `in`, many times faster than a
# pattern of alternatives), or a LineEnd.
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
    "em_strong": ("*", "_"),
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
# whole text) and undoing backslash escapes.
STEP_TRIGGERS: dict[str, Trigger] = {
    "html_block": ("<", "&"),
    "unescape": ("\\",),
}


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


def choose(text: str, extensions: tuple[str, ...]) -> Choice:
    """The converter for `text`. It depends only on which of the triggers' strings the text
    holds and which of their characters its lines end in: each is looked for once, and the
    choice is made once for every such combination (most descriptions share one)."""
    found = frozenset([*(t for t in _SINGLE if t in text),
                       *(t for t, chars in _LONGER if all(c in text for c in chars) and t in text)])
    ends = frozenset(line.rstrip(" \t")[-1:] for line in text.splitlines()) & _LINE_END_CHARS
    return _choice(found, ends, extensions)


@functools.lru_cache(maxsize=4096)
def _choice(found: frozenset[str], ends: frozenset[str], extensions: tuple[str, ...]) -> Choice:
    def unused(table: dict[str, Trigger]) -> tuple[str, ...]:
        return tuple(name for name, trigger in table.items()
                     if not (found.intersection(trigger) if isinstance(trigger, tuple)
                             else ends.intersection(trigger.chars)))

    skipped = unused(TRIGGERS)
    return Choice(tuple(e for e in extensions if e not in skipped), unused(INLINE_TRIGGERS),
                  unused(BLOCK_TRIGGERS), unused(STEP_TRIGGERS))
