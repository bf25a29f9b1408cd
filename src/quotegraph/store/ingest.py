"""Ingest: read, extract and write into a store, through one writer.

:class:`IngestRun` is the single writer of a run. Articles whose id is already stored are
counted as duplicates *before* extraction (re-ingesting costs reading only); the rest go
through the pipeline and are written one transaction each; rejects are kept in the store.
When the run finishes, the new articles' entities are resolved (incrementally: see
:func:`quotegraph.store.knowledge.resolve`) and, when the run embeds
statements (the semantic extra), the new statements are grouped into claims; such a run also
weighs sentence embeddings in each article's headline links (:meth:`IngestRun.linked`).
Documents already extracted (the lines of ``quotegraph export --format jsonl``, see
:func:`read_for_store`) skip the pipeline and are stored as they are.
:func:`plan_retry` turns the store's open rejects back into inputs for ``--retry-rejects``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..article.model import Article, Reject
from ..errors import DocumentWriteError, MalformedRecordError, TooLargeError, UsageError
from ..ingest.base import RawInput, record_source, reject
from ..ingest.batch import Summary, read_input
from ..ingest.decode import decode_bytes
from ..ingest.sources import iter_inputs
from ..nlp.model import Document
from ..options import Options
from .base import Outcome, RejectRecord, RunCounts, Store, input_of
from .sql import SQLStore

if TYPE_CHECKING:
    from ..claims.model import BuildReport
    from ..search.semantic import Embedder

Extract = Callable[[Iterable[Article | Reject]], Iterable[Document | Reject]]
Item = Article | Document | Reject  # what ingest reads: articles, extracted documents, rejects
RETRY_COMMAND = "ingest --retry-rejects"
EXPORT_KEYS = frozenset({"id", "text", "statements"})  # an exported document's JSONL object
REEXTRACT_BATCH = 32  # stored articles extracted again per pipeline batch


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
    duplicate_of: str | None = None  # a near-duplicate: the stored article it repeats


@dataclass
class IngestSummary(Summary):
    """Batch counts with duplicates: ``exit_code`` 0 when nothing failed and something was read
    (stored or duplicate), 1 when some failed, 2 when nothing was read."""

    duplicates: int = 0
    replaced: int = 0
    near_duplicates: int = 0
    note: str = ""

    def add(self, result: object) -> None:
        if isinstance(result, Stored) and result.outcome is Outcome.DUPLICATE:
            self.duplicates += 1
            return
        super().add(result)
        if isinstance(result, Stored) and result.outcome is Outcome.REPLACED:
            self.replaced += 1
        if isinstance(result, Stored) and result.duplicate_of is not None:
            self.near_duplicates += 1

    @property
    def exit_code(self) -> int:
        read = self.ok + self.duplicates
        if self.failed == 0 and read > 0:
            return 0
        return 1 if read > 0 else 2

    def line(self) -> str:
        replaced = f" ({self.replaced} replaced)" if self.replaced else ""
        text = f"{self.ok} ok{replaced}, {self.failed} failed, {self.duplicates} duplicates, "
        text += f"{self.near_duplicates} near-duplicates"
        return f"{text}{self.note}"


@dataclass
class IngestRun:
    """One recorded run; :meth:`stream` writes and yields what happened to each input."""

    store: Store
    command: str
    inputs: Sequence[str]
    embedder: Embedder | None = None  # also embed each stored article's statements
    run_id: int = 0
    claims: BuildReport | None = None  # the claims update when the run finished
    tally: Counter[str] = field(default_factory=Counter)
    _skipped: deque[Stored] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.run_id = self.store.start_run(self.command, self.inputs)

    def stream(self, results: Iterable[Item], extract: Extract) -> Iterator[Stored | Reject]:
        for item in passing_documents(extract)(self._unseen(results)):
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
        if counts.ok and isinstance(self.store, SQLStore):
            self.store.resolve_entities(incremental=True)  # the new articles' entities
            if status == "finished" and self.embedder is not None:
                self.claims = self._update_claims(self.store, self.embedder)
        self.store.finish_run(self.run_id, counts, status)
        return counts

    @staticmethod
    def _update_claims(store: SQLStore, embedder: Embedder) -> BuildReport:
        """The new statements join their claims (or start new ones): claims grow as articles
        arrive, with the embedder the run already holds (an interrupted or failed run leaves
        them to the next run or ``quotegraph claims``)."""
        from ..claims.build import update_claims

        return update_claims(store, embedder)

    def linked(self, doc: Document) -> Document:
        """``doc`` with headline links that also weigh sentence embeddings, when the run
        embeds (:func:`quotegraph.claims.headlines.relink`)."""
        if self.embedder is None or not doc.headline_links:
            return doc
        from ..claims.headlines import relink

        return relink(doc, self.embedder.similarity)

    def _unseen(self, results: Iterable[Item]) -> Iterator[Item]:
        for item in results:
            article = item.article if isinstance(item, Document) else item
            if isinstance(article, Article) and self.store.has_article(article.id):
                outcome = self.store.record_duplicate(article, self.run_id)
                self.tally[outcome] += 1
                self._skipped.append(Stored(article.id, article.source, outcome))
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
        item = self.linked(item)
        try:
            outcome = self.store.write_document(item, self.run_id)
        except DocumentWriteError as exc:  # one document lost, never the run
            return self._write(reject(item.source, exc))
        self.tally[outcome] += 1
        if self.embedder is not None and item.statements:
            self.store.embed_article(item.article.id, self.embedder)
        near = None if outcome is Outcome.DUPLICATE else self.store.duplicate_of(item.article.id)
        return Stored(item.article.id, item.source, outcome, near)


@dataclass(frozen=True, slots=True)
class Reextracted:
    """One stored article extracted again by :func:`reextract`; ``reject`` says why it failed
    (its rows stay as they were)."""

    article_id: str
    source: str
    statements_before: int
    statements: int | None = None  # after; None when extraction failed
    reject: Reject | None = None


def reextract(
    run: IngestRun, article_ids: Iterable[str], extract: Extract
) -> Iterator[Reextracted]:
    """Extract stored articles again with ``extract`` (a newer model or rules), a batch at a
    time, and replace their statements and knowledge rows, one transaction each, within
    ``run``. An article that fails to extract keeps its rows (the failure is reported, not
    stored as a reject: its input was read fine); an id that is not stored stops with
    :class:`UsageError`."""
    ids = iter(article_ids)
    while chunk := list(itertools.islice(ids, REEXTRACT_BATCH)):
        before = [_stored(run.store, article_id) for article_id in chunk]
        for doc, after in zip(before, extract(d.article for d in before), strict=True):
            yield _replace(run, doc, after)


def _stored(store: Store, article_id: str) -> Document:
    doc = store.document(article_id)
    if doc is None:
        raise UsageError(f"no article {article_id!r} is stored", hint="see quotegraph search")
    return doc


def _replace(run: IngestRun, before: Document, after: Document | Reject) -> Reextracted:
    done = Reextracted(before.article.id, before.source, len(before.statements))
    if isinstance(after, Reject):
        run.tally["rejected"] += 1
        return dataclasses.replace(done, reject=after)
    after = run.linked(after)
    run.store.replace_derived(after)
    run.tally[Outcome.REPLACED] += 1
    if run.embedder is not None and after.statements:
        run.store.embed_article(after.article.id, run.embedder)
    return dataclasses.replace(done, statements=len(after.statements))


def passing_documents(extract: Extract) -> Callable[[Iterable[Item]], Iterator[Document | Reject]]:
    """``extract`` for a stream that may also hold extracted documents: those pass through
    as they are; each run of articles and rejects between them goes to ``extract``."""

    def run(items: Iterable[Item]) -> Iterator[Document | Reject]:
        for is_doc, group in itertools.groupby(items, key=lambda i: isinstance(i, Document)):
            if is_doc:
                yield from (i for i in group if isinstance(i, Document))
            else:
                yield from extract(i for i in group if not isinstance(i, Document))

    return run


def read_for_store(paths: Iterable[str], options: Options) -> Iterator[Item]:
    """:func:`quotegraph.ingest.batch.read_all`, except that an input holding exported
    documents (JSONL objects with ``id``, ``text`` and ``statements``, as ``quotegraph export``
    writes them) gives those documents back as they were stored, not re-extracted."""
    for item in iter_inputs(paths, options):
        yield from read_raw(item, options)


def read_raw(item: RawInput | Reject, options: Options) -> Iterator[Item]:
    """One input's articles (or exported documents) and rejects."""
    if isinstance(item, Reject):
        yield item
    elif _is_export(item):
        yield from read_exported(item, options)
    else:
        yield from read_input(item, options)


def _is_export(raw: RawInput) -> bool:
    if raw.format not in ("auto", "jsonl", "json"):
        return False
    head = raw.data[: 1 << 16].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    line = decode_bytes(raw.data).lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        first = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, or nested too deeply: the reader says
        return False
    return isinstance(first, dict) and first.keys() >= EXPORT_KEYS


def read_exported(raw: RawInput, options: Options) -> Iterator[Document | Reject]:
    """The documents of an export file, one a line; a bad line becomes a reject."""
    for line_no, line in enumerate(decode_bytes(raw.data).splitlines(), start=1):
        if not line.strip():
            continue
        source = record_source(raw.source, line_no)
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not data.keys() >= EXPORT_KEYS:
                raise MalformedRecordError("the line is not an exported document")
            if len(data["text"]) > options.max_bytes:
                raise TooLargeError(f"the text has {len(data['text'])} characters, "
                                    f"over {options.max_bytes}")  # fmt: skip
            yield Document.from_dict(data)
        except Exception as err:  # one bad line must not stop the file
            yield reject(source, err)


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


def retry_results(plan: RetryPlan, options: Options) -> Iterator[Item]:
    """Read the plan's inputs again, keeping only the results that were rejected before
    (every result of an input that was rejected as a whole)."""
    for spec in plan.inputs:
        whole = spec in plan.wanted
        for result in read_for_store([spec], options):
            if whole or result.source in plan.wanted:
                yield result


def absolute_inputs(paths: Iterable[str]) -> list[str]:
    """Paths made absolute (``-`` stays), so stored sources and retries work from anywhere."""
    return [p if p == "-" else os.path.abspath(os.path.expanduser(p)) for p in paths]


def ingest_embedder(options: Options) -> Embedder | None:
    """The embedder an ingest uses: ``options.embed`` True needs the semantic extra, None
    (the default) embeds when it is installed, False never embeds."""
    from ..search import semantic

    if options.embed is False or (options.embed is None and not semantic.semantic_available()):
        return None
    return semantic.shared_embedder()


def ingest_paths(
    store: Store,
    paths: Sequence[str],
    options: Options,
    pipeline: Extractor,
    sink: Callable[[Stored | Reject], None] | None = None,
) -> int:
    """Ingest ``paths`` as one run (no progress, no printing); the run id."""
    inputs = absolute_inputs(paths)
    with recorded(IngestRun(store, "ingest", inputs, ingest_embedder(options))) as run:
        for item in run.stream(read_for_store(inputs, options), pipeline.extract_all):
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
