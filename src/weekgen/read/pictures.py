"""The pictures of the content a record shows, in its digest.

A page writes the width and height of each picture of the site's own into its <img>
(render/pictures.py), read from the file when the page is rendered. A page's key is made of the
digests of the records it shows (plan.py), and a record's digest of its own source: so a picture
replaced under the same name by one of another size changed no key, and its pages kept the old
size until they were rendered for another reason. Here a record's digest takes in the state of
the content's pictures its texts and fields name (size, times and inode, as a build's stamp
does: no picture is read), so that its pages, list entries and Week are made again.

A name is matched by the file's name alone (its last word, in any case), in any of the content's
folders: more pages than need it may be made again when two years have a picture of the same
name, never fewer. A
picture in static/ is in the theme's digest already, and so in every key.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from weekgen.fingerprint import fingerprint
from weekgen.model.content import Activity, Page

Record = TypeVar("Record", Activity, Page)

# The endings of the pictures a page gives a size to, as Markdown, HTML or a field names them.
_ENDINGS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
_NAME = re.compile(r"([^\s\"'()<>\[\]=/\\]+\.(?:png|jpe?g|gif|webp|svg|avif))(?![\w-])",
                   re.IGNORECASE)


class Pictures:
    """The content's pictures by file name, and the state of each once asked for."""

    def __init__(self, root: Path, assets: Iterable[str]) -> None:
        self.root = root
        self.by_name: dict[str, list[str]] = {}
        for rel in assets:
            if rel.lower().endswith(_ENDINGS):
                self.by_name.setdefault(_key(rel.rpartition("/")[2]), []).append(rel)
        self._states: dict[str, str] = {}

    def with_state(self, record: Record, texts: Iterable[str]) -> Record:
        """`record`, its digest holding the state of the pictures `texts` name (as it was when
        they name none)."""
        if not self.by_name:
            return record
        named = sorted({rel for text in texts if text and _may_name(text)
                        for name in _NAME.findall(text)
                        for rel in self.by_name.get(_key(name), ())})
        if not named:
            return record
        states = "\0".join(f"{rel}\0{self._state(rel)}" for rel in named)
        return dataclasses.replace(record, digest=fingerprint(
            f"{record.digest}\0{states}".encode()))

    def _state(self, rel: str) -> str:
        if rel not in self._states:
            try:
                st = os.stat(self.root / rel)
                self._states[rel] = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
            except OSError:
                self._states[rel] = "-"
        return self._states[rel]


# Most texts name no picture: this tells them fast (a pattern from '.' on, each letter in
# both cases, is twice as fast as the same with IGNORECASE and eight times as `in` of a lowered
# text: 36 ms for 40,000 texts of 600 characters).
_MAY_NAME = re.compile(r"\.(?:[pP][nN][gG]|[jJ][pP][eE]?[gG]|[gG][iI][fF]|[wW][eE][bB][pP]|"
                       r"[sS][vV][gG]|[aA][vV][iI][fF])")


def _key(name: str) -> str:
    """A file's name as a text may write it: in any case, its last word alone (a name with a
    space is written <De Zaal.jpg> or De%20Zaal.jpg in Markdown, but as it is in HTML)."""
    return unquote(name).lower().split()[-1]


def _may_name(text: str) -> bool:
    return _MAY_NAME.search(text) is not None


def activity_texts(activity: Activity) -> list[str]:
    """What may name a picture of an activity: its Markdown and its videos' posters."""
    return [activity.description, activity.report, *(m.poster_path for m in activity.media)]


def page_texts(page: Page) -> list[str]:
    return [page.body, page.image]
