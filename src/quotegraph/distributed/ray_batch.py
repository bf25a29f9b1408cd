"""``quotegraph batch``: extraction over a Ray cluster with Ray Data (the ``ray`` extra).

The plan: one Ray Data row per input file (shard); ``flat_map`` reads each shard with the
project's readers (:func:`quotegraph.store.ingest.read_for_store`) into numbered items; an
actor pool (``map_batches`` with a class: the spaCy model is loaded once per actor) extracts
them with the same :class:`~quotegraph.nlp.pipeline.Pipeline` ``quotegraph ingest`` uses and
writes each batch's tables as aligned Parquet parts (:mod:`quotegraph.distributed.tables`).
Order is preserved, so ``quotegraph load`` stores what ``quotegraph ingest`` would.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..article.model import Article, Reject
from ..errors import UsageError
from ..ingest.sources import expand
from ..nlp.model import Document
from ..options import Options
from ..store.ingest import Item, passing_documents, read_for_store
from .pool import default_workers, peak_rss
from .tables import Output

BATCH = 64  # items per actor call (one Parquet part per table)
BLOCK_BYTES_PER_ROW = 16 * 1024  # an article record's JSON, roughly
KINDS: dict[str, type[Article] | type[Document] | type[Reject]] = {
    "article": Article, "document": Document, "reject": Reject,
}  # fmt: skip
_KIND_OF = {cls: name for name, cls in KINDS.items()}


@dataclass
class BatchSummary:
    documents: int = 0
    statements: int = 0
    rejects: int = 0
    parts: int = 0
    peak_rss: dict[int, int] = field(default_factory=dict)  # actor pid -> peak RSS, bytes

    def line(self) -> str:
        return (f"{self.documents} documents ({self.statements} statements), "
                f"{self.rejects} rejects, in {self.parts} parts")  # fmt: skip


def read_shard(row: dict[str, Any], options: Options) -> Iterator[dict[str, Any]]:
    """The numbered items of one input file (``seq`` = shard << 32 | record number)."""
    base = int(row["shard"]) << 32
    if row["reject"]:
        yield {"seq": base, "kind": "reject", "item": row["reject"]}
        return
    for n, item in enumerate(read_for_store([row["path"]], options)):
        yield {"seq": base + n, "kind": _KIND_OF[type(item)], "item": item.model_dump_json()}


class Extract:
    """A Ray actor: the pipeline, loaded once; each call extracts a batch and writes a part."""

    def __init__(self, options: Options, out: str) -> None:
        from ..nlp.pipeline import Pipeline

        self.extract = passing_documents(Pipeline(options).extract_all)
        self.output = Output(out)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        seqs = [int(s) for s in batch["seq"]]
        items: list[Item] = [
            KINDS[kind].model_validate_json(text)
            for kind, text in zip(batch["kind"], batch["item"], strict=True)
        ]
        results = list(zip(seqs, self.extract(items), strict=True))
        part = f"part-{seqs[0]:020d}"
        self.output.write_part(part, results)
        docs = [r for _, r in results if isinstance(r, Document)]
        return {
            "part": [part], "documents": [len(docs)], "rejects": [len(results) - len(docs)],
            "statements": [sum(len(d.statements) for d in docs)], "pid": [os.getpid()],
            "peak_rss": [peak_rss()],
        }  # fmt: skip


def run(
    paths: list[str],
    out: str,
    options: Options,
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH,
) -> BatchSummary:
    """Extract ``paths`` on the Ray cluster at ``address`` (None: a local one) into ``out``."""
    ray = _ray()
    if "-" in paths:
        raise UsageError("quotegraph batch reads files, not stdin", hint="write stdin to a file")
    if not ray.is_initialized():
        ray.init(address=address, log_to_driver=False,
                 num_cpus=None if address else (workers or default_workers()))  # fmt: skip
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # parts in reading order: load = ingest
    ctx.enable_progress_bars = sys.stderr.isatty()
    # a shard's rows would fill one block of up to 128 MiB, and a block goes to one actor:
    # blocks of about a batch keep every actor busy (a repartition task would need a CPU the
    # actors hold)
    ctx.target_max_block_size = batch_size * BLOCK_BYTES_PER_ROW
    shards = [
        {"shard": i, "path": "" if isinstance(p, Reject) else str(p),
         "reject": p.model_dump_json() if isinstance(p, Reject) else ""}
        for i, p in enumerate(expand(paths))
    ]  # fmt: skip
    if not shards:
        raise UsageError("no inputs to read", hint="give files, folders or globs")
    actors = workers or int(ray.cluster_resources().get("CPU", 1))
    summary = BatchSummary()
    ds = (
        ray.data.from_items(shards, override_num_blocks=len(shards))
        # reading is light next to spaCy: it must not wait for a CPU the actors hold
        .flat_map(read_shard, fn_kwargs={"options": options}, num_cpus=0)
        .map_batches(
            Extract,
            fn_constructor_kwargs={"options": options, "out": out},
            batch_size=batch_size,
            num_cpus=1,
            compute=ray.data.ActorPoolStrategy(size=actors),
        )
    )
    for row in ds.iter_rows():
        summary.parts += 1
        summary.documents += int(row["documents"])
        summary.rejects += int(row["rejects"])
        summary.statements += int(row["statements"])
        pid = int(row["pid"])
        summary.peak_rss[pid] = max(int(row["peak_rss"]), summary.peak_rss.get(pid, 0))
    return summary


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(
            "quotegraph batch needs Ray", hint="pip install 'quotegraph[ray]'"
        ) from exc
    return ray
