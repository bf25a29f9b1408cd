"""``POST /api/v1/ingest``: read, extract and store articles sent to the server (a write).

Writes are refused unless the server has a token: ``QUOTEGRAPH_TOKEN`` in its environment (or
``ApiSettings.token``). A request must then say ``Authorization: Bearer <token>``; the token is
compared in constant time (:func:`hmac.compare_digest`). No token configured: 403 (QG505);
a missing or wrong token: 401 (QG504). Both have the standard error shape.

The body is read by the same readers as ``quotegraph ingest``: ``text/plain`` wire copy,
``application/json`` one article object or an array of them, ``text/html`` a page, or
``multipart/form-data`` with one or more files (any format ``ingest`` reads: JSONL, SGML,
WARC, feeds, ``.gz``; sniffed as for files). One request is one recorded run, written by the
same writer as the CLI (idempotent: articles already stored count as duplicates); the answer
is the run's summary, with what happened to each article and each reject's reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..article.model import Reject
from ..errors import TooLargeError
from ..ingest.base import RawInput
from ..ingest.sources import from_bytes
from ..options import Options
from ..store.ingest import (
    IngestRun,
    IngestSummary,
    Item,
    Stored,
    ingest_embedder,
    read_raw,
    recorded,
)
from . import convert, errors
from .auth import TOKEN_ENV, bearer, token_matches
from .extract import ExtractParams, dated, read_body, reader_name
from .models import ArticleIn, IngestOut, RejectedOut, StoredOut
from .resources import Resources, resources

SOURCE = "<request>"
MAX_FILES = 100
BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "anyOf": [
                        ArticleIn.model_json_schema(),
                        {"type": "array", "items": ArticleIn.model_json_schema()},
                    ]
                }
            },
            "text/html": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            },
        },
    }
}


def require_token(request: Request) -> None:
    """The bearer token check of every write route."""
    token = resources(request).settings.token
    if not token:
        raise errors.WritesDisabled(f"this server takes no writes: {TOKEN_ENV} is not set")
    if not token_matches(token, bearer(request.headers.get("authorization"))):
        raise errors.Unauthorized("a valid bearer token is needed to write")


router = APIRouter(
    dependencies=[Depends(require_token)],
    responses=errors.responses(400, 401, 403, 413, 415, 422, 500, 503),
)


@router.post("/ingest", summary="Ingest articles (token-protected)", openapi_extra=BODY)
async def ingest(request: Request, params: Annotated[ExtractParams, Query()]) -> IngestOut:
    """Extract and store the article(s) in the body as one run; the run's summary."""
    found = resources(request)
    options = dated(found.options, params)
    inputs = await _inputs(request, options)
    return await run_in_threadpool(_ingest, found, inputs, options)


async def _inputs(request: Request, options: Options) -> list[RawInput | Reject]:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "multipart/form-data":
        body = await read_body(request, options.max_bytes)
        return [RawInput(SOURCE, body, reader_name(media or None))]
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > options.max_archive_bytes:
        raise TooLargeError(
            f"an upload needs a Content-Length of at most {options.max_archive_bytes:,} bytes",
            hint="send fewer or smaller files per request",
        )
    form = await request.form(max_files=MAX_FILES)
    files = [f for _, f in form.multi_items() if isinstance(f, UploadFile)]
    if not files:
        raise errors.InvalidRequest("the form holds no file", hint="send files as field 'file'")
    return [from_bytes(f"<upload:{f.filename or 'file'}>", await f.read(), options) for f in files]


def _ingest(found: Resources, inputs: list[RawInput | Reject], options: Options) -> IngestOut:
    summary = IngestSummary()
    stored: list[StoredOut] = []
    rejected: list[RejectedOut] = []
    sources = [i.source for i in inputs]
    with found.extractor.locked() as pipeline, found.stores.checkout() as store:
        run = IngestRun(store, "api ingest", sources, ingest_embedder(options))
        with recorded(run):
            for item in run.stream(_read(inputs, options), pipeline.extract_all):
                summary.add(item)
                if isinstance(item, Stored):
                    stored.append(StoredOut.model_validate(item, from_attributes=True))
                else:
                    rejected.append(RejectedOut.model_validate(item, from_attributes=True))
        record = store.run(run.run_id)
    assert record is not None
    return IngestOut(
        run=convert.run(record), status=("ok", "partial", "failed")[summary.exit_code],
        ok=summary.ok, replaced=summary.replaced, duplicates=summary.duplicates,
        near_duplicates=summary.near_duplicates, rejected=summary.failed,
        articles=stored, rejects=rejected,
    )  # fmt: skip


def _read(inputs: Iterable[RawInput | Reject], options: Options) -> Iterator[Item]:
    for raw in inputs:
        yield from read_raw(raw, options)
