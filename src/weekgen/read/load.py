"""The load stage: content files to validated records, every problem collected.

What makes loading fast is the engine's (engine/loading.py), handed in: `parse` turns the files
into records, from the cache or on every core, and `last_read` tells which files need not be read
at all (their stat is what the last build saw, so their content hash is that build's). Called
without them, every file is read and parsed here, one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weekgen.errors import Position, Problem, Problems
from weekgen.model import week as calendar
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity, ActivityRules, Page
from weekgen.read.catalogue import with_catalogue
from weekgen.read.pictures import Pictures, activity_texts, page_texts
from weekgen.read.project import default_theme_dir
from weekgen.read.records import (
    activity_rules,
    missing_images,
    missing_posters,
    read_activities,
    read_page,
    read_site_config,
    read_week_config,
)
from weekgen.read.sources import (
    Digests,
    Known,
    SourceFile,
    compose_yaml,
    read_known_source,
    read_or_trust,
    read_source,
    scan_content,
    split_front_matter,
)
from weekgen.wording import N_


@dataclass
class Inputs:
    """Everything the content says, validated, before it is put together."""

    config: SiteConfig | None = None
    weeks: list[WeekConfig] = field(default_factory=list)
    activities: dict[int, list[Activity]] = field(default_factory=dict)
    pages: dict[int, list[Page]] = field(default_factory=dict)
    site_pages: list[Page] = field(default_factory=list)  # content/*.md: of the whole site
    assets: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # of files with problems, to quote lines
    # Each file read with times old enough to trust, or trusted: for the next build's `last_read`.
    read: Digests = field(default_factory=dict)


def parse_activities(source: SourceFile, year: int, rules: ActivityRules | None = None
                     ) -> tuple[list[Activity], list[Problem]]:
    problems = Problems()
    node = compose_yaml(source, problems)
    activities = read_activities(node, source, year, problems, rules) \
        if not problems.errors else []
    return activities, problems.items


def parse_page(source: SourceFile, year: int | None) -> tuple[Page | None, list[Problem]]:
    problems = Problems()
    front = split_front_matter(source, problems)
    page = read_page(front, source, year, problems) if front is not None else None
    return page, problems.items


@dataclass(frozen=True)
class Job:
    """One activities file or page to parse (or to take from the cache)."""

    source: SourceFile
    year: int | None  # None: a page of the whole site
    kind: str  # "activities" or "page"
    unread: bool = False  # trusted by its stat: the digest is known, the text is not read
    rules: ActivityRules | None = None  # what the year's activities may hold (site.yaml)


Parsed = tuple[Any, list[Problem]]  # a file's records (a list, or a page or None) and problems
# Every job's records and problems, in order. A trusted job whose records are not known after
# all is read with the function given (which returns it read), and its list entry replaced.
ParseAll = Callable[[list[Job], Callable[[Job], Job]], list[Parsed]]


def parse(job: Job) -> Parsed:
    """One file's records and problems."""
    if job.kind == "activities" and job.year is not None:
        return parse_activities(job.source, job.year, job.rules)
    return parse_page(job.source, job.year)


def parse_in_turn(jobs: list[Job], read: Callable[[Job], Job]) -> list[Parsed]:
    """Every job parsed here, one after the other (without the engine)."""
    for i, job in enumerate(jobs):
        if job.unread:
            jobs[i] = read(job)
    return [parse(job) if not job.unread else ([] if job.kind == "activities" else None, [])
            for job in jobs]


def load(root: Path, problems: Problems, parse_all: ParseAll = parse_in_turn,
         known: Known | None = None, last_read: Digests | None = None,
         trust_before: int = 0) -> Inputs:
    """Read and validate all content.

    `known` (kept by a long-running process) holds the files read before, by size and time.
    Without it, a file whose stat is in `last_read` (kept by the last build) is trusted, not
    read, when its times are before `trust_before` (see sources.read_or_trust)."""
    files = scan_content(root, problems)
    inputs = Inputs()
    this_read = inputs.read
    last = last_read or {}

    def read(rel: str) -> tuple[SourceFile | None, bool]:
        if known is None:
            return read_or_trust(root, rel, problems, last, this_read, trust_before)
        return read_known_source(root, rel, problems, known), False

    if files.site is not None:
        source = read_source(root, files.site, problems)
        if source is not None:
            before = len(problems)
            node = compose_yaml(source, problems)
            if len(problems) == before:
                inputs.config = read_site_config(node, source.path, problems)
                _check_logo(root, inputs.config, problems)
            _remember(inputs, source, problems, before)
        if inputs.config is not None:
            before = len(problems)
            inputs.config, catalogue = with_catalogue(root, inputs.config, problems)
            if catalogue is not None:
                _remember(inputs, catalogue, problems, before)
    jobs: list[Job] = []
    for year, year_files in sorted(files.years.items()):
        week = _load_week(root, year, year_files.week, inputs, problems)
        if week is not None:
            inputs.weeks.append(week)
        rules = activity_rules(inputs.config, week, year)
        for kind, rels in (("activities", year_files.activities), ("page", year_files.pages)):
            for rel in rels:
                source, unread = read(rel)
                if source is not None:
                    jobs.append(Job(source, year, kind, unread,
                                    rules if kind == "activities" else None))
        inputs.assets.extend(year_files.assets)
    for rel in files.pages:
        source, unread = read(rel)
        if source is not None:
            jobs.append(Job(source, None, "page", unread))
    inputs.assets.extend(files.assets)
    parsed = parse_all(jobs, lambda job: _read_after_all(root, job, problems))
    for job, (found, file_problems) in zip(jobs, parsed, strict=True):
        if job.year is None:
            if found is not None:
                inputs.site_pages.append(found)
        elif job.kind == "activities":
            inputs.activities.setdefault(job.year, []).extend(found)
        elif found is not None:
            inputs.pages.setdefault(job.year, []).append(found)
        before = len(problems)
        problems.extend(file_problems)
        if job.kind == "page" and found is not None and found.image:
            missing_images([found], inputs.assets, problems)  # its picture must be there too
        if job.kind == "activities":
            missing_posters(found, inputs.assets, problems)
        if len(problems) > before and job.unread:  # its lines, to quote them
            job = _read_after_all(root, job, Problems())
        _remember(inputs, job.source, problems, before)
    for year in files.years:
        inputs.activities.setdefault(year, [])
        inputs.pages.setdefault(year, [])
    _with_pictures(root, inputs)
    return inputs


def _with_pictures(root: Path, inputs: Inputs) -> None:
    """Each record's digest with the state of the content's pictures it shows (read/pictures.py:
    a page gives each its size)."""
    pictures = Pictures(root, inputs.assets)
    if not pictures.by_name:
        return
    for year, activities in inputs.activities.items():
        inputs.activities[year] = [pictures.with_state(a, activity_texts(a)) for a in activities]
    for year, pages in inputs.pages.items():
        inputs.pages[year] = [pictures.with_state(p, page_texts(p)) for p in pages]
    inputs.site_pages = [pictures.with_state(p, page_texts(p)) for p in inputs.site_pages]


def _check_logo(root: Path, config: SiteConfig | None, problems: Problems) -> None:
    """The logo is a file the site will have: in its static/ folder (or the theme's), or next to
    a year's content."""
    if config is None or not config.logo:
        return
    rel = config.logo
    if rel.startswith("static/"):
        name = rel.removeprefix("static/")
        found = any((d / name).is_file() for d in (root / "static", default_theme_dir("static")))
    else:
        found = rel.split("/")[0].isdigit() and (root / "content" / rel).is_file()
    if not found:
        problems.error(config.logo_at or Position("content/site.yaml"),
                       N_("'logo' {logo} is not a file of this site").format(logo=rel),
                       N_("put the logo in the site's static/ folder and write e.g. "
                          "logo: static/logo.svg"))


def _read_after_all(root: Path, job: Job, problems: Problems) -> Job:
    """A trusted file's job, read: its text is needed after all."""
    source = read_source(root, job.source.path, problems)
    return Job(source, job.year, job.kind, rules=job.rules) if source is not None else job


def _load_week(root: Path, year: int, rel: str | None, inputs: Inputs,
               problems: Problems) -> WeekConfig | None:
    rule = inputs.config.rule if inputs.config is not None else calendar.DEFAULT_RULE
    if rel is None:
        return read_week_config(None, f"content/{year}/week.yaml", year, problems, rule)
    source = read_source(root, rel, problems)
    if source is None:
        return None
    before = len(problems)
    node = compose_yaml(source, problems)
    week = None
    if len(problems) == before:
        week = read_week_config(node, source.path, year, problems, rule)
    _remember(inputs, source, problems, before)
    return week


def _remember(inputs: Inputs, source: SourceFile, problems: Problems, before: int) -> None:
    if len(problems) > before:
        inputs.texts[source.path] = source.text
