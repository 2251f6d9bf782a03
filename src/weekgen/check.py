"""The check stage: what can be wrong across the site once every output is planned.

Pictures that pages name and links in the Markdown to pages of the site that do not exist
(relative ones too, resolved as the pages will show them), each reported with its place. What
makes it fast (the texts' HTML from the cache or on every core, a year's linking texts kept) is
the engine's, asked through `Checking`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from weekgen.errors import Position, Problems
from weekgen.formats import seo
from weekgen.messages import interface_texts, interface_values
from weekgen.model import links
from weekgen.model.site import ACROSS, OVERVIEW, TAXONOMIES, Site, Week
from weekgen.plan import Output
from weekgen.read.load import Inputs
from weekgen.read.theme import Theme
from weekgen.wording import N_


class Checking(Protocol):
    """What the check asks of the engine."""

    problems: Problems

    def html_of(self, texts: Iterable[str]) -> dict[str, str]:
        """The sanitised HTML of these Markdown texts."""

    def linking_texts(self, week: Week) -> list[links.Text]:
        """A year's texts that may hold links (links.week_texts)."""

    def source_text(self, rel: str) -> str | None:
        """A content file's text, to find a link's line in it."""


def check(site: Site, inputs: Inputs, outputs: Sequence[Output], theme: Theme,
          run: Checking) -> None:
    run.problems.extend(seo.check_images(site, inputs.assets))
    check_texts(site, run.problems)
    texts = [t for w in site.weeks for t in run.linking_texts(w)]
    texts += [links.page_text(p) for p in site.pages if links.may_link(p.body)]
    if not texts:
        return
    paths = {o.path for o in outputs} | set(theme.files(inputs.assets))
    pages = [p for year in inputs.pages.values() for p in year]
    links.check_links(texts, run.html_of, paths, links.later_pages(site, pages),
                      site.config.base_path, run.source_text, run.problems,
                      links.page_files(site, [*pages, *inputs.site_pages]),
                      unsure=_unsure(run.problems))


def _unsure(problems: Problems) -> tuple[str, ...]:
    """The output folders whose pages may be missing because a content file has an error: the
    activities' and their groups' for a year's activities file, a page's own for a page, the
    whole year for its week.yaml. The build goes on to this check after such errors, so that
    one run reports them all, but a link into what did not load is not wrong for that."""
    found = set()
    for problem in problems.errors:
        parts = problem.position.path.split("/")
        if parts[0] != "content" or len(parts) < 2:
            continue
        if len(parts) == 2 and parts[1].endswith(".md"):  # a page of the whole site
            found.add(parts[1].removesuffix(".md") + "/")
        elif len(parts) > 2 and parts[1].isdigit():
            year, name = parts[1], parts[2]
            if name.startswith("activities"):  # activities.yaml or activities/
                folders = (OVERVIEW, *(t.slug for t in TAXONOMIES))
                found.update(f"{year}/{folder}/" for folder in folders)
                found.update(f"{folder}/" for folder in ACROSS.values())
            elif name.endswith(".md") and len(parts) == 3:
                found.add(f"{year}/{name.removesuffix('.md')}/")
            else:
                found.add(f"{year}/")
    return tuple(sorted(found))


def check_texts(site: Site, problems: Problems) -> None:
    """A `texts:` line (or a message of the site's catalogue) whose text the theme never says
    changes nothing: the visitor still reads the theme's words (usually a typo, or a text from
    an older version of the theme). One it does say must be filled in as the theme's is."""
    config = site.config
    places = config.texts_at or (Position("content/site.yaml"),) * len(config.texts)
    given: list[tuple[str, str, tuple[str, ...], Position]] = [
        ("'texts': ", text, (words,), where)
        for (text, words), where in zip(config.texts, places, strict=False)]
    if config.catalogue is not None:
        given += [("", t.text, t.words, t.at or Position(config.catalogue.path))
                  for t in config.catalogue.texts]
    if not given:
        return  # (the theme's texts are read from its .po file, with Babel, only for these)
    known = interface_texts()
    for label, text, words, where in given:
        if text in known:
            _check_values(text, words, interface_values().get(text, frozenset()), where,
                          problems)
            continue
        close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
        hint = N_('did you mean "{text}"?').format(text=close[0]) if close else \
            N_("copy the text as the theme writes it, from "
               "src/weekgen/i18n/nl/LC_MESSAGES/weekgen.po")
        if label:
            message = N_('\'texts\': the theme has no text "{text}", so this line changes '
                         "nothing")
        else:
            message = N_('the theme has no text "{text}", so this text changes nothing')
        problems.warning(where, message.format(text=text), hint)


class _Filled(dict[str, object]):
    """Any value a text may be filled in with, to see whether a site's words can be."""

    def __missing__(self, key: str) -> object:
        return 1


def _check_values(text: str, words: Iterable[str], values: frozenset[str], where: Position,
                  problems: Problems) -> None:
    """The site's words for a text are filled in as the theme's are (`%(count)s`, and every
    text %-formatted, so a lone % breaks it): a word it cannot fill in would fail every page
    that says it, blamed on the template."""
    shown = ", ".join(f"%({v})s" for v in sorted(values)) or "-"
    for word in words:
        try:
            word % _Filled()
        except (ValueError, TypeError) as exc:
            problems.error(where, N_('the words for "{text}" cannot be filled in: {reason}')
                           .format(text=text, reason=str(exc)),
                           N_("to write a percent sign, type it twice: %%"))
            continue
        for name in sorted(set(re.findall(r"%\((\w+)\)", word)) - values):
            problems.error(where, N_('the words for "{text}" use %({name})s, which the theme '
                                     "does not fill in").format(text=text, name=name),
                           N_("this text is filled in with: {names}").format(names=shown))
