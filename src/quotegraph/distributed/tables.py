"""The Parquet layout of a batch: one folder per table, aligned part files.

A batch output ``DIR`` holds ``DIR/<table>/part-<seq>.parquet`` for every table in
:data:`TABLES` (and ``rejects``); the part files of one extraction batch share their name, so
``quotegraph load`` joins them a part at a time, never the whole output. ``seq`` numbers the
inputs in reading order (shard << 32 | record), so loading in ``seq`` order stores exactly what
``quotegraph ingest`` of the same inputs stores. Columns are the store's (see docs/schema.md),
without the ids and times the store assigns.

The ``records`` table keeps each document's entities, times, events and headline links as one
JSON row. Adding a table is one line in :data:`TABLES`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..article.model import Reject
from ..nlp.model import RECORD_KEYS, Document
from ..store import rows

Row = dict[str, Any]
ROW_ORDER = "seq"
_STORE_ONLY = ("run_id", "ingested_at", "speaker_id")  # assigned when a store writes
_SPEAKER_ENTITIES = "speaker_entities"  # in a records row: each statement's speaker.entity


def _article(doc: Document) -> list[Row]:
    row = rows.article_row(doc.article, 0, "")
    return [{k: v for k, v in row.items() if k not in _STORE_ONLY}]


def _statements(doc: Document) -> list[Row]:
    out = []
    for i, s in enumerate(doc.statements):
        row = rows.statement_row(doc.article.id, i, s, None)
        out.append({k: v for k, v in row.items() if k not in _STORE_ONLY})
    return out


def _records(doc: Document) -> list[Row]:
    """Entities, times, events, headline links (as the extract JSON has them) and each
    statement's speaker entity: one JSON row."""
    found = {key: [r.model_dump(mode="json") for r in getattr(doc, key)] for key in RECORD_KEYS}
    found[_SPEAKER_ENTITIES] = [s.speaker.entity for s in doc.statements]
    return [{"records": json.dumps(found, ensure_ascii=False)}]


def _with_records(doc: Document, found: list[Row]) -> Document:
    if not found:
        return doc
    records = json.loads(found[0]["records"])
    statements = [
        s.model_copy(update={"speaker": s.speaker.model_copy(update={"entity": entity})})
        for s, entity in zip(doc.statements, records.pop(_SPEAKER_ENTITIES), strict=True)
    ]
    return Document.model_validate({"article": doc.article, "statements": statements, **records})


# table name -> the rows one document gives it (each row also gets the document's seq)
TABLES: Mapping[str, Callable[[Document], list[Row]]] = {
    "articles": _article,
    "paragraphs": lambda doc: rows.paragraph_rows(doc.article),
    "statements": _statements,
    "records": _records,
}
REJECTS = "rejects"
_INTS = {"idx", "start_char", "end_char", "paragraph", "nested_in", "continues", "optional",
         ROW_ORDER}  # fmt: skip
_INT_SUFFIXES = ("_start", "_end", "_month", "_day", "_year", "_year_min", "_year_max")
_FLOATS = {"confidence", "published_confidence"}


def arrow_type(column: str) -> pa.DataType:
    """A column's Parquet type: the store's (offsets and counts int64, scores float64)."""
    if column in _FLOATS:
        return pa.float64()
    if column in _INTS or column.endswith(_INT_SUFFIXES):
        return pa.int64()
    return pa.string()


def to_arrow(table: Sequence[Row]) -> pa.Table:
    columns = list(table[0])
    schema = pa.schema([(c, arrow_type(c)) for c in columns])
    return pa.Table.from_pylist(list(table), schema=schema)


@dataclass(frozen=True)
class Output:
    """A batch output folder: a local path or a URI pyarrow can write (``s3://``, ``gs://``)."""

    uri: str

    def _fs(self) -> tuple[pafs.FileSystem, str]:
        if "://" in self.uri:
            fs, root = pafs.FileSystem.from_uri(self.uri)
            return fs, root
        return pafs.LocalFileSystem(), os.path.abspath(self.uri)

    def write_part(self, part: str, results: Iterable[tuple[int, Document | Reject]]) -> None:
        """Write one batch's tables as ``<table>/<part>.parquet`` (tables without rows too)."""
        tables: dict[str, list[Row]] = {name: [] for name in (*TABLES, REJECTS)}
        for seq, item in results:
            if isinstance(item, Reject):
                tables[REJECTS].append({**item.model_dump(), ROW_ORDER: seq})
                continue
            for name, make in TABLES.items():
                tables[name].extend({**row, ROW_ORDER: seq} for row in make(item))
        fs, root = self._fs()
        for name, table in tables.items():
            if table:
                fs.create_dir(f"{root}/{name}", recursive=True)
                with fs.open_output_stream(f"{root}/{name}/{part}.parquet") as out:
                    pq.write_table(to_arrow(table), out)

    def parts(self) -> list[str]:
        """Part names in reading order (every part has an ``articles`` or ``rejects`` file)."""
        fs, root = self._fs()
        names: set[str] = set()
        for table in ("articles", REJECTS):
            selector = pafs.FileSelector(f"{root}/{table}", allow_not_found=True)
            names |= {i.base_name.removesuffix(".parquet") for i in fs.get_file_info(selector)
                      if i.base_name.endswith(".parquet")}  # fmt: skip
        return sorted(names)

    def read(self, table: str, part: str) -> list[Row]:
        """A part's rows of ``table`` ([] when the part has none)."""
        fs, root = self._fs()
        path = f"{root}/{table}/{part}.parquet"
        if fs.get_file_info(path).type == pafs.FileType.NotFound:
            return []
        found: list[Row] = pq.read_table(path, filesystem=fs).to_pylist()
        return found


def documents(output: Output) -> Iterator[Document | Reject]:
    """The documents and rejects of a batch output, in ``seq`` (reading) order."""
    for part in output.parts():
        found: dict[int, Document | Reject] = {
            r.pop(ROW_ORDER): Reject.model_validate(r) for r in output.read(REJECTS, part)
        }
        by_table = {name: _by_seq(output.read(name, part)) for name in TABLES}
        for seq, (article,) in by_table["articles"].items():
            doc = rows.document_from_rows(
                article, by_table["paragraphs"].get(seq, []), by_table["statements"].get(seq, [])
            )
            found[seq] = _with_records(doc, by_table["records"].get(seq, []))
        yield from (found[seq] for seq in sorted(found))


def _by_seq(table: list[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = {}
    for row in table:
        out.setdefault(row.pop(ROW_ORDER), []).append(row)
    return out
