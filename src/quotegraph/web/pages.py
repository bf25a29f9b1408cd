"""The read pages: home, search (with CSV / JSONL export), article, speakers and speaker.

Each page does its store work in a worker thread with a store handle lent for it (as the API
does) and renders a Jinja2 template (autoescaped). Query parameters are read leniently: a value
that makes no sense gives the page with a plain-words message, never a JSON error.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..errors import UsageError
from ..nlp.facts import EntityType, EventType
from ..nlp.model import SpeakerType, StatementKind
from ..store import FACETS, SearchQuery, SearchResult, SpeakerQuery, Store
from ..store.base import HIT_COLUMNS, MAX_LIMIT, hit_row
from ..store.knowledge import EventQuery
from ..store.sql import SQLStore
from . import annotate, chart
from .render import NotFound, error_page, page, resources

PAGE_SIZE = 20
SPEAKERS_PAGE = 50
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXPORT_MAX = 100_000  # statements in one export
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
MAX_PAGE = 10_000
PRONOUNS = frozenset("he she they it we i you him her them his its their".split())
T = TypeVar("T")
router = APIRouter(include_in_schema=False)


async def read(request: Request, work: Callable[[Store], T]) -> T:
    """``work(store)`` in a worker thread with a store handle lent for it."""
    pool = resources(request).stores

    def run() -> T:
        with pool.checkout() as store:
            return work(store)

    return await run_in_threadpool(run)


def page_number(request: Request) -> int:
    """The ``page`` parameter, 1 when missing or not a number, at most :data:`MAX_PAGE`."""
    return min(max(natural(request.query_params.get("page", "1")) or 1, 1), MAX_PAGE)


def natural(text: str) -> int | None:
    """``text`` as a number 1..2**63-1 written in ASCII digits, else None."""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None


# -- home ------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    def work(store: Store) -> dict[str, Any]:
        return {
            "counts": store.counts(),
            "speakers": store.speakers(SpeakerQuery(limit=12)).speakers,
            "runs": store.runs(5),
        }

    return await page(request, "home.html", read(request, work))


# -- search ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """The search form's values as given (strings), and the query they make."""

    q: str = ""
    speaker: str = ""
    outlet: str = ""
    kind: str = ""
    month: str = ""
    page: int = 1

    @classmethod
    def read(cls, request: Request) -> Filters:
        params = request.query_params
        text = {k: params.get(k, "").strip() for k in ("q", "speaker", "outlet", "kind", "month")}
        return cls(**text, page=page_number(request))

    def query(
        self, limit: int = PAGE_SIZE, offset: int | None = None, facets: bool = True
    ) -> SearchQuery:
        """The store query; a bad kind or month is a :class:`UsageError` in plain words."""
        since, until = _month_range(self.month)
        if self.kind and self.kind not in {k.value for k in StatementKind}:
            raise UsageError(f"there is no statement kind {self.kind!r}: "
                             "choose direct, indirect or mixed")  # fmt: skip
        start = (self.page - 1) * PAGE_SIZE if offset is None else offset
        return SearchQuery(self.q, speaker=self.speaker or None, outlet=self.outlet or None,
                           kind=self.kind or None, since=since, until=until, limit=limit,
                           offset=start, facets=facets)  # fmt: skip

    def url(self, path: str = "/search", **changes: str | int) -> str:
        """This search with some values changed (empty ones left out; page reset unless given)."""
        values: dict[str, str | int] = {"q": self.q, "speaker": self.speaker,
                                        "outlet": self.outlet, "kind": self.kind,
                                        "month": self.month, "page": 1}  # fmt: skip
        values.update(changes)
        kept = {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}
        return f"{path}?{urlencode(kept)}" if kept else path

    @property
    def active(self) -> list[tuple[str, str]]:
        """The filters in use, as (name, value)."""
        return [(k, getattr(self, k)) for k in ("speaker", "outlet", "kind", "month")
                if getattr(self, k)]  # fmt: skip


def _month_range(month: str) -> tuple[dt.date | None, dt.date | None]:
    if not month:
        return None, None
    try:
        year, number = (int(part) for part in month.split("-"))
        last = calendar.monthrange(year, number)[1]
        return dt.date(year, number, 1), dt.date(year, number, last)
    except ValueError:
        raise UsageError(f"the month {month!r} is not a month: write it as YYYY-MM") from None


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request) -> Response:
    filters = Filters.read(request)

    def work(store: Store) -> dict[str, Any]:
        if not filters.q:
            return {"result": None, "quoted": {}, "error": None}
        try:
            found = store.search(filters.query())
        except UsageError as exc:  # a query or filter that makes no sense: say so by the form
            return {"result": None, "quoted": {}, "error": exc}
        quoted = store.quoted(h.statement_id for h in found.hits)
        return {"result": found, "quoted": quoted, "error": None,
                "pages": pages_of(found, filters)}  # fmt: skip

    context: dict[str, Any] = {"filters": filters, "facet_names": FACETS,
                               "kinds": [k.value for k in StatementKind],
                               "page_size": PAGE_SIZE, "export_max": EXPORT_MAX}  # fmt: skip
    return await page(request, "search.html", read(request, work), context)


def pages_of(result: SearchResult, filters: Filters) -> dict[str, Any]:
    """Pagination for the template: the range shown and the neighbouring pages' URLs."""
    last = max(1, -(-result.total // PAGE_SIZE))
    if not result.total_exact and len(result.hits) == PAGE_SIZE:
        last = max(last, filters.page + 1)  # counted up to a bound: more pages may follow
    first_shown = (filters.page - 1) * PAGE_SIZE + 1 if result.hits else 0
    return {
        "first": first_shown,
        "last_shown": first_shown + len(result.hits) - 1 if result.hits else 0,
        "number": filters.page,
        "count": last,
        "previous": filters.url(page=filters.page - 1) if filters.page > 1 else None,
        "next": filters.url(page=filters.page + 1) if filters.page < last else None,
    }


@router.get("/search/export.{fmt}")
async def export(request: Request, fmt: str) -> Response:
    """Every statement of the current search (up to :data:`EXPORT_MAX`) as CSV or JSONL."""
    filters = Filters.read(request)
    try:
        if not filters.q:
            raise UsageError("give a search (q=...) to export its statements")
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"there is no export format {fmt!r}: choose csv or jsonl")
        filters.query()  # a bad filter fails here, as a page, before streaming starts
    except UsageError as exc:
        return error_page(request, exc)
    name = f"quotegraph-search.{fmt}"
    return StreamingResponse(
        _export_lines(request, filters, fmt),
        media_type=EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _export_lines(request: Request, filters: Filters, fmt: str) -> Iterator[str]:
    """The export, a page of :data:`MAX_LIMIT` statements at a time (a sync generator:
    Starlette iterates it in a worker thread)."""
    with resources(request).stores.checkout() as store:
        if fmt == "csv":
            yield _csv_line(HIT_COLUMNS)
        offset = 0
        while offset < EXPORT_MAX:
            limit = min(MAX_LIMIT, EXPORT_MAX - offset)
            hits = store.search(filters.query(limit, offset, facets=False)).hits
            for hit in hits:
                if fmt == "csv":
                    yield _csv_line(hit_row(hit).values())
                else:
                    yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"
            if len(hits) < limit:
                return
            offset += limit


def _csv_line(cells: Any) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(["" if c is None else c for c in cells])
    return out.getvalue()


# -- articles --------------------------------------------------------------------------


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article(request: Request, article_id: str) -> Response:
    def work(store: Store) -> dict[str, Any]:
        doc = store.document(article_id)
        if doc is None:
            raise NotFound(f"there is no article {article_id!r} in this store")
        hits = store.article_statements(article_id)
        marks = annotate.statement_marks(doc, hits) + annotate.knowledge_marks(doc)
        return {"doc": doc, "article": doc.article, "hits": hits,
                "blocks": annotate.blocks(doc.article, marks),
                "duplicate_of": store.duplicate_of(article_id)}  # fmt: skip

    return await page(request, "article.html", read(request, work))


# -- speakers --------------------------------------------------------------------------


@router.get("/speakers", response_class=HTMLResponse)
async def speakers(request: Request) -> Response:
    name = request.query_params.get("q", "").strip()
    types = [t.value for t in SpeakerType]
    kind = request.query_params.get("type", "")
    kind = kind if kind in types else ""
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        query = SpeakerQuery(name=name or None, type=kind or None, limit=SPEAKERS_PAGE,
                             offset=(number - 1) * SPEAKERS_PAGE)  # fmt: skip
        found = store.speakers(query)
        return {"found": found, "number": number,
                "more": query.offset + len(found.speakers) < found.total}  # fmt: skip

    context = {"q": name, "type": kind, "types": types}
    return await page(request, "speakers.html", read(request, work), context)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
async def speaker(request: Request, speaker_id: str) -> Response:
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        found = natural(speaker_id)
        profile = store.speaker(found, PAGE_SIZE, (number - 1) * PAGE_SIZE) if found else None
        if profile is None:
            raise NotFound(f"there is no speaker {speaker_id!r} in this store")
        context = store.speaker_context(profile.speaker.id)
        quoted = store.quoted(h.statement_id for h in profile.statements)
        undated = sum(m.count for m in profile.months if m.value == "(unknown)")
        names = [m for m in context.mentions if m.value.lower() not in PRONOUNS]
        return {"profile": profile, "context": context, "quoted": quoted, "names": names,
                "chart": chart.timeline(context.days), "undated": undated, "number": number,
                "more": number * PAGE_SIZE < profile.speaker.statements}  # fmt: skip

    return await page(request, "speaker.html", read(request, work))


# -- entities and events -----------------------------------------------------------------


def knowing(store: Store) -> SQLStore:
    """The store's knowledge-layer reads (entities, events), which the SQL backends have."""
    if not isinstance(store, SQLStore):
        raise UsageError("this store keeps no entities or events")
    return store


@router.get("/entities", response_class=HTMLResponse)
async def entities(request: Request) -> Response:
    name = request.query_params.get("q", "").strip()
    types = [t.value for t in EntityType]
    kind = request.query_params.get("type", "")
    kind = kind if kind in types else ""
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        offset = (number - 1) * SPEAKERS_PAGE
        total, found = knowing(store).entities(name or None, kind or None, SPEAKERS_PAGE, offset)
        return {"total": total, "found": found, "number": number,
                "more": offset + len(found) < total}  # fmt: skip

    context = {"q": name, "type": kind, "types": types}
    return await page(request, "entities.html", read(request, work), context)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
async def entity(request: Request, entity_id: str) -> Response:
    def work(store: Store) -> dict[str, Any]:
        found = knowing(store).entity(entity_id)
        if found is None:
            raise NotFound(f"there is no entity {entity_id!r} in this store")
        place = found.type == "place"  # a place's events are those held there
        query = EventQuery(participant=None if place else found.id,
                           place=found.name if place else None, limit=PAGE_SIZE)  # fmt: skip
        total, events = knowing(store).events(query)
        speakers = store.speakers(SpeakerQuery(name=found.name, limit=5)).speakers
        return {"entity": found, "events_total": total, "events": events,
                "chart": chart.timeline(knowing(store).event_days(query)),
                "speakers": [s for s in speakers if s.name == found.name]}  # fmt: skip

    return await page(request, "entity.html", read(request, work))


@dataclass(frozen=True, slots=True)
class EventFilters:
    """The events page's filters as given."""

    type: str = ""
    participant: str = ""
    place: str = ""

    def query(self, limit: int, offset: int = 0) -> EventQuery:
        return EventQuery(type=self.type or None, participant=self.participant or None,
                          place=self.place or None, limit=limit, offset=offset)  # fmt: skip

    def url(self, **changes: str | int) -> str:
        values: dict[str, str | int] = {"type": self.type, "participant": self.participant,
                                        "place": self.place}  # fmt: skip
        values.update(changes)
        kept = {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}
        return f"/events?{urlencode(kept)}" if kept else "/events"


@router.get("/events", response_class=HTMLResponse)
async def events(request: Request) -> Response:
    params = request.query_params
    types = [t.value for t in EventType]
    kind = params.get("type", "")
    filters = EventFilters(kind if kind in types else "", params.get("participant", "").strip(),
                           params.get("place", "").strip())  # fmt: skip
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        query = filters.query(PAGE_SIZE, (number - 1) * PAGE_SIZE)
        total, shown = knowing(store).events(query)
        days = knowing(store).event_days(query)  # every event's day, counted in the store
        return {"total": total, "events": shown, "chart": chart.timeline(days),
                "charted": total, "number": number,
                "more": number * PAGE_SIZE < total}  # fmt: skip

    context = {"filters": filters, "types": types}
    return await page(request, "events.html", read(request, work), context)
