"""The FastAPI application: :func:`create_app` builds one, for ``quotegraph serve`` or a test.

Routes live under ``/api/v1`` (:data:`PREFIX`); the OpenAPI schema is
``/api/v1/openapi.json`` and its browsable form ``/api/v1/docs``. The app keeps its store
handles and extractor in ``app.state.quotegraph`` (:class:`~quotegraph.api.resources.Resources`)
and closes them at shutdown. CORS is off unless origins are configured.

Write routes (``POST /ingest`` in :mod:`.ingest`; delete and re-run in :mod:`.manage`) have
their own routers with a bearer-token dependency (no ``QUOTEGRAPH_TOKEN``: writes refused).
Request-size and per-client rate limits are middleware (:mod:`quotegraph.api.limits`, added
in :func:`_add_middleware`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .. import __version__
from ..options import Options
from ..store import parse_url
from . import claims, errors, extract, ingest, knowledge, manage, routes
from .limits import LimitsMiddleware
from .resources import ApiSettings, Extractor, Resources, StorePool, resources

PREFIX = "/api/v1"
DESCRIPTION = (
    "Who said what, to whom, when and where: statements extracted from news-wire articles, "
    "with provenance (article, source, character offsets, sentence). Every error has the "
    'shape {"error": {"code", "message", "hint"}, "status"}.'
)


def create_app(
    store_url: str | None = None,
    options: Options | None = None,
    settings: ApiSettings | None = None,
) -> FastAPI:
    """An app serving the store at ``store_url`` (a path, ``sqlite:///...`` or
    ``postgresql://...``; None: ``$QUOTEGRAPH_DB`` or the default file). ``options`` are the
    extraction options for ``POST /extract``. Nothing is opened until the first request."""
    parse_url(store_url)  # a malformed URL fails here, not on every request
    settings = settings or ApiSettings()
    options = options or Options()
    app = FastAPI(
        title="quotegraph",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.quotegraph = Resources(
        stores=StorePool(store_url, settings.max_idle_stores),
        extractor=Extractor(options),
        options=options,
        settings=settings,
    )
    errors.install(app)
    app.include_router(routes.router, prefix=PREFIX)
    app.include_router(extract.router, prefix=PREFIX)
    app.include_router(knowledge.router, prefix=PREFIX)
    app.include_router(ingest.router, prefix=PREFIX)
    app.include_router(manage.router, prefix=PREFIX)
    app.include_router(claims.router, prefix=PREFIX)
    _add_middleware(app, settings)
    if settings.ui:
        from .. import web

        web.install(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Close the store handles when the server stops."""
    try:
        yield
    finally:
        found = app.state.quotegraph
        assert isinstance(found, Resources)
        found.close()


def _add_middleware(app: FastAPI, settings: ApiSettings) -> None:
    app.add_middleware(LimitsMiddleware, limits=settings.limits)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )


__all__ = ["PREFIX", "ApiSettings", "create_app", "resources"]
