"""What the learned cue classifier costs: extraction time in the attributions scope, with and
without it (``Options(learned_cues=...)``), on PolNeAR dev texts, measured in one run.

The sections are parsed once (bare spaCy time is reported too); then every stage after the
parse runs over all articles with the classifier on and off, alternately, ``--repeat`` times,
and the best run of each counts. The overhead is reported against the whole extraction
(parse + stages) and against the stages alone.

Usage: ``python bench/cue_speed.py [--limit N] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quotegraph.article.build import from_text
from quotegraph.eval import load_polnear
from quotegraph.nlp.learned import load_cue_model
from quotegraph.nlp.parse import parse_many
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "polnear" / "dev"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = load_polnear(DEV)[: args.limit or None]
    base = Options(scope="attributions")
    articles = [from_text(d.text, source=d.doc_id, format="text", options=base) for d in docs]
    on, off = Pipeline(base), Pipeline(base.evolve(learned_cues=False))
    load_cue_model()
    started = time.perf_counter()
    parsed = parse_many(articles, on.nlp)
    parse_s = time.perf_counter() - started
    best = {"on": float("inf"), "off": float("inf")}
    for _ in range(args.repeat):
        for name, pipeline in (("off", off), ("on", on)):
            started = time.perf_counter()
            for article, sections in zip(articles, parsed, strict=True):
                pipeline(article, sections)
            best[name] = min(best[name], time.perf_counter() - started)
    words = sum(len(a.text.split()) for a in articles)
    added = best["on"] - best["off"]
    print(f"{len(articles)} articles, {words:,} words; spaCy parse {parse_s:.2f} s")
    for name in ("off", "on"):
        total = parse_s + best[name]
        print(f"  learned_cues {name:<3}: stages {best[name]:.2f} s, extraction {total:.2f} s "
              f"({words / total:,.0f} words/s)")  # fmt: skip
    print(f"  classifier adds {added:.2f} s: {100 * added / (parse_s + best['off']):+.1f} % "
          f"of extraction, {100 * added / best['off']:+.1f} % of the stages")  # fmt: skip


if __name__ == "__main__":
    main()
