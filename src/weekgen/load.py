"""The load stage: content files to validated records, every problem collected.

Each file is parsed once per content hash; an unchanged file comes from the cache with the
problems it had, so its errors are reported again without parsing it again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from weekgen.cache import Cache
from weekgen.config import SiteConfig, WeekConfig, read_site_config, read_week_config
from weekgen.content import Activity, Page, read_activities, read_page
from weekgen.errors import Problem, Problems
from weekgen.sources import (
    SourceFile,
    compose_yaml,
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
    assets: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # of files with problems, to quote lines


def parse_activities(source: SourceFile, year: int) -> tuple[list[Activity], list[Problem]]:
    problems = Problems()
    node = compose_yaml(source, problems)
    activities = read_activities(node, source, year, problems) if not problems.errors else []
    return activities, problems.items


def parse_page(source: SourceFile, year: int) -> tuple[Page | None, list[Problem]]:
    problems = Problems()
    front = split_front_matter(source, problems)
    page = read_page(front, source, year, problems) if front is not None else None
    return page, problems.items


def _cache_key(source: SourceFile, year: int, kind: str) -> str:
    return hashlib.blake2b(f"{kind}\0{source.path}\0{year}\0{source.digest}".encode(),
                           digest_size=16).hexdigest()


def load(root: Path, cache: Cache, problems: Problems) -> Inputs:
    files = scan_content(root, problems)
    inputs = Inputs()
    if files.site is not None:
        source = read_source(root, files.site, problems)
        if source is not None:
            before = len(problems)
            node = compose_yaml(source, problems)
            if len(problems) == before:
                inputs.config = read_site_config(node, source.path, problems)
            _remember(inputs, source, problems, before)
    for year, year_files in sorted(files.years.items()):
        week = _load_week(root, year, year_files.week, inputs, problems)
        if week is not None:
            inputs.weeks.append(week)
        activities: list[Activity] = []
        for rel in year_files.activities:
            source = read_source(root, rel, problems)
            if source is None:
                continue
            found, file_problems = _cached(cache, source, year, "activities")
            activities.extend(found)
            _record(inputs, source, problems, file_problems)
        inputs.activities[year] = activities
        pages: list[Page] = []
        for rel in year_files.pages:
            source = read_source(root, rel, problems)
            if source is None:
                continue
            page, file_problems = _cached(cache, source, year, "page")
            if page is not None:
                pages.append(page)
            _record(inputs, source, problems, file_problems)
        inputs.pages[year] = pages
        inputs.assets.extend(year_files.assets)
    return inputs


def _cached(cache: Cache, source: SourceFile, year: int, kind: str):  # type: ignore[no-untyped-def]
    key = _cache_key(source, year, kind)
    hit = cache.parsed(key)
    if hit is not None:
        return hit
    result = parse_activities(source, year) if kind == "activities" else parse_page(source, year)
    cache.store_parsed(key, result)
    return result


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


def _record(inputs: Inputs, source: SourceFile, problems: Problems,
            file_problems: list[Problem]) -> None:
    before = len(problems)
    problems.extend(file_problems)
    _remember(inputs, source, problems, before)


def _remember(inputs: Inputs, source: SourceFile, problems: Problems, before: int) -> None:
    if len(problems) > before:
        inputs.texts[source.path] = source.text
