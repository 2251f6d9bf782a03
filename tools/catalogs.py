"""Refresh weekgen's message catalogs from the templates: a tool for developers, not shipped.

    python tools/catalogs.py          update src/weekgen/i18n/<lang>/LC_MESSAGES/weekgen.po,
                                      and compile each into weekgen.mo beside it
    python tools/catalogs.py --check  only say what is out of date (exit 1 if anything is)

The templates' texts are Dutch: `{{ _("Naar de inhoud") }}` and `{% trans %}` blocks are found with
Babel's Jinja extractor. So are the preview's, `texts._("Sluiten")` in src/weekgen/preview/*.py,
found with Babel's Python extractor. The Dutch catalog copies each text; the English one keeps its
translations and gets an empty one for each new text, to fill in by hand (a test fails until it
is). Texts no longer in the templates or the preview are dropped. Each catalog is compiled with
Babel into the weekgen.mo beside it, which weekgen reads with Python's own gettext (every build
that says a text reads it: Babel's import and compiling took most of a small rebuild's time).
After translating a text by hand, run it again: a test fails while a .mo is not the .po's.

The tools' own texts (command line, import report, `new year`, the JSON Schemas) are English, in
the code: each marked `N_("...")` or `texts.plural("...", "...", n)` in src/weekgen, and the help of
every field. For them it is the other way round: the English catalog copies each text and the Dutch
one is filled in by hand.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "templates"
SOURCES = REPO / "src" / "weekgen"
PREVIEW = SOURCES / "preview"
CATALOGS = REPO / "src" / "weekgen" / "i18n"
LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "nl"
DOMAIN = "weekgen"
FIXED_DATE = datetime(2021, 11, 15, tzinfo=UTC)  # no clock in the catalogs

# The same settings as weekgen's Jinja environment (render.py), so that the texts are the same.
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true",
                 "newstyle_gettext": "true", "silent": "false"}


def catalog_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(language: str) -> bytes:
    """The language's .po file as the .mo file weekgen reads (fuzzy texts left out)."""
    out = io.BytesIO()
    write_mo(out, read(language))
    return out.getvalue()


def extract(templates: Path = TEMPLATES, code: Path | None = PREVIEW) -> Catalog:
    """Every text of the templates and of the preview's pages, with where it is used."""
    found = Catalog(project="weekgen", domain=DOMAIN, charset="utf-8")
    messages = extract_from_dir(str(templates), [("**.html", "jinja2.ext:babel_extract")],
                                {"**.html": JINJA_OPTIONS})
    for filename, lineno, message, comments, context in messages:
        found.add(message, None, [(f"templates/{filename}", lineno)], auto_comments=comments,
                  context=context)
    if code is None:
        return found
    # The preview's error page, warnings panel and time-travel bar: `texts._("...")` and
    # `texts.ngettext("...", "...", n)` in its modules (not inside an f-string: not found there).
    shown = code.relative_to(REPO).as_posix() if code.is_relative_to(REPO) else code.as_posix()
    in_code = extract_from_dir(str(code), [("**.py", "python")],
                               keywords={"_": None, "ngettext": (1, 2)})
    for filename, lineno, message, comments, context in in_code:
        found.add(message, None, [(f"{shown}/{filename}", lineno)], auto_comments=comments,
                  context=context)
    return found


CODE_LANGUAGE = "en"
CODE_KEYWORDS = {"N_": None, "plural": (1, 2)}


def is_code_text(locations: list[tuple[str, int | None]]) -> bool:
    """Written in the code (English), not in a template or the preview's pages (Dutch)."""
    return any(path.startswith("src/") and not path.startswith("src/weekgen/preview/")
               for path, _ in locations)


def extract_code(sources: Path = SOURCES) -> Catalog:
    """The tools' texts: those marked in the code, and every field's help."""
    found = Catalog(project="weekgen", domain=DOMAIN, charset="utf-8")
    messages = extract_from_dir(str(sources), [("**.py", "python")], keywords=CODE_KEYWORDS,
                                comment_tags=())
    for filename, lineno, message, _comments, context in messages:
        found.add(message, None, [(f"src/weekgen/{filename}", lineno)], context=context)
    for where, fields in _field_lists():
        for text in _helps(fields):
            found.add(text, None, [(where, None)])
    return found


def _field_lists() -> list[tuple[str, tuple[object, ...]]]:
    sys.path.insert(0, str(REPO / "src"))
    from weekgen.model import config, content

    return [("src/weekgen/model/config.py", config.SITE_FIELDS),
            ("src/weekgen/model/config.py", config.WEEK_FIELDS),
            ("src/weekgen/model/content.py", content.ACTIVITY_FIELDS)]


def _helps(fields: tuple[object, ...]) -> list[str]:
    out: list[str] = []
    for field in fields:
        out.append(field.help)  # type: ignore[attr-defined]
        out.extend(_helps(field.item_fields))  # type: ignore[attr-defined]
    return out


def read(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.is_file():
        return Catalog(locale=language, project="weekgen", domain=DOMAIN, charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def updated(language: str, template: Catalog) -> Catalog:
    """The language's catalog with exactly the template's texts; translations kept."""
    old = read(language)
    new = Catalog(locale=language, project="weekgen", domain=DOMAIN, charset="utf-8",
                  fuzzy=False)
    for message in template:
        if not message.id:
            continue
        known = old.get(message.id, message.context)
        source = CODE_LANGUAGE if is_code_text(message.locations) else SOURCE_LANGUAGE
        if language == source:
            string = message.id
        elif known is not None and not known.fuzzy:
            string = known.string
        else:
            string = ("", "") if isinstance(message.id, tuple) else ""
        new.add(message.id, string, message.locations, auto_comments=message.auto_comments,
                context=message.context)
    return new


def po_text(catalog: Catalog) -> bytes:
    """The .po file, stable from run to run: no dates, files without line numbers."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, include_lineno=False,
             sort_by_file=False, ignore_obsolete=True)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing, exit 1 if stale")
    args = parser.parse_args(argv)
    template = extract()
    for message in extract_code():
        if message.id and message.id not in template:
            template.add(message.id, None, message.locations, context=message.context)
    stale = []
    for language in LANGUAGES:
        path = catalog_path(language)
        text = po_text(updated(language, template))
        if path.is_file() and path.read_bytes() == text:
            continue
        stale.append(path.relative_to(REPO).as_posix())
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
    for language in LANGUAGES:
        mo = catalog_path(language).with_suffix(".mo")
        data = compiled(language)
        if mo.is_file() and mo.read_bytes() == data:
            continue
        stale.append(mo.relative_to(REPO).as_posix())
        if not args.check:
            mo.write_bytes(data)
    verb = "out of date" if args.check else "updated"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
