"""The PostgreSQL backend (psycopg 3): the same tables as SQLite, tsvector/GIN full-text search.

``open_store("postgresql://user:password@host/dbname")`` opens a database that must exist
(``createdb dbname``); its schema is created and migrated on open (``schema/postgres/``,
serialised between processes by an advisory lock). The connection runs in autocommit mode and
every write is its own transaction: one per article (its row, then paragraphs and statements by
``COPY``, speakers in one upsert, the source mapping and the rejects it resolves), so a crash
never leaves half an article. The article's insert is ``ON CONFLICT DO NOTHING``: two writers
racing on one article store it once.

Search: ``statements.content_tsv`` is a generated ``tsvector`` over ``content`` (text search
configuration ``quotegraph``: English stemming, no stop words) with a GIN index; the query is
rendered by :func:`quotegraph.store.query.to_tsquery` from the same parse as SQLite's FTS5 query
and ranked by ``ts_rank_cd`` (length-normalised). As on SQLite, one statement reads at most the
bound + 1 matches, newest first, and gives the page's ``(id, rank)``, the total and the facets
(:func:`quotegraph.store.sql.search_sql`); the page's columns are read after. Search statements
are never server-side prepared, so each is planned for its own query. The flow of every
operation is :class:`quotegraph.store.sql.SQLStore`'s (its ``?`` placeholders become ``%s``
here); this module supplies PostgreSQL's part. All SQL is parameterised; the only text composed
into SQL are the constant column lists, table names and facet expressions below.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus
from psycopg.rows import DictRow, dict_row

from ..errors import QuerySyntaxError, StoreError
from ..nlp.model import Statement
from . import query, rows, tags
from .base import SearchQuery
from .sql import (
    FROM_STATEMENTS,
    SCHEMA_VERSION_DDL,
    SpeakerIds,
    SQLStore,
    forget_cached_reads,
    insert_sql,
)
from .url import redacted

DIALECT = "postgres"
_TAGS = "array_to_tsvector(string_to_array(s.search_tags, ' '))"  # indexed (GIN)
# A statement's id bucket as a lexeme, b<id >> 16> (indexed with the content, schema 11)
BUCKET_BITS = 16
_BUCKET = f"array_to_tsvector(ARRAY['b' || (s.id >> {BUCKET_BITS})::text])"
PARTS = 8  # the newest buckets a search window reads one by one (search_sql), then the rest
REST_TERMS = 16  # the rest as its buckets' lexemes up to this many, else by id
CONNECT_TIMEOUT = 10  # seconds, unless the URL says connect_timeout=
FEW_ROWS = 64  # rows inserted by a pipelined batch of INSERTs, not COPY (_insert_rows)
_MIGRATION_LOCK = 0x71756F74  # pg_advisory_xact_lock key: "quot"
_WRITER_LOCK = 0x71677772  # pg_try_advisory_lock key of the one writer: "qgwr"
_INSERT_ARTICLE = (
    f"{insert_sql('articles', rows.ARTICLE_COLUMNS, '%({})s')} ON CONFLICT (id) DO NOTHING "
    "RETURNING id"  # a row read, not rowcount: results come late in pipeline mode
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
    _MATCHES_FROM = FROM_STATEMENTS
    _MATCHES_FROM_STATEMENTS = "FROM statements AS s"
    # ts_rank_cd normalised by 1 + log(length), negated to sort like SQLite's bm25() (lower first)
    # (over the window of matches, w: see search_sql)
    _RANK = "-ts_rank_cd(w.content_tsv, to_tsquery('quotegraph', ?), 1)"
    _RANKED_AFTER_WINDOW = "content_tsv"
    _TAGS_DECIDE = True  # the lexemes are the tags as written (no stemming)
    _FACETS_AFTER_WINDOW = True  # every match is read before the top-N sort: read less
    _NEWEST = "s.id + 0 DESC"  # no backward index scan: the GIN matches, then a top-N sort
    # = s.speaker_name ILIKE ..., through the small speakers table and the speaker_id index
    _SPEAKER_MATCH = (
        "s.speaker_id IN (SELECT sp.id FROM speakers AS sp WHERE sp.name ILIKE ? ESCAPE '\\')"
    )
    _OUTLET_MATCH = "lower(a.outlet) = lower(?)"
    _IN_IDS = "= ANY(?::bigint[])"  # one statement for all the ids
    _SEARCH_ERRORS = (psycopg.Error,)
    _DOCUMENT_ERRORS = (psycopg.IntegrityError, psycopg.DataError)
    _db: psycopg.Connection[DictRow]

    def __init__(self, location: str, create: bool = True) -> None:
        self.url = redacted(location)  # the password never shows
        self._location = location
        self._db = _connect(location, self.url)
        self._finish_open(create)
        self._pgvector = self._embedding_type().startswith("vector")

    # -- embeddings: pgvector's vector(384), or real[] without it -------------------------

    def _embedding_type(self) -> str:
        row = self._execute(
            "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute "
            "WHERE attrelid = to_regclass('statement_embeddings') AND attname = 'embedding'"
        ).fetchone()
        return str(row["t"]) if row else ""

    def _vector_mark(self) -> str:
        return "?::vector" if self._pgvector else "?"

    def _embedding_value(self, vector: Any) -> Any:
        values = [float(v) for v in vector]
        return "[" + ",".join(map(repr, values)) + "]" if self._pgvector else values

    def _vector_of(self, value: Any) -> Any:
        import numpy as np

        found = json.loads(value) if isinstance(value, str) else value
        return np.asarray(found, dtype=np.float32)

    def _nearest(
        self, vector: Any, where: str, params: list[Any], k: int
    ) -> list[tuple[int, float]]:
        """With pgvector: the exact nearest by cosine distance (``<=>``), in the database."""
        if not self._pgvector:
            return super()._nearest(vector, where, params, k)
        query = self._embedding_value(vector)
        cur = self._run_search(
            "SELECT e.statement_id, 1 - (e.embedding <=> ?::vector) AS similarity "
            f"FROM statement_embeddings AS e JOIN statements AS s ON s.id = e.statement_id "
            f"JOIN articles AS a ON a.id = s.article_id WHERE {where} "
            "ORDER BY e.embedding <=> ?::vector, e.statement_id LIMIT ?",
            [query, *params, query, k],
        )
        return [(int(r["statement_id"]), float(r["similarity"])) for r in cur]

    # -- connection, transactions, migrations ------------------------------------------

    def _check_schema(self, create: bool) -> None:
        if not create and not self._has_schema():
            raise StoreError(
                f"there is no store at {self.url}",
                hint="ingest into it first: quotegraph ingest --db URL",
            )

    def _pipelined(self) -> AbstractContextManager[object]:
        return self._db.pipeline()

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[DictRow]]:
        try:
            with self._db.transaction():
                yield self._db
        except psycopg.OperationalError as exc:
            raise StoreError(f"PostgreSQL at {self.url}: {_first_line(exc)}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[DictRow]:
        return self._db.execute(_placeholders(sql), params or None)

    def _run_search(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor[DictRow]:
        """Run a search statement unprepared: planned for its own query text and filters
        (a generic plan cannot estimate how many statements a tsquery matches)."""
        return self._db.execute(_placeholders(sql), params, prepare=False)

    def _execute_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        with self._db.cursor() as cur:  # psycopg sends the batch in pipeline mode
            cur.executemany(_placeholders(sql), params)

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

    @contextmanager
    def _snapshot(self) -> Iterator[psycopg.Connection[DictRow]]:
        if self._db.info.transaction_status != TransactionStatus.IDLE:
            yield self._db
            return
        with self._db.transaction():
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield self._db

    # -- the writer lock: a session advisory lock, released when the connection ends --------

    def _try_lock_writer(self) -> str | None:
        row = self._execute("SELECT pg_try_advisory_lock(?) AS ok", (_WRITER_LOCK,)).fetchone()
        if row and row["ok"]:
            return None
        holder = self._execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND objid::bigint = ? AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database())",
            (_WRITER_LOCK,),
        ).fetchone()
        return f"PostgreSQL backend pid {holder['pid']}" if holder else "held by another session"

    def _release_writer(self) -> None:
        if not self._db.closed:
            self._execute("SELECT pg_advisory_unlock(?)", (_WRITER_LOCK,))

    # -- integrity and backup -----------------------------------------------------------

    def _index_problems(self) -> list[str]:
        found = []
        column = self._execute(
            "SELECT is_generated FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = 'statements' AND column_name = 'content_tsv'"
        ).fetchone()
        if column is None or column["is_generated"] != "ALWAYS":
            found.append("statements.content_tsv is missing or not generated from content")
        else:
            n = self._value("SELECT count(*) FROM statements WHERE content_tsv IS NULL")
            if n > 0:
                found.append(f"{n} statements have no content_tsv")
        n = self._value(
            "SELECT count(*) FROM statements AS s JOIN articles AS a ON a.id = s.article_id "
            "WHERE s.search_tags IS DISTINCT FROM "
            "quotegraph_search_tags(s.kind, a.outlet, a.published_date)"
        )
        if n > 0:
            found.append(
                f"{n} statements have no search_tags or stale ones: UPDATE statements SET "
                "search_tags = NULL WHERE search_tags IS DISTINCT FROM (SELECT "
                "quotegraph_search_tags(statements.kind, a.outlet, a.published_date) FROM "
                "articles AS a WHERE a.id = statements.article_id) (the trigger sets them)"
            )
        for indexed in ("content_tsv", "search_tags"):
            found += self._gin_problems(indexed)
        return found

    def _gin_problems(self, column: str) -> list[str]:
        index = self._execute(
            "SELECT bool_and(i.indisvalid AND i.indisready) AS ok FROM pg_index AS i "
            "JOIN pg_class AS c ON c.oid = i.indexrelid JOIN pg_am AS am ON am.oid = c.relam "
            "WHERE i.indrelid = 'statements'::regclass AND am.amname = 'gin' "
            "AND pg_get_indexdef(i.indexrelid) LIKE ?",
            (f"%{column}%",),
        ).fetchone()
        if index is None or index["ok"] is None:
            return [f"the GIN index on statements.{column} is missing"]
        if not index["ok"]:
            return [f"the GIN index on statements.{column} is not valid: REINDEX it"]
        return []

    def _foreign_keys(self) -> list[tuple[str, str, str, str]]:
        cur = self._execute(
            "SELECT cl.relname AS child, a.attname AS col, pcl.relname AS parent, "
            "pa.attname AS key FROM pg_constraint AS c "
            "JOIN pg_class AS cl ON cl.oid = c.conrelid "
            "JOIN pg_class AS pcl ON pcl.oid = c.confrelid "
            "JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute AS pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
            "AND cl.relnamespace = current_schema()::regnamespace ORDER BY 1, 2"
        )
        return [(r["child"], r["col"], r["parent"], r["key"]) for r in cur]

    def backup(self, path: Path) -> None:
        from .backup import pg_dump

        pg_dump(self._location, path, self.server_major())

    def restore(self, path: Path) -> None:
        from .backup import pg_restore

        pg_restore(path, self._location, self.server_major())
        self._bands_filled = False
        forget_cached_reads()

    def server_major(self) -> int:
        """The server's major version (16 for 16.4)."""
        return int(self._value("SELECT current_setting('server_version_num')::int")) // 10000

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row of a query (None without rows)."""
        row = self._execute(sql, params).fetchone()
        return None if row is None else next(iter(row.values()))

    def schema_version(self) -> int:
        return super().schema_version() if self._has_schema() else 0

    def applied_versions(self) -> set[int]:
        return super().applied_versions() if self._has_schema() else set()

    # -- articles and speakers ----------------------------------------------------------

    def _insert_article(self, row: Mapping[str, Any]) -> bool:
        return self._db.execute(_INSERT_ARTICLE, row).fetchone() is not None  # its id

    def _insert_rows(
        self, table: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]
    ) -> None:
        """Bulk-insert: up to :data:`FEW_ROWS` rows (or any number in pipeline mode) as one
        batch of INSERTs sent without waiting for each, more with COPY; nothing is sent when
        there is nothing to insert."""
        rest = iter(records)
        found = list(itertools.islice(rest, FEW_ROWS + 1))
        if not found:
            return
        if len(found) <= FEW_ROWS or self._db._pipeline is not None:  # no COPY in a pipeline
            with self._db.cursor() as cur:
                cur.executemany(insert_sql(table, columns, "%({})s"), [*found, *rest])
            return
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._db.cursor() as cur, cur.copy(sql) as copy:
            for record in itertools.chain(found, rest):
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

    def _tag_match(self, rendered: str, found: tags.TagMatch) -> tuple[str, list[Any]]:
        """The content's match and, when the filters name tags, the tags' (a tsquery over
        the lexemes of ``search_tags``, GIN-indexed; the tags are plain words: hex, digits
        and ASCII letters)."""
        if not found:
            return self._MATCH, [rendered]
        terms = [*found.all_of, *([f"({' | '.join(found.any_of)})"] if found.any_of else [])]
        if found.outlet is not None:
            terms.append(tags.outlet_tag(found.outlet))
        return f"{self._MATCH} AND {_TAGS} @@ ?::tsquery", [rendered, " & ".join(terms)]

    def _full_text(self, tokens: tuple[query.Token, ...]) -> str:
        return query.to_tsquery(tokens)

    def _window_parts(self, q: SearchQuery) -> tuple[str, ...]:
        """The newest :data:`PARTS` id buckets one by one (each bucket's lexeme intersected
        with the content's in the GIN index), then the older ones: a common term's newest
        matches are found in the newest buckets, reading at most one bucket's more matches
        than the window takes. None with a speaker or entity filter (the matches are then
        that speaker's or entity's: few to read) or when one bucket holds every statement."""
        newest = self._value("SELECT max(id) FROM statements")
        top = 0 if newest is None else int(newest) >> BUCKET_BITS
        if top == 0 or q.speaker or q.entity:
            return ()
        newer = range(top, max(top - PARTS, -1), -1)
        parts = [f"{_BUCKET} @@ 'b{b}'::tsquery" for b in newer]
        older = newer[-1]  # the buckets below this one are the last part
        if older > REST_TERMS:
            parts.append(f"s.id + 0 < {older << BUCKET_BITS}")
        elif older > 0:
            terms = " | ".join(f"b{b}" for b in range(older - 1, -1, -1))
            parts.append(f"{_BUCKET} @@ '{terms}'::tsquery")
        return tuple(parts)

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
