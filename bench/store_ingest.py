"""Store ingest speed and size (issue 5): extraction vs writing, re-ingest, bytes per article.

Inputs: the two bundled examples, and the first N TASS records of
``../shared/datasets/news-articles.jsonl.gz`` (written to a temporary JSONL file so that the
real reader runs). For each input set, into a fresh SQLite store:

* ``extract_s``: read + extract (``Pipeline.extract_all``), no store;
* ``write_s``: writing those documents through the ingest writer (one transaction each);
  with ``--postgres``, also ``write_s_postgres``: the same into a PostgreSQL database (a
  pgserver started for the run), and its ``write_overhead_postgres``;
* ``ingest_s``: the whole ``ingest`` (read, extract, write) end to end, and articles/s;
* ``reingest_s``: the same inputs again (every article a duplicate: read only);
* ``embed_s``: embedding the stored statements afterwards (``quotegraph embed``), when the
  semantic extra is installed (the ingest timings above leave embedding out);
* ``db_bytes_per_1k``: the SQLite file size after closing, per 1,000 articles;
* ``relink_vs_embed`` (semantic extra): what an embedding ingest's writer does per article,
  its headline links weighing embeddings and then its statements embedded, over embedding
  the statements alone (two fresh embedders, the same documents, the same run).

Usage: ``python bench/store_ingest.py [--articles 200] [--postgres]
[--json bench/results/store_ingest.json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quotegraph.article.model import Article, Reject
from quotegraph.claims.headlines import relink
from quotegraph.ingest.batch import read_all
from quotegraph.nlp.model import Document
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.search import semantic
from quotegraph.store import open_store
from quotegraph.store.ingest import IngestRun, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22), embed=False)


def tass_jsonl(limit: int, folder: Path) -> Path:
    path = folder / f"tass-{limit}.jsonl"
    with (
        gzip.open(SHARED / "datasets" / "news-articles.jsonl.gz", "rt", encoding="utf-8") as src,
        path.open("w", encoding="utf-8") as out,
    ):
        kept = 0
        for line in src:
            if "tass.com" in json.loads(line)["article_source_link"]:
                out.write(line)
                kept += 1
                if kept == limit:
                    break
    return path


def measure(
    name: str, inputs: list[str], pipeline: Pipeline, folder: Path, postgres: str | None
) -> dict[str, Any]:
    start = time.perf_counter()
    results = list(pipeline.extract_all(read_all(inputs, OPTIONS)))
    extract_s = time.perf_counter() - start
    docs = [r for r in results if isinstance(r, Document)]
    write_s = timed_write(results, str(folder / f"{name}-write.db"))
    on_postgres = {}
    if postgres is not None:
        pg_s = timed_write(results, new_database(postgres, name.replace("-", "_")))
        on_postgres = {"write_s_postgres": round(pg_s, 3),
                       "write_overhead_postgres": round(pg_s / extract_s, 4)}  # fmt: skip
    db = folder / f"{name}.db"
    with open_store(db) as store:
        start = time.perf_counter()
        ingest_paths(store, inputs, OPTIONS, pipeline)
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        ingest_paths(store, inputs, OPTIONS, pipeline)
        reingest_s = time.perf_counter() - start
        embed_s = None
        if semantic.semantic_available():
            embedder = semantic.shared_embedder()
            embedder.embed(["warm up"])
            start = time.perf_counter()
            store.embed_missing(embedder)
            embed_s = round(time.perf_counter() - start, 3)
        counts = store.counts()
    size = db.stat().st_size
    relink_ratio = relink_vs_embed(docs) if semantic.semantic_available() else None
    return {
        "inputs": name, "articles": len(docs), "statements": counts["statements"],
        "rejects": len(results) - len(docs), "extract_s": round(extract_s, 3),
        "write_s": round(write_s, 3), "write_overhead": round(write_s / extract_s, 4),
        "ingest_s": round(ingest_s, 3), "articles_per_s": round(len(docs) / ingest_s, 1),
        "reingest_s": round(reingest_s, 3), "embed_s": embed_s,
        "embed_vs_extract": embed_s and round(embed_s / extract_s, 4), "db_bytes": size,
        "db_bytes_per_1k": round(size * 1000 / max(1, len(docs))),
        "relink_vs_embed": relink_ratio, **on_postgres,
    }  # fmt: skip


def relink_vs_embed(docs: list[Document]) -> float:
    """Seconds of (relink, then embed the statements) over (embed the statements), per
    article as the writer does, each with a fresh embedder (warmed up on another text)."""
    timings = []
    for with_links in (False, True):
        embedder = semantic.Embedder()
        embedder.embed(["warm up"])
        start = time.perf_counter()
        for doc in docs:
            if with_links and doc.headline_links:
                relink(doc, embedder.similarity)
            embedder.embed([s.content.text for s in doc.statements])
        timings.append(time.perf_counter() - start)
    return round(timings[1] / timings[0], 3)


def new_database(server_uri: str, name: str) -> str:
    """A new, empty database on the run's PostgreSQL server (its URL)."""
    import psycopg

    with psycopg.connect(server_uri, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return server_uri.replace("/postgres?", f"/{name}?")


def timed_write(results: list[Document | Reject], location: str) -> float:
    """Seconds to write already extracted documents through the ingest writer."""
    articles = [r.article if isinstance(r, Document) else r for r in results]

    def replay(unseen: Iterable[Article | Reject]) -> Iterator[Document | Reject]:
        for _article in unseen:
            pass  # runs the writer's duplicate check on every article
        return iter(results)

    with open_store(location) as store:
        start = time.perf_counter()
        run = IngestRun(store, "bench", ["-"])
        for _ in run.stream(articles, replay):
            pass
        run.finish()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--postgres", action="store_true", help="time writes to PostgreSQL too")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    pipeline = Pipeline(OPTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = _postgres(folder) if args.postgres else None
        postgres = server.get_uri() if server is not None else None
        list(pipeline.extract_all(read_all([str(EXAMPLES)], OPTIONS)))  # warm up the model
        rows = [measure("examples", [str(EXAMPLES)], pipeline, folder, postgres)]
        if (SHARED / "datasets" / "news-articles.jsonl.gz").exists():
            tass = tass_jsonl(args.articles, folder)
            rows.append(measure(f"tass-{args.articles}", [str(tass)], pipeline, folder,
                                postgres))  # fmt: skip
        if server is not None:
            server.cleanup()
    for row in rows:
        print(json.dumps(row))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _postgres(folder: Path) -> Any:
    """A PostgreSQL server for the run (pgserver, in ``folder``)."""
    import warnings

    with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR is not set
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver.get_server(folder / "pg", cleanup_mode="stop")


if __name__ == "__main__":
    main()
