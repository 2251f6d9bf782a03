"""Share images: the 1200 x 630 PNG a link preview shows, drawn at build time with Pillow.

Pure: texts, colours, the font and the logo in (as bytes), PNG bytes out; the same input gives
the same bytes (no time stamp or other metadata in the file), so that a rebuild writes nothing
new. Fonts and images reach Pillow through in-memory buffers: nothing is read or written here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

from weekgen.model import colours as palette

# Pillow is imported where a picture is drawn or measured, not with the plan that names the
# share images: a rebuild that draws none need not load it.
if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
LOGO_HEIGHT = 96
SIZES = (76, 66, 58, 50)  # the title's sizes, tried largest first until it fits in three lines
TITLE_LINES = 3


@dataclass(frozen=True)
class Card:
    """What one share image shows."""

    title: str
    date: str = ""  # as the page writes it, e.g. '15–21 november 2021'
    theme: str = ""
    hashtag: str = ""  # with '#'
    site: str = ""  # the campaign's name, at the foot
    background: str = palette.DEFAULTS["primary"]
    foreground: str = palette.DEFAULTS["primary_text"]
    accent: str = palette.DEFAULTS["surface"]


def card_from_text(text: str, colours: Mapping[str, str]) -> Card:
    """A Card from the lines a theme's share_image.txt template writes ('title: ...' and so on);
    unknown and empty lines are left out, so that a theme can leave out what it does not show."""
    fields: dict[str, Any] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "date", "theme", "hashtag", "site"):
            fields[key.strip()] = " ".join(value.split())
    return Card(title=fields.pop("title", ""), **fields,
                background=colours.get("primary", palette.DEFAULTS["primary"]),
                foreground=colours.get("primary_text", palette.DEFAULTS["primary_text"]),
                accent=colours.get("surface", palette.DEFAULTS["surface"]))


@functools.lru_cache(maxsize=32)
def _font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    """A face at a size, loaded once a process: a card asks for five to eight of them, and
    loading one took a third of a card's time."""
    from PIL import ImageFont

    return ImageFont.truetype(BytesIO(data), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
          width: int) -> list[str]:
    """Whole words on lines no wider than `width` (a word longer than a line stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str, bold: bytes, width: int,
         max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest of SIZES at which `text` takes at most `max_lines`; at the smallest, the
    last line ends in '…'."""
    for size in SIZES:
        font = _font(bold, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines and all(draw.textlength(x, font=font) <= width
                                           for x in lines):
            return font, lines
    lines = lines[:max_lines]
    while lines and draw.textlength(lines[-1] + " …", font=font) > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    if lines:
        lines[-1] += " …"
    return font, lines


def _logo(data: bytes) -> Image.Image | None:
    """The logo scaled to LOGO_HEIGHT, or None when Pillow cannot read it (an SVG)."""
    from PIL import Image, ImageFile

    parser = ImageFile.Parser()  # decodes bytes in memory, as Image.open does a file
    try:
        parser.feed(data)
        logo = parser.close().convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    width = max(1, round(logo.width * LOGO_HEIGHT / max(1, logo.height)))
    return logo.resize((min(width, 480), LOGO_HEIGHT), Image.Resampling.LANCZOS)


def share_image(card: Card, fonts: Sequence[bytes], logo: bytes | None = None) -> bytes:
    """The PNG of one card. `fonts` are the regular and the bold face (TTF or OTF bytes)."""
    from PIL import Image, ImageDraw

    pictured = _logo(logo) if logo else None
    out = BytesIO()
    if pictured is None:
        # Letters in one colour on one other, and the foot's band: the letters are drawn as
        # a mask of how much each pixel is covered, and the mask is the PNG's palette index
        # (its 255 blends of the two colours, and the band's). No colours to count, as
        # quantizing a full-colour image does: a card is made in half the time.
        mask = Image.new("L", (WIDTH, HEIGHT), 0)
        _letters(ImageDraw.Draw(mask), card, fonts, 255, pictured=False)
        image = mask.point(_LEVELS)
        image.paste(255, (0, HEIGHT - 18, WIDTH, HEIGHT))  # the foot's band
        image.putpalette(_palette(card.background, card.foreground, card.accent))
        image.save(out, format="PNG")
        return out.getvalue()
    image = Image.new("RGB", (WIDTH, HEIGHT), card.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=card.accent)  # the foot's band
    image.paste(pictured, (MARGIN, MARGIN), pictured)
    _letters(draw, card, fonts, card.foreground, pictured=True)
    # A card is a few flat colours and the edges of its letters: a palette of 256 holds it, and
    # the PNG is smaller and made several times sooner than from full colour.
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
    return out.getvalue()


_LEVELS = [v * 254 // 255 for v in range(256)]  # a pixel's cover: palette index 0-254


@functools.lru_cache(maxsize=8)
def _palette(background: str, foreground: str, accent: str) -> list[int]:
    """254 steps from the background to the letters' colour, then the band's colour."""
    from PIL import ImageColor

    bg, fg, band = (ImageColor.getrgb(c)[:3] for c in (background, foreground, accent))
    steps = [round(b + (f - b) * i / 254) for i in range(255) for b, f in zip(bg, fg, strict=True)]
    return steps + list(band)


def _letters(draw: ImageDraw.ImageDraw, card: Card, fonts: Sequence[bytes], fill: Any,
             pictured: bool) -> None:
    """The card's texts, in `fill`, below the logo when there is one (`pictured`)."""
    regular, bold = fonts
    inner = WIDTH - 2 * MARGIN
    y = MARGIN
    if pictured:
        y += LOGO_HEIGHT + 28
    elif card.site and card.site != card.title:
        draw.text((MARGIN, y), card.site, font=_font(bold, 34), fill=fill)
        y += 34 + 36
    if card.theme:
        theme_font = _font(regular, 38)
        theme = _wrap(draw, f"‘{card.theme}’", theme_font, inner)[:1]
        draw.text((MARGIN, y), theme[0] if theme else "", font=theme_font, fill=fill)
        y += 38 + 26
    font, lines = _fit(draw, card.title, bold, inner, TITLE_LINES)
    step = round(font.size * 1.15)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=fill)
        y += step
    foot = HEIGHT - MARGIN - 38
    small = _font(regular, 36)
    date_font = _font(bold, 36)
    if card.date:
        draw.text((MARGIN, foot), card.date, font=date_font, fill=fill)
    if card.hashtag:
        width = draw.textlength(card.hashtag, font=small)
        room = inner - (draw.textlength(card.date, font=date_font) + 40 if card.date else 0)
        at = foot if width <= room else foot - 50  # above the date when both do not fit
        draw.text((WIDTH - MARGIN - width, at), card.hashtag, font=small, fill=fill)
    if pictured and card.site and not card.date:
        draw.text((MARGIN, foot), card.site, font=small, fill=fill)


# An SVG's own size: its width and height in pixels (or plain numbers), else its viewBox.
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_SVG_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


def picture_size(data: bytes) -> tuple[int, int] | None:
    """The width and height in CSS pixels of a PNG, JPEG, GIF, WebP or SVG picture, for the
    width and height a page gives its <img> (so nothing moves when it arrives); None when the
    picture does not say."""
    root = _SVG_ROOT.search(data[:4096]) if b"<svg" in data[:4096].lower() else None
    if root is not None:
        return _svg_size(root.group().decode("utf-8", "replace"))
    from PIL import Image, ImageFile

    parser = ImageFile.Parser()  # in memory; done as soon as the header is read
    try:
        for start in range(0, len(data), 65536):
            parser.feed(data[start:start + 65536])
            if parser.image is not None:
                break
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if parser.image is None:
        return None
    width, height = parser.image.size
    return (width, height) if width > 0 and height > 0 else None


def _svg_size(tag: str) -> tuple[int, int] | None:
    attributes = dict(re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', tag))
    width, height = (_SVG_LENGTH.match(attributes.get(n, "")) for n in ("width", "height"))
    if width and height:
        w, h = round(float(width.group(1))), round(float(height.group(1)))
    else:
        box = attributes.get("viewBox", "").replace(",", " ").split()
        try:
            w, h = round(float(box[2])), round(float(box[3]))
        except (IndexError, ValueError):
            return None
    return (w, h) if w > 0 and h > 0 else None
