"""Concurrency (issue 8): API reads while an ingest runs never fail and never see half an
article; two ingests started at once on one store: one writes, the other is refused (QG402)."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import REPO_ROOT, require_shared
from crash_harness import ingest_command
from quotegraph.api import ApiSettings, create_app
from quotegraph.api.limits import Limits
from quotegraph.store import open_store

API = "/api/v1"
ARTICLES = 80  # from news-articles.jsonl.gz
WORDS = ("said", "told", "government", "president", "would")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """The first news-articles.jsonl.gz records with a text, as a file of their own."""
    source = require_shared(REPO_ROOT.parent / "shared" / "datasets" / "news-articles.jsonl.gz")
    head: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            if json.loads(line)["text"].strip():  # a few records have no text: rejects
                head.append(line)
            if len(head) == ARTICLES:
                break
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(head), encoding="utf-8")
    return path


@pytest.mark.shared
@pytest.mark.anyio
async def test_reads_during_an_ingest(store_url: str, articles: Path) -> None:
    open_store(store_url).close()
    app = create_app(store_url, settings=ApiSettings(limits=Limits(rate=0)))
    seen: dict[str, tuple[int, int]] = {}  # article id -> (statements, paragraphs) when read
    totals: list[int] = []
    requests = 0
    transport = httpx.ASGITransport(app=app)
    ingest = subprocess.Popen(ingest_command(store_url, [articles]), stderr=subprocess.PIPE)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            while ingest.poll() is None:
                for word in WORDS:
                    found = await _get(client, "/statements", q=word, limit=100, facets="true")
                    if word == "said":
                        totals.append(found["total"])
                    for hit in found["hits"]:
                        doc = await _get(client, f"/articles/{hit['article_id']}")
                        seen.setdefault(doc["id"], (len(doc["statements"]),
                                                    len(doc["paragraphs"])))  # fmt: skip
                        assert any(s["content"]["text"] == hit["content"]["text"]
                                   for s in doc["statements"])  # fmt: skip
                    requests += 1 + len(found["hits"])
                await _get(client, "/speakers", limit=50)
                await _get(client, "/runs")
                requests += 2
    finally:
        stderr = ingest.communicate(timeout=600)[1].decode()
        app.state.quotegraph.close()
    assert ingest.returncode == 0, stderr
    assert totals == sorted(totals), "a search saw fewer statements than one before it"
    assert len(seen) >= 10 and requests >= 100, (len(seen), requests)
    with open_store(store_url) as store:
        for article_id, (statements, paragraphs) in seen.items():
            doc = store.document(article_id)
            assert doc is not None
            assert (len(doc.statements), len(doc.article.paragraphs)) == (statements, paragraphs)
        assert store.check().ok


async def _get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.shared
def test_two_ingests_at_once(tmp_path: Path, articles: Path) -> None:
    """Both start together on one SQLite store: one stores everything, the other says another
    ingest is writing and exits 2 without writing; run again later, it finds everything
    stored. (PostgreSQL's writer lock: tests/test_reliability_check.py.)"""
    store_url = f"sqlite:///{tmp_path / 'two.db'}"
    open_store(store_url).close()
    command = ingest_command(store_url, [articles])
    both = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted((p.wait(timeout=900), p.stderr.read() if p.stderr else "") for p in both)
    (ok, _), (refused, refused_err) = results
    assert (ok, refused) == (0, 2), results
    assert "QG402 another ingest is writing to" in refused_err, refused_err
    assert "wait for the other ingest to finish" in refused_err
    with open_store(store_url) as store:
        assert [r.status for r in store.runs()] == ["finished"]
        stored = store.counts()["articles"]
        assert stored == ARTICLES and store.check().ok
    again = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    assert again.returncode == 0 and f"{stored} duplicates" in again.stderr, again.stderr
