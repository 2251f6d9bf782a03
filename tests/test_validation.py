"""Every mistake in the content is named with file:line:column, all of them in one run, exit 1,
and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import headlines, hints

ACTIVITIES = "content/2021/activities.yaml"
WEEK = "content/2021/week.yaml"


@pytest.fixture
def fails(make_project: Callable[..., Path],
          build: Callable[..., tuple[int, str]]) -> Callable[..., str]:
    """fails(files) -> stderr, after checking exit code 1, no traceback and no output folder."""

    def run(files: dict[str, str]) -> str:
        project = make_project(files)
        code, err = build(project, "--today", "2021-11-01")
        assert code == 1, err
        assert "Traceback" not in err
        assert not (project / "public").exists()
        assert err.rstrip().splitlines()[-1].endswith("in de inhoud; er is niets geschreven")
        return err

    return run


def activity(*lines: str) -> str:
    """One activity with a title and a date in 2021, plus `lines` (each '  key: value')."""
    return "\n".join(["- title: Open dag", "  date: 2021-11-15", *lines]) + "\n"


CASES = {
    "unknown key": (
        {ACTIVITIES: activity("  organizer: Gemeente Utrecht")},
        [f"{ACTIVITIES}:3:3: onbekende sleutel 'organizer' in deze activiteit"],
        "bedoel je 'organiser'?",
    ),
    "participants not a number": (
        {ACTIVITIES: activity("  participants: veel")},
        [f"{ACTIVITIES}:3:17: 'participants' veel is geen heel getal"],
        'schrijf een heel getal, bijvoorbeeld 120',
    ),
    "participants with a thousands separator": (
        {ACTIVITIES: activity("  participants: 1.200")},
        [f"{ACTIVITIES}:3:17: 'participants' 1.200 is geen heel getal"],
        'schrijf hele getallen zonder scheidingstekens, bijvoorbeeld 1200',
    ),
    "online not a bool": (
        {ACTIVITIES: activity("  online: misschien")},
        [f"{ACTIVITIES}:3:11: 'online' misschien is niet true of false"],
        'schrijf true of false (ja of nee)',
    ),
    "text given as a list": (
        {ACTIVITIES: activity("  region: [Utrecht, Zeist]")},
        [f"{ACTIVITIES}:3:11: 'region' moet tekst zijn, niet een lijst"],
        None,
    ),
    "impossible date": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-13-01\n"},
        [f"{ACTIVITIES}:2:9: 'date' 2021-13-01 is geen datum"],
        'die dag bestaat niet; schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2021-11-16',
    ),
    "31 November": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-31\n"},
        [f"{ACTIVITIES}:2:9: 'date' 2021-11-31 is geen datum"],
        'die dag bestaat niet; schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2021-11-16',
    ),
    "date in Dutch order": (
        {ACTIVITIES: "- title: Open dag\n  date: 15-11-2021\n"},
        [f"{ACTIVITIES}:2:9: 'date' 15-11-2021 is geen datum"],
        "bedoel je 2021-11-15? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date with slashes": (
        {ACTIVITIES: "- title: Open dag\n  date: 16/11/2021\n"},
        [f"{ACTIVITIES}:2:9: 'date' 16/11/2021 is geen datum"],
        "bedoel je 2021-11-16? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date with a Dutch month name": (
        {ACTIVITIES: "- title: Open dag\n  date: 16 november 2021\n"},
        [f"{ACTIVITIES}:2:9: 'date' 16 november 2021 is geen datum"],
        "bedoel je 2021-11-16? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date with a short month name": (
        {ACTIVITIES: "- title: Open dag\n  date: 16 nov 2021\n"},
        [f"{ACTIVITIES}:2:9: 'date' 16 nov 2021 is geen datum"],
        "bedoel je 2021-11-16? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date in English": (
        {ACTIVITIES: activity("  end_date: November 17, 2021")},
        [f"{ACTIVITIES}:3:13: 'end_date' November 17, 2021 is geen datum"],
        "bedoel je 2021-11-17? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date without its year": (
        {ACTIVITIES: "- title: Open dag\n  date: 16 mrt\n"},
        [f"{ACTIVITIES}:2:9: 'date' 16 mrt is geen datum"],
        "bedoel je 2021-03-16? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "week date as the Dutch write it": (
        {WEEK: "start: 15-11-2021\n"},
        [f"{WEEK}:1:8: 'start' 15-11-2021 is geen datum"],
        "bedoel je 2021-11-15? weekgen leest een datum als JJJJ-MM-DD (jaar, maand, dag)",
    ),
    "date in another year than its folder": (
        {ACTIVITIES: "- title: Open dag\n  date: 2020-11-16\n"},
        [f"{ACTIVITIES}:2:9: 'date' 2020-11-16 ligt in 2020, niet in 2021"],
        'verplaats de activiteit naar content/2020/ of verbeter het jaar',
    ),
    "end_date in another year": (
        {ACTIVITIES: activity("  end_date: 2022-01-02")},
        [f"{ACTIVITIES}:3:13: 'end_date' 2022-01-02 ligt in 2022, niet in 2021"],
        None,
    ),
    "hour 25": (
        {ACTIVITIES: activity('  start_time: "25:00"')},
        [f"{ACTIVITIES}:3:15: 'start_time' 25:00 is geen tijd"],
        'uren gaan van 00 tot 23 en minuten van 00 tot 59; schrijf een tijd als UU:MM, '
        'bijvoorbeeld 14:30',
    ),
    "time written as 9u": (
        {ACTIVITIES: activity("  start_time: 9u")},
        [f"{ACTIVITIES}:3:15: 'start_time' 9u is geen tijd"],
        'bedoel je "09:00"? weekgen leest een tijd als UU:MM',
    ),
    "time written as 14u30": (
        {ACTIVITIES: activity("  start_time: 14u30")},
        [f"{ACTIVITIES}:3:15: 'start_time' 14u30 is geen tijd"],
        'bedoel je "14:30"? weekgen leest een tijd als UU:MM',
    ),
    "time written as 14.30 uur": (
        {ACTIVITIES: activity("  end_time: 14.30 uur")},
        [f"{ACTIVITIES}:3:13: 'end_time' 14.30 uur is geen tijd"],
        'bedoel je "14:30"? weekgen leest een tijd als UU:MM',
    ),
    "time that is no time": (
        {ACTIVITIES: activity("  start_time: middag")},
        [f"{ACTIVITIES}:3:15: 'start_time' middag is geen tijd"],
        'schrijf een tijd als UU:MM, bijvoorbeeld 14:30',
    ),
    "end_time before start_time": (
        {ACTIVITIES: activity('  start_time: "14:00"', '  end_time: "13:30"')},
        [f"{ACTIVITIES}:4:13: 'end_time' 13:30 ligt niet na 'start_time' 14:00"],
        'vul voor een activiteit die na middernacht doorgaat ook end_date in',
    ),
    "end_time without start_time": (
        {ACTIVITIES: activity('  end_time: "13:30"')},
        [f"{ACTIVITIES}:3:13: 'end_time' is ingevuld maar 'start_time' niet"],
        'voeg een start_time toe, of laat de end_time weg',
    ),
    "end_date before date": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-16\n  end_date: 2021-11-15\n"},
        [f"{ACTIVITIES}:3:13: 'end_date' 2021-11-15 ligt voor 'date' 2021-11-16"],
        None,
    ),
    "a key twice": (
        {ACTIVITIES: activity("  date: 2021-11-16")},
        [f"{ACTIVITIES}:3:3: 'date' staat twee keer in deze activiteit"],
        'houd een van de twee regels',
    ),
    "duplicate explicit slug": (
        {ACTIVITIES: activity("  slug: open-dag") + "- title: Andere dag\n"
                     "  date: 2021-11-16\n  slug: open-dag\n"},
        [f"{ACTIVITIES}:4:3: de slug 'open-dag' wordt ook gebruikt door de activiteit in "
         f"{ACTIVITIES}:1:3"],
        'geef een van de twee een andere slug',
    ),
    "slug that is not a slug": (
        {ACTIVITIES: activity("  slug: ../../etc")},
        [f"{ACTIVITIES}:3:9: 'slug' ../../etc is geen slug"],
        None,
    ),
    "missing title": (
        {ACTIVITIES: "- date: 2021-11-15\n  region: Utrecht\n"},
        [f"{ACTIVITIES}:1:3: deze activiteit heeft geen 'title'"],
        "voeg een regel 'title: ...' toe (hoe de activiteit heet)",
    ),
    "missing date": (
        {ACTIVITIES: "- title: Open dag\n  region: Utrecht\n"},
        [f"{ACTIVITIES}:1:3: deze activiteit heeft geen 'date'"],
        None,
    ),
    "empty title": (
        {ACTIVITIES: "- title:\n  date: 2021-11-15\n"},
        [f"{ACTIVITIES}:1:9: 'title' is leeg"],
        'vul het in (hoe de activiteit heet)',
    ),
    "title of quotes only": (
        {ACTIVITIES: '- title: ""\n  date: 2021-11-15\n'},
        [f"{ACTIVITIES}:1:10: 'title' is leeg"],
        'vul het in (hoe de activiteit heet)',
    ),
    "empty date": (
        {ACTIVITIES: "- title: Open dag\n  date:\n"},
        [f"{ACTIVITIES}:2:8: 'date' is leeg"],
        None,
    ),
    "bad status": (
        {ACTIVITIES: activity("  status: canceled")},
        [f"{ACTIVITIES}:3:11: 'status' canceled is niet een van de keuzes"],
        "bedoel je 'cancelled'?",
    ),
    "javascript: url": (
        {ACTIVITIES: activity("  url: javascript:alert(1)")},
        [f"{ACTIVITIES}:3:8: 'url' javascript:alert(1) is geen link die weekgen aanneemt"],
        'een link begint met https://, http://, mailto: of / (een pagina van deze site)',
    ),
    "protocol-relative url": (
        {ACTIVITIES: activity("  url: //evil.example/x")},
        [f"{ACTIVITIES}:3:8: 'url' //evil.example/x is geen link die weekgen aanneemt"],
        None,
    ),
    "media without its kind": (
        {ACTIVITIES: activity("  media:", "    - url: https://example.org/a.pdf",
                              "      title: Het rapport")},
        [f"{ACTIVITIES}:4:7: deze vermelding in 'media' heeft geen 'kind'"],
        None,
    ),
    "activities.yaml not a list": (
        {ACTIVITIES: "title: Open dag\ndate: 2021-11-15\n"},
        [f"{ACTIVITIES}:1:1: activities.yaml moet een lijst activiteiten zijn, elk beginnend "
         "met '- title: ...'"],
        None,
    ),
    "a key indented one space more": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n   region: Utrecht\n"},
        [f"{ACTIVITIES}:3:4: kapotte YAML: 'region' staat één spatie verder ingesprongen dan "
         "'date' op regel 2"],
        "zet 'region' precies onder 'date', met evenveel spaties ervoor: sleutels van dezelfde "
        "groep staan recht onder elkaar",
    ),
    "a key indented one space less": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n region: Utrecht\n"},
        [f"{ACTIVITIES}:3:2: kapotte YAML: 'region' staat één spatie minder ingesprongen dan "
         "'date' op regel 2"],
        "zet 'region' precies onder 'date', met evenveel spaties ervoor: sleutels van dezelfde "
        "groep staan recht onder elkaar",
    ),
    "a key of a media item indented one space less, below a comment": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  media:\n    - kind: video\n"
                     "      url: https://www.example.org/v\n      # de titel\n     title: Film\n"},
        [f"{ACTIVITIES}:7:6: kapotte YAML: 'title' staat één spatie minder ingesprongen dan "
         "'url' op regel 5"],
        None,
    ),
    "a setting indented one space more": (
        {"content/site.yaml": "title: Testweek\n language: nl\n"},
        ["content/site.yaml:2:2: kapotte YAML: 'language' staat één spatie verder ingesprongen "
         "dan 'title' op regel 1"],
        None,
    ),
    "a text going on below its key": (
        {ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  region: Utrecht en\n"
                     "    omgeving: Zeist\n"},
        [f'{ACTIVITIES}:4:13: kapotte YAML: mapping values are not allowed in this context'],
        'een waarde met \': \' erin moet tussen aanhalingstekens, bijvoorbeeld title: "Lezing: '
        'veilig thuis"',
    ),
    "unquoted colon in a value": (
        {ACTIVITIES: "- title: Lezing: veilig thuis\n  date: 2021-11-15\n"},
        [f'{ACTIVITIES}:1:16: kapotte YAML: mapping values are not allowed in this context'],
        'een waarde met \': \' erin moet tussen aanhalingstekens, bijvoorbeeld title: "Lezing: '
        'veilig thuis"',
    ),
    "unclosed quote": (
        {ACTIVITIES: '- title: "Open dag\n  date: 2021-11-15\n'},
        [f'{ACTIVITIES}:3:1: kapotte YAML: found unexpected end of stream'],
        None,
    ),
    "unclosed front matter": (
        {"content/2021/doe-mee.md": "---\ntitle: Doe mee\n\nDe tekst.\n"},
        ['content/2021/doe-mee.md:1:1: de front matter is niet afgesloten'],
        'sluit de front matter af met een regel met alleen ---',
    ),
    "broken front matter": (
        {"content/2021/doe-mee.md": "---\ntitle: Doe mee\nsummary: Zo: doe je mee\n---\nx\n"},
        ['content/2021/doe-mee.md:3:12: kapotte YAML: mapping values are not allowed in this '
         'context'],
        None,
    ),
    "page without front matter": (
        {"content/2021/doe-mee.md": "Alleen tekst.\n"},
        ['content/2021/doe-mee.md:1:1: deze pagina heeft geen front matter met een titel'],
        None,
    ),
    "page without a title": (
        {"content/2021/doe-mee.md": "---\nsummary: Zo doe je mee.\n---\nx\n"},
        ["content/2021/doe-mee.md:2:1: deze front matter van de pagina heeft geen 'title'"],
        None,
    ),
    "page with an empty title": (
        {"content/2021/doe-mee.md": "---\ntitle:\n---\nx\n"},
        ["content/2021/doe-mee.md:2:7: 'title' is leeg"],
        None,
    ),
    "page with an unknown key": (
        {"content/2021/doe-mee.md": "---\ntitle: Doe mee\nsumary: Zo.\n---\nx\n"},
        ["content/2021/doe-mee.md:3:1: onbekende sleutel 'sumary' in deze front matter van de "
         "pagina"],
        "bedoel je 'summary'?",
    ),
    "page dated in another year": (
        {"content/2021/doe-mee.md": "---\ntitle: Doe mee\ndate: 2020-11-16\n---\nx\n"},
        ["content/2021/doe-mee.md:3:7: 'date' 2020-11-16 ligt niet in 2021"],
        None,
    ),
    "duplicate page slugs": (
        {"content/2021/a.md": "---\ntitle: A\nslug: doe-mee\n---\nx\n",
         "content/2021/b.md": "---\ntitle: B\nslug: doe-mee\n---\ny\n"},
        ["content/2021/b.md:3:7: de slug 'doe-mee' wordt ook gebruikt door content/2021/a.md"],
        'geef een van de twee een andere slug',
    ),
    "page slug taking a reserved address": (
        {"content/2021/alles.md": "---\ntitle: Alles\nslug: activiteiten\n---\nx\n"},
        ["content/2021/alles.md:3:7: het adres /2021/activiteiten/ wordt al gebruikt door de "
         "eigen pagina's van weekgen"],
        'geef de pagina een andere slug of bestandsnaam',
    ),
    "page named after a day": (
        {"content/2021/maandag.md": "---\ntitle: Maandag\n---\nx\n"},
        ["content/2021/maandag.md:2:1: het adres /2021/maandag/ wordt al gebruikt door de eigen "
         "pagina's van weekgen"],
        None,
    ),
    "week with start but no end": (
        {"content/2021/week.yaml": "theme: dichtbij\nstart: 2021-11-15\n"},
        ["content/2021/week.yaml:2:8: 'start' is ingevuld maar 'end' niet"],
        'vul ze allebei in, of geen van beide voor de data van de campagneregel (2021-11-15 tot '
        '2021-11-21)',
    ),
    "edition longer than 21 days": (
        {"content/2021/week.yaml": "start: 2021-11-15\nend: 2021-12-06\n"},
        ['content/2021/week.yaml:2:6: de editie van 2021-11-15 tot 2021-12-06 duurt langer dan 21 '
         'dagen'],
        'een editie heeft 1 tot 21 dagen',
    ),
    "week ending before it starts": (
        {"content/2021/week.yaml": "start: 2021-11-15\nend: 2021-11-14\n"},
        ["content/2021/week.yaml:2:6: 'end' 2021-11-14 ligt voor 'start' 2021-11-15"],
        None,
    ),
    "week starting in another year": (
        {"content/2021/week.yaml": "start: 2020-11-16\nend: 2020-11-22\n"},
        ["content/2021/week.yaml:1:8: 'start' 2020-11-16 ligt niet in 2021"],
        None,
    ),
    "unknown key in week.yaml": (
        {"content/2021/week.yaml": "thema: dichtbij\n"},
        ["content/2021/week.yaml:1:1: onbekende sleutel 'thema' in deze week.yaml"],
        "bedoel je 'theme'?",
    ),
    "bad hashtag": (
        {"content/2021/week.yaml": "hashtags: [dichterbij dan je denkt]\n"},
        ["content/2021/week.yaml:1:12: hashtag 'dichterbij dan je denkt' mag alleen letters, "
         "cijfers en _ bevatten"],
        None,
    ),
    "unknown site.yaml key": (
        {"content/site.yaml": "title: Testweek\nbase_ulr: https://example.org/\n"},
        ["content/site.yaml:2:1: onbekende sleutel 'base_ulr' in deze site.yaml"],
        "bedoel je 'base_url'?",
    ),
    "site.yaml without title": (
        {"content/site.yaml": "language: nl\n"},
        ["content/site.yaml:1:1: deze site.yaml heeft geen 'title'"],
        None,
    ),
    "bad timezone": (
        {"content/site.yaml": "title: Testweek\ntimezone: Europe/Amsterdm\n"},
        ["content/site.yaml:2:11: 'timezone' Europe/Amsterdm is geen bekende tijdzone"],
        'gebruik een naam zoals Europe/Amsterdam of Europe/Brussels',
    ),
    "base_url without scheme": (
        {"content/site.yaml": "title: Testweek\nbase_url: example.org/campagne/\n"},
        ["content/site.yaml:2:11: 'base_url' example.org/campagne/ is geen link die weekgen "
         "aanneemt"],
        None,
    ),
    "base_url ftp": (
        {"content/site.yaml": "title: Testweek\nbase_url: ftp://example.org/\n"},
        ["content/site.yaml:2:11: 'base_url' ftp://example.org/ is geen link die weekgen aanneemt"],
        None,
    ),
    "base_url a mail address": (
        {"content/site.yaml": "title: Testweek\nbase_url: mailto:info@example.org\n"},
        ["content/site.yaml:2:11: 'base_url' mailto:info@example.org is geen volledig adres"],
        'schrijf het adres waarop de site gepubliceerd wordt, bijvoorbeeld https://example.org/',
    ),
    "bad language": (
        {"content/site.yaml": "title: Testweek\nlanguage: nederlands\n"},
        ["content/site.yaml:2:11: 'language' nederlands is niet een van de keuzes"],
        None,
    ),
    "missing site.yaml": (
        {"content/site.yaml": None, "content/2021/week.yaml": ""},
        ["content/site.yaml: content/site.yaml ontbreekt"],
        "maak het met minstens een regel 'title:'",
    ),
    "empty site.yaml": (
        {"content/site.yaml": ""},
        ['content/site.yaml:1:1: site.yaml is leeg'],
        None,
    ),
}


@pytest.mark.parametrize(("files", "expected", "hint"), CASES.values(), ids=list(CASES))
def test_error_is_named_with_its_place(fails: Callable[..., str], files: dict[str, str],
                                       expected: list[str], hint: str | None) -> None:
    err = fails(files)
    assert headlines(err) == expected
    if hint is not None:
        assert hint in hints(err)


def test_error_quotes_the_line_and_points_at_the_column(fails: Callable[..., str]) -> None:
    err = fails({ACTIVITIES: "- title: Open dag\n  date: 2021-13-01\n"})
    lines = err.splitlines()
    at = lines.index(f"{ACTIVITIES}:2:9: 'date' 2021-13-01 is geen datum")
    assert lines[at + 1].strip() == "date: 2021-13-01"
    assert lines[at + 2].index("^") == lines[at + 1].index("2021-13-01")


def test_all_errors_of_a_file_are_reported_together(fails: Callable[..., str]) -> None:
    err = fails({ACTIVITIES: activity("  organizer: X", "  participants: veel",
                                      '  start_time: "25:00"')})
    assert headlines(err) == [
        f"{ACTIVITIES}:3:3: onbekende sleutel 'organizer' in deze activiteit",
        f"{ACTIVITIES}:4:17: 'participants' veel is geen heel getal",
        f"{ACTIVITIES}:5:15: 'start_time' 25:00 is geen tijd",
    ]
    assert err.rstrip().splitlines()[-1] == "weekgen: 3 fouten in de inhoud; er is niets geschreven"


def test_a_broken_link_is_reported_with_the_errors_of_other_files(
        fails: Callable[..., str]) -> None:
    """One run names them all: the YAML error of one year, the dates of another, and a link of
    a page that goes nowhere. A link into the year whose file did not load is not judged."""
    err = fails({
        "content/site.yaml": "title: Testweek\n",
        "content/2021/activities.yaml": "- title: A\n<<<<<<< HEAD\n  date: 2021-11-16\n"
                                        "=======\n  date: 2021-11-17\n>>>>>>> ander\n",
        "content/2021/meedoen.md": "---\ntitle: Doe mee\n---\nZie [A](/2021/activiteiten/a/).\n",
        "content/2022/activities.yaml": "- title: B\n  date: 2022-11-23\n"
                                        "  end_date: 2022-11-22\n",
        "content/2022/meedoen.md": "---\ntitle: Doe mee\n---\nZie [de lijst](/2022/activiteitn/)."
                                   "\n",
    })
    assert headlines(err) == [
        'content/2021/activities.yaml:2:1: dit bestand bevat een onafgemaakte git-merge op regel 2',
        "content/2022/activities.yaml:3:13: 'end_date' 2022-11-22 ligt voor 'date' 2022-11-23",
        'content/2022/meedoen.md:4:16: link naar /2022/activiteitn/ leidt nergens heen',
    ]


def test_errors_in_several_files_and_activities_are_reported_together(
        fails: Callable[..., str]) -> None:
    err = fails({
        "content/site.yaml": "title: Testweek\ntimezone: Mars/Olympus\n",
        ACTIVITIES: "- title: A\n  date: 2021-13-01\n- title: B\n  date: 2021-11-15\n"
                    "  online: misschien\n",
        "content/2021/week.yaml": "thema: x\n",
        "content/2021/doe-mee.md": "---\ntitle: Doe mee\ndraft: soms\n---\nx\n",
        "content/2018/activities.yaml": "- title: C\n  date: 2018-11-19\n  kind: [a]\n",
    })
    assert headlines(err) == [
        "content/2018/activities.yaml:3:9: 'kind' moet een van de keuzes zijn, niet een lijst",
        f"{ACTIVITIES}:2:9: 'date' 2021-13-01 is geen datum",
        f"{ACTIVITIES}:5:11: 'online' misschien is niet true of false",
        "content/2021/doe-mee.md:3:8: 'draft' soms is niet true of false",
        "content/2021/week.yaml:1:1: onbekende sleutel 'thema' in deze week.yaml",
        "content/site.yaml:2:11: 'timezone' Mars/Olympus is geen bekende tijdzone",
    ]


def test_check_reports_the_same_errors_and_writes_nothing(
        make_project: Callable[..., Path], cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: activity("  organizer: X")})
    code, _, err = cli("check", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1
    assert headlines(err) == [f"{ACTIVITIES}:3:3: onbekende sleutel 'organizer' in deze activiteit"]
    assert sorted(p.name for p in project.iterdir()) == ["content"]


def test_a_key_left_empty_is_as_if_left_out(make_project: Callable[..., Path],
                                            build: Callable[..., tuple[int, str]]) -> None:
    project = make_project({ACTIVITIES: activity("  region:", "  participants:", "  online:",
                                                 "  start_time:")})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert (project / "public/2021/activiteiten/open-dag/index.html").is_file()


def test_warnings_do_not_fail_the_build(make_project: Callable[..., Path],
                                        build: Callable[..., tuple[int, str]]) -> None:
    project = make_project({ACTIVITIES: activity(), "content/2021/notes.txt": "x",
                            "content/archief/x.md": "x"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert "content/2021/notes.txt: waarschuwing: overgeslagen" in err
    assert "content/archief: waarschuwing: overgeslagen" in err
    assert (project / "public/2021/activiteiten/open-dag/index.html").is_file()


@pytest.mark.parametrize(("text", "meant"), [
    ("16-11-2027", "2027-11-16"), ("16/11/2027", "2027-11-16"), ("16.11.2027", "2027-11-16"),
    ("11/16/2027", "2027-11-16"), ("2027/11/16", "2027-11-16"), ("16 november 2027", "2027-11-16"),
    ("16 Nov. 2027", "2027-11-16"), ("maandag 16 november 2027", "2027-11-16"),
    ("16 oktober", "2027-10-16"), ("November 16, 2027", "2027-11-16"), ("1 mei 2027", "2027-05-01"),
    ("31-02-2027", None), ("16 brumaire 2027", None), ("volgende week", None), ("16-11", None),
])
def test_dates_as_editors_write_them(text: str, meant: str | None) -> None:
    from weekgen.model.written import written_date

    found = written_date(text, 2027)
    assert (found.isoformat() if found else None) == meant


@pytest.mark.parametrize(("text", "meant"), [
    ("14u30", "14:30"), ("14u", "14:00"), ("14 uur", "14:00"), ("14h30", "14:30"),
    ("9.30 uur", "09:30"), ("14:30u", "14:30"), ("25u", None), ("half drie", None),
])
def test_times_as_editors_write_them(text: str, meant: str | None) -> None:
    from weekgen.model.written import written_time

    found = written_time(text)
    assert (f"{found:%H:%M}" if found else None) == meant
