"""Kill ``quotegraph ingest`` with SIGKILL at random points, restart it, and verify the store.

Used by tests/test_reliability_crash.py (20 kills per backend) and bench/crash_kill.py (100).
A kill lands either at a random moment after the process starts (during start-up, store
opening and migration) or just after the store has grown to a random number of articles,
plus a random delay (during extraction, between or inside article transactions). The store is
watched through a plain database connection, never through quotegraph.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotegraph import read
from quotegraph.article.model import Article
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options
from quotegraph.store import open_store
from quotegraph.store.base import source_key

TODAY = "2026-11-22"
OPTIONS = Options(reference_date=dt.date.fromisoformat(TODAY))
POLL_S = 0.05
RUN_TIMEOUT_S = 1800.0


@dataclass
class CrashLog:
    """What happened: kills made, articles stored when each landed, the final exit code."""

    kills: int = 0
    stored_at_kill: list[int] = field(default_factory=list)
    last_before_kill: set[str] = field(default_factory=set)
    final_code: int | None = None
    seconds: float = 0.0


def article_count(url: str) -> tuple[int, list[str]]:
    """Articles stored and the ids of the two written last (nothing while there is no
    schema yet); read with a plain connection."""
    sql = "SELECT id FROM articles ORDER BY ingested_at DESC, id LIMIT 2"
    count = "SELECT count(*) FROM articles"
    try:
        if url.startswith("sqlite"):
            db = sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)
            try:
                return db.execute(count).fetchone()[0], [r[0] for r in db.execute(sql)]
            finally:
                db.close()
        import psycopg

        with psycopg.connect(url, autocommit=True) as pg:
            row = pg.execute(count).fetchone()
            return (row[0] if row else 0), [r[0] for r in pg.execute(sql)]
    except (sqlite3.Error, ImportError, OSError) as exc:
        if isinstance(exc, ImportError):
            raise
        return 0, []
    except Exception as exc:  # psycopg: the table does not exist yet
        if type(exc).__module__.startswith("psycopg"):
            return 0, []
        raise


def ingest_command(url: str, inputs: Sequence[Path]) -> list[str]:
    # --no-embed: embeddings are written after their article's transaction (a kill between
    # the two leaves them for `quotegraph embed` to backfill); this test is about the articles
    paths = [str(p.resolve()) for p in inputs]  # as expected_sources reads them (symlinks too)
    return [sys.executable, "-m", "quotegraph.cli", "ingest", *paths,
            "--db", url, "--today", TODAY, "--no-embed"]  # fmt: skip


def kill_and_restart(
    url: str, inputs: Sequence[Path], kills: int, seed: int, expected: int,
    say: Callable[[str], None] = lambda _: None,
) -> CrashLog:  # fmt: skip
    """Start the ingest, SIGKILL it ``kills`` times at random points (restarting each time),
    then let it finish. ``expected`` is the number of articles it stores in all."""
    rng = random.Random(seed)
    log = CrashLog()
    started = time.monotonic()
    # kill points: a few in start-up, the rest at growing article counts across the run
    startup = max(1, kills // 10)
    targets = sorted(rng.randrange(1, max(2, expected - 1)) for _ in range(kills - startup))
    plan: list[int | None] = [None] * startup + list(targets)
    for target in plan:
        proc = subprocess.Popen(  # its own process group: the kill takes its workers too
            ingest_command(url, inputs),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if not _wait_for(proc, url, target, rng):
            log.final_code = proc.returncode  # finished before the kill point
            break
        with contextlib.suppress(ProcessLookupError):  # the group may have just ended
            os.killpg(proc.pid, signal.SIGKILL)  # as a crash would: the ingest and its workers
        proc.wait()
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.returncode == -signal.SIGKILL, f"the ingest ended on its own: {stderr}"
        count, last = article_count(url)
        log.kills += 1
        log.stored_at_kill.append(count)
        log.last_before_kill.update(last)
        say(f"kill {log.kills}: {count} articles stored")
    else:
        done = subprocess.run(ingest_command(url, inputs), capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        log.final_code = done.returncode
    log.seconds = time.monotonic() - started
    return log


def _wait_for(proc: subprocess.Popen[bytes], url: str, target: int | None,
              rng: random.Random) -> bool:  # fmt: skip
    """Wait until the kill point (False: the process ended first)."""
    if target is None:
        deadline = time.monotonic() + rng.uniform(0.1, 4.0)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            time.sleep(POLL_S / 5)
        return True
    while article_count(url)[0] < target:
        if proc.poll() is not None:
            return False
        time.sleep(POLL_S)
    time.sleep(rng.uniform(0.0, 0.4))  # somewhere in the next extraction or write
    return proc.poll() is None


def expected_sources(inputs: Sequence[Path]) -> tuple[dict[str, str], dict[str, Article]]:
    """What a clean ingest stores: source key -> article id, and the first article read per
    id (the one whose source the store keeps)."""
    keys: dict[str, str] = {}
    first: dict[str, Article] = {}
    for item in read([str(p.resolve()) for p in inputs], OPTIONS):
        assert isinstance(item, Article), f"unexpected reject {item}"
        key = source_key(item)
        if key is not None:
            keys[key] = item.id
        first.setdefault(item.id, item)
    return keys, first


def verify(url: str, inputs: Sequence[Path], log: CrashLog, sample: int, seed: int) -> None:
    """Every article stored exactly once with all its rows; the store checks clean."""
    keys, first = expected_sources(inputs)
    with open_store(url, create=False) as store:
        report = store.check()
        assert report.ok, [p.to_dict() for p in report.problems]
        assert report.notes == (), report.notes
        stored = dict(_rows(store, "SELECT key, article_id FROM sources"))
        assert stored == keys, "the sources do not map each input record to its article once"
        ids = set(store.article_ids())
        assert ids == set(first), f"{len(ids ^ set(first))} articles missing or extra"
        paragraphs = dict(_rows(store, "SELECT article_id, count(*) FROM paragraphs "
                                       "GROUP BY article_id"))  # fmt: skip
        for article_id, article in first.items():
            assert paragraphs.get(article_id, 0) == len(article.paragraphs), article_id
        runs = store.runs(limit=10_000)
        assert runs[0].status == "finished", runs[0]
        assert {r.status for r in runs[1:]} <= {"interrupted"}, [r.status for r in runs]
        rng = random.Random(seed)
        chosen = sorted(log.last_before_kill | set(rng.sample(sorted(first), sample)))
        pipeline = Pipeline(OPTIONS)
        for article_id in chosen:
            assert store.document(article_id) == pipeline(first[article_id]), article_id


def _rows(store: Any, sql: str) -> list[tuple[Any, Any]]:
    return [tuple(r.values()) if isinstance(r, dict) else tuple(r)
            for r in store._execute(sql).fetchall()]  # fmt: skip
