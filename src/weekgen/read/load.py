"""The load stage: content files to validated records, every problem collected.

Each file is parsed once per content hash; an unchanged file comes from the cache with the
problems it had, so its errors are reported again without parsing it again. Nor is it read: a
file whose stat is the one the last build saw has that build's content hash (a long-running
process keeps the files themselves), so an edit reads the edited file alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weekgen.engine import workers
from weekgen.engine.cache import Cache, changed_before
from weekgen.errors import Position, Problem, Problems
from weekgen.model.config import SiteConfig, WeekConfig
from weekgen.model.content import Activity, Page
from weekgen.read.project import default_theme_dir
from weekgen.read.records import (
    missing_images,
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


def parse_activities(source: SourceFile, year: int) -> tuple[list[Activity], list[Problem]]:
    problems = Problems()
    node = compose_yaml(source, problems)
    activities = read_activities(node, source, year, problems) if not problems.errors else []
    return activities, problems.items


def parse_page(source: SourceFile, year: int | None) -> tuple[Page | None, list[Problem]]:
    problems = Problems()
    front = split_front_matter(source, problems)
    page = read_page(front, source, year, problems) if front is not None else None
    return page, problems.items


@dataclass(frozen=True)
class _Job:
    """One activities file or page to parse (or to take from the cache)."""

    source: SourceFile
    year: int | None  # None: a page of the whole site
    kind: str  # "activities" or "page"
    unread: bool = False  # trusted by its stat: the digest is known, the text is not read

    @property
    def key(self) -> str:
        return hashlib.blake2b(f"{self.kind}\0{self.source.path}\0{self.year}\0"
                               f"{self.source.digest}".encode(), digest_size=16).hexdigest()


def load(root: Path, cache: Cache, problems: Problems, processes: int | None = None,
         known: Known | None = None) -> Inputs:
    """Read and validate all content; files parse on every core, unchanged ones not at all.

    `known` (kept by a long-running process) holds the files read before, by size and time."""
    files = scan_content(root, problems)
    inputs = Inputs()
    # A command-line build trusts the files whose stat the last one saw (a long-running process
    # keeps `known` instead), so that an edit reads the edited file alone.
    last_read: Digests = cache.digests() if known is None else {}
    this_read: Digests = {}
    trust_before = changed_before(time.time_ns())

    def read(rel: str) -> tuple[SourceFile | None, bool]:
        if known is None:
            return read_or_trust(root, rel, problems, last_read, this_read, trust_before)
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
    jobs: list[_Job] = []
    for year, year_files in sorted(files.years.items()):
        week = _load_week(root, year, year_files.week, inputs, problems)
        if week is not None:
            inputs.weeks.append(week)
        for kind, rels in (("activities", year_files.activities), ("page", year_files.pages)):
            for rel in rels:
                source, unread = read(rel)
                if source is not None:
                    jobs.append(_Job(source, year, kind, unread))
        inputs.assets.extend(year_files.assets)
    for rel in files.pages:
        source, unread = read(rel)
        if source is not None:
            jobs.append(_Job(source, None, "page", unread))
    inputs.assets.extend(files.assets)
    if known is None and this_read != last_read:
        cache.store_digests(this_read)
    parsed = _parse_all(jobs, cache, processes, lambda job: _read_after_all(root, job, problems))
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
        if len(problems) > before and job.unread:  # its lines, to quote them
            job = _read_after_all(root, job, Problems())
        _remember(inputs, job.source, problems, before)
    for year in files.years:
        inputs.activities.setdefault(year, [])
        inputs.pages.setdefault(year, [])
    return inputs


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
                       f"'logo' {rel} is not a file of this site",
                       "put the logo in the site's static/ folder and write e.g. "
                       "logo: static/logo.svg")


# The most text a worker is handed at once, unless one file has more: a year's pages together,
# a big activities file alone. A chunk of one small page costs more to hand over than to parse.
CHUNK_TEXT = 64_000


def _read_after_all(root: Path, job: _Job, problems: Problems) -> _Job:
    """A trusted file's job, read: its text is needed after all."""
    source = read_source(root, job.source.path, problems)
    return _Job(source, job.year, job.kind) if source is not None else job


def _parse_all(jobs: list[_Job], cache: Cache, processes: int | None,
               read: Callable[[_Job], _Job]) -> list[Any]:
    """Each job's parsed records and problems, in order. A trusted file that is not in the
    cache (any more) is read now (`read`); `jobs` then holds it read."""
    results = [cache.parsed(job.key) for job in jobs]
    for i, job in enumerate(jobs):
        if results[i] is None and job.unread:
            jobs[i] = read(job)
            results[i] = cache.parsed(jobs[i].key) if not jobs[i].unread else \
                ([] if job.kind == "activities" else None, [])  # unreadable now: reported
    misses = [i for i, hit in enumerate(results) if hit is None]
    groups: list[list[int]] = []
    size = CHUNK_TEXT
    for i in misses:
        if size >= CHUNK_TEXT:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += len(jobs[i].source.text)
    parsed = workers.run_chunks(_parse_chunk, groups, shared_value=(jobs, cache),
                                min_parallel=4, chunk_size=1, workers=processes,
                                main_works=False)
    for i, result in zip(misses, parsed, strict=True):
        results[i] = result
        cache.remember_parsed(jobs[i].key, result)  # a worker kept it on disk, not in our memory
    return results


def _parse_chunk(groups: Sequence[list[int]]) -> list[Any]:
    """In a worker: parse files and keep the results in the cache."""
    jobs, cache = workers.shared()
    out = []
    for i in (i for group in groups for i in group):
        job = jobs[i]
        if job.kind == "activities" and job.year is not None:
            result: Any = parse_activities(job.source, job.year)
        else:
            result = parse_page(job.source, job.year)
        cache.store_parsed(job.key, result)
        out.append(result)
    return out


def _load_week(root: Path, year: int, rel: str | None, inputs: Inputs,
               problems: Problems) -> WeekConfig | None:
    if rel is None:
        return read_week_config(None, f"content/{year}/week.yaml", year, problems)
    source = read_source(root, rel, problems)
    if source is None:
        return None
    before = len(problems)
    node = compose_yaml(source, problems)
    week = None
    if len(problems) == before:
        week = read_week_config(node, source.path, year, problems)
    _remember(inputs, source, problems, before)
    return week


def _remember(inputs: Inputs, source: SourceFile, problems: Problems, before: int) -> None:
    if len(problems) > before:
        inputs.texts[source.path] = source.text
