"""Versioned schema migrations: ``schema/<dialect>/NNNN_name.sql``, applied in order.

Each backend applies :func:`pending` migrations one transaction each and records them in its
``schema_version`` table (``version, name, applied_at``), which the runner itself creates.
Applying is idempotent: a migration already recorded is never run again. A database with a
version newer than this code knows is refused (:class:`StoreError`), never downgraded.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ..errors import StoreError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load(dialect: str) -> tuple[Migration, ...]:
    """The migrations shipped for ``dialect``, by version (each version once; a gap is
    allowed while branches that hold the numbers between are merged)."""
    folder = resources.files("quotegraph.store") / "schema" / dialect
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        raise StoreError(f"schema/{dialect} migrations are not numbered 1, 2, ... once each")
    return tuple(found)


def pending(migrations: tuple[Migration, ...], current: int) -> tuple[Migration, ...]:
    """Migrations after ``current``; refuses a database newer than the code."""
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise StoreError(
            f"the database has schema version {current}, newer than this quotegraph "
            f"supports ({latest})",
            hint="upgrade quotegraph to open this store",
        )
    return tuple(m for m in migrations if m.version > current)


def sqlite_statements(sql: str) -> Iterator[str]:
    """Split an SQLite script into statements (trigger bodies stay whole)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    rest = "\n".join(ln for ln in buffer.splitlines() if not ln.strip().startswith("--"))
    if rest.strip():
        raise StoreError(f"incomplete SQL statement at the end of a migration: {rest.strip()!r}")
