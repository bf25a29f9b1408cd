"""quotegraph check (issue 8): a clean store passes, every kind of damage is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.errors import StoreBusyError
from quotegraph.store import SearchQuery, SpeakerQuery, open_store

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
TODAY = "2026-11-22"


def _check(url: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["check", "--db", url, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, report


def _ingest(url: str) -> None:
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", url, "--today", TODAY])
    assert result.exit_code == 0, result.output


def _sql(url: str, *statements: str) -> None:
    """Run raw SQL on the store with its safety nets off (foreign keys, FK triggers)."""
    if url.startswith("sqlite"):
        import sqlite3

        db = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        db.execute("PRAGMA foreign_keys = OFF")
    else:
        import psycopg

        db = psycopg.connect(url, autocommit=True)  # type: ignore[assignment]
        db.execute("SET session_replication_role = replica")
    for statement in statements:
        db.execute(statement)
    db.close()


def test_a_fresh_and_an_ingested_store_are_clean(store_url: str) -> None:
    open_store(store_url).close()
    assert _check(store_url)[0] == 0
    _ingest(store_url)
    code, report = _check(store_url)
    assert code == 0 and report["ok"] and report["problems"] == []
    assert report["schema_version"] == report["code_version"] >= 2
    assert report["counts"]["articles"] == 2 and report["counts"]["statements"] >= 10
    assert {"index", "orphans", "article-id", "near-duplicates"} <= set(report["checks"])
    table = CliRunner().invoke(app, ["check", "--db", store_url])
    assert table.exit_code == 0 and "ok: no problems found" in table.stdout


def test_a_corrupted_store_is_reported(store_url: str) -> None:
    _ingest(store_url)
    with open_store(store_url) as store:
        first, second = sorted(store.article_ids())
    _sql(
        store_url,
        f"DELETE FROM articles WHERE id = '{first}'",  # its rows become orphans
        f"UPDATE articles SET text = text || ' tampered' WHERE id = '{second}'",
        f"INSERT INTO near_duplicates VALUES ('{second}', '{second}', 1.0)",
    )
    if store_url.startswith("sqlite"):
        _sql(store_url, "INSERT INTO statements_fts (rowid, content) VALUES (999999, 'ghost')")
    else:
        _sql(store_url, "DROP INDEX statements_search")
    code, report = _check(store_url)
    assert code == 1 and not report["ok"]
    found = {(p["check"], p["message"]) for p in report["problems"]}
    text = "\n".join(f"{c}: {m}" for c, m in sorted(found))
    for table in ("paragraphs", "statements", "sources"):
        assert f"{table} rows point at no articles ({table}.article_id)" in text, text
    assert f"articles' ids are not the hash of their text ({second})" in text
    assert "linked as near-duplicates of themselves" in text
    index = [m for c, m in found if c == "index"]
    assert index, text
    assert ("statements_fts" if store_url.startswith("sqlite") else "GIN index") in index[0]
    table = CliRunner().invoke(app, ["check", "--db", store_url])
    assert table.exit_code == 1 and "PROBLEM [orphans]" in table.stdout


def test_runs_left_running_by_a_killed_ingest(store_url: str) -> None:
    """A run still 'running' with no writer is a note; the next run marks it interrupted."""
    with open_store(store_url) as store:
        stale = store.start_run("ingest", ["x"])  # never finished: as if killed
    code, report = _check(store_url)
    assert code == 0 and any("left 'running'" in n for n in report["notes"])
    _ingest(store_url)
    with open_store(store_url) as store:
        run = store.run(stale)
        assert run is not None and run.status == "interrupted" and run.finished_at
    assert _check(store_url)[1]["notes"] == []


def test_one_writer_at_a_time(store_url: str) -> None:
    """A second writer is refused with QG402 while the first holds the lock (and a check
    notes the running ingest); the lock is free again once the run finishes."""
    with open_store(store_url) as first, open_store(store_url) as second:
        run = first.start_run("ingest", ["a"])
        with pytest.raises(StoreBusyError, match="another ingest is writing") as caught:
            second.start_run("ingest", ["b"])
        assert caught.value.code == "QG402"
        assert any("an ingest is writing" in n for n in second.check().notes)
        first.finish_run(run, first.run(run).counts)  # type: ignore[union-attr]
        second.finish_run(second.start_run("ingest", ["b"]), first.run(run).counts)  # type: ignore[union-attr]


def test_speaker_pages_are_cached_until_the_statements_change(store_url: str) -> None:
    """Handles on a store reuse a speaker page one of them read (they aggregate every
    statement, the load bench's slowest request) until a write changes the statements, its
    own or another's."""
    first, second = sorted(EXAMPLES.iterdir())
    with open_store(store_url) as reader, open_store(store_url) as writer:
        writer.ingest(str(first))
        before = reader.speakers(SpeakerQuery(limit=50))
        assert reader.speakers(SpeakerQuery(limit=50)) is before  # cached
        writer.ingest(str(second))  # another handle writes
        after = reader.speakers(SpeakerQuery(limit=50))
        assert after != before  # the same speakers, with more statements
        assert after.speakers[0].statements > before.speakers[0].statements
        with open_store(store_url) as fresh:  # the server's handles share the pages read
            assert fresh.speakers(SpeakerQuery(limit=50)) is after


def test_issue8_cached_reads_never_outlive_a_delete_or_rerun(store_url: str) -> None:
    """Searches and speaker profiles are cached too; deleting an article and storing it again
    gives it the same statement ids and count, and still no cached result survives."""
    first, second = sorted(EXAMPLES.iterdir())
    with open_store(store_url) as reader, open_store(store_url) as writer:
        writer.ingest([str(first), str(second)])
        found = reader.search(SearchQuery("said", limit=50))
        assert reader.search(SearchQuery("said", limit=50)) is found
        speaker = found.hits[0].speaker_id
        assert speaker is not None
        profile = reader.speaker(speaker)
        assert reader.speaker(speaker) is profile
        last = found.hits[0].article_id
        assert writer.delete_article(last)
        assert last not in {h.article_id for h in reader.search(SearchQuery("said", limit=50)).hits}
        writer.ingest([str(first), str(second)])  # back, with the same ids
        again = reader.search(SearchQuery("said", limit=50))
        assert again is not found and again.total == found.total
        assert reader.speaker(speaker) is not profile


def test_a_schema_version_table_that_lies_is_a_store_error(store_url: str) -> None:
    _ingest(store_url)
    _sql(store_url, "DELETE FROM schema_version WHERE version = 1")  # 0001 looks unapplied
    result = CliRunner().invoke(app, ["check", "--db", store_url])
    assert result.exit_code == 2 and "QG401" in result.output  # a one-line error, no traceback
    assert "Traceback" not in result.output
