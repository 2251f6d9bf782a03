"""Using every core: a stage's work split into chunks, run by forked workers and the main process.

Workers are forked after the main process has built what they need (the site model, the
templates), so nothing large is pickled on the way in: pass the numbers of the items as `items`
when the items point into the model, and the items themselves in `shared_value`. Each chunk
returns plain values. With n cores there are n - 1 workers and the main process works too.
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
        finished = 0

        def deliver(part: list[R], size: int) -> None:
            nonlocal finished
            if each is None:
                results.extend(part)
            else:
                each(part)
            finished += size
            if done is not None:
                done(finished)

        if count < 2 or len(items) < min_parallel or threading.active_count() > 1 or \
                "fork" not in multiprocessing.get_all_start_methods():
            for chunk in chunks:
                deliver(work(chunk), len(chunk))
            return results
        _share_the_work(work, chunks, count, deliver)
        return results
    finally:
        _shared = None


def _share_the_work(work: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]],
                    count: int, deliver: Callable[[list[R], int], None]) -> None:
    """`count - 1` forked workers and this process share the chunks; results are delivered in
    order. This process works too (between handing chunks out and taking results in) rather
    than wait: one process fewer holds its own copy of what it touches."""
    ahead = 3 * (count - 1)  # chunks queued for the workers, so that they never wait
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count - 1, mp_context=context) as pool:
        queued: dict[int, Future[list[R]]] = {}
        ready: dict[int, list[R]] = {}
        handed = delivered = 0
        while delivered < len(chunks):
            while handed < len(chunks) and len(queued) < ahead:
                queued[handed] = pool.submit(work, chunks[handed])
                handed += 1
            for i in [i for i, f in queued.items() if f.done()]:
                ready[i] = queued.pop(i).result()
            if handed < len(chunks):
                ready[handed] = work(chunks[handed])
                handed += 1
            elif delivered not in ready and queued:
                wait(queued.values(), return_when=FIRST_COMPLETED)
            while delivered in ready:
                deliver(ready.pop(delivered), len(chunks[delivered]))
                delivered += 1
