"""The read routes under ``/api/v1``: statements and search, speakers, articles, rejects,
runs, stats, health.

Every route does its store work (and the conversion to its response model) in a worker
thread, with a store handle lent for it (:class:`~quotegraph.api.resources.StorePool`); the
SQL lives in the store backends.
Paging is ``limit`` (1..1000) and the ``next`` cursor of the previous page (:mod:`.paging`)
or an ``offset``; each page says its ``total``, ``next`` and ``next_offset``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..nlp.model import SpeakerType, StatementKind
from ..store import SearchQuery, SpeakerQuery, Store, parse_url
from ..store.base import MAX_LIMIT
from . import convert, errors, paging
from .models import (
    DocumentOut,
    HealthOut,
    Page,
    RejectsOut,
    RunsOut,
    SearchOut,
    SpeakerOut,
    SpeakersOut,
    StatementOut,
    StatsOut,
)
from .params import IsoDate
from .resources import resources

MAX_ID = 2**63 - 1  # SQLite and PostgreSQL integers are 64-bit
MAX_OFFSET = 10**9
MAX_TEXT = 1000  # characters of a query or filter
router = APIRouter(responses=errors.responses(400, 404, 422, 500, 503))
T = TypeVar("T")
P = TypeVar("P", bound=Page)


class PageParams(BaseModel):
    """A page of a list."""

    limit: int = Field(default=20, ge=1, le=MAX_LIMIT, description="items per page")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET, description="items to skip")
    cursor: str | None = Field(
        default=None,
        max_length=paging.MAX_CURSOR,
        description="the `next` of the previous page (instead of offset)",
    )


class SearchParams(PageParams):
    """A full-text query over statement content, with filters."""

    q: str = Field(
        min_length=1,
        max_length=MAX_TEXT,
        description='words (all must occur), "exact phrases", word* prefixes, AND / OR / NOT '
        "(upper case) and parentheses",
    )
    speaker: str | None = Field(default=None, max_length=MAX_TEXT, description="name contains")
    entity: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="the speaker's global entity: its id (as /entities gives it) or a name "
        "it contains",
    )
    outlet: str | None = Field(default=None, max_length=MAX_TEXT, description="e.g. TASS")
    kind: StatementKind | None = None
    since: IsoDate | None = Field(default=None, description="published on or after")
    until: IsoDate | None = Field(default=None, description="published on or before")
    facets: bool = Field(default=True, description="count speaker, outlet, kind and month")
    mode: Literal["bm25", "semantic", "hybrid"] = Field(
        default="bm25",
        description="bm25: full text; semantic: by meaning (embeddings); hybrid: both fused "
        "(semantic and hybrid need the quotegraph[semantic] extra on the server)",
    )


class SpeakerParams(PageParams):
    """Speakers to list."""

    q: str | None = Field(default=None, max_length=MAX_TEXT, description="name contains")
    type: SpeakerType | None = None


class RejectParams(PageParams):
    """Rejects to list."""

    all: bool = Field(default=False, description="also rejects a later run read fine")


class RunParams(BaseModel):
    """Runs to list."""

    limit: int = Field(default=20, ge=1, le=MAX_LIMIT, description="newest runs to show")


StatementId = Annotated[int, Path(ge=1, le=MAX_ID, description="a statement_id")]
SpeakerId = Annotated[int, Path(ge=1, le=MAX_ID, description="a speaker id")]
ArticleId = Annotated[str, Path(min_length=1, max_length=64, description="an article id")]


async def _read(request: Request, work: Callable[[Store], T]) -> T:
    """``work(store)`` in a worker thread (store calls block) with a handle lent for it."""
    pool = resources(request).stores

    def run() -> T:
        with pool.checkout() as store:
            return work(store)

    return await run_in_threadpool(run)


def _paged(request: Request, page: P) -> P:
    """``page`` with the cursor of the page after it."""
    return page.model_copy(update={"next": paging.next_cursor(request, page.next_offset)})


async def _search(request: Request, params: SearchParams) -> SearchOut:
    offset = paging.start(request, params.offset, params.cursor)
    query = SearchQuery(
        params.q, speaker=params.speaker, entity=params.entity, outlet=params.outlet,
        kind=params.kind.value if params.kind else None, since=params.since,
        until=params.until, limit=params.limit, offset=offset, facets=params.facets,
        mode=params.mode,
    )  # fmt: skip
    found = await _read(
        request, lambda store: convert.search(store.search(query), query.limit, query.offset)
    )
    return _paged(request, found)


@router.get("/statements", summary="Search statements")
async def search_statements(
    request: Request, params: Annotated[SearchParams, Query()]
) -> SearchOut:
    """BM25 full-text search over statement content; every hit carries its article id,
    source, offsets, sentence and paragraph. Facets count all matches, not just this page."""
    return await _search(request, params)


@router.get("/search", summary="Search statements (as /statements)")
async def search(request: Request, params: Annotated[SearchParams, Query()]) -> SearchOut:
    """The same search as ``/statements``: ``q`` with filters, facets and cursor paging."""
    return await _search(request, params)


@router.get("/statements/{statement_id}", summary="One statement")
async def get_statement(request: Request, statement_id: StatementId) -> StatementOut:
    """A stored statement with its provenance and its full extraction record."""
    return await _read(request, lambda store: _statement(store, statement_id))


def _statement(store: Store, statement_id: int) -> StatementOut:
    hit = store.statement(statement_id)
    doc = store.document(hit.article_id) if hit else None
    if hit is None or doc is None or hit.index >= len(doc.statements):
        raise errors.NotFound(f"no statement {statement_id}")
    return convert.statement(hit, doc.statements[hit.index])


@router.get("/speakers", summary="List speakers")
async def list_speakers(request: Request, params: Annotated[SpeakerParams, Query()]) -> SpeakersOut:
    """Speakers with their statement and article counts, most statements first."""
    query = SpeakerQuery(
        name=params.q,
        type=params.type.value if params.type else None,
        limit=params.limit,
        offset=paging.start(request, params.offset, params.cursor),
    )
    found = await _read(
        request, lambda store: convert.speakers(store.speakers(query), query.limit, query.offset)
    )
    return _paged(request, found)


@router.get("/speakers/{speaker_id}", summary="One speaker")
async def get_speaker(
    request: Request, speaker_id: SpeakerId, params: Annotated[PageParams, Query()]
) -> SpeakerOut:
    """A speaker, its statements per publication month, and its statements, newest first."""
    offset = paging.start(request, params.offset, params.cursor)
    found = await _read(request, lambda store: _speaker(store, speaker_id, params.limit, offset))
    return _paged(request, found)


def _speaker(store: Store, speaker_id: int, limit: int, offset: int) -> SpeakerOut:
    profile = store.speaker(speaker_id, limit, offset)
    if profile is None:
        raise errors.NotFound(f"no speaker {speaker_id}")
    return convert.speaker(profile, limit, offset)


@router.get("/articles/{article_id}", summary="One article")
async def get_article(request: Request, article_id: ArticleId) -> DocumentOut:
    """A stored article with its structure (headline, dateline, paragraphs, date) and its
    statements: the ``quotegraph extract`` JSON contract."""
    return await _read(request, lambda store: _article(store, article_id))


def _article(store: Store, article_id: str) -> DocumentOut:
    doc = store.document(article_id)
    if doc is None:
        raise errors.NotFound(f"no article {article_id}")
    return convert.document(doc)


@router.get("/rejects", summary="List rejects")
async def list_rejects(request: Request, params: Annotated[RejectParams, Query()]) -> RejectsOut:
    """Inputs the store's runs rejected, with their reasons, oldest first (open ones only
    unless ``all``)."""
    offset = paging.start(request, params.offset, params.cursor)
    found = await _read(
        request, lambda store: convert.rejects(store.rejects(params.all), params.limit, offset)
    )
    return _paged(request, found)


@router.get("/runs", summary="List ingest runs")
async def list_runs(request: Request, params: Annotated[RunParams, Query()]) -> RunsOut:
    """Ingest runs, newest first: when, what, and how many articles were stored or rejected."""
    return await _read(
        request, lambda store: RunsOut(runs=[convert.run(r) for r in store.runs(params.limit)])
    )


@router.get("/stats", summary="Store statistics")
async def stats(request: Request) -> StatsOut:
    """Articles, statements, speakers, near-duplicate links, runs and open rejects, with
    articles and statements per publication month and per outlet (near-duplicates left out)."""
    return await _read(request, lambda store: convert.stats(store.stats()))


@router.get("/health", summary="Health")
async def health(request: Request) -> HealthOut:
    """The server is up and its store can be read (503 with the error shape when not)."""
    version = await _read(request, lambda store: store.schema_version())
    backend = parse_url(resources(request).stores.url).backend
    return HealthOut(status="ok", version=__version__, backend=backend, schema_version=version)
