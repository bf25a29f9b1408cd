"""Ray batch (issue 7): ``quotegraph batch`` on a real local Ray cluster, then ``load``, stores
exactly what ``quotegraph ingest`` stores from the same inputs (both backends)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import require_shared
from quotegraph.cli import app
from quotegraph.distributed.tables import TABLES, Output, arrow_type
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import Store, open_store
from quotegraph.store.ingest import ingest_paths

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install -e '.[dev]')")
EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
TODAY = "2026-11-22"
OPTIONS = Options(reference_date=dt.date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two shards: the bundled examples, and TASS records with a bad line and a repeat."""
    path = require_shared(
        Path(__file__).parents[2] / "shared" / "datasets" / "news-articles.jsonl.gz"
    )
    lines = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "tass.com" in json.loads(line)["article_source_link"]:
                lines.append(line)
                if len(lines) == 12:
                    break
    folder = tmp_path_factory.mktemp("shards")
    records = folder / "wire.jsonl"
    records.write_text("".join([*lines[:6], "{broken\n", lines[1], *lines[6:]]), "utf-8")
    return [str(EXAMPLES), str(records)]


@pytest.fixture(scope="module")
def batch_out(cluster: None, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    args = ["batch", *inputs, "--out", str(out), "--workers", "2", "--batch-size", "4"]
    result = CliRunner().invoke(app, [*args, "--today", TODAY])
    assert result.exit_code == 1, result.output  # the broken line is a reject
    assert "15 documents" in result.stderr and "1 rejects" in result.stderr
    return out


def _contents(store: Store) -> dict[str, object]:
    return {
        "counts": {k: v for k, v in store.counts().items() if k != "runs"},
        "documents": {i: store.document(i) for i in store.article_ids()},
        "near": {i: store.duplicate_of(i) for i in store.article_ids()},
        "rejects": sorted((r.source, r.code, r.message) for r in store.rejects()),
    }


def test_issue7_batch_then_load_equals_ingest(
    batch_out: Path, inputs: list[str], new_store_url: Callable[[Path], str], tmp_path: Path
) -> None:
    ingested, loaded = new_store_url(tmp_path / "i"), new_store_url(tmp_path / "l")
    with open_store(ingested) as store:
        ingest_paths(store, inputs, OPTIONS, Pipeline(OPTIONS))
        expected = _contents(store)
    result = CliRunner().invoke(app, ["load", str(batch_out), "--db", loaded])
    assert result.exit_code == 1, result.output  # the reject is loaded as a reject
    assert "14 ok, 1 failed, 1 duplicates" in result.stderr
    with open_store(loaded) as store:
        assert _contents(store) == expected
        assert store.runs()[0].command == "load"
    again = CliRunner().invoke(app, ["load", str(batch_out), "--db", loaded])
    assert "0 ok, 1 failed, 15 duplicates" in again.stderr


def test_issue7_the_local_engine_writes_what_ray_writes(
    batch_out: Path, inputs: list[str], tmp_path: Path
) -> None:
    """``--engine local`` (the worker pool, no Ray) writes the same parts and rows."""
    import pyarrow.parquet as pq

    out = tmp_path / "local"
    args = ["batch", *inputs, "--out", str(out), "--engine", "local", "--workers", "2"]
    result = CliRunner().invoke(app, [*args, "--batch-size", "4", "--today", TODAY])
    assert result.exit_code == 1, result.output
    assert "15 documents" in result.stderr and "1 rejects" in result.stderr
    assert Output(str(out)).parts() == Output(str(batch_out)).parts()
    for name in (*TABLES, "rejects"):
        if (batch_out / name).exists():
            ray_rows = pq.read_table(batch_out / name).to_pylist()
            assert pq.read_table(out / name).to_pylist() == ray_rows, name


def test_issue7_parquet_tables_are_typed_and_aligned(batch_out: Path) -> None:
    import pyarrow.parquet as pq

    output = Output(str(batch_out))
    parts = output.parts()
    assert parts == sorted(parts) and len(parts) == 4  # 16 items, 4 a batch
    for name in TABLES:
        files = sorted((batch_out / name).glob("*.parquet"))
        assert files and {f.stem for f in files} <= set(parts)
        schema = pq.read_schema(files[0])
        assert all(field.type == arrow_type(field.name) for field in schema)
    articles = pq.read_table(batch_out / "articles").to_pylist()
    statements = pq.read_table(batch_out / "statements").to_pylist()
    assert len(articles) == 15 and len({a["id"] for a in articles}) == 14
    text = {a["id"]: a["text"] for a in articles}
    assert statements and all(
        text[s["article_id"]][s["content_start"] : s["content_end"]] == s["content"]
        for s in statements
    )
