"""The process-wide read cache (store/cache.py) behind the load bench's figures (issue 8)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from quotegraph.store.cache import ReadCache


def test_issue8_the_cache_keeps_the_most_recently_used() -> None:
    cache = ReadCache(size=2)
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 0) == 1  # kept; now the most recent
    assert cache.get("c", lambda: 3) == 3  # "b" goes
    assert cache.get("b", lambda: 4) == 4
    assert cache.get("a", lambda: 0) == 0  # went when "b" came back
    cache.clear()
    assert cache.get("c", lambda: 5) == 5


def test_issue8_one_computation_for_many_readers_at_once() -> None:
    cache, calls, gate = ReadCache(), [], threading.Event()

    def slow() -> int:
        calls.append(1)
        gate.wait(5)
        return 42

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(cache.get, "speakers", slow) for _ in range(8)]
        time.sleep(0.2)  # all eight are asking by now
        gate.set()
        assert [f.result() for f in futures] == [42] * 8
    assert len(calls) == 1


def test_issue8_a_failed_computation_is_not_kept() -> None:
    cache = ReadCache()

    def fails() -> int:
        raise ValueError("bad query")

    with pytest.raises(ValueError):
        cache.get("q", fails)
    assert cache.get("q", lambda: 7) == 7  # nothing pending, nothing kept
