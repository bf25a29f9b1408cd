"""The ingest page: upload files or paste text, with the server's write token (see
:mod:`quotegraph.api.auth`); the result lists what was stored and every reject with its reason.

Uploads are read by the same readers as ``quotegraph ingest`` (sniffed format, ``.gz``, size
caps) and stored as one recorded run; their sources are ``<upload:NAME>`` and ``<paste>``
(like ``<stdin>``: they cannot be re-read by ``--retry-rejects``). Extraction runs one article at
a time on the app's shared pipeline, which loads the language model on first use.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..api.auth import TOKEN_ENV, bearer, token_matches
from ..article.model import Article, Reject
from ..ingest.base import RawInput, reject
from ..ingest.batch import read_input
from ..nlp.model import Document
from ..options import Options
from ..store.ingest import IngestRun, Item, Stored, read_for_store, recorded
from .render import html, resources

COMMAND = "ingest (web)"
MAX_FILES = 20
PASTE_SOURCE = "<paste>"
router = APIRouter(include_in_schema=False)


@router.get("/ingest", response_class=HTMLResponse)
async def form(request: Request) -> Response:
    return html(request, "ingest.html", _context(request))


def _context(request: Request, **values: Any) -> dict[str, Any]:
    writable = resources(request).settings.token is not None
    base = {"writable": writable, "token_env": TOKEN_ENV,
            "max_files": MAX_FILES, "text": "", "problem": None, "outcome": None}  # fmt: skip
    return {**base, **values}


@router.post("/ingest", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    found = resources(request)
    async with request.form(max_files=MAX_FILES) as data:
        token = data.get("token")
        given = token if isinstance(token, str) and token else None
        given = given or bearer(request.headers.get("authorization"))
        text = data.get("text")
        text = text if isinstance(text, str) else ""
        if not token_matches(found.settings.token, given):
            problem = ("writes are off on this server: start it with "
                       f"{TOKEN_ENV} set to a secret token"
                       if found.settings.token is None else
                       "the token is not the server's write token")  # fmt: skip
            return html(request, "ingest.html", _context(request, problem=problem, text=text), 403)
        uploads = [f for f in data.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not uploads and not text.strip():
            problem = "choose a file or paste an article first"
            return html(request, "ingest.html", _context(request, problem=problem), 400)
        with tempfile.TemporaryDirectory(prefix="quotegraph-upload-") as folder:
            saved = [await _save(upload, Path(folder), i) for i, upload in enumerate(uploads)]
            outcome = await run_in_threadpool(_ingest, request, saved, text, found.options)
    return html(request, "ingest.html", _context(request, outcome=outcome))


async def _save(upload: UploadFile, folder: Path, index: int) -> tuple[str, Path]:
    """The upload in ``folder`` (under its base name, which sniffing reads), with its label."""
    name = Path(upload.filename or "upload").name or "upload"
    target = folder / str(index)
    target.mkdir()
    path = target / name
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return f"<upload:{name}>", path


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """What one ingest from the page did."""

    run_id: int
    stored: tuple[Stored, ...]
    rejects: tuple[Reject, ...]
    headlines: dict[str, str]

    @property
    def new(self) -> int:
        return sum(1 for s in self.stored if s.outcome != "duplicate")


def _ingest(
    request: Request, saved: list[tuple[str, Path]], text: str, options: Options
) -> Outcome:
    found = resources(request)
    inputs = [label for label, _ in saved] + ([PASTE_SOURCE] if text.strip() else [])
    headlines: dict[str, str] = {}

    def noted(items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            article = _article_of(item)
            if article is not None:
                headlines[article.id] = _headline(article)
            yield item

    with found.stores.checkout() as store, recorded(IngestRun(store, COMMAND, inputs)) as run:
        stream = run.stream(noted(_read(saved, text, options)),
                            lambda batch: _extract(batch, found.extractor))  # fmt: skip
        results = list(stream)
    stored = tuple(r for r in results if isinstance(r, Stored))
    rejected = tuple(r for r in results if isinstance(r, Reject))
    return Outcome(run.run_id, stored, rejected, headlines)


def _article_of(item: Item) -> Article | None:
    if isinstance(item, Document):
        return item.article
    return item if isinstance(item, Article) else None


def _headline(article: Article) -> str:
    if article.headline is not None:
        return article.headline.text
    return article.text[:80]


def _read(saved: list[tuple[str, Path]], text: str, options: Options) -> Iterator[Item]:
    """The uploads' and the pasted text's articles and rejects, read as ``quotegraph ingest``
    reads files, their sources relabelled from the temporary path to the upload's label."""
    for label, path in saved:
        for item in read_for_store([str(path)], options):
            yield _relabel(item, str(path), label)
    if text.strip():
        yield from read_input(RawInput(PASTE_SOURCE, text.encode("utf-8"), "text"), options)


def _relabel(item: Item, path: str, label: str) -> Item:
    """``item`` with ``path`` at the start of its source replaced by ``label``."""
    if isinstance(item, Document):
        return item.model_copy(update={"article": _relabel(item.article, path, label)})
    if item.source.startswith(path):
        return item.model_copy(update={"source": label + item.source[len(path) :]})
    return item


def _extract(batch: Iterable[Article | Reject], extractor: Any) -> Iterator[Document | Reject]:
    """Extraction one article at a time; an article that fails becomes a reject."""
    for item in batch:
        if isinstance(item, Reject):
            yield item
            continue
        try:
            yield extractor(item)
        except Exception as exc:  # one bad article must not lose the others
            yield reject(item.source, exc)
