"""The quotegraph store: articles, statements, speakers, runs and rejects, searchable.

Public surface::

    open_store(url_or_path=None) -> Store     # a path, sqlite:///path, postgresql://...
                                              # (PostgreSQL: pip install quotegraph[postgres])
    Store.ingest(paths, options) -> RunRecord
    Store.search(SearchQuery(...)) -> SearchResult   # or search("text", speaker=..., ...)
    Store.documents() / statements() / article_ids()   # everything stored (export)
    SearchResult / SpeakerList / SpeakerProfile .rows() / .to_pandas() / .to_arrow()
    Store.rejects() / runs() / document(article_id) / counts() / stats()
    Store.statement(id) / speakers(SpeakerQuery(...)) / speaker(id, limit, offset)
    Store.speaker_context(id)   # mentions, titles, statements per day, co-speakers

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
    CoEntity,
    CoSpeaker,
    FacetCount,
    GroupCount,
    Hit,
    Outcome,
    RejectRecord,
    RunCounts,
    RunRecord,
    SearchQuery,
    SearchResult,
    Span,
    SpeakerContext,
    SpeakerList,
    SpeakerProfile,
    SpeakerQuery,
    SpeakerSummary,
    Store,
    StoreStats,
    Usage,
    When,
)
from .url import ENV_VAR, StoreURL, default_location, parse_url

BACKENDS: Mapping[str, str] = MappingProxyType(
    {
        "sqlite": "quotegraph.store.sqlite:open_sqlite",
        "postgresql": "quotegraph.store.postgres:open_postgres",
    }
)
EXTRAS: Mapping[str, str] = MappingProxyType({"postgresql": "postgres"})  # pip extras


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
    module, name = BACKENDS[target.backend].split(":")
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module or target.backend not in EXTRAS:
            raise
        raise UsageError(
            f"the {target.backend} backend needs the Python package {exc.name}, "
            "which is not installed",
            hint=f"pip install 'quotegraph[{EXTRAS[target.backend]}]'",
        ) from exc
    factory: Callable[[str, bool], Store] = getattr(loaded, name)
    return factory


__all__ = [
    "BACKENDS",
    "ENV_VAR",
    "EXTRAS",
    "FACETS",
    "CoEntity",
    "CoSpeaker",
    "FacetCount",
    "GroupCount",
    "Hit",
    "Outcome",
    "RejectRecord",
    "RunCounts",
    "RunRecord",
    "SearchQuery",
    "SearchResult",
    "Span",
    "SpeakerContext",
    "SpeakerList",
    "SpeakerProfile",
    "SpeakerQuery",
    "SpeakerSummary",
    "Store",
    "StoreStats",
    "StoreURL",
    "Usage",
    "When",
    "default_location",
    "open_store",
    "parse_url",
]  # fmt: skip
