"""Semantic and hybrid search (issue 5, the optional extra ``quotegraph[semantic]``) on both
backends: embeddings stored at ingest (pgvector on PostgreSQL), backfilled by ``embed``,
queried by cosine similarity and fused with BM25; a clear error without the extra.

The tests that embed need the extra (``make test`` installs it); without it they skip, and
fail under ``CI=true``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from quotegraph.api import create_app
from quotegraph.cli import app as cli_app
from quotegraph.errors import UsageError
from quotegraph.options import Options
from quotegraph.search import semantic
from quotegraph.store import SearchQuery, Store

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
PRESSURE = "Military doctrine of Russia and Belarus is response to pressure from the West"


@pytest.fixture
def needs_extra() -> None:
    if not semantic.semantic_available():
        reason = f"the semantic extra is not installed ({semantic.INSTALL})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


@pytest.fixture
def embedded(store: Store, needs_extra: None) -> Store:
    """The examples, embedded at ingest (the extra is installed)."""
    assert store.ingest(str(EXAMPLES), OPTIONS).counts.ok == 2
    return store


def test_issue5_statements_are_embedded_at_ingest(embedded: Store) -> None:
    counts = embedded.counts()
    assert counts["statement_embeddings"] == counts["statements"] > 0


def test_issue5_semantic_search_finds_by_meaning(embedded: Store) -> None:
    found = embedded.search("the West is putting pressure on us", mode="semantic", limit=3)
    assert found.hits and found.hits[0].content.text == PRESSURE
    scores = [h.score for h in found.hits]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1  # cosine similarity
    assert "speaker" in found.facets and found.total == embedded.counts()["statements"]
    # no shared word with the statement: BM25 cannot find it, meaning can
    words = embedded.search("coercion by western governments", mode="semantic", limit=5)
    assert PRESSURE in [h.content.text for h in words.hits]
    assert embedded.search("coercion by western governments").total == 0


def test_issue5_semantic_search_applies_filters(embedded: Store) -> None:
    putin = embedded.search("pressure from the West", mode="semantic", speaker="Putin")
    assert putin.hits and {h.speaker for h in putin.hits} == {"Vladimir Putin"}
    assert putin.total == len(putin.hits)
    none = embedded.search("pressure", mode="semantic", since=dt.date(2030, 1, 1))
    assert none.total == 0 and none.hits == ()


def test_issue5_hybrid_fuses_both_rankings(embedded: Store) -> None:
    hybrid = embedded.search("doctrine pressure West", mode="hybrid", limit=1000)
    bm25 = embedded.search("doctrine pressure West", limit=1000)
    meaning = embedded.search("doctrine pressure West", mode="semantic", limit=1000)
    ids = [h.statement_id for h in hybrid.hits]
    assert set(ids) == {h.statement_id for h in bm25.hits} | {h.statement_id for h in meaning.hits}
    expected = semantic.fuse([[h.statement_id for h in bm25.hits],
                              [h.statement_id for h in meaning.hits]])  # fmt: skip
    assert ids == [i for i, _ in expected]
    assert hybrid.hits[0].content.text == PRESSURE  # first in both rankings
    page = embedded.search("doctrine pressure West", mode="hybrid", limit=2, offset=2)
    assert [h.statement_id for h in page.hits] == ids[2:4]


def test_issue5_embed_backfills(store: Store, needs_extra: None) -> None:
    assert store.ingest(str(EXAMPLES), OPTIONS.evolve(embed=False)).counts.ok == 2
    assert store.counts()["statement_embeddings"] == 0
    result = CliRunner().invoke(cli_app, ["embed", "--db", store.url, "--batch", "5"])
    assert result.exit_code == 0, result.output
    assert f"embedded {store.counts()['statements']} statements" in result.stderr
    assert store.counts()["statement_embeddings"] == store.counts()["statements"]
    assert store.embed_missing(semantic.shared_embedder()) == 0
    cli = CliRunner().invoke(cli_app, ["search", "pressure from the West", "--db", store.url,
                                       "--semantic", "--format", "json"])  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert PRESSURE in cli.stdout


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(semantic, "semantic_available", lambda: False)
    semantic.shared_embedder.cache_clear()
    yield
    semantic.shared_embedder.cache_clear()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_issue5_without_the_extra_a_clear_error(
    store: Store, without_extra: None, anyio_backend: str
) -> None:
    assert store.ingest(str(EXAMPLES), OPTIONS.evolve(embed=False)).counts.ok == 2
    with pytest.raises(semantic.SemanticUnavailable) as caught:
        store.search("pressure", mode="semantic")
    assert caught.value.code == "QG230" and semantic.INSTALL in str(caught.value)
    assert store.search("pressure").total > 0  # full text needs no extra
    result = CliRunner().invoke(cli_app, ["search", "pressure", "--db", store.url, "--hybrid"])
    assert result.exit_code == 2 and "QG230" in result.stderr and "torch==2.13.0" in result.stderr
    embed = CliRunner().invoke(cli_app, ["embed", "--db", store.url])
    assert embed.exit_code == 2 and "quotegraph[semantic]" in embed.stderr
    app = create_app(store.url, OPTIONS)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/api/v1/search", params={"q": "x", "mode": "semantic"})
    app.state.quotegraph.close()
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "QG230"
    assert "torch==2.13.0" in response.json()["error"]["hint"]
    with pytest.raises(UsageError, match="search mode"):
        SearchQuery("x", mode="vector")
