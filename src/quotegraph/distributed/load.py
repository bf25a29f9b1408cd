"""``quotegraph load``: a batch output's Parquet tables into a store, through the one writer.

Documents go through :class:`quotegraph.store.ingest.IngestRun` as ``ingest`` would write
them (duplicates skipped, sources mapped, near-duplicates linked, rejects kept), in reading
order, :data:`CHUNK` documents a transaction (:meth:`quotegraph.store.Store.bulk`): SQLite
writes with ``executemany``, PostgreSQL with ``COPY``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..article.model import Reject
from ..nlp.model import Document
from ..options import Options
from ..store import Store
from ..store.ingest import IngestRun, Stored, ingest_embedder, recorded
from .tables import Output, documents

CHUNK = 1000  # documents a transaction


def _as_they_are(items: Iterable[object]) -> Iterable[Document | Reject]:
    return (i for i in items if isinstance(i, Document | Reject))


def stream(run: IngestRun, output: Output) -> Iterator[Stored | Reject]:
    """Write the output's documents and rejects in ``run``; what happened to each."""
    found = documents(output)
    while chunk := list(islice(found, CHUNK)):
        with run.store.bulk():
            yield from list(run.stream(chunk, _as_they_are))


def load(
    store: Store,
    uri: str,
    options: Options | None = None,
    sink: Callable[[Stored | Reject], None] | None = None,
) -> int:
    """Load the batch output at ``uri`` into ``store`` as one run (embedding statements as
    ``ingest`` would with ``options``); the run id."""
    run = IngestRun(store, "load", [uri], ingest_embedder(options or Options()))
    with recorded(run):
        for item in stream(run, Output(uri)):
            if sink is not None:
                sink(item)
    return run.run_id
