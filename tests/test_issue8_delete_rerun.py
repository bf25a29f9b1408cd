"""Deleting and re-extracting stored articles (issue 8 item 4: the delete and re-run writes),
in the store (both backends), the token-protected API routes and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from quotegraph.api import ApiSettings, create_app
from quotegraph.cli import app as cli_app
from quotegraph.nlp.model import Document
from quotegraph.options import Options
from quotegraph.store import SpeakerQuery, Store, open_store
from quotegraph.store.sql import SQLStore

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
DOCTRINE = EXAMPLES / "tass-military-doctrine.txt"
UNION = EXAMPLES / "tass-union-state-defense.txt"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
TOKEN = "s3cret-token"
API = "/api/v1"


def _ids(store: Store) -> dict[str, str]:
    return {doc.source.rsplit("/", 1)[-1]: doc.article.id for doc in store.documents()}


def _copy(tmp_path: Path) -> Path:
    """The doctrine dispatch republished with a few words changed (a near-duplicate)."""
    text = DOCTRINE.read_text(encoding="utf-8").replace("/TASS/.", "(Reuters) -", 1)
    path = tmp_path / "copy.txt"
    path.write_text(text.replace("much more complicated", "far more complicated", 1), "utf-8")
    return path


def _statements(doc: Document) -> list[tuple[str, int, int, str]]:
    return [(s.kind.value, s.content.start, s.content.end, s.speaker.name) for s in doc.statements]


def test_issue8_delete_removes_an_article_and_all_it_held(store: Store, tmp_path: Path) -> None:
    store.ingest([str(DOCTRINE), str(UNION), str(_copy(tmp_path))], OPTIONS)
    ids = _ids(store)
    doctrine, union, copy = ids[DOCTRINE.name], ids[UNION.name], ids["copy.txt"]
    assert store.duplicate_of(copy) == doctrine
    before = store.counts()
    kept = store.document(union)
    assert store.delete_article(doctrine)
    assert store.document(doctrine) is None and not store.has_article(doctrine)
    assert store.article_statements(doctrine) == ()
    assert store.duplicate_of(copy) is None  # the copy stands alone now, and counts
    assert store.document(union) == kept
    after = store.counts()
    assert after["articles"] == before["articles"] - 1
    assert store.check().ok, store.check().problems
    assert not store.delete_article(doctrine)  # gone already
    assert store.delete_article(copy) and store.delete_article(union)
    assert store.counts()["statements"] == 0
    assert store.speakers(SpeakerQuery()).total == 0  # speakers left with nothing went too
    assert isinstance(store, SQLStore)
    assert store.entities()[0] == 0  # and so did global entities
    assert store.check().ok, store.check().problems


def _claim_articles(store: SQLStore) -> dict[int, list[str]]:
    """Each claim's members, by the article of the member statement."""
    found: dict[int, list[str]] = {}
    for r in store._execute(
        "SELECT m.claim_id AS claim, s.article_id AS article FROM claim_members AS m "
        "JOIN statements AS s ON s.id = m.statement_id ORDER BY m.claim_id"
    ):
        found.setdefault(int(r["claim"]), []).append(str(r["article"]))
    return found


def test_issue8_delete_drops_claim_memberships_and_empty_claims(store: Store) -> None:
    store.ingest([str(DOCTRINE), str(UNION)], OPTIONS)
    assert isinstance(store, SQLStore)
    doctrine = _ids(store)[DOCTRINE.name]
    before = _claim_articles(store)
    assert any(doctrine in members for members in before.values())  # claims built at ingest
    assert store.delete_article(doctrine)
    left = {claim: [a for a in members if a != doctrine] for claim, members in before.items()}
    expected = {claim: len(members) for claim, members in left.items() if members}
    sizes = {r["id"]: r["size"] for r in store._execute("SELECT id, size FROM claims")}
    assert sizes == expected  # emptied claims gone, the rest resized
    assert store.check().ok, store.check().problems


def test_issue8_replace_derived_swaps_an_articles_rows(store: Store) -> None:
    store.ingest([str(DOCTRINE), str(UNION)], OPTIONS)
    aid = _ids(store)[DOCTRINE.name]
    stored = store.document(aid)
    assert stored is not None and len(stored.statements) > 2
    fewer = stored.model_copy(update={"statements": stored.statements[:2]})
    store.replace_derived(fewer)
    assert len(store.article_statements(aid)) == 2
    assert store.check().ok, store.check().problems
    store.replace_derived(stored)
    again = store.document(aid)
    assert again is not None and _statements(again) == _statements(stored)
    assert again.article == stored.article and again.entities == stored.entities
    assert store.check().ok, store.check().problems


def test_issue8_rerun_from_the_cli_gives_the_same_rows(store_url: str) -> None:
    with open_store(store_url) as store:
        store.ingest([str(DOCTRINE), str(UNION)], OPTIONS)
        before = {d.article.id: _statements(d) for d in store.documents()}
    runner = CliRunner()
    done = runner.invoke(cli_app, ["rerun", "--all", "--db", store_url])
    assert done.exit_code == 0, done.output
    assert "extracted 2 articles again, 0 failed" in done.output
    with open_store(store_url, create=False) as store:
        assert {d.article.id: _statements(d) for d in store.documents()} == before
        assert store.runs(1)[0].command == "rerun" and store.runs(1)[0].counts.ok == 2
        assert store.check().ok
        some = next(iter(before))
    assert runner.invoke(cli_app, ["rerun", "--db", store_url]).exit_code == 2  # ids or --all
    missing = runner.invoke(cli_app, ["delete", some, "nosuchid", "--db", store_url])
    assert missing.exit_code == 1 and "no article nosuchid" in missing.output
    with open_store(store_url, create=False) as store:
        assert not store.has_article(some) and store.counts()["articles"] == 1
        assert store.runs(1)[0].command == "delete"


# -- the API ------------------------------------------------------------------------------------


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    url = f"sqlite:///{tmp_path / 'quotegraph.db'}"
    with open_store(url) as store:
        store.ingest([str(DOCTRINE), str(UNION)], OPTIONS)
    app = create_app(url, OPTIONS, ApiSettings(token=TOKEN))
    yield app, url
    app.state.quotegraph.close()


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "status"} and body["error"]["code"] == code


@pytest.mark.anyio
async def test_issue8_api_delete_and_rerun_need_the_token(writable: tuple[FastAPI, str]) -> None:
    app, url = writable
    with open_store(url, create=False) as store:
        aid = _ids(store)[DOCTRINE.name]
    auth = {"authorization": f"Bearer {TOKEN}"}
    async with _client(app) as client:
        _error(await client.delete(f"{API}/articles/{aid}"), 401, "QG504")
        _error(await client.post(f"{API}/articles/{aid}/rerun"), 401, "QG504")
        _error(await client.delete(f"{API}/articles/nosuchid", headers=auth), 404, "QG501")
        _error(await client.post(f"{API}/articles/nosuchid/rerun", headers=auth), 404, "QG501")
        rerun = await client.post(f"{API}/articles/{aid}/rerun", headers=auth)
        assert rerun.status_code == 200, rerun.text
        body = rerun.json()
        assert body["status"] == "ok" and body["statements"] == body["statements_before"] > 0
        assert body["run"]["command"] == "api rerun" and body["reject"] is None
        gone = await client.delete(f"{API}/articles/{aid}", headers=auth)
        assert gone.status_code == 200, gone.text
        assert gone.json()["run"]["command"] == "api delete"
        _error(await client.get(f"{API}/articles/{aid}"), 404, "QG501")
        put = await client.put(f"{API}/articles/{aid}", headers=auth)
        _error(put, 405, "QG502")
        assert put.headers["allow"] == "DELETE, GET"  # both routers' methods at the path
    with open_store(url, create=False) as store:
        assert store.counts()["articles"] == 1 and store.check().ok
