"""A process-wide cache of read results that aggregate many rows (search pages, speaker
lists and profiles), shared by every store handle of the process (the server's pool).

Entries are keyed by the store's URL, what was asked and the store's *data version*, read in
the same snapshot as the result (:data:`DATA_VERSION`): any write changes the version, so an
entry is never served after the data it was computed from changed (stale entries age out).
Results are frozen records, safe to share between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
CACHE_SIZE = 256  # results kept (least recently used dropped first)
WAIT_S = 30.0  # longest wait for another thread computing the same result
# Changes with every write: a new run (ingest, load, delete, rerun: every write is in a run),
# a new statement (a higher id: inserts within a run), a removed one or a near-duplicate link
# added or removed (data_version.changes, raised by triggers, schema 10). Index lookups only.
DATA_VERSION = """SELECT (SELECT max(id) FROM runs) AS runs, (SELECT max(id) FROM statements)
AS top, (SELECT changes FROM data_version) AS changes"""


class ReadCache:
    """A bounded LRU mapping, safe to use from several threads. A value is computed once:
    callers asking for a key that another thread is computing wait for its result (50
    clients opening the same speaker list at once make one aggregation, not 50)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, else ``compute()`` (kept for next time)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                found: T = self._items[key]
                return found
            pending = self._pending.get(key)
            if pending is None:
                self._pending[key] = threading.Event()
        if pending is not None:  # another thread computes it: wait, then look again
            pending.wait(WAIT_S)
            return self.get(key, compute) if pending.is_set() else compute()
        try:
            value = compute()  # outside the lock: other reads go on meanwhile
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
        finally:  # done or failed: the waiters look again (and compute it themselves)
            with self._lock:
                self._pending.pop(key).set()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


READS = ReadCache()
