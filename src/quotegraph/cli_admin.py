"""The work behind the store administration commands ``check``, ``backup``, ``restore``,
``delete`` and ``rerun``.

``cli.py`` declares the commands; the functions here open the store, act, print and return the
exit code: ``check`` 0 clean, 1 problems found (listed), 2 the store cannot be checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .cli import err
from .errors import UsageError
from .options import Options
from .store import open_store
from .store.check import CheckReport


def check(db: str | None, fmt: str) -> int:
    """``quotegraph check``: the integrity report of the store."""
    if fmt not in ("table", "json"):
        raise UsageError(f"--format wants table or json, got {fmt!r}")
    with open_store(db, create=False) as store:
        report = store.check()
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_report(report)
    return 0 if report.ok else 1


def _print_report(report: CheckReport) -> None:
    out = sys.stdout
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    out.write(f"store {report.url}: schema version {report.schema_version} "
              f"(this quotegraph: {report.code_version}); {counts}\n")  # fmt: skip
    out.write(f"checked: {', '.join(report.checks)}\n")
    for note in report.notes:
        out.write(f"note: {note}\n")
    for problem in report.problems:
        out.write(f"PROBLEM [{problem.check}] {problem.message}\n")
    out.write("ok: no problems found\n" if report.ok else f"{len(report.problems)} problems\n")


def backup(db: str | None, path: Path) -> int:
    """``quotegraph backup PATH``: a consistent copy of the store, made while it is in use."""
    with open_store(db, create=False) as store:
        store.backup(path)
        url = store.url
    err.print(f"quotegraph: backed up {url} to {path}", highlight=False)
    return 0


def restore(db: str | None, path: Path, force: bool) -> int:
    """``quotegraph restore PATH``: replace the store's content with a backup."""
    from .store.backup import restore as restore_store

    with restore_store(db, path, force) as store:
        articles = store.counts()["articles"]
        url = store.url
    err.print(f"quotegraph: restored {path} into {url} ({articles} articles)", highlight=False)
    return 0


def delete(db: str | None, article_ids: list[str]) -> int:
    """``quotegraph delete ID...``: delete articles and what was derived from them."""
    from .store.ingest import IngestRun, recorded

    missing = 0
    with open_store(db, create=False) as store:
        run = IngestRun(store, "delete", article_ids)
        with recorded(run):
            for article_id in article_ids:
                if store.delete_article(article_id):
                    err.print(f"quotegraph: deleted {article_id}", highlight=False)
                else:
                    missing += 1
                    err.print(f"quotegraph: no article {article_id} is stored", highlight=False)
    return 1 if missing else 0


def rerun(db: str | None, article_ids: list[str], every: bool, options: Options) -> int:
    """``quotegraph rerun ID... | --all``: extract stored articles again and replace their
    derived rows; 1 when some failed (their rows stay)."""
    from .nlp.pipeline import Pipeline
    from .store.ingest import IngestRun, recorded, reextract

    if every == bool(article_ids):
        raise UsageError("give article ids or --all (not both)")
    failed = done = 0
    with open_store(db, create=False) as store:
        ids = store.article_ids() if every else iter(article_ids)
        run = IngestRun(store, "rerun", ["--all"] if every else article_ids)
        with recorded(run):
            for result in reextract(run, ids, Pipeline(options).extract_all):
                done += 1
                if result.reject is not None:
                    failed += 1
                    err.print(f"quotegraph: {result.article_id} kept its rows: "
                              f"{result.reject.message}", highlight=False)  # fmt: skip
    err.print(f"quotegraph: extracted {done - failed} articles again, {failed} failed",
              highlight=False)  # fmt: skip
    return 1 if failed else 0
