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
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig
from weekgen.read.records import read_site_config
from weekgen.read.sources import compose_yaml, read_source

SCHEMA_DIR = "schemas"
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


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


def _long(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


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
        raise UsageError(f"{problems.errors[0]}; weekgen new takes the campaign's dates from "
                         "site.yaml: correct it first (weekgen build shows every problem)")
    return config


def year_files(year: int, schema_dir: str = f"../../{SCHEMA_DIR}",
               config: SiteConfig | None = None) -> dict[str, str]:
    """The files of a new year's folder, by name: week.yaml, index.md, activities.yaml.

    Each YAML file starts with the line that gives editors the schema (`schema_dir` relative to
    content/<year>/). Everything in them builds as it is: placeholders are left empty or are
    comments, and the introduction is a draft until its text is written. The dates are those of
    the campaign's rule (`config`, site.yaml)."""
    config = config or SiteConfig(title="")
    start, end = calendar.default_dates(year, config.rule)
    word = config.edition_word
    rule = f"de week van {config.rule_text or '20 november'}" if config.rule.week_of \
        else config.rule_text
    example = start + timedelta(days=1) if start != end else start
    week = (
        schema.modeline(f"{schema_dir}/{schema.FILES['week.yaml']}")
        + f"# De {word} van {year}: van {_long(start)} tot en met {_long(end)},\n"
        f"# volgens de regel in site.yaml: {rule}. weekgen rekent die dagen zelf uit;\n"
        f"# zet start en end alleen aan (haal de # weg) als de {word} dit jaar op andere\n"
        "# dagen valt.\n"
        f"# start: {start.isoformat()}\n"
        f"# end: {end.isoformat()}\n"
        "\n"
        'theme: ""       # het thema van dit jaar, bijvoorbeeld "ik maak het verschil"\n'
        "hashtags: []    # de hashtags van dit jaar, zonder #, bijvoorbeeld [ikmaakhetverschil]\n"
        "# explanation: |\n"
        "#   Een korte uitleg van het thema, in Markdown.\n"
    )
    index = (
        "---\n"
        f"title: De {word} van {year}\n"
        f"summary: Eén of twee zinnen over de {word} van dit jaar.\n"
        "draft: true    # haal deze regel weg zodra de tekst hieronder af is\n"
        "---\n"
        f"Schrijf hier de inleiding van {year}: het thema, en wat je de bezoeker wilt vertellen.\n"
    )
    activities = (
        schema.modeline(f"{schema_dir}/{schema.FILES['activities.yaml']}")
        + f"# De activiteiten van {year}. Elke activiteit begint met '- title:'; alleen title en\n"
        "# date zijn nodig. Een voorbeeld (haal de # aan het begin van de regels weg):\n"
        "#\n"
        "# - title: Open middag bij het wijkteam\n"
        f"#   date: {example.isoformat()}         # JJJJ-MM-DD\n"
        '#   start_time: "14:00"      # UU:MM, tussen aanhalingstekens\n'
        '#   end_time: "16:00"\n'
        "#   region: Voorbeeldstad    # een plaats of regio; landelijk voor het hele land\n"
        "#   organiser: Wijkteam Voorbeeldstad\n"
        "#   kind: meeting\n"
        "#   url: https://www.example.org/open-middag\n"
        "#   description: |\n"
        "#     Wat er te doen is, in **Markdown**.\n"
    )
    return {"week.yaml": week, "index.md": index, "activities.yaml": activities}


def new_year(root: Path, year: int) -> list[Path]:
    """Make content/<year>/ with its first files; the files made, the schemas included.

    Refuses (UsageError) when the folder exists, even empty: nothing is ever overwritten."""
    config = site_config(root)  # before the folder: a bad site.yaml leaves nothing behind
    folder = root / "content" / str(year)
    try:
        folder.mkdir()  # fails when it exists: the check and the making are one step
    except FileExistsError:
        raise UsageError(f"content/{year}/ already exists; weekgen new never overwrites "
                         "anything: edit the files in it instead") from None
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
