"""Parallel ingest (issue 7): a spawn-safe worker pool feeding the one writer.

The pool must give the store exactly what one process gives (both backends), keep at most a
bounded number of articles out, and turn a document that fails (or kills its worker) into a
reject with its reason while the rest of the batch is stored.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import require_shared
from quotegraph.article.build import from_fields
from quotegraph.article.model import Article, Reject
from quotegraph.cli import app
from quotegraph.distributed import pool as pool_module
from quotegraph.distributed.pool import IN_FLIGHT, WorkerPool
from quotegraph.distributed.total import count_records
from quotegraph.nlp.model import Document
from quotegraph.options import Options
from quotegraph.store import Store, open_store
from quotegraph.store.ingest import ingest_paths

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22), embed=False)  # extraction, not vectors
CRASH = "CRASH-THE-WORKER"
HANG = "HANG-THE-WORKER"


def _tass_lines(shared_dir: Path, limit: int) -> list[str]:
    path = require_shared(shared_dir / "datasets" / "news-articles.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "tass.com" in json.loads(line)["article_source_link"]:
                out.append(line)
                if len(out) == limit:
                    return out
    return out


@pytest.fixture
def inputs(tmp_path: Path, shared_dir: Path) -> list[str]:
    """The bundled examples and a JSONL of TASS articles, with a bad line and a repeat."""
    lines = _tass_lines(shared_dir, 9)
    records = tmp_path / "wire.jsonl"
    records.write_text("".join([*lines[:5], "{not json\n", lines[0], *lines[5:]]), "utf-8")
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return [str(tmp_path / "examples"), str(records)]


def _contents(store: Store) -> dict[str, object]:
    """What a run stored, without ids and times."""
    return {
        "counts": {k: v for k, v in store.counts().items() if k != "runs"},
        "documents": {i: store.document(i) for i in store.article_ids()},
        "near": {i: store.duplicate_of(i) for i in store.article_ids()},
        "rejects": sorted((r.source, r.code) for r in store.rejects()),
    }


def test_issue7_two_workers_store_what_one_process_stores(
    new_store_url: object, tmp_path: Path, inputs: list[str]
) -> None:
    stored = []
    for workers in (1, 2):
        url = new_store_url(tmp_path / str(workers))  # type: ignore[operator]
        with open_store(url) as store, WorkerPool(OPTIONS, workers, chunk=2) as pool:
            ingest_paths(store, inputs, OPTIONS, pool)
            assert workers == 1 or pool.peak_rss, "the pool path was not taken"
            stored.append(_contents(store))
    one, two = stored
    assert one == two
    counts = one["counts"]
    assert isinstance(counts, dict) and counts["articles"] == 11 and counts["rejects"] == 1


class _Stub:
    """A cheap extractor for pool mechanics: no statements; dies on :data:`CRASH`, never
    returns on :data:`HANG`."""

    def __init__(self, options: Options) -> None:
        self.options = options

    def extract_all(
        self, results: Iterable[Article | Reject], batch_size: int = 1
    ) -> Iterator[Document | Reject]:
        for item in results:
            if isinstance(item, Article) and CRASH in item.text:
                os._exit(3)
            if isinstance(item, Article) and HANG in item.text:
                time.sleep(3600)
            yield item if isinstance(item, Reject) else Document(article=item)


def _articles(n: int, crash_at: int | None = None, hang_at: int | None = None) -> Iterator[Article]:
    for i in range(n):
        word = CRASH if i == crash_at else HANG if i == hang_at else f"number {i}"
        yield from_fields(source=f"gen#{i}", format="text", options=OPTIONS,
                          paragraphs=[f"Article {word} said nothing."])  # fmt: skip


def test_issue7_a_worker_that_dies_costs_one_article() -> None:
    with WorkerPool(OPTIONS, 2, chunk=4, factory=_Stub) as pool:
        results = list(pool.extract_all(_articles(40, crash_at=13)))
    assert [r.source for r in results] == [f"gen#{i}" for i in range(40)]
    rejected = [r for r in results if isinstance(r, Reject)]
    assert [(r.source, r.code) for r in rejected] == [("gen#13", "QG302")]
    assert "worker process died" in rejected[0].message


def test_issue8_a_worker_that_hangs_costs_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "START_S", 8.0)  # spawning a stub worker takes ~2 s
    with WorkerPool(OPTIONS.evolve(time_budget_s=0.5), 2, chunk=4, factory=_Stub) as pool:
        results = list(pool.extract_all(_articles(24, hang_at=9)))
    assert [r.source for r in results] == [f"gen#{i}" for i in range(24)]
    rejected = [(r.source, r.code) for r in results if isinstance(r, Reject)]
    assert rejected == [("gen#9", "QG301")]


def test_issue7_work_out_is_bounded() -> None:
    pulled = 0

    def source() -> Iterator[Article]:
        nonlocal pulled
        for article in _articles(200):
            pulled += 1
            yield article

    bound = 2 * IN_FLIGHT * 4 + 4  # tasks out, and the chunk being filled
    with WorkerPool(OPTIONS, 2, chunk=4, factory=_Stub) as pool:
        for done, _ in enumerate(pool.extract_all(source()), start=1):
            assert pulled - done <= bound
    assert pulled == 200


def test_issue7_an_extraction_error_is_a_reject_with_its_reason() -> None:
    options = OPTIONS.evolve(max_nlp_chars=200)
    long_one = from_fields(source="long", format="text", options=options,
                           paragraphs=["Word " * 100 + "ends here."])  # fmt: skip
    items = [*_articles(3), long_one, *_articles(4)]
    with WorkerPool(options, 2, chunk=2) as pool:
        results = list(pool.extract_all(items))
    assert [r.source for r in results] == [a.source for a in items]
    assert [(r.source, r.code) for r in results if isinstance(r, Reject)] == [("long", "QG301")]


def test_issue7_ingest_workers_option(store_url: str, inputs: list[str]) -> None:
    result = CliRunner().invoke(
        app,
        ["ingest", *inputs, "--db", store_url, "--today", "2026-11-22", "--workers", "2",
         "--no-embed"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # one bad line: partial failure
    assert "11 ok, 1 failed, 1 duplicates" in result.stderr


def test_issue7_records_are_counted_for_the_eta(inputs: list[str]) -> None:
    assert count_records(inputs, OPTIONS) == 2 + 11


def test_issue7_parquet_shards_read_like_jsonl(tmp_path: Path, shared_dir: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from quotegraph.ingest.batch import read_all

    lines = _tass_lines(shared_dir, 5)
    jsonl, parquet = tmp_path / "a.jsonl", tmp_path / "a.parquet"
    jsonl.write_text("".join(lines), "utf-8")
    pq.write_table(pa.Table.from_pylist([json.loads(line) for line in lines]), parquet)
    from_jsonl = list(read_all([str(jsonl)], OPTIONS))
    from_parquet = list(read_all([str(parquet)], OPTIONS))
    assert len(from_parquet) == 5 and all(isinstance(a, Article) for a in from_parquet)
    assert [a.text for a in from_parquet] == [a.text for a in from_jsonl]  # type: ignore[union-attr]
    assert [a.format for a in from_parquet] == ["parquet"] * 5  # type: ignore[union-attr]
    assert count_records([str(parquet)], OPTIONS) == 5


def test_issue7_workers_exit_when_a_killed_ingest_leaves_them(tmp_path: Path) -> None:
    """SIGKILL of `quotegraph ingest --workers 2` must not leave its workers behind (they
    would hold its pipes open: the crash test's restart loop hung on exactly that)."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    from conftest import REPO_ROOT, require_shared

    news = require_shared(REPO_ROOT.parent / "shared" / "datasets" / "news-articles.jsonl.gz")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotegraph.cli", "ingest", str(news), "--db", str(db),
         "--workers", "2", "--no-embed"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not _stored_some(db) and time.monotonic() < deadline:  # workers are up and working
        time.sleep(0.5)
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert len(workers) >= 2, "the ingest started no worker processes"
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: its workers must notice
    proc.communicate(timeout=60)  # returns only once no orphan holds the pipes
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers outlived the killed ingest: {alive}"


def _stored_some(db: Path) -> bool:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            return bool(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return False


def test_issue7_worker_rss_is_the_workers_own_peak() -> None:
    """A spawned worker's peak RSS is its own: ``ru_maxrss`` would report the parent's larger
    peak (it survives ``exec``), which made every worker look as big as the bench's parent."""
    import multiprocessing

    if not Path("/proc/self/status").exists():
        pytest.skip("VmHWM needs Linux's /proc")
    ballast = bytearray(400 * 1024 * 1024)  # pages touched: the parent's peak grows by 400 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    parent = pool_module.peak_rss()
    with multiprocessing.get_context("spawn").Pool(1) as children:
        child = children.apply(pool_module.peak_rss)
    del ballast
    assert parent > 400 * 1024 * 1024
    assert 0 < child < parent - 300 * 1024 * 1024
