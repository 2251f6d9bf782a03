"""Loading, fast: each content file is parsed once per content hash, on every core.

An unchanged file comes from the cache with the problems it had, so its errors are reported again
without parsing it again. Nor is it read: a file whose stat is the one the last build saw has that
build's content hash (a long-running process keeps the files themselves), so an edit reads the
edited file alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from weekgen.engine import keys, workers
from weekgen.engine.cache import Cache, changed_before
from weekgen.errors import Problems
from weekgen.read.load import Inputs, Job, Parsed, load, parse
from weekgen.read.sources import Known

# The most text a worker is handed at once, unless one file has more: a year's pages together,
# a big activities file alone. A chunk of one small page costs more to hand over than to parse.
CHUNK_TEXT = 64_000


def load_cached(root: Path, cache: Cache, problems: Problems, processes: int | None = None,
                known: Known | None = None) -> Inputs:
    """Read and validate all content; files parse on every core, unchanged ones not at all.

    `known` (kept by a long-running process) holds the files read before, by size and time; a
    command-line build trusts the files whose stat the last one saw instead."""
    last_read = cache.files.digests() if known is None else {}
    inputs = load(root, problems,
                  lambda jobs, read: _parse_all(jobs, cache, processes, read),
                  known=known, last_read=last_read,
                  trust_before=changed_before(time.time_ns()))
    if known is None and inputs.read != last_read:
        cache.files.store_digests(inputs.read)
    return inputs


def _parse_all(jobs: list[Job], cache: Cache, processes: int | None,
               read: Callable[[Job], Job]) -> list[Parsed]:
    """Each job's parsed records and problems, in order. A trusted file that is not in the
    cache (any more) is read now (`read`); `jobs` then holds it read."""
    results = [cache.files.get(keys.parsed_key(job)) for job in jobs]
    for i, job in enumerate(jobs):
        if results[i] is None and job.unread:
            jobs[i] = read(job)
            results[i] = cache.files.get(keys.parsed_key(jobs[i])) if not jobs[i].unread else \
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
        cache.files.remember(keys.parsed_key(jobs[i]), result)  # a worker kept it on disk
    return results


def _parse_chunk(groups: Sequence[list[int]]) -> list[Any]:
    """In a worker: parse files and keep the results in the cache."""
    jobs, cache = workers.shared()
    out = []
    for i in (i for group in groups for i in group):
        result = parse(jobs[i])
        cache.files.store(keys.parsed_key(jobs[i]), result)
        out.append(result)
    return out
