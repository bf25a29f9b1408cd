"""Search speed (issue 5): p50/p95 of filtered full-text queries at 100 k and 1 M statements,
on SQLite and PostgreSQL. Target: p95 <= 50 ms for filtered queries.

The statements are real: ``--base`` articles spread over all of
``../shared/datasets/news-articles.jsonl.gz`` are ingested (read, extracted, stored) once and
kept as an export (JSONL) in ``--cache``. Each store is filled from that export and then
replicated in SQL to the wanted number of statements: copy ``k`` of an article gets the id
``<id>~k``, its publication year shifted back by ``k % 8`` (so date filters select a part of
the copies), and its paragraphs, statements (same speakers) and near-duplicate link copied.
Stores are kept in ``--cache`` (PostgreSQL in a pgserver data folder there) and reused.

Queries (seeded, the same for every store): terms picked by how many statements hold them in
the base corpus (broad: >= 2 %, medium: 0.3-2 %, narrow: < 0.3 %), each with one or two filters
(speaker surname, kind, outlet, since), plus phrase queries; every query as the CLI and API
run it (facets on, 20 hits). Each query runs once to warm up, then ``--repeat`` times; the
report gives p50/p95 per backend, scale and query class ("filtered" is the target class;
"term only" is a broad unfiltered query, reported but not part of the target), wall clock and
this process's CPU (the process's read cache is dropped before each timed run, so every run
does the whole search; ``cpu_p50_ms``/``cpu_p95_ms``: on SQLite all of a search's work, and far
less disturbed by a shared machine's load; on PostgreSQL the server's work is not in it).

``--dump FILE`` writes every query's result (total, hit ids, facets) so that two versions of the
search code can be checked for identical results.

Usage: ``nice python bench/search_speed.py [--scales 100000 1000000] [--backends sqlite postgres]
[--json bench/results/search_speed.json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import os
import random
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import SearchQuery, Store, open_store
from quotegraph.store.export import export
from quotegraph.store.ingest import ingest_paths
from quotegraph.store.rows import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, STATEMENT_COLUMNS
from quotegraph.store.sql import forget_cached_reads

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "datasets" / "news-articles.jsonl.gz"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
WORD = re.compile(r"[a-z]{4,}")
SHIFTED = {  # copy k: the article's id and dates, as SQL over the base row (k is the parameter)
    "id": "id || '~' || CAST(? AS TEXT)",
    "source": "source || '~' || CAST(? AS TEXT)",
    "published_date": "CASE WHEN published_date IS NULL THEN NULL ELSE "
    "CAST(CAST(substr(published_date, 1, 4) AS INTEGER) - ? AS TEXT) "
    "|| substr(published_date, 5) END",
    "published_year_min": "published_year_min - ?",
    "published_year_max": "published_year_max - ?",
}
YEARS = 8  # copies spread over this many years
COPIES = "%~%"  # a LIKE pattern: the ids of copies
SHARED_BUFFERS = "4GB"


def base_export(cache: Path, count: int) -> Path:
    """The base corpus as an export file: ``count`` real articles, ingested once."""
    path = cache / f"base-{count}.jsonl"
    if path.exists():
        return path
    with gzip.open(NEWS, "rt", encoding="utf-8") as src:
        lines = src.readlines()
    step = max(1, len(lines) // count)
    picked = cache / f"news-{count}.jsonl"
    picked.write_text("".join(lines[::step][:count]), encoding="utf-8")
    with open_store(cache / f"base-{count}.db") as store:
        ingest_paths(store, [str(picked)], OPTIONS, Pipeline(OPTIONS))
        with path.open("w", encoding="utf-8") as out:
            export(store, "jsonl", out)
    return path


def replicate(store: Store, statements: int) -> None:
    """Copy the stored articles (and their rows) until the store holds ``statements``."""
    have = store.counts()["statements"]
    base = have
    k = 0
    while have < statements:
        k += 1
        with store._transaction():  # a bench fills the store directly
            _copy(store, k)
        have += base


def _copy(store: Store, k: int) -> None:
    marks = []

    def expr(column: str, table: str) -> str:
        if table == "articles" and column in SHIFTED:
            marks.append(k if column in ("id", "source") else k % YEARS)
            return SHIFTED[column]
        if column == "article_id":
            marks.append(k)
            return SHIFTED["id"].replace("id ||", "article_id ||")
        return column

    base = "SELECT id FROM articles WHERE id NOT LIKE ?"  # ? = COPIES: the base articles
    for table, columns in (
        ("articles", ARTICLE_COLUMNS),
        ("paragraphs", PARAGRAPH_COLUMNS),
        ("statements", STATEMENT_COLUMNS),
    ):
        marks.clear()
        select = ", ".join(expr(c, table) for c in columns)
        key = "id" if table == "articles" else "article_id"
        store._execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table} "
            f"WHERE {key} IN ({base})",
            [*marks, COPIES],
        )
    store._execute(
        "INSERT INTO near_duplicates (article_id, duplicate_of, similarity) "
        "SELECT article_id || '~' || CAST(? AS TEXT), duplicate_of || '~' || CAST(? AS TEXT), "
        f"similarity FROM near_duplicates WHERE article_id IN ({base})",
        [k, k, COPIES],
    )


@dataclass(frozen=True)
class Case:
    kind: str  # filtered | phrase | term only
    query: SearchQuery

    def label(self) -> str:
        q = self.query
        filters = {
            "speaker": q.speaker, "kind": q.kind, "outlet": q.outlet,
            "since": q.since and q.since.isoformat(),
        }  # fmt: skip
        shown = " ".join(f"--{k} {v}" for k, v in filters.items() if v)
        return f"{q.text} {shown}".strip()


def cases(export_path: Path, count: int, seed: int = 5) -> list[Case]:
    """Seeded queries drawn from the base corpus (see the module doc)."""
    docs = [json.loads(line) for line in export_path.open(encoding="utf-8")]
    statements = [s for d in docs for s in d["statements"]]
    df = Counter(w for s in statements for w in set(WORD.findall(s["content"]["text"].lower())))
    n = len(statements)
    bands = {
        "broad": [w for w, c in df.items() if c >= 0.02 * n],
        "medium": [w for w, c in df.items() if 0.003 * n <= c < 0.02 * n],
        "narrow": [w for w, c in df.items() if 5 <= c < 0.003 * n],
    }
    speakers = Counter(
        s["speaker"]["name"].split()[-1]
        for s in statements
        if s["speaker"]["name"] and s["speaker"]["type"] == "person"
    )
    outlets = Counter(d["outlet"] for d in docs if d.get("outlet"))
    rng = random.Random(seed)
    filters: list[dict[str, Any]] = [{"speaker": w} for w, _ in speakers.most_common(12)] + [
        {"kind": k} for k in ("direct", "indirect", "mixed")
    ]
    filters += [{"outlet": o} for o, _ in outlets.most_common(6)]
    filters += [{"since": dt.date(y, 1, 1)} for y in (2011, 2013, 2015, 2016)]
    out: list[Case] = []
    for _ in range(count):
        band = rng.choice(list(bands))
        word = rng.choice(sorted(bands[band]))
        chosen = dict(rng.choice(filters))
        if rng.random() < 0.3:
            chosen.update(rng.choice(filters))
        out.append(Case("filtered", SearchQuery(word, **chosen)))
    phrases = [p for p in _phrases(statements) if p]
    out += [Case("phrase", SearchQuery(f'"{p}"')) for p in rng.sample(phrases, count // 4)]
    out += [Case("term only", SearchQuery(w)) for w in rng.sample(sorted(bands["broad"]), 5)]
    return out


def _phrases(statements: list[dict[str, Any]]) -> Iterator[str]:
    pairs: Counter[tuple[str, str]] = Counter()
    for s in statements:
        words = WORD.findall(s["content"]["text"].lower())
        pairs.update(itertools.pairwise(words))
    for (a, b), c in pairs.most_common(200):
        if c >= 5:
            yield f"{a} {b}"


def time_cases(store: Store, found: list[Case], repeat: int) -> dict[str, Any]:
    by_kind: dict[str, list[float]] = {}
    cpu_by_kind: dict[str, list[float]] = {}
    results = []
    slowest: list[tuple[float, str]] = []
    for case in found:
        result = store.search(case.query)  # warm up
        results.append({
            "query": case.label(), "total": result.total,
            "hits": [h.statement_id for h in result.hits],
            "facets": {k: [[c.value, c.count] for c in v] for k, v in result.facets.items()},
        })  # fmt: skip
        for _ in range(repeat):
            forget_cached_reads()  # each run does the whole search, as a new query does
            start, start_cpu = time.perf_counter(), time.process_time()
            store.search(case.query)
            ms = (time.perf_counter() - start) * 1000
            by_kind.setdefault(case.kind, []).append(ms)
            cpu_by_kind.setdefault(case.kind, []).append((time.process_time() - start_cpu) * 1000)
            slowest.append((ms, case.label()))
    summary: dict[str, Any] = {kind: _percentiles(times) for kind, times in by_kind.items()}
    for kind, times in cpu_by_kind.items():  # this process's CPU: all of SQLite's work
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        summary[kind].update({"cpu_p50_ms": round(cuts[49], 1), "cpu_p95_ms": round(cuts[94], 1)})
    slowest.sort(reverse=True)
    summary["slowest"] = [f"{ms:.0f} ms: {label}" for ms, label in slowest[:5]]
    return {"summary": summary, "results": results}


def _percentiles(times: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {"n": len(times), "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "max_ms": round(max(times), 1)}  # fmt: skip


def store_url(backend: str, scale: int, cache: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{cache / f'search-{scale}.db'}"
    return _postgres_url(cache, f"search_{scale}")


_PG: dict[str, Any] = {}


def _postgres_url(cache: Path, name: str) -> str:
    import psycopg

    if "server" not in _PG:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver
        (cache / "pg").mkdir(exist_ok=True)
        _PG["server"] = pgserver.get_server(cache / "pg", cleanup_mode="stop")
        _tune(_PG["server"], cache)
    uri: str = _PG["server"].get_uri()
    with psycopg.connect(uri, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            admin.execute(f"CREATE DATABASE {name}")
    return uri.replace("/postgres?", f"/{name}?")


def _tune(server: Any, cache: Path) -> None:
    """Give the server the memory a PostgreSQL serving millions of statements is given (the
    default shared_buffers, 128 MB, holds a tenth of the 1 M store); restart it to apply."""
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        current = admin.execute("SHOW shared_buffers").fetchone()
        if current is not None and current[0] == SHARED_BUFFERS:
            return
        for setting, value in (("shared_buffers", SHARED_BUFFERS), ("work_mem", "64MB"),
                               ("effective_cache_size", "8GB")):  # fmt: skip
            admin.execute(f"ALTER SYSTEM SET {setting} = '{value}'")
    server.cleanup()
    import pgserver

    _PG["server"] = pgserver.get_server(cache / "pg", cleanup_mode="stop")


def filled(url: str, export_path: Path, statements: int) -> Store:
    store = open_store(url)
    if store.counts()["statements"] < statements:
        started = time.perf_counter()
        if store.counts()["articles"] == 0:
            ingest_paths(store, [str(export_path)], OPTIONS, Pipeline(OPTIONS))
        replicate(store, statements)
        analyse = "ANALYZE" if url.startswith("sqlite") else "VACUUM ANALYZE"
        store._execute(analyse)
        print(f"  filled {url.split('?')[0]} in {time.perf_counter() - started:.0f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--base", type=int, default=400, help="real articles ingested")
    parser.add_argument("--queries", type=int, default=40, help="filtered queries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--dump", type=Path, help="write every query's results here")
    parser.add_argument("--label", default="", help="what code ran (kept in the JSON)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    args.cache.mkdir(parents=True, exist_ok=True)
    export_path = base_export(args.cache, args.base)
    found = cases(export_path, args.queries)
    report: list[dict[str, Any]] = []
    dumps: dict[str, Any] = {}
    for backend in args.backends:
        for scale in args.scales:
            with filled(store_url(backend, scale, args.cache), export_path, scale) as store:
                timed = time_cases(store, found, args.repeat)
                row = {"backend": backend, "scale": scale,
                       "statements": store.counts()["statements"], **timed["summary"]}  # fmt: skip
            print(json.dumps(row), flush=True)
            report.append(row)
            dumps[f"{backend}-{scale}"] = timed["results"]
    if "server" in _PG:
        _PG["server"].cleanup()
    machine = {"label": args.label, "cpu_count": os.cpu_count(),
               "loadavg_before": [round(x, 2) for x in load_before],
               "loadavg_after": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    print(json.dumps(machine), flush=True)
    for path, value in ((args.json, {**machine, "runs": report}), (args.dump, dumps)):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
