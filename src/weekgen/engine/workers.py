"""Using every core: a stage's work split into chunks, run by forked workers and the main process.

Workers are forked after the main process has built what they need (the site model, the
templates), so nothing large is pickled on the way in: pass the numbers of the items as `items`
when the items point into the model, and the items themselves in `shared_value`. Each chunk
returns plain values. With n cores there are n - 1 workers and the main process works too: the
workers from the front of the list, the main process from its end. Items near each other in the
list (the pages of one year) then mostly stay in one process, and what they share (a year's list
entries) is made once, not once in each process.
A run may be begun ahead (`begin`) and finished later (`Run.finish`): the workers start on it
while the main process does something else, then the main process joins in.
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
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None  # what the work of the run in progress reaches through `shared()`
_run: Any = None  # in a worker: (work, chunks, bounds) of the run it was forked for


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def shared() -> Any:
    """In the work of a run: the value the main process passed as `shared_value`."""
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
    return begin(work, items, shared_value=shared_value, min_parallel=min_parallel,
                 chunk_size=chunk_size, workers=workers, main_works=main_works,
                 ).finish(done=done, each=each)


def begin(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, shared_value: Any,
          min_parallel: int, chunk_size: int, workers: int | None = None,
          main_works: bool = True) -> Run[T, R]:
    """`run_chunks` begun: the workers start now, the main process joins in at `finish`."""
    return Run(work, items, shared_value, min_parallel, chunk_size,
               workers if workers is not None else cores(), main_works)


class Run(Generic[T, R]):
    """A run of `work` over chunks of items, begun in worker processes.

    `count - 1` forked workers take chunks from the front, the main process takes them from the
    back (in `finish`), until they meet. The main process works too rather than wait: one process
    fewer holds its own copy of what it touches. A worker's task takes its chunk when it starts,
    not when it is handed out: a task for every chunk is queued at once, so a worker always has
    the next one, however long the main process spends elsewhere (a year's activities file beside
    a page of twenty words: with a few chunks handed out at a time, the worker waited half the
    time). The tasks left when the two ends meet return at once."""

    def __init__(self, work: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                 shared_value: Any, min_parallel: int, chunk_size: int, count: int,
                 main_works: bool) -> None:
        global _shared, _run
        self.work = work
        self.shared_value = shared_value
        self.chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
        self.main_works = main_works
        self.pool: ProcessPoolExecutor | None = None
        self.pending: set[Future[tuple[int, list[R]] | None]] = set()
        if count < 2 or len(items) < min_parallel or threading.active_count() > 1 or \
                "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.bounds = context.Array("i", [0, len(self.chunks)])  # those left: [0] to [1] - 1
        saved = _shared, _run
        _shared, _run = shared_value, (work, self.chunks, self.bounds)  # for the workers to fork
        try:
            self.pool = ProcessPoolExecutor(max_workers=count - 1 if main_works else count,
                                            mp_context=context)
            self.pending = {self.pool.submit(_from_front) for _ in self.chunks}
        finally:
            _shared, _run = saved

    def __enter__(self) -> Run[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers of a run that will not be finished (the build failed meanwhile)."""
        if self.pool is not None:
            with self.bounds.get_lock():
                self.bounds[0] = self.bounds[1]
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def finish(self, done: Callable[[int], None] | None = None,
               each: Callable[[list[R]], None] | None = None) -> list[R]:
        """The main process's share of the work, then every chunk's results: see `run_chunks`."""
        global _shared
        finished = 0
        kept: dict[int, list[R]] = {}

        def deliver(index: int, part: list[R]) -> None:
            nonlocal finished
            if each is None:
                kept[index] = part
            else:
                each(part)
            finished += len(self.chunks[index])
            if done is not None:
                done(finished)

        saved = _shared
        _shared = self.shared_value
        try:
            if self.pool is None:
                for i, chunk in enumerate(self.chunks):
                    deliver(i, self.work(chunk))
            else:
                self._share_the_work(deliver)
        finally:
            _shared = saved
            self.pool = None
        return [r for i in range(len(self.chunks)) for r in kept.pop(i, [])]

    def _share_the_work(self, deliver: Callable[[int, list[R]], None]) -> None:
        assert self.pool is not None
        pending = self.pending
        with self.pool:
            try:
                while self.main_works and (index := _take(self.bounds, back=True)) is not None:
                    deliver(index, self.work(self.chunks[index]))
                    for future in [f for f in pending if f.done()]:
                        pending.remove(future)
                        _deliver(future, deliver)
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        _deliver(future, deliver)
            except BaseException:
                self.close()  # no worker starts another chunk
                raise


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
