"""``POST /api/v1/extract``: the statements of one article sent in the body; nothing is stored.

The body is read by the same readers as ``quotegraph extract``, chosen by its content type:
``text/plain`` is wire copy (the text reader), ``application/json`` one article object (the
JSON reader: ``headline``, ``body``, ``published``, ``url``, ... or aliases like ``title``,
``text``), ``text/html`` a web page. The answer is the ``quotegraph extract`` JSON contract.
Bodies over the document cap (``Options.max_bytes``, 10 MB) are refused with 413.
"""

from __future__ import annotations

import json
from itertools import islice
from types import MappingProxyType
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from .. import errors as qg_errors
from ..article.model import Article, Reject
from ..errors import InputError, QuotegraphError, TooLargeError, UsageError
from ..ingest.base import RawInput
from ..ingest.batch import reader_for
from ..options import Options
from . import convert, errors
from .models import ArticleIn, DocumentOut
from .params import IsoDate
from .resources import Extractor, resources

SOURCE = "<request>"
READER_BY_MEDIA_TYPE = MappingProxyType(
    {
        "text/plain": "text",
        "application/json": "json",
        "text/html": "html",
        "application/xhtml+xml": "html",
    }
)
EXAMPLE = (
    "MINSK, November 5. /TASS/. The military doctrine of the Union State is a response to "
    'pressure from the West, State Secretary Dmitry Mezentsev said on Friday. "We are not '
    'threatening anyone," he told reporters.'
)
BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}, "example": EXAMPLE},
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
router = APIRouter(responses=errors.responses(400, 413, 415, 422, 500))


class ExtractParams(BaseModel):
    """How to date the article."""

    published: IsoDate | None = Field(
        default=None, description="the publication date (overrides what the article says)"
    )
    today: IsoDate | None = Field(
        default=None, description="reference date for year inference (default: today)"
    )


@router.post("/extract", summary="Extract statements from one article", openapi_extra=BODY)
async def extract(request: Request, params: Annotated[ExtractParams, Query()]) -> DocumentOut:
    """Find every attributed statement and its speaker in the article in the body."""
    found = resources(request)
    options = dated(found.options, params)
    reader = reader_name(request.headers.get("content-type"))
    body = await read_body(request, options.max_bytes)
    if reader == "json":
        check_article_json(body)
    raw = RawInput(SOURCE, body, reader)
    return await run_in_threadpool(_extract, found.extractor, raw, options)


def check_article_json(body: bytes) -> None:
    """A JSON body is one article object whose known fields have their schema's types
    (text that is no JSON is left to the reader, which says what is wrong with it)."""
    try:
        found = json.loads(body)
    except (ValueError, RecursionError):
        return
    if isinstance(found, list) and len(found) > 1:
        raise UsageError("the body holds more than one article", hint="send one per request")
    if not isinstance(found, dict):
        raise UsageError("the JSON body is not an article object", hint=errors.SCHEMA_HINT)
    try:
        ArticleIn.model_validate(found)
    except ValidationError as exc:
        raise errors.InvalidRequest(errors.validation_message(exc.errors())) from exc


def dated(options: Options, params: ExtractParams) -> Options:
    """The server's options with the request's dates, where it gives them."""
    if params.published is not None:
        options = options.evolve(published=params.published)
    if params.today is not None:
        options = options.evolve(reference_date=params.today)
    return options


def _extract(extractor: Extractor, raw: RawInput, options: Options) -> DocumentOut:
    return convert.document(extractor(read_one(raw, options)))


def reader_name(content_type: str | None) -> str:
    """The reader for a body's content type (none given: plain text)."""
    media = (content_type or "text/plain").split(";", 1)[0].strip().lower()
    if media.endswith("+json"):
        media = "application/json"
    reader = READER_BY_MEDIA_TYPE.get(media)
    if reader is None:
        raise errors.UnsupportedMediaType(f"cannot read a {media} body")
    return reader


async def read_body(request: Request, cap: int) -> bytes:
    """The request body, refused (413) as soon as it is over ``cap`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(cap)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _too_large(cap)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(cap: int) -> TooLargeError:
    return TooLargeError(f"the body is over {cap:,} bytes", hint="send one article at a time")


def read_one(raw: RawInput, options: Options) -> Article:
    """The one article in ``raw``; a reject, or more than one article, is an error."""
    found = list(islice(reader_for(raw.format)(raw, options), 2))
    if len(found) > 1:
        raise UsageError("the body holds more than one article", hint="send one per request")
    if not found:
        raise InputError("the body holds no article")
    first = found[0]
    if isinstance(first, Reject):
        raise error_of(first)
    return first


def error_of(reject: Reject) -> QuotegraphError:
    """The error a reader turned into ``reject``, rebuilt from its code (QG106 ->
    :class:`NoArticleError`), so that the response has its code, message and hint."""
    for name in qg_errors.__all__:
        kind: type[QuotegraphError] = getattr(qg_errors, name)
        if kind.code == reject.code:
            return kind(reject.message.removesuffix(f" ({kind.hint})"))
    return InputError(reject.message)
