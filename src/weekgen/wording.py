"""The tools' texts as values: `N_("'{field}' {value} is not a date").format(field=..., value=...)`.

A marked text is a `Text`: a str, English, that remembers the template and the values it was
filled in from, so that the modules that find a problem (the core among them) need not know the
site's language: whoever shows it says it again in that language (`messages.said`), as gettext's
lazy texts do. `tools/catalogs.py` finds each text marked with `N_` for the catalogues.

Nothing here reads a catalogue, a file or the clock: it is a str with a memory, which is why
every room, the pure core too, may mark its texts with it (`weekgen.messages` reads the
catalogues and is the edges' business).
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English text of the catalogues, with the template and values it was filled in from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, text: str, template: str | None = None,
                values: dict[str, Any] | None = None) -> Text:
        made = super().__new__(cls, text)
        made.template = text if template is None else template
        made.values = values or {}
        return made

    def format(self, *args: object, **values: Any) -> Text:
        """Filled in as str.format does, keeping the template for `said`."""
        if args:
            raise TypeError("a Text is filled in by name")
        return Text(self.template.format(**values), self.template, values)

    def __reduce__(self) -> tuple[Any, ...]:
        # A pickle (the cache's, a worker's) keeps what the text was made from.
        return (Text, (str(self), self.template, self.values))


def N_(text: str) -> Text:
    """Marks a text for the catalogues where it is written; translated where it is shown."""
    return Text(text)
