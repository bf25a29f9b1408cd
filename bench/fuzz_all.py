"""Run every atheris fuzz target (``bench/fuzz_<target>.py``) and sum the executions.

Each target starts from a small seed corpus written here (one well-formed input of its
format, cut from the bundled example) and runs for ``--seconds`` or ``--runs``, whichever
ends first, under libFuzzer's per-input time and memory limits (fuzz_common.DEFAULTS). A
crash, hang or leak of memory stops that target with libFuzzer's report and fails the run.

    pip install -e '.[fuzz]'
    python bench/fuzz_all.py --seconds 300 --json bench/results/fuzz.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "src" / "quotegraph" / "data" / "examples" / "tass-military-doctrine.txt"
TARGETS = ("text", "html", "feed", "json", "jsonl", "csv", "sgml", "warc", "parquet", "extractor")
DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def seeds(text: str) -> dict[str, bytes]:
    """One well-formed input per target (the extractor reads text)."""
    head, _, body = text.partition("\n\n")
    body = body[:1500]
    record = json.dumps({"headline": head, "body": body, "published": "2021-11-05"})
    html = f"<html><head><title>{head}</title></head><body><article><h1>{head}</h1>" + "".join(
        f"<p>{p}</p>" for p in body.split("\n\n")) + "</article></body></html>"  # fmt: skip
    item = f"<item><title>{head}</title><description>{body}</description></item>"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'
    payload = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}".encode()
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload + b"\r\n\r\n")  # fmt: skip
    sgml = (f'<REUTERS NEWID="1"><DATE>26-FEB-1987</DATE><TEXT><TITLE>{head}</TITLE>'
            f"<BODY>{body}</BODY></TEXT></REUTERS>")  # fmt: skip
    csv_body = body.replace('"', '""')
    return {"parquet": _parquet(head, body),
        "text": text.encode(), "extractor": text[:2000].encode(), "html": html.encode(),
        "feed": feed.encode(), "json": f"[{record}]".encode(), "jsonl": f"{record}\n".encode(),
        "csv": f'headline,body\n"{head}","{csv_body}"\n'.encode(), "sgml": sgml.encode(),
        "warc": warc,
    }  # fmt: skip


def _parquet(head: str, body: str) -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(pa.table({"headline": [head], "body": [body], "published": ["2021-11-05"]}), out)
    return out.getvalue()


def fuzz(target: str, seed: bytes, seconds: int, runs: int) -> tuple[int, float, int, str]:
    """Runs made, seconds taken, libFuzzer's exit code and its last lines."""
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        (corpus / "seed").write_bytes(seed)
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(HERE / f"fuzz_{target}.py"), str(corpus),
             f"-max_total_time={seconds}", f"-runs={runs}", f"-artifact_prefix={HERE}/results/"],
            capture_output=True, text=True, cwd=folder, check=False,
        )  # fmt: skip
    found = DONE.search(done.stderr)
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    return (int(found[1]) if found else 0), time.monotonic() - started, done.returncode, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=120, help="per target")
    parser.add_argument("--runs", type=int, default=10**9, help="per target")
    parser.add_argument("--targets", nargs="*", default=list(TARGETS))
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    inputs = seeds(EXAMPLE.read_text(encoding="utf-8"))
    rows, failed = [], 0
    for target in args.targets:
        runs, seconds, code, tail = fuzz(target, inputs[target], args.seconds, args.runs)
        rows.append({"target": target, "executions": runs, "seconds": round(seconds),
                     "exit_code": code})  # fmt: skip
        print(f"{target:10s} {runs:>9,} executions in {seconds:5.0f} s  exit {code}", flush=True)
        if code != 0:
            failed += 1
            print(tail, flush=True)
    total = sum(r["executions"] for r in rows)
    print(f"total      {total:>9,} executions, {failed} targets failed")
    if args.json:
        found = {"targets": rows, "total": total, "seconds_per_target": args.seconds,
                 "load_average": list(os.getloadavg()), "cpus": os.cpu_count()}  # fmt: skip
        args.json.write_text(json.dumps(found, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
