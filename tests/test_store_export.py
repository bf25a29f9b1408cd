"""Export (issue 5, item 7) and the Python API (item 6), on every store backend."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

import quotegraph
from quotegraph.cli import app
from quotegraph.errors import UsageError
from quotegraph.options import Options
from quotegraph.store import SearchQuery, Store, open_store
from quotegraph.store.base import HIT_COLUMNS

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
TODAY = "2026-11-22"
OPTIONS = Options(reference_date=dt.date.fromisoformat(TODAY))
# Rows compared between stores, surrogate ids, run ids and ingest times left out.
TABLE_SQL = {
    "articles": "SELECT * FROM articles ORDER BY id",
    "paragraphs": "SELECT * FROM paragraphs ORDER BY article_id, idx",
    "statements": "SELECT s.*, sp.name AS sp_name, sp.type AS sp_type FROM statements AS s "
    "LEFT JOIN speakers AS sp ON sp.id = s.speaker_id ORDER BY s.article_id, s.idx",
    "speakers": "SELECT name, type FROM speakers ORDER BY name, type",
    "sources": "SELECT key, article_id, source FROM sources ORDER BY key",
}
SURROGATE = {"id", "speaker_id", "run_id", "ingested_at", "first_run", "last_run"}


def _cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _wire_records(tmp_path: Path) -> Path:
    text = (EXAMPLES / "tass-military-doctrine.txt").read_text(encoding="utf-8")
    records = [
        {"text": text, "url": "https://a.example/1", "title": "Doctrine", "date": "2014-12-5"},
        {"text": "MOSCOW, May 1. /TASS/. Peskov said the talks went well.",
         "url": "https://a.example/2", "source": "TASS"},
    ]  # fmt: skip
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    store.ingest([str(EXAMPLES), str(_wire_records(tmp_path))], OPTIONS)
    return store


def _tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table, sql in TABLE_SQL.items():
        cur = store._execute(sql)  # type: ignore[attr-defined]
        out[table] = [{k: v for k, v in dict(r).items() if k not in SURROGATE} for r in cur]
    return out


def test_jsonl_export_round_trips(
    filled: Store, store_url: str, new_store_url: Callable[[Path], str], tmp_path: Path
) -> None:
    exported = tmp_path / "out" / "export.jsonl"
    exported.parent.mkdir()
    result = _cli("export", "--db", store_url, "--output", str(exported))
    assert result.exit_code == 0, result.output
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) == filled.counts()["articles"] == 4
    first = json.loads(lines[0])
    assert {"id", "text", "source", "statements", "headline", "published"} <= first.keys()

    target = new_store_url(tmp_path / "out")
    again = _cli("ingest", str(exported), "--db", target, "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert "4 ok, 0 failed, 0 duplicates" in again.stderr
    with open_store(target) as copy:
        assert _tables(copy) == _tables(filled)
        counts, original = copy.counts(), filled.counts()
        assert {k: v for k, v in counts.items() if k != "runs"} == {
            k: v for k, v in original.items() if k != "runs"
        }
        for article_id in filled.article_ids():
            assert copy.document(article_id) == filled.document(article_id)


def test_export_ingested_into_its_own_store_adds_nothing(filled: Store, tmp_path: Path) -> None:
    exported = tmp_path / "export.jsonl"
    assert _cli("export", "--db", filled.url, "--output", str(exported)).exit_code == 0
    before = filled.counts()
    run = filled.ingest(str(exported), OPTIONS)
    assert (run.counts.ok, run.counts.duplicates) == (0, 4)
    assert filled.counts() == {**before, "runs": before["runs"] + 1}


def test_bad_export_line_is_a_reject(filled: Store, tmp_path: Path) -> None:
    doc = next(filled.documents()).to_dict()
    broken = {**doc, "statements": [{"kind": "nonsense"}]}
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{json.dumps(doc)}\n{json.dumps(broken)}\n", encoding="utf-8")
    before = filled.counts()["articles"]
    run = filled.ingest(str(path), OPTIONS)
    assert (run.counts.duplicates, run.counts.rejected) == (1, 1)
    assert filled.counts()["articles"] == before
    assert [r.source for r in filled.rejects()] == [f"{path}#2"]


def test_csv_export(filled: Store, tmp_path: Path) -> None:
    result = _cli("export", "--db", filled.url, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == filled.counts()["statements"]
    assert tuple(rows[0]) == HIT_COLUMNS
    texts = {a: filled.document(a) for a in filled.article_ids()}
    for row in rows:
        doc = texts[row["article_id"]]
        assert doc is not None
        start, end = int(row["content_start"]), int(row["content_end"])
        assert doc.text[start:end] == row["content"]
    assert any("Mezentsev" in r["speaker"] for r in rows)
    assert {r["outlet"] for r in rows} >= {"TASS"}


def test_issue5_parquet_export(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "statements.parquet"
    result = _cli("export", "--db", filled.url, "--format", "parquet", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(path)
    csv_rows = list(csv.DictReader(_cli("export", "--db", filled.url, "--format", "csv")
                                   .stdout.splitlines()))  # fmt: skip
    assert table.num_rows == filled.counts()["statements"] == len(csv_rows) > 0
    assert table.schema.field("content_start").type == "int64"
    assert table.schema.field("confidence").type == "double"
    rows = table.to_pylist()
    assert [str(r["statement_id"]) for r in rows] == [r["statement_id"] for r in csv_rows]
    texts = {i: filled.document(i) for i in {r["article_id"] for r in rows}}
    for row in rows:
        doc = texts[row["article_id"]]
        assert (
            doc is not None
            and doc.text[row["content_start"] : row["content_end"]] == (row["content"])
        )


def test_issue5_parquet_without_pyarrow(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    path = tmp_path / "statements.parquet"
    result = _cli("export", "--db", filled.url, "--format", "parquet", "--output", str(path))
    assert result.exit_code == 2
    assert "needs pyarrow" in result.stderr and "quotegraph[dataframes]" in result.stderr


def test_export_bad_format_and_missing_store(store_url: str, tmp_path: Path) -> None:
    bad = _cli("export", "--db", store_url, "--format", "xlsx")
    assert bad.exit_code == 2 and "--format wants one of jsonl, csv, parquet" in bad.stderr
    to_stdout = _cli("export", "--db", store_url, "--format", "parquet")
    assert to_stdout.exit_code == 2 and "--output FILE" in to_stdout.stderr
    missing = _cli("export", "--db", str(tmp_path / "nope.db"))
    assert missing.exit_code == 2


def test_python_api(store_url: str) -> None:
    with quotegraph.open(store_url) as store:
        run = store.ingest(str(EXAMPLES), OPTIONS)
        assert run.counts.ok == 2
        found = store.search("doctrine", speaker="Mezentsev", limit=5)
        assert found == store.search(SearchQuery("doctrine", speaker="Mezentsev", limit=5))
        assert found.total >= 1
        rows = found.rows()
        assert len(rows) == len(found.hits) and tuple(rows[0]) == HIT_COLUMNS
        assert all("Mezentsev" in (r["speaker"] or "") for r in rows)
        assert len(list(store.statements())) == store.counts()["statements"]
        with pytest.raises(TypeError):
            store.search(SearchQuery("doctrine"), limit=3)


def test_to_pandas_without_pandas_is_a_clear_error(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = filled.search("doctrine")
    with pytest.raises(UsageError, match=r"pip install 'quotegraph\[dataframes\]'"):
        result.to_pandas()
    with pytest.raises(UsageError, match="to_arrow"):
        result.to_arrow()


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_to_pandas_frame(filled: Store) -> None:
    result = filled.search("doctrine")
    frame = result.to_pandas()
    assert frame.shape == (len(result.hits), len(HIT_COLUMNS))
    assert list(frame.columns) == list(HIT_COLUMNS)
    assert filled.search("nowhereword").to_pandas().shape == (0, len(HIT_COLUMNS))


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow not installed")
def test_to_arrow_table(filled: Store) -> None:
    result = filled.search("doctrine")
    table = result.to_arrow()
    assert table.num_rows == len(result.hits) and table.column_names == list(HIT_COLUMNS)
