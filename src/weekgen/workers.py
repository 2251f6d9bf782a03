"""Using every core: a stage's work split into chunks, run by forked workers and the main process.

Workers are forked after the main process has built what they need (the site model, the
templates), so nothing large is pickled on the way in: pass the numbers of the items as `items`
when the items point into the model, and the items themselves in `shared_value`. Each chunk
returns plain values. With n cores there are n - 1 workers and the main process works too: the
workers from the front of the list, the main process from its end. Items near each other in the
list (the pages of one year) then mostly stay in one process, and what they share (a year's list
entries) is made once, not once in each process.
Small jobs run in the main process alone: forking costs more than it saves below a few hundred
items. Nor does a process fork while other threads run (the dev server's watcher, a test's HTTP
server): a lock held by another thread at that moment would stay locked in the child forever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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
               each: Callable[[list[R]], None] | None = None,
               main_works: bool = True) -> list[R]:
    """`work` over `items` in chunks, in worker processes when it pays, results in order.

    `work` must be a module-level function; it reaches `shared_value` through `shared()`.
    `done` hears how many items are finished after each chunk (for a progress line). With
    `each`, every chunk's results go to it as they come, in no particular order, and none are
    kept (the list returned is empty), so that a big stage's results need not all be in memory
    at once. `main_works=False`: this process only takes the results in, and there is a worker
    on every core instead, for work that holds on to the interpreter for long stretches (PyYAML's
    C parser): a worker's result waits in its pipe until this process reads it, and while this
    process parses, its reading thread hardly gets a turn.
    """
    global _shared
    count = workers if workers is not None else cores()
    _shared = shared_value
    try:
        chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
        finished = 0

        def deliver(index: int, part: list[R]) -> None:
            nonlocal finished
            if each is None:
                kept[index] = part
            else:
                each(part)
            finished += len(chunks[index])
            if done is not None:
                done(finished)

        kept: dict[int, list[R]] = {}
        if count < 2 or len(items) < min_parallel or threading.active_count() > 1 or \
                "fork" not in multiprocessing.get_all_start_methods():
            for i, chunk in enumerate(chunks):
                deliver(i, work(chunk))
        else:
            _share_the_work(work, chunks, count, deliver, main_works)
        return [r for i in range(len(chunks)) for r in kept.pop(i, [])]
    finally:
        _shared = None


def _share_the_work(work: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]],
                    count: int, deliver: Callable[[int, list[R]], None],
                    main_works: bool = True) -> None:
    """`count - 1` forked workers take chunks from the front, this process from the back, until
    they meet. This process works too (between taking results in) rather than wait: one process
    fewer holds its own copy of what it touches.

    A worker's task takes its chunk when it starts, not when it is handed out: a task for every
    chunk is queued at once, so a worker always has the next one, however long this process
    spends on its own chunk (a year's activities file beside a page of twenty words: with a few
    chunks handed out at a time, the worker waited for this process half the time). The tasks
    left when the two ends meet return at once."""
    global _run
    context = multiprocessing.get_context("fork")
    bounds = context.Array("i", [0, len(chunks)])  # the chunks left: bounds[0] to bounds[1] - 1
    _run = (work, chunks, bounds)  # what the workers inherit when they fork
    with ProcessPoolExecutor(max_workers=count - 1 if main_works else count,
                             mp_context=context) as pool:
        pending = {pool.submit(_from_front) for _ in chunks}
        try:
            while main_works and (index := _take(bounds, back=True)) is not None:
                deliver(index, work(chunks[index]))
                for future in [f for f in pending if f.done()]:
                    pending.remove(future)
                    _deliver(future, deliver)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    _deliver(future, deliver)
        except BaseException:
            with bounds.get_lock():  # no worker starts another chunk
                bounds[0] = bounds[1]
            pool.shutdown(cancel_futures=True)
            raise
        finally:
            _run = None


_run: Any = None  # in a worker: (work, chunks, bounds) of the parallel run it was forked for


def _take(bounds: Any, back: bool) -> int | None:
    """The number of the next chunk from one end of those left, or None when none are left."""
    with bounds.get_lock():
        first, end = bounds[0], bounds[1]
        if first >= end:
            return None
        if back:
            bounds[1] = end - 1
            return int(end - 1)
        bounds[0] = first + 1
        return int(first)


def _from_front() -> tuple[int, Any] | None:
    """A worker's task: the next chunk from the front, done; None when there is none left."""
    work, chunks, bounds = _run
    index = _take(bounds, back=False)
    if index is None:
        return None
    return index, work(chunks[index])


def _deliver(future: Future[tuple[int, Any] | None],
             deliver: Callable[[int, Any], None]) -> None:
    found = future.result()
    if found is not None:
        deliver(*found)
