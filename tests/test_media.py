"""Video addresses read in Python: which are YouTube or Vimeo videos, their ids,
and the privacy-friendly players a click loads."""

from __future__ import annotations

import pytest

from weekgen.model.media import Video, placeholder_video, video_of


@pytest.mark.parametrize(("url", "provider", "video_id"), [
    ("https://www.youtube.com/watch?v=voorbeeld01", "YouTube", "voorbeeld01"),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", "dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?feature=share&v=a_b-c_d-e_f", "YouTube", "a_b-c_d-e_f"),
    ("http://youtu.be/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
    ("https://vimeo.com/000000001", "Vimeo", "000000001"),
    ("https://www.vimeo.com/76979871/", "Vimeo", "76979871"),
    ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871"),
])
def test_video_addresses_give_their_provider_and_id(url: str, provider: str,
                                                     video_id: str) -> None:
    assert video_of(url) == Video(provider, video_id)


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=short",  # not 11 characters
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=dQw4w9WgXcQ",  # which one?
    "https://www.youtube.com/watch?v=dQw4w9WgX\"Q",  # a character an id never has
    "https://www.youtube.com/channel/UCabcdefghijk",
    "https://youtu.be/",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/123abc",
    "https://evil.example/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
    "/2018/video.mp4",
    "https://[::1",  # not even an address
])
def test_other_addresses_are_no_video(url: str) -> None:
    assert video_of(url) is None


def test_players_set_no_tracking_cookies() -> None:
    assert Video("YouTube", "voorbeeld01").embed_url == \
        "https://www.youtube-nocookie.com/embed/voorbeeld01"
    assert Video("Vimeo", "76979871").embed_url == "https://player.vimeo.com/video/76979871?dnt=1"
    assert Video("YouTube", "voorbeeld01").watch_url == \
        "https://www.youtube.com/watch?v=voorbeeld01"
    assert Video("Vimeo", "76979871").watch_url == "https://vimeo.com/76979871"


def test_only_videos_and_vlogs_get_a_player() -> None:
    url = "https://youtu.be/dQw4w9WgXcQ"
    assert placeholder_video("video", url) == placeholder_video("vlog", url) == \
        Video("YouTube", "dQw4w9WgXcQ")
    assert placeholder_video("link", url) is None
    assert placeholder_video("pdf", url) is None
