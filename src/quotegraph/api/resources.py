"""What a running app holds, in ``app.state.quotegraph``: store handles and the extractor.

Routes run in worker threads. A store handle (one database connection) serves one request at
a time: :meth:`StorePool.checkout` lends an idle handle or opens another, and takes it back
after the request; at most ``max_idle`` stay open between requests and all are closed at
shutdown. Stores open read-only-style (``create=False``): a missing store is a 503 with the
standard error shape, not a new empty file. The extraction pipeline loads on first use (spaCy
takes seconds) and runs one document at a time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from ..errors import QuotegraphError, StoreError
from ..options import Options
from ..store import Store, open_store
from .auth import TOKEN_ENV
from .limits import Limits

if TYPE_CHECKING:
    from ..article.model import Article
    from ..nlp.model import Document
    from ..nlp.pipeline import Pipeline

DEFAULT_MAX_IDLE = 8


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Server settings beyond the store and the extraction options.

    ``cors_origins``: origins allowed to call the API from a browser page on another origin
    (empty, the default: no CORS headers, so browsers keep other sites out).
    ``max_idle_stores``: store handles kept open between requests.
    ``token``: the bearer token of write routes (default: ``$QUOTEGRAPH_TOKEN``; None: the
    server takes no writes).
    ``ui``: serve the web pages (:mod:`quotegraph.web`) beside the API.
    ``limits``: request-size and per-client rate limits (:mod:`quotegraph.api.limits`).
    """

    cors_origins: tuple[str, ...] = ()
    max_idle_stores: int = DEFAULT_MAX_IDLE
    token: str | None = field(default_factory=lambda: os.environ.get(TOKEN_ENV) or None)
    ui: bool = True
    limits: Limits = field(default_factory=Limits.from_env)


class StorePool:
    """Store handles lent to requests, one request at a time each (see the module docstring)."""

    def __init__(self, url: str | None, max_idle: int = DEFAULT_MAX_IDLE) -> None:
        self.url = url
        self._max_idle = max_idle
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def checkout(self) -> Iterator[Store]:
        """A store for the duration of the block; a handle that failed unexpectedly is
        closed rather than reused."""
        store = self._take()
        try:
            yield store
        except QuotegraphError:
            self._give(store)
            raise
        except BaseException:
            store.close()
            raise
        self._give(store)

    def _take(self) -> Store:
        with self._lock:
            if self._closed:
                raise StoreError("the server is shutting down", hint="retry in a moment")
            if self._idle:
                return self._idle.pop()
        return open_store(self.url, create=False)

    def _give(self, store: Store) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self._max_idle:
                self._idle.append(store)
                return
        store.close()

    def close(self) -> None:
        """Close the idle handles; handles lent out close when they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


class Extractor:
    """The statement pipeline for ``POST /extract``: loaded on first use, one call at a time
    (a spaCy pipeline is not meant to be shared between threads)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None

    def __call__(self, article: Article) -> Document:
        with self._lock:
            return self._loaded()(article)

    @contextmanager
    def locked(self) -> Iterator[Pipeline]:
        """The pipeline, for this thread alone until the block ends (a whole ingest run)."""
        with self._lock:
            yield self._loaded()

    def _loaded(self) -> Pipeline:
        if self._pipeline is None:
            from ..nlp.pipeline import Pipeline

            self._pipeline = Pipeline(self.options)
        return self._pipeline


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the routes share; one per app."""

    stores: StorePool
    extractor: Extractor
    options: Options
    settings: ApiSettings

    def close(self) -> None:
        self.stores.close()


def resources(request: Request) -> Resources:
    """The app's :class:`Resources` (set by :func:`quotegraph.api.create_app`)."""
    found = request.app.state.quotegraph
    assert isinstance(found, Resources)
    return found
