"""Bar charts as geometry, for inline SVG drawn at build time (templates/_chart.html).

Pure: counts in, whole-number coordinates out, so the SVG is the same on every machine and in every
build (no floating-point text such as 33.333333). No JavaScript and no chart service: the page
carries the picture itself, and the template gives every chart its text alternative.

The layout suits a phone as well as a desktop: each bar has its own row with the label above it
and the value at the right, so long names (regions, organisers) never collide with the bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")

WIDTH = 400  # the viewBox: the stylesheet scales it down on narrow screens
LABEL_HEIGHT = 18  # from a row's top to the baseline of its label
BAR_TOP = 24  # from a row's top to its bar
BAR_HEIGHT = 14
ROW = 46  # from one row's top to the next
FONT_SIZE = 16
COLOUR = "#0b5394"  # the theme's primary colour: 7.9:1 on white (WCAG asks 3:1 for graphics)


@dataclass(frozen=True)
class Bar(Generic[K]):
    """One row: what it counts (`key`, formatted by the template), its value and its place."""

    key: K
    value: int
    top: int  # the row's top
    width: int  # the bar's length; 0 for a value of 0

    @property
    def label_y(self) -> int:
        return self.top + LABEL_HEIGHT

    @property
    def bar_y(self) -> int:
        return self.top + BAR_TOP


@dataclass(frozen=True)
class Chart(Generic[K]):
    """A horizontal bar chart. `name` makes the ids of its title and description unique."""

    name: str
    bars: tuple[Bar[K], ...]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars) * ROW - (ROW - BAR_TOP - BAR_HEIGHT), 1)

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def largest(self) -> int:
        return max((b.value for b in self.bars), default=0)

    font_size = FONT_SIZE
    bar_height = BAR_HEIGHT
    colour = COLOUR


def bar_chart(name: str, items: Sequence[tuple[K, int]]) -> Chart[K]:
    """One bar per item, in the given order; the largest value spans the full width.

    Lengths are rounded to whole units (half up), so equal values always get equal bars."""
    if any(value < 0 for _, value in items):
        raise ValueError("a bar chart counts things: values cannot be negative")
    largest = max((value for _, value in items), default=0)
    bars = tuple(
        Bar(key, value, i * ROW, _length(value, largest))
        for i, (key, value) in enumerate(items)
    )
    return Chart(name, bars)


def _length(value: int, largest: int) -> int:
    if largest == 0:
        return 0
    return (2 * value * WIDTH + largest) // (2 * largest)
