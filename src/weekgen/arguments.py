"""argparse in the site's language: `weekgen --help`, its headings and its errors.

Only argparse's public hooks are used, nothing process-wide (no `argparse._`, no
`gettext.textdomain`): the parsers are made with `add_help=False` and an -h of our own, their
arguments go into groups we title, and the help is formatted by `HelpFormatter`, which says
the "usage: " prefix. The help texts themselves are marked in cli.py.

argparse writes its errors in English before it calls `error()`. `error_text` recognises them
by their templates below, the exact wording of this Python's argparse (3.11; a test checks each
against argparse's source), and makes them a `Text` that `said` says in the site's language. A
message it does not know stays as argparse wrote it: a newer Python's new error is English
rather than lost.
"""

from __future__ import annotations

import argparse
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from weekgen.messages import N_, Text, Texts

USAGE = N_("usage: ")
POSITIONALS = N_("positional arguments")
OPTIONS = N_("options")
COMMANDS = N_("commands")
HELP = N_("show this help message and exit")
VERSION = N_("show the version number and exit")

# The values our own converters reject (cli.py), so that argparse's "argument --today: ..."
# around them is recognised whole.
NOT_A_DATE = N_("{value} is not a date (YYYY-MM-DD)")
NOT_A_PORT = N_("{value} is not a port: choose one from 1 to 65535, such as 8000")
NOT_A_YEAR = N_("{value} is not a year (such as 2026)")

# argparse's own errors (Lib/argparse.py, `_('...')` and `ngettext`), in the words it writes.
ARGPARSE_ERRORS = (
    N_("argument {argument}: {problem}"),
    N_("the following arguments are required: {arguments}"),
    N_("one of the arguments {arguments} is required"),
    N_("unrecognized arguments: {arguments}"),
    N_("invalid choice: {value} (choose from {choices})"),
    N_("invalid {type} value: {value}"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("expected {count} argument"),
    N_("expected {count} arguments"),
    N_("ambiguous option: {option} could match {matches}"),
    N_("not allowed with argument {argument}"),
    N_("ignored explicit argument {value}"),
    N_("unexpected option string: {option}"),
)
KNOWN = (*ARGPARSE_ERRORS, NOT_A_DATE, NOT_A_PORT, NOT_A_YEAR)


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression that matches what `template` gives when filled in."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                              for i, p in enumerate(parts)) + r"\Z", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[Text, re.Pattern[str]], ...]:
    # the most literal text first: "expected one argument" before "expected {count} argument"
    ordered = sorted(KNOWN, key=lambda t: -len(re.sub(r"\{\w+\}", "", t)))
    return tuple((t, _pattern(t)) for t in ordered)


def error_text(message: str) -> str:
    """argparse's English `message` as the `Text` it was made from (what it says nested inside
    too, such as an invalid choice after 'argument COMMAND: '); an unknown one as it is."""
    for template, pattern in _patterns():
        found = pattern.match(message)
        if found:
            values = {k: error_text(v) for k, v in found.groupdict().items()}
            return template.format(**values)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with the "usage: " of the site's language."""

    def __init__(self, prog: str, texts: Texts, **options: Any) -> None:
        super().__init__(prog, **options)
        self.texts = texts

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,
                          self.texts(USAGE) if prefix is None else prefix)


def formatter(texts: Texts) -> Callable[..., HelpFormatter]:
    """The `formatter_class` of a parser whose help is in the language of `texts`."""
    return functools.partial(HelpFormatter, texts=texts)


def groups(parser: argparse.ArgumentParser,
           texts: Texts) -> tuple[argparse._ArgumentGroup, argparse._ArgumentGroup]:
    """The groups for a parser's positional arguments and its options, titled in the language
    of `texts` (argparse's own two stay empty, so its English titles are never shown), with
    -h/--help among the options."""
    positionals = parser.add_argument_group(texts(POSITIONALS))
    options = parser.add_argument_group(texts(OPTIONS))
    options.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                         help=texts(HELP))
    return positionals, options
