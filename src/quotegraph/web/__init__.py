"""The analyst web UI, served by the API's app (``quotegraph serve``).

Server-rendered pages (Jinja2, autoescaped), readable without JavaScript; the small script and
the stylesheet are in the package (``static/``), nothing comes from a CDN:

=====================  ==============================================================
``/``                  search box, store summary, most quoted speakers, recent runs
``/search?q=``         statements found, filters and facets, pages, CSV / JSONL export
``/articles/{id}``     the article annotated (statements, speakers, quotes, cues, entities,
                       time expressions)
``/speakers``          speakers by name
``/speakers/{id}``     a speaker's names, titles, timeline chart, co-speakers, statements
``/entities``          entities by name and type; ``/entities/{id}``: names, roles, events
``/events``            the events timeline, by type, participant and place
``/claims``            claims most often made first (statements grouped by claim)
``/claims/{id}``       a claim's timeline chart, speakers, outlets and statements
``/ingest``            upload or paste articles (needs ``QUOTEGRAPH_TOKEN``)
=====================  ==============================================================

:func:`install` adds the pages to an app; errors on page paths are HTML pages in plain words,
those under ``/api/`` keep the API's JSON shape.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..api.errors import ApiError
from ..errors import QuotegraphError
from . import claims, ingest, pages
from .render import NotFound, error_page, log

API_PATH = "/api/"
Handler = Callable[[Request, Any], Response | Awaitable[Response]]


def install(app: FastAPI) -> None:
    """Mount the pages and ``/static`` on ``app`` (after the API's error handlers)."""
    app.include_router(pages.router)
    app.include_router(claims.router)
    app.include_router(ingest.router)
    static = files("quotegraph.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for kind in (QuotegraphError, RequestValidationError, HTTPException, Exception):
        api_handler = app.exception_handlers.get(kind)
        if api_handler is not None:
            app.add_exception_handler(kind, _html_unless_api(api_handler))


def _html_unless_api(api_handler: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(API_PATH):
            answer = api_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        return _page_error(request, exc)

    return handle


def _page_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, QuotegraphError):
        return error_page(request, exc)
    if isinstance(exc, HTTPException) and exc.status_code == 404:
        return error_page(request, NotFound(f"there is no page {request.url.path}"))
    if isinstance(exc, HTTPException):
        problem = ApiError(str(exc.detail), hint="go back to the search page")
        problem.status = exc.status_code
        return error_page(request, problem)
    log.exception("page %s failed", request.url.path, exc_info=exc)
    failed = QuotegraphError("something went wrong on the server",
                             hint="the server's log has the details; try again")  # fmt: skip
    return error_page(request, failed)


__all__ = ["install"]
