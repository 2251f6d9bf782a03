"""'Deel dit': plain share links to e-mail, WhatsApp, LinkedIn, Mastodon and X.

Pure. Links only: no script, no button images and nothing from another site is loaded when a page
opens; a visitor's browser contacts a network only when the visitor clicks. Every value is
percent-encoded here, once, so that a title with '&' or '#' cannot break the address.

Mastodon has no single address to share to (every server has its own), so the link goes to
Tootpick, a single static page (open source, and a site can host its own copy): the text travels
in the part of the address after '#', which browsers never send to any server, and only the
Mastodon server the visitor picks receives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

MASTODON_SHARE = "https://tootpick.org/"


@dataclass(frozen=True)
class ShareLink:
    network: str  # a stable name, for a class and for tests
    label: str  # the network's own name
    href: str


def _q(text: str) -> str:
    return quote(text, safe="")


def hashtags(*groups: Iterable[str]) -> tuple[str, ...]:
    """The tags of several sources in order, each once (case-insensitively), without '#'."""
    seen: set[str] = set()
    tags = []
    for group in groups:
        for tag in group:
            tag = tag.lstrip("#").strip()
            if tag and tag.lower() not in seen:
                seen.add(tag.lower())
                tags.append(tag)
    return tuple(tags)


def share_links(url: str, title: str, tags: Sequence[str] = (),
                text: str = "") -> tuple[ShareLink, ...]:
    """The links for one page. `url` is the page's full address, `tags` the hashtags to carry
    (without '#'), `text` an optional sentence for the e-mail."""
    # Percent-encoding goes character by character, so each part is encoded once and the
    # messages are joined from the encoded parts (a space is %20, two line breaks %0A%0A).
    tag_text = " ".join(f"#{t}" for t in tags)
    q_title, q_url, q_tags, q_text = _q(title), _q(url), _q(tag_text), _q(text)
    message = "%20".join(part for part in (q_title, q_url, q_tags) if part)
    body = "%0A%0A".join(part for part in (q_text, q_url, q_tags) if part)
    x_query = f"text={q_title}&url={q_url}" + (f"&hashtags={_q(','.join(tags))}" if tags else "")
    return (
        ShareLink("email", "E-mail", f"mailto:?subject={q_title}&body={body}"),
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={message}"),
        ShareLink("linkedin", "LinkedIn",
                  f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}"),
        ShareLink("mastodon", "Mastodon", f"{MASTODON_SHARE}#text={message}"),
        ShareLink("x", "X", f"https://twitter.com/intent/tweet?{x_query}"),
    )
