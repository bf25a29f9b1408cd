"""The REST API (issue 5): routes, provenance, the one error shape, the schema, ``serve``.

Requests go through ASGI in-process (httpx ``ASGITransport``) to an app over a SQLite store
holding the two bundled examples and one reject.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from quotegraph import extract
from quotegraph.api import ApiSettings, create_app
from quotegraph.api.resources import StorePool
from quotegraph.cli import app as cli_app
from quotegraph.errors import StoreError
from quotegraph.options import Options
from quotegraph.store import SearchQuery, Store, open_store
from quotegraph.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
TODAY = dt.date(2026, 11, 22)
OPTIONS = Options(reference_date=TODAY)
API = "/api/v1"
BAD_QUERIES = ['"unbalanced', "AND", "doctrine AND", "NOT doctrine", "(doctrine", "doctrine)",
               "()", "OR OR", '""', "-", "doctrine AND OR military"]  # fmt: skip
SPANS = ("content", "sentence", "context", "cue", "mention")

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the examples and one rejected (empty) input."""
    folder = tmp_path_factory.mktemp("api")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    url = f"sqlite:///{folder / 'quotegraph.db'}"
    with open_store(url) as store:
        assert store.ingest(str(EXAMPLES), OPTIONS).counts.ok == 2
        assert store.ingest(str(folder / "empty.txt"), OPTIONS).counts.rejected == 1
    return url


@pytest.fixture(scope="module")
def api(store_url: str) -> Iterator[FastAPI]:
    app = create_app(store_url, OPTIONS)
    yield app
    app.state.quotegraph.close()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url, create=False) as opened:
        yield opened


def _client(app: FastAPI, raise_errors: bool = True) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_errors)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(api: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(api) as opened:
        yield opened


async def _json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _assert_error(response: httpx.Response, status: int, code: str | None = None) -> str:
    """The response is the standard error shape with ``status``; its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "status"} and body["status"] == status
    assert set(body["error"]) == {"code", "message", "hint"}
    assert all(isinstance(v, str) for v in body["error"].values())
    assert body["error"]["code"].startswith("QG") and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    message: str = body["error"]["message"]
    return message


# -- the error shape --------------------------------------------------------------------------


async def test_every_error_has_the_one_shape(client: httpx.AsyncClient) -> None:
    assert "no route" in _assert_error(await client.get(f"{API}/nothing-here"), 404, "QG501")
    assert "statement" in _assert_error(await client.get(f"{API}/statements/999999"), 404)
    _assert_error(await client.get(f"{API}/speakers/999999"), 404, "QG501")
    _assert_error(await client.get(f"{API}/articles/0000000000000000"), 404, "QG501")
    for query in BAD_QUERIES:  # search syntax errors are 400, never 500
        response = await client.get(f"{API}/statements", params={"q": query})
        _assert_error(response, 400, "QG210")
    bad_params: list[dict[str, str | int]] = [
        {"q": "doctrine", "limit": 0}, {"q": "doctrine", "limit": "many"},
        {"q": "doctrine", "kind": "rumour"}, {"q": "doctrine", "since": "yesterday"},
        {"q": "doctrine", "offset": -1}, {},
    ]  # fmt: skip
    for params in bad_params:
        response = await client.get(f"{API}/statements", params=params)
        assert "query parameter" in _assert_error(response, 422, "QG220")
    message = _assert_error(await client.get(f"{API}/statements/abc"), 422, "QG220")
    assert message.startswith("path parameter statement_id")
    _assert_error(await client.get(f"{API}/statements/{2**64}"), 422, "QG220")
    _assert_error(await client.delete(f"{API}/health"), 405, "QG502")
    response = await client.get(
        f"{API}/statements", params={"q": "doctrine", "since": "2022-01-01", "until": "2021-01-01"}
    )
    assert "after" in _assert_error(response, 400, "QG200")


async def test_an_unexpected_failure_is_a_500_without_details(
    api: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: SQLiteStore, query: SearchQuery) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(SQLiteStore, "search", broken)
    async with _client(api, raise_errors=False) as client:
        response = await client.get(f"{API}/statements", params={"q": "doctrine"})
    assert _assert_error(response, 500, "QG500") == "internal server error"
    assert "secret" not in response.text


async def test_a_missing_store_is_a_503_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    async with _client(create_app(str(missing))) as client:
        response = await client.get(f"{API}/health")
    assert "no store" in _assert_error(response, 503, "QG401")
    assert not missing.exists()


# -- schema, health, CORS ---------------------------------------------------------------------


async def test_the_openapi_schema_loads(client: httpx.AsyncClient) -> None:
    schema = await _json(client, f"{API}/openapi.json")
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "quotegraph"
    paths = schema["paths"]
    for path in ("/statements", "/statements/{statement_id}", "/speakers",
                 "/speakers/{speaker_id}", "/articles/{article_id}", "/rejects", "/runs",
                 "/health"):  # fmt: skip
        assert "get" in paths[f"{API}{path}"], path
    post = paths[f"{API}/extract"]["post"]
    assert {"text/plain", "application/json"} <= set(post["requestBody"]["content"])
    schemas = schema["components"]["schemas"]
    assert {"ErrorOut", "SearchOut", "HitOut", "DocumentOut", "SpeakerOut"} <= set(schemas)
    assert "HTTPValidationError" not in schemas  # 422 is documented with the one error shape
    error_ref = "#/components/schemas/ErrorOut"
    for path, item in paths.items():
        for operation in item.values():
            for status in ("422", "500"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"]["$ref"] == error_ref, (path, status)
    assert (await client.get(f"{API}/docs")).status_code == 200


async def test_health(client: httpx.AsyncClient) -> None:
    health = await _json(client, f"{API}/health")
    assert health == {"status": "ok", "version": health["version"], "backend": "sqlite",
                      "schema_version": health["schema_version"]}  # fmt: skip
    assert health["schema_version"] >= 1


async def test_cors_is_off_unless_configured(api: FastAPI, store_url: str) -> None:
    headers = {"Origin": "http://elsewhere.example"}
    async with _client(api) as client:
        response = await client.get(f"{API}/health", headers=headers)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    allowed = create_app(store_url, OPTIONS, ApiSettings(cors_origins=(headers["Origin"],)))
    async with _client(allowed) as client:
        response = await client.get(f"{API}/health", headers=headers)
    assert response.headers["access-control-allow-origin"] == headers["Origin"]
    allowed.state.quotegraph.close()


# -- statements -------------------------------------------------------------------------------


async def test_search_hits_carry_provenance(client: httpx.AsyncClient) -> None:
    found = await _json(client, f"{API}/statements", q="doctrine", speaker="Mezentsev")
    assert found["total"] >= 4 and len(found["hits"]) == found["total"]
    assert found["next_offset"] is None and found["query"] == "doctrine"
    assert set(found["facets"]) == {"speaker", "outlet", "kind", "month"}
    assert found["facets"]["speaker"] == [{"value": "Dmitry Mezentsev", "count": found["total"]}]
    for hit in found["hits"]:
        assert hit["speaker"] == "Dmitry Mezentsev" and hit["speaker_id"] is not None
        assert Path(hit["source"]).name == "tass-military-doctrine.txt"
        article = await _json(client, f"{API}/articles/{hit['article_id']}")
        for name in SPANS:
            span = hit[name]
            assert article["text"][span["start"] : span["end"]] == span["text"], name
        assert "doctrine" in hit["content"]["text"].lower() and hit["score"] > 0
        assert hit["published"]["date"] == "2021-11-05"
    scores = [h["score"] for h in found["hits"]]
    assert scores == sorted(scores, reverse=True)


async def test_search_returns_what_the_store_returns(
    client: httpx.AsyncClient, store: Store
) -> None:
    found = await _json(client, f"{API}/statements", q='"Union State" OR West*')
    expected = store.search(SearchQuery('"Union State" OR West*')).to_dict()
    assert found["hits"] == expected["hits"] and found["facets"] == expected["facets"]
    assert found["total"] == expected["total"] > 0


async def test_search_filters_and_pages(client: httpx.AsyncClient) -> None:
    every = await _json(client, f"{API}/statements", q="Russia OR Belarus OR doctrine")
    total = every["total"]
    assert total >= 3
    seen, offset = [], 0
    while offset is not None:
        page = await _json(
            client, f"{API}/statements", q="Russia OR Belarus OR doctrine", limit=2,
            offset=offset, facets="false",
        )  # fmt: skip
        assert page["facets"] == {} and page["total"] == total and len(page["hits"]) <= 2
        seen += [h["statement_id"] for h in page["hits"]]
        offset = page["next_offset"]
    assert seen == [h["statement_id"] for h in every["hits"]]
    direct = await _json(client, f"{API}/statements", q="doctrine", kind="direct")
    assert direct["hits"] and {h["kind"] for h in direct["hits"]} == {"direct"}
    tass = await _json(client, f"{API}/statements", q="doctrine", outlet="tass")
    assert tass["total"] == (await _json(client, f"{API}/statements", q="doctrine"))["total"]
    later = await _json(client, f"{API}/statements", q="doctrine", since="2021-11-06")
    dated = await _json(
        client, f"{API}/statements", q="doctrine", since="2021-11-05", until="2021-11-05"
    )
    assert later["total"] == 0 and later["hits"] == [] and dated["total"] > 0


async def test_one_statement_with_its_record(client: httpx.AsyncClient, store: Store) -> None:
    hit = (await _json(client, f"{API}/statements", q="doctrine", limit=1))["hits"][0]
    one = await _json(client, f"{API}/statements/{hit['statement_id']}")
    record = one.pop("record")
    assert one == {**hit, "score": 0.0}
    doc = store.document(hit["article_id"])
    assert doc is not None
    assert record == doc.statements[hit["index"]].model_dump(mode="json")


# -- speakers ---------------------------------------------------------------------------------


async def test_speakers_most_quoted_first(client: httpx.AsyncClient) -> None:
    listed = await _json(client, f"{API}/speakers")
    speakers = listed["speakers"]
    assert listed["total"] == len(speakers) >= 2
    assert speakers[0]["name"] == "Dmitry Mezentsev" and speakers[0]["type"] == "person"
    counts = [s["statements"] for s in speakers]
    assert counts == sorted(counts, reverse=True)
    found = await _json(client, f"{API}/speakers", q="mezen", type="person")
    assert [s["name"] for s in found["speakers"]] == ["Dmitry Mezentsev"]
    assert (await _json(client, f"{API}/speakers", q="mezen", type="group"))["total"] == 0
    page = await _json(client, f"{API}/speakers", limit=1)
    assert len(page["speakers"]) == 1 and page["next_offset"] == 1


async def test_a_speaker_with_statements_per_month(client: httpx.AsyncClient) -> None:
    top = (await _json(client, f"{API}/speakers", limit=1))["speakers"][0]
    profile = await _json(client, f"{API}/speakers/{top['id']}", limit=1000)
    assert profile["speaker"] == top and profile["total"] == top["statements"]
    assert sum(m["count"] for m in profile["months"]) == top["statements"]
    assert profile["months"][0] == {"value": "2021-11", "count": profile["months"][0]["count"]}
    hits = profile["statements"]
    assert len(hits) == top["statements"] and {h["speaker_id"] for h in hits} == {top["id"]}
    dates = [h["published"]["date"] or "" for h in hits]
    assert dates == sorted(dates, reverse=True)  # newest first, undated last
    second = await _json(client, f"{API}/speakers/{top['id']}", limit=2, offset=2)
    assert second["statements"] == hits[2:4] and second["next_offset"] == 4


# -- articles, rejects, runs ------------------------------------------------------------------


async def test_an_article_with_structure_and_statements(
    client: httpx.AsyncClient, store: Store
) -> None:
    hit = (await _json(client, f"{API}/statements", q="doctrine", limit=1))["hits"][0]
    article = await _json(client, f"{API}/articles/{hit['article_id']}")
    doc = store.document(hit["article_id"])
    assert doc is not None and article == doc.to_dict()
    assert article["headline"]["text"] and article["dateline"]["place"] == "Moscow"
    assert article["paragraphs"] and article["statements"]


async def test_rejects_and_runs(client: httpx.AsyncClient) -> None:
    rejects = await _json(client, f"{API}/rejects")
    [reject] = rejects["rejects"]
    assert rejects["total"] == 1 and reject["code"] == "QG101" and reject["open"] is True
    assert Path(reject["source"]).name == "empty.txt"
    assert (await _json(client, f"{API}/rejects", all="true", offset=1))["rejects"] == []
    runs = (await _json(client, f"{API}/runs"))["runs"]
    assert [r["id"] for r in runs] == [2, 1]
    assert runs[1]["counts"] == {"ok": 2, "replaced": 0, "duplicates": 0, "rejected": 0}
    assert runs[0]["counts"]["rejected"] == 1 and runs[0]["status"] == "finished"
    assert len((await _json(client, f"{API}/runs", limit=1))["runs"]) == 1


# -- extraction -------------------------------------------------------------------------------


async def test_extract_text_returns_the_contract_and_stores_nothing(
    client: httpx.AsyncClient, store: Store
) -> None:
    path = EXAMPLES / "tass-military-doctrine.txt"
    before = store.counts()
    response = await client.post(
        f"{API}/extract", content=path.read_bytes(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    expected = extract(path.read_text(encoding="utf-8"), OPTIONS).to_dict()
    assert response.json() == {**expected, "source": "<request>"}  # the server's --today
    assert store.counts() == before
    response = await client.post(
        f"{API}/extract", content=path.read_bytes(), params={"published": "2021-11-06"}
    )
    published = response.json()["published"]
    assert (published["date"], published["basis"]) == ("2021-11-06", "override")


async def test_extract_a_json_article(client: httpx.AsyncClient) -> None:
    article = {
        "title": "Russia ready for talks - Putin",
        "text": "MOSCOW, November 5. /TASS/. Russia is ready for talks with the West, "
        "President Vladimir Putin said on Friday.",
        "publish_date": "2021-11-05",
    }
    response = await client.post(f"{API}/extract", json=article)
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["format"] == "json" and doc["published"]["date"] == "2021-11-05"
    assert doc["headline"]["text"] == article["title"]
    said = {s["content"]["text"]: s["speaker"]["name"] for s in doc["statements"]}
    assert said["Russia is ready for talks with the West"] == "Vladimir Putin"


async def test_extract_refuses_bad_bodies(client: httpx.AsyncClient, store_url: str) -> None:
    async def post(body: bytes, content_type: str) -> httpx.Response:
        return await client.post(
            f"{API}/extract", content=body, headers={"content-type": content_type}
        )

    _assert_error(await post(b"", "text/plain"), 422, "QG101")
    _assert_error(await post(b"\x00\x01\x02 binary", "text/plain"), 422, "QG102")
    _assert_error(await post(b"{not json", "application/json"), 422, "QG108")
    _assert_error(await post(b'{"title": "no body"}', "application/json"), 422, "QG106")
    _assert_error(await post(b'[{"body": "a"}, {"body": "b"}]', "application/json"), 400)
    _assert_error(await post(b"\x89PNG", "image/png"), 415, "QG503")
    small = create_app(store_url, Options(max_bytes=100))
    async with _client(small) as capped:
        response = await capped.post(f"{API}/extract", content=b"word " * 100)
    _assert_error(response, 413, "QG104")


# -- the store pool and the serve command -----------------------------------------------------


def test_the_pool_reuses_handles_and_closes_them(store_url: str) -> None:
    pool = StorePool(store_url, max_idle=1)
    with pool.checkout() as first, pool.checkout() as second:
        assert first is not second  # concurrent requests never share a handle
    with pool.checkout() as again:
        assert again in (first, second)  # one handle kept idle and lent again
    pool.close()
    with pytest.raises(StoreError), pool.checkout():
        pass


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "QG401" in result.output
    assert not (tmp_path / "none.db").exists()


def test_serve_answers_on_loopback(store_url: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "quotegraph.cli", "serve", "--db", store_url,
               "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ}
    )
    try:
        health = _wait_for(f"http://127.0.0.1:{port}{API}/health", server)
        assert health["status"] == "ok" and health["backend"] == "sqlite"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}{API}/" in stderr.decode()


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            return httpx.get(url, timeout=5).json()
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} in {seconds} s")


# -- issue 5: cursor paging, /search, /stats --------------------------------------------------


async def test_issue5_cursor_pages_through_every_hit(client: httpx.AsyncClient) -> None:
    query = {"q": "Russia OR Belarus OR doctrine", "facets": "false"}
    every = await _json(client, f"{API}/statements", **query)
    assert every["next"] is None and every["total"] >= 3
    seen, cursor, pages = [], None, 0
    while True:
        params = {**query, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await _json(client, f"{API}/statements", **params)
        seen += [h["statement_id"] for h in page["hits"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
        assert page["next_offset"] == len(seen)
    assert seen == [h["statement_id"] for h in every["hits"]] and pages == -(-every["total"] // 2)


async def test_issue5_a_cursor_is_bound_to_its_query(client: httpx.AsyncClient) -> None:
    first = await _json(client, f"{API}/statements", q="Russia OR doctrine", limit=1)
    cursor = first["next"]
    assert cursor
    other = await client.get(f"{API}/statements", params={"q": "doctrine", "cursor": cursor})
    assert "another query" in _assert_error(other, 400, "QG221")
    for bad in ("garbage!", "bm90IGEgY3Vyc29y", "x" * 201):
        response = await client.get(f"{API}/statements", params={"q": "doctrine", "cursor": bad})
        assert response.status_code in (400, 422)
        _assert_error(response, response.status_code)
    both = {"q": "Russia OR doctrine", "cursor": cursor, "offset": 1}
    assert "not both" in _assert_error(await client.get(f"{API}/statements", params=both), 400)
    again = await _json(client, f"{API}/statements", q="Russia OR doctrine", limit=1, cursor=cursor)
    assert again["offset"] == 1 and again["hits"] != first["hits"]


async def test_issue5_cursor_paging_of_speakers_and_rejects(client: httpx.AsyncClient) -> None:
    every = await _json(client, f"{API}/speakers", limit=1000)
    seen, cursor = [], None
    while True:
        page = await _json(
            client, f"{API}/speakers", limit=3, **({"cursor": cursor} if cursor else {})
        )
        seen += [s["id"] for s in page["speakers"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [s["id"] for s in every["speakers"]]
    rejects = await _json(client, f"{API}/rejects", limit=1)
    assert rejects["total"] == 1 and rejects["next"] is None


async def test_issue5_search_route_is_statements(client: httpx.AsyncClient) -> None:
    params = {"q": "doctrine", "speaker": "Mezentsev", "limit": 5}
    assert await _json(client, f"{API}/search", **params) == await _json(
        client, f"{API}/statements", **params
    )
    _assert_error(await client.get(f"{API}/search", params={"q": '"open'}), 400, "QG210")
    _assert_error(await client.get(f"{API}/search"), 422, "QG220")


async def test_issue5_stats(client: httpx.AsyncClient, store: Store) -> None:
    stats = await _json(client, f"{API}/stats")
    counts = store.counts()
    assert stats["articles"] == counts["articles"] == 2
    assert stats["statements"] == counts["statements"] > 0
    assert stats["speakers"] == counts["speakers"] and stats["near_duplicates"] == 0
    assert stats["distinct_articles"] == 2 and stats["open_rejects"] == 1
    assert sum(m["statements"] for m in stats["months"]) == stats["distinct_statements"]
    assert [o["value"] for o in stats["outlets"]] == ["TASS"]
    assert stats == json.loads(json.dumps(store.stats().to_dict()))


# -- issue 5: POST /ingest (token-protected) --------------------------------------------------

TOKEN = "s3cret-token"


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    """An app over a fresh, empty store that takes writes with :data:`TOKEN`."""
    url = f"sqlite:///{tmp_path / 'quotegraph.db'}"
    open_store(url).close()
    app = create_app(url, OPTIONS, ApiSettings(token=TOKEN))
    yield app, url
    app.state.quotegraph.close()


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_issue5_ingest_refuses_writes_without_the_token(
    writable: tuple[FastAPI, str], store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = writable
    body = (EXAMPLES / "tass-military-doctrine.txt").read_bytes()
    async with _client(app) as client:
        missing = await client.post(f"{API}/ingest", content=body)
        assert "bearer token" in _assert_error(missing, 401, "QG504")
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = await client.post(f"{API}/ingest", content=body, headers=_auth("guess"))
        _assert_error(wrong, 401, "QG504")
        basic = await client.post(  # the token, but not as a bearer token
            f"{API}/ingest", content=body, headers={"authorization": f"Basic {TOKEN}"}
        )
        _assert_error(basic, 401, "QG504")
    monkeypatch.delenv("QUOTEGRAPH_TOKEN", raising=False)
    closed = create_app(store_url, OPTIONS)  # no token configured: no writes at all
    async with _client(closed) as client:
        refused = await client.post(f"{API}/ingest", content=body, headers=_auth())
        assert "QUOTEGRAPH_TOKEN" in _assert_error(refused, 403, "QG505")
    closed.state.quotegraph.close()
    monkeypatch.setenv("QUOTEGRAPH_TOKEN", TOKEN)
    assert ApiSettings().token == TOKEN  # the server's token comes from its environment


async def test_issue5_ingest_text_is_idempotent(writable: tuple[FastAPI, str]) -> None:
    app, url = writable
    body = (EXAMPLES / "tass-military-doctrine.txt").read_bytes()
    async with _client(app) as client:
        first = await client.post(
            f"{API}/ingest", content=body, headers={**_auth(), "content-type": "text/plain"}
        )
        assert first.status_code == 200, first.text
        done = first.json()
        assert (done["status"], done["ok"], done["duplicates"], done["rejected"]) == ("ok", 1, 0, 0)
        assert done["run"]["command"] == "api ingest" and done["run"]["counts"]["ok"] == 1
        assert done["articles"][0]["outcome"] == "new"
        with open_store(url, create=False) as store:
            before = store.counts()
            found = store.search("doctrine", speaker="Mezentsev")
            assert found.total > 0 and found.hits[0].article_id == done["articles"][0]["article_id"]
        again = (await client.post(f"{API}/ingest", content=body, headers=_auth())).json()
        assert (again["ok"], again["duplicates"]) == (0, 1)
        assert again["articles"][0]["outcome"] == "duplicate"
    with open_store(url, create=False) as store:
        assert store.counts() == {**before, "runs": before["runs"] + 1}


async def test_issue5_ingest_json_articles_and_uploads(writable: tuple[FastAPI, str]) -> None:
    app, url = writable
    articles = [
        {"title": "Russia ready for talks - Putin", "publish_date": "2021-11-05",
         "text": "MOSCOW, November 5. /TASS/. Russia is ready for talks with the West, "
                 "President Vladimir Putin said on Friday."},
        {"title": "No text"},
    ]  # fmt: skip
    async with _client(app) as client:
        response = await client.post(f"{API}/ingest", json=articles, headers=_auth())
        assert response.status_code == 200, response.text
        done = response.json()
        assert (done["status"], done["ok"], done["rejected"]) == ("partial", 1, 1)
        assert done["rejects"][0]["code"].startswith("QG1") and done["rejects"][0]["message"]
        files = [
            ("file", ("union.txt", (EXAMPLES / "tass-union-state-defense.txt").read_bytes())),
            ("file", ("empty.txt", b"   ")),
        ]
        upload = await client.post(f"{API}/ingest", files=files, headers=_auth())
        assert upload.status_code == 200, upload.text
        sent = upload.json()
        assert (sent["ok"], sent["rejected"]) == (1, 1)
        assert sent["rejects"][0]["source"] == "<upload:empty.txt>"
        assert sent["rejects"][0]["code"] == "QG101"
        bad = await client.post(
            f"{API}/ingest", content=b"%PDF", headers={**_auth(), "content-type": "image/png"}
        )
        _assert_error(bad, 415, "QG503")
        no_file = await client.post(f"{API}/ingest", files={"x": (None, "1")}, headers=_auth())
        assert "no file" in _assert_error(no_file, 422, "QG220")
        form = await client.post(f"{API}/ingest", data={"x": "1"}, headers=_auth())
        _assert_error(form, 415, "QG503")
    with open_store(url, create=False) as store:
        assert store.counts()["articles"] == 2
        assert len(store.rejects()) == 2
