"""Claims at scale (issue 9): cluster 100,000 statements within 10 minutes and 4 GB.

Real quoted statements are read from ../shared/datasets/news-articles.jsonl.gz (the text
between quote marks, 6-60 words) and embedded once with the semantic extra's Embedder (the
store does this at ingest, so clustering reads stored vectors). The 100,000 statements are
drawn from them: half are restatements of a real statement (a word dropped or two swapped,
the vector moved by noise to cosine ~0.95: the same claim), half are new claims (the words
shuffled with words of another statement, the vector moved to cosine ~0.5 of it). The
clustering (:class:`quotegraph.claims.ClaimIndex`: exact centroid search in batches plus the
lexical rescoring of the 8 nearest claims) is timed on 10,000 statements (the baseline, in the
same process) and on all 100,000; peak RSS is the process's maximum resident set.

    python bench/claims_scale.py [--shared ../shared] [--n 100000] [--base 2000]
        [--json bench/results/claims_scale.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np

from quotegraph.claims import ClaimIndex
from quotegraph.search.semantic import Embedder

QUOTE = re.compile(r"[“\"]([^”\"]{30,400})[”\"]")
BUDGET_S = 600.0
BUDGET_MB = 4096.0


def real_quotes(shared: Path, wanted: int) -> list[str]:
    seen: dict[str, None] = {}
    path = shared / "datasets" / "news-articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for match in QUOTE.finditer(json.loads(line).get("text") or ""):
                words = match.group(1).split()
                if 6 <= len(words) <= 60:
                    seen[" ".join(words)] = None
            if len(seen) >= wanted:
                break
    return list(seen)[:wanted]


def perturb(
    rng: np.random.Generator, texts: list[str], vectors: np.ndarray, n: int
) -> tuple[list[str], np.ndarray]:
    picks = rng.integers(0, len(texts), size=n)
    same = rng.random(n) < 0.5
    out_texts: list[str] = []
    noise = rng.normal(size=(n, vectors.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    out = vectors[picks].copy()
    for i, (pick, keep) in enumerate(zip(picks, same, strict=True)):
        words = texts[pick].split()
        if keep:
            if len(words) > 6:
                del words[int(rng.integers(len(words)))]
            j = int(rng.integers(len(words) - 1))
            words[j], words[j + 1] = words[j + 1], words[j]
            out[i] = out[i] * 0.95 + noise[i] * 0.31
        else:
            other = texts[int(rng.integers(len(texts)))].split()
            words = list(rng.permutation(words[: len(words) // 2] + other[len(other) // 2 :]))
            out[i] = out[i] * 0.5 + noise[i] * 0.87
        out_texts.append(" ".join(words))
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out_texts, out.astype(np.float32)


def cluster(texts: list[str], vectors: np.ndarray) -> tuple[float, int]:
    started = time.perf_counter()
    index = ClaimIndex(vectors.shape[1])
    index.assign(vectors, texts)
    return time.perf_counter() - started, len(index)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1].parent / "shared")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = np.random.default_rng(9)
    quotes = real_quotes(args.shared, args.base)
    started = time.perf_counter()
    vectors = Embedder().embed(quotes)
    embed_s = time.perf_counter() - started
    texts, drawn = perturb(rng, quotes, vectors, args.n)
    baseline_n = args.n // 10
    base_s, base_claims = cluster(texts[:baseline_n], drawn[:baseline_n])
    full_s, full_claims = cluster(texts, drawn)
    result = {
        "statements": args.n, "real_statements": len(quotes),
        "embed_s": round(embed_s, 1), "embed_per_s": round(len(quotes) / embed_s, 1),
        "baseline_statements": baseline_n, "baseline_s": round(base_s, 1),
        "baseline_claims": base_claims, "cluster_s": round(full_s, 1), "claims": full_claims,
        "ratio_to_baseline": round(full_s / base_s, 2),
        "ratio_to_budget": round(full_s / BUDGET_S, 3), "peak_rss_mb": round(peak_mb()),
        "ratio_rss_to_budget": round(peak_mb() / BUDGET_MB, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if full_s <= BUDGET_S and peak_mb() <= BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
