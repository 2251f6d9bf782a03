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
               each: Callable[[list[R]], None] | None = None) -> list[R]:
    """`work` over `items` in chunks, in worker processes when it pays, results in order.

    `work` must be a module-level function; it reaches `shared_value` through `shared()`.
    `done` hears how many items are finished after each chunk (for a progress line). With
    `each`, every chunk's results go to it as they come, in no particular order, and none are
    kept (the list returned is empty), so that a big stage's results need not all be in memory
    at once.
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
            _share_the_work(work, chunks, count, deliver)
        return [r for i in range(len(chunks)) for r in kept.pop(i, [])]
    finally:
        _shared = None


def _share_the_work(work: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]],
                    count: int, deliver: Callable[[int, list[R]], None]) -> None:
    """`count - 1` forked workers take chunks from the front, this process from the back, until
    they meet. This process works too (between handing chunks out and taking results in) rather
    than wait: one process fewer holds its own copy of what it touches."""
    ahead = 3 * (count - 1)  # chunks queued for the workers, so that they never wait
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count - 1, mp_context=context) as pool:
        queued: dict[int, Future[list[R]]] = {}
        front, back = 0, len(chunks)  # the chunks not handed out yet: front to back - 1
        while queued or front < back:
            while front < back and len(queued) < ahead:
                queued[front] = pool.submit(work, chunks[front])
                front += 1
            for i in [i for i, f in queued.items() if f.done()]:
                deliver(i, queued.pop(i).result())
            if front < back:
                back -= 1
                deliver(back, work(chunks[back]))
            elif queued:
                wait(queued.values(), return_when=FIRST_COMPLETED)
