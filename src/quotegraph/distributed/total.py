"""How many records the inputs hold, counted in a background thread for the progress bar's ETA.

The count is cheap next to extraction (the inputs are read once more, nothing is parsed into
articles) and approximate where a format makes it so (a CSV field with line breaks, a feed
item without text); until it is done the bar shows no total.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from ..article.model import Reject
from ..ingest.base import RawInput
from ..ingest.sources import iter_inputs
from ..options import Options


def _lines(raw: RawInput) -> int:
    return sum(1 for line in raw.data.splitlines() if line.strip())


def _marks(*marks: bytes) -> Callable[[RawInput], int]:
    return lambda raw: sum(raw.data.count(m) for m in marks)


def _parquet_rows(raw: RawInput) -> int:
    import io

    import pyarrow.parquet as pq

    return int(pq.ParquetFile(io.BytesIO(raw.data)).metadata.num_rows)


COUNTERS: dict[str, Callable[[RawInput], int]] = {
    "jsonl": _lines,
    "csv": lambda raw: max(0, _lines(raw) - 1),
    "sgml": _marks(b"<REUTERS "),
    "warc": _marks(b"WARC-Type: response"),
    "feed": _marks(b"<item>", b"<item ", b"<entry>", b"<entry "),
    "parquet": _parquet_rows,
}


def count_records(paths: Iterable[str], options: Options) -> int:
    """The number of records (articles or rejects) reading ``paths`` gives, about."""
    total = 0
    for item in iter_inputs(paths, options):
        if isinstance(item, Reject):
            total += 1
            continue
        counter = COUNTERS.get(item.format)
        try:
            total += max(1, counter(item)) if counter else 1
        except Exception:  # a file the reader will reject counts once
            total += 1
    return total


class BackgroundTotal:
    """``count_records`` in a daemon thread; call the object for the total (None until done)."""

    def __init__(self, paths: Sequence[str], options: Options) -> None:
        self._paths, self._options = list(paths), options
        self._total: int | None = None
        if "-" not in self._paths:  # stdin cannot be read twice
            threading.Thread(target=self._count, name="count-records", daemon=True).start()

    def _count(self) -> None:
        self._total = count_records(self._paths, self._options)

    def __call__(self) -> int | None:
        return self._total
