"""The embedded SQLite backend: one file, WAL journal, foreign keys on, FTS5 over statements.

Connections run in autocommit mode and every write opens its own ``BEGIN IMMEDIATE``
transaction: one per article, so a crash never leaves half an article. The FTS5 index
``statements_fts`` is an external-content table kept in sync by triggers (see
``schema/sqlite/0001_initial.sql``); search ranks by ``bm25()``, reading at most the bound + 1
matches once, newest first (FTS5 reads them in descending rowid order and stops), for the
page, the total and the facets (:func:`quotegraph.store.sql.search_sql`). The flow of every
operation is :class:`quotegraph.store.sql.SQLStore`'s; this module supplies SQLite's part. All
SQL is parameterised; the only text composed into SQL are the constant column lists and facet
expressions below.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import QuerySyntaxError, StoreError
from ..nlp.model import Statement
from . import migrate, query, rows, tags
from .sql import (
    SCHEMA_VERSION_DDL,
    SpeakerIds,
    SQLStore,
    forget_cached_reads,
    insert_sql,
)
from .url import MEMORY

_FROM = """
FROM statements_fts
JOIN statements AS s ON s.id = statements_fts.rowid
JOIN articles AS a ON a.id = s.article_id"""
_FROM_STATEMENTS = """
FROM statements_fts
JOIN statements AS s ON s.id = statements_fts.rowid"""
FTS = "statements_fts"
WRITER_LOCK = "-writer.lock"  # suffix of the writer lock file beside the store
_FTS_ERRORS = ("fts5", "syntax error", "unterminated", "no such column", "unknown special query")


def open_sqlite(location: str, create: bool = True) -> SQLiteStore:
    """Open (creating unless ``create`` is false, and migrating) the SQLite store at a path
    or ``:memory:``."""
    if not create and location != MEMORY and not Path(location).is_file():
        raise StoreError(
            f"there is no store at {location}", hint="ingest into it first: quotegraph ingest"
        )
    return SQLiteStore(location)


class SQLiteStore(SQLStore):
    """A store in one SQLite file."""

    DIALECT = "sqlite"
    _STATEMENT_COLUMNS = "s.*"
    _FOR_UPDATE = ""  # BEGIN IMMEDIATE holds the write lock already
    _BYTEWISE = "BINARY"
    _LIKE = "LIKE"  # case-insensitive for ASCII
    _MATCHES_FROM = _FROM
    _MATCHES_FROM_STATEMENTS = _FROM_STATEMENTS
    _MATCHES_INDEX_ONLY = ("FROM statements_fts", "statements_fts.rowid")
    _RANK = "bm25(statements_fts, 1.0, 0.0)"  # the content ranks, the search tags do not
    _NEWEST = "statements_fts.rowid DESC"  # FTS5 reads its matches in rowid order
    _SPEAKER_MATCH = "s.speaker_name LIKE ? ESCAPE '\\'"
    # = s.speaker_name LIKE ..., as a list of the speakers' statements built once (through the
    # small speakers table and the speaker_id index) that each match's rowid is looked up in
    # ("+": not handed to FTS5 as a rowid constraint); no statement row read for a non-match
    _SPEAKER_MATCH_FULL_TEXT = (
        "+statements_fts.rowid IN (SELECT sq.id FROM statements AS sq WHERE sq.speaker_id IN "
        "(SELECT sp.id FROM speakers AS sp WHERE sp.name LIKE ? ESCAPE '\\'))"
    )
    _OUTLET_MATCH = "a.outlet = ? COLLATE NOCASE"
    _IN_IDS = "= ?"  # one statement per id (executemany)
    _SEARCH_ERRORS = (sqlite3.OperationalError,)
    _DOCUMENT_ERRORS = (sqlite3.IntegrityError, sqlite3.DataError)
    _db: sqlite3.Connection
    _lock_file: IO[str] | None = None

    def __init__(self, location: str) -> None:
        self.url = "sqlite://" if location == MEMORY else f"sqlite:///{location}"
        self.path = location
        self._db = _connect(location)
        self._finish_open()

    # -- connection, transactions, migrations ------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; inside another transaction (:meth:`bulk`) a
        savepoint."""
        begin, undo, end = ("BEGIN IMMEDIATE", "ROLLBACK", "COMMIT")
        if self._db.in_transaction:
            begin, undo, end = ("SAVEPOINT write", "ROLLBACK TO write; RELEASE write",
                                "RELEASE write")  # fmt: skip
        self._db.execute(begin)
        try:
            yield self._db
        except BaseException:
            for statement in undo.split("; "):
                self._db.execute(statement)
            raise
        self._db.execute(end)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def _execute_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        self._db.executemany(sql, params)

    def _for_ids(
        self, sql: str, ids: Sequence[int], before: Sequence[Any] = (), after: Sequence[Any] = ()
    ) -> None:
        self._db.executemany(sql, ((*before, i, *after) for i in ids))

    def migrate(self) -> tuple[int, ...]:
        self._db.execute(SCHEMA_VERSION_DDL)
        try:
            return super().migrate()
        except sqlite3.Error as exc:
            raise StoreError(
                f"the quotegraph schema of {self.url} cannot be migrated: {exc}",
                hint="its schema_version table does not match its tables: restore a backup "
                "(quotegraph restore) or ingest into a new store",
            ) from exc

    def _run_script(self, script: str) -> None:
        for statement in migrate.sqlite_statements(script):
            self._db.execute(statement)

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN")  # deferred: WAL readers see one snapshot, take no lock
        try:
            yield self._db
        finally:
            self._db.execute("COMMIT")

    # -- the writer lock: an exclusive flock on <store>-writer.lock, released by the OS
    # when the process dies (the file stays; its content names the last holder) ---------

    def _try_lock_writer(self) -> str | None:
        if self.path == MEMORY:
            return None
        lock = Path(f"{self.path}{WRITER_LOCK}").open("a+")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip() or "a process"
            lock.close()
            return f"held by {holder}"
        lock.truncate(0)
        lock.write(f"pid {os.getpid()} since {rows.utc_now()[:19]} UTC")
        lock.flush()
        self._lock_file = lock
        return None

    def _release_writer(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()  # closing the file releases the flock
            self._lock_file = None

    # -- integrity and backup -----------------------------------------------------------

    def _index_problems(self) -> list[str]:
        found = [f"SQLite: {r[0]}" for r in self._db.execute("PRAGMA quick_check")
                 if r[0] != "ok"]  # fmt: skip
        try:
            self._db.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            found.append(f"{FTS} does not match the statements: {exc}")
        indexed, stored = self._db.execute(
            f"SELECT (SELECT count(*) FROM {FTS}_docsize), (SELECT count(*) FROM statements)"
        ).fetchone()
        if indexed != stored:
            found.append(f"{FTS} indexes {indexed} statements, the store holds {stored}")
        stale = self._db.execute(
            "SELECT count(*) FROM statements AS s JOIN statement_search_tags AS t "
            "ON t.id = s.id WHERE s.search_tags IS NOT t.tags "
            "AND s.article_id IN (SELECT id FROM articles)"  # orphans are reported apart
        ).fetchone()[0]
        if stale:  # unindexed (no tags) or found by the wrong filters
            found.append(
                f"{stale} statements have no search_tags or stale ones: UPDATE statements SET "
                "search_tags = (SELECT tags FROM statement_search_tags AS t "
                "WHERE t.id = statements.id)"
            )
        return found

    def _foreign_keys(self) -> list[tuple[str, str, str, str]]:
        tables = [r[0] for r in self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]  # fmt: skip
        return [
            (table, fk["from"], fk["table"], fk["to"])
            for table in tables
            for fk in self._db.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,))
            if fk["to"] is not None
        ]

    def backup(self, path: Path) -> None:
        from .backup import sqlite_copy

        sqlite_copy(self._db, path)

    def restore(self, path: Path) -> None:
        from .backup import sqlite_restore

        sqlite_restore(path, self._db)
        self._bands_filled = False
        forget_cached_reads()

    # -- articles and speakers ----------------------------------------------------------

    def _insert_article(self, row: Mapping[str, Any]) -> bool:
        if self.has_article(row["id"]):
            return False
        self._db.execute(insert_sql("articles", rows.ARTICLE_COLUMNS, ":{}"), row)
        return True

    def _insert_rows(
        self, table: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]
    ) -> None:
        self._db.executemany(insert_sql(table, columns, ":{}"), records)

    def _speaker_ids(self, statements: Iterable[Statement]) -> SpeakerIds:
        ids: SpeakerIds = {None: None}
        for key in {k for k in map(rows.speaker_key, statements) if k is not None}:
            row = self._db.execute(
                "INSERT INTO speakers (name, type) VALUES (?, ?) "
                "ON CONFLICT (name, type) DO UPDATE SET name = excluded.name RETURNING id",
                key,
            ).fetchone()
            ids[key] = int(row[0])
        return ids

    # -- search -------------------------------------------------------------------------

    def _full_text(self, tokens: tuple[query.Token, ...]) -> str:
        return query.to_fts5(tokens)

    def _tag_match(self, rendered: str, found: tags.TagMatch) -> tuple[str, list[Any]]:
        """One FTS5 query: ``rendered`` in the content column, the tags in ``search_tags``
        (the outlet's spelt by SQLite, as the trigger spells it)."""
        parts = [f"content : ({rendered})", *(f'search_tags : "{t}"' for t in found.all_of)]
        if found.any_of:
            parts.append(f"search_tags : ({' OR '.join(found.any_of)})")
        if found.outlet is None:
            return "statements_fts MATCH ?", [" AND ".join(parts)]
        outlet = "' AND search_tags : o' || lower(hex(lower(?)))"
        return f"statements_fts MATCH (? || {outlet})", [" AND ".join(parts), found.outlet]

    def _search_error(self, exc: Exception, text: str) -> Exception:
        message = str(exc)
        if any(marker in message.lower() for marker in _FTS_ERRORS):
            return QuerySyntaxError(f"cannot parse the query {text!r}: {message}")
        return StoreError(f"search failed: {message}")


def _connect(location: str) -> sqlite3.Connection:
    if location != MEMORY:
        try:
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {location}: {exc}") from exc
    try:
        # One thread at a time, not always the same one (the API's connection pool).
        db = sqlite3.connect(location, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA busy_timeout = 10000")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {location} as a SQLite store: {exc}") from exc
    return db
