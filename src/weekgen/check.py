"""The check stage: what can be wrong across the site once every output is planned.

Pictures that pages name and links in the Markdown to pages of the site that do not exist
(relative ones too, resolved as the pages will show them), each reported with its place. What
makes it fast (the texts' HTML from the cache or on every core, a year's linking texts kept) is
the engine's, asked through `Checking`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Protocol

from weekgen.errors import Position, Problems
from weekgen.formats import seo
from weekgen.messages import interface_texts
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
    """A `texts:` line whose text the theme never says changes nothing: the visitor still reads
    the theme's words (usually a typo, or a text from an older version of the theme)."""
    config = site.config
    known = interface_texts()
    places = config.texts_at or (Position("content/site.yaml"),) * len(config.texts)
    for (text, _), where in zip(config.texts, places, strict=False):
        if text in known:
            continue
        close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
        hint = N_('did you mean "{text}"?').format(text=close[0]) if close else \
            N_("copy the text as the theme writes it, from "
               "src/weekgen/i18n/nl/LC_MESSAGES/weekgen.po")
        problems.warning(where, N_('\'texts\': the theme has no text "{text}", so this line '
                                   "changes nothing").format(text=text), hint)
