"""Export a store: ``quotegraph export --format jsonl|csv|parquet``.

JSONL is lossless: one object per article, exactly what ``quotegraph extract`` prints for it
(:meth:`quotegraph.nlp.model.Document.to_dict`: the article with its statements), so that
``quotegraph ingest`` of the file into another store stores the same rows again without
re-extracting (:func:`quotegraph.store.ingest.read_for_store`). CSV is a flat table, one
statement a row with its speaker and article fields (:data:`quotegraph.store.base.HIT_COLUMNS`);
it is meant for spreadsheets and data frames, not for reading back. Parquet holds the same
table as CSV with typed columns (integers, floats, strings; written in row groups of
:data:`PARQUET_BATCH` statements) and needs pyarrow (``pip install 'quotegraph[dataframes]'``).
"""

from __future__ import annotations

import csv
import importlib
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from ..errors import UsageError
from .base import DATAFRAMES_HINT, HIT_COLUMNS, Store, hit_row

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
BINARY_FORMATS = frozenset({"parquet"})  # written to a file, never to stdout
PARQUET_BATCH = 10_000
INT_COLUMNS = frozenset(
    c for c in HIT_COLUMNS
    if c.endswith(("_start", "_end", "_id", "_month", "_day", "_min", "_max"))
    or c in ("index", "paragraph")
) - {"article_id"}  # fmt: skip
FLOAT_COLUMNS = frozenset({"published_confidence", "confidence", "score"})


def check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format wants one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")


def write_jsonl(store: Store, out: TextIO) -> int:
    """One exported document (article and statements) a line; the number of articles."""
    count = 0
    for doc in store.documents():
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO) -> int:
    """A header and one row per statement; the number of statements."""
    writer = csv.DictWriter(out, fieldnames=HIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for hit in store.statements():
        writer.writerow(hit_row(hit))
        count += 1
    return count


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write ``store`` to ``out`` as ``fmt`` (a text format); how many records (articles or
    statements)."""
    check_format(fmt)
    if fmt in BINARY_FORMATS:
        raise UsageError(f"--format {fmt} is written to a file", hint="give --output FILE")
    return write_jsonl(store, out) if fmt == "jsonl" else write_csv(store, out)


def parquet_schema(pa: Any) -> Any:
    """The Parquet table's schema: :data:`HIT_COLUMNS`, typed."""

    def kind(column: str) -> Any:
        if column in INT_COLUMNS:
            return pa.int64()
        return pa.float64() if column in FLOAT_COLUMNS else pa.string()

    return pa.schema([(c, kind(c)) for c in HIT_COLUMNS])


def write_parquet(store: Store, path: Path) -> int:
    """The CSV table as a Parquet file at ``path``; the number of statements."""
    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError as exc:
        raise UsageError(
            "--format parquet needs pyarrow, which is not installed", hint=DATAFRAMES_HINT
        ) from exc
    schema = parquet_schema(pa)
    count = 0
    rows = (hit_row(h) for h in store.statements())
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches(rows):
            columns = {c: [r[c] for r in batch] for c in HIT_COLUMNS}
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(rows, PARQUET_BATCH)):
        yield batch
