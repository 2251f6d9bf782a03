"""The site's own message catalogue: `i18n/<language>.po` beside content/ and templates/.

Its msgstrs are the site's words for the theme's texts, in the site's language, plurals too
(which site.yaml's `texts:` cannot give). The place: a catalogue is theme, not content, so it
sits at the top beside the site's own templates/ and static/, in a folder named as the theme's
(src/weekgen/i18n/); one flat file per language, as a source tree keeps them for translators
(GNU gettext's po/nl.po) and as Poedit opens them. The theme's deeper
<language>/LC_MESSAGES/weekgen.po is where a program installs compiled .mo files, and a site has
none: weekgen compiles its catalogues in memory.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from weekgen.errors import Position, Problems
from weekgen.messages import BrokenCatalogue, read_site_catalogue
from weekgen.model.config import OwnCatalogue, OwnText, SiteConfig
from weekgen.read.project import CATALOGUE_DIR
from weekgen.read.sources import SourceFile, read_source
from weekgen.wording import N_

# A line of a .po file that holds a string, and the string as it must be written: in double
# quotes, a quote or backslash inside escaped. Babel reads an unclosed string without a word and
# drops its last letter, so it is told here, where the line is known.
_STRING_LINE = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*(".*)')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def catalogue_path(language: str) -> str:
    """The site's catalogue of `language`, from the project's folder: 'i18n/nl.po'."""
    return f"{CATALOGUE_DIR}/{language}.po"


def with_catalogue(root: Path, config: SiteConfig, problems: Problems
                   ) -> tuple[SiteConfig, SourceFile | None]:
    """`config` with the site's catalogue of its language, when it has one, and the file read
    (to quote its lines when it has problems). A broken file is an error with its line."""
    rel = catalogue_path(config.language)
    if not (root / rel).is_file():
        return config, None
    source = read_source(root, rel, problems)
    if source is None:
        return config, None
    lines = source.text.splitlines()
    if not _strings_closed(rel, lines, problems):
        return config, source
    try:
        plural, messages = read_site_catalogue(lines, config.language)
    except BrokenCatalogue as exc:
        problems.error(Position(rel, exc.line),
                       N_("the catalogue cannot be read: {reason}").format(reason=str(exc)),
                       N_("each text is a msgid line, then its msgstr (or msgstr[0], msgstr[1] "
                          "after a msgid_plural), each string in double quotes"))
        return config, source
    texts = tuple(OwnText(ids[0], ids[1] if len(ids) > 1 else "", strings,
                          Position(rel, line))
                  for ids, strings, line in messages if any(strings))
    return dataclasses.replace(config, catalogue=OwnCatalogue(rel, plural, texts)), source


def _strings_closed(rel: str, lines: list[str], problems: Problems) -> bool:
    ok = True
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        found = _STRING_LINE.fullmatch(stripped)
        if found is not None and not _STRING.fullmatch(found.group(1)):
            column = line.index(found.group(1)) + 1
            problems.error(Position(rel, number, column), N_("the string is not closed"),
                           N_('end it with a double quote; write a quote inside it as \\"'))
            ok = False
    return ok
