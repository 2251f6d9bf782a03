"""The keys the engine's stores keep things under: each covers everything its value depends on.

A cache lives no longer than the code and libraries that made it (cache.code_version), so what
weekgen itself computes need not be in a key.
"""

from __future__ import annotations

import functools
import hashlib

from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity
from weekgen.read.load import Job
from weekgen.render import markup


def _key(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def parsed_key(job: Job) -> str:
    """A content file's records and problems: by its kind, place, year and bytes, and what the
    site lets its activities hold (its own kinds and fields)."""
    return _key(job.kind, job.source.path, str(job.year), job.source.digest, repr(job.rules))


@functools.lru_cache(maxsize=100_000)  # a long-running process asks after every edit
def markup_key(text: str, base_path: str) -> str:
    """The HTML of a Markdown text."""
    return _key(markup.VERSION, base_path, text)


def links_key(week_digest: str) -> str:
    """A year's texts that may hold links (links.week_texts)."""
    return f"links-{week_digest}"


@functools.lru_cache(maxsize=8)
def _settings(config: SiteConfig) -> str:
    return _key(repr(config))


def event_key(activity: Activity, config: SiteConfig) -> str:
    """An activity's calendar event: everything it shows (its Markdown is in the activity, the
    base path in the settings)."""
    return _key(_settings(config), str(activity.year), activity.slug, activity.digest)


def card_key(scope: str, activity: Activity) -> str:
    """An activity's list entries: they change only with the activity itself and the templates
    and settings (`scope`) they were made with."""
    return _key(scope, str(activity.year), activity.slug, activity.digest)
