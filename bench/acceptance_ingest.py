"""Acceptance ingest (issue 5): all of news-articles.jsonl.gz and Reuters-21578, then again.

Into a fresh SQLite store (or ``--db``): ingest ``../shared/datasets/news-articles.jsonl.gz``
and the 22 ``reut2-*.sgm.gz`` files of Reuters-21578 as one run, then ingest the same inputs
again. Reports articles stored, statements, rejects, duplicates (the same text twice within the
collections), near-duplicate links (republished copies), the time taken, and the rows the
re-ingest added to every table (the acceptance wants 0).

Long: tens of minutes on two cores. Run it on its own, with ``nice``:
``nice python bench/acceptance_ingest.py --json bench/results/acceptance_ingest.json``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from quotegraph.article.model import Reject
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import Store, open_store
from quotegraph.store.ingest import IngestSummary, Stored, ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))


def inputs() -> list[str]:
    reuters = sorted((DATASETS / "reuters21578").glob("reut2-*.sgm.gz"))
    return [str(DATASETS / "news-articles.jsonl.gz"), *map(str, reuters)]


def timed_run(store: Store, paths: list[str], pipeline: Pipeline) -> tuple[IngestSummary, float]:
    summary = IngestSummary()
    last = time.perf_counter()

    def sink(item: Stored | Reject) -> None:
        nonlocal last
        summary.add(item)
        if time.perf_counter() - last > 60:
            last = time.perf_counter()
            print(f"  ... {summary.line()}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    ingest_paths(store, paths, OPTIONS, pipeline, sink)
    return summary, time.perf_counter() - start


def measure(db: str) -> dict[str, Any]:
    paths = inputs()
    pipeline = Pipeline(OPTIONS)
    with open_store(db) as store:
        first, first_s = timed_run(store, paths, pipeline)
        after_first = store.counts()
        print(f"first run: {first.line()} in {first_s:.0f} s", file=sys.stderr, flush=True)
        again, again_s = timed_run(store, paths, pipeline)
        after_again = store.counts()
    added = {t: after_again[t] - after_first[t] for t in after_first if t != "runs"}
    return {
        "db": db, "inputs": len(paths), "ingest": first.line(), "ingest_s": round(first_s, 1),
        "articles_per_s": round(first.ok / first_s, 2), "articles": after_first["articles"],
        "statements": after_first["statements"], "speakers": after_first["speakers"],
        "rejects": first.failed, "duplicates": first.duplicates,
        "near_duplicate_links": after_first["near_duplicates"],
        "reingest": again.line(), "reingest_s": round(again_s, 1),
        "reingest_rows_added": added, "reingest_rows_added_total": sum(added.values()),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args.db or str(Path(tmp) / "acceptance.db"))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
