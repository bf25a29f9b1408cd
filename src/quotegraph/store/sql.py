"""The backend-neutral half of the SQL backends: :class:`SQLStore`.

Both backends keep the same tables, so the flow of every operation is written once here: run
bookkeeping, the article's insert / source mapping / reject resolution sequence, rejects,
statements, speakers and the assembly of results. A backend supplies what really differs:
its connection and transactions, bulk inserts, speaker upserts, the full-text query and its
ranking, facet queries, and a few SQL fragments (class constants below).

Shared SQL is written with ``?`` placeholders (a backend maps them to its own style in
:meth:`SQLStore._execute`) and reads result columns by name. All SQL is parameterised; the
only text composed into SQL are constant column lists, table names and fragments.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import time
from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, TypeVar

from ..article.model import Article, Reject
from ..errors import DocumentWriteError, StoreBusyError, UsageError
from ..nlp.model import Document, Statement
from . import knowledge, migrate, neardup, query, rows, tags
from .base import (
    COUNT_BOUND,
    FACET_SIZE,
    FACETS,
    TABLES,
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
    Store,
    StoreStats,
    Usage,
    check_page,
    input_of,
    source_key,
)
from .cache import DATA_VERSION, READS
from .claims import ClaimsSQL
from .migrate import Migration

if TYPE_CHECKING:
    from ..search.semantic import Embedder
    from .check import CheckReport

SpeakerIds = dict[tuple[str, str] | None, int | None]
SCHEMA_VERSION_DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""
FROM_STATEMENTS = "FROM statements AS s JOIN articles AS a ON a.id = s.article_id"
JOIN_PARAGRAPH = "LEFT JOIN paragraphs AS p ON p.article_id = s.article_id AND p.idx = s.paragraph"
# A hit's columns besides the statement's: its article's provenance and its paragraph.
CONTEXT_COLUMNS = """a.source, a.url, a.outlet,
    a.headline, a.headline_start, a.headline_end,
    a.standfirst, a.standfirst_start, a.standfirst_end,
    a.published_date, a.published_month, a.published_day, a.published_year_min,
    a.published_year_max, a.published_basis, a.published_confidence,
    p.text AS paragraph_text, p.start_char AS paragraph_start, p.end_char AS paragraph_end,
    (SELECT nd.duplicate_of FROM near_duplicates AS nd WHERE nd.article_id = a.id)
        AS duplicate_of"""
# Counts (facets, totals, speakers) leave out the statements of near-duplicate articles.
DUPLICATE = "SELECT 1 FROM near_duplicates AS nd WHERE nd.article_id = {}"
DISTINCT = f"NOT EXISTS ({DUPLICATE.format('s.article_id')})"
SPEAKER_SELECT = f"""SELECT sp.id, sp.name, sp.type, count(s.id) AS statements,
    count(DISTINCT s.article_id) AS articles,
    min(a.published_date) AS first_published, max(a.published_date) AS last_published
FROM speakers AS sp
LEFT JOIN statements AS s ON s.speaker_id = sp.id AND {DISTINCT}
LEFT JOIN articles AS a ON a.id = s.article_id"""
MONTH = "coalesce(substr(a.published_date, 1, 7), '(unknown)')"
WRITER_WAIT_S = 3.0  # how long a writer waits for the lock (a killed one's to be let go)
T = TypeVar("T")
ID_PAGE = 500  # article ids read per query by SQLStore.article_ids
# A search's facets, over the columns its counted matches keep (see search_sql)
FACET_EXPRESSIONS: Mapping[str, str] = MappingProxyType(
    {
        "speaker": "coalesce(speaker_name, '(unknown)')",
        "outlet": "coalesce(outlet, '(unknown)')",
        "kind": "kind",
        "month": "coalesce(substr(published_date, 1, 7), '(unknown)')",  # as MONTH
    }
)
SEMANTIC_POOL = 1000  # statements each ranking of a semantic or hybrid search keeps
EMBED_BATCH = 256  # statements embedded per transaction by embed_missing
FIRST_USE = "min(a.published_date) IS NULL, min(a.published_date)"  # dated first, earliest first
BAND_PAGE = 1000  # signatures given band keys per query when an older store is filled in
UNBANDED_SIGNATURES = """SELECT m.article_id, m.signature FROM minhashes AS m
WHERE NOT EXISTS (SELECT 1 FROM minhash_bands AS b WHERE b.article_id = m.article_id)
ORDER BY m.article_id LIMIT ?"""
COUNTS_SQL = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in TABLES)


# What extraction made of an article (replaced when it is extracted again); the article,
# paragraphs, sources and near-duplicate rows are the article's own
DERIVED_TABLES = ("statements", "article_entities", "mentions", "times", "events",
                  "event_participants", "headline_links")  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class _Held:
    """What an article's rows point at: speaker, global entity and claim ids."""

    speakers: tuple[int, ...]
    entities: tuple[str, ...]
    claims: tuple[int, ...]


class Connection(Protocol):
    """What the shared code uses of a DB-API connection itself."""

    def close(self) -> None: ...


class Cursor(Protocol):
    """What the shared code uses of a DB-API cursor (rows are read by column name)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


def search_sql(
    from_: str, id_: str, rank: str, where: str, bytewise: str, facets: bool, reads: Reads,
    newest: str, ranked: str | None = None, parts: Sequence[str] = (),
) -> str:
    """One statement for a search. The matches passing the filters are read newest first
    (``newest``: that ORDER BY), at most ``?`` of them (the bound + 1), and ranked (``m``:
    ``id``, ``rank`` and the columns of what ``from_`` ``reads`` that the count and facets
    read: none of the full-text index alone, the statements' of the statements, all of them
    with the articles; ``d`` reads the rest after the window). ``d`` marks those of
    near-duplicate articles (``dup``); ``read`` counts all, ``total`` those without
    near-duplicates, the facets (when ``facets``) the newest ``?`` (the bound) of these (``f``);
    then the ``hit`` rows of the page (``LIMIT ? OFFSET ?``, best first, near-duplicates
    included). Columns ``facet, value, n, rank`` (a hit's id in ``n``).

    So the work is bounded: the scan stops after the bound + 1 matches (or, where the
    database must find every match to order them, the window is a top-N sort), and the rank,
    the near-duplicate lookup and the facet grouping are done for at most those. With
    ``ranked`` (the statements column the rank reads), the window is taken first and ranked
    after (``rank`` then reads ``w.<ranked>``), so that no match outside it is ranked. With
    ``parts`` (conditions that split the statements by id, newest first; with ``ranked``
    only), the window is read part by part, each part as a CTE ``w<i>`` that takes what the
    parts before it left of the bound (a part with nothing left is not read): a common term
    reads its matches in the newest statements only. The parameters then run: the WHERE's
    and the bound + 1 for each part, then the rank's."""
    text, real = "CAST(NULL AS TEXT)", "CAST(NULL AS DOUBLE PRECISION)"
    kept = _KEPT[reads] if facets else ("" if reads == "index" else ", s.article_id")
    window, m = _window(from_, id_, rank, where, kept, f"ORDER BY {newest} LIMIT ?", ranked,
                        parts)  # fmt: skip
    ctes = [*window, f"m AS MATERIALIZED ({m})", f"d AS MATERIALIZED ({_marked(reads, facets)})"]
    parts = [
        f"SELECT 'read' AS facet, {text} AS value, count(*) AS n, {real} AS rank FROM d",
        f"SELECT 'total', {text}, count(*), {real} FROM d WHERE dup = 0",
    ]
    if facets:
        ctes.append("f AS (SELECT * FROM d WHERE dup = 0 ORDER BY id DESC LIMIT ?)")
        parts += [
            f"SELECT * FROM (SELECT '{name}', {expr}, count(*) AS n, {real} FROM f "
            f"GROUP BY {expr} ORDER BY n DESC, {expr} COLLATE {bytewise} LIMIT {FACET_SIZE}) "
            f"AS f_{name}"
            for name, expr in FACET_EXPRESSIONS.items()
        ]
    parts.append(
        f"SELECT * FROM (SELECT 'hit', {text}, id, rank FROM m ORDER BY rank, id "
        "LIMIT ? OFFSET ?) AS page"
    )
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}"


def _window(
    from_: str, id_: str, rank: str, where: str, kept: str, window: str, ranked: str | None,
    parts: Sequence[str],
) -> tuple[list[str], str]:
    """The CTEs of the window's parts and the ranked window of matches (``m`` of
    :func:`search_sql`)."""
    if ranked is None:
        return [], f"SELECT {id_} AS id, {rank} AS rank{kept} {from_} WHERE {where} {window}"
    outer = re.sub(r"\b[sa]\.", "w.", kept)
    inner = f"SELECT {id_} AS id{kept}, s.{ranked} {from_} WHERE {where}"
    if not parts:
        return [], f"SELECT w.id, {rank} AS rank{outer} FROM ({inner} {window}) AS w"
    ctes = []
    for i, part in enumerate(parts):  # LIMIT: the bound + 1 less the parts' before (n<i>)
        taken, before = ("", "") if i == 0 else (f" - (SELECT n FROM n{i - 1})",
                                                   f"(SELECT n FROM n{i - 1}) + ")  # fmt: skip
        ctes.append(f"w{i} AS MATERIALIZED ({inner} AND {part} {window}{taken})")
        ctes.append(f"n{i} AS MATERIALIZED (SELECT {before}count(*) AS n FROM w{i})")
    union = " UNION ALL ".join(f"SELECT * FROM w{i}" for i in range(len(parts)))
    return ctes, f"SELECT w.id, {rank} AS rank{outer} FROM ({union}) AS w"


# 1 when a match's article is a near-duplicate, else 0 (the column ``dup``)
_DUP = f"CASE WHEN EXISTS ({DUPLICATE}) THEN 1 ELSE 0 END AS dup"
Reads = Literal["index", "statements", "articles"]  # what a search's window reads
_SHOWN = "s.speaker_name, a.outlet, s.kind, a.published_date"  # what the facets read
# The columns a window keeps for the facets, by what it reads (see search_sql)
_KEPT: Mapping[Reads, str] = MappingProxyType({
    "index": "", "statements": ", s.article_id, s.speaker_name, s.kind",
    "articles": f", s.article_id, {_SHOWN}",
})  # fmt: skip


def _marked(reads: Reads, facets: bool) -> str:
    """``d`` of :func:`search_sql`: the window's matches, ``dup`` marking near-duplicates,
    with what the facets read that the window did not."""
    if reads == "index":
        shown, joined = (_SHOWN, " JOIN articles AS a ON a.id = s.article_id") if facets else (
            "s.article_id", "")
        return (f"SELECT m.id, {shown}, {_DUP.format('s.article_id')} "
                f"FROM m JOIN statements AS s ON s.id = m.id{joined}")  # fmt: skip
    if reads == "statements" and facets:
        return (f"SELECT m.*, a.outlet, a.published_date, {_DUP.format('m.article_id')} "
                "FROM m JOIN articles AS a ON a.id = m.article_id")  # fmt: skip
    return f"SELECT *, {_DUP.format('m.article_id')} FROM m"


def _filtered(q: SearchQuery) -> bool:
    """Whether a search has a filter (any of them reads the statements or articles)."""
    return bool(q.speaker or q.outlet or q.kind or q.since or q.until or q.entity)


def forget_cached_reads() -> None:
    """Drop the process's cached read results (a restore replaced a store's contents)."""
    READS.clear()


def insert_sql(table: str, columns: Sequence[str], mark: str) -> str:
    """``INSERT INTO table (columns) VALUES (...)`` with named placeholders ``mark.format(c)``."""
    marks = ", ".join(mark.format(c) for c in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def like_pattern(value: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``value`` anywhere."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conjunction(
    first: str, params: Sequence[Any], filters: Iterable[tuple[str, Any]]
) -> tuple[str, list[Any]]:
    """``first`` and each filter clause whose value is set, joined by ``AND``, with the
    parameters in order (one ``?`` per filter)."""
    clauses, values = [first], list(params)
    for clause, value in filters:
        if value:
            clauses.append(clause)
            values.append(value)
    return " AND ".join(clauses), values


class SQLStore(ClaimsSQL, Store):
    """A :class:`Store` over the shared SQL schema; subclasses supply the dialect."""

    DIALECT: ClassVar[str]  # schema/<DIALECT>/ holds the migrations
    _STATEMENT_COLUMNS: ClassVar[str]  # the statements columns a record is built from
    _FOR_UPDATE: ClassVar[str]  # row lock for a read-then-write ("" when the tx locks)
    _BYTEWISE: ClassVar[str]  # the byte-order collation
    _LIKE: ClassVar[str]  # the case-insensitive LIKE operator
    _MATCHES_FROM: ClassVar[str]  # the FROM clause of a search: statements s, articles a
    _MATCHES_FROM_STATEMENTS: ClassVar[str]  # the same without articles (nothing reads them)
    # A search without filters may read the full-text index alone: its FROM and id column
    _MATCHES_INDEX_ONLY: ClassVar[tuple[str, str] | None] = None
    _RANK: ClassVar[str]  # a match's rank, lower first (``?``: the rendered query again)
    _NEWEST: ClassVar[str]  # ORDER BY of a search's matches, newest (highest id) first
    # The statements column a rank reads when ranked after the window (see search_sql)
    _RANKED_AFTER_WINDOW: ClassVar[str | None] = None
    # Whether the search tags decide the kind, outlet and whole-year filters (no stemmer
    # can make two tags one), so that the rows need not be checked against them
    _TAGS_DECIDE: ClassVar[bool] = False
    # Whether the facets read the articles after the window, not for every match
    _FACETS_AFTER_WINDOW: ClassVar[bool] = False
    _SPEAKER_MATCH: ClassVar[str]  # speaker name contains, ``?`` a :func:`like_pattern`
    # The same in a full-text search (a backend may test the match's id against a list)
    _SPEAKER_MATCH_FULL_TEXT: ClassVar[str | None] = None
    _OUTLET_MATCH: ClassVar[str]  # outlet equals, case-insensitively
    _IN_IDS: ClassVar[str]  # "id" + this tests an id against :meth:`_for_ids`'s ids
    _SEARCH_ERRORS: ClassVar[tuple[type[Exception], ...]]  # driver errors of a search
    _DOCUMENT_ERRORS: ClassVar[tuple[type[Exception], ...]]  # a document's rows do not fit
    _db: Connection
    _bands_filled = False  # signatures stored before schema 7 have their LSH bands
    _locked: bool = False  # this handle holds the writer lock
    _writing: frozenset[int] = frozenset()  # this handle's runs holding the writer lock

    # -- connection -----------------------------------------------------------------------

    def _finish_open(self, create: bool = True) -> None:
        """Check and migrate the schema of a store just connected to; the connection is
        closed when that fails."""
        try:
            self._check_schema(create)
            self.migrate()
        except BaseException:
            self.close()
            raise

    def _check_schema(self, create: bool) -> None:
        """Refuse a database without a store unless ``create`` (by default: never refuse)."""

    def close(self) -> None:
        self.unlock_writer()
        self._db.close()

    # -- what a backend supplies ---------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[object]:
        """One transaction: committed on exit, rolled back on an exception."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement written with ``?`` placeholders."""

    def _pipelined(self) -> AbstractContextManager[object]:
        """Statements sent without waiting for each result (where the driver can)."""
        return contextlib.nullcontext()

    @abstractmethod
    def _execute_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        """Run one statement written with ``?`` placeholders once per parameter tuple, as
        one batch (no round trip per tuple)."""

    @abstractmethod
    def _for_ids(
        self, sql: str, ids: Sequence[int], before: Sequence[Any] = (), after: Sequence[Any] = ()
    ) -> None:
        """Run ``sql`` (which tests ``id`` with :attr:`_IN_IDS`) for all of ``ids``; its
        parameters are ``before``, the ids and ``after``."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[object]:
        """One read-only transaction: every read inside sees the same committed state
        (inside another transaction: that one)."""

    @abstractmethod
    def _try_lock_writer(self) -> str | None:
        """Take the writer lock without waiting; None when taken, else who holds it."""

    @abstractmethod
    def _release_writer(self) -> None:
        """Release the writer lock this handle holds."""

    @abstractmethod
    def _index_problems(self) -> list[str]:
        """What is wrong with the full-text index (run outside :meth:`_snapshot`)."""

    @abstractmethod
    def _foreign_keys(self) -> list[tuple[str, str, str, str]]:
        """Every single-column foreign key: ``(table, column, parent table, parent column)``."""

    @abstractmethod
    def _run_script(self, script: str) -> None:
        """Run a migration script (several statements, no parameters)."""

    def _lock_schema(self) -> None:
        """Serialise migrations between processes, inside the migration's transaction."""

    @abstractmethod
    def _insert_article(self, row: Mapping[str, Any]) -> bool:
        """Insert an article row; False when an article with its id is stored already."""

    @abstractmethod
    def _insert_rows(
        self, table: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]
    ) -> None:
        """Bulk-insert ``records`` (one row each) into ``table``."""

    @abstractmethod
    def _speaker_ids(self, statements: Iterable[Statement]) -> SpeakerIds:
        """Speaker id per ``(name, type)``, creating speakers as needed (None: unnamed)."""

    @abstractmethod
    def _full_text(self, tokens: tuple[query.Token, ...]) -> str:
        """The parsed query rendered for :meth:`_tag_match`."""

    def _run_search(self, sql: str, params: Sequence[Any]) -> Cursor:
        """Run a search statement (a backend may plan it apart from other statements)."""
        return self._execute(sql, params)

    @abstractmethod
    def _search_error(self, exc: Exception, text: str) -> Exception:
        """What a driver error of a search is reported as."""

    # -- knowledge layer (store/knowledge.py) -----------------------------------------------

    def resolve_entities(self, incremental: bool = False) -> dict[str, int]:
        """Cross-article entity resolution: over the whole store, or (``incremental``) of
        the articles not resolved yet, added to the saved resolver (see
        :func:`knowledge.resolve`)."""
        return knowledge.resolve(self, incremental)

    def entities(
        self, name: str | None = None, type_: str | None = None, limit: int = 20, offset: int = 0
    ) -> tuple[int, list[knowledge.EntityRecord]]:
        return knowledge.entities(self, name, type_, limit, offset)

    def entity(self, entity_id: str) -> knowledge.EntityRecord | None:
        return knowledge.entity(self, entity_id)

    def events(self, q: knowledge.EventQuery) -> tuple[int, list[knowledge.EventRecord]]:
        return knowledge.events(self, q)

    def event_days(self, q: knowledge.EventQuery) -> tuple[FacetCount, ...]:
        """Events per full ``YYYY-MM-DD`` day over every event ``q`` finds, in day order."""
        return tuple(FacetCount(day, n) for day, n in knowledge.event_days(self, q))

    # -- migrations -----------------------------------------------------------------------

    def migrate(self) -> tuple[int, ...]:
        pending = migrate.pending(migrate.load(self.DIALECT), self.applied_versions())
        return tuple(m.version for m in pending if self._apply(m))

    def _apply(self, migration: Migration) -> bool:
        """Apply one migration with its schema_version row; False when another process did."""
        with self._transaction():
            self._lock_schema()
            if migration.version in self.applied_versions():
                return False
            self._run_script(migration.sql)
            self._execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, rows.utc_now()),
            )
        return True

    def schema_version(self) -> int:
        row = self._execute("SELECT max(version) AS v FROM schema_version").fetchone()
        return int(row["v"] or 0) if row else 0

    # -- writer lock and runs -------------------------------------------------------------

    def lock_writer(self, wait: float = WRITER_WAIT_S) -> bool:
        if self._locked:
            return False
        deadline = time.monotonic() + wait
        while (holder := self._try_lock_writer()) is not None:
            if time.monotonic() >= deadline:
                raise StoreBusyError(f"another ingest is writing to {self.url} ({holder})")
            time.sleep(0.1)
        self._locked = True
        return True

    def unlock_writer(self) -> None:
        if self._locked:
            self._release_writer()
            self._locked = False
            self._writing = frozenset()

    def check(self) -> CheckReport:
        from .check import check_store

        return check_store(self)

    def applied_versions(self) -> set[int]:
        """Every migration recorded in ``schema_version``."""
        return {int(r["version"]) for r in self._execute("SELECT version FROM schema_version")}

    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        first = self.lock_writer()
        with self._transaction():
            if first:  # no other writer runs: a run still 'running' was killed
                self._execute(
                    "UPDATE runs SET status = 'interrupted', finished_at = ? "
                    "WHERE status = 'running'",
                    (rows.utc_now(),),
                )
            row = self._execute(
                "INSERT INTO runs (command, inputs, started_at, version) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (command, json.dumps(list(inputs), ensure_ascii=False), rows.utc_now(),
                 rows.package_version()),
            ).fetchone()  # fmt: skip
        self._writing |= {int(row["id"])}
        return int(row["id"])

    def finish_run(self, run_id: int, counts: RunCounts, status: str = "finished") -> None:
        with self._transaction():
            self._execute(
                "UPDATE runs SET finished_at = ?, status = ?, ok = ?, replaced = ?, "
                "duplicates = ?, rejected = ? WHERE id = ?",
                (rows.utc_now(), status, counts.ok, counts.replaced, counts.duplicates,
                 counts.rejected, run_id),
            )  # fmt: skip
        self._writing -= {run_id}
        if not self._writing:
            self.unlock_writer()

    def runs(self, limit: int = 20) -> list[RunRecord]:
        cur = self._execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [rows.run_record(r) for r in cur]

    def run(self, run_id: int) -> RunRecord | None:
        row = self._execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return rows.run_record(row) if row else None

    # -- articles -------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        cur = self._execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return cur.fetchone() is not None

    def bulk(self) -> AbstractContextManager[object]:
        return self._transaction()

    def write_document(self, doc: Document, run_id: int) -> Outcome:
        article = doc.article
        try:
            with self._pipelined(), self._transaction():
                new = self._insert_document(doc, run_id)
                moved = self._map_source(article, run_id)
                self._resolve_rejects(article.source, run_id)
        except self._DOCUMENT_ERRORS as exc:  # rolled back: nothing of it is stored
            raise DocumentWriteError(
                f"the store cannot hold {article.source}: {type(exc).__name__}: {exc}"
            ) from exc
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
        if not self._insert_article(rows.article_row(article, run_id, rows.utc_now())):
            return False
        self._insert_rows("paragraphs", rows.PARAGRAPH_COLUMNS, rows.paragraph_rows(article))
        self._insert_derived(doc)
        self._link_near_duplicate(article)
        return True

    def _insert_derived(self, doc: Document) -> None:
        """Insert what extraction made of an article: statements, knowledge rows and
        headline links."""
        article = doc.article
        speaker_ids = self._speaker_ids(doc.statements)
        published = article.published.date.isoformat() if article.published.date else None
        self._insert_rows(
            "statements",  # the tags given, so no trigger sets them after
            (*rows.STATEMENT_COLUMNS, "search_tags", "speaker_entity"),
            (
                {
                    **rows.statement_row(article.id, i, s, speaker_ids[rows.speaker_key(s)]),
                    "search_tags": tags.statement_tags(s.kind.value, article.outlet, published),
                    "speaker_entity": s.speaker.entity,  # the article entity's local id
                }
                for i, s in enumerate(doc.statements)
            ),
        )
        knowledge.write(self, doc)
        links = rows.headline_link_rows(doc)
        self._insert_rows("headline_links", rows.HEADLINE_LINK_COLUMNS, links)

    def _fill_bands(self) -> None:
        """Band keys for the signatures stored without them (before schema version 7), once
        per store object, a page at a time."""
        if self._bands_filled:
            return
        while page := self._execute(UNBANDED_SIGNATURES, (BAND_PAGE,)).fetchall():
            self._insert_bands(
                (r["article_id"], neardup.band_keys(neardup.from_bytes(r["signature"])))
                for r in page
            )
        self._bands_filled = True

    def _insert_bands(self, banded: Iterable[tuple[str, list[tuple[int, int]]]]) -> None:
        """Store ``(article id, its band keys)`` pairs."""
        self._insert_rows(
            "minhash_bands", ("band", "key", "article_id"),
            ({"band": band, "key": key, "article_id": article_id}
             for article_id, keys in banded for band, key in keys),
        )  # fmt: skip

    def _near_candidates(self, keys: list[tuple[int, int]]) -> list[str]:
        """Ids of stored articles sharing an LSH band key (``keys``: an article's), sorted."""
        where = " OR ".join(["(band = ? AND key = ?)"] * len(keys))
        cur = self._execute(
            f"SELECT DISTINCT article_id FROM minhash_bands WHERE {where} ORDER BY article_id",
            [v for pair in keys for v in pair],
        )
        return [str(r["article_id"]) for r in cur]

    def _link_near_duplicate(self, article: Article) -> None:
        """Store the article's signature and, when it nearly repeats stored articles, link it
        to the earliest stored of them (the original a copy of a copy points at)."""
        minhash = neardup.signature(article)
        if minhash is None:
            return
        self._fill_bands()
        keys = neardup.band_keys(minhash)
        roots: set[str] = set()
        for candidate in self._near_candidates(keys):
            row = self._execute(
                "SELECT m.signature, nd.duplicate_of FROM minhashes AS m LEFT JOIN "
                "near_duplicates AS nd ON nd.article_id = m.article_id WHERE m.article_id = ?",
                (candidate,),
            ).fetchone()
            if candidate == article.id or row is None:  # not stored (any more)
                continue
            if neardup.similarity(minhash, neardup.from_bytes(row["signature"])) >= (
                neardup.THRESHOLD
            ):
                roots.add(row["duplicate_of"] or candidate)
        self._execute(
            "INSERT INTO minhashes (article_id, signature) VALUES (?, ?)",
            (article.id, neardup.to_bytes(minhash)),
        )
        self._insert_bands([(article.id, keys)])
        if not roots:
            return
        found = [
            (r["ingested_at"], r["id"], r["signature"])
            for root in sorted(roots)
            for r in self._execute(
                "SELECT a.id, a.ingested_at, m.signature FROM articles AS a "
                "JOIN minhashes AS m ON m.article_id = a.id WHERE a.id = ?",
                (root,),
            ).fetchall()
        ]
        if not found:
            return
        _, earliest, data = min(found, key=lambda f: (f[0], f[1]))
        self._execute(
            "INSERT INTO near_duplicates (article_id, duplicate_of, similarity) VALUES (?, ?, ?)",
            (article.id, earliest, round(neardup.similarity(minhash, neardup.from_bytes(data)), 4)),
        )

    def duplicate_of(self, article_id: str) -> str | None:
        row = self._execute(
            "SELECT duplicate_of FROM near_duplicates WHERE article_id = ?", (article_id,)
        ).fetchone()
        return str(row["duplicate_of"]) if row else None

    def _map_source(self, article: Article, run_id: int) -> bool:
        """Point the article's source key at it; True when it held another article."""
        key = source_key(article)
        if key is None:
            return False
        row = self._execute(
            f"SELECT article_id FROM sources WHERE key = ?{self._FOR_UPDATE}", (key,)
        ).fetchone()
        self._execute(
            "INSERT INTO sources (key, article_id, source, first_run, last_run) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "article_id = excluded.article_id, source = excluded.source, "
            "last_run = excluded.last_run",
            (key, article.id, article.source, run_id, run_id),
        )
        if row is None or row["article_id"] == article.id:
            return False
        self._drop_if_orphan(row["article_id"])
        return True

    def _drop_if_orphan(self, article_id: str) -> None:
        """Delete an article no source points at any more (see :meth:`_drop`)."""
        pointed = self._execute("SELECT 1 FROM sources WHERE article_id = ?", (article_id,))
        if pointed.fetchone() is None:
            self._drop(article_id)

    def delete_article(self, article_id: str) -> bool:
        """Delete an article with all its derived rows, in one transaction: its sources,
        statements (and their claim memberships), knowledge rows and near-duplicate links
        (copies of it stand alone after); speakers, global entities and claims left with
        nothing are dropped. False when no such article is stored."""
        with self._transaction():
            if not self._lock_article(article_id):
                return False
            self._execute("DELETE FROM sources WHERE article_id = ?", (article_id,))
            self._drop(article_id)
        return True

    def replace_derived(self, doc: Document) -> None:
        """Replace a stored article's statements and knowledge rows with ``doc``'s (the
        article extracted again, same id), in one transaction; its text, paragraphs,
        sources and near-duplicate links stay. Global entities are resolved again, from
        scratch, by :meth:`resolve_entities`; the new statements join claims at the next
        claims update."""
        aid = doc.article.id
        with self._transaction():
            if not self._lock_article(aid):
                raise DocumentWriteError(f"no article {aid} is stored to extract again")
            held = self._held_by(aid)
            for table in DERIVED_TABLES:
                self._execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
            knowledge.forget_resolver(self)  # it knows the old entities
            self._insert_derived(doc)
            self._release(held, articles_gone=False)

    def _lock_article(self, article_id: str) -> bool:
        """Whether the article is stored, its row locked for this transaction (PostgreSQL)."""
        sql = f"SELECT 1 FROM articles WHERE id = ?{self._FOR_UPDATE}"
        return self._execute(sql, (article_id,)).fetchone() is not None

    def _drop(self, article_id: str) -> None:
        """Delete an article (cascading to its derived rows) and what only it held (see
        :meth:`_release`)."""
        held = self._held_by(article_id)
        self._execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self._release(held, articles_gone=True)
        knowledge.forget_resolver(self)  # it knows the article: the next resolution starts over

    def _held_by(self, article_id: str) -> _Held:
        """The speakers, global entities and claims an article's rows point at."""
        speakers = self._execute(
            "SELECT DISTINCT speaker_id AS id FROM statements "
            "WHERE article_id = ? AND speaker_id IS NOT NULL", (article_id,),
        ).fetchall()  # fmt: skip
        entities = self._execute(
            "SELECT DISTINCT entity_id AS id FROM article_entities "
            "WHERE article_id = ? AND entity_id IS NOT NULL", (article_id,),
        ).fetchall()  # fmt: skip
        claims = self._execute(
            "SELECT DISTINCT m.claim_id AS id FROM claim_members AS m "
            "JOIN statements AS s ON s.id = m.statement_id WHERE s.article_id = ?", (article_id,),
        ).fetchall()  # fmt: skip
        return _Held(
            tuple(int(r["id"]) for r in speakers),
            tuple(str(r["id"]) for r in entities),
            tuple(int(r["id"]) for r in claims),
        )

    def _release(self, held: _Held, articles_gone: bool) -> None:
        """Drop what an article's removed rows left with nothing: speakers without
        statements, global entities no article mentions (one article fewer for the rest,
        when the article itself went), claims without members (the rest resized)."""
        if held.speakers:
            self._for_ids(
                f"DELETE FROM speakers WHERE id {self._IN_IDS} AND NOT EXISTS "
                "(SELECT 1 FROM statements WHERE speaker_id = speakers.id)",
                held.speakers,
            )
        for gid in held.entities:
            if articles_gone:
                self._execute("UPDATE entities SET articles = articles - 1 WHERE id = ?", (gid,))
            self._execute(
                "DELETE FROM entities WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM article_entities WHERE entity_id = ?)", (gid, gid),
            )  # fmt: skip
        if held.claims:
            self._for_ids(
                f"UPDATE claims SET size = (SELECT count(*) FROM claim_members AS m "
                f"WHERE m.claim_id = claims.id) WHERE id {self._IN_IDS}",
                held.claims,
            )
            self._for_ids(f"DELETE FROM claims WHERE id {self._IN_IDS} AND size = 0", held.claims)

    def document(self, article_id: str) -> Document | None:
        with self._snapshot():  # never half an article, even while it is being replaced
            return self._document(article_id)

    def _document(self, article_id: str) -> Document | None:
        article = self._execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if article is None:
            return None
        paragraphs = self._execute(
            "SELECT * FROM paragraphs WHERE article_id = ? ORDER BY idx", (article_id,)
        ).fetchall()
        statements = self._execute(
            f"SELECT {self._STATEMENT_COLUMNS} FROM statements AS s WHERE s.article_id = ? "
            "ORDER BY s.idx",
            (article_id,),
        ).fetchall()
        links = self._execute(
            "SELECT * FROM headline_links WHERE article_id = ? ORDER BY idx", (article_id,)
        ).fetchall()
        return knowledge.attach(
            self, rows.document_from_rows(article, paragraphs, statements, links)
        )

    def article_ids(self) -> Iterator[str]:
        after = ""
        while True:
            page = self._execute(
                f"SELECT id FROM articles WHERE id COLLATE {self._BYTEWISE} > ? "
                f"ORDER BY id COLLATE {self._BYTEWISE} LIMIT ?",
                (after, ID_PAGE),
            ).fetchall()
            yield from (r["id"] for r in page)
            if len(page) < ID_PAGE:
                return
            after = page[-1]["id"]

    def article_statements(self, article_id: str) -> tuple[Hit, ...]:
        cur = self._execute(
            f"{self._statement_select()} WHERE s.article_id = ? ORDER BY s.idx", (article_id,)
        )
        return tuple(rows.hit_from_row(r) for r in cur)

    def counts(self) -> dict[str, int]:
        row = self._execute(COUNTS_SQL).fetchone()
        return {table: int(row[table]) for table in TABLES}

    def stats(self) -> StoreStats:
        counts = self.counts()
        months = self._groups(MONTH.replace("a.", ""))
        outlets = self._groups("coalesce(outlet, '(unknown)')")
        open_rejects = self._execute(
            "SELECT count(*) AS n FROM rejects WHERE resolved_run IS NULL"
        ).fetchone()
        return StoreStats(
            articles=counts["articles"], statements=counts["statements"],
            speakers=counts["speakers"], near_duplicates=counts["near_duplicates"],
            distinct_articles=sum(g.articles for g in outlets),
            distinct_statements=sum(g.statements for g in outlets),
            open_rejects=int(open_rejects["n"]), runs=counts["runs"],
            months=tuple(sorted(months, key=lambda g: (g.value == "(unknown)", g.value))),
            outlets=tuple(sorted(outlets, key=lambda g: (-g.articles, g.value))),
        )  # fmt: skip

    def _groups(self, key: str) -> list[GroupCount]:
        """Articles (near-duplicates left out) and their statements per value of ``key``."""
        cur = self._execute(
            f"SELECT {key} AS value, count(*) AS articles, coalesce(sum(c.n), 0) AS statements "
            "FROM articles LEFT JOIN (SELECT article_id, count(*) AS n FROM statements "
            "GROUP BY article_id) AS c ON c.article_id = articles.id WHERE NOT EXISTS "
            "(SELECT 1 FROM near_duplicates AS nd WHERE nd.article_id = articles.id) "
            f"GROUP BY {key}"
        )
        return [GroupCount(r["value"], int(r["articles"]), int(r["statements"])) for r in cur]

    # -- statements and speakers ----------------------------------------------------------

    def _row_columns(self) -> str:
        """A hit's columns (its rank aside)."""
        return f"{self._STATEMENT_COLUMNS}, {CONTEXT_COLUMNS}"

    def _statement_select(self) -> str:
        """Statements with their provenance outside a full-text search (rank NULL: score 0)."""
        return f"SELECT {self._row_columns()}, NULL AS rank {FROM_STATEMENTS} {JOIN_PARAGRAPH}"

    def statement(self, statement_id: int) -> Hit | None:
        cur = self._execute(f"{self._statement_select()} WHERE s.id = ?", (statement_id,))
        row = cur.fetchone()
        return rows.hit_from_row(row) if row else None

    def speakers(self, q: SpeakerQuery) -> SpeakerList:
        where, params = conjunction(
            "1 = 1",
            (),
            [
                (f"sp.name {self._LIKE} ? ESCAPE '\\'", q.name and like_pattern(q.name)),
                ("sp.type = ?", q.type),
            ],
        )
        with self._snapshot():
            return self._cached(("speakers", q), lambda: self._speakers(where, params, q))

    def _speakers(self, where: str, params: list[Any], q: SpeakerQuery) -> SpeakerList:
        total = self._execute(
            f"SELECT count(*) AS n FROM speakers AS sp WHERE {where}", params
        ).fetchone()
        cur = self._execute(
            f"{SPEAKER_SELECT} WHERE {where} GROUP BY sp.id ORDER BY statements DESC, "
            f"sp.name COLLATE {self._BYTEWISE}, sp.id LIMIT ? OFFSET ?",
            [*params, q.limit, q.offset],
        )
        return SpeakerList(int(total["n"]), tuple(rows.speaker_summary(r) for r in cur))

    def _cached(self, asked: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave before for the same question on the same data
        (:mod:`.cache`); call inside :meth:`_snapshot`, so the version and the result agree."""
        row = self._execute(DATA_VERSION).fetchone()
        version = (row["runs"], row["top"], row["changes"])
        return READS.get((self.url, asked, version), compute)

    def speaker(self, speaker_id: int, limit: int = 20, offset: int = 0) -> SpeakerProfile | None:
        check_page(limit, offset)
        with self._snapshot():
            asked = ("speaker", speaker_id, limit, offset)
            return self._cached(asked, lambda: self._speaker(speaker_id, limit, offset))

    def _speaker(self, speaker_id: int, limit: int, offset: int) -> SpeakerProfile | None:
        cur = self._execute(f"{SPEAKER_SELECT} WHERE sp.id = ? GROUP BY sp.id", (speaker_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return SpeakerProfile(
            rows.speaker_summary(row),
            self._speaker_months(speaker_id),
            self._speaker_statements(speaker_id, limit, offset),
        )

    def _speaker_months(self, speaker_id: int) -> tuple[FacetCount, ...]:
        cur = self._execute(
            f"SELECT {MONTH} AS value, count(*) AS n {FROM_STATEMENTS} WHERE s.speaker_id = ? "
            f"AND {DISTINCT} "
            f"GROUP BY {MONTH} ORDER BY {MONTH} = '(unknown)', {MONTH} COLLATE {self._BYTEWISE}",
            (speaker_id,),
        )
        return tuple(FacetCount(r["value"], int(r["n"])) for r in cur)

    def _speaker_statements(self, speaker_id: int, limit: int, offset: int) -> tuple[Hit, ...]:
        cur = self._execute(
            f"{self._statement_select()} WHERE s.speaker_id = ? ORDER BY a.published_date IS NULL, "
            "a.published_date DESC, s.article_id, s.idx LIMIT ? OFFSET ?",
            (speaker_id, limit, offset),
        )
        return tuple(rows.hit_from_row(r) for r in cur)

    def quoted(self, statement_ids: Iterable[int]) -> dict[int, tuple[Span, ...]]:
        ids = sorted(set(statement_ids))
        found: dict[int, tuple[Span, ...]] = {}
        for at in range(0, len(ids), ID_PAGE):
            page = ids[at : at + ID_PAGE]
            cur = self._execute(
                "SELECT s.id, s.quoted, s.content, s.content_start FROM statements AS s "
                f"WHERE s.id IN ({', '.join('?' * len(page))})",
                page,
            )
            for r in cur:
                base, content = int(r["content_start"]), r["content"]
                found[int(r["id"])] = tuple(
                    Span(start, end, content[start - base : end - base])
                    for start, end in json.loads(r["quoted"])
                    if base <= start <= end <= base + len(content)
                )
        return found

    def speaker_context(self, speaker_id: int, top: int = 10) -> SpeakerContext:
        return SpeakerContext(
            mentions=self._usage("s.mention", speaker_id, "count(*) DESC", top),
            titles=self._usage("s.speaker_title", speaker_id, FIRST_USE, top),
            days=self._speaker_days(speaker_id),
            co_speakers=self._co_speakers(speaker_id, top),
            co_entities=self._co_entities(speaker_id, top),
        )

    def _usage(self, column: str, speaker_id: int, order: str, top: int) -> tuple[Usage, ...]:
        """The values of ``column`` (a constant) in the speaker's statements, with counts."""
        cur = self._execute(
            f"SELECT {column} AS value, count(*) AS n, min(a.published_date) AS first_published, "
            f"max(a.published_date) AS last_published {FROM_STATEMENTS} "
            f"WHERE s.speaker_id = ? AND {column} IS NOT NULL AND {DISTINCT} GROUP BY {column} "
            f"ORDER BY {order}, {column} COLLATE {self._BYTEWISE} LIMIT ?",
            (speaker_id, top),
        )
        return tuple(
            Usage(r["value"], int(r["n"]), r["first_published"], r["last_published"]) for r in cur
        )

    def _speaker_days(self, speaker_id: int) -> tuple[FacetCount, ...]:
        cur = self._execute(
            f"SELECT a.published_date AS value, count(*) AS n {FROM_STATEMENTS} "
            f"WHERE s.speaker_id = ? AND a.published_date IS NOT NULL AND {DISTINCT} "
            "GROUP BY a.published_date ORDER BY a.published_date",
            (speaker_id,),
        )
        return tuple(FacetCount(r["value"], int(r["n"])) for r in cur)

    def _co_entities(self, speaker_id: int, top: int) -> tuple[CoEntity, ...]:
        # the speaker's (article, own entity) pairs once, not once per statement; grouped by
        # entity id before the entities are joined (for the top ones only)
        cur = self._execute(
            "SELECT e.id, e.name, e.type, c.n FROM (SELECT ae.entity_id, "
            "count(DISTINCT ae.article_id) AS n FROM (SELECT DISTINCT s.article_id, "
            f"s.speaker_entity FROM statements AS s WHERE s.speaker_id = ? AND {DISTINCT}) AS s "
            "JOIN article_entities AS ae ON ae.article_id = s.article_id "
            "WHERE ae.entity_id IS NOT NULL AND (s.speaker_entity IS NULL OR "
            "ae.local_id <> s.speaker_entity) GROUP BY ae.entity_id) AS c "
            "JOIN entities AS e ON e.id = c.entity_id "
            f"ORDER BY c.n DESC, e.name COLLATE {self._BYTEWISE}, e.id LIMIT ?",
            (speaker_id, top),
        )
        return tuple(CoEntity(r["id"], r["name"], r["type"], int(r["n"])) for r in cur)

    def _co_speakers(self, speaker_id: int, top: int) -> tuple[CoSpeaker, ...]:
        cur = self._execute(
            "SELECT sp.id, sp.name, sp.type, count(DISTINCT o.article_id) AS n "
            "FROM statements AS s JOIN statements AS o ON o.article_id = s.article_id "
            "JOIN speakers AS sp ON sp.id = o.speaker_id "
            f"WHERE s.speaker_id = ? AND o.speaker_id <> s.speaker_id AND {DISTINCT} "
            f"GROUP BY sp.id, sp.name, sp.type ORDER BY n DESC, sp.name COLLATE {self._BYTEWISE}, "
            "sp.id LIMIT ?",
            (speaker_id, top),
        )
        return tuple(CoSpeaker(r["id"], r["name"], r["type"], int(r["n"])) for r in cur)

    # -- rejects --------------------------------------------------------------------------

    def add_reject(self, reject: Reject, run_id: int) -> None:
        now = rows.utc_now()
        with self._transaction():
            self._execute(
                "INSERT INTO rejects (source, code, message, run_id, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET "
                "code = excluded.code, message = excluded.message, run_id = excluded.run_id, "
                "last_seen = excluded.last_seen, resolved_run = NULL",
                (reject.source, reject.code, reject.message, run_id, now, now),
            )

    def _resolve_rejects(self, source: str, run_id: int) -> None:
        self._execute(
            "UPDATE rejects SET resolved_run = ? WHERE resolved_run IS NULL AND source IN (?, ?)",
            (run_id, source, input_of(source)),
        )

    def rejects(self, include_resolved: bool = False) -> list[RejectRecord]:
        sql = "SELECT * FROM rejects WHERE resolved_run IS NULL OR ? ORDER BY id"
        return [rows.reject_record(r) for r in self._execute(sql, (include_resolved,))]

    def mark_retried(self, reject_ids: Iterable[int]) -> None:
        with self._transaction():
            self._for_ids(
                f"UPDATE rejects SET retried = retried + 1 WHERE id {self._IN_IDS}",
                list(reject_ids),
            )

    def resolve_retried(self, reject_ids: Iterable[int], run_id: int) -> int:
        ids = sorted(set(reject_ids))
        with self._transaction():
            self._for_ids(
                f"UPDATE rejects SET resolved_run = ? WHERE id {self._IN_IDS} "
                "AND resolved_run IS NULL AND run_id <> ?",
                ids,
                (run_id,),
                (run_id,),
            )
            cur = self._execute("SELECT id FROM rejects WHERE resolved_run = ?", (run_id,))
            return len(set(ids) & {row["id"] for row in cur})

    # -- search ---------------------------------------------------------------------------

    def search(self, q: SearchQuery | str, /, **filters: Any) -> SearchResult:
        if isinstance(q, str):
            q = SearchQuery(q, **filters)
        elif filters:
            raise TypeError("give filters in the SearchQuery, or search(text, **filters)")
        if q.mode != "bm25":
            return self._semantic_search(q)
        try:
            with self._snapshot():  # the total, the facets and the page's hits agree
                return self._cached(("search", q), lambda: self._bm25_search(q))
        except self._SEARCH_ERRORS as exc:
            raise self._search_error(exc, q.text) from exc

    def _bm25_search(self, q: SearchQuery) -> SearchResult:
        where, params, checked = self._where(q)
        total, exact, facets, page = self._matches(where, params, q, checked)
        hits = self._hits_by_id(page)
        if not exact:  # a lower bound: at least the matches up to this page
            total = max(total, q.offset + len(page))
        sample = None if exact or not q.facets else COUNT_BOUND
        return SearchResult(q.text, total, tuple(hits), facets if total else {}, exact, sample)

    def _matches(
        self, where: str, params: list[Any], q: SearchQuery, checked: SearchQuery
    ) -> tuple[int, bool, dict[str, tuple[FacetCount, ...]], list[tuple[int, float]]]:
        """One pass over the newest :data:`COUNT_BOUND` + 1 matches: their number
        (near-duplicates left out; the flag: exact, all matches were read), the facet counts
        over the same matches, and the page's ``(statement id, rank)``, best first
        (``checked``: ``q`` with the filters the WHERE checks on the rows)."""
        rank_params = [params[0]] if "?" in self._RANK else []
        articles = bool(checked.outlet or checked.since or checked.until) or (
            q.facets and not self._FACETS_AFTER_WINDOW
        )
        reads: Reads
        if self._MATCHES_INDEX_ONLY is not None and not _filtered(checked):
            (from_, id_), reads = self._MATCHES_INDEX_ONLY, "index"
        elif articles:
            from_, id_, reads = self._MATCHES_FROM, "s.id", "articles"
        else:  # no filter reads the articles: leave them out
            from_, id_, reads = self._MATCHES_FROM_STATEMENTS, "s.id", "statements"
        parts = self._window_parts(checked)
        sql = search_sql(
            from_, id_, self._RANK, where, self._BYTEWISE, q.facets, reads, self._NEWEST,
            self._RANKED_AFTER_WINDOW, parts,
        )
        window = [*params, COUNT_BOUND + 1]
        head = [*window * len(parts), *rank_params] if parts else [*rank_params, *window]
        tail = [COUNT_BOUND] if q.facets else []
        read, total, page = 0, 0, []
        found: dict[str, list[FacetCount]] = {name: [] for name in FACETS} if q.facets else {}
        for row in self._run_search(sql, [*head, *tail, q.limit, q.offset]):
            if row["facet"] == "read":
                read = int(row["n"])
            elif row["facet"] == "total":
                total = int(row["n"])
            elif row["facet"] == "hit":
                page.append((int(row["n"]), float(row["rank"])))
            else:
                found[row["facet"]].append(FacetCount(row["value"], int(row["n"])))
        exact = read <= COUNT_BOUND
        facets = {name: tuple(counts) for name, counts in found.items()}
        return min(total, COUNT_BOUND), exact, facets, page

    # -- semantic search (quotegraph[semantic]) -------------------------------------------

    def _semantic_search(self, q: SearchQuery) -> SearchResult:
        """Cosine similarity (``semantic``) or its reciprocal rank fusion with BM25
        (``hybrid``) over the statements passing the filters: the best :data:`SEMANTIC_POOL`
        of each ranking; ``total`` and the facets count that pool (near-duplicates left out)."""
        from ..search import semantic

        vector = semantic.shared_embedder().embed([semantic.plain_text(q.text)])[0]
        where, params = self._filters(q)
        ranked = self._nearest(vector, where, params, SEMANTIC_POOL)
        if not ranked and self._nothing_embedded():
            raise UsageError(
                "no statement in the store is embedded yet",
                hint="run quotegraph embed (or ingest with the semantic extra installed)",
            )
        if q.mode == "hybrid":
            full_text = dataclasses.replace(q, limit=SEMANTIC_POOL, offset=0, facets=False)
            where, params, checked = self._where(full_text)
            try:
                bm25 = self._matches(where, params, full_text, checked)[3]
            except self._SEARCH_ERRORS as exc:
                raise self._search_error(exc, q.text) from exc
            ranked = semantic.fuse([[i for i, _ in bm25], [i for i, _ in ranked]])
        total, facets = self._pool_facets([i for i, _ in ranked], q.facets)
        page = [(i, -score) for i, score in ranked[q.offset : q.offset + q.limit]]
        return SearchResult(q.text, total, tuple(self._hits_by_id(page)), facets)

    def _nothing_embedded(self) -> bool:
        """Statements are stored but none has an embedding (ingested without the extra)."""
        row = self._execute(
            "SELECT EXISTS (SELECT 1 FROM statements) AND NOT EXISTS "
            "(SELECT 1 FROM statement_embeddings) AS missing"
        ).fetchone()
        return bool(row["missing"])

    def _pool_facets(
        self, ids: list[int], facets: bool
    ) -> tuple[int, dict[str, tuple[FacetCount, ...]]]:
        """How many of ``ids`` are not near-duplicates, and their facet counts."""
        if not ids:
            return 0, {}
        cur = self._execute(
            f"SELECT s.speaker_name, a.outlet, s.kind, a.published_date {FROM_STATEMENTS} "
            f"WHERE s.id IN ({', '.join('?' * len(ids))}) AND {DISTINCT}",
            ids,
        )
        found = cur.fetchall()
        if not facets or not found:
            return len(found), {}
        values = {
            "speaker": [r["speaker_name"] or "(unknown)" for r in found],
            "outlet": [r["outlet"] or "(unknown)" for r in found],
            "kind": [r["kind"] for r in found],
            "month": [(r["published_date"] or "")[:7] or "(unknown)" for r in found],
        }
        return len(found), {
            name: tuple(FacetCount(v, n) for v, n in sorted(
                Counter(values[name]).items(), key=lambda p: (-p[1], p[0].encode()))[:FACET_SIZE])
            for name in FACETS
        }  # fmt: skip

    def _nearest(
        self, vector: Any, where: str, params: list[Any], k: int
    ) -> list[tuple[int, float]]:
        """The ``k`` statements passing ``where`` whose embeddings are nearest ``vector``
        (exact scan), best first with their cosine similarity."""
        from ..search import semantic

        cur = self._execute(
            f"SELECT e.statement_id, e.embedding FROM statement_embeddings AS e "
            f"JOIN statements AS s ON s.id = e.statement_id "
            f"JOIN articles AS a ON a.id = s.article_id WHERE {where}",
            params,
        )
        ids, vectors = [], []
        for row in cur:
            ids.append(int(row["statement_id"]))
            vectors.append(self._vector_of(row["embedding"]))
        if not ids:
            return []
        return semantic.nearest(vector, ids, semantic.stack(vectors), k)

    def _vector_of(self, value: Any) -> Any:
        """A stored embedding as a numpy vector."""
        from ..search import semantic

        return semantic.from_bytes(value)

    def _vector_mark(self) -> str:
        """An embedding's placeholder in an INSERT."""
        return "?"

    def _embedding_value(self, vector: Any) -> Any:
        """A numpy vector as stored."""
        from ..search import semantic

        return semantic.to_bytes(vector)

    def embed_article(self, article_id: str, embedder: Embedder) -> int:
        cur = self._execute(
            "SELECT s.id, s.content FROM statements AS s WHERE s.article_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM statement_embeddings AS e WHERE e.statement_id = s.id) ORDER BY s.id",
            (article_id,),
        )
        return self._embed_rows(cur.fetchall(), embedder)

    def embed_missing(self, embedder: Embedder, batch: int = EMBED_BATCH) -> int:
        done = 0
        while True:
            cur = self._execute(
                "SELECT s.id, s.content FROM statements AS s WHERE NOT EXISTS (SELECT 1 FROM "
                "statement_embeddings AS e WHERE e.statement_id = s.id) ORDER BY s.id LIMIT ?",
                (batch,),
            )
            found = cur.fetchall()
            if not found:
                return done
            done += self._embed_rows(found, embedder)

    def _embed_rows(self, found: list[Any], embedder: Embedder) -> int:
        if not found:
            return 0
        vectors = embedder.embed([r["content"] for r in found])
        with self._transaction():
            for row, vector in zip(found, vectors, strict=True):
                self._execute(
                    "INSERT INTO statement_embeddings (statement_id, model, dimensions, "
                    f"embedding) VALUES (?, ?, ?, {self._vector_mark()}) "
                    "ON CONFLICT (statement_id) DO NOTHING",
                    (row["id"], embedder.model, len(vector), self._embedding_value(vector)),
                )
        return len(found)

    def _hits_by_id(self, page: list[tuple[int, float]]) -> list[Hit]:
        """The page's statements with their provenance, in the page's order."""
        if not page:
            return []
        marks = ", ".join("?" * len(page))
        cur = self._execute(f"{self._statement_select()} WHERE s.id IN ({marks})",
                            [i for i, _ in page])  # fmt: skip
        found = {int(r["id"]): r for r in cur}
        return [rows.hit_from_row({**found[i], "rank": rank}) for i, rank in page if i in found]

    def _where(self, q: SearchQuery) -> tuple[str, list[Any], SearchQuery]:
        """A search's WHERE clause and its parameters, the full-text query first (then the
        tags of its filters, :mod:`quotegraph.store.tags`, and the filters themselves), and
        ``q`` with the filters it checks on the rows: all, unless the backend's tags decide
        the kind, the outlet and whole years (:attr:`_TAGS_DECIDE`)."""
        rendered = self._full_text(query.parse(q.text))
        found = tags.tag_match(q.kind, q.outlet, q.since, q.until, self._stored_years(q))
        match, params = self._tag_match(rendered, found)
        checked = q
        if self._TAGS_DECIDE:
            checked = dataclasses.replace(q, kind=None, outlet=None)
            if found.whole_years:
                checked = dataclasses.replace(checked, since=None, until=None)
        where, params = self._filters(checked, match, params, self._SPEAKER_MATCH_FULL_TEXT)
        return where, params, checked

    def _window_parts(self, q: SearchQuery) -> tuple[str, ...]:
        """Conditions that split the statements by id, newest first, for a window read part
        by part (:func:`search_sql`); none: the window is read in one."""
        return ()

    @abstractmethod
    def _tag_match(self, rendered: str, found: tags.TagMatch) -> tuple[str, list[Any]]:
        """The full-text match of ``rendered`` (the query as this backend writes it) and of
        the tags ``found``, with its parameters (``rendered`` first)."""

    def _stored_years(self, q: SearchQuery) -> tuple[int, int] | None:
        """The first and last publication year stored, when a date filter wants them."""
        if q.since is None and q.until is None:
            return None
        row = self._execute(
            "SELECT (SELECT min(published_date) FROM articles) AS lo, "
            "(SELECT max(published_date) FROM articles) AS hi"
        ).fetchone()
        return (int(row["lo"][:4]), int(row["hi"][:4])) if row["lo"] and row["hi"] else None

    def _filters(
        self,
        q: SearchQuery,
        first: str = "1 = 1",
        params: Sequence[Any] = (),
        speaker: str | None = None,
    ) -> tuple[str, list[Any]]:
        """``first`` and the search's filters (speaker, outlet, kind, dates)."""
        return conjunction(
            first,
            params,
            [
                (speaker or self._SPEAKER_MATCH, q.speaker and like_pattern(q.speaker)),
                (self._OUTLET_MATCH, q.outlet),
                ("s.kind = ?", q.kind),
                ("a.published_date >= ?", q.since and q.since.isoformat()),
                ("a.published_date <= ?", q.until and q.until.isoformat()),
                knowledge.entity_filter(q.entity, self._LIKE),
            ],
        )
