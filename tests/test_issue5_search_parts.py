"""Issue 5: PostgreSQL reads a search's window part by part, newest id buckets first
(schema version 11, ``PostgresStore._window_parts``).

The parts only change how much is read, never what is found: a search gives the same total,
hits, order and facets with them as without them, whatever the bound, the filters and the
buckets the statements fall in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import quotegraph.store.sql as sql
from quotegraph.options import Options
from quotegraph.store import SearchQuery, open_store
from quotegraph.store.base import SearchResult
from quotegraph.store.postgres import BUCKET_BITS, PARTS, PostgresStore

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
QUERIES = [
    SearchQuery("the"), SearchQuery("Union OR Minsk", limit=5), SearchQuery('"Union State"'),
    SearchQuery("the", kind="indirect"), SearchQuery("the", outlet="TASS", offset=3),
    SearchQuery("the", since=dt.date(2021, 1, 1)), SearchQuery("the", since=dt.date(2021, 6, 1)),
    SearchQuery("doctrine", until=dt.date(2020, 12, 31)), SearchQuery("the", facets=False),
    SearchQuery("said", speaker="Mezentsev"),
]  # fmt: skip


def _ingest_at(store: PostgresStore, folder: Path, bucket: int, edition: int) -> None:
    """Both examples, edited (so they are new articles), their statements from ``bucket`` on."""
    if bucket:
        store._execute(
            "SELECT setval(pg_get_serial_sequence('statements', 'id'), ?)",
            (bucket << BUCKET_BITS,),
        )
    for example in EXAMPLES.glob("*.txt"):
        copy = folder / f"{example.stem}-{edition}.txt"
        copy.write_text(f"{example.read_text(encoding='utf-8')}\nEdition {edition}.\n")
        store.ingest([str(copy)], OPTIONS)


@pytest.fixture
def spread(postgres_server: Any, tmp_path: Path) -> Iterator[PostgresStore]:
    """The examples in buckets 0, 2, 3, 7 and 9 (so the newest 8 are read one by one and the
    last part names the buckets' lexemes)."""
    with open_store(postgres_server.new_database()) as store:
        assert isinstance(store, PostgresStore)
        for edition, bucket in enumerate((0, 2, 3, 7, 9)):
            _ingest_at(store, tmp_path, bucket, edition)
        yield store


def _both_ways(store: PostgresStore, q: SearchQuery) -> tuple[SearchResult, SearchResult]:
    """The search with its window in parts, and in one."""
    sql.forget_cached_reads()
    parted = store.search(q)
    sql.forget_cached_reads()
    store._window_parts = lambda _q: ()  # type: ignore[method-assign]
    try:
        return parted, store.search(q)
    finally:
        del store._window_parts


@pytest.mark.parametrize("bound", [2, 7, 5_000])
def test_issue5_search_in_parts_finds_what_one_window_finds(
    spread: PostgresStore, bound: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql, "COUNT_BOUND", bound)
    assert len(spread._window_parts(SearchQuery("the"))) == PARTS + 1
    for q in QUERIES:
        parted, whole = _both_ways(spread, q)
        assert parted == whole, q
        assert whole.total > 0 or q.until, q


def test_issue5_search_parts_reach_old_buckets_by_id(
    spread: PostgresStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more older buckets than the last part names, it takes them by id."""
    _ingest_at(spread, tmp_path, 40, 9)
    parts = spread._window_parts(SearchQuery("the"))
    assert len(parts) == PARTS + 1 and parts[-1] == f"s.id + 0 < {33 << BUCKET_BITS}"
    for bound in (3, 5_000):
        monkeypatch.setattr(sql, "COUNT_BOUND", bound)
        for q in QUERIES[:4]:
            parted, whole = _both_ways(spread, q)
            assert parted == whole, (bound, q)


def test_issue5_no_parts_for_small_stores_or_a_speaker(
    spread: PostgresStore, postgres_server: Any, tmp_path: Path
) -> None:
    assert spread._window_parts(SearchQuery("the", speaker="Mezentsev")) == ()
    with open_store(postgres_server.new_database()) as small:
        assert isinstance(small, PostgresStore)
        assert small._window_parts(SearchQuery("the")) == ()  # empty
        _ingest_at(small, tmp_path, 0, 0)
        assert small._window_parts(SearchQuery("the")) == ()  # one bucket
