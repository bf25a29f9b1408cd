"""Article-body token F1 of quotegraph's HTML reader against plain ``trafilatura.extract``.

Data: ``../shared/datasets/html-extraction`` (``html/<id>.html.gz`` and ``ground-truth.json``,
``{id: {url, articleBody}}``). The score is the bag-of-words F1 (lower-cased ``\\w+`` tokens)
between the extracted text and ``articleBody``, averaged over pages (a page with no extraction
scores 0). Usage: ``python bench/html_f1.py [SHARED_DIR]``.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import trafilatura

from quotegraph.ingest.decode import decode_bytes
from quotegraph.ingest.html import extract_body

DATASET = Path("datasets") / "html-extraction"
DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str], str | None]


def tokens(text: str | None) -> Counter[str]:
    """Bag of lower-cased word tokens."""
    return Counter(_TOKEN.findall((text or "").lower()))


def token_f1(predicted: str | None, truth: str) -> float:
    """Bag-of-tokens F1; 1.0 when both are empty."""
    pred, gold = tokens(predicted), tokens(truth)
    if not pred and not gold:
        return 1.0
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def pages(shared: Path) -> Iterator[tuple[str, str, str]]:
    """``(id, html, articleBody)`` for every page of the data set."""
    root = shared / DATASET
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, record in sorted(truth.items()):
        data = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, decode_bytes(data), record["articleBody"]


def extractors() -> dict[str, Extractor]:
    """The two systems compared, by display name."""
    return {"quotegraph extract_body": extract_body, "trafilatura.extract": trafilatura.extract}


def evaluate(shared: Path) -> dict[str, tuple[float, float, int]]:
    """Mean token F1, total seconds and page count per extractor."""
    scores: dict[str, list[float]] = {name: [] for name in extractors()}
    seconds = dict.fromkeys(scores, 0.0)
    for _, html, truth in pages(shared):
        for name, extract in extractors().items():
            start = time.perf_counter()
            predicted = extract(html)
            seconds[name] += time.perf_counter() - start
            scores[name].append(token_f1(predicted, truth))
    return {name: (sum(s) / len(s), seconds[name], len(s)) for name, s in scores.items()}


def table(results: dict[str, tuple[float, float, int]]) -> str:
    """A small text table of the results."""
    lines = [f"{'extractor':<26}{'pages':>6}{'mean F1':>10}{'seconds':>10}"]
    for name, (f1, secs, n_pages) in results.items():
        lines.append(f"{name:<26}{n_pages:>6}{f1:>10.4f}{secs:>10.1f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else DEFAULT_SHARED
    if not (shared / DATASET).is_dir():
        print(f"data set not found: {shared / DATASET}", file=sys.stderr)
        return 2
    results = evaluate(shared)
    ours, theirs = (results[name][0] for name in extractors())
    print(f"quotegraph F1 {ours:.4f}")
    print(f"trafilatura F1 {theirs:.4f}")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
