"""The pieces of pages that many pages share, kept by the render stage so that each is rendered
once: the navigation of a year (the same on all its pages but for the current link), and an
activity's entry in a list (the same on its day, the overview and four group pages, and from one
build to the next until the activity, the templates or the settings change).

The Renderer asks for them through its `Pieces` protocol; it does not know they are kept.
"""

from __future__ import annotations

from collections.abc import Callable

from weekgen.engine.keys import card_key
from weekgen.model.content import Activity
from weekgen.render.pages import Cards

# The navigation pieces a long session keeps before it starts again (a year's are a few dozen;
# each edit makes a year's anew).
FRAGMENTS_KEPT = 2_000


class Pieces:
    """What the render stage keeps for the Renderer: fragments for a build (or a session),
    list entries for a year at a time, and the entries of earlier builds (`cards`, from the
    cache) with those this build made (`new_cards`, for the cache)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope  # the templates and settings the entries were made with
        self.fragments: dict[tuple[object, ...], str] = {}
        self.entries: dict[tuple[object, ...], str] = {}  # of one year's activities
        self.entries_year = 0
        self.cards: Cards = {}
        self.new_cards: Cards = {}

    def begin(self) -> None:
        """Another build of the same site: a long session starts again rather than grow."""
        if len(self.fragments) > FRAGMENTS_KEPT:
            self.fragments.clear()

    def fragment(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        found = self.fragments.get(key)
        if found is None:
            found = self.fragments[key] = make()
        return found

    def entry(self, activity: Activity, variant: tuple[object, ...],
              make: Callable[[], str]) -> str:
        """After one edit, a list of 2,000 activities renders one entry."""
        if activity.year != self.entries_year:  # pages come year by year (rendering.py sorts
            self.entries.clear()  # them): a year's entries are all they need at a time
            self.entries_year = activity.year
        memo = (activity.slug, activity.digest, *variant)
        found = self.entries.get(memo)
        if found is not None:
            return found
        row = self.card_key(activity)
        found = self.cards.get(row, {}).get(variant)
        if found is None:
            found = make()
            self.new_cards.setdefault(row, {})[variant] = found
        self.entries[memo] = found
        return found

    def card_key(self, activity: Activity) -> str:
        return card_key(self.scope, activity)
