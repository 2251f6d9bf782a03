"""What a build is asked to do (BuildOptions) and what it answers (BuildReport).

Light values in a module of their own, so that the command line can tell that a site is up to
date (uptodate.py) without loading the renderer, Markdown and the calendars first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from weekgen.errors import Problem

Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class BuildOptions:
    """What the command line decides. `today` wins over `now`, which is read in the site's zone."""

    today: date | None = None
    now: datetime | None = None
    drafts: bool = False
    base_url: str | None = None
    use_cache: bool = True
    workers: int | None = None  # processes for big stages; None: one per core, 1: no forking
    progress: Progress | None = None  # hears (stage, done, total) as the build goes
    lookback: bool = False  # the preview's --lookback: the day after the newest Week
    search: bool = False  # index the built pages for the site search (Pagefind)


@dataclass(frozen=True)
class BuildReport:
    pages: int
    written: int
    unchanged: int
    removed: int
    seconds: float
    today: date
    warnings: list[Problem]
    weeks: tuple[tuple[int, date, date], ...] = ()  # each year's first and last day
    timezone: str = ""  # the site's, in which `now` became `today`
    advice: tuple[Problem, ...] = ()  # for search engines and sharing; never fails a run
    language: str = ""  # the site's, in which the preview speaks to the editor
    up_to_date: bool = False  # nothing changed since the last build: this one did nothing

    def summary(self) -> str:
        return (f"{self.pages} files: {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed in {self.seconds:.2f} s")


def local_date(now: datetime | None, zone: str) -> date:
    """The day it is at `now` where the site is."""
    if now is None:
        raise ValueError("build needs options.today or options.now")
    return now.astimezone(ZoneInfo(zone)).date()
