"""Export a store: ``quotegraph export --format jsonl|csv``.

JSONL is lossless: one object per article, exactly what ``quotegraph extract`` prints for it
(:meth:`quotegraph.nlp.model.Document.to_dict`: the article with its statements), so that
``quotegraph ingest`` of the file into another store stores the same rows again without
re-extracting (:func:`quotegraph.store.ingest.read_for_store`). CSV is a flat table, one
statement a row with its speaker and article fields (:data:`quotegraph.store.base.HIT_COLUMNS`);
it is meant for spreadsheets and data frames, not for reading back.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ..errors import UsageError
from .base import HIT_COLUMNS, Store, hit_row

EXPORT_FORMATS = ("jsonl", "csv")


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
    """Write ``store`` to ``out`` as ``fmt``; how many records (articles or statements)."""
    check_format(fmt)
    return write_jsonl(store, out) if fmt == "jsonl" else write_csv(store, out)
