"""The campaign calendar: when a year's Week is, its days, and where a date falls.

Pure functions of dates; nothing here reads the clock. The Week of a year is Monday to Sunday of
the ISO week that holds 20 November (the International Day of the Rights of the Child) unless the
year's week.yaml sets its own start and end.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

ANCHOR_MONTH, ANCHOR_DAY = 11, 20
MAX_DAYS = 7
# The years a site may have: a year's calendars hold its time zone's rules from the year before
# to two years after it, all of which must be years Python's dates have (1 to 9999).
FIRST_YEAR, LAST_YEAR = 1900, 9997


class Phase(enum.Enum):
    """Where a build date falls relative to a Week; decides what the site leads with."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


def default_dates(year: int) -> tuple[date, date]:
    """Monday to Sunday of the week that contains 20 November of `year`."""
    anchor = date(year, ANCHOR_MONTH, ANCHOR_DAY)
    start = anchor - timedelta(days=anchor.weekday())
    return start, start + timedelta(days=6)


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def phase(start: date, end: date, today: date) -> Phase:
    if today < start:
        return Phase.BEFORE
    if today > end:
        return Phase.AFTER
    return Phase.DURING


def lookback_date(end: date) -> date:
    """The look-back appears the day after the Week's last day."""
    return end + timedelta(days=1)
