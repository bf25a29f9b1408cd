"""List candidate sentences holding time expressions, for hand annotation of
tests/data/time-expressions.jsonl.

Usage: python bench/annotation/time_candidates.py [--shared ../shared] [--seed 4] [--per 6]

For every pattern below, prints up to ``--per`` sentences drawn at random (seeded) from
news-articles.jsonl.gz and tass-2024, with the source reference and publication date. The
annotator reads each printed sentence and writes the expected value by hand; nothing here
normalises anything.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
PATTERNS = {
    "weekday": rf"\bon {DAYS}\b",
    "earlier-weekday": rf"\b(?:earlier|late|later) (?:on |this )?{DAYS}\b",
    "yesterday-today": r"\b(?:yesterday|today|tomorrow|tonight)\b",
    "last-next-this": r"\b(?:last|next|this|past) (?:week|month|year|decade|quarter)\b",
    "month-year": rf"\b(?:in|since|by|until) {MONTHS} \d{{4}}\b",
    "month-day": rf"\bon {MONTHS} \d{{1,2}}\b(?!,? \d{{4}})",
    "day-month": rf"\bon \d{{1,2}} {MONTHS}\b",
    "since-year": r"\bsince (?:19|20)\d\d\b",
    "ago": r"\b(?:two|three|four|five|six|a|\d+) (?:days|weeks|months|years) ago\b",
    "range": (
        rf"\b(?:from|between) {MONTHS} \d{{1,2}} (?:to|and|through|until) (?:{MONTHS} )?\d{{1,2}}\b"
    ),
    "decade": r"\b(?:the )?(?:past|last) (?:decade|two decades)\b|\bthe (?:19|20)\d0s\b",
    "quarter": r"\b(?:first|second|third|fourth) quarter\b",
    "weekend": r"\b(?:this|last|next) (?:weekend|summer|winter|spring|autumn)\b",
}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", text) if s]


def records(shared: Path) -> Iterator[tuple[str, str, str]]:
    with gzip.open(shared / "datasets/news-articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            y, m, d = (int(p) for p in re.findall(r"\d+", row["publish_date"])[:3])
            yield f"news-articles:{row['article_id']}", f"{y:04d}-{m:02d}-{d:02d}", row["text"]
    for path in sorted((shared / "datasets/tass-2024").glob("*.json")):
        for i, row in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
            yield f"tass-2024:{path.name}#{i}", row["date"][:10], "\n".join(row["content"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--per", type=int, default=6)
    ap.add_argument("--only", default=None, help="one pattern name")
    args = ap.parse_args()
    found: dict[str, list[tuple[str, str, str, str]]] = {k: [] for k in PATTERNS}
    for source, published, text in records(args.shared):
        for sent in sentences(text):
            for name, pat in PATTERNS.items():
                m = re.search(pat, sent)
                if m:
                    found[name].append((source, published, m.group(0), sent))
    rng = random.Random(args.seed)
    for name, hits in found.items():
        if args.only and name != args.only:
            continue
        print(f"### {name}: {len(hits)} hits")
        for source, published, expr, sent in rng.sample(hits, min(args.per, len(hits))):
            print(
                json.dumps(
                    {"source": source, "published": published, "expr": expr, "sentence": sent},
                    ensure_ascii=False,
                )
            )


if __name__ == "__main__":
    main()
