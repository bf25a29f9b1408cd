"""``quotegraph check``: is a store intact?

:func:`check_store` reads a whole store in one snapshot and reports every problem it finds:

* ``schema``: the store's schema version against the migrations this code ships;
* ``index``: the full-text index against the statements (SQLite: FTS5's own
  ``integrity-check`` and one index row per statement; PostgreSQL: the generated
  ``content_tsv`` column, set on every statement, and its valid GIN index);
* ``orphans``: rows whose foreign key points at nothing, in every table with a foreign key
  (read from the database's catalog, so tables added by later migrations are covered), and
  speakers no statement refers to;
* ``sequence``: each article's statements and paragraphs numbered 0..n-1 without gaps, body
  statements pointing at a stored paragraph;
* ``article-id``: every article's id is the content hash of its text;
* ``near-duplicates``: links point at an original that is itself no copy, never at the copy.

Runs left ``running`` by an ingest that was killed are reported as notes (the data is intact;
the next ingest marks them ``interrupted``), as is an ingest running during the check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..article.model import content_id
from ..errors import StoreBusyError
from . import migrate, neardup
from .base import _Record

if TYPE_CHECKING:
    from .sql import SQLStore

PAGE = 500  # articles read per query for the id check
SHOWN = 5  # example ids named per problem
UNUSED_SPEAKERS = """SELECT sp.id AS id FROM speakers AS sp
WHERE NOT EXISTS (SELECT 1 FROM statements AS s WHERE s.speaker_id = sp.id) ORDER BY sp.id"""
GAPS = """SELECT article_id AS id FROM {table} GROUP BY article_id
HAVING count(*) <> max(idx) + 1 OR min(idx) <> 0 ORDER BY article_id"""
LOOSE_STATEMENTS = """SELECT s.id AS id FROM statements AS s WHERE s.paragraph IS NOT NULL
AND NOT EXISTS (SELECT 1 FROM paragraphs AS p
    WHERE p.article_id = s.article_id AND p.idx = s.paragraph) ORDER BY s.id"""
SELF_LINKS = """SELECT article_id AS id FROM near_duplicates
WHERE article_id = duplicate_of ORDER BY article_id"""
CHAINS = """SELECT nd.article_id AS id FROM near_duplicates AS nd
JOIN near_duplicates AS up ON up.article_id = nd.duplicate_of ORDER BY nd.article_id"""
UNSIGNED = """SELECT nd.article_id AS id FROM near_duplicates AS nd WHERE NOT EXISTS
(SELECT 1 FROM minhashes AS m WHERE m.article_id = nd.article_id) ORDER BY nd.article_id"""
BANDS = """SELECT m.article_id AS id FROM minhashes AS m LEFT JOIN minhash_bands AS b
ON b.article_id = m.article_id GROUP BY m.article_id HAVING count(b.band) <> {bands}
ORDER BY m.article_id"""
STALE_RUNS = "SELECT id FROM runs WHERE status = 'running' ORDER BY id"


@dataclasses.dataclass(frozen=True, slots=True)
class Problem(_Record):
    """One thing wrong with a store: which check found it and what it is."""

    check: str
    message: str


@dataclasses.dataclass(frozen=True, slots=True)
class CheckReport(_Record):
    """What :func:`check_store` found; ``ok`` when there are no problems (notes are fine)."""

    url: str
    schema_version: int
    code_version: int
    counts: dict[str, int]
    checks: tuple[str, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {**_Record.to_dict(self), "ok": self.ok}


Check = Callable[["SQLStore"], Iterator[str]]


def check_store(store: SQLStore) -> CheckReport:
    """Run every check on ``store``: the index check first (SQLite's needs the write lock for
    a moment), the rest in one read-only snapshot."""
    problems = [Problem("index", message) for message in store._index_problems()]
    checks: dict[str, Check] = {
        "schema": _schema,
        "orphans": _orphans,
        "sequence": _sequence,
        "article-id": _article_ids,
        "near-duplicates": _near_duplicates,
    }
    code_version = max((m.version for m in migrate.load(store.DIALECT)), default=0)
    with store._snapshot():
        for name, run in checks.items():
            problems.extend(Problem(name, message) for message in run(store))
        counts = store.counts()
        version = store.schema_version()
        notes = list(_runs(store))
    names = ("index", *checks)
    return CheckReport(
        store.url, version, code_version, counts, names, tuple(problems), tuple(notes)
    )


def _schema(store: SQLStore) -> Iterator[str]:
    shipped = {m.version for m in migrate.load(store.DIALECT)}
    applied = store.applied_versions()
    if missing := sorted(shipped - applied):
        yield f"migrations {missing} shipped with this quotegraph are not applied"
    if unknown := sorted(applied - shipped):
        yield f"schema_version lists versions {unknown} that this quotegraph does not ship"


def _orphans(store: SQLStore) -> Iterator[str]:
    for child, column, parent, key in store._foreign_keys():
        row = store._execute(
            f"SELECT count(*) AS n FROM {_quote(child)} AS c WHERE c.{_quote(column)} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {_quote(parent)} AS p "
            f"WHERE p.{_quote(key)} = c.{_quote(column)})"
        ).fetchone()
        if row["n"]:
            yield f"{row['n']} {child} rows point at no {parent} ({child}.{column})"
    unused = _ids(store, UNUSED_SPEAKERS)
    if unused:
        yield f"{len(unused)} speakers have no statement (ids {_shown(unused)})"


def _sequence(store: SQLStore) -> Iterator[str]:
    for table in ("statements", "paragraphs"):
        gaps = _ids(store, GAPS.format(table=table))
        if gaps:
            yield f"{len(gaps)} articles have {table} not numbered 0..n-1 ({_shown(gaps)})"
    loose = _ids(store, LOOSE_STATEMENTS)
    if loose:
        yield f"{len(loose)} statements point at no paragraph (ids {_shown(loose)})"


def _article_ids(store: SQLStore) -> Iterator[str]:
    wrong: list[str] = []
    after = ""
    while True:
        page = store._execute(
            f"SELECT id, text FROM articles WHERE id COLLATE {store._BYTEWISE} > ? "
            f"ORDER BY id COLLATE {store._BYTEWISE} LIMIT ?",
            (after, PAGE),
        ).fetchall()
        wrong.extend(r["id"] for r in page if content_id(r["text"]) != r["id"])
        if len(page) < PAGE:
            break
        after = page[-1]["id"]
    if wrong:
        yield f"{len(wrong)} articles' ids are not the hash of their text ({_shown(wrong)})"


def _near_duplicates(store: SQLStore) -> Iterator[str]:
    selves = _ids(store, SELF_LINKS)
    if selves:
        yield f"{len(selves)} articles are linked as near-duplicates of themselves"
    chains = _ids(store, CHAINS)
    if chains:
        yield f"{len(chains)} near-duplicates point at a copy, not its original"
    unsigned = _ids(store, UNSIGNED)
    if unsigned:
        yield f"{len(unsigned)} near-duplicates have no stored signature ({_shown(unsigned)})"
    unbanded = _ids(store, BANDS.format(bands=neardup.BANDS))
    if unbanded:
        yield (
            f"{len(unbanded)} signatures lack their {neardup.BANDS} LSH band keys "
            f"({_shown(unbanded)}; the next ingest fills in a store from before schema 7)"
        )


def _runs(store: SQLStore) -> Iterator[str]:
    try:
        store.lock_writer(wait=0)
    except StoreBusyError as exc:
        yield f"an ingest is writing to the store now: {exc.message}"
        return
    try:
        stale = _ids(store, STALE_RUNS)
    finally:
        store.unlock_writer()
    if stale:
        yield (f"runs {_shown(stale)} were left 'running' by an ingest that was killed; "
               "what they wrote is intact and the next ingest marks them interrupted")  # fmt: skip


def _ids(store: SQLStore, sql: str) -> list[Any]:
    return [r["id"] for r in store._execute(sql)]


def _shown(found: list[Any]) -> str:
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return ", ".join(map(str, found[:SHOWN])) + more


def _quote(identifier: str) -> str:
    """A catalog name as a quoted SQL identifier."""
    return '"' + identifier.replace('"', '""') + '"'
