"""The claim routes under ``/api/v1``: ``/claims`` (a page of claims, most often made first,
with filters) and ``/claims/{id}`` (one claim with its speakers, outlets, counts per month and
a page of its statements, oldest first). Claims are grouped by ``quotegraph claims``; the API
only reads them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import Field

from ..claims.model import ClaimList, ClaimProfile, ClaimQuery, ClaimSummary, FirstSeen
from ..store import Store
from ..store.sql import SQLStore
from . import errors, paging
from .convert import facets, hit, next_offset
from .models import FacetOut, HitOut, Model, Page
from .params import IsoDate
from .routes import MAX_ID, MAX_TEXT, PageParams, _paged, _read

router = APIRouter(responses=errors.responses(400, 404, 422, 500, 503))
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="a claim id")]


class ClaimParams(PageParams):
    """Claims to list."""

    speaker: str | None = Field(
        default=None, max_length=MAX_TEXT, description="a statement of the claim by a speaker "
        "whose name contains this",
    )  # fmt: skip
    since: IsoDate | None = Field(default=None, description="made on or after")
    until: IsoDate | None = Field(default=None, description="made on or before")
    min_statements: int = Field(default=1, ge=1, le=10**6, description="made at least this often")


class FirstSeenOut(Model):
    statement_id: int
    article_id: str
    date: str | None = Field(description="YYYY-MM-DD of the earliest dated article")
    speaker: str | None
    outlet: str | None


class ClaimSummaryOut(Model):
    """A claim: representative wording, first seen and how often it recurs."""

    id: int
    representative: str
    statements: int
    articles: int
    speakers: int
    outlets: int
    first_seen: FirstSeenOut
    last_date: str | None
    months: list[FacetOut] = Field(description="YYYY-MM (or '(unknown)') in month order")


class ClaimsOut(Page):
    """Claims, most statements first."""

    claims: list[ClaimSummaryOut]


class ClaimOut(Page):
    """A claim with its speakers and outlets and one page of its statements, oldest first
    (``total`` counts all of the claim's statements)."""

    claim: ClaimSummaryOut
    speakers: list[FacetOut]
    outlets: list[FacetOut]
    days: list[FacetOut] = Field(description="statements per publication day, YYYY-MM-DD")
    statements: list[HitOut]


def _claims_of(store: Store) -> SQLStore:
    if not isinstance(store, SQLStore):
        raise errors.NotFound("this store keeps no claims")
    return store


def summary_out(claim: ClaimSummary) -> ClaimSummaryOut:
    first: FirstSeen = claim.first_seen
    return ClaimSummaryOut(
        id=claim.id, representative=claim.representative, statements=claim.statements,
        articles=claim.articles, speakers=claim.speakers, outlets=claim.outlets,
        first_seen=FirstSeenOut.model_validate(first, from_attributes=True),
        last_date=claim.last_date, months=facets(claim.months),
    )  # fmt: skip


def claims_out(found: ClaimList, limit: int, offset: int) -> ClaimsOut:
    return ClaimsOut(
        total=found.total, limit=limit, offset=offset,
        next_offset=next_offset(offset, len(found.claims), found.total),
        claims=[summary_out(c) for c in found.claims],
    )  # fmt: skip


def claim_out(profile: ClaimProfile, limit: int, offset: int) -> ClaimOut:
    total = profile.claim.statements
    return ClaimOut(
        total=total, limit=limit, offset=offset,
        next_offset=next_offset(offset, len(profile.statements), total),
        claim=summary_out(profile.claim), speakers=facets(profile.speakers),
        outlets=facets(profile.outlets), days=facets(profile.days),
        statements=[hit(h) for h in profile.statements],
    )  # fmt: skip


@router.get("/claims", summary="List claims")
async def list_claims(request: Request, params: Annotated[ClaimParams, Query()]) -> ClaimsOut:
    """Claims (statements that make the same claim, across speakers, outlets and time), most
    often made first, each with its representative wording, first seen and counts per month."""
    query = ClaimQuery(
        speaker=params.speaker, since=params.since, until=params.until,
        min_statements=params.min_statements, limit=params.limit,
        offset=paging.start(request, params.offset, params.cursor),
    )  # fmt: skip
    found = await _read(
        request,
        lambda store: claims_out(_claims_of(store).claims(query), query.limit, query.offset),
    )
    return _paged(request, found)


@router.get("/claims/{claim_id}", summary="One claim")
async def get_claim(
    request: Request, claim_id: ClaimId, params: Annotated[PageParams, Query()]
) -> ClaimOut:
    """A claim with its speakers, outlets, counts per month and statements, oldest first."""
    offset = paging.start(request, params.offset, params.cursor)

    def work(store: Store) -> ClaimOut:
        profile = _claims_of(store).claim(claim_id, params.limit, offset)
        if profile is None:
            raise errors.NotFound(f"no claim {claim_id}")
        return claim_out(profile, params.limit, offset)

    return _paged(request, await _read(request, work))
