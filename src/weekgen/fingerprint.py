"""The one fingerprint of bytes that weekgen uses: for content files, output files and static
files' hashed names. Pure: every room may use it."""

from __future__ import annotations

import hashlib


def fingerprint(data: bytes) -> str:
    """128 bits of SHA-256, in hex: computed in hardware by current processors."""
    return hashlib.sha256(data).hexdigest()[:32]
