"""The progress line a long build shows on a terminal: the stage, and pages done of total.

Only on a terminal, and only once a build has taken more than a second: a quick build, CI's log
and a pipe see nothing of it, just the summary line the command prints at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0  # seconds before the line appears
INTERVAL = 0.1  # at most this often a redraw


class TerminalProgress:
    """A `progress(stage, done, total)` callback for `BuildOptions`."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.enabled = stream.isatty()
        self.started = clock()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY or (now - self.drawn < INTERVAL and done < total):
            return
        text = f"weekgen: {stage} {done:,} of {total:,}" if total else f"weekgen: {stage}…"
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.drawn = now
        self.shown = True

    def close(self) -> None:
        """Clear the line, so that the summary or the errors start on a clean one."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
