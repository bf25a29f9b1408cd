"""The quotegraph store: articles, statements, speakers, runs and rejects, searchable.

Public surface::

    open_store(url_or_path=None) -> Store     # a path, sqlite:///path, postgresql://...
    Store.ingest(paths, options) -> RunRecord
    Store.search(SearchQuery(...)) -> SearchResult
    Store.rejects() / runs() / document(article_id) / counts()

The backend is chosen from the URL's scheme in :data:`BACKENDS` (``module:factory``); the
factory takes the location and ``create`` and returns an open, migrated :class:`Store`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from ..errors import UsageError
from .base import (
    FACETS,
    FacetCount,
    Hit,
    Outcome,
    RejectRecord,
    RunCounts,
    RunRecord,
    SearchQuery,
    SearchResult,
    Span,
    Store,
    When,
)
from .url import ENV_VAR, StoreURL, default_location, parse_url

BACKENDS: Mapping[str, str] = MappingProxyType({"sqlite": "quotegraph.store.sqlite:open_sqlite"})


def open_store(url_or_path: str | Path | None = None, *, create: bool = True) -> Store:
    """Open the store at ``url_or_path``, migrating its schema as needed.

    ``None`` means ``$QUOTEGRAPH_DB`` or ``~/.local/share/quotegraph/quotegraph.db``. With
    ``create=False`` a store that does not exist yet is a :class:`StoreError` (for commands
    that only read, so that a mistyped path is not silently created).
    """
    target = parse_url(url_or_path)
    factory = _backend(target)
    return factory(target.location, create)


def _backend(target: StoreURL) -> Callable[[str, bool], Store]:
    spec = BACKENDS.get(target.backend)
    if spec is None:
        raise UsageError(
            "PostgreSQL backend not available yet",
            hint="use a SQLite file for now: --db PATH or --db sqlite:///PATH",
        )
    module, name = spec.split(":")
    factory: Callable[[str, bool], Store] = getattr(importlib.import_module(module), name)
    return factory


__all__ = [
    "BACKENDS", "ENV_VAR", "FACETS", "FacetCount", "Hit", "Outcome", "RejectRecord",
    "RunCounts", "RunRecord", "SearchQuery", "SearchResult", "Span", "Store", "StoreURL",
    "When", "default_location", "open_store", "parse_url",
]  # fmt: skip
