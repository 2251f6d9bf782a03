"""The campaign calendar: when a year's edition is, its days, and where a date falls.

Pure functions of dates; nothing here reads the clock. A campaign's `Rule` (site.yaml's
`campaign:`) gives the default dates of every year's edition: by default Monday to Sunday of the
week that holds 20 November (the International Day of the Rights of the Child), or e.g. "the first
full week of October", or "from the Wednesday before the last Saturday of January, 10 days". A
year's week.yaml may set its own start and end.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

from weekgen.wording import N_

ANCHOR_MONTH, ANCHOR_DAY = 11, 20
MAX_DAYS = 21
# The years a site may have: a year's calendars hold its time zone's rules from the year before
# to two years after it, all of which must be years Python's dates have (1 to 9999).
FIRST_YEAR, LAST_YEAR = 1900, 9997

# The words a rule is written in, Dutch and English; the model keeps the numbers.
WEEKDAYS = {
    **{w: i for i, w in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                                   "zaterdag", "zondag"))},
    **{w: i for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday"))},
}
MONTHS = {
    **{m: i for i, m in enumerate(("januari", "februari", "maart", "april", "mei", "juni", "juli",
                                   "augustus", "september", "oktober", "november", "december"),
                                  start=1)},
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
                                   "july", "august", "september", "october", "november",
                                   "december"), start=1)},
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
            "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": -1}
BEFORE = {"before": -1, "voor": -1, "after": 1, "na": 1}
_FILLERS = frozenset({"the", "de", "het", "of", "van", "in", "from", "vanaf"})
_FULL_WEEK = ("full", "week"), ("volle", "week")
WORDS = (*WEEKDAYS, *MONTHS, *ORDINALS, *BEFORE, *_FILLERS, "full", "volle", "week")


@dataclass(frozen=True, slots=True)
class Rule:
    """When each year's edition starts, and how many days it has.

    `ordinal` 0: the date `month`/`day` itself, or (`week_of`) the Monday of its week. Otherwise
    the `ordinal`-th `weekday` of `month` (-1 the last), moved to the `shift_weekday` before
    (`shift` -1) or after (+1) it when `shift` is set."""

    month: int = ANCHOR_MONTH
    day: int = ANCHOR_DAY
    week_of: bool = True
    ordinal: int = 0
    weekday: int = 0
    shift: int = 0
    shift_weekday: int = 0
    days: int = 7

    def dates(self, year: int) -> tuple[date, date]:
        """The first and last day of `year`'s edition."""
        start = self.start(year)
        return start, start + timedelta(days=self.days - 1)

    def start(self, year: int) -> date:
        if self.ordinal == 0:
            anchor = date(year, self.month, self.day)
            return anchor - timedelta(days=anchor.weekday()) if self.week_of else anchor
        found = nth_weekday(year, self.month, self.weekday, self.ordinal)
        if self.shift < 0:
            return found - timedelta(days=(found.weekday() - self.shift_weekday) % 7 or 7)
        if self.shift > 0:
            return found + timedelta(days=(self.shift_weekday - found.weekday()) % 7 or 7)
        return found


DEFAULT_RULE = Rule()


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The first (1) to fourth (4) or last (-1) `weekday` (0 = Monday) of a month."""
    if ordinal < 0:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


class RuleError(ValueError):
    """A rule that cannot be read: `word` is the word that is wrong ('' for the whole text)."""

    def __init__(self, message: str, word: str = "") -> None:
        super().__init__(message)
        self.word = word


def parse_rule(text: str, days: int = 7, week_of: bool = False) -> Rule:
    """A rule as an editor writes it, in Dutch or English (the case and 'the', 'de', 'of',
    'van' do not matter):

    - `20 november`: that date (with `week_of`: the Monday to Sunday week that holds it);
    - `first monday of october`, `laatste zaterdag van januari`: that weekday;
    - `first full week of october`, `eerste volle week van oktober`: from its first Monday;
    - `wednesday before the last saturday of january`, `woensdag na de eerste zondag van mei`.

    Raises RuleError naming the word it could not read."""
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w]
    unknown = [w for w in words if w not in WORDS and not w.isdigit()]
    if unknown:
        raise RuleError(N_("'{word}' is not a word a campaign rule knows").format(
            word=unknown[0]), unknown[0])
    words = [w for w in words if w not in _FILLERS]
    if len(words) == 2 and words[0].isdigit() and words[1] in MONTHS:
        day, month = int(words[0]), MONTHS[words[1]]
        try:
            date(2024, month, day)  # a leap year: 29 february is a day of some years
        except ValueError:
            raise RuleError(N_("{day} is not a day of the year").format(
                day=text.strip())) from None
        if (month, day) == (2, 29):
            raise RuleError(N_("29 February is not in every year"))
        return Rule(month, day, week_of=week_of, days=days)
    if week_of:
        raise RuleError(N_("'week_of' takes a day and a month, not '{text}'").format(
            text=text.strip()))
    shift = shift_weekday = 0
    if len(words) >= 2 and words[0] in WEEKDAYS and words[1] in BEFORE:
        shift_weekday, shift, words = WEEKDAYS[words[0]], BEFORE[words[1]], words[2:]
    if len(words) == 4 and tuple(words[1:3]) in _FULL_WEEK and words[0] in ORDINALS \
            and words[3] in MONTHS:
        ordinal = ORDINALS[words[0]]
        # A full week runs Monday to Sunday within the month: the last one ends on its last Sunday.
        rule = Rule(MONTHS[words[3]], 1, False, ordinal, 6 if ordinal < 0 else 0, -1 if
                    ordinal < 0 else shift, 0 if ordinal < 0 else shift_weekday, days)
        if ordinal < 0 and shift:
            raise RuleError(N_("write 'before' or 'after' with a weekday, not with 'last full "
                               "week'"))
        return rule
    if len(words) == 3 and words[0] in ORDINALS and words[1] in WEEKDAYS and words[2] in MONTHS:
        return Rule(MONTHS[words[2]], 1, False, ORDINALS[words[0]], WEEKDAYS[words[1]], shift,
                    shift_weekday, days)
    raise RuleError(N_("'{text}' is not a campaign rule weekgen can read").format(
        text=text.strip()))


def default_dates(year: int, rule: Rule = DEFAULT_RULE) -> tuple[date, date]:
    """The edition of `year` by the campaign's rule; by default Monday to Sunday of the week that
    contains 20 November of `year`."""
    return rule.dates(year)


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class Phase(enum.Enum):
    """Where a build date falls relative to a Week; decides what the site leads with."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


def phase(start: date, end: date, today: date) -> Phase:
    if today < start:
        return Phase.BEFORE
    if today > end:
        return Phase.AFTER
    return Phase.DURING


def lookback_date(end: date) -> date:
    """The look-back appears the day after the Week's last day."""
    return end + timedelta(days=1)
