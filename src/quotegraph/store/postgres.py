"""The PostgreSQL backend (psycopg 3): the same tables as SQLite, tsvector/GIN full-text search.

``open_store("postgresql://user:password@host/dbname")`` opens a database that must exist
(``createdb dbname``); its schema is created and migrated on open (``schema/postgres/``,
serialised between processes by an advisory lock). The connection runs in autocommit mode and
every write is its own transaction: one per article (its row, then paragraphs and statements
by ``COPY``, speakers in one upsert, the source mapping and the rejects it resolves), so a
crash never leaves half an article. The article's insert is ``ON CONFLICT DO NOTHING``: two
writers racing on one article store it once.

Search: ``statements.content_tsv`` is a generated ``tsvector`` over ``content`` (text search
configuration ``quotegraph``: English stemming, no stop words) with a GIN index; the query is
rendered by :func:`quotegraph.store.query.to_tsquery` from the same parse as SQLite's FTS5
query and ranked by ``ts_rank_cd`` (length-normalised). The best hits are picked on
``(rank, id)`` before their columns are joined; the total and the facets (``GROUP BY`` over
the matches) come from one statement. Search statements are never server-side prepared, so
each is planned for its own query. All SQL is parameterised; the only text composed into SQL
are the constant column lists, table names and facet expressions below.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow, dict_row

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
from .migrate import Migration
from .url import redacted

DIALECT = "postgres"
CONNECT_TIMEOUT = 10  # seconds, unless the URL says connect_timeout=
_MIGRATION_LOCK = 0x71756F74  # pg_advisory_xact_lock key: "quot"
_SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at text NOT NULL
)"""
_STATEMENT_COLUMNS = ", ".join(f"s.{c}" for c in ("id", *rows.STATEMENT_COLUMNS))
_MATCH = "s.content_tsv @@ to_tsquery('quotegraph', %(tsquery)s)"
_FROM = "FROM statements AS s JOIN articles AS a ON a.id = s.article_id"
_ROW_COLUMNS = f"""{_STATEMENT_COLUMNS}, a.source, a.url, a.outlet,
    a.headline, a.headline_start, a.headline_end,
    a.standfirst, a.standfirst_start, a.standfirst_end,
    a.published_date, a.published_month, a.published_day, a.published_year_min,
    a.published_year_max, a.published_basis, a.published_confidence,
    p.text AS paragraph_text, p.start_char AS paragraph_start, p.end_char AS paragraph_end"""
_WITH_PARAGRAPH = "LEFT JOIN paragraphs AS p ON p.article_id = s.article_id AND p.idx = s.paragraph"
# ts_rank_cd normalised by 1 + log(length), negated to sort like SQLite's bm25() (lower first)
_RANK = "-ts_rank_cd(s.content_tsv, to_tsquery('quotegraph', %(tsquery)s), 1)"
# A statement with its provenance outside a full-text search (rank NULL: score 0).
_STATEMENT_SELECT = f"SELECT {_ROW_COLUMNS}, NULL AS rank {_FROM} {_WITH_PARAGRAPH}"
_SPEAKER_SELECT = """SELECT sp.id, sp.name, sp.type, count(s.id) AS statements,
    count(DISTINCT s.article_id) AS articles,
    min(a.published_date) AS first_published, max(a.published_date) AS last_published
FROM speakers AS sp
LEFT JOIN statements AS s ON s.speaker_id = sp.id
LEFT JOIN articles AS a ON a.id = s.article_id"""
_MONTH = "coalesce(substr(a.published_date, 1, 7), '(unknown)')"
FACET_EXPRESSIONS: Mapping[str, str] = MappingProxyType(
    {
        "speaker": "coalesce(speaker_name, '(unknown)')",
        "outlet": "coalesce(outlet, '(unknown)')",
        "kind": "kind",
        "month": "coalesce(substr(published_date, 1, 7), '(unknown)')",  # as _MONTH, on m
    }
)
_FACET_SQL = " UNION ALL ".join(
    [
        "SELECT 'total' AS facet, NULL::text AS value, count(*) AS n FROM m",
        *(
            f"(SELECT '{name}', {expr} AS value, count(*) AS n FROM m GROUP BY {expr} "
            f'ORDER BY n DESC, {expr} COLLATE "C" LIMIT {FACET_SIZE})'
            for name, expr in FACET_EXPRESSIONS.items()
        ),
    ]
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(rows.ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({c})s' for c in rows.ARTICLE_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)
_COPY_PARAGRAPHS = f"COPY paragraphs ({', '.join(rows.PARAGRAPH_COLUMNS)}) FROM STDIN"
_COPY_STATEMENTS = f"COPY statements ({', '.join(rows.STATEMENT_COLUMNS)}) FROM STDIN"
_UPSERT_SPEAKERS = (
    "INSERT INTO speakers (name, type) SELECT * FROM unnest(%s::text[], %s::text[]) "
    "ON CONFLICT (name, type) DO UPDATE SET name = excluded.name RETURNING id, name, type"
)
_COUNTS_SQL = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in TABLES)


def open_postgres(location: str, create: bool = True) -> PostgresStore:
    """Open (migrating) the store in the PostgreSQL database at ``location``, a
    ``postgresql://`` URL. With ``create=False`` a database without a quotegraph schema is a
    :class:`StoreError`; the database itself is never created."""
    return PostgresStore(location, create)


class PostgresStore(Store):
    """A store in one PostgreSQL database."""

    def __init__(self, location: str, create: bool = True) -> None:
        self.url = redacted(location)  # the password never shows
        self._db = _connect(location, self.url)
        try:
            if not create and not self._has_schema():
                raise StoreError(
                    f"there is no store at {self.url}",
                    hint="ingest into it first: quotegraph ingest --db URL",
                )
            self.migrate()
        except BaseException:
            self._db.close()
            raise

    # -- connection, transactions, migrations ------------------------------------------

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[DictRow]]:
        try:
            with self._db.transaction():
                yield self._db
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL at {self.url}: {_first_line(exc)}") from exc

    def _has_schema(self) -> bool:
        row = self._db.execute("SELECT to_regclass('schema_version') IS NOT NULL AS ok")
        found = row.fetchone()
        return bool(found and found["ok"])

    def migrate(self) -> tuple[int, ...]:
        pending = migrate.pending(migrate.load(DIALECT), self.schema_version())
        try:
            return tuple(m.version for m in pending if self._apply(m))
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot create or migrate the quotegraph schema at {self.url}: {_first_line(exc)}",
                hint="the user in the URL needs CREATE on the database and its schema",
            ) from exc

    def _apply(self, migration: Migration) -> bool:
        """Apply one migration with its schema_version row; False when another process did."""
        with self._transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            db.execute(_SCHEMA_VERSION_DDL)
            if self.schema_version() >= migration.version:
                return False
            db.execute(migration.sql)  # a script: no parameters, several statements
            db.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (%s, %s, %s)",
                (migration.version, migration.name, rows.utc_now()),
            )
        return True

    def schema_version(self) -> int:
        if not self._has_schema():
            return 0
        row = self._db.execute("SELECT max(version) AS v FROM schema_version").fetchone()
        return int(row["v"] or 0) if row else 0

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        with self._transaction() as db:
            row = db.execute(
                "INSERT INTO runs (command, inputs, started_at, version) "
                "VALUES (%s, %s, %s, %s) RETURNING id",
                (command, json.dumps(list(inputs), ensure_ascii=False), rows.utc_now(),
                 rows.package_version()),
            ).fetchone()  # fmt: skip
        assert row is not None
        return int(row["id"])

    def finish_run(self, run_id: int, counts: RunCounts, status: str = "finished") -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = %s, status = %s, ok = %s, replaced = %s, "
                "duplicates = %s, rejected = %s WHERE id = %s",
                (rows.utc_now(), status, counts.ok, counts.replaced, counts.duplicates,
                 counts.rejected, run_id),
            )  # fmt: skip

    def runs(self, limit: int = 20) -> list[RunRecord]:
        cur = self._db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT %s", (limit,))
        return [rows.run_record(r) for r in cur]

    def run(self, run_id: int) -> RunRecord | None:
        row = self._db.execute("SELECT * FROM runs WHERE id = %s", (run_id,)).fetchone()
        return rows.run_record(row) if row else None

    # -- articles -----------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        cur = self._db.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,))
        return cur.fetchone() is not None

    def write_document(self, doc: Document, run_id: int) -> Outcome:
        article = doc.article
        with self._transaction():
            new = self._insert_document(doc, run_id)
            moved = self._map_source(article, run_id)
            self._resolve_rejects(article.source, run_id)
        if not new:
            return Outcome.DUPLICATE
        return Outcome.REPLACED if moved else Outcome.NEW

    def record_duplicate(self, article: Article, run_id: int) -> Outcome:
        with self._transaction():
            self._map_source(article, run_id)
            self._resolve_rejects(article.source, run_id)
        return Outcome.DUPLICATE

    def _insert_document(self, doc: Document, run_id: int) -> bool:
        """Insert the article and its derived rows; False when it was stored already."""
        article = doc.article
        cur = self._db.execute(_INSERT_ARTICLE, rows.article_row(article, run_id, rows.utc_now()))
        if cur.rowcount == 0:
            return False
        self._copy(_COPY_PARAGRAPHS, rows.PARAGRAPH_COLUMNS, rows.paragraph_rows(article))
        speaker_ids = self._speaker_ids(doc.statements)
        self._copy(
            _COPY_STATEMENTS,
            rows.STATEMENT_COLUMNS,
            (
                rows.statement_row(article.id, i, s, speaker_ids[rows.speaker_key(s)])
                for i, s in enumerate(doc.statements)
            ),
        )
        return True

    def _copy(self, sql: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
        """Bulk-insert ``records`` (one row each) with COPY."""
        with self._db.cursor() as cur, cur.copy(sql) as copy:
            for record in records:
                copy.write_row([record[c] for c in columns])

    def _speaker_ids(
        self, statements: Iterable[Statement]
    ) -> dict[tuple[str, str] | None, int | None]:
        """Speaker id per ``(name, type)``, creating speakers as needed (None: unnamed); one
        statement for all of an article's speakers, in a fixed order (no deadlocks)."""
        ids: dict[tuple[str, str] | None, int | None] = {None: None}
        keys = sorted({k for k in map(rows.speaker_key, statements) if k is not None})
        if keys:
            cur = self._db.execute(
                _UPSERT_SPEAKERS, ([name for name, _ in keys], [kind for _, kind in keys])
            )
            ids.update({(r["name"], r["type"]): int(r["id"]) for r in cur})
        return ids

    def _map_source(self, article: Article, run_id: int) -> bool:
        """Point the article's source key at it; True when it held another article."""
        key = source_key(article)
        if key is None:
            return False
        row = self._db.execute(
            "SELECT article_id FROM sources WHERE key = %s FOR UPDATE", (key,)
        ).fetchone()
        self._db.execute(
            "INSERT INTO sources (key, article_id, source, first_run, last_run) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
            "article_id = excluded.article_id, source = excluded.source, "
            "last_run = excluded.last_run",
            (key, article.id, article.source, run_id, run_id),
        )
        if row is None or row["article_id"] == article.id:
            return False
        self._drop_if_orphan(row["article_id"])
        return True

    def _drop_if_orphan(self, article_id: str) -> None:
        """Delete an article (cascading to its derived rows) no source points at any more,
        and the speakers only it mentioned."""
        speakers = self._db.execute(
            "SELECT DISTINCT speaker_id FROM statements "
            "WHERE article_id = %s AND speaker_id IS NOT NULL",
            (article_id,),
        ).fetchall()
        cur = self._db.execute(
            "DELETE FROM articles WHERE id = %s AND NOT EXISTS "
            "(SELECT 1 FROM sources WHERE article_id = %s)",
            (article_id, article_id),
        )
        if cur.rowcount and speakers:
            self._db.execute(
                "DELETE FROM speakers AS sp WHERE sp.id = ANY(%s::bigint[]) AND NOT EXISTS "
                "(SELECT 1 FROM statements WHERE speaker_id = sp.id)",
                ([r["speaker_id"] for r in speakers],),
            )

    def document(self, article_id: str) -> Document | None:
        article = self._db.execute("SELECT * FROM articles WHERE id = %s", (article_id,)).fetchone()
        if article is None:
            return None
        paragraphs = self._db.execute(
            "SELECT * FROM paragraphs WHERE article_id = %s ORDER BY idx", (article_id,)
        ).fetchall()
        statements = self._db.execute(
            f"SELECT {_STATEMENT_COLUMNS} FROM statements AS s WHERE s.article_id = %s "
            "ORDER BY s.idx",
            (article_id,),
        ).fetchall()
        return rows.document_from_rows(article, paragraphs, statements)

    def counts(self) -> dict[str, int]:
        row = self._db.execute(_COUNTS_SQL).fetchone()
        assert row is not None
        return {table: int(row[table]) for table in TABLES}

    # -- statements and speakers --------------------------------------------------------

    def statement(self, statement_id: int) -> Hit | None:
        row = self._db.execute(f"{_STATEMENT_SELECT} WHERE s.id = %s", (statement_id,)).fetchone()
        return rows.hit_from_row(row) if row else None

    def speakers(self, q: SpeakerQuery) -> SpeakerList:
        where, params = _speaker_where(q)
        total = self._db.execute(
            f"SELECT count(*) AS n FROM speakers AS sp WHERE {where}", params
        ).fetchone()
        cur = self._db.execute(
            f"{_SPEAKER_SELECT} WHERE {where} GROUP BY sp.id "
            'ORDER BY statements DESC, sp.name COLLATE "C", sp.id '
            "LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": q.limit, "offset": q.offset},
        )
        found = tuple(rows.speaker_summary(r) for r in cur)
        return SpeakerList(int(total["n"]) if total else 0, found)

    def speaker(self, speaker_id: int, limit: int = 20, offset: int = 0) -> SpeakerProfile | None:
        check_page(limit, offset)
        row = self._db.execute(
            f"{_SPEAKER_SELECT} WHERE sp.id = %s GROUP BY sp.id", (speaker_id,)
        ).fetchone()
        if row is None:
            return None
        return SpeakerProfile(
            rows.speaker_summary(row),
            self._speaker_months(speaker_id),
            self._speaker_statements(speaker_id, limit, offset),
        )

    def _speaker_months(self, speaker_id: int) -> tuple[FacetCount, ...]:
        cur = self._db.execute(
            f"SELECT {_MONTH} AS value, count(*) AS n {_FROM} WHERE s.speaker_id = %s "
            f"GROUP BY {_MONTH} ORDER BY {_MONTH} = '(unknown)', {_MONTH} COLLATE \"C\"",
            (speaker_id,),
        )
        return tuple(FacetCount(r["value"], int(r["n"])) for r in cur)

    def _speaker_statements(self, speaker_id: int, limit: int, offset: int) -> tuple[Hit, ...]:
        cur = self._db.execute(
            f"{_STATEMENT_SELECT} WHERE s.speaker_id = %s ORDER BY a.published_date IS NULL, "
            "a.published_date DESC, s.article_id, s.idx LIMIT %s OFFSET %s",
            (speaker_id, limit, offset),
        )
        return tuple(rows.hit_from_row(r) for r in cur)

    # -- rejects ------------------------------------------------------------------------

    def add_reject(self, reject: Reject, run_id: int) -> None:
        now = rows.utc_now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO rejects (source, code, message, run_id, first_seen, last_seen) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source) DO UPDATE SET "
                "code = excluded.code, message = excluded.message, run_id = excluded.run_id, "
                "last_seen = excluded.last_seen, resolved_run = NULL",
                (reject.source, reject.code, reject.message, run_id, now, now),
            )

    def _resolve_rejects(self, source: str, run_id: int) -> None:
        self._db.execute(
            "UPDATE rejects SET resolved_run = %s "
            "WHERE resolved_run IS NULL AND source IN (%s, %s)",
            (run_id, source, input_of(source)),
        )

    def rejects(self, include_resolved: bool = False) -> list[RejectRecord]:
        sql = "SELECT * FROM rejects WHERE resolved_run IS NULL OR %s ORDER BY id"
        return [rows.reject_record(r) for r in self._db.execute(sql, (include_resolved,))]

    def mark_retried(self, reject_ids: Iterable[int]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE rejects SET retried = retried + 1 WHERE id = ANY(%s::bigint[])",
                (list(reject_ids),),
            )

    def resolve_retried(self, reject_ids: Iterable[int], run_id: int) -> int:
        ids = sorted(set(reject_ids))
        with self._transaction() as db:
            db.execute(
                "UPDATE rejects SET resolved_run = %s "
                "WHERE id = ANY(%s::bigint[]) AND resolved_run IS NULL AND run_id <> %s",
                (run_id, ids, run_id),
            )
            cur = db.execute(
                "SELECT count(*) AS n FROM rejects "
                "WHERE resolved_run = %s AND id = ANY(%s::bigint[])",
                (run_id, ids),
            )
            row = cur.fetchone()
        return int(row["n"]) if row else 0

    # -- search -------------------------------------------------------------------------

    def search(self, q: SearchQuery) -> SearchResult:
        where, params = _where(q)
        try:
            if q.facets:
                total, facets = self._facets(where, params)
            else:
                total, facets = self._total(where, params), {}
            hits = self._hits(where, params, q) if total else []
        except psycopg.errors.SyntaxError as exc:
            raise QuerySyntaxError(f"cannot parse the query {q.text!r}: {exc}") from exc
        except psycopg.Error as exc:
            raise StoreError(f"search failed: {_first_line(exc)}") from exc
        return SearchResult(q.text, total, tuple(hits), facets if total else {})

    def _search(self, sql: str, params: dict[str, Any]) -> psycopg.Cursor[DictRow]:
        """Run a search statement unprepared: planned for its own query text and filters
        (a generic plan cannot estimate how many statements a tsquery matches)."""
        return self._db.execute(sql, params, prepare=False)

    def _total(self, where: str, params: dict[str, Any]) -> int:
        row = self._search(f"SELECT count(*) AS n {_FROM} WHERE {where}", params).fetchone()
        return int(row["n"]) if row else 0

    def _hits(self, where: str, params: dict[str, Any], q: SearchQuery) -> list[Hit]:
        sql = (
            f"WITH matches AS MATERIALIZED (SELECT s.id, {_RANK} AS rank {_FROM} WHERE {where}), "
            "top AS (SELECT id, rank FROM matches ORDER BY rank, id "
            "LIMIT %(limit)s OFFSET %(offset)s) "
            f"SELECT {_ROW_COLUMNS}, top.rank FROM top JOIN statements AS s ON s.id = top.id "
            f"JOIN articles AS a ON a.id = s.article_id {_WITH_PARAGRAPH} ORDER BY top.rank, s.id"
        )
        cur = self._search(sql, {**params, "limit": q.limit, "offset": q.offset})
        return [rows.hit_from_row(r) for r in cur]

    def _facets(
        self, where: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]]]:
        """The number of matches and the facet counts, in one statement over the matches."""
        sql = (
            f"WITH m AS MATERIALIZED (SELECT s.speaker_name, a.outlet, s.kind, "
            f"a.published_date {_FROM} WHERE {where}) {_FACET_SQL}"
        )
        found: dict[str, list[FacetCount]] = {name: [] for name in FACETS}
        total = 0
        for row in self._search(sql, params):
            if row["facet"] == "total":
                total = int(row["n"])
            else:
                found[row["facet"]].append(FacetCount(row["value"], int(row["n"])))
        return total, {name: tuple(counts) for name, counts in found.items()}


def _connect(location: str, shown: str) -> psycopg.Connection[DictRow]:
    try:
        timeout = int(conninfo_to_dict(location).get("connect_timeout") or CONNECT_TIMEOUT)
        db = psycopg.connect(
            location, autocommit=True, row_factory=dict_row, connect_timeout=timeout
        )
        db.execute("SET jit = off")  # compiling costs more than these short queries take
        return db
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to PostgreSQL at {shown}: {_first_line(exc)}",
            hint="check the URL, that the server is running and that the database exists "
            "(createdb NAME)",
        ) from exc


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _where(q: SearchQuery) -> tuple[str, dict[str, Any]]:
    clauses = [_MATCH]
    params: dict[str, Any] = {"tsquery": query.to_tsquery(query.parse(q.text))}
    if q.speaker:
        # = s.speaker_name ILIKE ..., through the small speakers table and the speaker_id index
        clauses.append(
            "s.speaker_id IN (SELECT sp.id FROM speakers AS sp "
            "WHERE sp.name ILIKE %(speaker)s ESCAPE '\\')"
        )
        params["speaker"] = f"%{_like_escape(q.speaker)}%"
    if q.outlet:
        clauses.append("lower(a.outlet) = lower(%(outlet)s)")
        params["outlet"] = q.outlet
    if q.kind:
        clauses.append("s.kind = %(kind)s")
        params["kind"] = q.kind
    if q.since:
        clauses.append("a.published_date >= %(since)s")
        params["since"] = q.since.isoformat()
    if q.until:
        clauses.append("a.published_date <= %(until)s")
        params["until"] = q.until.isoformat()
    return " AND ".join(clauses), params


def _speaker_where(q: SpeakerQuery) -> tuple[str, dict[str, Any]]:
    clauses, params = ["true"], dict[str, Any]()
    if q.name:
        clauses.append("sp.name ILIKE %(name)s ESCAPE '\\'")
        params["name"] = f"%{_like_escape(q.name)}%"
    if q.type:
        clauses.append("sp.type = %(type)s")
        params["type"] = q.type
    return " AND ".join(clauses), params


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
