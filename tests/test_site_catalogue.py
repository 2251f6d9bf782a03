"""A site's own message catalogue, i18n/<language>.po: its words over the theme's, plurals too,
what wins beside site.yaml's texts:, a broken file, a text the theme never says, and a rebuild
after an edit. Fictional sites throughout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import headlines, hints, main_text, page, text

Build = Callable[..., tuple[int, str]]
MakeProject = Callable[..., Path]
Cli = Callable[..., tuple[int, str, str]]

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
# The theme's Dutch texts are the msgids, in every language.
OWN = HEADER + """\
msgid "Alle activiteiten"
msgstr "{all}"

msgid "%(count)s activiteit, dag voor dag."
msgid_plural "%(count)s activiteiten, dag voor dag."
msgstr[0] "{one}"
msgstr[1] "{many}"
"""
WORDS = {
    "nl": {"all": "Het hele programma", "one": "Eén afspraak: %(count)s.",
           "many": "%(count)s afspraken op een rij."},
    "en": {"all": "The whole programme", "one": "A single event: %(count)s.",
           "many": "%(count)s events in a row."},
}


def _site(language: str, extra: str = "") -> dict[str, str]:
    return {
        "content/site.yaml": (f"title: T\nbase_url: https://example.org/\nlanguage: {language}\n"
                              + extra),
        "content/2025/activities.yaml": "- title: Open dag\n  date: 2025-11-18\n",
        "content/2026/activities.yaml": ("- title: Open dag\n  date: 2026-11-17\n"
                                         "- title: Lezing\n  date: 2026-11-18\n"),
    }


def _menu(public: Path, year: int) -> list[str]:
    return [text(a) for a in page(public, f"/{year}/").xpath("//ul[@class='week-menu']//a")]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_site_catalogue_overrides_a_text_and_a_plural(
        make_project: MakeProject, build: Build, language: str) -> None:
    words = WORDS[language]
    project = make_project({**_site(language), f"i18n/{language}.po": OWN.format(**words)})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    assert err.count("warning") == 0, err
    public = project / "public"
    assert words["all"] in _menu(public, 2026)
    one = main_text(page(public, "/2025/activiteiten/"))
    many = main_text(page(public, "/2026/activiteiten/"))
    assert words["one"].replace("%(count)s", "1") in one
    assert words["many"].replace("%(count)s", "2") in many
    theirs = "activiteiten, dag voor dag" if language == "nl" else "activities, day by day"
    assert theirs not in many


def test_without_a_catalogue_the_theme_speaks(make_project: MakeProject, build: Build) -> None:
    """The other language's file is not this site's: an English site reads no nl.po."""
    project = make_project({**_site("en"), "i18n/nl.po": OWN.format(**WORDS["nl"])})
    assert build(project, "--today", "2026-11-01")[0] == 0
    assert "All activities" in _menu(project / "public", 2026)
    assert "2 activities, day by day." in main_text(page(project / "public", "/2026/activiteiten/"))


def test_texts_in_site_yaml_win_over_the_catalogue(make_project: MakeProject,
                                                    build: Build) -> None:
    """For the one text both give; the catalogue's other texts still count."""
    project = make_project({
        **_site("nl", 'texts:\n  "Alle activiteiten": "Volgens site.yaml"\n'),
        "i18n/nl.po": OWN.format(**WORDS["nl"])})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    menu = _menu(project / "public", 2026)
    assert "Volgens site.yaml" in menu and WORDS["nl"]["all"] not in menu
    assert "2 afspraken op een rij." in main_text(page(project / "public", "/2026/activiteiten/"))


def test_the_site_s_words_are_escaped(make_project: MakeProject, build: Build) -> None:
    project = make_project({**_site("nl"), "i18n/nl.po": OWN.format(
        all="<b>Alles</b>", one="x", many="y")})
    assert build(project, "--today", "2026-11-01")[0] == 0
    tree = page(project / "public", "/2026/")
    assert "<b>Alles</b>" in _menu(project / "public", 2026)
    assert not tree.xpath("//ul[@class='week-menu']//b")


def test_a_fuzzy_or_empty_msgstr_leaves_the_theme_s_words(make_project: MakeProject,
                                                          build: Build) -> None:
    po = HEADER + ('#, fuzzy\nmsgid "Alle activiteiten"\nmsgstr "Nog niet af"\n\n'
                   'msgid "%(count)s activiteit, dag voor dag."\n'
                   'msgid_plural "%(count)s activiteiten, dag voor dag."\n'
                   'msgstr[0] "Eén."\nmsgstr[1] ""\n')
    project = make_project({**_site("nl"), "i18n/nl.po": po})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    assert "Alle activiteiten" in _menu(project / "public", 2026)
    assert "2 activiteiten, dag voor dag." in main_text(page(project / "public",
                                                             "/2026/activiteiten/"))
    assert "Eén." in main_text(page(project / "public", "/2025/activiteiten/"))


@pytest.mark.parametrize(("po", "where", "message"), [
    ('msgid "Alle activiteiten"\nmsgsrt "Alles"\n', "i18n/nl.po:2",
     "de catalogus is niet te lezen: Unknown or misformatted keyword"),
    ('msgid "Alle activiteiten"\n\nmsgid "Waar"\nmsgstr "Plek"\n', "i18n/nl.po:1",
     "de catalogus is niet te lezen: missing msgstr for msgid 'Alle activiteiten'"),
    ('msgid "Waar"\nmsgstr "Plek\n', "i18n/nl.po:2:8", "de tekst is niet afgesloten"),
])
def test_a_broken_catalogue_is_an_error_with_its_line(
        make_project: MakeProject, build: Build, po: str, where: str, message: str) -> None:
    project = make_project({**_site("nl"), "i18n/nl.po": po})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 1
    assert headlines(err) == [f"{where}: {message}"]
    assert not (project / "public").exists()


def test_a_text_the_theme_never_says_is_a_warning_with_a_suggestion(
        make_project: MakeProject, build: Build, cli: Cli) -> None:
    po = HEADER + 'msgid "Alle activitieten"\nmsgstr "Ons programma"\n'
    project = make_project({**_site("nl"), "i18n/nl.po": po})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 0, err
    assert headlines(err) == ['i18n/nl.po:5: waarschuwing: het thema zegt nergens '
                              '"Alle activitieten", dus deze tekst verandert niets']
    assert hints(err) == ['bedoel je "Alle activiteiten"?']
    assert cli("check", "--source", str(project), "--today", "2026-11-01", "--strict")[0] == 1


@pytest.mark.parametrize(("words", "message", "hint"), [
    ("100% zeker", 'de woorden voor "Alle activiteiten" kunnen niet worden ingevuld: unsupported '
     "format character 'z' (0x7a) at index 5", "typ een procentteken twee keer: %%"),
    ("%(aantal)s", 'de woorden voor "Alle activiteiten" gebruiken %(aantal)s, maar het thema vult '
     "dat niet in", "deze tekst wordt ingevuld met: -"),
])
def test_words_the_theme_cannot_fill_in_are_an_error_at_their_line(
        make_project: MakeProject, build: Build, words: str, message: str, hint: str) -> None:
    """Every text is %-formatted, its values filled in: else each page that says it would fail,
    blamed on a template. In the catalogue and in texts: alike."""
    po = HEADER + f'msgid "Alle activiteiten"\nmsgstr "{words}"\n'
    project = make_project({**_site("nl", f'texts:\n  "Bedankt": "{words}"\n'), "i18n/nl.po": po})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 1
    in_yaml = message.replace("Alle activiteiten", "Bedankt")
    assert headlines(err) == [f"content/site.yaml:5:3: {in_yaml}", f"i18n/nl.po:5: {message}"]
    assert hints(err) == [hint, hint]


def test_a_plural_is_filled_in_with_its_count(make_project: MakeProject, build: Build) -> None:
    po = HEADER + ('msgid "%(count)s activiteit, dag voor dag."\n'
                   'msgid_plural "%(count)s activiteiten, dag voor dag."\n'
                   'msgstr[0] "Eén."\nmsgstr[1] "%(count)s of %(aantal)s."\n')
    project = make_project({**_site("nl"), "i18n/nl.po": po})
    code, err = build(project, "--today", "2026-11-01")
    assert code == 1
    assert headlines(err) == ['i18n/nl.po:5: de woorden voor "%(count)s activiteit, dag voor '
                              'dag." gebruiken %(aantal)s, maar het thema vult dat niet in']
    assert hints(err) == ["deze tekst wordt ingevuld met: %(count)s"]
