"""Search (issue 5): BM25 over statement content, phrases, filters, facets, provenance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from conftest import PostgresServer
from quotegraph.cli import app
from quotegraph.errors import QuerySyntaxError, UsageError
from quotegraph.store import SearchQuery, Store, open_store
from quotegraph.store.query import parse, to_fts5, to_tsquery

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
BAD_QUERIES = ['"unbalanced', "AND", "doctrine AND", "NOT doctrine", "(doctrine", "doctrine)",
               "()", "OR OR", '""', "-", "doctrine AND OR military"]  # fmt: skip


def _ingested(url: str, *more: Path) -> str:
    """``url`` holding the two bundled examples (and ``more``), ingested through the CLI."""
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), *map(str, more), "--db", url, "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def searchable(
    new_store_url: Callable[[Path], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store holding the two bundled examples, for reading."""
    yield _ingested(new_store_url(tmp_path_factory.mktemp("search")))


@pytest.fixture
def store(searchable: str) -> Iterator[Store]:
    with open_store(searchable) as opened:
        yield opened


def _search(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["search", *args, "--db", url])


def _json(url: str, *args: str) -> dict[str, Any]:
    result = _search(url, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_doctrine_by_mezentsev_with_exact_offsets(searchable: str, store: Store) -> None:
    found = _json(searchable, "doctrine", "--speaker", "Mezentsev")
    assert found["total"] >= 4 and len(found["hits"]) == found["total"]
    for hit in found["hits"]:
        assert hit["speaker"] == "Dmitry Mezentsev"
        assert "doctrine" in hit["content"]["text"].lower()
        doc = store.document(hit["article_id"])
        assert doc is not None and hit["source"] == doc.source
        assert Path(hit["source"]).name == "tass-military-doctrine.txt"
        text = doc.text
        for span in ("content", "sentence", "context", "cue", "mention"):
            s = hit[span]
            assert text[s["start"] : s["end"]] == s["text"], span
        assert hit["sentence"]["start"] <= hit["content"]["start"]
        assert hit["content"]["end"] <= hit["sentence"]["end"] <= hit["context"]["end"]
        if hit["paragraph"] is not None:
            assert hit["context"]["text"] == doc.article.paragraphs[hit["paragraph"]].text
        assert hit["published"]["date"] == "2021-11-05" and hit["score"] > 0
    scores = [h["score"] for h in found["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_sentence_is_narrower_than_the_paragraph(store: Store) -> None:
    hits = store.search(SearchQuery('"sanctions and economic pressure"')).hits
    [hit] = hits
    assert hit.sentence.text.startswith("Mezentsev reiterated that sanctions")
    assert hit.sentence.text.endswith("UN Security Council.")


def test_phrase_query(searchable: str) -> None:
    found = _json(searchable, '"military doctrine"')
    assert found["total"] == 2
    assert all("military doctrine" in h["content"]["text"].lower() for h in found["hits"])
    assert _json(searchable, '"doctrine military"')["total"] == 0
    assert _json(searchable, "“military doctrine”")["total"] == 2  # typographic quotes


def test_boolean_and_prefix_queries(store: Store) -> None:
    doctrine = store.search(SearchQuery("doctrine")).total
    both = store.search(SearchQuery("doctrine (military OR defense)")).total
    assert 0 < both <= doctrine
    assert store.search(SearchQuery("doctrine NOT military")).total < doctrine
    assert store.search(SearchQuery("doctr*")).total == doctrine
    assert store.search(SearchQuery("doctrines")).total == doctrine  # stemmed
    assert store.search(SearchQuery("Russia-Belarus")).total >= 0  # hyphens are no operators


def test_filters(searchable: str, store: Store) -> None:
    everything = store.search(SearchQuery("Union")).total
    assert everything > 2
    direct = _json(searchable, "Union", "--kind", "direct")
    assert 0 < direct["total"] < everything
    assert {h["kind"] for h in direct["hits"]} == {"direct"}
    assert _json(searchable, "Union", "--outlet", "tass")["total"] == everything
    assert _json(searchable, "Union", "--outlet", "Reuters")["total"] == 0
    november = _json(searchable, "Union", "--since", "2021-11-01", "--until", "2021-11-30")
    assert 0 < november["total"] < everything
    assert {h["published"]["date"] for h in november["hits"]} == {"2021-11-05"}
    assert _json(searchable, "Union", "--since", "2022-01-01")["total"] == 0
    putin = _json(searchable, "Russia", "--speaker", "putin")
    assert putin["total"] >= 1 and {h["speaker"] for h in putin["hits"]} == {"Vladimir Putin"}
    limited = _search(searchable, "Union", "--limit", "2", "--format", "jsonl")
    assert limited.exit_code == 0 and len(limited.stdout.splitlines()) == 2


def test_facets(searchable: str) -> None:
    found = _json(searchable, "Union")
    facets = found["facets"]
    assert set(facets) == {"speaker", "outlet", "kind", "month"}
    for name in ("kind", "outlet", "month"):
        assert sum(c["count"] for c in facets[name]) == found["total"], name
    assert facets["outlet"] == [{"value": "TASS", "count": found["total"]}]
    months = {c["value"] for c in facets["month"]}
    assert months == {"2021-11", "(unknown)"}  # the October dispatch's year is only bounded
    assert facets["speaker"][0]["value"] == "Dmitry Mezentsev"


def test_issue5_count_is_exact_up_to_a_bound(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search reads at most COUNT_BOUND + 1 matches, newest first: up to the bound it counts,
    facets and ranks every match; beyond, the total is a lower bound, said so, and the count,
    the facets and the ranking are of the newest matches read."""
    import quotegraph.store.sql as sql

    exact = store.search(SearchQuery("Union", limit=50))
    assert exact.total_exact and exact.facets_sample is None and exact.total > 3
    assert all(sum(c.count for c in exact.facets[n]) == exact.total for n in ("kind", "outlet"))
    monkeypatch.setattr(sql, "COUNT_BOUND", 2)
    sql.forget_cached_reads()  # results read with the old bound
    bounded = store.search(SearchQuery("Union", limit=50))
    newest = sorted((h.statement_id for h in exact.hits), reverse=True)[:3]
    assert sorted(h.statement_id for h in bounded.hits) == sorted(newest)  # the 3 read
    assert [h.statement_id for h in bounded.hits] == [
        h.statement_id for h in exact.hits if h.statement_id in newest
    ]  # ranked as before
    assert not bounded.total_exact and bounded.total == 3  # the 3 read, none a near-duplicate
    assert bounded.facets_sample == 2
    assert all(sum(c.count for c in bounded.facets[n]) == 2 for n in ("kind", "outlet"))
    unfaceted = store.search(SearchQuery("Union", facets=False))
    assert not unfaceted.total_exact and unfaceted.facets == {}
    assert store.search(SearchQuery("doctrine", speaker="Lukashenko")).total_exact


def test_issue5_speaker_filter_is_the_same_in_full_text_search(store: Store) -> None:
    """The full-text search's speaker filter (SQLite: a list of the speakers' statements)
    keeps exactly the statements whose speaker name contains the text."""
    everything = store.search(SearchQuery("the", limit=1000, facets=False)).hits
    for name in ("mezentsev", "PUTIN", "Dmitry M", "x"):
        found = store.search(SearchQuery("the", speaker=name, limit=1000, facets=False)).hits
        want = [h for h in everything if h.speaker and name.lower() in h.speaker.lower()]
        assert [h.statement_id for h in found] == [h.statement_id for h in want], name


def test_issue5_api_pages_past_a_bounded_total() -> None:
    """A page of a bounded (lower-bound) total has a next page while it is full."""
    from quotegraph.api.convert import next_offset

    assert next_offset(0, 20, 20) is None  # exact: the last page
    assert next_offset(0, 20, 20, open_ended=True) == 20
    assert next_offset(20, 5, 25, open_ended=False) is None


def test_table_output(searchable: str) -> None:
    result = _search(searchable, "doctrine", "--speaker", "Mezentsev")
    assert result.exit_code == 0
    assert "statements match 'doctrine'" in result.stdout
    assert "Dmitry Mezentsev" in result.stdout and "speaker:" in result.stdout
    none = _search(searchable, "zebra")
    assert none.exit_code == 0 and "no statements match" in none.stdout


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_query_syntax_is_a_usage_error(searchable: str, store: Store, query: str) -> None:
    with pytest.raises(UsageError):
        store.search(SearchQuery(query))
    result = _search(searchable, query)
    assert result.exit_code == 2
    assert "QG210" in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "args",
    [["--kind", "quote"], ["--since", "yesterday"], ["--format", "xml"], ["--limit", "0"],
     ["--since", "2022-01-01", "--until", "2021-01-01"]],
)  # fmt: skip
def test_bad_search_options(searchable: str, args: list[str]) -> None:
    result = _search(searchable, "doctrine", *args)
    assert result.exit_code == 2 and "QG2" in result.stderr
    assert "Traceback" not in result.output


def test_search_an_empty_store(store_url: str) -> None:
    missing = _search(store_url, "doctrine")
    assert missing.exit_code == 2 and "there is no store" in missing.stderr
    open_store(store_url).close()
    result = _search(store_url, "doctrine", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "query": "doctrine",
        "total": 0,
        "total_exact": True,
        "hits": [],
        "facets": {},
        "facets_sample": None,
    }


def test_query_language() -> None:
    assert to_fts5(parse("doctrine")) == '"doctrine"'
    assert to_fts5(parse('"military doctrine" OR defen*')) == '"military doctrine" OR "defen"*'
    assert to_fts5(parse("a (b OR c)")) == '"a" AND ( "b" OR "c" )'
    assert to_fts5(parse("near and")) == '"near" AND "and"'
    with pytest.raises(QuerySyntaxError, match="unbalanced"):
        parse('say "hello')


def test_search_query_validation() -> None:
    q = SearchQuery("x", since=dt.date(2021, 1, 1), until=dt.date(2021, 12, 31))
    assert q.limit == 20 and q.facets
    for bad in ({"kind": "quote"}, {"limit": 0}, {"limit": 5000}, {"offset": -1}):
        with pytest.raises(UsageError):
            SearchQuery("x", **bad)  # type: ignore[arg-type]


PUNCTUATED = (
    'MOSCOW, May 1. /TASS/. "The /Russia desk at tass.com grew by 2.5 percent in the U.S. '
    'market," Kremlin spokesman Dmitry Peskov said.\n\n"The Union State’s e-mail service, run '
    'by Łukaszenka’s office, will work 24/7 — as promised," he added. Peskov said the café on '
    "Tverskaya (No. 3) was closed_for_repairs."
)
PARITY_QUERIES = [
    "Russia", "tass", "com", "tass.com", "2", "2.5", '"2 5"', "U.S.", "S", "mail", "e-mail",
    "State", "State’s", "Łukaszenka", "24/7", "desk*", "closed", "repairs", "No. 3", "café",
    "Tverskaya OR Kremlin",

    "doctrine", '"military doctrine"', "doctrine (military OR defense)", "doctrine NOT military",
    "doctr*", "doctrines", "Russia-Belarus", '"Russia-Belarus Union"', "military-political",
    "Union", '"Union State"', '"union st"*', "Putin OR Lukashenko", "defense AND NOT",
    "(sanctions OR pressure) NOT West", '"sanctions and economic pressure"', "the", "is",
    "Union State’s", "West* NOT (sanctions OR \u201cUnion State\u201d)", "ensuring capability",
    "respond responds response", "borders OR boundaries", "2021", "<...>", "Minsk Moscow",
]  # fmt: skip


@pytest.fixture(scope="module")
def both_backends(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    """The examples and a punctuated dispatch in a SQLite store and in a PostgreSQL store."""
    folder = tmp_path_factory.mktemp("parity")
    extra = folder / "punctuated.txt"
    extra.write_text(PUNCTUATED, encoding="utf-8")
    return (
        _ingested(f"sqlite:///{folder / 'q.db'}", extra),
        _ingested(postgres_server.new_database(), extra),
    )


def _on_both(urls: tuple[str, str], query: SearchQuery) -> list[Any]:
    found: list[Any] = []
    for url in urls:
        with open_store(url) as store:
            try:
                result = store.search(query)
            except QuerySyntaxError as exc:
                found.append(("error", exc.code))
                continue
        found.append((result.total, {(h.source, h.index) for h in result.hits}, result.facets))
    return found


@pytest.mark.parametrize("text", PARITY_QUERIES)
def test_backends_find_the_same_statements(both_backends: tuple[str, str], text: str) -> None:
    """FTS5 and tsvector/tsquery agree on what a query matches (not on scores)."""
    sqlite, postgres = _on_both(both_backends, SearchQuery(text, limit=100))
    assert sqlite == postgres


@pytest.mark.parametrize(
    "filters",
    [{"speaker": "mezentsev"}, {"speaker": "PUTIN"}, {"speaker": "_"}, {"speaker": "%"},
     {"outlet": "tass"}, {"kind": "direct", "since": dt.date(2021, 11, 1)},
     {"until": dt.date(2021, 11, 4)}, {"speaker": "Dmitry", "kind": "mixed"}],
)  # fmt: skip
def test_backends_filter_alike(both_backends: tuple[str, str], filters: dict[str, Any]) -> None:
    sqlite, postgres = _on_both(both_backends, SearchQuery("Union OR Russia", limit=100, **filters))
    assert sqlite == postgres


def test_tsquery_rendering() -> None:
    assert to_tsquery(parse("doctrine")) == "'doctrine'"
    assert to_tsquery(parse('"military doctrine" OR defen*')) == (
        "('military' <-> 'doctrine') | 'defen':*"
    )
    assert to_tsquery(parse("a (b OR c) NOT d")) == "'a' & ( 'b' | 'c' ) & ! 'd'"
    assert to_tsquery(parse("Russia-Belarus 2.5")) == "('Russia' <-> 'Belarus') & ('2' <-> '5')"
    assert to_tsquery(parse("Peskov's a\\b & | ! <-> _")) == "('Peskov' <-> 's') & ('a' <-> 'b')"
    assert to_tsquery(parse('"union st"*')) == "('union' <-> 'st':*)"
    with pytest.raises(QuerySyntaxError, match="nothing to search"):
        parse("_ & |")
