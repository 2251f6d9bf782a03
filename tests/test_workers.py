"""Sharing a stage's work between forked workers and the main process (workers.py).

Each case runs in a fresh interpreter: workers fork only while no other thread runs, and a test
session may have servers running in threads."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import json, os, sys, time
    from weekgen.engine import workers
    MAIN = os.getpid()

    def pids(chunk):
        if os.getpid() == MAIN and slow_main:
            time.sleep(0.3)  # as a year's activities file beside a worker's page of twenty words
        elif case == "in order":
            time.sleep(0.02)  # long enough for the worker to start before the end
        return [(n, os.getpid() == MAIN) for n in chunk]

    def fails(chunk):
        if 7 in chunk:
            raise ValueError("chunk with 7")
        return list(chunk)

    seen = []

    def note(chunk):
        if os.getpid() == MAIN:
            seen.append(sys.getswitchinterval())
        return list(chunk)

    case = sys.argv[1]
    slow_main = case == "slow main"
    if case == "interval":  # the process's thread switching is the workers' to leave alone
        before = sys.getswitchinterval()
        workers.run_chunks(note, range(20), shared_value=None, min_parallel=1, chunk_size=1,
                           workers=2)
        after = sys.getswitchinterval()
        with workers.begin(pids, range(30), shared_value=None, min_parallel=1, chunk_size=1,
                           workers=2):
            pass
        closed = sys.getswitchinterval()
        try:
            workers.run_chunks(fails, range(20), shared_value=None, min_parallel=1,
                               chunk_size=2, workers=2)
        except ValueError:
            pass
        print(json.dumps([before, max(seen), after, closed, sys.getswitchinterval()]))
        sys.exit(0)
    if case == "fails":
        try:
            workers.run_chunks(fails, range(20), shared_value=None, min_parallel=1,
                               chunk_size=2, workers=2)
        except ValueError as exc:
            print(json.dumps(str(exc)))
        sys.exit(0)
    if case == "begun":  # the workers start while this process does something else
        with workers.begin(pids, range(30), shared_value=None, min_parallel=1, chunk_size=1,
                           workers=2) as run:
            time.sleep(0.3)
            print(json.dumps(run.finish()))
        sys.exit(0)
    if case == "closed":  # begun, then given up: the workers stop, nothing hangs
        with workers.begin(pids, range(30), shared_value=None, min_parallel=1, chunk_size=1,
                           workers=2):
            pass
        print(json.dumps([]))
        sys.exit(0)
    got = []
    kept = workers.run_chunks(pids, range(30), shared_value=None, min_parallel=1, chunk_size=1,
                              workers=2, each=got.extend if case == "each" else None,
                              **({"main_works": False} if case == "workers only" else {}))
    print(json.dumps(got or kept))
""")


def run(case: str) -> object:
    result = subprocess.run([sys.executable, "-c", SCRIPT, case], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_results_come_in_order_from_both_processes() -> None:
    results = run("in order")
    assert isinstance(results, list)
    assert [n for n, _ in results] == list(range(30))
    by_main = {by for _, by in results}
    assert by_main == {True, False}  # both worked


def test_each_hears_every_chunk_once() -> None:
    results = run("each")
    assert isinstance(results, list)
    assert sorted(n for n, _ in results) == list(range(30))


def test_a_worker_does_not_wait_while_the_main_process_works_on_a_long_chunk() -> None:
    results = run("slow main")
    assert isinstance(results, list)
    assert [n for n, _ in results] == list(range(30))
    by_main = [n for n, main in results if main]
    # The worker takes chunk after chunk from the front while the main process spends 0.3 s on
    # each of its own from the back: it would do one or two (handing out a few chunks at a time,
    # as before, it did one in four).
    assert 1 <= len(by_main) <= 3, by_main
    assert by_main == sorted(by_main, reverse=True) and by_main[0] == 29  # from the back


def test_the_main_process_can_leave_all_chunks_to_the_workers() -> None:
    results = run("workers only")
    assert isinstance(results, list)
    assert [n for n, _ in results] == list(range(30))
    assert not any(main for _, main in results)


def test_an_error_in_a_chunk_reaches_the_caller() -> None:
    assert run("fails") == "chunk with 7"


def test_a_run_begun_ahead_is_mostly_done_by_the_workers_meanwhile() -> None:
    results = run("begun")
    assert isinstance(results, list)
    assert [n for n, _ in results] == list(range(30))
    assert sum(main for _, main in results) <= 5  # the worker did most while this process slept


def test_a_run_given_up_stops_its_workers() -> None:
    assert run("closed") == []


def test_workers_leave_the_process_switch_interval_alone() -> None:
    """No trick that changes the whole process: the switch interval is Python's own throughout,
    while workers run, after them, after a run given up and after one that failed."""
    before, during, after, closed, failed = run("interval")  # type: ignore[misc]
    assert during == after == closed == failed == before
