"""Files for editors to start from: `weekgen new year` and `weekgen schema`.

This module writes into the site's own folders, so it is careful: a new year's folder is made only
when it does not exist yet (never overwritten), and every file is written whole or not at all
(a temporary file beside it, then renamed over it). The texts themselves come from pure functions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from weekgen.editor import schema
from weekgen.errors import Problems, UsageError
from weekgen.messages import N_, Texts, tool_texts
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig
from weekgen.read.records import read_site_config
from weekgen.read.sources import compose_yaml, read_source

SCHEMA_DIR = "schemas"
DAYS = {"nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MONTHS = {"nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                 "september", "oktober", "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")}


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all; a new file gets the usual permissions (0666 - umask),
    a replaced one keeps its own."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _long(day: date, language: str) -> str:
    days, months = DAYS.get(language, DAYS["en"]), MONTHS.get(language, MONTHS["en"])
    return f"{days[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"


def site_config(root: Path) -> SiteConfig | None:
    """The site's settings, for the campaign's rule and word; None when there is no site.yaml.
    Refuses (UsageError) a site.yaml with errors: the new year would get the wrong dates."""
    rel = "content/site.yaml"
    if not (root / rel).is_file():
        return None
    problems = Problems()
    source = read_source(root, rel, problems)
    node = compose_yaml(source, problems) if source is not None else None
    config = read_site_config(node, rel, problems) if not problems.errors else None
    if problems.errors:
        first = problems.errors[0]
        raise UsageError(N_("{where}: {message}; weekgen new takes the campaign's dates from "
                            "site.yaml: correct it first (weekgen build shows every problem)")
                         .format(where=str(first.position), message=first.message))
    return config


def year_files(year: int, schema_dir: str = f"../../{SCHEMA_DIR}",
               config: SiteConfig | None = None) -> dict[str, str]:
    """The files of a new year's folder, by name: week.yaml, index.md, activities.yaml.

    Each YAML file starts with the line that gives editors the schema (`schema_dir` relative to
    content/<year>/). Everything in them builds as it is: placeholders are left empty or are
    comments, and the introduction is a draft until its text is written. The dates are those of
    the campaign's rule (`config`, site.yaml); the comments are in the site's language."""
    config = config or SiteConfig(title="")
    say = tool_texts(config.language)
    start, end = calendar.default_dates(year, config.rule)
    values = {"word": config.edition_word, "year": year, "start": start.isoformat(),
              "end": end.isoformat(), "first": _long(start, config.language),
              "last": _long(end, config.language),
              "rule": say(N_("the week of {day}"), day=config.rule_text or "20 november")
              if config.rule.week_of else config.rule_text}
    example = start + timedelta(days=1) if start != end else start
    week = (schema.modeline(f"{schema_dir}/{schema.FILES['week.yaml']}")
            + _lines(say, WEEK_YAML, values))
    index = _lines(say, INDEX_MD, values)
    activities = (schema.modeline(f"{schema_dir}/{schema.FILES['activities.yaml']}")
                  + _lines(say, ACTIVITIES_YAML, {**values, "example": example.isoformat()}))
    return {"week.yaml": week, "index.md": index, "activities.yaml": activities}


def _lines(say: Texts, lines: tuple[str, ...], values: dict[str, object]) -> str:
    """The lines of a new file, each said in the site's language and filled in."""
    return "".join(say(line, **values) + "\n" for line in lines)


# The first files of a year, line by line: a line is a text of the catalogues, or a line of YAML
# that is the same in every language (keys and values weekgen reads).
WEEK_YAML = (
    N_("# The {word} of {year}: from {first} to {last},"),
    N_("# by the rule in site.yaml: {rule}. weekgen works those days out itself;"),
    N_("# switch start and end on (remove the #) only when the {word} falls on other"),
    N_("# days this year."),
    "# start: {start}",
    "# end: {end}",
    "",
    N_('theme: ""       # this year\'s theme, e.g. "ik maak het verschil"'),
    N_("hashtags: []    # this year's hashtags, without #, e.g. [ikmaakhetverschil]"),
    "# explanation: |",
    N_("#   A short explanation of the theme, in Markdown."),
)
INDEX_MD = (
    "---",
    N_("title: The {word} of {year}"),
    N_("summary: One or two sentences about this year's {word}."),
    N_("draft: true    # remove this line once the text below is done"),
    "---",
    N_("Write the introduction of {year} here: the theme, and what you want to tell visitors."),
)
ACTIVITIES_YAML = (
    N_("# The activities of {year}. Each activity starts with '- title:'; only title and"),
    N_("# date are needed. An example (remove the # at the start of the lines):"),
    "#",
    N_("# - title: Open afternoon at the neighbourhood team"),
    N_("#   date: {example}         # YYYY-MM-DD"),
    N_('#   start_time: "14:00"      # HH:MM, in quotes'),
    '#   end_time: "16:00"',
    N_("#   region: Voorbeeldstad    # a place or region; landelijk for the whole country"),
    N_("#   organiser: Neighbourhood team Voorbeeldstad"),
    "#   kind: meeting",
    "#   url: https://www.example.org/open-middag",
    "#   description: |",
    N_("#     What there is to do, in **Markdown**."),
)


def new_year(root: Path, year: int) -> list[Path]:
    """Make content/<year>/ with its first files; the files made, the schemas included.

    Refuses (UsageError) when the folder exists, even empty: nothing is ever overwritten."""
    config = site_config(root)  # before the folder: a bad site.yaml leaves nothing behind
    folder = root / "content" / str(year)
    try:
        folder.mkdir()  # fails when it exists: the check and the making are one step
    except FileExistsError:
        raise UsageError(N_("content/{year}/ already exists; weekgen new never overwrites "
                            "anything: edit the files in it instead").format(year=year)) from None
    made = []
    for name, text in year_files(year, config=config).items():
        path = folder / name
        write_atomically(path, text.encode("utf-8"))
        made.append(path)
    made.extend(write_schemas(root / SCHEMA_DIR, only_missing=True, config=config))
    return made


def write_schemas(out: Path, only_missing: bool = False,
                  config: SiteConfig | None = None) -> list[Path]:
    """Write the JSON Schemas into `out`; the files that were written (unchanged ones are not
    touched, and with `only_missing` existing ones are left as they are)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, value in schema.schemas(config).items():
        path = out / name
        data = schema.schema_text(value).encode("utf-8")
        if path.exists() and (only_missing or path.read_bytes() == data):
            continue
        write_atomically(path, data)
        written.append(path)
    return written
