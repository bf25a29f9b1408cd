"""Read many inputs into articles, one document's failure never stopping the batch.

The reader for each format is named here, in one place; modules are imported on first use so
that reading plain text never pays for trafilatura or feedparser.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..article.model import Reject
from ..errors import UnknownFormatError
from ..options import Options
from .base import RawInput, ReadFn, Result, reject
from .sources import iter_inputs

READERS: dict[str, str] = {
    "text": "quotegraph.ingest.text:read",
    "html": "quotegraph.ingest.html:read",
    "feed": "quotegraph.ingest.feed:read",
    "json": "quotegraph.ingest.records:read_json",
    "jsonl": "quotegraph.ingest.records:read_jsonl",
    "csv": "quotegraph.ingest.records:read_csv",
    "sgml": "quotegraph.ingest.sgml:read",
    "warc": "quotegraph.ingest.warc:read",
    "parquet": "quotegraph.ingest.records:read_parquet",
}


def reader_for(fmt: str) -> ReadFn:
    """The read function registered for ``fmt``."""
    target = READERS.get(fmt)
    if target is None:
        raise UnknownFormatError(f"no reader for format {fmt!r}")
    module, name = target.split(":")
    fn: ReadFn = getattr(importlib.import_module(module), name)
    return fn


def read_input(raw: RawInput, options: Options) -> Iterator[Result]:
    """Articles and rejects of one input; any error becomes a reject for that input."""
    produced = 0
    try:
        for result in reader_for(raw.format)(raw, options):
            produced += 1
            yield result
    except Exception as err:
        yield reject(raw.source if not produced else f"{raw.source}#{produced + 1}", err)


def read_all(paths: Iterable[str], options: Options) -> Iterator[Result]:
    """Every article and reject from ``paths``, streaming, in input order."""
    for item in iter_inputs(paths, options):
        if isinstance(item, Reject):
            yield item
        else:
            yield from read_input(item, options)


@dataclass
class Summary:
    """Counts for a batch; ``exit_code`` is 0 when all ok, 1 when some failed, 2 when none ok."""

    ok: int = 0
    failed: int = 0
    rejects: list[Reject] = field(default_factory=list)

    def add(self, result: object) -> None:
        if isinstance(result, Reject):
            self.failed += 1
            self.rejects.append(result)
        else:
            self.ok += 1

    @property
    def exit_code(self) -> int:
        if self.failed == 0 and self.ok > 0:
            return 0
        return 1 if self.ok > 0 else 2

    def line(self) -> str:
        return f"{self.ok} ok, {self.failed} failed"
