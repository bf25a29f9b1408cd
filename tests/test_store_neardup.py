"""Near-duplicate linking (issue 5 item 3): republished wire copies are linked, counted once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.options import Options
from quotegraph.store import SearchQuery, SpeakerQuery, Store, neardup, open_store

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
DOCTRINE = EXAMPLES / "tass-military-doctrine.txt"
UNION = EXAMPLES / "tass-union-state-defense.txt"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
EDITS = (
    ("/TASS/.", "(Reuters) -"),
    ("much more complicated", "far more complicated"),
    ("All news", "World news"),
)


def _copy(tmp_path: Path) -> Path:
    """The doctrine dispatch republished by another outlet, with a few words changed."""
    text = DOCTRINE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "reuters-copy.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _ids(store: Store) -> dict[str, str]:
    return {doc.source.rsplit("/", 1)[-1]: doc.article.id for doc in store.documents()}


def test_republished_copy_is_linked(store: Store, tmp_path: Path) -> None:
    store.ingest(str(DOCTRINE), OPTIONS)
    store.ingest([str(_copy(tmp_path)), str(UNION)], OPTIONS)
    ids = _ids(store)
    original, copy, union = ids[DOCTRINE.name], ids["reuters-copy.txt"], ids[UNION.name]
    assert len({original, copy, union}) == 3
    assert store.duplicate_of(copy) == original
    assert store.duplicate_of(original) is None
    assert store.duplicate_of(union) is None  # an unrelated article is not linked
    assert {h.duplicate_of for h in store.article_statements(copy)} == {original}
    assert {h.duplicate_of for h in store.article_statements(union)} == {None}


def test_counts_leave_out_near_duplicates(store: Store, tmp_path: Path) -> None:
    store.ingest(str(DOCTRINE), OPTIONS)
    alone = store.search(SearchQuery("doctrine"))
    speakers_alone = {
        s.name: s.statements for s in store.speakers(SpeakerQuery(limit=1000)).speakers
    }
    store.ingest(str(_copy(tmp_path)), OPTIONS)
    both = store.search(SearchQuery("doctrine", limit=100))
    assert both.total == alone.total > 0
    assert both.facets == alone.facets
    copies = [h for h in both.hits if h.duplicate_of is not None]  # hits still list them
    assert copies and len(both.hits) == alone.total + len(copies)
    assert {
        s.name: s.statements for s in store.speakers(SpeakerQuery(limit=1000)).speakers
    } == speakers_alone


def test_ingest_summary_counts_near_duplicates(store_url: str, tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    result = CliRunner().invoke(
        app, ["ingest", str(DOCTRINE), str(copy), "--db", store_url, "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    assert "2 ok, 0 failed, 0 duplicates, 1 near-duplicates" in result.stderr
    with open_store(store_url) as store:  # the LSH index is rebuilt from stored signatures
        store.ingest(str(UNION), OPTIONS)
        again = tmp_path / "again"
        again.mkdir()
        third = again / "third.txt"
        third.write_text(copy.read_text(encoding="utf-8").replace("World news", "Top"), "utf-8")
        store.ingest(str(third), OPTIONS)
        ids = _ids(store)
        assert store.duplicate_of(ids["third.txt"]) == ids[DOCTRINE.name]  # the earliest


def test_signature_ignores_the_dateline() -> None:
    from quotegraph import read

    [article] = [a for a in read(str(DOCTRINE), OPTIONS)]
    assert article.dateline is not None  # type: ignore[union-attr]
    shingles = neardup.shingles(article)  # type: ignore[arg-type]
    assert not any("november 5 tass" in s for s in shingles)
    sig = neardup.signature(article)  # type: ignore[arg-type]
    assert sig is not None
    assert neardup.similarity(sig, neardup.from_bytes(neardup.to_bytes(sig))) == 1.0


def test_issue7_the_lsh_index_lives_in_the_store(store_url: str, tmp_path: Path) -> None:
    """The writer keeps no index that grows with the store: a copy ingested through a store
    opened afresh is still linked, found through the stored band keys."""
    with open_store(store_url) as first:
        first.ingest(str(DOCTRINE), OPTIONS)
        assert first.counts()["minhash_bands"] == neardup.BANDS
    with open_store(store_url) as second:
        second.ingest(str(_copy(tmp_path)), OPTIONS)
        ids = _ids(second)
        assert second.duplicate_of(ids["reuters-copy.txt"]) == ids[DOCTRINE.name]
        assert second.counts()["minhash_bands"] == 2 * neardup.BANDS
        assert second.check().ok


def test_issue7_a_store_from_before_the_bands_is_filled_in(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as old:
        old.ingest(str(DOCTRINE), OPTIONS)
        with old._transaction():  # as a store from before schema 7
            old._execute("DELETE FROM minhash_bands")
        (problem,) = old.check().problems
        assert "lack their" in problem.message and "next ingest" in problem.message
    with open_store(store_url) as store:
        store.ingest(str(_copy(tmp_path)), OPTIONS)
        ids = _ids(store)
        assert store.duplicate_of(ids["reuters-copy.txt"]) == ids[DOCTRINE.name]
        assert store.check().ok
