"""Memory of a long ingest (issue 7): RSS sampled over time while ``quotegraph ingest`` runs.

The input replicates real articles of ``../shared/datasets/news-articles.jsonl.gz`` (headline and
about the first ``--words`` words) with a varying last sentence, so that no two are
duplicates, written as JSONL shards of ``--shard`` records. ``quotegraph ingest --workers N``
runs on them as a subprocess into a fresh SQLite store; every ``--every`` seconds the RSS of
the writer (the ingest process) and of each worker is sampled (psutil).

Prints the maximum RSS of the writer and of the largest worker, and the slope of each over the
second half of the run (MB per 10,000 articles; ~0 when memory is bounded). The samples go to
``--json``.

The ingest runs with ``--no-embed`` unless ``--embed`` is given: the semantic extra's writer-side
embedding is a fixed-size model whose cost is measured by the store benches.

Usage: ``python bench/memory_ingest.py [--articles 100000] [--workers 2] [--embed] [--json FILE]``
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

from quotegraph.article.build import split_paragraphs

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "datasets" / "news-articles.jsonl.gz"
MB = 1024 * 1024


def _lead(paragraphs: list[str], words: int) -> list[str]:
    """The first sentences of the text, about ``words`` words."""
    out, count = [], 0
    for sentence in (s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p)):
        out.append(sentence)
        count += len(sentence.split())
        if count >= words:
            break
    return [" ".join(out)] if out else []


def originals(words: int) -> list[dict[str, str]]:
    out = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            paras = _lead(split_paragraphs(row["text"]), words)
            if paras:
                out.append({"title": row["title"], "text": "\n\n".join(paras),
                            "article_source_link": row["article_source_link"]})  # fmt: skip
    return out


def copies(base: list[dict[str, str]], n: int) -> Iterator[dict[str, str]]:
    for i in range(n):
        row = dict(base[i % len(base)])
        row["text"] += f"\n\nThis is copy number {i} of the story, filed for the memory test."
        row["article_source_link"] += f"#copy-{i}"
        yield row


def write_shards(folder: Path, n: int, shard: int, lead_words: int) -> int:
    words = 0
    rows = copies(originals(lead_words), n)
    for start in range(0, n, shard):
        with (folder / f"shard-{start // shard:05d}.jsonl").open("w", encoding="utf-8") as out:
            for _, row in zip(range(shard), rows, strict=False):
                words += len(row["text"].split()) + len(row["title"].split())
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return words


def sample(proc: psutil.Process, db: Path) -> dict[str, Any]:
    children = proc.children(recursive=True)
    workers = [c.memory_info().rss for c in children if c.is_running()]
    writer = proc.memory_info().rss / MB
    return {"t": time.monotonic(), "articles": stored(db), "writer_mb": writer,
            "worker_mb": [w / MB for w in workers]}  # fmt: skip


def stored(db: Path) -> int:
    """Articles stored so far (a reader beside the writer: WAL)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    if len(points) < 2:
        return 0.0
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--shard", type=int, default=1000)
    parser.add_argument("--words", type=int, default=60, help="words of each original kept")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=float, default=2.0)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=float("inf"),
        help="stop the ingest (Ctrl-C) after this long; the curve so far counts",
    )
    parser.add_argument(
        "--embed", action="store_true",
        help="also embed statements in the writer (the semantic extra; off: extraction and store)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        words = write_shards(folder / "in", args.articles, args.shard, args.words)
        cmd = [sys.executable, "-m", "quotegraph.cli", "ingest", str(folder / "in"),
               "--db", str(folder / "store.db"), "--workers", str(args.workers),
               "--embed" if args.embed else "--no-embed"]  # fmt: skip
        start = time.monotonic()
        # SIGINT may be ignored when this runs in the background (&): let --max-seconds stop it
        sigint = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
        child = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, preexec_fn=sigint)
        proc, samples = psutil.Process(child.pid), []
        while child.poll() is None:
            with contextlib.suppress(psutil.Error):
                samples.append(sample(proc, folder / "store.db"))
            if time.monotonic() - start > args.max_seconds:
                child.send_signal(signal.SIGINT)
                child.wait()
            time.sleep(args.every)
        seconds = time.monotonic() - start
        lines = (child.stderr.read() if child.stderr else "").splitlines()
        summary_line = [line for line in lines if line.startswith("quotegraph:")]
        db_bytes = (folder / "store.db").stat().st_size
    done = max(s["articles"] for s in samples)
    half = [s for s in samples if s["articles"] >= done / 2]

    def per_10k(key: str) -> float:
        """RSS growth over the second half, MB per 10,000 articles stored."""
        pick = (lambda s: s[key]) if key == "writer_mb" else (lambda s: max(s[key] or [0.0]))
        return round(slope([(s["articles"], pick(s)) for s in half]) * 10_000, 2)

    result = {
        "articles": done, "generated": args.articles, "words_generated": words,
        "workers": args.workers, "embed": args.embed, "seconds": round(seconds, 1),
        "articles_per_s": round(done / seconds, 1), "db_bytes": db_bytes,
        "summary": summary_line, "cpus": os.cpu_count(),
        "load_average_after": list(os.getloadavg()),
        "writer_max_mb": round(max(s["writer_mb"] for s in samples), 1),
        "worker_max_mb": round(max(max(s["worker_mb"] or [0.0]) for s in samples), 1),
        "writer_slope_mb_per_10k": per_10k("writer_mb"),
        "worker_slope_mb_per_10k": per_10k("worker_mb"),
        "samples": [{"t": round(s["t"] - start, 1), "articles": s["articles"],
                     "writer_mb": round(s["writer_mb"], 1),
                     "worker_mb": [round(w, 1) for w in s["worker_mb"]]} for s in samples],
    }  # fmt: skip
    for key, value in result.items():
        if key != "samples":
            print(f"{key:28}{value}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
