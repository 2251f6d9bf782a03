"""Problems with a place: every error a user can fix names the file, line and column.

Nothing here does I/O. A run collects all problems it finds (`Problems`) and fails once with
`BuildFailed`, so an editor sees every mistake in one go instead of one per build.

Three levels, each with its own consequence:
- error: the site cannot be built right; nothing is written and the run exits with 1.
- warning: the site is built, but visitors will see something wrong (a link that goes nowhere
  yet, a contrast under WCAG AA, a file left out); `check --strict` fails on it, for CI.
- advice: the site is right, but could do better with search engines or when shared (event
  details, a full base_url); it never fails a run, however strict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from weekgen.wording import N_

Severity = Literal["error", "warning", "advice"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and col are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, with where it is and what to do about it."""

    position: Position
    message: str
    hint: str = ""
    severity: Severity = "error"
    source_line: str = ""

    def __str__(self) -> str:
        return self.shown()

    def shown(self, labels: Mapping[str, str] | None = None) -> str:
        """'path:line:col: message', the line and a ^ under the column, and the hint; `labels`
        says 'warning', 'advice' and 'hint' in the site's language (English without)."""
        labels = labels or {}
        label = "" if self.severity == "error" else f"{labels.get(self.severity, self.severity)}: "
        text = f"{self.position}: {label}{self.message}"
        if self.source_line:
            text += f"\n    {self.source_line.rstrip()}"
            if self.position.col:
                text += "\n    " + " " * (self.position.col - 1) + "^"
        if self.hint:
            text += f"\n    {labels.get('hint', 'hint')}: {self.hint}"
        return text


@dataclass
class Problems:
    """A collector: stages add to it and carry on, so one run reports every problem."""

    items: list[Problem] = field(default_factory=list)

    def error(self, position: Position, message: str, hint: str = "") -> None:
        self.items.append(Problem(position, message, hint))

    def warning(self, position: Position, message: str, hint: str = "") -> None:
        self.items.append(Problem(position, message, hint, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    @property
    def advice(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "advice"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildFailed(self.sorted())

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.position, p.message))


class BuildFailed(Exception):
    """The content has errors; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.severity == "error")
        super().__init__(f"{errors} error{'s' if errors != 1 else ''} in the content")


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""


def suggestion(word: str, choices: Iterable[str]) -> str:
    """'did you mean ...?' for a misspelt key or value, or '' when nothing is close."""
    import difflib  # (only when there is a mistake: a build without one need not import it)

    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return N_("did you mean '{word}'?").format(word=close[0]) if close else ""


def with_source_lines(problems: Iterable[Problem], texts: dict[str, str]) -> list[Problem]:
    """Attach the offending line of each problem whose file text we know."""
    out = []
    for p in problems:
        text = texts.get(p.position.path)
        if text is not None and p.position.line and not p.source_line:
            lines = text.split("\n")
            if p.position.line <= len(lines):
                p = Problem(p.position, p.message, p.hint, p.severity, lines[p.position.line - 1])
        out.append(p)
    return out


class WriteFailed(Exception):
    """The system refused to write the site: a full disk, a read-only or busy output folder,
    an output that is a file (exit code 2). The output folder is left as it was."""
