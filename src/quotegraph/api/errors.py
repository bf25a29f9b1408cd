"""One JSON error shape for every failure: ``{"error": {"code", "message", "hint"}, "status"}``.

Quotegraph's own errors keep their codes (:mod:`quotegraph.errors`) and get an HTTP status from
their family: a bad query or option (QG2xx, e.g. QG210 for search syntax) is 400, an input that
cannot be read or extracted (QG1xx, QG301) 422, one over the size cap (QG104, QG105) 413, a store
that cannot be opened or read (QG4xx) 503. Errors of the HTTP layer itself have codes here:

=====  ======  =====================================================
QG220  422     a parameter or body that does not validate
QG500  500     an unexpected server error (details in the server log)
QG501  404     no such resource or route
QG502  405     the route does not take this method
QG503  415     a body of a content type the route does not read
QG504  401     a write without a valid bearer token
QG505  403     a write to a server that takes none (no token set)
=====  ======  =====================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from ..errors import (
    CompressionBombError,
    InputError,
    LimitExceededError,
    QuotegraphError,
    StoreError,
    TooLargeError,
    UsageError,
)
from .models import ErrorDetail, ErrorOut

SCHEMA_HINT = "see the API's schema at /api/v1/openapi.json (or /api/v1/docs)"
MAX_REPORTED = 5  # validation problems named in one message
STATUS_BY_FAMILY: tuple[tuple[type[QuotegraphError], int], ...] = (
    (TooLargeError, 413),
    (CompressionBombError, 413),
    (InputError, 422),
    (LimitExceededError, 422),
    (UsageError, 400),
    (StoreError, 503),
)

_DESCRIPTIONS: Mapping[int, str] = MappingProxyType(
    {
        400: "a bad query or option (QG2xx; QG210: search syntax)",
        404: "no such resource (QG501)",
        413: "the body is over the size cap (QG104)",
        401: "a write without a valid bearer token (QG504)",
        403: "writes are off: the server has no QUOTEGRAPH_TOKEN (QG505)",
        415: "a body the route does not read (QG503)",
        422: "a parameter or body that does not validate (QG220) or an unreadable article (QG1xx)",
        500: "an unexpected server error (QG500)",
        503: "the store cannot be opened or read (QG401)",
    }
)


class ApiError(QuotegraphError):
    """An error of the HTTP layer; ``status`` is its HTTP status."""

    code = "QG500"
    status = 500
    hint = "the server's log has the details"


class NotFound(ApiError):
    code = "QG501"
    status = 404
    hint = "check the id or path; ids come from the list and search endpoints"


class MethodNotAllowed(ApiError):
    code = "QG502"
    status = 405
    hint = SCHEMA_HINT


class UnsupportedMediaType(ApiError):
    code = "QG503"
    status = 415
    hint = "send text/plain (wire copy) or application/json (an article object)"


class Unauthorized(ApiError):
    code = "QG504"
    status = 401
    hint = "send the header Authorization: Bearer <the server's QUOTEGRAPH_TOKEN>"
    headers: Mapping[str, str] = MappingProxyType({"WWW-Authenticate": "Bearer"})


class WritesDisabled(ApiError):
    code = "QG505"
    status = 403
    hint = "start the server with QUOTEGRAPH_TOKEN=<a secret> to allow writes"


class InvalidRequest(UsageError):
    """A parameter or body that does not validate (FastAPI's 422)."""

    code = "QG220"
    status = 422
    hint = SCHEMA_HINT


def status_of(exc: QuotegraphError) -> int:
    """The HTTP status for a quotegraph error."""
    own = getattr(exc, "status", None)
    if isinstance(own, int):
        return own
    for family, status in STATUS_BY_FAMILY:
        if isinstance(exc, family):
            return status
    return 500


def error_response(
    exc: QuotegraphError, status: int | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The standard error body for ``exc`` (with ``status`` or the one its class implies)."""
    code = status or status_of(exc)
    body = ErrorOut(
        error=ErrorDetail(code=exc.code, message=exc.message, hint=exc.hint), status=code
    )
    return JSONResponse(body.model_dump(), status_code=code, headers=headers)


async def on_quotegraph_error(request: Request, exc: Exception) -> JSONResponse:
    """Any :class:`QuotegraphError` raised by a route."""
    assert isinstance(exc, QuotegraphError)
    return error_response(exc, headers=getattr(exc, "headers", None))


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's request validation (a bad parameter or body): 422, our shape."""
    assert isinstance(exc, RequestValidationError)
    return error_response(InvalidRequest(validation_message(exc.errors())))


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors: unknown routes (404), wrong methods (405) and the like."""
    assert isinstance(exc, HTTPException)
    error: QuotegraphError
    if exc.status_code == 404:
        error = NotFound(f"no route {request.url.path}", hint=SCHEMA_HINT)
    elif exc.status_code == 405:
        error = MethodNotAllowed(f"{request.url.path} does not take {request.method}")
        return error_response(error, 405, {"allow": ", ".join(_allowed(request))})
    else:
        error = ApiError(str(exc.detail), hint="")
    return error_response(error, exc.status_code, exc.headers)


def _allowed(request: Request) -> list[str]:
    """Every method the schema documents at the request's path (Starlette's own ``Allow``
    names the methods of the first route matching the path, and a path here can have a route
    per method, in different routers)."""
    paths = request.app.openapi().get("paths", {})
    path = request.url.path
    return sorted(
        method.upper()
        for template, operations in paths.items()
        if compile_path(template)[0].fullmatch(path)
        for method in operations
    )


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Anything else: 500 without details (the server logs the traceback)."""
    return error_response(ApiError("internal server error"))


def validation_message(errors: Sequence[Any]) -> str:
    """``query parameter limit: Input should be ...; ...`` from pydantic's error list."""
    parts = [_one_problem(e) for e in errors[:MAX_REPORTED]]
    more = len(errors) - MAX_REPORTED
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts) or "the request does not validate"


def _one_problem(error: Any) -> str:
    loc = [str(part) for part in error.get("loc", ())] if isinstance(error, dict) else []
    msg = error.get("msg", "invalid") if isinstance(error, dict) else str(error)
    if len(loc) > 1 and loc[0] in ("query", "path", "header", "cookie"):
        return f"{loc[0]} parameter {'.'.join(loc[1:])}: {msg}"
    return f"{'.'.join(loc) or 'request'}: {msg}"


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the standard shape."""
    app.add_exception_handler(QuotegraphError, on_quotegraph_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error shape for ``statuses``."""
    return {
        status: {"model": ErrorOut, "description": _DESCRIPTIONS[status]} for status in statuses
    }
