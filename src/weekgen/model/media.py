"""Where an activity's media live: a video's provider and id, read from the address an editor wrote.

Pure: strings in, values out. A YouTube or Vimeo video becomes a privacy-friendly placeholder on the
page (title and a plain link); only a visitor's click loads the player, from the provider's
no-cookie address. The id is checked against what each provider uses, so that nothing an editor
types can end up in an embed address other than an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

VIDEO_KINDS = frozenset({"video", "vlog"})
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com",
                            "youtube-nocookie.com", "www.youtube-nocookie.com"})
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})


@dataclass(frozen=True)
class Video:
    """A video on YouTube or Vimeo: where to watch it, and the player to load on a click."""

    provider: str  # "YouTube" or "Vimeo", as the link says it
    id: str

    @property
    def watch_url(self) -> str:
        if self.provider == "YouTube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"

    @property
    def embed_url(self) -> str:
        """The player that sets no tracking cookies: youtube-nocookie, or Vimeo with dnt=1."""
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}"
        return f"https://player.vimeo.com/video/{self.id}?dnt=1"


def video_of(url: str) -> Video | None:
    """The YouTube or Vimeo video at `url`, or None for any other address.

    Understood: youtube.com/watch?v=ID, youtu.be/ID, youtube.com/embed/ID, youtube.com/shorts/ID,
    vimeo.com/ID and player.vimeo.com/video/ID, over http or https."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in _YOUTUBE_HOSTS:
        if segments == ["watch"]:
            ids = parse_qs(parts.query).get("v", [])
            candidate = ids[0] if len(ids) == 1 else ""
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            candidate = segments[1]
        else:
            return None
        return Video("YouTube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host in ("youtu.be", "www.youtu.be"):
        candidate = segments[0] if len(segments) == 1 else ""
        return Video("YouTube", candidate) if _YOUTUBE_ID.match(candidate) else None
    if host in _VIMEO_HOSTS:
        if host == "player.vimeo.com":
            candidate = segments[1] if len(segments) == 2 and segments[0] == "video" else ""
        else:
            candidate = segments[0] if len(segments) == 1 else ""
        return Video("Vimeo", candidate) if _VIMEO_ID.match(candidate) else None
    return None


def placeholder_video(kind: str, url: str) -> Video | None:
    """The video to show as a click-to-load placeholder: only items of kind video or vlog."""
    return video_of(url) if kind in VIDEO_KINDS else None
