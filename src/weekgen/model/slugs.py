"""Slugs: the last part of an address, made from a title, safe in any file system and URL."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

MAX_LENGTH = 80
# A file name may have 255 bytes (ext4, NTFS, APFS): a slug is a folder name, and the writer's
# and other tools' temporary names add to it. 80 letters of a four-byte script would be 320.
MAX_BYTES = 200
# Names Windows keeps for devices, with any extension: a folder 'con/' cannot be made there, so
# a site with one could not be copied to or published from Windows.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{kind}{n}" for kind in ("com", "lpt")
                                                    for n in range(10))})


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """'Café "De Week" — Utrecht' -> 'cafe-de-week-utrecht'; names in other scripts keep their
    letters ('東京'); '' when nothing is left ('???')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        slug = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).lower()).strip("-")
    slug = slug[:MAX_LENGTH].encode()[:MAX_BYTES].decode("utf-8", "ignore").rstrip("-")
    return f"{slug}-1" if slug in RESERVED else slug


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
