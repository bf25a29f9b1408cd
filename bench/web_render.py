"""Web UI page server time (issue 6): every page on a store of ~100 k statements.

The store is built from real statements: the two bundled examples and the first N articles of
``../shared/datasets/news-articles.jsonl.gz`` (the examples only when ../shared is absent) are
extracted once; each document is then written again ``copies`` times with a new id (a
``[copy k]`` line appended to its text, so every offset still slices it) and its publication
date moved by ``k`` weeks, until the store holds ``--statements`` statements. Copies are not
linked as near-duplicates (the writer's MinHash step is skipped), so they count as the distinct
statements of a large store.

Each page is requested in-process through ASGI (``TestClient``: the server's whole work,
routing, store queries, template rendering) ``--repeat`` times after one warm-up; p50 / p95 /
max wall-clock ms are reported against the target (300 ms) and as a ratio to the same page on
the base store (the extracted documents once), measured in the same run, with the process CPU
ms per request (p50: what the page costs when the machine is not shared). The process's read
cache (:mod:`quotegraph.store.cache`) is dropped before every timed request, so each one does the
page's whole work, as a query no one asked before does; ``--warm`` keeps it (repeated requests).

The entity, events and claims pages are timed too: the most mentioned entity, the events
timeline, the claims list and the largest claim. Claims are grouped (``update_claims``, with
the semantic extra's embedder) over the extracted documents once, before their copies are
written (grouping 100 k statements takes minutes; the claims pages read the claim tables, not
every statement); without the extra the claims pages show an empty store.

``--keep DIR`` keeps the two stores in DIR and reuses them when there, so two versions of the
code can be timed on the same stores one after the other (``--label`` names the code in the
JSON). The JSON records the load averages before and after the timing and the CPU count.

Usage: ``python bench/web_render.py [--statements 100000] [--articles 300] [--repeat 15]
[--keep DIR] [--label TEXT] [--warm] [--json bench/results/web_render.json]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from quotegraph.api import create_app
from quotegraph.article.model import content_id
from quotegraph.ingest.batch import read_all
from quotegraph.nlp.model import Document
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import SearchQuery, SpeakerQuery, Store, open_store
from quotegraph.store.sql import SQLStore, forget_cached_reads

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
TARGET_MS = 300.0


def base_documents(articles: int, folder: Path) -> list[Document]:
    inputs = [str(EXAMPLES)]
    dataset = SHARED / "datasets" / "news-articles.jsonl.gz"
    if dataset.exists() and articles:
        real = folder / "news.jsonl"
        with gzip.open(dataset, "rt", encoding="utf-8") as src:
            real.write_text("".join(line for _, line in zip(range(articles), src, strict=False)))
        inputs.append(str(real))
    found = Pipeline(OPTIONS).extract_all(read_all(inputs, OPTIONS))
    return [d for d in found if isinstance(d, Document)]


def copy_of(doc: Document, k: int) -> Document:
    """``doc`` with a new id (a line appended) and its date moved ``k`` weeks on."""
    if k == 0:
        return doc
    article = doc.article
    text = f"{article.text}\n[copy {k}]"
    published = article.published
    if published.date is not None:
        day = published.date + dt.timedelta(weeks=k)
        published = published.model_copy(
            update={"date": day, "month": day.month, "day": day.day, "year_min": day.year,
                    "year_max": day.year}
        )  # fmt: skip
    moved = article.model_copy(update={"id": content_id(text), "text": text,
                                       "source": f"{article.source}#copy{k}",
                                       "url": None, "published": published})  # fmt: skip
    return doc.model_copy(update={"article": moved})


def fill(store: Store, docs: list[Document], statements: int) -> int:
    """Write copies of ``docs`` until ``statements`` are stored; the copies written."""
    store._link_near_duplicate = lambda article: None  # type: ignore[method-assign]
    run = store.start_run("bench", [])
    per_round = sum(len(d.statements) for d in docs)
    copies = max(1, -(-statements // per_round))
    for k in range(copies):
        for doc in docs:
            store.write_document(copy_of(doc, k), run)
        if k == 0:
            group_claims(store)
    if isinstance(store, SQLStore):
        store.resolve_entities()  # as an ingest does after its articles: the global entities
    return copies


def group_claims(store: Store) -> None:
    """Claims over the statements stored so far, when the semantic extra is installed."""
    from quotegraph.search.semantic import semantic_available, shared_embedder

    if semantic_available() and isinstance(store, SQLStore):
        from quotegraph.claims.build import update_claims

        update_claims(store, shared_embedder())


def pages(store: Store) -> dict[str, str]:
    """The pages to time, with ids picked from the store."""
    top = store.speakers(SpeakerQuery(limit=1)).speakers[0]
    hit = store.search(SearchQuery("Russia", outlet="TASS", limit=1)).hits[0]
    assert isinstance(store, SQLStore)
    entities = store.entities(limit=100)[1]
    entity = max(entities, key=lambda e: (e.articles, e.id))
    claims = store.claims().claims
    more = {f"claim (top, {claims[0].statements} statements)": f"/claims/{claims[0].id}"}
    return {
        "home": "/",
        "search doctrine": "/search?q=doctrine",
        "search the (most statements)": "/search?q=the",
        "search the, page 50": "/search?q=the&page=50",
        "search Russia, filtered": "/search?q=Russia&kind=direct&month=2017-02&outlet=TASS",
        "article": f"/articles/{hit.article_id}",
        f"speaker (top, {top.statements} statements)": f"/speakers/{top.id}",
        "speakers": "/speakers",
        "entities": "/entities",
        f"entity (top, {entity.articles} articles)": f"/entities/{entity.id}",
        "events": "/events",
        "claims": "/claims",
        **(more if claims else {}),
    }


def time_pages(
    url: str, paths: dict[str, str], repeat: int, warm: bool = False
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with TestClient(create_app(url)) as client:
        for name, path in paths.items():
            first = client.get(path)  # warm-up, and a check that the page shows what it should
            assert first.status_code == 200 and 'role="alert"' not in first.text, path
            plain_search = path.startswith("/search") and "&" not in path
            assert not plain_search or 'class="card"' in first.text, path
            took, cpu = [], []
            for _ in range(repeat):
                if not warm:  # every request does the page's whole work
                    forget_cached_reads()
                start, start_cpu = time.perf_counter(), time.process_time()
                answer = client.get(path)
                took.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert answer.status_code == 200
            took.sort()
            out[name] = {"p50_ms": round(statistics.median(took), 1),
                         "p95_ms": round(took[min(len(took) - 1, int(0.95 * len(took)))], 1),
                         "max_ms": round(took[-1], 1),
                         "cpu_p50_ms": round(statistics.median(cpu), 1)}  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--warm",
        action="store_true",
        help="keep the read cache between requests (default: drop it first)",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the stores in this folder")
    parser.add_argument("--label", default="", help="what code ran (kept in the JSON)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qg-web-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        base_url, big_url = str(folder / "base.db"), str(folder / "big.db")
        built = folder / "built.json"
        start = time.perf_counter()
        if not built.exists():
            docs = base_documents(args.articles, folder)
            with open_store(base_url) as store:
                fill(store, docs, 1)
            with open_store(big_url) as store:
                copies = fill(store, docs, args.statements)
            built.write_text(json.dumps({
                "base_documents": len(docs), "copies": copies,
                "base_statements": sum(len(d.statements) for d in docs),
            }))  # fmt: skip
        build_s = time.perf_counter() - start
        shape = json.loads(built.read_text())
        with open_store(base_url) as store:
            base_paths = pages(store)
        with open_store(big_url) as store:
            counts = store.counts()
            big_paths = pages(store)
        load_before = os.getloadavg()
        base = time_pages(base_url, base_paths, args.repeat, args.warm)
        big = time_pages(big_url, big_paths, args.repeat, args.warm)
        load_after = os.getloadavg()
    report = _report(shape, counts, build_s, base, big)
    report.update({"label": args.label, "warm": args.warm, "cpu_count": os.cpu_count(),
                   "loadavg_before": [round(x, 2) for x in load_before],
                   "loadavg_after": [round(x, 2) for x in load_after]})  # fmt: skip
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


Timings = dict[str, dict[str, float]]


def _report(
    shape: dict[str, int], counts: dict[str, int], build_s: float, base: Timings, big: Timings
) -> dict[str, Any]:
    base_by_kind = dict(zip([_kind(n) for n in base], base.values(), strict=True))
    rows = []
    for name, figures in big.items():
        ratio = figures["p50_ms"] / max(base_by_kind[_kind(name)]["p50_ms"], 0.1)
        rows.append({"page": name, **figures, "base_p50_ms": base_by_kind[_kind(name)]["p50_ms"],
                     "ratio_to_base": round(ratio, 2),
                     "meets_target": figures["p95_ms"] <= TARGET_MS})  # fmt: skip
    return {"base_documents": shape["base_documents"],
            "base_statements": shape["base_statements"],
            "copies": shape["copies"], "statements": counts["statements"],
            "articles": counts["articles"],
            "speakers": counts["speakers"], "build_s": round(build_s, 1), "target_ms": TARGET_MS,
            "pages": rows}  # fmt: skip


def _kind(name: str) -> str:
    return name.split(" (")[0]


def _print(report: dict[str, Any]) -> None:
    show: Callable[[str], None] = print
    show(f"store: {report['statements']:,} statements, {report['articles']:,} articles, "
         f"{report['speakers']:,} speakers ({report['copies']} copies of "
         f"{report['base_statements']:,} real statements; built in "
         f"{report['build_s']} s)")  # fmt: skip
    head = ("page", "p50 ms", "p95 ms", "max ms", "cpu p50", "base p50", "ratio", "<= 300")
    show(
        f"{head[0]:<40} {head[1]:>8} {head[2]:>8} {head[3]:>8} {head[4]:>8} {head[5]:>9} "
        f"{head[6]:>6}  {head[7]}"
    )
    for row in report["pages"]:
        met = "yes" if row["meets_target"] else "NO"
        show(f"{row['page']:<40} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8} "
             f"{row['cpu_p50_ms']:>8} {row['base_p50_ms']:>9} {row['ratio_to_base']:>6}  "
             f"{met}")  # fmt: skip


if __name__ == "__main__":
    main()
