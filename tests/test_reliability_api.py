"""API limits (issue 8): request size (413) and per-client rate (429 with Retry-After), in
the standard error shape, through ASGI in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from quotegraph.api import ApiSettings, create_app
from quotegraph.api.limits import Buckets, Limits
from quotegraph.errors import UsageError
from quotegraph.store import open_store

pytestmark = pytest.mark.anyio
API = "/api/v1"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _app(tmp_path: Path, limits: Limits) -> FastAPI:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    open_store(url).close()
    return create_app(url, settings=ApiSettings(limits=limits))


def _client(app: FastAPI, client: str = "10.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(client, 4321))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def _error(response: httpx.Response, status: int, code: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["error"]["code"] == code
    assert set(body["error"]) == {"code", "message", "hint"}
    error: dict[str, str] = body["error"]
    return error


async def test_a_body_over_the_cap_is_413(tmp_path: Path) -> None:
    app = _app(tmp_path, Limits(max_body_bytes=1000, rate=0))
    async with _client(app) as client:
        declared = await client.post(f"{API}/extract", content=b"x" * 1001)
        assert "over 1000 bytes" in _error(declared, 413, "QG510")["message"]

        async def stream() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
            for _ in range(10):
                yield b"y" * 300

        streamed = await client.post(f"{API}/extract", content=stream())
        assert "content-length" not in streamed.request.headers
        _error(streamed, 413, "QG510")
        small = await client.post(f"{API}/health", content=b"z" * 1000)  # at the cap: passes
        assert small.status_code == 405


async def test_a_client_over_the_rate_gets_429_with_retry_after(tmp_path: Path) -> None:
    app = _app(tmp_path, Limits(rate=0.5, burst=3))
    async with _client(app) as client, _client(app, "10.0.0.2") as other:
        for _ in range(3):
            assert (await client.get(f"{API}/health")).status_code == 200
        limited = await client.get(f"{API}/health")
        assert "too many requests" in _error(limited, 429, "QG511")["message"]
        assert limited.headers["retry-after"] == "2"
        assert (await other.get(f"{API}/health")).status_code == 200  # per client


async def test_no_rate_limit_when_off(tmp_path: Path) -> None:
    app = _app(tmp_path, Limits(rate=0))
    async with _client(app) as client:
        for _ in range(300):
            assert (await client.get(f"{API}/health")).status_code == 200


def test_token_bucket_refills() -> None:
    buckets = Buckets(rate=2.0, burst=2)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 0.5]
    assert buckets.take("a", now=0.5) == 0.0  # one token back after 1/rate seconds
    assert buckets.take("a", now=0.5) == 0.5
    assert buckets.take("b", now=0.5) == 0.0


def test_limits_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTEGRAPH_MAX_BODY", "2048")
    monkeypatch.setenv("QUOTEGRAPH_RATE_LIMIT", "0")
    assert Limits.from_env() == Limits(max_body_bytes=2048, rate=0.0)
    monkeypatch.setenv("QUOTEGRAPH_RATE_LIMIT", "fast")
    with pytest.raises(UsageError, match="QUOTEGRAPH_RATE_LIMIT"):
        Limits.from_env()
