"""Crash safety at length: SIGKILL ``quotegraph ingest`` 100 times at random points while it
stores Reuters-21578 articles, restarting it each time; then verify that every article is
stored exactly once with all its rows and that ``quotegraph check`` is clean.

The test (tests/test_reliability_crash.py) makes 20 kills per backend; this makes as many as
you ask, on a fresh SQLite store (default) or the PostgreSQL database you name:

    python bench/crash_kill.py --kills 100 --files 2
    python bench/crash_kill.py --kills 100 --db postgresql://user@/db?host=/tmp
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the harness the test uses

from crash_harness import expected_sources, kill_and_restart, verify  # noqa: E402

REUTERS = HERE.parent.parent / "shared" / "datasets" / "reuters21578"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--files", type=int, default=2, help="reut2-*.sgm.gz files (1,000 each)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", help="an empty store (default: a new SQLite file)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    inputs = sorted(REUTERS.glob("reut2-*.sgm.gz"))[: args.files]
    if not inputs:
        print(f"no Reuters-21578 files in {REUTERS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="crash-kill-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'quotegraph.db'}"
        articles = len(expected_sources(inputs)[1])
        started = time.monotonic()
        log = kill_and_restart(url, inputs, args.kills, args.seed, articles,
                               say=lambda line: print(line, flush=True))  # fmt: skip
        verify(url, inputs, log, sample=30, seed=args.seed)
    figures = {
        "backend": url.split(":", 1)[0], "articles": articles, "kills": log.kills,
        "final_exit_code": log.final_code, "seconds": round(time.monotonic() - started),
        "verified": True,
    }  # fmt: skip
    print(json.dumps(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if log.kills == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
