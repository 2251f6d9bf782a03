"""The cache as the build's processes share it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from weekgen.engine.cache import Cache

_INHERITED: list[Cache] = []  # set before the worker forks, so that it inherits the Cache


def _read_through_the_inherited_cache() -> tuple[dict[str, str], bool]:
    cache = _INHERITED[0]
    inherited = cache.db._db  # as forked, before it is asked
    return cache.html.get(["a", "b"]), cache.db.connect() is not inherited


def test_a_forked_worker_reads_the_cache_through_its_own_connection(tmp_path: Path) -> None:
    cache = Cache(tmp_path, remember=False)
    assert cache.html.store({"a": "<p>A</p>"})
    parent = cache.db.connect()
    assert parent is not None
    _INHERITED[:] = [cache]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        found, own = pool.apply(_read_through_the_inherited_cache)
    assert found == {"a": "<p>A</p>"}
    assert own  # SQLite connections must not cross a fork
    assert cache.db.connect() is parent
    assert cache.html.get(["a"]) == {"a": "<p>A</p>"}  # and the parent's still works
    cache.close()


def test_a_single_build_holds_no_html_in_memory(tmp_path: Path) -> None:
    cache = Cache(tmp_path, remember=False)
    assert cache.html.store({"a": "<p>A</p>"})
    assert cache.html.get(["a"]) == {"a": "<p>A</p>"}
    assert cache.html._memory == {}
    assert cache.html.kept(["a", "b"]) == {"a"}
    session = Cache(tmp_path)
    session.html.store({"b": "<p>B</p>"})
    assert session.html._memory == {"b": "<p>B</p>"}


def test_without_a_folder_everything_stays_in_memory() -> None:
    cache = Cache(None, remember=False)
    assert cache.remember
    assert not cache.html.store({"a": "<p>A</p>"})  # the caller keeps what was not stored
    assert cache.html.get(["a"]) == {"a": "<p>A</p>"}
