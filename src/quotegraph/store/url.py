"""Store locations: a path, ``sqlite:///path`` or ``postgresql://...``, and the default.

The default is ``$QUOTEGRAPH_DB`` when set, else ``~/.local/share/quotegraph/quotegraph.db``.
``sqlite:///rel.db`` is relative to the working directory and ``sqlite:////abs.db`` absolute
(the SQLAlchemy convention); ``sqlite://`` and ``sqlite:///:memory:`` are in-memory stores.
``postgresql://`` (or ``postgres://``) URLs are libpq connection URIs, passed on as given;
:func:`redacted` hides their password wherever a URL is shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..errors import UsageError

ENV_VAR = "QUOTEGRAPH_DB"
DEFAULT_PATH = "~/.local/share/quotegraph/quotegraph.db"
MEMORY = ":memory:"
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})


@dataclass(frozen=True, slots=True)
class StoreURL:
    """A parsed store location: ``backend`` is ``sqlite`` or ``postgresql``."""

    backend: str
    location: str  # SQLite: a filesystem path or ":memory:"; PostgreSQL: the URL as given

    def __str__(self) -> str:
        return self.location


def default_location() -> str:
    """``$QUOTEGRAPH_DB``, else the default SQLite file."""
    return os.environ.get(ENV_VAR) or str(Path(DEFAULT_PATH).expanduser())


def parse_url(value: str | Path | None = None) -> StoreURL:
    """Where the store is; raises :class:`UsageError` for a URL quotegraph cannot open."""
    raw = default_location() if value is None or str(value) == "" else str(value)
    scheme, sep, rest = raw.partition("://")
    if not sep:
        return StoreURL("sqlite", str(Path(raw).expanduser()))
    scheme = scheme.lower()
    if scheme == "sqlite":
        return StoreURL("sqlite", _sqlite_path(rest, raw))
    if scheme in POSTGRES_SCHEMES:
        return StoreURL("postgresql", raw)
    raise UsageError(
        f"--db wants a file path, sqlite:///path or postgresql://..., got {raw!r}",
        hint="e.g. --db ~/quotes.db or --db sqlite:////var/lib/quotegraph/q.db",
    )


def redacted(url: str) -> str:
    """``url`` with its password (in the authority or a ``password=`` parameter) as ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password:
        userinfo, _, hosts = netloc.rpartition("@")
        netloc = f"{userinfo.partition(':')[0]}:***@{hosts}"
    params = [
        "password=***" if p.partition("=")[0] == "password" else p for p in parts.query.split("&")
    ]
    return urlunsplit(parts._replace(netloc=netloc, query="&".join(params)))


def _sqlite_path(rest: str, raw: str) -> str:
    if rest in ("", "/", f"/{MEMORY}"):
        return MEMORY
    if not rest.startswith("/"):
        raise UsageError(
            f"a sqlite URL has no host: use sqlite:///relative.db or sqlite:////abs.db, got {raw!r}"
        )
    return str(Path(rest[1:]).expanduser())
