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
import io
import re
import struct
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

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


# One message of a catalogue: its ids (one, or the text and its plural), its strings (one per
# plural form) and whether it is fuzzy; the header is the message whose id is "".
Entry = tuple[tuple[str, ...], tuple[str, ...], bool]


@functools.lru_cache(maxsize=8)
def _catalog(language: str) -> list[Entry] | None:
    """The .po file of `language` (None for a language weekgen has none for): the templates'
    texts and the tools', read once for both. Read here, not by Babel: every build that says a
    text reads it, and Babel took seven times as long (and its import as long again) for a
    file weekgen writes itself (tools/catalogs.py), in the plain form gettext's tools do. A
    site's own catalogue, written by hand, is Babel's to read (`read_site_catalogue`)."""
    path = CATALOGS / language / "LC_MESSAGES" / "weekgen.po"
    if not path.is_file():
        return None
    return _read_po(path.read_text(encoding="utf-8"))


_PO_ESCAPE = re.compile(r'\\([\\abfnrtv"])')
_PO_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _po_string(quoted: str) -> str:
    """A quoted .po string's text (Babel's `unescape`)."""
    inner = quoted.strip()[1:-1]
    if "\\" not in inner:
        return inner
    return _PO_ESCAPE.sub(lambda m: _PO_ESCAPES.get(m[1], m[1]), inner)


def _read_po(text: str) -> list[Entry]:
    """The messages of a .po file as Babel reads them, obsolete ones (`#~`) left out."""
    entries: list[Entry] = []
    fields: dict[str, list[str]] = {}  # 'msgid', 'msgid_plural', 'msgstr', 'msgstr[0]', ...
    last: list[str] | None = None
    fuzzy = False

    def done() -> None:
        nonlocal fuzzy
        if "msgid" in fields:
            ids: tuple[str, ...] = ("".join(fields["msgid"]),)
            if "msgid_plural" in fields:
                ids += ("".join(fields["msgid_plural"]),)
                forms = sorted((int(k[7:-1]), "".join(v)) for k, v in fields.items()
                               if k.startswith("msgstr["))
                strings = tuple(s for _, s in forms)
            else:
                strings = ("".join(fields.get("msgstr", [])),)
            entries.append((ids, strings, fuzzy))
        fields.clear()
        fuzzy = False

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):  # a comment begins the next one
                done()
            if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                fuzzy = True
            continue
        if line.startswith('"'):
            if last is not None:
                last.append(_po_string(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt":
            raise ValueError("weekgen's catalogues have no msgctxt")
        if keyword == "msgid" and any(k.startswith("msgstr") for k in fields):
            done()
        last = fields[keyword] = [_po_string(rest)]
    done()
    return entries


def _mo(entries: list[Entry]) -> bytes:
    """The entries as a compiled .mo file, as Babel's `write_mo` makes it: fuzzy and untranslated
    messages left out, an empty plural form shown as its msgid (or plural)."""
    rows: list[tuple[bytes, bytes]] = []
    for ids, strings, fuzzy in entries:
        if ids == ("",):  # the header, always
            rows.append((b"", strings[0].encode()))
            continue
        if fuzzy or not strings or (len(ids) == 1 and not strings[0]):
            continue
        if len(ids) > 1:
            shown = [s or ids[min(i, 1)] for i, s in enumerate(strings)]
            rows.append(("\0".join(ids).encode(), "\0".join(shown).encode()))
        else:
            rows.append((ids[0].encode(), strings[0].encode()))
    rows.sort()
    keys = b"".join(k + b"\0" for k, _ in rows)
    values = b"".join(v + b"\0" for _, v in rows)
    start = 7 * 4 + 16 * len(rows)
    offsets: list[int] = []
    at = 0
    for k, _ in rows:
        offsets += [len(k), start + at]
        at += len(k) + 1
    at = 0
    for _, v in rows:
        offsets += [len(v), start + len(keys) + at]
        at += len(v) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(rows), 7 * 4, 7 * 4 + len(rows) * 8, 0, 0)
    return header + struct.pack(f"{len(offsets)}i", *offsets) + keys + values


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
    """The catalogue of `language`, compiled in memory (there is no compiled .mo file to forget,
    in git or in an installed package); an unknown language: the texts as written."""
    catalog = _catalog(language)
    if catalog is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_mo(catalog)))


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
    ids: set[str] = set()
    for message_ids, _, _ in _catalog("nl") or ():
        ids.update(message_ids)
    ids.discard("")
    return frozenset(ids)


@functools.lru_cache(maxsize=1)
def interface_values() -> dict[str, frozenset[str]]:
    """The values each text of the theme is filled in with (`%(count)s`), by text: those of the
    text and of its plural, as a template gives them to both."""
    values: dict[str, frozenset[str]] = {}
    for ids, _, _ in _catalog("nl") or ():
        names = frozenset(n for i in ids for n in re.findall(r"%\((\w+)\)", i))
        values.update(dict.fromkeys(ids, names))
    values.pop("", None)
    return values
