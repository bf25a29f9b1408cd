"""Idempotent ingest (issue 5): stored once by id, changed sources replaced, runs and rejects."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from conftest import as_stored
from quotegraph import read
from quotegraph.article.model import Article
from quotegraph.cli import app
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import Outcome, SearchQuery, Store, open_store, rows

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
TODAY = "2026-11-22"
OPTIONS = Options(reference_date=dt.date.fromisoformat(TODAY))


def _cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--db", url, "--today", TODAY])


def _rejects(url: str, *flags: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["rejects", "--db", url, "--format", "json", *flags])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return store.counts()


def test_ingest_examples(store_url: str) -> None:
    result = _cli(store_url, "ingest", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert "2 ok, 0 failed, 0 duplicates" in result.stderr
    counts = _counts(store_url)
    assert counts["articles"] == 2 and counts["sources"] == 2 and counts["runs"] == 1
    assert counts["statements"] >= 10 and counts["speakers"] >= 2 and counts["rejects"] == 0


def test_stored_documents_are_what_extraction_gave(store: Store) -> None:
    run = store.ingest(str(EXAMPLES), OPTIONS)
    assert (run.counts.ok, run.counts.rejected, run.status) == (2, 0, "finished")
    pipeline = Pipeline(OPTIONS)
    for article in read(str(EXAMPLES.resolve()), OPTIONS):
        assert isinstance(article, Article)
        stored = store.document(article.id)
        assert stored == as_stored(pipeline(article), OPTIONS)
        assert stored.article.check_offsets()
        for s in stored.statements:
            assert stored.text[s.content.start : s.content.end] == s.content.text


def test_ingest_again_adds_no_rows(store_url: str) -> None:
    assert _cli(store_url, "ingest", str(EXAMPLES)).exit_code == 0
    before = _counts(store_url)
    again = _cli(store_url, "ingest", str(EXAMPLES))
    assert again.exit_code == 0, again.output
    assert "0 ok, 0 failed, 2 duplicates" in again.stderr
    after = _counts(store_url)
    assert after == {**before, "runs": before["runs"] + 1}
    with open_store(store_url) as store:
        last, first = store.runs()
    assert (last.counts.ok, last.counts.duplicates, last.counts.rejected) == (0, 2, 0)
    assert (first.counts.ok, first.counts.duplicates) == (2, 0)
    assert last.status == "finished" and last.finished_at and last.command == "ingest"
    assert last.inputs == (str(EXAMPLES.resolve()),)


def test_same_text_from_another_source_is_stored_once(store_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(EXAMPLES / "tass-military-doctrine.txt", copy)
    assert _cli(store_url, "ingest", str(EXAMPLES)).exit_code == 0
    result = _cli(store_url, "ingest", str(copy))
    assert result.exit_code == 0 and "0 ok, 0 failed, 1 duplicates" in result.stderr
    counts = _counts(store_url)
    assert (counts["articles"], counts["sources"]) == (2, 3)


def test_duplicates_within_one_run(store_url: str, tmp_path: Path) -> None:
    text = (EXAMPLES / "tass-military-doctrine.txt").read_text(encoding="utf-8")
    records = [{"text": text, "url": "https://a.example/1"},
               {"text": text, "url": "https://b.example/1"},
               {"text": "MOSCOW, May 1. /TASS/. Peskov said the talks went well.",
                "url": "https://a.example/2"}]  # fmt: skip
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = _cli(store_url, "ingest", str(path))
    assert result.exit_code == 0 and "2 ok, 0 failed, 1 duplicates" in result.stderr
    counts = _counts(store_url)
    assert (counts["articles"], counts["sources"]) == (2, 3)


def test_changed_text_replaces_derived_rows(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "dispatch.txt"
    text = (EXAMPLES / "tass-military-doctrine.txt").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert _cli(store_url, "ingest", str(path)).exit_code == 0
    with open_store(store_url) as store:
        old = store.counts()
        old_id = store.search(SearchQuery("doctrine")).hits[0].article_id
    path.write_text(text.replace("doctrine", "strategy"), encoding="utf-8")
    result = _cli(store_url, "ingest", str(path))
    assert result.exit_code == 0 and "1 ok (1 replaced), 0 failed" in result.stderr
    with open_store(store_url) as store:
        assert store.document(old_id) is None
        assert store.search(SearchQuery("doctrine")).total == 0
        hits = store.search(SearchQuery("strategy")).hits
        assert hits and all(h.article_id != old_id for h in hits)
        new = store.counts()
        assert store.runs()[0].counts.replaced == 1
    same = ("articles", "sources", "paragraphs", "statements", "speakers")
    assert {k: new[k] for k in same} == {k: old[k] for k in same}


def test_rejects_are_listed_and_retried(store_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    records = tmp_path / "records.jsonl"
    good = json.dumps({"title": "Talks", "text": "MOSCOW, May 1. /TASS/. Peskov said it was fine."})
    records.write_text(f"{good}\n{{broken\n", encoding="utf-8")
    result = _cli(store_url, "ingest", str(empty), str(records))
    assert result.exit_code == 1 and "1 ok, 2 failed, 0 duplicates" in result.stderr
    open_rejects = _rejects(store_url)
    assert {(Path(r["source"]).name, r["code"]) for r in open_rejects} == {
        ("empty.txt", "QG101"), ("records.jsonl#2", "QG108"),
    }  # fmt: skip
    assert all(r["open"] and r["retried"] == 0 and r["first_seen"] for r in open_rejects)
    table = CliRunner().invoke(app, ["rejects", "--db", store_url])
    assert table.exit_code == 0 and "QG108" in table.stdout and "2 rejects" in table.stdout

    empty.write_text("MINSK, May 2. /TASS/. Lukashenko said the plan was ready.", encoding="utf-8")
    still_broken = _cli(store_url, "ingest", "--retry-rejects")
    assert still_broken.exit_code == 1 and "1 ok, 1 failed, 0 duplicates" in still_broken.stderr
    assert "retried 2 rejects, 1 resolved" in still_broken.stderr
    [left] = _rejects(store_url)
    assert left["source"].endswith("records.jsonl#2") and left["retried"] == 1

    records.write_text(f"{good}\n{good.replace('Talks', 'More talks')}\n", encoding="utf-8")
    fixed = _cli(store_url, "ingest", "--retry-rejects")
    assert fixed.exit_code == 0 and "1 ok, 0 failed, 0 duplicates" in fixed.stderr
    assert _rejects(store_url) == []
    everything = _rejects(store_url, "--all")
    assert len(everything) == 2 and not any(r["open"] for r in everything)
    with open_store(store_url) as store:
        assert store.runs()[0].command == "ingest --retry-rejects"
        assert store.counts()["articles"] == 3
    nothing = _cli(store_url, "ingest", "--retry-rejects")
    assert nothing.exit_code == 0 and "no open rejects" in nothing.stderr


def test_a_reject_is_resolved_by_a_later_plain_ingest(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "later.txt"
    path.write_bytes(b"   ")
    assert store.ingest(str(path), OPTIONS).counts.rejected == 1
    assert [r.code for r in store.rejects()] == ["QG101"]
    path.write_text("MOSCOW, May 1. /TASS/. Peskov said it was fine.", encoding="utf-8")
    assert store.ingest(str(path), OPTIONS).counts.ok == 1
    assert store.rejects() == [] and len(store.rejects(include_resolved=True)) == 1


def test_write_outcomes(store: Store) -> None:
    pipeline = Pipeline(OPTIONS)
    docs = [pipeline(a) for a in read(str(EXAMPLES), OPTIONS) if isinstance(a, Article)]
    run = store.start_run("ingest", [str(EXAMPLES)])
    assert [store.write_document(d, run) for d in docs] == [Outcome.NEW, Outcome.NEW]
    assert store.write_document(docs[0], run) is Outcome.DUPLICATE
    assert store.has_article(docs[0].article.id)


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "x.txt", "--input-format", "nope"]])
def test_ingest_usage_errors(store_url: str, args: list[str]) -> None:
    result = _cli(store_url, *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_failed_article_write_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction per article: a failure after the article row rolls all of it back."""
    pipeline = Pipeline(OPTIONS)
    doc = next(pipeline(a) for a in read(str(EXAMPLES), OPTIONS) if isinstance(a, Article))
    run = store.start_run("ingest", [str(EXAMPLES)])
    before = store.counts()

    def broken(*args: Any) -> dict[str, Any]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rows, "statement_row", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write_document(doc, run)
    assert store.counts() == before and not store.has_article(doc.article.id)
    monkeypatch.undo()
    assert store.write_document(doc, run) is Outcome.NEW
    assert store.document(doc.article.id) == doc


def test_issue8_a_document_the_store_cannot_hold_is_one_reject_not_a_dead_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quotegraph import extract
    from quotegraph.store.ingest import IngestRun
    from quotegraph.store.sql import SQLStore

    docs = [extract(path) for path in sorted(EXAMPLES.glob("*.txt"))]
    bad = docs[0].source
    assert isinstance(store, SQLStore)
    insert = type(store)._insert_document

    def failing(self: SQLStore, doc: Any, run_id: int) -> bool:
        written = insert(self, doc, run_id)  # rows go in, then the transaction fails
        if doc.source == bad:
            raise self._DOCUMENT_ERRORS[0]("duplicate key (simulated)")
        return written

    monkeypatch.setattr(type(store), "_insert_document", failing)
    run = IngestRun(store, "test", [])
    out = list(run.stream(docs, lambda items: iter(())))
    codes = [getattr(item, "code", None) for item in out]
    assert codes == ["QG403", None]
    assert list(store.article_ids()) == [docs[1].article.id]  # nothing of the bad one is kept
    assert [r.source for r in store.rejects()] == [bad]
