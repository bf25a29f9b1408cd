"""Ingest: read, extract and write into a store, through one writer.

:class:`IngestRun` is the single writer of a run. Articles whose id is already stored are
counted as duplicates *before* extraction (re-ingesting costs reading only); the rest go
through the pipeline and are written one transaction each; rejects are kept in the store.
:func:`plan_retry` turns the store's open rejects back into inputs for ``--retry-rejects``.
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from ..article.model import Article, Reject
from ..ingest.batch import Summary, read_all
from ..nlp.model import Document
from ..options import Options
from .base import Outcome, RejectRecord, RunCounts, Store, input_of

Extract = Callable[[Iterable[Article | Reject]], Iterable[Document | Reject]]
RETRY_COMMAND = "ingest --retry-rejects"


class Extractor(Protocol):
    """What ingest needs of a pipeline: :meth:`quotegraph.nlp.pipeline.Pipeline.extract_all`."""

    def extract_all(
        self, results: Iterable[Article | Reject], batch_size: int = ...
    ) -> Iterator[Document | Reject]: ...


@dataclass(frozen=True, slots=True)
class Stored:
    """One article written (or found already stored) by a run."""

    article_id: str
    source: str
    outcome: Outcome


@dataclass
class IngestSummary(Summary):
    """Batch counts with duplicates: ``exit_code`` 0 when nothing failed and something was read
    (stored or duplicate), 1 when some failed, 2 when nothing was read."""

    duplicates: int = 0
    replaced: int = 0
    note: str = ""

    def add(self, result: object) -> None:
        if isinstance(result, Stored) and result.outcome is Outcome.DUPLICATE:
            self.duplicates += 1
            return
        super().add(result)
        if isinstance(result, Stored) and result.outcome is Outcome.REPLACED:
            self.replaced += 1

    @property
    def exit_code(self) -> int:
        read = self.ok + self.duplicates
        if self.failed == 0 and read > 0:
            return 0
        return 1 if read > 0 else 2

    def line(self) -> str:
        replaced = f" ({self.replaced} replaced)" if self.replaced else ""
        text = f"{self.ok} ok{replaced}, {self.failed} failed, {self.duplicates} duplicates"
        return f"{text}{self.note}"


@dataclass
class IngestRun:
    """One recorded run; :meth:`stream` writes and yields what happened to each input."""

    store: Store
    command: str
    inputs: Sequence[str]
    run_id: int = 0
    tally: Counter[str] = field(default_factory=Counter)
    _skipped: deque[Stored] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.run_id = self.store.start_run(self.command, self.inputs)

    def stream(
        self, results: Iterable[Article | Reject], extract: Extract
    ) -> Iterator[Stored | Reject]:
        for item in extract(self._unseen(results)):
            yield from self._drain()
            yield self._write(item)
        yield from self._drain()

    def finish(self, status: str = "finished") -> RunCounts:
        counts = RunCounts(
            ok=self.tally[Outcome.NEW] + self.tally[Outcome.REPLACED],
            replaced=self.tally[Outcome.REPLACED],
            duplicates=self.tally[Outcome.DUPLICATE],
            rejected=self.tally["rejected"],
        )
        self.store.finish_run(self.run_id, counts, status)
        return counts

    def _unseen(self, results: Iterable[Article | Reject]) -> Iterator[Article | Reject]:
        for item in results:
            if isinstance(item, Article) and self.store.has_article(item.id):
                outcome = self.store.record_duplicate(item, self.run_id)
                self.tally[outcome] += 1
                self._skipped.append(Stored(item.id, item.source, outcome))
            else:
                yield item

    def _drain(self) -> Iterator[Stored]:
        while self._skipped:
            yield self._skipped.popleft()

    def _write(self, item: Document | Reject) -> Stored | Reject:
        if isinstance(item, Reject):
            self.store.add_reject(item, self.run_id)
            self.tally["rejected"] += 1
            return item
        outcome = self.store.write_document(item, self.run_id)
        self.tally[outcome] += 1
        return Stored(item.article.id, item.source, outcome)


@dataclass(frozen=True, slots=True)
class RetryPlan:
    """Inputs to read again for open rejects, and which of their results to keep."""

    inputs: tuple[str, ...]
    wanted: frozenset[str]
    reject_ids: tuple[int, ...]
    unreadable: tuple[RejectRecord, ...]  # from stdin: nothing to read again


def plan_retry(rejects: Iterable[RejectRecord]) -> RetryPlan:
    retry = [r for r in rejects if r.open and not r.source.startswith("<")]
    unreadable = tuple(r for r in rejects if r.open and r.source.startswith("<"))
    inputs = tuple(dict.fromkeys(input_of(r.source) for r in retry))
    return RetryPlan(inputs, frozenset(r.source for r in retry), tuple(r.id for r in retry),
                     unreadable)  # fmt: skip


def retry_results(plan: RetryPlan, options: Options) -> Iterator[Article | Reject]:
    """Read the plan's inputs again, keeping only the results that were rejected before
    (every result of an input that was rejected as a whole)."""
    for spec in plan.inputs:
        whole = spec in plan.wanted
        for result in read_all([spec], options):
            if whole or result.source in plan.wanted:
                yield result


def absolute_inputs(paths: Iterable[str]) -> list[str]:
    """Paths made absolute (``-`` stays), so stored sources and retries work from anywhere."""
    return [p if p == "-" else os.path.abspath(os.path.expanduser(p)) for p in paths]


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    options: Options,
    pipeline: Extractor,
    sink: Callable[[Stored | Reject], None] | None = None,
) -> int:
    """Ingest ``paths`` as one run (no progress, no printing); the run id."""
    inputs = absolute_inputs(paths)
    with recorded(IngestRun(store, "ingest", inputs)) as run:
        for item in run.stream(read_all(inputs, options), pipeline.extract_all):
            if sink is not None:
                sink(item)
    return run.run_id


@contextmanager
def recorded(run: IngestRun) -> Iterator[IngestRun]:
    """Finish ``run`` whatever happens: finished, interrupted (Ctrl-C) or failed."""
    status = "failed"
    try:
        yield run
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        run.finish(status)
