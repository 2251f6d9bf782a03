"""Using every core: a stage's work split into chunks and run in forked worker processes.

Workers are forked after the main process has built what they need (the site model, the
templates), so nothing large is pickled on the way in: pass the numbers of the items as `items`
when the items point into the model, and the items themselves in `shared_value`. Each chunk
returns plain values. Small jobs
run in the main process: forking costs more than it saves below a few hundred items. Nor does a
process fork while other threads run (the dev server's watcher, a test's HTTP server): a lock
held by another thread at that moment would stay locked in the child forever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None  # what the forked workers inherit; set only around a parallel run


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def shared() -> Any:
    """In a worker: the value the main process passed as `shared` to `run_chunks`."""
    return _shared


def run_chunks(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, shared_value: Any,
               min_parallel: int, chunk_size: int, workers: int | None = None,
               done: Callable[[int], None] | None = None,
               each: Callable[[list[R]], None] | None = None) -> list[R]:
    """`work` over `items` in chunks, in worker processes when it pays, results in order.

    `work` must be a module-level function; it reaches `shared_value` through `shared()`.
    `done` hears how many items are finished after each chunk (for a progress line). With
    `each`, every chunk's results go to it as they come and none are kept (the list returned is
    empty), so that a big stage's results need not all be in memory at once.
    """
    global _shared
    count = workers if workers is not None else cores()
    _shared = shared_value
    try:
        chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
        results: list[R] = []
        if count < 2 or len(items) < min_parallel or threading.active_count() > 1 or \
                "fork" not in multiprocessing.get_all_start_methods():
            finished = 0
            for chunk in chunks:
                _take(work(chunk), results, each)
                finished += len(chunk)
                if done is not None:
                    done(finished)
            return results
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            finished = 0
            for chunk, part in zip(chunks, pool.map(work, chunks), strict=True):
                _take(part, results, each)
                finished += len(chunk)
                if done is not None:
                    done(finished)
            return results
    finally:
        _shared = None


def _take(part: list[R], results: list[R], each: Callable[[list[R]], None] | None) -> None:
    if each is None:
        results.extend(part)
    else:
        each(part)
