"""The quotegraph REST API (FastAPI), served by ``quotegraph serve``.

Public surface::

    create_app(store_url=None, options=None, settings=None) -> FastAPI
    ApiSettings(cors_origins=(), max_idle_stores=8)

Routes (all under ``/api/v1``): ``GET /statements?q=`` (search), ``/statements/{id}``,
``/speakers``, ``/speakers/{id}``, ``/articles/{id}``, ``/rejects``, ``/runs``, ``/health``;
``POST /extract``. Schema: ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from .app import PREFIX, create_app
from .resources import ApiSettings

__all__ = ["PREFIX", "ApiSettings", "create_app"]
