"""The work behind the store commands ``ingest``, ``search`` and ``rejects``.

``cli.py`` declares the commands and their options; the functions here open the store, run,
print and return the exit code (0 ok, 1 some inputs failed, 2 nothing done or bad usage).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .cli import err, run_batch
from .errors import QuotegraphError, UsageError
from .options import Options
from .store import Hit, RejectRecord, SearchQuery, SearchResult, Store, When, open_store
from .store.ingest import (
    RETRY_COMMAND,
    Extractor,
    IngestRun,
    IngestSummary,
    Item,
    RetryPlan,
    absolute_inputs,
    ingest_embedder,
    plan_retry,
    read_for_store,
    recorded,
    retry_results,
)

OUTPUTS = ("table", "json", "jsonl")
MAX_SHOWN = 400  # characters of a statement shown in the table output


def guarded(work: Callable[[], int]) -> int:
    """Run a store command; a quotegraph error prints one line and gives exit code 2."""
    try:
        return work()
    except QuotegraphError as exc:
        err.print(f"quotegraph: {exc}", highlight=False, soft_wrap=True, markup=False)
        return 2


def check_output(fmt: str) -> None:
    if fmt not in OUTPUTS:
        raise UsageError(f"--format wants one of {', '.join(OUTPUTS)}, got {fmt!r}")


# -- ingest ------------------------------------------------------------------------------


def ingest(
    db: str | None,
    paths: list[str],
    options: Options,
    retry: bool,
    rejects: Path | None,
    workers: int | None = None,
) -> int:
    """``quotegraph ingest``: extract (in ``workers`` processes) and store; with ``retry``
    also re-read open rejects."""
    if not paths and not retry:
        raise UsageError("give PATH... to ingest, or --retry-rejects")
    from .distributed.pool import WorkerPool, require_model
    from .distributed.total import BackgroundTotal

    require_model(options.model)
    with open_store(db) as store, WorkerPool(options, workers) as pool:
        plan = plan_retry(store.rejects()) if retry else None
        if plan is not None and not plan.inputs and not paths:
            _warn_unreadable(plan)
            err.print("quotegraph: no open rejects to retry", highlight=False)
            return 0
        inputs = absolute_inputs(paths)
        results: Iterator[Item] = read_for_store(tuple(inputs), options)
        total = None if retry else BackgroundTotal(inputs, options)
        if plan is not None:
            results = _with_retries(store, plan, results, options)
            inputs = [*inputs, *plan.inputs]
        command = RETRY_COMMAND if retry else "ingest"
        run = IngestRun(store, command, inputs, ingest_embedder(options))
        return _run(run, results, pool, rejects, plan, total)


def _with_retries(
    store: Store, plan: RetryPlan, results: Iterator[Item], options: Options
) -> Iterator[Item]:
    _warn_unreadable(plan)
    store.mark_retried(plan.reject_ids)
    return chain(results, retry_results(plan, options))


def _warn_unreadable(plan: RetryPlan) -> None:
    for rej in plan.unreadable:
        err.print(f"quotegraph: cannot re-read {rej.source}; ingest it again", highlight=False)


def _run(
    run: IngestRun,
    results: Iterator[Item],
    pipeline: Extractor,
    rejects: Path | None,
    plan: RetryPlan | None,
    total: Callable[[], int | None] | None = None,
) -> int:
    summary = IngestSummary()
    store = run.store
    with recorded(run):
        summary.note = f" (run {run.run_id})"
        stream = run.stream(results, pipeline.extract_all)
        run_batch(stream, _ignore, rejects, summary=summary, total=total)
    if run.claims is not None and run.claims.statements:
        found = run.claims
        err.print(
            f"quotegraph: {found.statements} statements assigned to claims ({found.joined} "
            f"joined claims, {found.new_claims} new), {found.claims} claims",
            highlight=False,
        )
    if plan is not None and plan.reject_ids:
        closed = store.resolve_retried(plan.reject_ids, run.run_id)
        err.print(
            f"quotegraph: retried {len(plan.reject_ids)} rejects, {closed} resolved",
            highlight=False,
        )
    return summary.exit_code


def _ignore(_: object) -> None:
    """Stored items need no printing; the summary line counts them."""


# -- search ------------------------------------------------------------------------------


def search(db: str | None, query: SearchQuery, fmt: str) -> int:
    """``quotegraph search``: print hits (and facets) as a table, JSON or JSONL."""
    check_output(fmt)
    with open_store(db, create=False) as store:
        result = store.search(query)
    if fmt == "json":
        _print_json(result.to_dict())
    elif fmt == "jsonl":
        for hit in result.hits:
            sys.stdout.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
    else:
        _search_table(result)
    return 0


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _search_table(result: SearchResult) -> None:
    """Hits as readable blocks: who, cue, kind, date and outlet; the statement; provenance."""
    console = Console(highlight=False)
    shown = f"{len(result.hits)} of {result.total}" if result.total else "no"
    console.print(Text(f"{shown} statements match {result.query!r}", style="bold"))
    for rank, hit in enumerate(result.hits, 1):
        console.print()
        console.print(_hit_block(rank, hit))
    if result.facets:
        console.print()
    for name, counts in result.facets.items():
        values = ", ".join(f"{c.value} ({c.count})" for c in counts)
        console.print(Text.assemble((f"{name}: ", "bold"), values))


def _hit_block(rank: int, hit: Hit) -> Group:
    who = hit.speaker or (hit.mention.text if hit.mention else "?")
    cue = hit.cue.text if hit.cue else "(continues)"
    content = hit.content.text
    if len(content) > MAX_SHOWN:
        content = content[: MAX_SHOWN - 1].rstrip() + "…"
    head = Text.assemble(
        (f"{rank:>2}. ", "bold"), (who, "bold cyan"), f" — {cue} ({hit.kind})  ",
        (f"{_when(hit.published)}  {hit.outlet or ''}", "dim"), f"  score {hit.score:.2f}",
    )  # fmt: skip
    where = Text(f"{hit.source} [{hit.content.start}:{hit.content.end}]", style="dim")
    return Group(head, Padding(Text(content), (0, 0, 0, 4)), Padding(where, (0, 0, 0, 4)))


def _when(when: When) -> str:
    if when.date:
        return when.date
    if when.month and when.day:
        return f"{when.month:02d}-{when.day:02d}, {when.year_min or '?'}..{when.year_max or '?'}"
    return "unknown"


# -- embed -------------------------------------------------------------------------------


def embed(db: str | None, batch: int) -> int:
    """``quotegraph embed``: backfill the embeddings of stored statements."""
    from .search.semantic import shared_embedder

    embedder = shared_embedder()  # refuses early when the extra is missing
    with open_store(db, create=False) as store:
        done = store.embed_missing(embedder, batch)
    err.print(f"quotegraph: embedded {done} statements", highlight=False)
    return 0


# -- stats -------------------------------------------------------------------------------


def stats(db: str | None, fmt: str) -> int:
    """``quotegraph stats``: the store's counts as a table or JSON."""
    check_output(fmt)
    with open_store(db, create=False) as store:
        found = store.stats()
    if fmt == "json":
        _print_json(found.to_dict())
        return 0
    if fmt == "jsonl":
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(Text(
        f"{found.articles} articles ({found.near_duplicates} near-duplicates of another, "
        f"{found.distinct_articles} distinct), {found.statements} statements "
        f"({found.distinct_statements} distinct), {found.speakers} speakers, {found.runs} runs, "
        f"{found.open_rejects} open rejects", style="bold"))  # fmt: skip
    for title, groups in (("month", found.months), ("outlet", found.outlets)):
        table = Table(title=f"per {title} (distinct articles)", title_justify="left")
        for name in (title, "articles", "statements"):
            table.add_column(name, justify="left" if name == title else "right")
        for g in groups:
            table.add_row(Text(g.value), str(g.articles), str(g.statements))
        console.print(table)
    return 0


# -- export ----------------------------------------------------------------------------


def export(db: str | None, fmt: str, output: str) -> int:
    """``quotegraph export``: every stored statement as JSONL (one article a line, lossless),
    CSV (one statement a row) or Parquet (the CSV table, typed) to ``output`` (``-``: stdout,
    not for Parquet)."""
    from .store.export import BINARY_FORMATS, check_format, write_parquet
    from .store.export import export as write

    check_format(fmt)
    if fmt in BINARY_FORMATS and output == "-":
        raise UsageError(f"--format {fmt} is written to a file", hint="give --output FILE")
    with open_store(db, create=False) as store:
        if fmt in BINARY_FORMATS:
            count = write_parquet(store, Path(output))
        elif output == "-":
            count = write(store, fmt, sys.stdout)
        else:
            with Path(output).open("w", encoding="utf-8", newline="") as out:
                count = write(store, fmt, out)
    what = "articles" if fmt == "jsonl" else "statements"
    err.print(f"quotegraph: exported {count} {what}", highlight=False)
    return 0


# -- rejects -----------------------------------------------------------------------------


def list_rejects(db: str | None, include_resolved: bool, fmt: str) -> int:
    """``quotegraph rejects``: the store's rejects (open ones unless ``include_resolved``)."""
    check_output(fmt)
    with open_store(db, create=False) as store:
        found = store.rejects(include_resolved)
    if fmt == "json":
        _print_json([_reject_dict(r) for r in found])
    elif fmt == "jsonl":
        for rej in found:
            sys.stdout.write(json.dumps(_reject_dict(rej), ensure_ascii=False) + "\n")
    else:
        _rejects_table(found)
    return 0


def _reject_dict(rej: RejectRecord) -> dict[str, Any]:
    return {**rej.to_dict(), "open": rej.open}


def _rejects_table(found: list[RejectRecord]) -> None:
    console = Console()
    console.print(Text(f"{len(found)} rejects", style="bold"))
    if not found:
        return
    table = Table()
    for name in ("id", "code", "source", "reason", "first seen", "retried", "status"):
        table.add_column(name, overflow="fold")
    for rej in found:
        status = "open" if rej.open else f"resolved (run {rej.resolved_run})"
        cells = [str(rej.id), rej.code, rej.source, rej.message, rej.first_seen[:19],
                 str(rej.retried), status]  # fmt: skip
        table.add_row(*map(Text, cells))
    console.print(table)
