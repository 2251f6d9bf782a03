"""The command line: `weekgen build | check | serve | --version`.

`main(argv) -> int` so tests call it without a subprocess. Exit codes: 0 success, 1 content
errors, 2 usage errors. Anything else is a bug in weekgen and keeps its traceback.

What the command line says is in the site's language (site.yaml's `language`, Dutch when there
is none), from the message catalogues: `say(N_("..."))`. So are the problems found in the
content: each is made in English as a marked `Text` where it is found, and `said` says its
message and hint again in the site's language. The language is read before the command line
itself (from `--source`, else the folder here), so that `--help` and argparse's errors speak it
too (`weekgen.arguments`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from weekgen import __version__, arguments
from weekgen.errors import (
    BuildFailed,
    Problem,
    Problems,
    UsageError,
    WriteFailed,
    with_source_lines,
)
from weekgen.messages import N_, Texts, said, shown, tool_texts
from weekgen.model.week import FIRST_YEAR, LAST_YEAR
from weekgen.options import BuildOptions
from weekgen.progress import TerminalProgress
from weekgen.read.project import open_project

# The build, the loader and the moments are imported where they are needed: `--help`, `new
# year` and `import` need not load Jinja2, Markdown and icalendar.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """A parser that says its help and errors in the site's language (`weekgen.arguments`)."""

    def __init__(self, prog: str | None = None, *, texts: Texts, **kwargs: Any) -> None:
        super().__init__(prog, add_help=False, formatter_class=arguments.formatter(texts),
                         **kwargs)
        self.texts = texts
        self.positionals, self.options = arguments.groups(self, texts)

    def error(self, message: str) -> NoReturn:
        raise UsageError(arguments.error_text(message))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(arguments.NOT_A_DATE.format(value=repr(text))) from None


def parser(say: Texts | None = None) -> argparse.ArgumentParser:
    """The command line's parser, its help in the language of `say` (by default weekgen's)."""
    say = say or tool_texts(None)
    p = _Parser(prog="weekgen", texts=say,
                description=say(N_("Build the website of an annual campaign week.")))
    p.options.add_argument("--version", action="version", version=f"weekgen {__version__}",
                           help=say(arguments.VERSION))
    sub = p.add_subparsers(dest="command", metavar=say(N_("COMMAND")), parser_class=_Parser,
                           title=say(arguments.COMMANDS))
    source_help = say(N_("the site's folder, holding content/ (default: here)"))
    folder = say(N_("FOLDER"))

    def common(cmd: _Parser) -> None:
        o = cmd.options
        o.add_argument("--source", type=Path, default=Path("."), metavar=folder,
                       help=source_help)
        o.add_argument("--today", type=_date, metavar=say(N_("YYYY-MM-DD")),
                       help=say(N_("build the site as it is on this day")))
        o.add_argument("--drafts", action="store_true", help=say(N_("include draft pages")))
        o.add_argument("--base-url", metavar="URL", help=say(N_("override site.yaml's base_url")))
        o.add_argument("--no-cache", action="store_true", help=say(N_("ignore .weekgen-cache/")))
        o.add_argument("--quiet", "-q", action="store_true", help=say(N_("print errors only")))

    b = sub.add_parser("build", help=say(N_("build the site into public/")), texts=say)
    common(b)
    b.options.add_argument("--out", type=Path, default=None, metavar=folder,
                           help=say(N_("the output folder (default: public/)")))
    b.options.add_argument("--no-search", action="store_true",
                           help=say(N_("skip the site search's index (Pagefind), e.g. for a "
                                       "quick local build")))
    c = sub.add_parser("check", help=say(N_("check the content and templates, write nothing")),
                       texts=say)
    common(c)
    c.options.add_argument("--strict", action="store_true",
                           help=say(N_("fail on warnings too (for CI); advice never fails")))
    c.options.add_argument("--advice", action="store_true",
                           help=say(N_("show what would help search engines and sharing, not "
                                       "just its count")))
    s = sub.add_parser("serve", help=say(N_("preview the site, rebuilding on every change")),
                       texts=say)
    common(s)
    s.options.add_argument("--port", type=_port, default=8000, metavar="PORT",
                           help=say(N_("the port to serve on (1-65535)")))
    s.options.add_argument("--host", default="127.0.0.1", metavar=say(N_("ADDRESS")),
                           help=say(N_("the address to serve on (default: 127.0.0.1)")))
    s.options.add_argument("--lookback", action="store_true",
                           help=say(N_("preview as on the day after the newest Week: its "
                                       "look-back")))
    f = sub.add_parser("flips", help=say(N_("when the built site changes by itself, with cron "
                                            "lines")), texts=say)
    f.options.add_argument("--source", type=Path, default=Path("."), metavar=folder,
                           help=source_help)
    f.options.add_argument("--today", type=_date, metavar=say(N_("YYYY-MM-DD")),
                           help=say(N_("list the flips after this day (default: the build "
                                       "date)")))
    f.options.add_argument("--year", type=int, metavar=say(N_("YYYY")),
                           help=say(N_("only those of this year")))
    f.options.add_argument("--all", action="store_true",
                           help=say(N_("also those before the build date")))
    _editor_commands(sub, say, source_help)
    return p


def _port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text.strip(), re.ASCII) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(arguments.NOT_A_PORT.format(value=repr(text)))
    return int(text)


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text.strip()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(arguments.NOT_A_YEAR.format(value=repr(text)))
    return int(text)


def _editor_commands(sub: argparse._SubParsersAction[_Parser], say: Texts,
                     source_help: str) -> None:
    folder = say(N_("FOLDER"))
    """import, new year, schema: the commands that write into the site's own folders."""
    i = sub.add_parser("import", help=say(N_("add activities from a CSV or XLSX export of "
                                             "registrations to content/<year>/activities/<the "
                                             "file's name>.yaml")), texts=say)
    i.positionals.add_argument("file", type=Path, metavar=say(N_("FILE")),
                               help=say(N_("the .csv or .xlsx file")))
    i.options.add_argument("--year", type=_year, required=True, metavar=say(N_("YYYY")))
    i.options.add_argument("--source", type=Path, default=Path("."), metavar=folder,
                           help=source_help)
    i.options.add_argument("--map", metavar=say(N_("'Column=field,...'")),
                           help=say(N_("which field a column holds (field names in English or "
                                       "Dutch: titel, datum, organisator, plaats, omschrijving, "
                                       "...), or 'Column=-' to leave it out")))
    i.options.add_argument("--into", metavar=say(N_("FILE")), default=None,
                           help=say(N_("add to this file of content/<year>/ instead, e.g. "
                                       "activities.yaml")))
    i.options.add_argument("--dry-run", action="store_true",
                           help=say(N_("show what would be added, change nothing")))
    n = sub.add_parser("new", help=say(N_("start something new: 'weekgen new year 2027'")),
                       texts=say)
    what = n.add_subparsers(dest="what", metavar=say(N_("WHAT")), parser_class=_Parser,
                            required=True, title=say(arguments.COMMANDS))
    y = what.add_parser("year", help=say(N_("make content/<year>/ with its first files")),
                        texts=say)
    y.positionals.add_argument("year", type=_year, metavar=say(N_("YYYY")))
    y.options.add_argument("--source", type=Path, default=Path("."), metavar=folder,
                           help=source_help)
    sc = sub.add_parser("schema", help=say(N_("write JSON Schemas of site.yaml, week.yaml and "
                                              "activities.yaml, for editors' completion and "
                                              "checks")), texts=say)
    sc.options.add_argument("--source", type=Path, default=Path("."), metavar=folder,
                            help=source_help)
    sc.options.add_argument("--out", type=Path, default=None, metavar=folder,
                            help=say(N_("the folder for the schemas (default: schemas/ in the "
                                        "site's folder)")))


def build_date_now() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that a build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            text = N_("SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds")
            raise UsageError(text.format(epoch=epoch)) from None
    return datetime.now(UTC)


def run() -> NoReturn:
    """The `weekgen` command."""
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # the site's language before the command line is read: its help and errors speak it too
    say = site_texts(_source_in(argv))
    try:
        try:
            args = _parse(argv, say)
        except SystemExit as exc:  # --help and --version end here
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        say = site_texts(getattr(args, "source", None))
        return _run(args, say)
    except UsageError as exc:
        _say(_exception_text(exc, say))
        _say(say(N_("see 'weekgen --help'")))
        return EXIT_USAGE
    except BuildFailed as exc:
        _print_problems(exc.problems, say)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        _say(say.plural("{count} error in the content; nothing was written",
                        "{count} errors in the content; nothing was written", errors))
        return EXIT_CONTENT
    except WriteFailed as exc:  # the system's refusal, not the content's fault: as usage
        _say(_exception_text(exc, say))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


# Texts as the code writes them: no catalogue is read (there is none for this language).
_AS_WRITTEN = Texts("-")


def _parse(argv: list[str], say: Texts) -> argparse.Namespace:
    """The command line, read. A parser in the site's language reads site.yaml and the
    catalogue before it can say anything; a right command line, which says nothing, is read by
    one whose texts are as written, and only help or a mistake asks for the site's language
    (a build that finds nothing changed reads neither)."""
    before = argv[:argv.index("--")] if "--" in argv else argv
    asks_help = any((len(a) > 3 and "--help".startswith(a)) or  # and its prefixes, as argparse
                    (a.startswith("-") and not a.startswith("--") and "h" in a)  # -h, -qh
                    for a in before)
    if not asks_help:
        with contextlib.suppress(UsageError):
            return parser(_AS_WRITTEN).parse_args(argv)
    return parser(say).parse_args(argv)


def _source_in(argv: Sequence[str]) -> Path:
    """The folder `--source` names in `argv` (as argparse reads it: `--source DIR`,
    `--source=DIR`, or a prefix such as `--sour DIR`), else the current one."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if len(name) >= 4 and "--source".startswith(name):
            if equals:
                return Path(value)
            if i + 1 < len(argv):
                return Path(argv[i + 1])
    return Path(".")


def site_texts(source: Path | None) -> Texts:
    """The command line's texts in the language of the site in `source`: its site.yaml's
    `language`; the default one when there is no site.yaml, or it cannot be read. The file is
    read when the first text is said: a quiet build that finds nothing changed reads none."""

    def language() -> str:
        from weekgen.editor import scaffold

        try:
            config = scaffold.site_config(source) if source is not None else None
        except (UsageError, OSError):
            config = None
        return tool_texts(config.language if config is not None else None).language

    return Texts(language)


def _exception_text(exc: Exception, say: Texts) -> str:
    """What a usage or write error says, in the site's language when it is a marked text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return said(first, say) if isinstance(first, str) else str(exc)


def _say(text: str) -> None:
    print(f"weekgen: {text}", file=sys.stderr)


def _options(args: argparse.Namespace) -> BuildOptions:
    lookback = getattr(args, "lookback", False)
    if lookback and args.today is not None:
        raise UsageError(N_("--lookback and --today both set the day to preview; choose one"))
    return BuildOptions(today=args.today, now=build_date_now(), drafts=args.drafts,
                        base_url=args.base_url, use_cache=not args.no_cache, lookback=lookback,
                        search=args.command == "build" and not args.no_search)


def _run(args: argparse.Namespace, say: Texts) -> int:
    if args.command is None:
        parser(say).print_help()
        return EXIT_USAGE
    if args.command == "flips":
        return _flips(args, say)
    if args.command in ("import", "new", "schema"):
        return _editor(args, say)
    if args.base_url is not None and not args.base_url.startswith(("http://", "https://")):
        raise UsageError(N_("--base-url {url} is not an address; write a full one, such as "
                            "https://example.org/campagne/").format(url=args.base_url))
    if args.base_url is not None and "@" in urlsplit(args.base_url).netloc:
        raise UsageError(N_("--base-url {url} holds a user name or password (before the @): "
                            "they would be published on every page; leave them out").format(
                                url=args.base_url))
    project = open_project(args.source)
    if not args.no_cache:
        _check_cache(project.cache_dir)
    if args.command == "serve":
        from weekgen.preview.serve import serve

        return serve(project, _options(args), host=args.host, port=args.port,
                     clock=build_date_now)
    out = None
    if args.command == "build":
        out = project.check_out(args.out if args.out is not None else project.root / "public")
    progress = TerminalProgress(sys.stderr) if not args.quiet else None
    try:
        from weekgen.build import build

        report = build(project, out, replace(_options(args), progress=progress))
    finally:
        if progress is not None:
            progress.close()
    say = tool_texts(report.language)  # (the site's, as the build read it)
    if out is not None and not report.up_to_date:  # (else site.yaml is as it was)
        _keep_schemas(project.root, args.quiet, say)
    _print_problems(report.warnings, say)
    if getattr(args, "advice", False):
        _print_problems(report.advice, say)
    elif report.advice and not args.quiet:
        _say(say.plural("{count} suggestion for search engines and sharing: weekgen check "
                        "--advice", "{count} suggestions for search engines and sharing: "
                        "weekgen check --advice", len(report.advice)))
    if not args.quiet:
        done = N_("built the site of {day}: {summary}") if out is not None \
            else N_("checked the site of {day}: {summary}")
        summary = say(N_("{pages} files: {written} written, {unchanged} unchanged, {removed} "
                         "removed in {seconds:.2f} s"), pages=report.pages,
                      written=report.written, unchanged=report.unchanged,
                      removed=report.removed, seconds=report.seconds)
        _say(say(done, day=f"{report.today:%Y-%m-%d}", summary=summary))
    if getattr(args, "strict", False) and report.warnings:
        _say(say.plural("{count} warning, and --strict fails on warnings",
                        "{count} warnings, and --strict fails on warnings",
                        len(report.warnings)))
        return EXIT_CONTENT
    return EXIT_OK


def _keep_schemas(root: Path, quiet: bool, say: Texts) -> None:
    """After a build, schemas/ as the site's settings make them, so that the copy in git (and
    so a fresh clone) is the one editors' tools should use. Unchanged files are not touched; a
    changed one is named (to commit), a first one made without a word."""
    from weekgen.editor import scaffold

    folder = root / scaffold.SCHEMA_DIR
    existed = {p.name for p in folder.glob("*.schema.json")} if folder.is_dir() else set()
    try:
        written = scaffold.write_schemas(folder, config=scaffold.site_config(root))
    except OSError as exc:  # the site is built; the schemas can wait for `weekgen schema`
        _say(say(N_("{folder}/ not updated: {reason}"), folder=_shown(folder, root),
                 reason=exc.strerror))
        return
    changed = [p.name for p in written if p.name in existed]
    if changed and not quiet:
        _say(say(N_("updated {folder}/: {names}"), folder=_shown(folder, root),
                 names=", ".join(changed)))


def _check_cache(folder: Path) -> None:
    """A cache that cannot be one stops the command before it begins (exit 2)."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise WriteFailed(N_("{folder} is a file, where weekgen keeps its cache folder: remove "
                             "it (the cache is safe to delete), or build with --no-cache").format(
                                 folder=folder))


def _flips(args: argparse.Namespace, say: Texts) -> int:
    """`weekgen flips`: the moments the site changes by itself, and cron lines for them."""
    project = open_project(args.source)
    problems = Problems()
    from weekgen.engine.cache import Cache
    from weekgen.engine.loading import load_cached
    from weekgen.model import flips as moments

    cache = Cache(project.cache_dir, read_only=True)
    try:
        inputs = load_cached(project.root, cache, problems)
    finally:
        cache.close()
    if inputs.config is None or problems.errors:
        raise BuildFailed(with_source_lines(problems.sorted(), inputs.texts))
    zone = inputs.config.timezone
    today = args.today or build_date_now().astimezone(ZoneInfo(zone)).date()
    pages = [p for year in sorted(inputs.pages) for p in inputs.pages[year]]
    found = moments.flips(inputs.weeks, pages, zone, today, year=args.year,
                          include_past=args.all,
                          activities=[a for year in inputs.activities.values() for a in year])
    print(say(N_("The site changes by itself at these moments (local time: {zone}):"), zone=zone)
          if args.all else say(N_("The site changes by itself at these moments after {day} "
                                  "(local time: {zone}):"), day=f"{today:%Y-%m-%d}", zone=zone))
    for f in found:
        print(f"  {f.local:%Y-%m-%d %H:%M} {f.offset:<5} = {f.utc:%Y-%m-%d %H:%M} UTC  {f.what}")
    if not found:
        print("  " + (say(N_("none")) if args.all else say(N_("none; --all lists the earlier "
                                                                "ones"))))
    for c in moments.countdowns(inputs.weeks, today, args.year):
        print("\n" + say(N_("Every day until {day} the {year} home counts down the days to the "
                            "Week ('Nog N dagen'): a daily build keeps it right (the workflow's "
                            "nightly schedule)."), day=f"{c.until:%Y-%m-%d}", year=c.year))
    if found:
        print("\n" + say(N_("Cron lines (UTC, 5 minutes after local midnight) for the "
                            "workflow's schedule; cron has no year, so they run every year on "
                            "these days:")))
        for line in moments.cron_lines(found):
            print(f'    - cron: "{line}"')
    return EXIT_OK


def _editor(args: argparse.Namespace, say: Texts) -> int:
    """`weekgen import`, `new year` and `schema`."""
    from weekgen.editor import columns, importer, scaffold
    project = open_project(args.source)
    if args.command == "schema":
        out = args.out if args.out is not None else project.root / scaffold.SCHEMA_DIR
        written = scaffold.write_schemas(out, config=scaffold.site_config(project.root))
        shown = _shown(out, project.root)
        _say(say.plural("{count} schema written to {folder}/",
                        "{count} schemas written to {folder}/", len(written), folder=shown)
             if written else say(N_("0 schemas written to {folder}/ (they were up to date)"),
                                 folder=shown))
        return EXIT_OK
    if args.command == "new":
        for path in scaffold.new_year(project.root, args.year):
            _say(say(N_("created {path}"), path=_shown(path, project.root)))
        return EXIT_OK
    mapping = columns.parse_map(args.map)
    problems = Problems()
    notes: list[str] = []
    report = importer.run_import(project.root, args.file, args.year, mapping, args.dry_run,
                                 problems, args.into, notes)
    for note in notes:
        _say(said(note, say))
    _print_problems(problems.items, say)
    failed = len({p.position.line for p in problems.errors})
    if report is None:
        _say(say(N_("nothing was imported")))
        return EXIT_CONTENT
    plan = report.plan
    if args.dry_run:
        sys.stdout.write(report.text)
    added = len(plan.rows)
    summary = [say.plural("would add {count} activity to {file}",
                          "would add {count} activities to {file}", added, file=report.target)
               if args.dry_run else
               say.plural("added {count} activity to {file}", "added {count} activities to "
                          "{file}", added, file=report.target)]
    if plan.already:
        summary.append(say(N_("{count} already there"), count=plan.already))
    if plan.repeated:
        summary.append(say(N_("{count} repeated in the file"), count=plan.repeated))
    if plan.failed:
        summary.append(say.plural("{count} row with problems left out",
                                  "{count} rows with problems left out", plan.failed))
    if args.dry_run:
        summary.append(say(N_("nothing was written (--dry-run)")))
    _say("; ".join(summary))
    if failed:
        _say(say(N_("fix the rows above and import the file again: the rows already added are "
                    "skipped then")))
        return EXIT_CONTENT
    return EXIT_OK


def _shown(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _print_problems(problems: Sequence[Problem], say: Texts) -> None:
    """Each problem as the site's language says it: its message, hint and labels."""
    for p in problems:
        print(shown(p, say), file=sys.stderr)
