"""List candidate statement pairs for tests/data/claim-pairs.jsonl.

Usage: python bench/annotation/claim_candidates.py [--lo 0.25] [--hi 0.9] [--limit 300]

Pairs up attributed sentences ("said", "told", "stated", ...) of different news-articles
records whose word sets overlap (Jaccard between --lo and --hi), so that the annotator sees
both restatements of one claim and similar-looking sentences that make different claims. The
annotator reads each pair and its articles and labels it by hand; the overlap score is only a
way to find candidates and is not written to the set.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from itertools import combinations

from show import news_rows, sentences

CUE = re.compile(r"\b(said|says|told|stated|noted|stressed|added|according to)\b")
WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "the a an of to in and on for is was that it with by as at be has have from said says told "
    "this are not will would its their he she they we our his her".split()
)


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.lower()) if w not in STOP)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lo", type=float, default=0.25)
    ap.add_argument("--hi", type=float, default=0.9)
    ap.add_argument("--limit", type=int, default=300)
    args = ap.parse_args()
    sents: list[tuple[str, str, frozenset[str]]] = []
    for row in news_rows():
        for s in sentences(row["text"]):
            if CUE.search(s) and 60 <= len(s) <= 400:
                sents.append((row["article_id"], s, words(s)))
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, ws) in enumerate(sents):
        for w in ws:
            index[w].append(i)
    seen: set[tuple[int, int]] = set()
    found: list[tuple[float, int, int]] = []
    for postings in index.values():
        if len(postings) > 40:  # common words do not make candidates
            continue
        for i, j in combinations(postings, 2):
            if (i, j) in seen or sents[i][0] == sents[j][0]:
                continue
            seen.add((i, j))
            a, b = sents[i][2], sents[j][2]
            score = len(a & b) / len(a | b)
            if args.lo <= score <= args.hi:
                found.append((score, i, j))
    found.sort(reverse=True)
    for score, i, j in found[: args.limit]:
        print(f"{score:.2f}\tnews-articles:{sents[i][0]}\t{sents[i][1]}")
        print(f"\tnews-articles:{sents[j][0]}\t{sents[j][1]}")


if __name__ == "__main__":
    main()
