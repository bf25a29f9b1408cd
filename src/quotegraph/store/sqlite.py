"""The embedded SQLite backend: one file, WAL journal, foreign keys on, FTS5 over statements.

Connections run in autocommit mode and every write opens its own ``BEGIN IMMEDIATE``
transaction: one per article, so a crash never leaves half an article. The FTS5 index
``statements_fts`` is an external-content table kept in sync by triggers (see
``schema/sqlite/0001_initial.sql``); search ranks by ``bm25()``. All SQL is parameterised;
the only text composed into SQL are the constant column lists and facet expressions below.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..article.model import Article, Reject
from ..errors import QuerySyntaxError, StoreError
from ..nlp.model import Document, Statement
from . import migrate, query, rows
from .base import (
    FACET_SIZE,
    FACETS,
    TABLES,
    FacetCount,
    Hit,
    Outcome,
    RejectRecord,
    RunCounts,
    RunRecord,
    SearchQuery,
    SearchResult,
    SpeakerList,
    SpeakerProfile,
    SpeakerQuery,
    Store,
    check_page,
    input_of,
    source_key,
)
from .url import MEMORY

_SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""
_FROM = """
FROM statements_fts
JOIN statements AS s ON s.id = statements_fts.rowid
JOIN articles AS a ON a.id = s.article_id"""
_ROW_COLUMNS = """s.*, a.source, a.url, a.outlet,
    a.headline, a.headline_start, a.headline_end,
    a.standfirst, a.standfirst_start, a.standfirst_end,
    a.published_date, a.published_month, a.published_day, a.published_year_min,
    a.published_year_max, a.published_basis, a.published_confidence,
    p.text AS paragraph_text, p.start_char AS paragraph_start, p.end_char AS paragraph_end"""
_HIT_COLUMNS = f"{_ROW_COLUMNS}, bm25(statements_fts) AS rank"
# A statement with its provenance outside a full-text search (rank NULL: score 0).
_STATEMENT_SELECT = f"""SELECT {_ROW_COLUMNS}, NULL AS rank
FROM statements AS s
JOIN articles AS a ON a.id = s.article_id
LEFT JOIN paragraphs AS p ON p.article_id = s.article_id AND p.idx = s.paragraph"""
_SPEAKER_SELECT = """SELECT sp.id, sp.name, sp.type, count(s.id) AS statements,
    count(DISTINCT s.article_id) AS articles,
    min(a.published_date) AS first_published, max(a.published_date) AS last_published
FROM speakers AS sp
LEFT JOIN statements AS s ON s.speaker_id = sp.id
LEFT JOIN articles AS a ON a.id = s.article_id"""
FACET_EXPRESSIONS: Mapping[str, str] = MappingProxyType(
    {
        "speaker": "coalesce(s.speaker_name, '(unknown)')",
        "outlet": "coalesce(a.outlet, '(unknown)')",
        "kind": "s.kind",
        "month": "coalesce(substr(a.published_date, 1, 7), '(unknown)')",
    }
)
_FTS_ERRORS = ("fts5", "syntax error", "unterminated", "no such column", "unknown special query")


def open_sqlite(location: str, create: bool = True) -> SQLiteStore:
    """Open (creating unless ``create`` is false, and migrating) the SQLite store at a path
    or ``:memory:``."""
    if not create and location != MEMORY and not Path(location).is_file():
        raise StoreError(
            f"there is no store at {location}", hint="ingest into it first: quotegraph ingest"
        )
    return SQLiteStore(location)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"


_INSERT_ARTICLE = _insert_sql("articles", rows.ARTICLE_COLUMNS)
_INSERT_PARAGRAPH = _insert_sql("paragraphs", rows.PARAGRAPH_COLUMNS)
_INSERT_STATEMENT = _insert_sql("statements", rows.STATEMENT_COLUMNS)


class SQLiteStore(Store):
    """A store in one SQLite file."""

    def __init__(self, location: str) -> None:
        self.url = "sqlite://" if location == MEMORY else f"sqlite:///{location}"
        self.path = location
        self._db = _connect(location)
        try:
            self.migrate()
        except BaseException:
            self._db.close()
            raise

    # -- connection, transactions, migrations ------------------------------------------

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def migrate(self) -> tuple[int, ...]:
        self._db.execute(_SCHEMA_VERSION_DDL)
        applied = []
        for migration in migrate.pending(migrate.load("sqlite"), self.schema_version()):
            with self._transaction() as db:
                if self.schema_version() >= migration.version:  # another process did it
                    continue
                for statement in migrate.sqlite_statements(migration.sql):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, rows.utc_now()),
                )
            applied.append(migration.version)
        return tuple(applied)

    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (command, inputs, started_at, version) VALUES (?, ?, ?, ?)",
                (
                    command,
                    json.dumps(list(inputs), ensure_ascii=False),
                    rows.utc_now(),
                    rows.package_version(),
                ),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: RunCounts, status: str = "finished") -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, status = ?, ok = ?, replaced = ?, "
                "duplicates = ?, rejected = ? WHERE id = ?",
                (rows.utc_now(), status, counts.ok, counts.replaced, counts.duplicates,
                 counts.rejected, run_id),
            )  # fmt: skip

    def runs(self, limit: int = 20) -> list[RunRecord]:
        cur = self._db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [rows.run_record(r) for r in cur]

    def run(self, run_id: int) -> RunRecord | None:
        row = self._db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return rows.run_record(row) if row else None

    # -- articles -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        cur = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return cur.fetchone() is not None

    def write_document(self, doc: Document, run_id: int) -> Outcome:
        article = doc.article
        with self._transaction():
            known = self.has_article(article.id)
            if not known:
                self._insert_document(doc, run_id)
            moved = self._map_source(article, run_id)
            self._resolve_rejects(article.source, run_id)
        if known:
            return Outcome.DUPLICATE
        return Outcome.REPLACED if moved else Outcome.NEW

    def record_duplicate(self, article: Article, run_id: int) -> Outcome:
        with self._transaction():
            self._map_source(article, run_id)
            self._resolve_rejects(article.source, run_id)
        return Outcome.DUPLICATE

    def _insert_document(self, doc: Document, run_id: int) -> None:
        article = doc.article
        self._db.execute(_INSERT_ARTICLE, rows.article_row(article, run_id, rows.utc_now()))
        self._db.executemany(_INSERT_PARAGRAPH, rows.paragraph_rows(article))
        speaker_ids = self._speaker_ids(doc.statements)
        self._db.executemany(
            _INSERT_STATEMENT,
            (
                rows.statement_row(article.id, i, s, speaker_ids[rows.speaker_key(s)])
                for i, s in enumerate(doc.statements)
            ),
        )

    def _speaker_ids(
        self, statements: Iterable[Statement]
    ) -> dict[tuple[str, str] | None, int | None]:
        """Speaker id per ``(name, type)``, creating speakers as needed (None: unnamed)."""
        ids: dict[tuple[str, str] | None, int | None] = {None: None}
        for key in {k for k in map(rows.speaker_key, statements) if k is not None}:
            row = self._db.execute(
                "INSERT INTO speakers (name, type) VALUES (?, ?) "
                "ON CONFLICT (name, type) DO UPDATE SET name = excluded.name RETURNING id",
                key,
            ).fetchone()
            ids[key] = int(row[0])
        return ids

    def _map_source(self, article: Article, run_id: int) -> bool:
        """Point the article's source key at it; True when it held another article."""
        key = source_key(article)
        if key is None:
            return False
        row = self._db.execute("SELECT article_id FROM sources WHERE key = ?", (key,)).fetchone()
        self._db.execute(
            "INSERT INTO sources (key, article_id, source, first_run, last_run) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "article_id = excluded.article_id, source = excluded.source, last_run = ?",
            (key, article.id, article.source, run_id, run_id, run_id),
        )
        if row is None or row[0] == article.id:
            return False
        self._drop_if_orphan(row[0])
        return True

    def _drop_if_orphan(self, article_id: str) -> None:
        """Delete an article (cascading to its derived rows) no source points at any more."""
        speakers = self._db.execute(
            "SELECT DISTINCT speaker_id FROM statements "
            "WHERE article_id = ? AND speaker_id IS NOT NULL",
            (article_id,),
        ).fetchall()
        cur = self._db.execute(
            "DELETE FROM articles WHERE id = ? AND NOT EXISTS "
            "(SELECT 1 FROM sources WHERE article_id = ?)",
            (article_id, article_id),
        )
        if cur.rowcount:
            self._db.executemany(
                "DELETE FROM speakers WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM statements WHERE speaker_id = ?)",
                ((r[0], r[0]) for r in speakers),
            )

    def document(self, article_id: str) -> Document | None:
        article = self._db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if article is None:
            return None
        paragraphs = self._db.execute(
            "SELECT * FROM paragraphs WHERE article_id = ? ORDER BY idx", (article_id,)
        ).fetchall()
        statements = self._db.execute(
            "SELECT * FROM statements WHERE article_id = ? ORDER BY idx", (article_id,)
        ).fetchall()
        return rows.document_from_rows(article, paragraphs, statements)

    def counts(self) -> dict[str, int]:
        out = {}
        for table in TABLES:  # constant names
            out[table] = int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    # -- statements and speakers --------------------------------------------------------

    def statement(self, statement_id: int) -> Hit | None:
        cur = self._db.execute(f"{_STATEMENT_SELECT} WHERE s.id = ?", (statement_id,))
        row = cur.fetchone()
        return rows.hit_from_row(row) if row else None

    def speakers(self, q: SpeakerQuery) -> SpeakerList:
        where, params = _speaker_where(q)
        total = self._db.execute(f"SELECT count(*) FROM speakers AS sp WHERE {where}", params)
        cur = self._db.execute(
            f"{_SPEAKER_SELECT} WHERE {where} GROUP BY sp.id "
            "ORDER BY statements DESC, sp.name, sp.id LIMIT ? OFFSET ?",
            [*params, q.limit, q.offset],
        )
        found = tuple(rows.speaker_summary(r) for r in cur)
        return SpeakerList(int(total.fetchone()[0]), found)

    def speaker(self, speaker_id: int, limit: int = 20, offset: int = 0) -> SpeakerProfile | None:
        check_page(limit, offset)
        cur = self._db.execute(f"{_SPEAKER_SELECT} WHERE sp.id = ? GROUP BY sp.id", (speaker_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return SpeakerProfile(
            rows.speaker_summary(row),
            self._speaker_months(speaker_id),
            self._speaker_statements(speaker_id, limit, offset),
        )

    def _speaker_months(self, speaker_id: int) -> tuple[FacetCount, ...]:
        month = FACET_EXPRESSIONS["month"]
        cur = self._db.execute(
            f"SELECT {month} AS value, count(*) AS n FROM statements AS s "
            "JOIN articles AS a ON a.id = s.article_id WHERE s.speaker_id = ? "
            "GROUP BY value ORDER BY value = '(unknown)', value",
            (speaker_id,),
        )
        return tuple(FacetCount(r["value"], r["n"]) for r in cur)

    def _speaker_statements(self, speaker_id: int, limit: int, offset: int) -> tuple[Hit, ...]:
        cur = self._db.execute(
            f"{_STATEMENT_SELECT} WHERE s.speaker_id = ? ORDER BY a.published_date IS NULL, "
            "a.published_date DESC, s.article_id, s.idx LIMIT ? OFFSET ?",
            (speaker_id, limit, offset),
        )
        return tuple(rows.hit_from_row(r) for r in cur)

    # -- rejects ------------------------------------------------------------------------

    def add_reject(self, reject: Reject, run_id: int) -> None:
        now = rows.utc_now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO rejects (source, code, message, run_id, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
                "code = excluded.code, message = excluded.message, run_id = excluded.run_id, "
                "last_seen = excluded.last_seen, resolved_run = NULL",
                (reject.source, reject.code, reject.message, run_id, now, now),
            )

    def _resolve_rejects(self, source: str, run_id: int) -> None:
        self._db.execute(
            "UPDATE rejects SET resolved_run = ? WHERE resolved_run IS NULL AND source IN (?, ?)",
            (run_id, source, input_of(source)),
        )

    def rejects(self, include_resolved: bool = False) -> list[RejectRecord]:
        sql = "SELECT * FROM rejects WHERE resolved_run IS NULL OR ? ORDER BY id"
        return [rows.reject_record(r) for r in self._db.execute(sql, (int(include_resolved),))]

    def mark_retried(self, reject_ids: Iterable[int]) -> None:
        with self._transaction() as db:
            db.executemany(
                "UPDATE rejects SET retried = retried + 1 WHERE id = ?", ((i,) for i in reject_ids)
            )

    def resolve_retried(self, reject_ids: Iterable[int], run_id: int) -> int:
        ids = set(reject_ids)
        with self._transaction() as db:
            db.executemany(
                "UPDATE rejects SET resolved_run = ? "
                "WHERE id = ? AND resolved_run IS NULL AND run_id != ?",
                ((run_id, i, run_id) for i in ids),
            )
            cur = db.execute("SELECT id FROM rejects WHERE resolved_run = ?", (run_id,))
            return len(ids & {row[0] for row in cur})

    # -- search -------------------------------------------------------------------------

    def search(self, q: SearchQuery) -> SearchResult:
        where, params = _where(q)
        try:
            total = int(self._db.execute(f"SELECT count(*) {_FROM} WHERE {where}", params)
                        .fetchone()[0])  # fmt: skip
            hits = self._hits(where, params, q) if total else []
            facets = self._facets(where, params) if q.facets and total else {}
        except sqlite3.OperationalError as exc:
            raise _search_error(exc, q.text) from exc
        return SearchResult(q.text, total, tuple(hits), facets)

    def _hits(self, where: str, params: list[Any], q: SearchQuery) -> list[Hit]:
        sql = (
            f"SELECT {_HIT_COLUMNS} {_FROM} LEFT JOIN paragraphs AS p "
            f"ON p.article_id = s.article_id AND p.idx = s.paragraph "
            f"WHERE {where} ORDER BY rank, s.id LIMIT ? OFFSET ?"
        )
        cur = self._db.execute(sql, [*params, q.limit, q.offset])
        return [rows.hit_from_row(r) for r in cur]

    def _facets(self, where: str, params: list[Any]) -> dict[str, tuple[FacetCount, ...]]:
        out = {}
        for name in FACETS:
            sql = (
                f"SELECT {FACET_EXPRESSIONS[name]} AS value, count(*) AS n {_FROM} "
                f"WHERE {where} GROUP BY value ORDER BY n DESC, value LIMIT ?"
            )
            cur = self._db.execute(sql, [*params, FACET_SIZE])
            out[name] = tuple(FacetCount(r["value"], r["n"]) for r in cur)
        return out


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


def _where(q: SearchQuery) -> tuple[str, list[Any]]:
    clauses = ["statements_fts MATCH ?"]
    params: list[Any] = [query.to_fts5(query.parse(q.text))]
    if q.speaker:
        clauses.append("s.speaker_name LIKE ? ESCAPE '\\'")
        params.append(f"%{_like_escape(q.speaker)}%")
    if q.outlet:
        clauses.append("a.outlet = ? COLLATE NOCASE")
        params.append(q.outlet)
    if q.kind:
        clauses.append("s.kind = ?")
        params.append(q.kind)
    if q.since:
        clauses.append("a.published_date >= ?")
        params.append(q.since.isoformat())
    if q.until:
        clauses.append("a.published_date <= ?")
        params.append(q.until.isoformat())
    return " AND ".join(clauses), params


def _speaker_where(q: SpeakerQuery) -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if q.name:
        clauses.append("sp.name LIKE ? ESCAPE '\\'")
        params.append(f"%{_like_escape(q.name)}%")
    if q.type:
        clauses.append("sp.type = ?")
        params.append(q.type)
    return " AND ".join(clauses), params


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_error(exc: sqlite3.OperationalError, text: str) -> Exception:
    message = str(exc)
    if any(marker in message.lower() for marker in _FTS_ERRORS):
        return QuerySyntaxError(f"cannot parse the query {text!r}: {message}")
    return StoreError(f"search failed: {message}")
