"""The store interface every backend implements, and the typed records its queries return.

A store keeps articles (id = content hash), their paragraphs and statements, speakers, the
``source -> article`` mapping, ingest runs and rejects. :class:`Store` is the one interface;
:func:`quotegraph.store.open_store` picks the backend from a URL (SQLite or PostgreSQL).
Query results are frozen dataclasses with ``to_dict()`` (JSON-ready); result sets
(:class:`SearchResult`, :class:`SpeakerList`, :class:`SpeakerProfile`) also have ``rows()``
(flat dicts), ``to_pandas()`` and ``to_arrow()`` (``pip install 'quotegraph[dataframes]'``).

Writes come from one writer (:class:`quotegraph.store.ingest.IngestRun`); each article is
written in one transaction: its row, paragraphs, speakers, statements, source mapping and the
resolution of earlier rejects of the same source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ..article.model import Article, Reject
from ..errors import UsageError
from ..nlp.model import Document, SpeakerType, StatementKind

if TYPE_CHECKING:
    from ..options import Options
    from ..search.semantic import Embedder
    from .check import CheckReport

TABLES = (
    "runs", "articles", "sources", "paragraphs", "speakers", "statements", "rejects",
    "minhashes", "minhash_bands", "near_duplicates", "statement_embeddings",
    "headline_links", "claims", "claim_members",
)  # fmt: skip
SEARCH_MODES = ("bm25", "semantic", "hybrid")  # full text, embeddings, both fused
FACETS = ("speaker", "outlet", "kind", "month")
FACET_SIZE = 10  # values per facet, most frequent first
# A search counts its matches, and its facets count them, up to this many (see SearchResult)
COUNT_BOUND = 5_000
MAX_LIMIT = 1000
DATAFRAMES_HINT = "pip install 'quotegraph[dataframes]'"
_RECORD_SUFFIX = re.compile(r"#\d+$")


class Outcome(StrEnum):
    """What writing one article did."""

    NEW = "new"
    REPLACED = "replaced"  # new text for a source that held another article
    DUPLICATE = "duplicate"  # an article with this id was already stored


class _Record:
    """Mixin: ``to_dict()`` for dataclass records."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dataclasses.asdict(self)  # type: ignore[call-overload]
        return out


@dataclasses.dataclass(frozen=True, slots=True)
class Span(_Record):
    """``text == article_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class When(_Record):
    """An article's publication date as stored (``date`` only when the year is known)."""

    date: str | None
    month: int | None
    day: int | None
    year_min: int | None
    year_max: int | None
    basis: str
    confidence: float


@dataclasses.dataclass(frozen=True, slots=True)
class Hit(_Record):
    """One statement found by a search, with its provenance and surrounding text."""

    statement_id: int
    index: int
    article_id: str
    source: str
    url: str | None
    outlet: str | None
    headline: str | None
    published: When
    kind: str
    content: Span
    speaker: str | None
    speaker_type: str
    speaker_title: str | None
    mention: Span | None
    cue: Span | None
    cue_lemma: str | None
    section: str
    paragraph: int | None
    sentence: Span
    context: Span  # the paragraph (or headline / standfirst) holding the statement
    confidence: float
    score: float  # BM25, higher is better (0 outside a full-text search)
    speaker_id: int | None = None  # the speakers row, None for an unnamed speaker
    duplicate_of: str | None = None  # the article's original when it is a near-duplicate


HIT_COLUMNS = (
    "statement_id", "article_id", "index", "source", "url", "outlet", "headline",
    "published_date", "published_month", "published_day", "published_year_min",
    "published_year_max", "published_basis", "published_confidence",
    "kind", "content", "content_start", "content_end",
    "speaker", "speaker_id", "speaker_type", "speaker_title",
    "mention", "mention_start", "mention_end", "cue", "cue_start", "cue_end", "cue_lemma",
    "section", "paragraph", "sentence", "sentence_start", "sentence_end", "confidence", "score",
)  # fmt: skip
SPEAKER_COLUMNS = (
    "id", "name", "type", "statements", "articles", "first_published", "last_published",
)  # fmt: skip


def _span_cells(name: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {name: None, f"{name}_start": None, f"{name}_end": None}
    return {name: span.text, f"{name}_start": span.start, f"{name}_end": span.end}


def hit_row(hit: Hit) -> dict[str, Any]:
    """A hit as one flat row (:data:`HIT_COLUMNS`): what CSV export and data frames hold."""
    pub = {f"published_{k}": v for k, v in hit.published.to_dict().items()}
    row: dict[str, Any] = {
        "statement_id": hit.statement_id, "article_id": hit.article_id, "index": hit.index,
        "source": hit.source, "url": hit.url, "outlet": hit.outlet, "headline": hit.headline,
        **pub, "kind": hit.kind, **_span_cells("content", hit.content),
        "speaker": hit.speaker, "speaker_id": hit.speaker_id, "speaker_type": hit.speaker_type,
        "speaker_title": hit.speaker_title, **_span_cells("mention", hit.mention),
        **_span_cells("cue", hit.cue), "cue_lemma": hit.cue_lemma, "section": hit.section,
        "paragraph": hit.paragraph, **_span_cells("sentence", hit.sentence),
        "confidence": hit.confidence, "score": hit.score,
    }  # fmt: skip
    return {c: row[c] for c in HIT_COLUMNS}


def _optional(module: str, method: str) -> Any:
    """Import ``module`` for ``method``, or explain which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UsageError(
            f"{method}() needs {module}, which is not installed: {DATAFRAMES_HINT}",
            hint=DATAFRAMES_HINT,
        ) from exc


class _Frame:
    """Mixin for result sets: flat ``rows()`` as a pandas DataFrame or a pyarrow Table
    (imported when called: ``pip install 'quotegraph[dataframes]'``)."""

    __slots__ = ()
    COLUMNS: tuple[str, ...] = HIT_COLUMNS

    def rows(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, one row per record, columns :attr:`COLUMNS`."""
        pandas = _optional("pandas", "to_pandas")
        return pandas.DataFrame.from_records(self.rows(), columns=list(self.COLUMNS))

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``, one row per record, columns :attr:`COLUMNS`."""
        pyarrow = _optional("pyarrow", "to_arrow")
        found = self.rows()
        return pyarrow.table({c: [r[c] for r in found] for c in self.COLUMNS})


@dataclasses.dataclass(frozen=True, slots=True)
class FacetCount(_Record):
    value: str
    count: int


@dataclasses.dataclass(frozen=True, slots=True)
class SearchResult(_Frame, _Record):
    """Hits (best first), the number of matches and the facet counts;
    ``rows()`` / ``to_pandas()`` / ``to_arrow()`` give the hits as a table.

    A BM25 search reads at most :data:`COUNT_BOUND` + 1 matches, the newest (last stored)
    first, and counts them (near-duplicates left out): ``total_exact`` says whether ``total``
    is the exact number or a lower bound (more match). The facets count the same matches: all
    of them when ``total_exact``, else the newest :data:`COUNT_BOUND` (``facets_sample`` says
    how many were counted; None: every match); the hits are the best-ranked of those read."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: Mapping[str, tuple[FacetCount, ...]]
    total_exact: bool = True
    facets_sample: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "total_exact": self.total_exact,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [c.to_dict() for c in v] for k, v in self.facets.items()},
            "facets_sample": self.facets_sample,
        }

    def rows(self) -> list[dict[str, Any]]:
        return [hit_row(h) for h in self.hits]


@dataclasses.dataclass(frozen=True, slots=True)
class SearchQuery:
    """A full-text query over statement content with filters.

    ``text``: words (all must occur; stemmed), ``"exact phrases"``, ``word*`` prefixes,
    ``AND`` / ``OR`` / ``NOT`` (upper case) and parentheses. ``speaker`` matches a substring of
    the speaker's name (case-insensitive), ``entity`` the speaker's global entity (its id or
    a substring of its canonical name), ``outlet`` the outlet exactly (case-insensitive);
    ``since`` / ``until`` keep articles whose publication date is known and in range.
    ``mode``: ``bm25`` (full text), ``semantic`` (embedding similarity; the text is read as a
    sentence) or ``hybrid`` (both rankings fused); the last two need ``quotegraph[semantic]``.
    """

    text: str
    speaker: str | None = None
    outlet: str | None = None
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 20
    offset: int = 0
    facets: bool = True
    entity: str | None = None  # the speaker's global entity: an id or a name it contains
    mode: str = "bm25"

    def __post_init__(self) -> None:
        if self.mode not in SEARCH_MODES:
            raise UsageError(
                f"search mode wants one of {', '.join(SEARCH_MODES)}, got {self.mode!r}"
            )
        kinds = {k.value for k in StatementKind}
        if self.kind is not None and self.kind not in kinds:
            raise UsageError(f"--kind wants one of {', '.join(sorted(kinds))}, got {self.kind!r}")
        check_page(self.limit, self.offset)
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"--since {self.since} is after --until {self.until}")


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerQuery:
    """Speakers to list: ``name`` is a case-insensitive substring, ``type`` a speaker type."""

    name: str | None = None
    type: str | None = None
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        types = {t.value for t in SpeakerType}
        if self.type is not None and self.type not in types:
            choices = ", ".join(sorted(types))
            raise UsageError(f"speaker type wants one of {choices}, got {self.type!r}")
        check_page(self.limit, self.offset)


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerSummary(_Record):
    """A stored speaker with its statement and article counts and publication date range."""

    id: int
    name: str
    type: str
    statements: int
    articles: int
    first_published: str | None  # YYYY-MM-DD of its earliest dated article
    last_published: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerList(_Frame, _Record):
    """One page of speakers (most statements first) and how many match in all."""

    COLUMNS = SPEAKER_COLUMNS
    total: int
    speakers: tuple[SpeakerSummary, ...]

    def rows(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.speakers]


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerProfile(_Frame, _Record):
    """A speaker, its statements per publication month and one page of its statements
    (newest first; ``FacetCount.value`` is ``YYYY-MM`` or ``(unknown)``, in month order)."""

    speaker: SpeakerSummary
    months: tuple[FacetCount, ...]
    statements: tuple[Hit, ...]

    def rows(self) -> list[dict[str, Any]]:
        return [hit_row(h) for h in self.statements]


@dataclasses.dataclass(frozen=True, slots=True)
class GroupCount(_Record):
    """Articles and their statements in one group (a month ``YYYY-MM`` or an outlet)."""

    value: str
    articles: int
    statements: int


@dataclasses.dataclass(frozen=True, slots=True)
class StoreStats(_Record):
    """What a store holds. ``near_duplicates`` counts the articles linked as republished
    copies of another; the ``distinct_*`` counts, ``months`` and ``outlets`` leave them out
    (as search totals and facets do). ``months`` are in month order (``(unknown)`` last),
    ``outlets`` most articles first."""

    articles: int
    statements: int
    speakers: int
    near_duplicates: int
    distinct_articles: int
    distinct_statements: int
    open_rejects: int
    runs: int
    months: tuple[GroupCount, ...]
    outlets: tuple[GroupCount, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Usage(_Record):
    """A value (a name as written, a title) with how often and when it was used."""

    value: str
    count: int
    first_published: str | None  # YYYY-MM-DD of the earliest dated article using it
    last_published: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class CoSpeaker(_Record):
    """A speaker quoted in the same articles as another, with how many articles they share."""

    id: int
    name: str
    type: str
    articles: int


@dataclasses.dataclass(frozen=True, slots=True)
class CoEntity(_Record):
    """An entity (global id) mentioned in the articles quoting a speaker, in how many."""

    id: str
    name: str
    type: str
    articles: int


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerContext(_Record):
    """What a speaker page shows besides the statements: the names the articles use for the
    speaker (most used first), its titles (earliest first), its statements per publication
    day (dated articles only, in date order), the speakers quoted alongside it and the
    entities its articles mention besides the speaker itself."""

    mentions: tuple[Usage, ...]
    titles: tuple[Usage, ...]
    days: tuple[FacetCount, ...]
    co_speakers: tuple[CoSpeaker, ...]
    co_entities: tuple[CoEntity, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class RunCounts(_Record):
    ok: int = 0
    replaced: int = 0
    duplicates: int = 0
    rejected: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class RunRecord(_Record):
    """One ingest run."""

    id: int
    command: str
    inputs: tuple[str, ...]
    started_at: str
    finished_at: str | None
    status: str
    counts: RunCounts
    version: str


@dataclasses.dataclass(frozen=True, slots=True)
class RejectRecord(_Record):
    """A rejected input or article, kept with its reason until a later run reads it fine."""

    id: int
    source: str
    code: str
    message: str
    run_id: int
    first_seen: str
    last_seen: str
    retried: int
    resolved_run: int | None

    @property
    def open(self) -> bool:
        return self.resolved_run is None


def check_page(limit: int, offset: int) -> None:
    """Refuse a page size outside ``1..MAX_LIMIT`` or a negative offset."""
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"--limit wants 1..{MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise UsageError(f"offset wants a number >= 0, got {offset}")


def source_key(article: Article) -> str | None:
    """The identity of "the same article" across runs: its URL, else its source locator.

    ``<stdin>``-like locators identify nothing and get no key (never replaced).
    """
    if article.url:
        return article.url
    return None if article.source.startswith("<") else article.source


def input_of(source: str) -> str:
    """The input a source locator came from: ``feed.xml#3`` -> ``feed.xml``."""
    if _RECORD_SUFFIX.search(source) and not Path(source).exists():
        return _RECORD_SUFFIX.sub("", source)
    return source


class Store(ABC):
    """A quotegraph store. Use as a context manager; one connection, one writer."""

    url: str

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def migrate(self) -> tuple[int, ...]:
        """Apply pending schema migrations; the versions applied (empty when up to date)."""

    @abstractmethod
    def schema_version(self) -> int:
        """The highest migration applied."""

    @abstractmethod
    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        """Record a new run; its id. The run holds the writer lock (:meth:`lock_writer`)
        until :meth:`finish_run`; runs a killed writer left ``running`` become
        ``interrupted``."""

    @abstractmethod
    def finish_run(self, run_id: int, counts: RunCounts, status: str = "finished") -> None:
        """Record a run's end and counts (and release the writer lock with the last run)."""

    @abstractmethod
    def lock_writer(self, wait: float = 3.0) -> bool:
        """Become the store's one writer: True when newly locked, False when this handle held
        it already; raises :class:`~quotegraph.errors.StoreBusyError` when another process
        or handle still holds it after ``wait`` seconds. Released by :meth:`unlock_writer`,
        on close, or when the process dies."""

    @abstractmethod
    def unlock_writer(self) -> None:
        """Release the writer lock (nothing when this handle does not hold it)."""

    @abstractmethod
    def check(self) -> CheckReport:
        """Check the store's integrity (see :mod:`quotegraph.store.check`)."""

    @abstractmethod
    def backup(self, path: Path) -> None:
        """Write a consistent copy of the store to ``path`` while it stays in use
        (see :mod:`quotegraph.store.backup`)."""

    @abstractmethod
    def restore(self, path: Path) -> None:
        """Replace the store's content with the backup at ``path`` (made by :meth:`backup`
        on the same backend); use :func:`quotegraph.store.backup.restore`, which checks."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""

    @abstractmethod
    def write_document(self, doc: Document, run_id: int) -> Outcome:
        """Store an article and its statements in one transaction (idempotent by id)."""

    @abstractmethod
    def delete_article(self, article_id: str) -> bool:
        """Delete an article and everything derived from it, in one transaction; False when
        it is not stored."""

    @abstractmethod
    def replace_derived(self, doc: Document) -> None:
        """Replace a stored article's extracted rows with ``doc``'s, in one transaction."""

    def bulk(self) -> AbstractContextManager[object]:
        """One transaction around many writes (``quotegraph load``): each write inside is
        a savepoint of it, committed together at its end."""
        return nullcontext()

    def duplicate_of(self, article_id: str) -> str | None:
        """The earliest stored article this one nearly repeats (None: not a near-duplicate)."""
        return None

    @abstractmethod
    def record_duplicate(self, article: Article, run_id: int) -> Outcome:
        """Note that a stored article was read again (maybe from another source)."""

    @abstractmethod
    def add_reject(self, reject: Reject, run_id: int) -> None:
        """Keep a reject (one row per source; a repeat updates it and reopens it)."""

    @abstractmethod
    def rejects(self, include_resolved: bool = False) -> list[RejectRecord]:
        """Rejects, oldest first; open ones only unless ``include_resolved``."""

    @abstractmethod
    def mark_retried(self, reject_ids: Iterable[int]) -> None:
        """Count one more retry for these rejects."""

    @abstractmethod
    def resolve_retried(self, reject_ids: Iterable[int], run_id: int) -> int:
        """Close retried rejects that ``run_id`` did not reject again; how many of them this
        run closed (here or when it stored their article)."""

    @abstractmethod
    def runs(self, limit: int = 20) -> list[RunRecord]:
        """Runs, newest first."""

    @abstractmethod
    def run(self, run_id: int) -> RunRecord | None:
        """One run by id."""

    @abstractmethod
    def search(self, query: SearchQuery | str, /, **filters: Any) -> SearchResult:
        """BM25 full-text search over statement content; raises QuerySyntaxError.

        ``query`` is a :class:`SearchQuery`, or its text with the other fields as keywords:
        ``store.search("doctrine", speaker="Mezentsev", limit=5)``."""

    @abstractmethod
    def article_ids(self) -> Iterator[str]:
        """The ids of every stored article, in id order (read in pages, for exports)."""

    @abstractmethod
    def article_statements(self, article_id: str) -> tuple[Hit, ...]:
        """An article's statements in order, as search hits (score 0)."""

    def documents(self) -> Iterator[Document]:
        """Every stored article with its statements, in id order."""
        for article_id in self.article_ids():
            doc = self.document(article_id)
            if doc is not None:
                yield doc

    def statements(self) -> Iterator[Hit]:
        """Every stored statement with its speaker and article fields, article by article."""
        for article_id in self.article_ids():
            yield from self.article_statements(article_id)

    @abstractmethod
    def statement(self, statement_id: int) -> Hit | None:
        """One stored statement with its provenance, as a search hit (score 0)."""

    @abstractmethod
    def speakers(self, query: SpeakerQuery) -> SpeakerList:
        """Speakers matching ``query``, most statements first (then by name)."""

    @abstractmethod
    def speaker(self, speaker_id: int, limit: int = 20, offset: int = 0) -> SpeakerProfile | None:
        """One speaker with its counts per month and a page of its statements, newest first."""

    @abstractmethod
    def quoted(self, statement_ids: Iterable[int]) -> dict[int, tuple[Span, ...]]:
        """The quoted fragments inside the content of each of these statements (offsets into
        the article text, as in ``Statement.quoted``); unknown ids are left out."""

    @abstractmethod
    def speaker_context(self, speaker_id: int, top: int = 10) -> SpeakerContext:
        """A speaker's mentions, titles, statements per day and its ``top`` co-speakers
        (near-duplicate articles left out; empty for an unknown id)."""

    @abstractmethod
    def document(self, article_id: str) -> Document | None:
        """The stored article with its statements, as extraction returned it."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table."""

    @abstractmethod
    def embed_article(self, article_id: str, embedder: Embedder) -> int:
        """Embed the article's statements that have no embedding yet; how many."""

    @abstractmethod
    def embed_missing(self, embedder: Embedder, batch: int = 256) -> int:
        """Embed every stored statement that has no embedding yet (backfill); how many."""

    @abstractmethod
    def stats(self) -> StoreStats:
        """Counts of articles, statements, speakers and near-duplicates, per month and outlet."""

    def ingest(self, paths: str | Iterable[str], options: Options | None = None) -> RunRecord:
        """Read, extract and store ``paths`` (the Python form of ``quotegraph ingest``)."""
        from ..nlp.pipeline import Pipeline
        from ..options import Options
        from .ingest import ingest_paths

        options = options or Options()
        inputs = [paths] if isinstance(paths, str) else list(paths)
        run = self.run(ingest_paths(self, inputs, options, Pipeline(options)))
        assert run is not None
        return run
