"""`weekgen flips`: the moments the built site changes by itself, in local time and UTC (summer
time included), and cron lines that fire just after each of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekgen.errors import Position
from weekgen.model.config import WeekConfig
from weekgen.model.content import Page
from weekgen.model.flips import countdowns, cron_lines, flips
from weekgen.model.week import default_dates

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]
AMSTERDAM = "Europe/Amsterdam"


def week(year: int, start: date | None = None, end: date | None = None) -> WeekConfig:
    s, e = default_dates(year)
    return WeekConfig(year, start or s, end or e)


def scheduled(year: int, name: str, publish: date, draft: bool = False) -> Page:
    return Page(year, name, name.title(), "Tekst.", name, publish=publish, draft=draft,
                source=Position(f"content/{year}/{name}.md", 1, 1))


def fires(line: str, year: int) -> list[datetime]:
    """The UTC moments in `year` at which a cron line 'M H D M *' runs (D may be '1-3,5')."""
    minute, hour, days, month, weekday = line.split()
    assert weekday == "*"
    out = []
    for part in days.split(","):
        first, _, last = part.partition("-")
        for day in range(int(first), int(last or first) + 1):
            out.append(datetime(year, int(month), day, int(hour), int(minute), tzinfo=UTC))
    return out


def test_the_week_days_and_look_back_in_november_are_at_cet_midnight() -> None:
    found = flips([week(2021)], [], AMSTERDAM, date(2021, 11, 1))
    assert [f.day for f in found] == [date(2021, 11, d) for d in range(15, 23)]
    first, last = found[0], found[-1]
    assert first.local == datetime(2021, 11, 15, tzinfo=ZoneInfo(AMSTERDAM))
    assert first.utc == datetime(2021, 11, 14, 23, 0, tzinfo=UTC)
    assert first.offset == "CET"
    assert "the Week begins" in first.what and "/2021/maandag/" in first.what
    assert "today moves to /2021/dinsdag/" in found[1].what
    assert "look-back appears at /2021/terugblik/" in last.what
    assert last.utc == datetime(2021, 11, 21, 23, 0, tzinfo=UTC)
    assert cron_lines(found) == ["5 23 14-21 11 *"]


def test_a_week_across_the_switch_to_summer_time() -> None:
    """Summer time starts on Sunday 28 March 2021 at 02:00: that midnight is still CET, the
    look-back's (Monday 29 March) is CEST, an hour earlier in UTC."""
    custom = week(2021, date(2021, 3, 22), date(2021, 3, 28))
    found = flips([custom], [], AMSTERDAM, date(2021, 1, 5))
    by_day = {f.day: f for f in found}
    assert by_day[date(2021, 3, 28)].utc == datetime(2021, 3, 27, 23, 0, tzinfo=UTC)
    assert by_day[date(2021, 3, 28)].offset == "CET"
    assert by_day[date(2021, 3, 29)].utc == datetime(2021, 3, 28, 22, 0, tzinfo=UTC)
    assert by_day[date(2021, 3, 29)].offset == "CEST"
    assert cron_lines(found) == ["5 23 21-27 3 *", "5 22 28 3 *"]


def test_a_week_across_the_end_of_summer_time() -> None:
    """Summer time ends on Sunday 31 October 2021: Monday 25 to Sunday 31 October start at
    22:00 UTC, the look-back on 1 November at 23:00 UTC."""
    custom = week(2021, date(2021, 10, 25), date(2021, 10, 31))
    found = flips([custom], [], AMSTERDAM, date(2021, 1, 5))
    assert [f.utc.hour for f in found] == [22] * 7 + [23]
    assert cron_lines(found) == ["5 22 24-30 10 *", "5 23 31 10 *"]


def test_every_cron_line_fires_five_minutes_after_local_midnight_of_its_flip() -> None:
    weeks = [week(2021, date(2021, 3, 22), date(2021, 3, 28)), week(2022)]
    pages = [scheduled(2022, "zomer", date(2022, 7, 1)),
             scheduled(2022, "winter", date(2022, 1, 10))]
    found = flips(weeks, pages, AMSTERDAM, date(2021, 1, 1))
    assert len(found) == 8 + 1 + 8 + 2
    for f in found:
        [line] = cron_lines([f])
        [when] = fires(line, f.utc.year)
        assert when.astimezone(ZoneInfo(AMSTERDAM)) == f.local + timedelta(minutes=5)
    merged = {(t.month, t.day, t.hour, t.minute) for line in cron_lines(found)
              for t in fires(line, 2021)}
    single = {(t.month, t.day, t.hour, t.minute) for f in found
              for t in fires(cron_lines([f])[0], 2021)}
    assert merged == single


def test_only_flips_after_the_build_date_unless_all() -> None:
    during = flips([week(2021)], [], AMSTERDAM, date(2021, 11, 17))
    assert [f.day for f in during] == [date(2021, 11, d) for d in range(18, 23)]
    everything = flips([week(2021)], [], AMSTERDAM, date(2021, 11, 17), include_past=True)
    assert len(everything) == 8
    assert flips([week(2021)], [], AMSTERDAM, date(2021, 11, 22)) == []


def test_scheduled_pages_publish_at_their_midnight_and_drafts_never() -> None:
    pages = [scheduled(2021, "zomer", date(2021, 7, 1)),
             scheduled(2021, "concept", date(2021, 8, 1), draft=True),
             scheduled(2021, "vorig", date(2021, 2, 1))]
    found = flips([week(2021)], pages, AMSTERDAM, date(2021, 6, 1))
    published = [f for f in found if "published" in f.what]
    assert [f.day for f in published] == [date(2021, 7, 1)]
    assert "content/2021/zomer.md" in published[0].what and "/2021/zomer/" in published[0].what
    assert published[0].utc == datetime(2021, 6, 30, 22, 0, tzinfo=UTC)  # CEST


def test_the_front_page_moves_to_the_new_year_on_new_years_night() -> None:
    found = flips([week(2021), week(2022)], [], AMSTERDAM, date(2021, 12, 1))
    assert found[0].day == date(2022, 1, 1)
    assert "front page leads with the 2022 Week" in found[0].what
    assert found[0].utc == datetime(2021, 12, 31, 23, 0, tzinfo=UTC)
    assert "5 23 31 12 *" in cron_lines(found)


def test_year_keeps_one_years_flips() -> None:
    found = flips([week(2021), week(2022)], [], AMSTERDAM, date(2021, 1, 5), year=2022)
    assert {f.year for f in found} == {2022}
    assert found[0].day == date(2022, 1, 1)


def test_the_countdown_is_one_note_not_a_flip_a_day() -> None:
    assert [(c.year, c.until) for c in countdowns([week(2021), week(2022)],
                                                  date(2021, 11, 1))] == [
        (2021, date(2021, 11, 15)), (2022, date(2022, 11, 14))]
    assert countdowns([week(2021)], date(2021, 11, 15)) == []
    assert len(flips([week(2021)], [], AMSTERDAM, date(2021, 1, 1))) == 8


def test_another_time_zone() -> None:
    found = flips([week(2021)], [], "America/New_York", date(2021, 11, 1))
    assert found[0].utc == datetime(2021, 11, 15, 5, 0, tzinfo=UTC)  # EST, UTC-5
    assert cron_lines(found) == ["5 5 15-22 11 *"]


def test_flips_command(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({
        "content/2021/activities.yaml": "- title: Open dag\n  date: 2021-11-16\n",
        "content/2021/later.md": "---\ntitle: Later\npublish: 2021-11-10\n---\nTekst.\n",
    })
    code, out, err = cli("flips", "--source", str(project), "--today", "2021-11-01")
    assert code == 0, err
    lines = out.splitlines()
    assert ("  2021-11-10 00:00 CET   = 2021-11-09 23:00 UTC  2021: the page "
            "content/2021/later.md is published at /2021/later/") in lines
    assert any(line.startswith("  2021-11-22 00:00 CET   = 2021-11-21 23:00 UTC  2021: the "
                               "Week is over") for line in lines)
    assert '    - cron: "5 23 9,14-21 11 *"' in lines
    assert "Elke dag tot 2021-11-15 telt de voorpagina van 2021 de dagen af" in out


def test_flips_command_after_the_week_and_with_all(cli: Cli, make_project: MakeProject) -> None:
    project = make_project({"content/2021/activities.yaml": ""})
    code, out, _ = cli("flips", "--source", str(project), "--today", "2021-12-01")
    assert code == 0
    assert "  geen; --all toont ook de eerdere" in out
    assert "cron" not in out
    code, out, _ = cli("flips", "--source", str(project), "--today", "2021-12-01", "--all")
    assert code == 0
    assert out.count(" UTC  2021: ") == 8


def test_flips_uses_source_date_epoch(cli: Cli, make_project: MakeProject,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({"content/2021/activities.yaml": ""})
    wednesday = datetime(2021, 11, 17, 12, tzinfo=UTC) + timedelta(minutes=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(wednesday.timestamp())))
    code, out, _ = cli("flips", "--source", str(project))
    assert code == 0
    assert "na 2021-11-17" in out
    assert out.count(" UTC  2021: ") == 5


def test_flips_command_errors(cli: Cli, make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project({"content/2021/week.yaml": "start: 2021-11-15\n"})
    code, _, err = cli("flips", "--source", str(project))
    assert code == 1
    assert "content/2021/week.yaml:1:8: 'start' is ingevuld maar 'end' niet" in err
    code, _, err = cli("flips", "--source", str(project), "--year", "twenty")
    assert code == 2
    assert "ongeldige waarde voor int: 'twenty'" in err
    code, _, err = cli("flips", "--source", str(tmp_path / "nergens"))
    assert code == 2
    assert "is geen map" in err
