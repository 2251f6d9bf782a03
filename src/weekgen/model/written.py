"""Dates and times as people write them in Dutch and English (`16-11-2027`, `16 nov. 2027`,
`November 16, 2027`, `14u30`), so that an error can say the exact correction: weekgen itself
reads only `2027-11-16` and `14:30`, one way that cannot be misread.

Pure: a text in, a date or time out, or None when it is not one of these ways.
"""

from __future__ import annotations

import re
from datetime import date, time

MONTHS = {
    name: number
    for number, names in enumerate((
        ("januari", "january", "jan"), ("februari", "february", "feb"),
        ("maart", "march", "mrt", "mar", "maa"), ("april", "apr"), ("mei", "may"),
        ("juni", "june", "jun"), ("juli", "july", "jul"), ("augustus", "august", "aug"),
        ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nov"), ("december", "dec"),
    ), start=1)
    for name in names
}
_WEEKDAY = (r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|"
            r"za|zo|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|"
            r"fri|sat|sun)\.?,?\s+)?")
_NUMBERS = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})")  # 16-11-2027
_YEAR_FIRST = re.compile(r"(\d{4})\s*([/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")  # 2027/11/16
_DAY_MONTH = re.compile(_WEEKDAY + r"(\d{1,2})(?:e|ste|de|st|nd|rd|th)?\.?\s+([a-z]+)\.?"
                        r"(?:,?\s+(\d{4}))?")  # 16 november 2027, 16 nov.
_MONTH_DAY = re.compile(_WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?"
                        r"(?:\s+(\d{4}))?")  # November 16, 2027
_TIME = re.compile(r"(\d{1,2})\s*(?:[:.]\s*(\d{2})\s*(?:u|uur|h)?|(?:u|uur|h)\s*(\d{2})?)")


def written_date(text: str, year: int | None = None) -> date | None:
    """The day `text` means when written in one of the usual ways; a day and month without a
    year are in `year` (the folder's). Day before month when both could be either, as the
    Netherlands writes them (16-11-2027); month first only when the day says so (11/16/2027)."""
    words = text.strip().lower()
    if match := _NUMBERS.fullmatch(words):
        first, _, second, y = match.groups()
        day, month = int(first), int(second)
        if month > 12 >= day:
            day, month = month, day
        return _day(int(y), month, day)
    if match := _YEAR_FIRST.fullmatch(words):
        y, _, month_text, day_text = match.groups()
        return _day(int(y), int(month_text), int(day_text))
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if match := pattern.fullmatch(words):
            named = MONTHS.get(match.group(month_group))
            in_year = int(match.group(3)) if match.group(3) else year
            if named is not None and in_year is not None:
                return _day(in_year, named, int(match.group(day_group)))
    return None


def written_time(text: str) -> time | None:
    """The time `text` means when written as `14u30`, `14u`, `14 uur`, `14h30`, `14.30 uur`."""
    match = _TIME.fullmatch(text.strip().lower())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
