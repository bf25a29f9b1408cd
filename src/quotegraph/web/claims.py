"""The claim pages: ``/claims`` (claims most often made first, filtered by speaker) and
``/claims/{id}`` (a claim's timeline per week or month, its speakers, outlets and
statements, oldest first). Claims are grouped by ``quotegraph claims``; the pages read them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..claims.model import ClaimQuery
from ..store import Store
from ..store.sql import SQLStore
from . import chart
from .pages import PAGE_SIZE, natural, page_number, read
from .render import NotFound, page

router = APIRouter(include_in_schema=False)


def _claims_of(store: Store) -> SQLStore:
    if not isinstance(store, SQLStore):
        raise NotFound("this store keeps no claims")
    return store


@router.get("/claims", response_class=HTMLResponse)
async def claims(request: Request) -> Response:
    speaker = request.query_params.get("speaker", "").strip()
    repeated = request.query_params.get("repeated", "") == "1"
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        query = ClaimQuery(speaker=speaker or None, min_statements=2 if repeated else 1,
                           limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)  # fmt: skip
        found = _claims_of(store).claims(query)
        return {"found": found, "number": number,
                "more": query.offset + len(found.claims) < found.total}  # fmt: skip

    context = {"speaker": speaker, "repeated": repeated}
    return await page(request, "claims.html", read(request, work), context)


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
async def claim(request: Request, claim_id: str) -> Response:
    number = page_number(request)

    def work(store: Store) -> dict[str, Any]:
        found = natural(claim_id)
        claims = _claims_of(store)
        profile = claims.claim(found, PAGE_SIZE, (number - 1) * PAGE_SIZE) if found else None
        if profile is None:
            raise NotFound(f"there is no claim {claim_id!r} in this store")
        undated = sum(m.count for m in profile.claim.months if m.value == "(unknown)")
        return {"profile": profile, "chart": chart.timeline(profile.days), "undated": undated,
                "quoted": store.quoted(h.statement_id for h in profile.statements),
                "number": number,
                "more": number * PAGE_SIZE < profile.claim.statements}  # fmt: skip

    return await page(request, "claim.html", read(request, work))
