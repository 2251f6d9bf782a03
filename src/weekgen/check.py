"""The check stage: what can be wrong across the site once every output is planned.

Pictures that pages name and links in the Markdown to pages of the site that do not exist
(relative ones too, resolved as the pages will show them), each reported with its place. What
makes it fast (the texts' HTML from the cache or on every core, a year's linking texts kept) is
the engine's, asked through `Checking`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from weekgen.errors import Problems
from weekgen.formats import seo
from weekgen.model import links
from weekgen.model.site import Site, Week
from weekgen.plan import Output
from weekgen.read.load import Inputs
from weekgen.read.theme import Theme


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
    texts = [t for w in site.weeks for t in run.linking_texts(w)]
    texts += [links.page_text(p) for p in site.pages if links.may_link(p.body)]
    if not texts:
        return
    paths = {o.path for o in outputs} | set(theme.files(inputs.assets))
    pages = [p for year in inputs.pages.values() for p in year]
    links.check_links(texts, run.html_of, paths, links.later_pages(site, pages),
                      site.config.base_path, run.source_text, run.problems,
                      links.page_files(site, [*pages, *inputs.site_pages]))
