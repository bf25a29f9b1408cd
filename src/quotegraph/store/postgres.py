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
each is planned for its own query. The flow of every operation is
:class:`quotegraph.store.sql.SQLStore`'s (its ``?`` placeholders become ``%s`` here); this
module supplies PostgreSQL's part. All SQL is parameterised; the only text composed into SQL
are the constant column lists, table names and facet expressions below.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow, dict_row

from ..errors import QuerySyntaxError, StoreError
from ..nlp.model import Statement
from . import query, rows
from .base import FACET_SIZE, FACETS, FacetCount, Hit, SearchQuery
from .sql import (
    FROM_STATEMENTS,
    JOIN_PARAGRAPH,
    SCHEMA_VERSION_DDL,
    SpeakerIds,
    SQLStore,
    insert_sql,
)
from .url import redacted

DIALECT = "postgres"
CONNECT_TIMEOUT = 10  # seconds, unless the URL says connect_timeout=
_MIGRATION_LOCK = 0x71756F74  # pg_advisory_xact_lock key: "quot"
# ts_rank_cd normalised by 1 + log(length), negated to sort like SQLite's bm25() (lower first)
_RANK = "-ts_rank_cd(s.content_tsv, to_tsquery('quotegraph', ?), 1)"
FACET_EXPRESSIONS: Mapping[str, str] = MappingProxyType(
    {
        "speaker": "coalesce(speaker_name, '(unknown)')",
        "outlet": "coalesce(outlet, '(unknown)')",
        "kind": "kind",
        "month": "coalesce(substr(published_date, 1, 7), '(unknown)')",  # as sql.MONTH, on m
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
    f"{insert_sql('articles', rows.ARTICLE_COLUMNS, '%({})s')} ON CONFLICT (id) DO NOTHING"
)
_UPSERT_SPEAKERS = (
    "INSERT INTO speakers (name, type) SELECT * FROM unnest(?::text[], ?::text[]) "
    "ON CONFLICT (name, type) DO UPDATE SET name = excluded.name RETURNING id, name, type"
)


def open_postgres(location: str, create: bool = True) -> PostgresStore:
    """Open (migrating) the store in the PostgreSQL database at ``location``, a
    ``postgresql://`` URL. With ``create=False`` a database without a quotegraph schema is a
    :class:`StoreError`; the database itself is never created."""
    return PostgresStore(location, create)


class PostgresStore(SQLStore):
    """A store in one PostgreSQL database."""

    DIALECT = DIALECT
    _STATEMENT_COLUMNS = ", ".join(f"s.{c}" for c in ("id", *rows.STATEMENT_COLUMNS))
    _FOR_UPDATE = " FOR UPDATE"
    _BYTEWISE = '"C"'
    _LIKE = "ILIKE"
    _MATCH = "s.content_tsv @@ to_tsquery('quotegraph', ?)"
    # = s.speaker_name ILIKE ..., through the small speakers table and the speaker_id index
    _SPEAKER_MATCH = (
        "s.speaker_id IN (SELECT sp.id FROM speakers AS sp WHERE sp.name ILIKE ? ESCAPE '\\')"
    )
    _OUTLET_MATCH = "lower(a.outlet) = lower(?)"
    _IN_IDS = "= ANY(?::bigint[])"  # one statement for all the ids
    _SEARCH_ERRORS = (psycopg.Error,)
    _db: psycopg.Connection[DictRow]

    def __init__(self, location: str, create: bool = True) -> None:
        self.url = redacted(location)  # the password never shows
        self._db = _connect(location, self.url)
        self._finish_open(create)

    # -- connection, transactions, migrations ------------------------------------------

    def _check_schema(self, create: bool) -> None:
        if not create and not self._has_schema():
            raise StoreError(
                f"there is no store at {self.url}",
                hint="ingest into it first: quotegraph ingest --db URL",
            )

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[DictRow]]:
        try:
            with self._db.transaction():
                yield self._db
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL at {self.url}: {_first_line(exc)}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[DictRow]:
        return self._db.execute(_placeholders(sql), params or None)

    def _search(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor[DictRow]:
        """Run a search statement unprepared: planned for its own query text and filters
        (a generic plan cannot estimate how many statements a tsquery matches)."""
        return self._db.execute(_placeholders(sql), params, prepare=False)

    def _for_ids(
        self, sql: str, ids: Sequence[int], before: Sequence[Any] = (), after: Sequence[Any] = ()
    ) -> None:
        self._execute(sql, (*before, list(ids), *after))

    def _has_schema(self) -> bool:
        row = self._execute("SELECT to_regclass('schema_version') IS NOT NULL AS ok")
        found = row.fetchone()
        return bool(found and found["ok"])

    def migrate(self) -> tuple[int, ...]:
        try:
            return super().migrate()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot create or migrate the quotegraph schema at {self.url}: {_first_line(exc)}",
                hint="the user in the URL needs CREATE on the database and its schema",
            ) from exc

    def _lock_schema(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        self._execute(SCHEMA_VERSION_DDL)

    def _run_script(self, script: str) -> None:
        self._db.execute(script)  # a script: no parameters, several statements

    def schema_version(self) -> int:
        return super().schema_version() if self._has_schema() else 0

    def applied_versions(self) -> set[int]:
        return super().applied_versions() if self._has_schema() else set()

    # -- articles and speakers ----------------------------------------------------------

    def _insert_article(self, row: Mapping[str, Any]) -> bool:
        return self._db.execute(_INSERT_ARTICLE, row).rowcount > 0

    def _insert_rows(
        self, table: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]
    ) -> None:
        """Bulk-insert with COPY."""
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._db.cursor() as cur, cur.copy(sql) as copy:
            for record in records:
                copy.write_row([record[c] for c in columns])

    def _speaker_ids(self, statements: Iterable[Statement]) -> SpeakerIds:
        """One statement for all of an article's speakers, in a fixed order (no deadlocks)."""
        ids: SpeakerIds = {None: None}
        keys = sorted({k for k in map(rows.speaker_key, statements) if k is not None})
        if keys:
            cur = self._execute(
                _UPSERT_SPEAKERS, ([name for name, _ in keys], [kind for _, kind in keys])
            )
            ids.update({(r["name"], r["type"]): int(r["id"]) for r in cur})
        return ids

    # -- search -------------------------------------------------------------------------

    def _full_text(self, tokens: tuple[query.Token, ...]) -> str:
        return query.to_tsquery(tokens)

    def _total_and_facets(
        self, where: str, params: list[Any], facets: bool
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]]]:
        if facets:
            return self._facets(where, params)
        row = self._search(f"SELECT count(*) AS n {FROM_STATEMENTS} WHERE {where}", params)
        found = row.fetchone()
        return (int(found["n"]) if found else 0), {}

    def _hits(self, where: str, params: list[Any], q: SearchQuery) -> list[Hit]:
        sql = (
            f"WITH matches AS MATERIALIZED (SELECT s.id, {_RANK} AS rank {FROM_STATEMENTS} "
            f"WHERE {where}), top AS (SELECT id, rank FROM matches ORDER BY rank, id "
            "LIMIT ? OFFSET ?) "
            f"SELECT {self._row_columns()}, top.rank FROM top JOIN statements AS s "
            f"ON s.id = top.id JOIN articles AS a ON a.id = s.article_id {JOIN_PARAGRAPH} "
            "ORDER BY top.rank, s.id"
        )
        cur = self._search(sql, [params[0], *params, q.limit, q.offset])  # _RANK's, where's
        return [rows.hit_from_row(r) for r in cur]

    def _facets(
        self, where: str, params: list[Any]
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]]]:
        """The number of matches and the facet counts, in one statement over the matches."""
        sql = (
            f"WITH m AS MATERIALIZED (SELECT s.speaker_name, a.outlet, s.kind, "
            f"a.published_date {FROM_STATEMENTS} WHERE {where}) {_FACET_SQL}"
        )
        found: dict[str, list[FacetCount]] = {name: [] for name in FACETS}
        total = 0
        for row in self._search(sql, params):
            if row["facet"] == "total":
                total = int(row["n"])
            else:
                found[row["facet"]].append(FacetCount(row["value"], int(row["n"])))
        return total, {name: tuple(counts) for name, counts in found.items()}

    def _search_error(self, exc: Exception, text: str) -> Exception:
        if isinstance(exc, psycopg.errors.SyntaxError):
            return QuerySyntaxError(f"cannot parse the query {text!r}: {exc}")
        return StoreError(f"search failed: {_first_line(exc)}")


def _placeholders(sql: str) -> str:
    """Shared SQL's ``?`` placeholders in psycopg's style (the SQL has no other ``?``)."""
    return sql.replace("?", "%s")


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
