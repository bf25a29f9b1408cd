"""Load: 50 concurrent clients search and browse ``quotegraph serve`` for 60 s on loopback,
over a store of 100,000 statements; latency percentiles and errors per request kind.

The store is built from real statements: articles are ingested (Reuters-21578 by default,
or ``--base-db`` reuses a store) and their stored documents written again as copies until
the store holds ``--statements``: each copy keeps the article's text, statements and offsets
and has another article's text appended (a new id, and no near-duplicate of the other copies,
so every statement counts in totals and facets). The server runs in its own
process (uvicorn, as ``quotegraph serve``) with the rate limit off
(``QUOTEGRAPH_RATE_LIMIT=0``: all clients share one address). The clients are asyncio tasks
with httpx, one connection each, each request waiting for the answer before the next and,
with ``--think S``, a client then waiting 0.5 to 1.5 times S before its next request (a person
reading the page; the default 0 sends the next request at once: the server's saturation).

    python bench/load.py --json bench/results/load.json      # target: p95 <= 100 ms, 0 errors
    python bench/load.py --think 1 --json bench/results/load-think1.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

from quotegraph.article.model import content_id
from quotegraph.nlp.model import Document
from quotegraph.store import open_store

HERE = Path(__file__).resolve().parent
REUTERS = HERE.parent.parent / "shared" / "datasets" / "reuters21578"
WORDS = ["said", "oil", "bank", "rates", "trade", "prices", "government", "minister", "company",
         "market", "percent", "dollar", "growth", "export", "tax", "shares", "analysts", "loss",
         '"interest rates"', "stock*", "japan OR germany", "oil AND prices",
         "profit NOT loss"]  # fmt: skip
API = "/api/v1"


def build_store(path: Path, base_db: Path | None, statements: int, base_files: int) -> int:
    """The store at ``path`` holding at least ``statements`` statements; how many it holds."""
    url = f"sqlite:///{path}"
    if base_db is not None:
        shutil.copy(base_db, path)
    else:
        with open_store(url) as store:
            store.ingest([str(p) for p in sorted(REUTERS.glob("reut2-*.sgm.gz"))[:base_files]])
    with open_store(url) as store:
        base = [d for d in store.documents() if d.statements]
        held = store.counts()["statements"]
        run = store.start_run("bench/load.py copies", [])
        copy = 0
        while held < statements:
            copy += 1
            for i, doc in enumerate(base):
                store.write_document(_copy(doc, base[(i + copy) % len(base)], copy), run)
                held += len(doc.statements)
                if held >= statements:
                    break
        store.finish_run(run, store.run(run).counts)  # type: ignore[union-attr]
        return store.counts()["statements"]


def _copy(doc: Document, other: Document, number: int) -> Document:
    """``doc`` with another article's text after its own: its statements and offsets as they
    were, a new id, and a text that is no near-duplicate of the other copies."""
    text = f"{doc.article.text}\n\n{other.article.text}"
    source = f"{doc.article.source}~{number}"
    article = doc.article.model_copy(update={"text": text, "id": content_id(text),
                                             "source": source})  # fmt: skip
    return Document(article=article, statements=doc.statements)


def serve(path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QUOTEGRAPH_RATE_LIMIT": "0"}
    command = [sys.executable, "-m", "quotegraph.cli", "serve", "--db", str(path),
               "--port", str(port)]  # fmt: skip
    quiet = subprocess.DEVNULL
    server = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}{API}/health").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not come up")


class Browser:
    """One client: a random walk through search results, speakers, statements, articles."""

    def __init__(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        self.client, self.rng = client, rng
        self.hits: list[dict[str, Any]] = []
        self.speakers: list[int] = []

    def next_request(self) -> tuple[str, str, dict[str, Any]]:
        roll = self.rng.random()
        if roll < 0.45 or not self.hits:
            params: dict[str, Any] = {"q": self.rng.choice(WORDS), "limit": 20}
            if self.rng.random() < 0.3:
                params["offset"] = self.rng.choice([20, 40, 100])
            if self.rng.random() < 0.2:
                params["facets"] = "false"
            return "search", "/statements", params
        if roll < 0.60:
            return "speakers", "/speakers", {"limit": 20, "offset": self.rng.choice([0, 20, 40])}
        if roll < 0.70 and self.speakers:
            return "speaker", f"/speakers/{self.rng.choice(self.speakers)}", {"limit": 10}
        hit = self.rng.choice(self.hits)
        if roll < 0.85:
            return "statement", f"/statements/{hit['statement_id']}", {}
        return "article", f"/articles/{hit['article_id']}", {}

    def remember(self, kind: str, body: Any) -> None:
        if kind == "search":
            self.hits = (body["hits"] or self.hits)[:50]
        elif kind == "speakers":
            self.speakers = [s["id"] for s in body["speakers"]] or self.speakers


Results = list[tuple[str, float, bool]]  # (request kind, seconds, answered 200)


async def client_loop(port: int, seed: int, stop: float, out: Results, think: float) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}{API}", limits=limits,
                                 timeout=30) as client:  # fmt: skip
        browser = Browser(client, random.Random(seed))
        while time.monotonic() < stop:
            kind, path, params = browser.next_request()
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                ok = response.status_code == 200
                if ok:
                    browser.remember(kind, response.json())
            except httpx.HTTPError:
                ok = False
            out.append((kind, time.perf_counter() - started, ok))
            if think:  # a person reading the page: 0.5 to 1.5 times the mean
                await asyncio.sleep(think * browser.rng.uniform(0.5, 1.5))


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = quantiles(values, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1)}  # fmt: skip


async def load(
    port: int, clients: int, seconds: float, think: float
) -> list[tuple[str, float, bool]]:
    out: list[tuple[str, float, bool]] = []
    stop = time.monotonic() + seconds
    await asyncio.gather(*(client_loop(port, i, stop, out, think) for i in range(clients)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--base-files", type=int, default=2, help="reut2-*.sgm.gz to ingest")
    parser.add_argument("--base-db", type=Path, help="copy this store instead of ingesting")
    parser.add_argument("--store", type=Path, help="use (or build and keep) the store here")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="seconds of the same load before the measured run")  # fmt: skip
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a client waits between requests (0: none)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qg-load-") as folder:
        path = args.store or Path(folder) / "load.db"
        started = time.monotonic()
        if path.exists():
            with open_store(path, create=False) as store:
                held = store.counts()["statements"]
        else:
            held = build_store(path, args.base_db, args.statements, args.base_files)
        print(f"store: {held} statements, ready in {time.monotonic() - started:.0f} s", flush=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = serve(path, port)
        try:
            load_before = os.getloadavg()
            asyncio.run(load(port, args.clients, args.warmup, args.think))  # connections, caches
            results = asyncio.run(load(port, args.clients, args.seconds, args.think))
            load_after = os.getloadavg()
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures: dict[str, Any] = {
        "statements": held, "clients": args.clients, "seconds": args.seconds,
        "think_s": args.think, "warmup_s": args.warmup,
        "requests": len(results), "errors": sum(not ok for _, _, ok in results),
        "requests_per_s": round(len(results) / args.seconds, 1),
        **percentiles([t for _, t, _ in results]),
        "by_kind": {kind: {"requests": len(times), **percentiles(times)} for kind, times in
                    _by_kind(results).items() if len(times) > 1},
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after], "cpus": os.cpu_count(),
    }  # fmt: skip
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["errors"] == 0 else 1


def _by_kind(results: list[tuple[str, float, bool]]) -> dict[str, list[float]]:
    kinds: dict[str, list[float]] = {}
    for kind, seconds, _ in results:
        kinds.setdefault(kind, []).append(seconds)
    return kinds


if __name__ == "__main__":
    sys.exit(main())
