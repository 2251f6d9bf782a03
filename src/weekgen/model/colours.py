"""The campaign's colours: their names, the theme's defaults and which pairs must be readable.

Pure. WCAG 2.1 asks a contrast of at least 4.5:1 between text and its background (success
criterion 1.4.3). A site may set its own colours in `site.yaml`; `weak_pairs` names every pair
that, with the defaults filled in, falls short, so that the build can warn where the colour was
set. The contrast is computed as WCAG defines it, from the relative luminance of sRGB colours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from weekgen.wording import N_

MINIMUM_CONTRAST = 4.5

# The default theme, as static/style.css has it; each name is a CSS custom property --colour-NAME.
DEFAULTS: dict[str, str] = {
    "primary": "#0b5394",  # the header, links, buttons, hashtags
    "primary_text": "#ffffff",  # text on the primary colour
    "text": "#1a1a1a",  # body text
    "muted": "#4a4a4a",  # labels and the footer
    "background": "#ffffff",  # the page
    "surface": "#eef3f8",  # boxes that stand out: the Week's lead, the filters
    "danger": "#a30000",  # 'Gaat niet door'
}
COLOUR_NAMES = tuple(DEFAULTS)


@dataclass(frozen=True)
class Pair:
    """Text in `foreground` on `background`, with what it is, for the warning."""

    foreground: str
    background: str
    what: str


PAIRS = (
    Pair("text", "background", N_("body text")),
    Pair("muted", "background", N_("labels and the footer")),
    Pair("primary", "background", N_("links and hashtags")),
    Pair("danger", "background", N_("the 'cancelled' label")),
    Pair("primary_text", "primary", N_("the header and buttons")),
    Pair("text", "surface", N_("text in highlighted boxes")),
    Pair("muted", "surface", N_("labels in highlighted boxes")),
    Pair("primary", "surface", N_("links in highlighted boxes")),
)


@dataclass(frozen=True)
class WeakPair:
    pair: Pair
    foreground: str  # the colours, as #rrggbb
    background: str
    ratio: float


def normalise(colour: str) -> str:
    """'#AbC' -> '#aabbcc': one spelling for each colour."""
    digits = colour.lstrip("#").lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour, from 0 (black) to 1 (white)."""
    digits = normalise(colour)[1:]
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white); the order of the two does not matter."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def resolved(configured: Mapping[str, str]) -> dict[str, str]:
    """The defaults with the configured colours in their place."""
    return {**DEFAULTS, **{k: normalise(v) for k, v in configured.items()}}


def weak_pairs(configured: Mapping[str, str]) -> list[WeakPair]:
    """The pairs that involve a configured colour and fall short of 4.5:1.

    Pairs of defaults only are left out: the default theme passes (a test holds it to that)."""
    colours = resolved(configured)
    weak = []
    for pair in PAIRS:
        if pair.foreground not in configured and pair.background not in configured:
            continue
        fg, bg = colours[pair.foreground], colours[pair.background]
        ratio = contrast_ratio(fg, bg)
        if ratio < MINIMUM_CONTRAST:
            weak.append(WeakPair(pair, fg, bg, ratio))
    return weak
