"""Scale benchmark (issue 7): one table, every figure measured in this run on the same texts.

Input: ``--articles`` N, half the first records of ``../shared/datasets/news-articles.jsonl.gz``,
half the first Reuters-21578 articles (read with the project's SGML reader), written as one
JSONL file that every configuration reads. The baseline is bare ``nlp.pipe`` over exactly the
sections quotegraph parses (headline, standfirst, paragraphs), in this process.

Configurations (each loads its own spaCy model, as the command would):

* ``extract, 1 process``: read + :meth:`Pipeline.extract_all`, no store;
* ``ingest --workers 1`` / ``--workers 2``: read, extract, write a fresh SQLite store;
* ``pool extract, 2 workers``: read + the worker pool, no store (local multiprocessing);
* ``local batch, 2 workers``: ``quotegraph batch --engine local``: the worker pool writing the
  batch output (Parquet), the same job as Ray's;
* ``ray batch, 2 actors``: ``quotegraph batch`` on a local Ray cluster of 2 CPUs (started
  before timing), Parquet out, batches of the pool's chunk size; ``load``: that output into
  a fresh SQLite store. ``ray_vs_local`` compares it with the local batch (the same output).

Also: peak RSS per worker (pool and Ray actors), store bytes per 1,000 articles, search
p50/p95 over the ingested store (the query mix of
``bench/search_speed.py``), and the load average (the machine may be shared).

Usage: ``python bench/scale.py [--articles 300] [--no-ray] [--json bench/results/scale.json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotegraph.article.model import Article
from quotegraph.distributed.pool import CHUNK, WorkerPool
from quotegraph.ingest.batch import read_all
from quotegraph.nlp.parse import load_model, sections
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import SearchQuery, open_store
from quotegraph.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
# embed=False: semantic embeddings (quotegraph[semantic]) are written by the store's writer and
# are measured by the store's benches; this one measures extraction and its scaling
OPTIONS = Options(reference_date=dt.date(2026, 11, 22), embed=False)
MB = 1024 * 1024


def corpus(n: int, path: Path) -> Path:
    """``n`` articles as JSONL: news-articles records as they are, Reuters as records."""
    with path.open("w", encoding="utf-8") as out:
        with gzip.open(DATASETS / "news-articles.jsonl.gz", "rt", encoding="utf-8") as fh:
            for _, line in zip(range(n // 2), fh, strict=False):
                out.write(line)
        reuters = sorted((DATASETS / "reuters21578").glob("reut2-*.sgm*"))
        kept = 0
        for item in read_all([str(p) for p in reuters], OPTIONS):
            if kept == n - n // 2:
                break
            if isinstance(item, Article) and item.paragraphs:
                record = {"title": item.headline.text if item.headline else None,
                          "text": "\n\n".join(p.text for p in item.paragraphs),
                          "date": item.published.date.isoformat() if item.published.date else None,
                          "source": "Reuters"}  # fmt: skip
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                kept += 1
    return path


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def fresh_model() -> None:
    """Every configuration loads its model, as its command does."""
    load_model.cache_clear()


def ingest(inputs: list[str], db: Path, workers: int) -> dict[str, Any]:
    fresh_model()
    with open_store(db) as store, WorkerPool(OPTIONS, workers) as pool:
        seconds, _ = timed(lambda: ingest_paths(store, inputs, OPTIONS, pool))
        rss = max(pool.peak_rss.values(), default=0)
    return {"seconds": seconds, "worker_rss": rss}


def pool_extract(inputs: list[str], workers: int) -> dict[str, Any]:
    fresh_model()
    with WorkerPool(OPTIONS, workers) as pool:
        seconds, _ = timed(lambda: sum(1 for _ in pool.extract_all(read_all(inputs, OPTIONS))))
        rss = max(pool.peak_rss.values(), default=0)
    return {"seconds": seconds, "worker_rss": rss}


def local_batch(inputs: list[str], folder: Path, workers: int) -> dict[str, Any]:
    from quotegraph.distributed import local_batch

    fresh_model()
    out = folder / "local-parquet"
    seconds, summary = timed(lambda: local_batch.run(inputs, str(out), OPTIONS, workers, CHUNK))
    return {"seconds": seconds, "worker_rss": max(summary.peak_rss.values(), default=0)}


def ray_batch(inputs: list[str], folder: Path, workers: int) -> dict[str, Any]:
    import ray

    from quotegraph.distributed import ray_batch
    from quotegraph.distributed.load import load

    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        out = folder / "parquet"
        batch = lambda: ray_batch.run(inputs, str(out), OPTIONS, None, workers, CHUNK)  # noqa: E731
        seconds, summary = timed(batch)
    finally:
        ray.shutdown()
    with open_store(folder / "loaded.db") as store:
        load_s, _ = timed(lambda: load(store, str(out), OPTIONS))
    return {"seconds": seconds, "worker_rss": max(summary.peak_rss.values(), default=0),
            "load_seconds": load_s}  # fmt: skip


def search_times(db: Path, folder: Path) -> dict[str, Any]:
    """p50/p95 of the store helper's query mix (bench/search_speed.py: filtered, phrase and
    term-only queries with facets) over the ingested store."""
    import search_speed  # bench/search_speed.py, beside this file

    from quotegraph.store.export import export

    dump = folder / "export.jsonl"
    with open_store(db) as store:
        with dump.open("w", encoding="utf-8") as out:
            export(store, "jsonl", out)
        try:
            found = search_speed.cases(dump, 40)
        except IndexError:  # a corpus too small for every query class: term queries only
            words = ("said", "president", "minister", "oil", "government", "talks", "market")
            found = [search_speed.Case("term only", SearchQuery(w)) for w in words]
        timed_cases = search_speed.time_cases(store, found, repeat=3)
    return {k: v for k, v in timed_cases["summary"].items() if k != "slowest"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = [str(corpus(args.articles, folder / "bench.jsonl"))]
        articles = [a for a in read_all(inputs, OPTIONS) if isinstance(a, Article)]
        texts = [a.text[s:e] for a in articles for _, s, e, _ in sections(a)]
        words = sum(len(t.split()) for t in texts)
        import spacy  # here, not at the top: workers spawned from this script re-import it, and
        # spaCy imported before quotegraph would bring torch into every one of them

        nlp = spacy.load(OPTIONS.model)  # the stock pipeline: the baseline
        list(nlp.pipe(texts[:20]))  # warm up
        rows: dict[str, dict[str, Any]] = {}
        rows["bare nlp.pipe, 1 process"] = {"seconds": timed(lambda: list(nlp.pipe(texts)))[0]}
        fresh_model()
        rows["extract, 1 process"] = {"seconds": timed(lambda: sum(
            1 for _ in Pipeline(OPTIONS).extract_all(read_all(inputs, OPTIONS))))[0]}  # fmt: skip
        rows["ingest --workers 1"] = ingest(inputs, folder / "w1.db", 1)
        rows[f"ingest --workers {args.workers}"] = ingest(inputs, folder / "w2.db", args.workers)
        rows[f"pool extract, {args.workers} workers"] = pool_extract(inputs, args.workers)
        rows[f"local batch, {args.workers} workers"] = local_batch(inputs, folder, args.workers)
        if not args.no_ray:
            rows[f"ray batch, {args.workers} actors"] = ray_batch(inputs, folder, args.workers)
        db_bytes = (folder / "w1.db").stat().st_size
        search = search_times(folder / "w1.db", folder)
    report(rows, len(articles), words, args.workers, db_bytes, search, load_before, args.json)


def report(
    rows: dict[str, dict[str, Any]],
    n: int,
    words: int,
    workers: int,
    db_bytes: int,
    search: dict[str, float],
    load_before: tuple[float, float, float],
    path: Path | None,
) -> None:
    bare = rows["bare nlp.pipe, 1 process"]["seconds"]
    print(f"{n} articles, {words} words (news-articles + Reuters-21578), {workers} workers; "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")  # fmt: skip
    print(f"{'configuration':30}{'seconds':>9}{'articles/s':>12}{'words/s':>10}"
          f"{'vs bare':>9}{'worker RSS MB':>15}")  # fmt: skip
    for name, row in rows.items():
        row.update(articles_per_s=round(n / row["seconds"], 2),
                   words_per_s=round(words / row["seconds"]),
                   ratio_vs_bare=round(bare / row["seconds"], 3))  # fmt: skip
        rss = f"{row['worker_rss'] / MB:.0f}" if row.get("worker_rss") else "-"
        print(f"{name:30}{row['seconds']:9.1f}{row['articles_per_s']:12.2f}"
              f"{row['words_per_s']:10}{row['ratio_vs_bare']:9.3f}{rss:>15}")  # fmt: skip
    w1, wn = rows["ingest --workers 1"], rows[f"ingest --workers {workers}"]
    key = {
        "end_to_end_vs_bare": w1["ratio_vs_bare"],
        f"ingest_{workers}_vs_1_workers": round(w1["seconds"] / wn["seconds"], 3),
        "store_bytes_per_1k_articles": round(db_bytes * 1000 / n),
        "search": search,
    }
    ray_row = rows.get(f"ray batch, {workers} actors")
    if ray_row:
        local = rows[f"local batch, {workers} workers"]
        key["ray_vs_local"] = round(local["seconds"] / ray_row["seconds"], 3)
        key["load_articles_per_s"] = round(n / ray_row["load_seconds"], 1)
    for name, value in key.items():
        print(f"{name:30}{value}")
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        result = {"articles": n, "words": words, "workers": workers, "rows": rows, **key,
                  "load_average": [load_before, os.getloadavg()]}  # fmt: skip
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
