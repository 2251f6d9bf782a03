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

import functools
import re
from collections.abc import Collection, Iterable, Sequence
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


# _q of what many pages share (their hashtags, the e-mail's sentence): quoted once.
_q_same = functools.lru_cache(maxsize=256)(_q)


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
    q_title, q_url, q_tags, q_text = _q(title), _q(url), _q_same(tag_text), _q_same(text)
    message = "%20".join(part for part in (q_title, q_url, q_tags) if part)
    body = "%0A%0A".join(part for part in (q_text, q_url, q_tags) if part)
    x_query = f"text={q_title}&url={q_url}" + (
        f"&hashtags={_q_same(','.join(tags))}" if tags else "")
    return (
        ShareLink("email", "E-mail", f"mailto:?subject={q_title}&body={body}"),
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={message}"),
        ShareLink("linkedin", "LinkedIn",
                  f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}"),
        ShareLink("mastodon", "Mastodon", f"{MASTODON_SHARE}#text={message}"),
        ShareLink("x", "X", f"https://twitter.com/intent/tweet?{x_query}"),
    )


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def hashtag_parts(tag: str, words: Collection[str]) -> tuple[str, ...]:
    """A hashtag in the pieces a line may break between: at each capital of a CamelCase tag,
    else after each of the campaign's own `words` (lower case) it is made of, longest first:
    'weektegenkindermishandeling' with the title's words is week|tegen|kindermishandeling.
    What matches no word stays whole, so that no word is broken inside."""
    if _CAMEL.search(tag):
        return tuple(_CAMEL.split(tag))
    lower = tag.lower()
    parts: list[str] = []
    start = i = 0
    longest = max((len(w) for w in words), default=0)
    while i < len(tag):
        match = next((n for n in range(min(longest, len(tag) - i), 1, -1)
                      if lower[i:i + n] in words), 0)
        if match:
            if start < i:
                parts.append(tag[start:i])
            parts.append(tag[i:i + match])
            i += match
            start = i
        else:
            i += 1
    if start < len(tag):
        parts.append(tag[start:])
    return tuple(parts)


def words_of(*texts: str) -> frozenset[str]:
    """The words (of two letters or more, lower case) of the campaign's own texts."""
    return frozenset(w for text in texts for w in re.findall(r"\w{2,}", text.lower()))
