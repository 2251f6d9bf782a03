"""Slugs: the last part of an address, made from a title, safe in any file system and URL."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

MAX_LENGTH = 80


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """'Café "De Week" — Utrecht' -> 'cafe-de-week-utrecht'; names in other scripts keep their
    letters ('東京'); '' when nothing is left ('???')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).lower()).strip("-")
    return slug[:MAX_LENGTH].rstrip("-")


def unique_slugs(wanted: Iterable[str], taken: set[str]) -> list[str]:
    """Give each wanted slug a free one, adding -2, -3, ... in order; `taken` is updated."""
    out = []
    for slug in wanted:
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        taken.add(candidate)
        out.append(candidate)
    return out
