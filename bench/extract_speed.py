"""Extraction overhead against the spaCy pipeline's own time, measured in one run (issue 3).

Both sides see the same texts: every section (headline, standfirst, paragraphs) quotegraph
parses, for the first N TASS articles of ``../shared/datasets/news-articles.jsonl.gz``. The
baseline is bare ``nlp.pipe`` over those texts; quotegraph is the full statement pipeline
(:class:`quotegraph.Pipeline.pipe`). Each side runs ``--repeat`` times, the best run counts.
Prints words/s for both and the overhead ratio; the target is <= 1.15.

Usage: ``python bench/extract_speed.py [--articles 200] [--repeat 3] [--json bench/results/x.json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import spacy

from quotegraph.article.build import from_fields, split_paragraphs
from quotegraph.article.model import Article
from quotegraph.nlp.parse import sections
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def tass_articles(limit: int) -> list[Article]:
    out: list[Article] = []
    with gzip.open(SHARED / "datasets" / "news-articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if "tass.com" not in row["article_source_link"]:
                continue
            out.append(from_fields(
                source=row["article_id"], format="jsonl", options=Options(),
                headline=row["title"], standfirst=row["subtitle"],
                paragraphs=split_paragraphs(row["text"]),
            ))  # fmt: skip
            if len(out) == limit:
                break
    return out


def best_of(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    articles = tass_articles(args.articles)
    texts = [a.text[s:e] for a in articles for _, s, e, _ in sections(a)]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(Options().model)  # the stock pipeline: the baseline
    pipeline = Pipeline(Options())
    bare = best_of(args.repeat, lambda: list(nlp.pipe(texts)))
    ours = best_of(args.repeat, lambda: list(pipeline.pipe(articles)))
    statements = sum(len(d.statements) for d in pipeline.pipe(articles))
    result = {
        "articles": len(articles), "words": words, "statements": statements,
        "bare_words_per_s": round(words / bare), "quotegraph_words_per_s": round(words / ours),
        "overhead_ratio": round(ours / bare, 3),
    }  # fmt: skip
    print(f"{'':24}{'seconds':>10}{'words/s':>10}")
    print(f"{'bare nlp.pipe':24}{bare:10.2f}{words / bare:10.0f}")
    print(f"{'quotegraph extract':24}{ours:10.2f}{words / ours:10.0f}")
    print(f"overhead ratio {ours / bare:.3f} (target <= 1.15); {len(articles)} articles, "
          f"{words} words, {statements} statements")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
