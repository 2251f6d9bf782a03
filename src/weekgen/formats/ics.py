"""iCalendar files: one per activity ('Zet in je agenda') and one per year to subscribe to.

Pure, and the only module that imports the icalendar library. What a calendar program needs to
keep an event up to date is here:
- a UID made of the year and the activity's slug (its address), never of the clock or the
  content, so that the same activity keeps its UID from build to build;
- times in the site's time zone with its VTIMEZONE; a whole day as a DATE with an exclusive end;
- a changed status raises SEQUENCE (postponed or moved online 1, cancelled 2) and a cancelled
  activity stays with STATUS:CANCELLED, so subscribers see it cancelled instead of silently gone;
- DTSTAMP is the same in every build (1 January of the year, UTC): weekgen knows no honest
  moment of change, and a stamp from the build date would rewrite every file every day.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone, vDDDTypes, vInt, vText, vUri

from weekgen import __version__
from weekgen.formats.seo import absolute, has_host, is_online, summary
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity
from weekgen.model.site import Week, activity_path

CALENDAR_FILE = "agenda.ics"
DESCRIPTION_LIMIT = 200  # characters of an activity's text in its event; the page has the rest
REFRESH = timedelta(hours=6)  # how often subscribers are asked to look again
SEQUENCE = {"scheduled": 0, "postponed": 1, "moved-online": 1, "cancelled": 2}
STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "moved-online": "CONFIRMED",
          "cancelled": "CANCELLED", "rescheduled": "CONFIRMED"}  # postponed, with its new_date
# Calendar programs show the title, seldom the status: say it in the title too.
LABELS = {
    "nl": {"cancelled": "Gaat niet door", "postponed": "Uitgesteld", "rescheduled": "Verplaatst",
           "moved-online": "Nu online", "more": "Meer informatie", "online": "Online",
           "organiser": "Organisator"},
    "en": {"cancelled": "Cancelled", "postponed": "Postponed", "rescheduled": "Rescheduled",
           "moved-online": "Moved online", "more": "More information", "online": "Online",
           "organiser": "Organiser"},
}

Html = Callable[[str], str]  # the sanitised HTML of a Markdown text the plan declared


def activity_ics_path(activity: Activity) -> str:
    return f"{activity_path(activity)}{CALENDAR_FILE}"


def year_ics_path(week: Week) -> str:
    return f"{week.path}{CALENDAR_FILE}"


def uid(activity: Activity, config: SiteConfig) -> str:
    host = urlsplit(config.base_url).hostname or "weekgen"
    return f"{activity.year}-{activity.slug}@{host}"


def _labels(config: SiteConfig) -> Mapping[str, str]:
    return LABELS.get(config.language, LABELS["nl"])


def _location(activity: Activity, labels: Mapping[str, str]) -> str:
    parts = [p for p in (activity.location,) if p]
    if activity.region and not activity.national and activity.region not in (activity.location
                                                                              or ""):
        parts.append(activity.region)
    if not parts and is_online(activity):
        parts.append(labels["online"] + (f": {activity.url}" if activity.url else ""))
    return ", ".join(parts)


def event(activity: Activity, config: SiteConfig, html: Html) -> Event:
    """One activity as a VEVENT. The values come typed (vText, vDDDTypes...): icalendar would
    otherwise find each one's type by its name and Python type, half the time of making an
    event."""
    labels = _labels(config)
    tz = ZoneInfo(config.timezone)
    e = Event()
    e.add("uid", vText(uid(activity, config)))
    e.add("dtstamp", vDDDTypes(datetime(activity.year, 1, 1, tzinfo=UTC)))
    e.add("sequence", vInt(SEQUENCE.get(activity.status, 0)))
    e.add("status", vText(STATUS.get("rescheduled" if activity.rescheduled else activity.status,
                                  "CONFIRMED")))
    title = activity.title
    status = "rescheduled" if activity.rescheduled else activity.status
    if status in labels:
        title = f"{labels[status]}: {title}"
    e.add("summary", vText(title))
    first, last = activity.held_dates  # a postponed activity on its new date
    if activity.start_time is None:
        e.add("dtstart", vDDDTypes(first))
        e.add("dtend", vDDDTypes(last + timedelta(days=1)))  # exclusive
        e.add("transp", vText("TRANSPARENT"))  # a day-long item does not make anyone busy
    else:
        e.add("dtstart", vDDDTypes(datetime.combine(first, activity.start_time, tz)))
        if activity.end_time is not None:
            e.add("dtend", vDDDTypes(datetime.combine(last, activity.end_time, tz)))
        elif activity.end_date is not None:
            e.add("dtend", vDDDTypes(datetime.combine(last + timedelta(days=1),
                                                      datetime.min.time(), tz)))
    location = _location(activity, labels)
    if location:
        e.add("location", vText(location))
    page = absolute(config, activity_path(activity))
    if has_host(config):
        e.add("url", vUri(page))
    # A summary, not the whole text: a year's calendar stays small for its subscribers.
    text = summary(html(activity.description), DESCRIPTION_LIMIT) \
        if activity.description.strip() else ""
    organiser = f"{labels['organiser']}: {activity.organiser}" if activity.organiser else ""
    more = f"{labels['more']}: {activity.url or page}"
    e.add("description", vText("\n\n".join(p for p in (text, organiser, more) if p)))
    return e  # no ORGANIZER: it needs an e-mail address, so the organiser is in the text


@functools.lru_cache(maxsize=64)
def _timezone(zone: str, year: int) -> Timezone:
    """The zone's rules from a year before to two years after `year` (computed once)."""
    return Timezone.from_tzid(zone, first_date=date(year - 1, 1, 1),
                              last_date=date(year + 2, 1, 1))


END = b"END:VCALENDAR\r\n"
Events = Mapping[tuple[int, str], bytes]  # made beforehand, by the activity's year and slug
EMPTY: Events = {}


@functools.lru_cache(maxsize=64)
def _frame(language: str, zone: str, year: int, name: str) -> bytes:
    """A calendar up to its events: the properties and the VTIMEZONE. Serialising the zone
    costs as much as an event, so each process does it once and reuses the bytes."""
    cal = Calendar()
    cal.add("prodid", f"-//weekgen//weekgen {__version__}//{language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:  # a calendar to subscribe to has a name; a single event needs none
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
    cal.add("x-wr-timezone", zone)
    cal.add_component(_timezone(zone, year))
    text = bytes(cal.to_ical())
    assert text.endswith(END)
    return text[:-len(END)]


def event_bytes(activity: Activity, config: SiteConfig, html: Html, events: Events) -> bytes:
    """An activity's VEVENT as icalendar writes it: one the render stage made before (every core
    at once, or an earlier build), else made now."""
    found = events.get((activity.year, activity.slug))
    return found if found is not None else make_event(activity, config, html)


def make_event(activity: Activity, config: SiteConfig, html: Html) -> bytes:
    """An activity's VEVENT as icalendar writes it."""
    return to_ical(event(activity, config, html))


FOLD = 74  # octets of a content line before its break (RFC 5545: 75 with the space after it)


def to_ical(component: Component) -> bytes:
    """`component.to_ical()`, byte for byte, sooner. icalendar (7.x) folds each content line a
    character at a time, encoding every one, a good part of an event's cost. Here a line is
    encoded once and cut where icalendar cuts it."""
    return b"".join(fold(line) + b"\r\n" for line in component.content_lines() if line)


def fold(line: str) -> bytes:
    """A content line folded as icalendar folds it: at most FOLD octets before each break,
    never inside a character, nor right after a backslash or caret (the start of an escape,
    which some calendar programs read wrongly when a fold splits it; icalendar issue 1501)."""
    data = line.encode()
    if len(data) <= FOLD:
        return data
    parts = []
    start = 0
    while len(data) - start > FOLD:
        end = start + FOLD
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def activity_calendar(activity: Activity, config: SiteConfig, html: Html,
                      events: Events = EMPTY) -> bytes:
    """The .ics of one activity, to add it to a calendar."""
    frame = _frame(config.language, config.timezone, activity.year, "")
    return frame + event_bytes(activity, config, html, events) + END


def year_calendar(week: Week, config: SiteConfig, html: Html, events: Events = EMPTY) -> bytes:
    """The .ics of a year's activities, to subscribe to; cancelled ones included."""
    frame = _frame(config.language, config.timezone, week.year, f"{config.title} {week.year}")
    return frame + b"".join(event_bytes(a, config, html, events) for a in week.activities) + END


def descriptions(activities: Iterable[Activity]) -> tuple[str, ...]:
    """The Markdown these calendars show, for the plan to declare."""
    return tuple(a.description for a in activities if a.description)


# Render functions for the plan: (context, html) -> bytes. `context["events"]`, where the render
# stage puts it: the events it made before.

def render_activity(context: Mapping[str, Any], html: Html) -> bytes:
    return activity_calendar(context["activity"], context["config"], html,
                             context.get("events", EMPTY))


def render_year(context: Mapping[str, Any], html: Html) -> bytes:
    return year_calendar(context["year"], context["config"], html, context.get("events", EMPTY))
