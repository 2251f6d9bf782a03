"""What a record may hold: each key's name, kind of value and purpose.

One declarative `Field` list per record (site, week, activity, page) drives both the
readers (weekgen.read.fields) and the JSON Schema that editors' tools use, so the two
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "markdown", "date", "time", "int", "bool", "url", "tags", "choice",
               "slug", "list", "records", "colour", "mapping", "strings"]


@dataclass(frozen=True)
class Field:
    """One key of a record: its name, what kind of value it takes and what it is for."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    item_fields: tuple[Field, ...] = ()  # for kinds 'records' and 'mapping': their keys
    # 'strings': a mapping of any text to text (a site's own interface texts)
