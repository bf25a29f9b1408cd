"""``quotegraph batch --engine local``: the batch output of :mod:`.ray_batch`, written by the
local worker pool (:class:`~.pool.WorkerPool`) instead of a Ray cluster.

Items are numbered as Ray numbers them (``seq`` = shard << 32 | record number, one shard per
input file) and written in parts of ``batch_size`` named by their first ``seq``, so both
engines write the same tables and ``quotegraph load`` stores the same rows. Without Ray, the
same Parquet hand-off (extract on one machine, load into PostgreSQL from another) works, and the
benchmark compares Ray with local multiprocessing on exactly the same job.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import islice

from ..article.model import Reject
from ..ingest.sources import expand
from ..nlp.model import Document
from ..options import Options
from ..store.ingest import Item, passing_documents, read_for_store
from .pool import WorkerPool
from .ray_batch import BATCH, BatchSummary
from .tables import Output


def numbered(paths: list[str], options: Options) -> Iterator[tuple[int, Item]]:
    """Every input's items with their ``seq``, as :func:`.ray_batch.read_shard` numbers them."""
    for shard, path in enumerate(expand(paths)):
        base = shard << 32
        if isinstance(path, Reject):
            yield base, path
            continue
        for n, item in enumerate(read_for_store([str(path)], options)):
            yield base + n, item


def run(
    paths: list[str], out: str, options: Options, workers: int | None = None,
    batch_size: int = BATCH,
) -> BatchSummary:  # fmt: skip
    """Extract ``paths`` with ``workers`` local processes into the batch output ``out``."""
    output, summary = Output(out), BatchSummary()
    seqs: deque[int] = deque()

    def items() -> Iterator[Item]:
        for seq, item in numbered(paths, options):
            seqs.append(seq)
            yield item

    with WorkerPool(options, workers) as pool:
        paired = ((seqs.popleft(), r) for r in passing_documents(pool.extract_all)(items()))
        while part := list(islice(paired, batch_size)):
            output.write_part(f"part-{part[0][0]:020d}", part)
            docs = [r for _, r in part if isinstance(r, Document)]
            summary.parts += 1
            summary.documents += len(docs)
            summary.rejects += len(part) - len(docs)
            summary.statements += sum(len(d.statements) for d in docs)
        summary.peak_rss.update(pool.peak_rss)
    return summary
