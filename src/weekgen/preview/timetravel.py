"""The preview's time-travel bar: which day the preview shows, and links to the days that matter.

An editor wants to see the site before those days come: the announcement (the day before the
Week), each day of the Week, and the look-back (the day after). The preview server puts this bar at
the top of every page it serves and answers its `?today=YYYY-MM-DD` links; a build never holds it
(the bar is not in the templates). It speaks the site's language, dates and date field too.
Pure: HTML made from dates, escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, timedelta

from weekgen.preview.panel import Texts
from weekgen.render.pages import date_text

BAR_ID = "weekgen-timetravel"
# How the bar's date field writes a day, by the site's language (else as 2021-11-16).
FIELD_FORMATS = {"nl": "%d-%m-%Y"}
DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ENGLISH = Texts("en")
YEAR_PATH = re.compile(r"^/(\d{4})(?:/|$)")
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

WeekDates = tuple[int, date, date]  # year, first day, last day

# Its own look, whatever the site's style sheet does: dark, with a yellow mark and focus ring
# (white on #1a1a1a is 17:1, #1a1a1a on #ffd200 12:1).
STYLE = f"""<style>
#{BAR_ID}{{all:revert;display:block;margin:0;padding:.4rem 1rem;background:#1a1a1a;color:#fff;
font:.95rem/1.5 system-ui,sans-serif;text-align:left}}
#{BAR_ID} *{{all:revert;font:inherit;color:inherit}}
#{BAR_ID} p,#{BAR_ID} ul,#{BAR_ID} form{{display:inline;margin:0 1rem 0 0;padding:0}}
#{BAR_ID} li{{display:inline;list-style:none;margin:0 .15rem}}
#{BAR_ID} a{{color:#fff;text-decoration:underline;padding:.1rem .3rem}}
#{BAR_ID} a[aria-current]{{background:#ffd200;color:#1a1a1a;font-weight:bold}}
#{BAR_ID} a:focus,#{BAR_ID} input:focus,#{BAR_ID} button:focus{{outline:3px solid #ffd200;
outline-offset:2px}}
#{BAR_ID} input,#{BAR_ID} button{{color:#1a1a1a;background:#fff;border:1px solid #fff;
padding:.1rem .3rem}}
</style>"""


def long_date(day: date, texts: Texts | None = None) -> str:
    """'maandag 15 november 2021' on a Dutch site, 'Monday 15 November 2021' on an English one."""
    return date_text(day, (texts or ENGLISH).language)


def field_value(day: date, texts: Texts | None = None) -> str:
    """The day as the bar's date field shows it: as the site's language writes dates."""
    return day.strftime(FIELD_FORMATS.get((texts or ENGLISH).language, "%Y-%m-%d"))


def moments(start: date, end: date, texts: Texts | None = None) -> list[tuple[str, date]]:
    """The days worth a look: the announcement, each day of the Week, the look-back."""
    texts = texts or ENGLISH
    days = [(date_text(d, texts.language, "EEE d"), d)
            for d in (start + timedelta(n) for n in range((end - start).days + 1))]
    return [(texts._("Aankondiging"), start - timedelta(days=1)), *days,
            (texts._("Terugblik"), end + timedelta(days=1))]


def week_for(path: str, shown: date, weeks: Sequence[WeekDates]) -> WeekDates | None:
    """The Week the bar offers: the one of the page's year, else of the day shown, else the
    latest before it, else the first."""
    by_year = {w[0]: w for w in weeks}
    match = YEAR_PATH.match(path)
    if match and int(match.group(1)) in by_year:
        return by_year[int(match.group(1))]
    earlier = [w for w in sorted(weeks) if w[0] <= shown.year]
    if earlier:
        return earlier[-1]
    return min(weeks) if weeks else None


def bar(shown: date, travelling: bool, week: WeekDates | None,
        texts: Texts | None = None) -> str:
    """The bar's HTML. `travelling`: the editor chose the day (else it is today, or --today)."""
    texts = texts or ENGLISH
    items = []
    if week is not None:
        for label, day in moments(week[1], week[2], texts):
            current = ' aria-current="date"' if day == shown else ""
            items.append(f'<li><a href="?today={day.isoformat()}"{current} '
                         f'title="{html.escape(long_date(day, texts))}">{html.escape(label)}'
                         "</a></li>")
    back, travel = texts._("Terug naar vandaag"), texts._("(tijdreis)")
    if travelling:
        items.append(f'<li><a href="?today=">{html.escape(back)}</a></li>')
    when = (f'<time datetime="{shown.isoformat()}">{html.escape(long_date(shown, texts))}'
            f"</time>{' ' + html.escape(travel) if travelling else ''}")
    shows = html.escape(texts._("Voorbeeld zoals op %(day)s", day="\0")).replace("\0", when)
    form = FIELD_FORMATS.get(texts.language, "%Y-%m-%d")
    placeholder = texts._("jjjj-mm-dd") if form == "%Y-%m-%d" else texts._("dd-mm-jjjj")
    name, go, show = texts._("Datum van het voorbeeld"), texts._("Ga naar dag"), texts._("Toon")
    return (
        f'{STYLE}<nav id="{BAR_ID}" aria-label="{html.escape(name)}"'
        f' lang="{html.escape(texts.language)}"><p>{shows}</p>'
        f"{'<ul>' + ''.join(items) + '</ul>' if items else ''}"
        f'<form method="get" action=""><label for="{BAR_ID}-day">{html.escape(go)}</label> '
        f'<input id="{BAR_ID}-day" type="text" name="today" inputmode="numeric" size="10" '
        f'value="{field_value(shown, texts)}" placeholder="{html.escape(placeholder)}" '
        f'title="{html.escape(placeholder)}" required> '
        f'<button type="submit">{html.escape(show)}</button></form></nav>'
    )


def inject(page: bytes, html_bar: str) -> bytes:
    """The page with the bar first in its body; a page without a body is left as it is."""
    match = _BODY.search(page)
    if match is None:
        return page
    return page[:match.end()] + html_bar.encode("utf-8") + page[match.end():]


def parse_day(value: str) -> date | None:
    """A `?today=` value: a day (2021-11-16, or 16-11-2021 as the Dutch bar writes it), or None
    to go back to today. ValueError when not a date."""
    value = value.strip()
    if value in ("", "now", "today", "vandaag"):
        return None
    match = DAY_FIRST.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return date.fromisoformat(value)
