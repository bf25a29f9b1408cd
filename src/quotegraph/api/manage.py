"""Write routes on stored articles (token-protected, like ``POST /ingest``):

* ``DELETE /api/v1/articles/{id}``: delete an article with its statements, knowledge rows,
  claim memberships and near-duplicate links, in one transaction (``quotegraph delete``).
* ``POST /api/v1/articles/{id}/rerun``: extract it again with the server's pipeline and
  replace its derived rows in one transaction (``quotegraph rerun``); when extraction fails
  the old rows stay and the answer says why.

Each is a recorded run (``/api/v1/runs``), holding the store's writer lock: while an ingest
runs, a write waits a few seconds and then fails with 503 (QG402, the store is busy).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from ..store.ingest import IngestRun, recorded, reextract
from . import convert, errors
from .ingest import require_token
from .models import DeletedOut, RejectedOut, RerunOut, RunOut
from .resources import Resources, resources
from .routes import ArticleId

router = APIRouter(
    dependencies=[Depends(require_token)],
    responses=errors.responses(401, 403, 404, 422, 500, 503),
)


@router.delete("/articles/{article_id}", summary="Delete an article (token-protected)")
async def delete_article(request: Request, article_id: ArticleId) -> DeletedOut:
    """Delete the article and everything derived from it; 404 when it is not stored."""
    return await run_in_threadpool(_delete, resources(request), article_id)


@router.post("/articles/{article_id}/rerun", summary="Extract an article again (token-protected)")
async def rerun_article(request: Request, article_id: ArticleId) -> RerunOut:
    """Extract the stored article again and replace its statements and knowledge rows."""
    return await run_in_threadpool(_rerun, resources(request), article_id)


def _delete(found: Resources, article_id: str) -> DeletedOut:
    with found.stores.checkout() as store:
        if not store.has_article(article_id):
            raise errors.NotFound(f"no article {article_id}")
        run = IngestRun(store, "api delete", [article_id])
        with recorded(run):
            if not store.delete_article(article_id):  # deleted meanwhile
                raise errors.NotFound(f"no article {article_id}")
        return DeletedOut(article_id=article_id, run=_run(run))


def _rerun(found: Resources, article_id: str) -> RerunOut:
    with found.extractor.locked() as pipeline, found.stores.checkout() as store:
        if not store.has_article(article_id):
            raise errors.NotFound(f"no article {article_id}")
        run = IngestRun(store, "api rerun", [article_id])
        with recorded(run):
            (done,) = reextract(run, [article_id], pipeline.extract_all)
        record = _run(run)
    reject = done.reject
    return RerunOut(
        article_id=article_id, source=done.source, status="ok" if reject is None else "failed",
        statements_before=done.statements_before, statements=done.statements, run=record,
        reject=None if reject is None else RejectedOut.model_validate(reject, from_attributes=True),
    )  # fmt: skip


def _run(run: IngestRun) -> RunOut:
    record = run.store.run(run.run_id)
    assert record is not None
    return convert.run(record)
