"""The work behind ``quotegraph batch`` (Ray) and ``quotegraph load`` (Parquet into a store)."""

from __future__ import annotations

from .cli import err, run_batch
from .options import Options
from .store import open_store
from .store.ingest import IngestRun, IngestSummary, ingest_embedder, recorded


def batch(
    paths: list[str],
    out: str,
    options: Options,
    address: str | None,
    workers: int | None,
    batch_size: int,
    engine: str = "ray",
) -> int:
    """``quotegraph batch``: extract on Ray (or the local pool) into Parquet; exit 1 when some
    inputs failed."""
    from .distributed import local_batch, ray_batch
    from .distributed.pool import require_model

    require_model(options.model)
    if engine == "local":
        summary = local_batch.run(paths, out, options, workers, batch_size)
    else:
        summary = ray_batch.run(paths, out, options, address=address, workers=workers,
                                 batch_size=batch_size)  # fmt: skip
    err.print(f"quotegraph: {summary.line()} -> {out}", highlight=False)
    if summary.documents == 0:
        return 2
    return 1 if summary.rejects else 0


def load(db: str | None, uri: str) -> int:
    """``quotegraph load``: a batch output into the store, as one run."""
    from .distributed.load import stream
    from .distributed.tables import Output

    summary = IngestSummary()
    with open_store(db) as store:
        run = IngestRun(store, "load", [uri], ingest_embedder(Options()))
        with recorded(run):
            summary.note = f" (run {run.run_id})"
            run_batch(stream(run, Output(uri)), lambda _: None, None, summary=summary)
    return summary.exit_code
