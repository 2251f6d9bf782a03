"""The sizes of the site's own pictures, so that every <img> has its width and height and the
page does not move when a picture arrives (Lighthouse's layout shift).

A picture is named by its address in the output, as templates and Markdown name it:
`static/logo.svg` is the site's static/ folder or the theme's, `2021/zaal.jpg` is
content/2021/zaal.jpg. Each file is read once a build; one that is missing or that the
readers do not understand has no size (the page then gives none), and a picture elsewhere
(https://) has none either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from weekgen.formats.share_image import picture_size

_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


class PictureSizes:
    def __init__(self, root: Path, template_dirs: Sequence[Path], base_path: str) -> None:
        self.content = root / "content"
        # The site's static/ folder, then the theme's (beside its templates/).
        self.static = [root / "static", *(d.parent / "static" for d in template_dirs
                                          if d.parent != root)]
        self.base_path = base_path
        self._known: dict[str, tuple[int, int] | None] = {}

    def forget(self) -> None:
        """Read the pictures again: the next build may have other ones under the same names."""
        self._known.clear()

    def __call__(self, path: str) -> tuple[int, int] | None:
        """The (width, height) of the picture at `path` in the output, or None."""
        rel = path.split("?")[0].split("#")[0]
        if rel.startswith(self.base_path):
            rel = rel[len(self.base_path):]
        rel = rel.lstrip("/")
        if rel not in self._known:
            self._known[rel] = self._read(rel)
        return self._known[rel]

    def _read(self, rel: str) -> tuple[int, int] | None:
        if not rel or ".." in rel.split("/") or "://" in rel:
            return None
        if rel.startswith("static/"):
            places = [d / rel.removeprefix("static/") for d in self.static]
        else:
            places = [self.content / rel]
        for place in places:
            try:
                return picture_size(place.read_bytes())
            except OSError:
                continue
        return None

    def sized(self, fragment: str) -> str:
        """Sanitised HTML with width and height on each <img> of a picture of the site's own
        that has none."""
        if "<img" not in fragment:
            return fragment
        return _IMG.sub(self._size_tag, fragment)

    def _size_tag(self, found: re.Match[str]) -> str:
        tag = found.group()
        src = _SRC.search(tag)
        if src is None or " width=" in tag or " height=" in tag:
            return tag
        size = self(html.unescape(src.group(1)))
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'
