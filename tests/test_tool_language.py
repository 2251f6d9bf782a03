"""The tools speak the site's language: the problems in the content, `weekgen --help` and
argparse's own errors are Dutch on a Dutch site (the default) and English on an English one,
from the same catalogues as the site; `Problem.message` itself stays English."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from site_helpers import REPO, headlines, hints
from weekgen import arguments
from weekgen.engine import store
from weekgen.errors import Position, Problem
from weekgen.messages import said, tool_texts
from weekgen.read.fields import _date as read_date
from weekgen.wording import N_, Text

Cli = Callable[..., tuple[int, str, str]]
MakeProject = Callable[..., Path]

ACTIVITIES = "content/2021/activities.yaml"
PAGE = "content/2021/meedoen.md"
FILES = {
    ACTIVITIES: "- title: Open dag\n  date: 2021-13-01\n"
                "- title: Lezing\n  date: 2021-11-16\n  organizer: Gemeente\n",
    PAGE: "---\ntitle: Meedoen\n---\nZie [het programma](/2021/programa/).\n",
    "content/2021/notities.txt": "x",
}


def site(make_project: MakeProject, language: str | None) -> Path:
    line = f"language: {language}\n" if language else ""
    return make_project({"content/site.yaml": f"title: Testweek\n{line}", **FILES})


@pytest.mark.parametrize("language", [None, "nl"])
def test_the_problems_of_a_dutch_site_are_said_in_dutch(make_project: MakeProject, cli: Cli,
                                                        language: str | None) -> None:
    project = site(make_project, language)
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1, err
    assert headlines(err) == [
        "content/2021/activities.yaml:2:9: 'date' 2021-13-01 is geen datum",
        "content/2021/activities.yaml:5:3: onbekende sleutel 'organizer' in deze activiteit",
        "content/2021/meedoen.md:4:21: link naar /2021/programa/ leidt nergens heen",
        "content/2021/notities.txt: waarschuwing: overgeslagen: geen pagina (.md), week.yaml, "
        "activities.yaml of afbeelding/pdf",
    ]
    assert hints(err)[:2] == [
        "die dag bestaat niet; schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2021-11-16",
        "bedoel je 'organiser'?",
    ]
    assert "\n    tip: " in err and "hint" not in err
    assert err.rstrip().endswith("weekgen: 3 fouten in de inhoud; er is niets geschreven")


def test_the_problems_of_an_english_site_are_said_in_english(make_project: MakeProject,
                                                             cli: Cli) -> None:
    project = site(make_project, "en")
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", "--no-cache")
    assert code == 1, err
    assert headlines(err) == [
        "content/2021/activities.yaml:2:9: 'date' 2021-13-01 is not a date",
        "content/2021/activities.yaml:5:3: unknown key 'organizer' in this activity",
        "content/2021/meedoen.md:4:21: link to /2021/programa/ goes nowhere",
        "content/2021/notities.txt: warning: ignored: not a page (.md), week.yaml, "
        "activities.yaml or an image/PDF",
    ]
    assert hints(err)[:2] == [
        "that day does not exist; write a date as YYYY-MM-DD, e.g. 2021-11-16",
        "did you mean 'organiser'?",
    ]
    assert "\n    hint: " in err


def test_a_problem_is_english_until_it_is_said() -> None:
    """The core makes its problems in English (what the tests of the model read); the marked
    text remembers its template, its values said too."""
    _, hint = read_date("2021-13-01", None)  # type: ignore[arg-type]
    assert hint == "that day does not exist; write a date as YYYY-MM-DD, e.g. 2027-11-16"
    assert isinstance(hint, Text)
    assert said(hint, tool_texts("nl")) == ("die dag bestaat niet; schrijf een datum als "
                                            "JJJJ-MM-DD, bijvoorbeeld 2027-11-16")
    assert said(hint, tool_texts("en")) == hint
    assert said("a file's own name", tool_texts("nl")) == "a file's own name"


def test_a_marked_problem_survives_the_cache_and_the_workers() -> None:
    """Problems are pickled by the workers and kept in the cache: their texts stay Texts, and
    the cache's own unpickler (which makes only weekgen's records) lets them in."""
    text = N_("'{field}' {value} is not a date").format(field="date", value="2021-13-01")
    problem = Problem(Position(ACTIVITIES, 2, 9), text, N_("nest less deeply"))
    for back in (pickle.loads(pickle.dumps(problem)), store.loads(pickle.dumps(problem))):
        assert back == problem
        assert isinstance(back.message, Text) and isinstance(back.hint, Text)
        assert said(back.message, tool_texts("nl")) == "'date' 2021-13-01 is geen datum"


# --- the command line itself -------------------------------------------------------------------

def project_in(make_project: MakeProject, language: str) -> Path:
    return make_project({"content/site.yaml": f"title: Testweek\nlanguage: {language}\n"})


def test_the_help_of_a_dutch_site_is_dutch(make_project: MakeProject, cli: Cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_in(make_project, "nl"))  # no --source: the site here
    code, out, _ = cli("--help")
    assert code == 0
    assert out.startswith("gebruik: weekgen [-h] [--version] OPDRACHT ...\n")
    assert "\nopties:\n  -h, --help  toon deze hulptekst en stop\n" in out
    assert "\nopdrachten:\n" in out and "build     maak de site in public/" in out
    assert "usage" not in out and "options" not in out
    code, out, _ = cli("build", "--help")
    assert code == 0
    assert out.startswith("gebruik: weekgen build [-h] [--source MAP] [--today JJJJ-MM-DD]")
    assert re.search(r"^  --drafts +neem conceptpagina's mee$", out, re.M)


def test_the_help_of_an_english_site_is_english(make_project: MakeProject, cli: Cli) -> None:
    project = project_in(make_project, "en")
    code, out, _ = cli("build", "--source", str(project), "--help")
    assert code == 0
    assert out.startswith("usage: weekgen build [-h] [--source FOLDER] [--today YYYY-MM-DD]")
    assert "\noptions:\n  -h, --help " in out and "show this help message and exit" in out
    assert re.search(r"^  --drafts +include draft pages$", out, re.M)
    # the language is known from --source however argparse lets it be written
    for source in (["--source=" + str(project)], ["--sour", str(project)]):
        assert cli("build", *source, "--help")[1].startswith("usage: ")


@pytest.mark.parametrize(("language", "argv", "message"), [
    ("nl", ["import", "x.csv"], "deze argumenten zijn verplicht: --year"),
    ("nl", ["bild"], "argument OPDRACHT: ongeldige keuze: 'bild' (kies uit 'build', 'check', "
                     "'serve', 'flips', 'import', 'new', 'schema')"),
    ("nl", ["build", "--today", "2021-13-01"],
     "argument --today: '2021-13-01' is geen datum (JJJJ-MM-DD)"),
    ("nl", ["build", "--today"], "argument --today: verwacht één argument"),
    ("nl", ["build", "--frobnicate"], "onbekende argumenten: --frobnicate"),
    ("en", ["import", "x.csv"], "the following arguments are required: --year"),
    ("en", ["bild"], "argument COMMAND: invalid choice: 'bild' (choose from 'build', 'check', "
                     "'serve', 'flips', 'import', 'new', 'schema')"),
    ("en", ["build", "--frobnicate"], "unrecognized arguments: --frobnicate"),
])
def test_argparses_errors_speak_the_sites_language(make_project: MakeProject, cli: Cli,
                                                   language: str, argv: list[str],
                                                   message: str) -> None:
    project = project_in(make_project, language)
    code, _, err = cli(*argv, "--source", str(project))
    assert code == 2
    see = "zie 'weekgen --help'" if language == "nl" else "see 'weekgen --help'"
    assert err == f"weekgen: {message}\nweekgen: {see}\n"


def test_a_site_yaml_that_cannot_be_read_leaves_the_help_in_the_default_language(
        make_project: MakeProject, cli: Cli) -> None:
    project = make_project({"content/site.yaml": "title: [niet dicht\n"})
    assert cli("--help", "--source", str(project))[0] == 0  # the top level has no --source
    code, out, _ = cli("check", "--source", str(project), "--help")
    assert code == 0 and out.startswith("gebruik: weekgen check")


def test_argparses_templates_are_its_own_words() -> None:
    """Each error recognised is written as this Python's argparse writes it: its templates,
    '%(name)s' and '%s' as '{name}'."""
    source = inspect.getsource(argparse)
    found = re.findall(r"""\b_\(\s*'([^']*)'""", source)
    for one, many in re.findall(r"""ngettext\(\s*'([^']*)',\s*'([^']*)'""", source):
        found += [one, many]
    written = {re.sub(r"%(\(\w+\))?[sr]", "{}", m) for m in found}
    for template in arguments.ARGPARSE_ERRORS:
        assert re.sub(r"\{\w+\}", "{}", template) in written, template


def test_an_unknown_argparse_error_stays_as_it_is() -> None:
    assert arguments.error_text("a message of a newer argparse") == "a message of a newer argparse"
    known = arguments.error_text("argument --port: 'veel' is not a port: choose one from 1 to "
                                 "65535, such as 8000")
    assert said(known, tool_texts("nl")) == ("argument --port: 'veel' is geen poort: kies er een "
                                             "van 1 tot 65535, zoals 8000")


# --- the catalogues ------------------------------------------------------------------------------

def catalogs_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", REPO / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_problem_text_waits_for_its_dutch(tmp_path: Path) -> None:
    """A problem marked in the code comes into the Dutch catalogue untranslated, which
    test_i18n's check of every tool text then fails on, until it is translated."""
    tool = catalogs_tool()
    (tmp_path / "check.py").write_text(
        'problems.error(at, N_("\'{field}\' is a field nobody translated"))\n', "utf-8")
    template = tool.extract_code(tmp_path)
    found = tool.updated("nl", template).get("'{field}' is a field nobody translated")
    assert found is not None and found.string == ""
    assert tool.updated("en", template).get(found.id).string == found.id
