"""What the knowledge layer (entities, times, events) adds to extraction time, measured in
one run (issue 4). Target: <= 10 %.

Both sides run :meth:`quotegraph.Pipeline.pipe` over the same first N TASS articles of
``../shared/datasets/news-articles.jsonl.gz``: the baseline pipeline has every stage but
``knowledge``, the other is the full pipeline. Runs alternate (baseline, full, baseline, ...)
``--repeat`` times; the best run of each counts. Times are the process's CPU time
(``time.process_time``), so other work on a shared machine does not skew the ratio.

Usage: ``python bench/knowledge_overhead.py [--articles 200] [--repeat 3] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from extract_speed import tass_articles

from quotegraph.nlp.pipeline import STAGES, Pipeline
from quotegraph.options import Options


def timed(pipeline: Pipeline, articles: list) -> float:  # type: ignore[type-arg]
    start = time.process_time()
    for _ in pipeline.pipe(articles):
        pass
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    articles = tass_articles(args.articles)
    full = Pipeline(Options())
    base = Pipeline(Options(), stages=[(n, s) for n, s in STAGES if n != "knowledge"])
    timed(full, articles[:10])  # warm up both (model, matcher, caches)
    timed(base, articles[:10])
    base_times, full_times = [], []
    for _ in range(args.repeat):
        base_times.append(timed(base, articles))
        full_times.append(timed(full, articles))
    docs = list(full.pipe(articles))
    counts = {k: sum(len(getattr(d, k)) for d in docs) for k in ("entities", "times", "events")}
    ratio = min(full_times) / min(base_times)
    result = {
        "articles": len(articles), **counts,
        "baseline_s": round(min(base_times), 3), "with_knowledge_s": round(min(full_times), 3),
        "overhead_ratio": round(ratio, 3),
    }  # fmt: skip
    print(f"{'':28}{'CPU s':>10}")
    print(f"{'extraction without knowledge':28}{min(base_times):10.2f}")
    print(f"{'extraction with knowledge':28}{min(full_times):10.2f}")
    print(
        f"overhead ratio {ratio:.3f} (target <= 1.10); {len(articles)} articles, "
        f"{counts['entities']} entities, {counts['times']} times, {counts['events']} events"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
