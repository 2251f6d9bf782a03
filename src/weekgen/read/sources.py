"""Reading the content folder: files become text and YAML nodes that remember their positions.

This is the only module of the core that reads content files. It turns every way a file can be
unreadable (not UTF-8, too large, a symlink out of `content/`, broken YAML, an alias bomb) into a
`Problem` with a place, never a traceback. YAML is composed to nodes, not loaded to values, so the
validators can name the line and column of each value and read scalars as the text the editor typed
(no YAML 1.1 surprises such as `10:30` becoming 630 or `no` becoming False).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from weekgen.errors import Position, Problems
from weekgen.fingerprint import fingerprint
from weekgen.model.week import FIRST_YEAR, LAST_YEAR
from weekgen.wording import N_

try:  # the C loader is many times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_EXPANDED_NODES = 1_000_000
ASSET_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".pdf", ".mp4", ".webm", ".vtt"}
)
YEAR_DIR = re.compile(r"[0-9]{4}")  # with fullmatch: '2021\n' and '٢٠٢١' are not years
# What int() would take for a year too: other scripts' digits, spaces around them.
_LIKE_A_YEAR = re.compile(r"\s*\d{1,4}\s*")
_AMPERSAND = re.compile(r"&\S")
# The first line git writes into a file it could not merge (`<<<<<<< HEAD`).
_CONFLICT = re.compile(r"^<{7}(?: |$)", re.MULTILINE)


@functools.cache
def _front_matter() -> Any:
    """python-frontmatter's YAML handler, loaded when the first page is read: a rebuild that
    finds every page in the cache need not import it."""
    import frontmatter

    return frontmatter.default_handlers.YAMLHandler()


def _may_have_anchor(text: str) -> bool:
    """Without an anchor (`&name` at the start of a value) there can be no alias. (A pattern
    that starts with the ampersand is fifty times faster than one that starts with what comes
    before it; descriptions have few ampersands.)"""
    return any(m.start() == 0 or text[m.start() - 1] in " \t\r\n[{,"
               for m in _AMPERSAND.finditer(text))


@dataclass(frozen=True)
class SourceFile:
    """A content file as text: BOM removed, line endings normalised, with its content hash."""

    path: str  # relative to the project root, with forward slashes, as errors show it
    text: str
    digest: str


@dataclass
class YearFiles:
    """The files of one year's folder, by role."""

    year: int
    week: str | None = None
    activities: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)


@dataclass
class ContentFiles:
    """What is in `content/`, found without reading any file's contents."""

    site: str | None
    years: dict[int, YearFiles]
    pages: list[str] = field(default_factory=list)  # the whole site's: content/pers.md
    assets: list[str] = field(default_factory=list)  # their pictures, next to them


def scan_content(root: Path, problems: Problems) -> ContentFiles:
    """List the content files by role; refuse symlinks that leave `content/`."""
    content = root / "content"
    if not content.is_dir():
        problems.error(Position("content"), N_("there is no content/ folder here"),
                       N_("run weekgen in a site's folder, or pass --source DIR"))
        return ContentFiles(None, {})
    site = "content/site.yaml" if (content / "site.yaml").is_file() else None
    if site is None:
        problems.error(Position("content/site.yaml"), N_("content/site.yaml is missing"),
                       N_("create it with at least a 'title:' line"))
    years: dict[int, YearFiles] = {}
    found = ContentFiles(site, years)
    for entry in sorted(os.scandir(content), key=lambda e: e.name):
        rel = f"content/{entry.name}"
        if entry.name.startswith(".") or entry.name == "site.yaml":
            continue
        if not _inside(entry, content, rel, problems):
            continue
        if entry.is_dir() and YEAR_DIR.fullmatch(entry.name) and \
                FIRST_YEAR <= int(entry.name) <= LAST_YEAR:
            year = int(entry.name)
            years[year] = _scan_year(Path(entry.path), year, problems, content)
        elif entry.is_dir() and _LIKE_A_YEAR.fullmatch(entry.name):
            shown = "content/" + repr(entry.name)[1:-1]  # a line break as \n
            problems.error(Position(shown), N_(
                "{folder} is not a year weekgen can show: a year's folder is named with four "
                "digits 0-9, from {first} to {last}").format(folder=shown, first=FIRST_YEAR,
                                                             last=LAST_YEAR),
                N_("rename the folder, e.g. to content/2026/"))
        elif entry.is_file() and entry.name.lower().endswith(".md"):
            found.pages.append(rel)
        elif entry.is_file() and Path(entry.name).suffix.lower() in ASSET_SUFFIXES:
            found.assets.append(rel)
        else:
            problems.warning(Position(rel), N_("ignored: content/ should hold site.yaml, one "
                                               "folder per year and the site's own pages (.md)"),
                             N_("name a year's folder after its year, e.g. content/2026/"))
    return found


def _scan_year(folder: Path, year: int, problems: Problems, content: Path) -> YearFiles:
    files = YearFiles(year)
    prefix = f"content/{year}"
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        rel = f"{prefix}/{entry.name}"
        if entry.name.startswith(".") or not _inside(entry, content, rel, problems):
            continue
        suffix = Path(entry.name).suffix.lower()
        if entry.is_dir() and entry.name == "activities":
            for sub in sorted(os.scandir(entry.path), key=lambda e: e.name):
                subrel = f"{rel}/{sub.name}"
                if sub.name.startswith(".") or not _inside(sub, content, subrel, problems):
                    continue
                if sub.is_file() and sub.name.endswith((".yaml", ".yml")):
                    files.activities.append(subrel)
                else:
                    problems.warning(Position(subrel),
                                     N_("ignored: activities/ holds .yaml files only"))
        elif entry.is_file() and entry.name in ("week.yaml", "week.yml"):
            files.week = rel
        elif entry.is_file() and entry.name in ("activities.yaml", "activities.yml"):
            files.activities.insert(0, rel)
        elif entry.is_file() and suffix == ".md":
            files.pages.append(rel)
        elif entry.is_file() and suffix in ASSET_SUFFIXES:
            files.assets.append(rel)
        else:
            problems.warning(Position(rel), N_("ignored: not a page (.md), week.yaml, "
                                               "activities.yaml or an image/PDF"))
    return files


def _inside(entry: os.DirEntry[str], content: Path, rel: str, problems: Problems) -> bool:
    """A symlink may point within content/, never outside it."""
    if not entry.is_symlink():
        return True
    target = Path(entry.path).resolve()
    if target.is_relative_to(content.resolve()):
        return True
    problems.error(Position(rel), N_("refused: a symlink to {target}, outside content/").format(
        target=str(target)), N_("copy the file into content/ instead of linking to it"))
    return False


# What one Markdown text may cost. Python-Markdown takes some 2 ms per KB of real text (the
# sample's pages), but 40 ms per KB of dense *emphasis*, and in a paragraph it looks for the end
# of each '[' and '<' from each of them: the time grows with the square of their number there
# (2,000 unclosed '[' took 1.4 s, 10,000 half a minute). Lists nested some 250 deep (or 1,000
# '- ' on a line) exceed Python's recursion limit. The real texts stay far below each limit.
MAX_TEXT_CHARS = 100_000
MAX_NESTING = 100
MAX_OPENERS = 500  # '[' and '<' in one paragraph
MAX_OPENERS_COST = 4 * MAX_OPENERS**2  # and the sum of their squares over a text's paragraphs
# The start of a line that nests: indentation, quote marks and list markers.
_NESTING = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))+")
_NESTING_CHARS = " \t>-*+.)0123456789"
_MARKER = re.compile(r"(?:>|[-*+]|[0-9]{1,9}[.)])[ \t]?")  # with the space that ends it
# A line that begins a list item, a quote or a heading (as a line after a blank one begins a
# paragraph).
_UNIT_START = re.compile(r"^[ \t]*(?:[-*+>#]|[0-9]{1,9}[.)])")


@dataclass(frozen=True)
class TextCost:
    """Why a Markdown text would take too long to render, or recurse too deep."""

    line: int  # 0-based, within the text
    message: str
    hint: str


def markdown_cost(text: str) -> TextCost | None:
    """None when Python-Markdown can render `text` in good time; else where and why not."""
    if len(text) > MAX_TEXT_CHARS:
        return TextCost(0, N_("the text is too long for weekgen ({count} characters; at most "
                              "{most})").format(count=f"{len(text):,}", most=f"{MAX_TEXT_CHARS:,}"),
                        N_("split it over more pages"))
    if len(text) <= MAX_NESTING:
        return None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        # each character of a line's start nests one level at most
        if len(line) - len(line.lstrip(_NESTING_CHARS)) > MAX_NESTING:
            prefix = _NESTING.match(line)
            depth = _depth(prefix.group()) if prefix else 0
            if depth > MAX_NESTING:
                return TextCost(number, N_("lists or quotes nested {depth} deep, more than "
                                           "weekgen can render (at most {most})").format(
                                               depth=depth, most=MAX_NESTING),
                                N_("nest less deeply"))
    if text.count("[") + text.count("<") <= MAX_OPENERS:  # within both limits, in any order
        return None
    return _openers_cost(lines)


def _depth(prefix: str) -> int:
    """How deep the start of a line nests: each marker a level, and every four spaces."""
    indent = _MARKER.sub("", prefix)
    return len(_MARKER.findall(prefix)) + (indent.count(" ") + 4 * indent.count("\t")) // 4


def _openers_cost(lines: list[str]) -> TextCost | None:
    units: list[tuple[int, int]] = [(0, 0)]  # (first line, number of '[' and '<')
    blank = False
    for number, row in enumerate(lines):
        if not row.strip():
            blank = True
            continue
        if blank or _UNIT_START.match(row):
            units.append((number, 0))
            blank = False
        if "[" in row or "<" in row:
            units[-1] = (units[-1][0], units[-1][1] + row.count("[") + row.count("<"))
    line, most = max(units, key=lambda unit: unit[1])
    hint = N_("split the paragraph, or write fewer [ and < (each starts a link or a piece of "
              "HTML)")
    if most > MAX_OPENERS:
        return TextCost(line, N_("this paragraph holds {count} [ and <, more than weekgen can "
                                 "render in good time (at most {most})").format(
                                     count=f"{most:,}", most=f"{MAX_OPENERS:,}"), hint)
    if sum(n * n for _, n in units) > MAX_OPENERS_COST:
        return TextCost(line, N_("the paragraphs of this text hold too many [ and < together "
                                 "for weekgen to render them in good time"), hint)
    return None


def read_source(root: Path, rel: str, problems: Problems) -> SourceFile | None:
    """Read one content file as text, or report why it cannot be read."""
    path = root / rel
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(Position(rel), N_("the file is too large ({size}; at most "
                                             "{most})").format(size=_size(size),
                                                               most=_size(MAX_FILE_BYTES)),
                           N_("split a year's activities over content/<year>/activities/*.yaml"))
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.error(Position(rel), N_("cannot read the file: {reason}").format(
            reason=str(exc.strerror or exc)))
        return None
    return decode_source(rel, data, problems)


Known = dict[str, tuple[int, int, SourceFile]]

# What a file's stat says of its contents: size, modification and change time, inode. The change
# time cannot be set back (`cp -p` and `rsync -t` keep modification times), and an editor that
# saves by renaming makes a new inode.
Stat = tuple[int, int, int, int]
# Files read by an earlier build, by path: their stat then, and their contents' digest.
Digests = dict[str, tuple[Stat, str]]


def stat_of(st: os.stat_result) -> Stat:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def read_or_trust(root: Path, rel: str, problems: Problems, before: Digests,
                  now: Digests, changed_before_ns: int) -> tuple[SourceFile | None, bool]:
    """`read_source`, but a file whose stat is what an earlier build saw is not read again: its
    digest is that build's (`before`), its text is left empty, and the second value is True.
    Every file trusted, or read with times before `changed_before_ns` (a later change might keep
    them: see cache.RACY_NS), goes into `now`, for the next build. An edit then reads the edited
    file alone, as a long-running process does with `Known`."""
    try:
        stat = stat_of(os.stat(root / rel))
    except OSError:
        return read_source(root, rel, problems), False  # reports why
    hit = before.get(rel)
    if hit is not None and hit[0] == stat:
        now[rel] = hit
        return SourceFile(rel, "", hit[1]), True
    source = read_source(root, rel, problems)
    if source is not None and max(stat[1], stat[2]) < changed_before_ns:
        now[rel] = (stat, source.digest)
    return source, False


def read_known_source(root: Path, rel: str, problems: Problems, known: Known) -> SourceFile | None:
    """`read_source`, but a file whose size and modification time did not change since a
    long-running process last read it is taken from memory."""
    try:
        st = os.stat(root / rel)
    except OSError:
        return read_source(root, rel, problems)  # reports why
    hit = known.get(rel)
    if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
        return hit[2]
    source = read_source(root, rel, problems)
    if source is not None:
        known[rel] = (st.st_size, st.st_mtime_ns, source)
    return source


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MiB" if n >= 1_048_576 else f"{n / 1024:.1f} KiB"


def decode_source(rel: str, data: bytes, problems: Problems) -> SourceFile | None:
    """Bytes to text: UTF-8 with or without BOM, any line endings; anything else is an error."""
    digest = fingerprint(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        bad = exc.start + start  # utf-8-sig reports positions after the BOM
        line = data[:bad].count(b"\n") + 1
        line_start = max(data.rfind(b"\n", 0, bad) + 1, start)
        col = len(data[line_start:bad].decode("utf-8", errors="replace")) + 1
        problems.error(Position(rel, line, col),
                       N_("the file is not UTF-8 text (byte {byte})").format(
                           byte=f"0x{data[bad]:02x}"),
                       N_("save it as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"))
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<<<<<<<" in text and (marker := _CONFLICT.search(text)):
        line = text.count("\n", 0, marker.start()) + 1
        problems.error(Position(rel, line, 1),
                       N_("this file holds an unfinished git merge at line {line}").format(
                           line=line),
                       N_("keep the version you want of the lines between <<<<<<<, ======= and "
                          ">>>>>>>, delete those three marker lines, then 'git add' and "
                          "'git commit' the file"))
        return None
    return SourceFile(rel, text, digest)


def compose_yaml(source: SourceFile, problems: Problems, text: str | None = None,
                 line_offset: int = 0) -> yaml.Node | None:
    """Parse YAML to a node tree with positions; None for an empty document or an error."""
    try:
        node = yaml.compose(source.text if text is None else text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(source.path, mark.line + 1 + line_offset, mark.column + 1) if mark \
            else Position(source.path)
        what = exc.problem or exc.context or "invalid YAML"
        lines = (source.text if text is None else text).split("\n")
        shifted = indentation(lines, mark.line) if mark and exc.problem_mark and (
            "mapping values" in what or "expected <block end>" in what
            or "did not find expected" in what) else None
        if shifted is not None:
            message, hint, col = shifted
            problems.error(Position(pos.path, pos.line, col),
                           N_("broken YAML: {problem}").format(problem=message), hint)
        else:
            problems.error(pos, N_("broken YAML: {problem}").format(problem=what),
                           _yaml_hint(what))
        return None
    except yaml.YAMLError as exc:
        problems.error(Position(source.path), N_("broken YAML: {problem}").format(
            problem=str(exc)))
        return None
    if node is not None and _may_have_anchor(source.text if text is None else text) \
            and not _bounded(node, source, problems):
        return None
    if node is not None and line_offset:
        _shift(node, line_offset)
    return node


_KEY = re.compile(r"^( *)((?:- +)*)([A-Za-z_][\w-]*):(?:\s|$)")


def _key_at(line: str) -> tuple[int, str] | None:
    """Where the key of a 'key: value' line starts (after any '- '), and the key."""
    match = _KEY.match(line)
    return (match.end(2), match.group(3)) if match else None


def indentation(lines: list[str], at: int) -> tuple[str, str, int] | None:
    """A key indented one space more or less than the key above it, which PyYAML reports as
    'mapping values are not allowed' (the line goes on the value above), 'expected <block end>'
    or 'did not find expected ...': the message, hint and column that say so; None when that is
    not what line `at` (0-based) shows. Two spaces or more is as likely a text going on."""
    if not 0 < at < len(lines) or (here := _key_at(lines[at])) is None:
        return None
    above = next((i for i in range(at - 1, -1, -1)
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if above is None or (there := _key_at(lines[above])) is None:
        return None
    (col, key), (sibling_col, sibling) = here, there
    if abs(col - sibling_col) != 1:
        return None
    more = col > sibling_col
    message = (N_("'{key}' is indented one space more than '{sibling}' on line {line}") if more
               else N_("'{key}' is indented one space less than '{sibling}' on line {line}")
               ).format(key=key, sibling=sibling, line=above + 1)
    hint = N_("put '{key}' exactly under '{sibling}', with as many spaces before it: keys of the "
              "same set line up").format(key=key, sibling=sibling)
    return message, hint, col + 1


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return N_("a value containing ': ' needs quotes, e.g. title: \"Lezing: veilig thuis\"")
    if "found character '\\t'" in problem:
        return N_("indent with spaces, not tabs")
    if "could not find expected ':'" in problem:
        return N_("each line of a mapping is 'key: value'; check the indentation above")
    return N_("check the indentation and quotes on this line and the one above")


def _bounded(root: yaml.Node, source: SourceFile, problems: Problems) -> bool:
    """Refuse recursive aliases and alias bombs before anything walks the tree."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise RecursionError
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        return total

    try:
        expanded = size(root)
    except RecursionError:
        problems.error(Position(source.path),
                       N_("the YAML refers to itself through an alias (*)"),
                       N_("remove the anchor (&) or alias (*)"))
        return False
    if expanded > MAX_EXPANDED_NODES:
        problems.error(Position(source.path),
                       N_("the YAML's aliases expand to {count} values, more than weekgen "
                          "reads").format(count=f"{expanded:,}"),
                       N_("write the values out instead of repeating them with aliases (*)"))
        return False
    return True


def _shift(node: yaml.Node, lines: int) -> None:
    """Move positions of a front-matter tree to the lines they have in the whole file."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        for mark in (n.start_mark, n.end_mark):
            if mark is not None:
                mark.line += lines
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown page split in two: its YAML front matter (as nodes) and its body."""

    meta: yaml.Node | None
    body: str
    body_line: int  # the file line on which the body starts


def split_front_matter(source: SourceFile, problems: Problems) -> FrontMatter | None:
    text = source.text
    handler = _front_matter()
    if not handler.detect(text):
        if text.lstrip().startswith("---"):
            problems.error(Position(source.path, 1, 1), N_("the front matter is not closed"),
                           N_("end the front matter with a line holding only ---"))
            return None
        return FrontMatter(None, text, 1)
    try:
        meta_text, body = handler.split(text)
    except ValueError:
        problems.error(Position(source.path, 1, 1), N_("the front matter is not closed"),
                       N_("end the front matter with a line holding only ---"))
        return None
    offset = text[: text.index(meta_text)].count("\n") if meta_text else 1
    meta = compose_yaml(source, problems, meta_text, line_offset=offset)
    if meta is None and meta_text.strip():
        return None
    body_line = offset + meta_text.count("\n") + 2
    return FrontMatter(meta, body, body_line)
