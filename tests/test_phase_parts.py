"""A page's parts for before, during and after its Week (`::: voor` ... `:::`)."""

from __future__ import annotations

from typing import Any

import pytest

from site_helpers import main_text, page
from weekgen.model.content import phase_text
from weekgen.model.week import Phase

TEXT = """Altijd.

::: voor
Straks.
:::

::: tijdens, na
Nu of voorbij.
:::

::: onbekend
:::
"""


@pytest.mark.parametrize(("phase", "shown"), [
    (Phase.BEFORE, ["Altijd.", "Straks."]),
    (Phase.DURING, ["Altijd.", "Nu of voorbij."]),
    (Phase.AFTER, ["Altijd.", "Nu of voorbij."]),
    (None, ["Altijd.", "Straks.", "Nu of voorbij."]),
])
def test_a_part_shows_only_in_its_phase(phase: Phase | None, shown: list[str]) -> None:
    lines = [line for line in phase_text(TEXT, phase).splitlines() if line]
    assert lines == [*shown, "::: onbekend", ":::"]  # a fence without a phase is text


def test_a_text_without_parts_is_itself() -> None:
    assert phase_text("Een tekst: ::: in een zin.\n", Phase.BEFORE) == \
        "Een tekst: ::: in een zin.\n"


@pytest.mark.parametrize(("today", "shown", "hidden"), [
    ("2031-11-01", "is de Week", "liep de Week"),
    ("2031-11-19", "Deze week", "liep de Week"),
    ("2031-12-01", "liep de Week", "is de Week"),
])
def test_the_year_page_reads_as_its_phase(make_project: Any, build: Any, today: str,
                                          shown: str, hidden: str) -> None:
    project = make_project({"content/2031/index.md": (
        "---\ntitle: De Proefweek\n---\n::: voor\nIn 2031 is de Week.\n:::\n"
        "::: tijdens\nDeze week is het zover.\n:::\n::: na\nIn 2031 liep de Week.\n:::\n"),
        "content/2031/meedoen.md": "---\ntitle: Doe mee\n---\n::: na\nliep de Week\n:::\n"})
    assert build(project, "--today", today)[0] == 0
    year = main_text(page(project / "public", "/2031/"))
    assert shown in year and hidden not in year and ":::" not in year
    join = main_text(page(project / "public", "/2031/meedoen/"))
    assert ("liep de Week" in join) == (today == "2031-12-01")
