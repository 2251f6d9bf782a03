"""The tools' own sentences in the site's language: the command line, `weekgen import`'s report,
the comments of `weekgen new year` and the JSON Schemas' descriptions.

They live in the theme's message catalogues (`i18n/<language>/LC_MESSAGES/weekgen.po`), beside
the templates' texts. The templates' msgids are Dutch; these, written in the code, are English,
so the English catalogue copies them and the Dutch one translates them (`tools/catalogs.py` finds
each text marked with `N_`, and the help of every field). A text missing from a catalogue is
shown as it is written, in English.

A marked text is a `Text` (`weekgen.wording`, where the core marks its problems too): a str,
English, that remembers what it was made from when it is filled in (`.format`), so that the
modules that find a problem need not know the site's language: whoever shows it says it again in
that language (`said`), as gettext's lazy texts do.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

from weekgen.errors import Problem
from weekgen.wording import N_, Text

__all__ = ["N_", "Text", "Texts", "interface_texts", "said", "shown", "tool_texts",
           "translations"]

CATALOGS = Path(__file__).resolve().parent / "i18n"
DEFAULT_LANGUAGE = "nl"


def said(text: str, texts: Texts) -> str:
    """`text` in the language of `texts` when it is a `Text` (its values too); any other str as
    it is (a file's name, an error of the system)."""
    if not isinstance(text, Text):
        return text
    values = {k: said(v, texts) if isinstance(v, Text) else v for k, v in text.values.items()}
    return texts(text.template, **values) if values else texts(text.template)


def shown(problem: Problem, texts: Texts) -> str:
    """A problem as the command line prints it, in the language of `texts`: its message and
    hint said again, and 'warning', 'advice' and 'hint' in that language too."""
    labels = {"warning": texts(N_("warning")), "advice": texts(N_("advice")),
              "hint": texts(N_("hint"))}
    return replace(problem, message=said(problem.message, texts),
                   hint=said(problem.hint, texts)).shown(labels)


@functools.lru_cache(maxsize=8)
def _catalog(language: str) -> Catalog | None:
    """The .po file of `language` as Babel reads it (None for a language weekgen has none for):
    the theme's msgids, for checking a site's own texts. Its translations are read from the
    compiled .mo instead (`translations`)."""
    path = CATALOGS / language / "LC_MESSAGES" / "weekgen.po"
    if not path.is_file():
        return None
    from babel.messages.pofile import read_po  # (when a text is first said, not before)

    with path.open("rb") as f:
        return read_po(f, locale=language, domain="weekgen")


class BrokenCatalogue(ValueError):
    """A .po file Babel cannot read: what is wrong, and on which line (1-based; 0: unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


# One message of a site's catalogue: its ids (one, or the text and its plural), its strings (one
# per plural form) and the line of its msgid.
Message = tuple[tuple[str, ...], tuple[str, ...], int]


def read_site_catalogue(lines: list[str], language: str) -> tuple[str, list[Message]]:
    """A site's own .po file, as Babel reads it: its plural rule (its Plural-Forms, or the
    language's) and the messages it translates. Fuzzy ones are left out, as gettext does, and
    so is the header. Raises BrokenCatalogue."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(lines, locale=language, domain="weekgen", abort_invalid=True)
    except PoFileError as exc:
        raise BrokenCatalogue(str(exc).rsplit(" on ", 1)[0], exc.lineno + 1) from None
    except ValueError as exc:  # msgstr[x]: Babel's int() of the index
        raise BrokenCatalogue(str(exc), 0) from None
    found: list[Message] = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) \
            else tuple(message.string or ())
        found.append((ids, strings, message.lineno or 0))
    return catalog.plural_expr, found


@functools.lru_cache(maxsize=8)
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of `language`, as tools/catalogs.py compiles it (with Babel) beside its .po
    file, read by Python's own gettext: every build that says a text reads it, and Babel's
    import and compiling took most of a small rebuild's time. A test checks that each .mo is its
    .po's. An unknown language: the texts as written."""
    path = CATALOGS / language / "LC_MESSAGES" / "weekgen.mo"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        return gettext.GNUTranslations(f)


@functools.lru_cache(maxsize=8)
def tool_texts(language: str | None) -> Texts:
    return Texts(language or DEFAULT_LANGUAGE)


class Texts:
    """`texts(N_("{count} schemas written"), count=3)`: the translation, then filled in.

    The catalogue is read when the first text is said: a command that says nothing (a quiet
    build) does not pay for it. The language may be a function, asked then too (the command
    line's: it reads the site's settings)."""

    def __init__(self, language: str | Callable[[], str]) -> None:
        self._language = language

    @functools.cached_property
    def language(self) -> str:
        return self._language if isinstance(self._language, str) else self._language()

    @functools.cached_property
    def catalog(self) -> gettext.NullTranslations:
        return translations(self.language)

    def __call__(self, text: str, /, **values: object) -> str:
        found = self.catalog.gettext(text) if text else text  # "" is the catalogue's header
        return found.format(**values) if values else found

    def plural(self, one: str, many: str, count: int, /, **values: object) -> str:
        """One text for 1, the other for any other count; `count` is filled in too."""
        return self.catalog.ngettext(one, many, count).format(count=count, **values)


@functools.lru_cache(maxsize=1)
def interface_texts() -> frozenset[str]:
    """Every text the theme says, as the catalogues name it (the templates' Dutch wording):
    what a site's `texts:` may give its own words for."""
    catalog = _catalog("nl")
    ids: set[str] = set()
    for message in catalog or ():
        ids.update([message.id] if isinstance(message.id, str) else message.id)
    ids.discard("")
    return frozenset(ids)


@functools.lru_cache(maxsize=1)
def interface_values() -> dict[str, frozenset[str]]:
    """The values each text of the theme is filled in with (`%(count)s`), by text: those of the
    text and of its plural, as a template gives them to both."""
    values: dict[str, frozenset[str]] = {}
    for message in _catalog("nl") or ():
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        names = frozenset(n for i in ids for n in re.findall(r"%\((\w+)\)", i))
        values.update(dict.fromkeys(ids, names))
    values.pop("", None)
    return values
