"""Claims in the SQL store (tables ``claims`` and ``claim_members``, schema version 5).

The SQL is shared by both backends (``?`` placeholders, run through the store's
``_execute``). Counts leave out statements of near-duplicate articles, as every other count
in the store does; first seen is the member of the earliest dated article (then the lowest
statement id).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..claims.model import ClaimList, ClaimProfile, ClaimQuery, ClaimSummary, FirstSeen
from . import rows
from .base import FacetCount, Hit, check_page

MEMBERS = """FROM claim_members AS m JOIN statements AS s ON s.id = m.statement_id
JOIN articles AS a ON a.id = s.article_id"""
DISTINCT = "NOT EXISTS (SELECT 1 FROM near_duplicates AS nd WHERE nd.article_id = s.article_id)"
MONTH = "coalesce(substr(a.published_date, 1, 7), '(unknown)')"
DATE_ORDER = "a.published_date IS NULL, a.published_date, s.id"


@dataclass(frozen=True, slots=True)
class PendingStatement:
    """A stored statement no claim holds yet, with its stored embedding."""

    id: int
    text: str
    start: int  # the content's offset in its article
    vector: Any


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as the clustering needs it."""

    id: int
    representative: str
    representative_vector: bytes
    centroid: bytes
    size: int


class ClaimsSQL:
    """Mixin for :class:`~quotegraph.store.sql.SQLStore`: claim reads and writes."""

    _execute: Any  # these come from SQLStore
    _transaction: Any
    _vector_of: Any
    _LIKE: ClassVar[str]
    statement: Any

    # -- what clustering reads and writes ---------------------------------------------------

    def pending_claim_statements(self, min_chars: int = 12) -> Iterator[PendingStatement]:
        """Embedded statements without a claim, in publication order (undated last), leaving
        out near-duplicate articles, optional (nested) statements and fragments."""
        cur = self._execute(
            "SELECT s.id, s.content, s.content_start, e.embedding FROM statements AS s "
            "JOIN articles AS a ON a.id = s.article_id "
            "JOIN statement_embeddings AS e ON e.statement_id = s.id "
            f"WHERE {DISTINCT} AND s.optional = 0 AND length(s.content) >= ? AND NOT EXISTS "
            "(SELECT 1 FROM claim_members AS m WHERE m.statement_id = s.id) "
            f"ORDER BY {DATE_ORDER}",
            (min_chars,),
        )
        for row in cur.fetchall():
            vector = self._vector_of(row["embedding"])
            yield PendingStatement(int(row["id"]), row["content"], row["content_start"], vector)

    def stored_claims(self) -> list[StoredClaim]:
        cur = self._execute(
            "SELECT id, representative, representative_vector, centroid, size FROM claims "
            "ORDER BY id"
        )
        return [
            StoredClaim(int(r["id"]), r["representative"], bytes(r["representative_vector"]),
                        bytes(r["centroid"]), int(r["size"]))
            for r in cur.fetchall()
        ]  # fmt: skip

    def clear_claims(self) -> None:
        with self._transaction():
            self._execute("DELETE FROM claim_members")
            self._execute("DELETE FROM claims")

    def new_claim(self, row: dict[str, Any]) -> int:
        """Insert a claim row (without members); its id."""
        found = self._execute(
            "INSERT INTO claims (representative, representative_statement, "
            "representative_vector, centroid, size, model, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (row["representative"], row["representative_statement"],
             row["representative_vector"], row["centroid"], row["size"], row["model"],
             rows.utc_now()),
        ).fetchone()  # fmt: skip
        return int(found["id"])

    def update_claim(self, claim_id: int, row: dict[str, Any]) -> None:
        self._execute(
            "UPDATE claims SET representative = ?, representative_statement = ?, "
            "representative_vector = ?, centroid = ?, size = ? WHERE id = ?",
            (row["representative"], row["representative_statement"],
             row["representative_vector"], row["centroid"], row["size"], claim_id),
        )  # fmt: skip

    def add_claim_members(self, members: Sequence[tuple[int, int, int, int, float]]) -> None:
        """``(statement_id, unit_start, unit_end, claim_id, score)`` rows."""
        for member in members:
            self._execute(
                "INSERT INTO claim_members (statement_id, unit_start, unit_end, claim_id, score) "
                "VALUES (?, ?, ?, ?, ?)",
                member,
            )

    # -- queries ----------------------------------------------------------------------------

    def claims(self, q: ClaimQuery | None = None) -> ClaimList:
        """Claims matching ``q``, most statements first (then first seen, then id)."""
        q = q or ClaimQuery()
        where, params = self._claim_filter(q)
        grouped = (
            f"SELECT m.claim_id, count(DISTINCT s.id) AS n, min(a.published_date) AS first_date "
            f"{MEMBERS} WHERE {DISTINCT} GROUP BY m.claim_id HAVING count(DISTINCT s.id) >= ?"
        )
        base = f"FROM ({grouped}) AS g WHERE {where}"
        total = self._execute(f"SELECT count(*) AS n {base}", [q.min_statements, *params])
        cur = self._execute(
            f"SELECT g.claim_id {base} ORDER BY g.n DESC, g.first_date IS NULL, g.first_date, "
            "g.claim_id LIMIT ? OFFSET ?",
            [q.min_statements, *params, q.limit, q.offset],
        )
        ids = [int(r["claim_id"]) for r in cur.fetchall()]
        found = (self._claim_summary(i) for i in ids)
        return ClaimList(int(total.fetchone()["n"]), tuple(c for c in found if c is not None))

    def _claim_filter(self, q: ClaimQuery) -> tuple[str, list[Any]]:
        clauses, params = ["1 = 1"], []
        member = f"EXISTS (SELECT 1 {MEMBERS} WHERE m.claim_id = g.claim_id AND {DISTINCT}"
        if q.speaker:
            from .sql import like_pattern

            clauses.append(f"{member} AND s.speaker_name {self._LIKE} ? ESCAPE '\\')")
            params.append(like_pattern(q.speaker))
        if q.since:
            clauses.append(f"{member} AND a.published_date >= ?)")
            params.append(q.since.isoformat())
        if q.until:
            clauses.append(f"{member} AND a.published_date <= ?)")
            params.append(q.until.isoformat())
        return " AND ".join(clauses), params

    def claim(self, claim_id: int, limit: int = 20, offset: int = 0) -> ClaimProfile | None:
        """One claim with its speakers, outlets and a page of its statements, oldest first."""
        check_page(limit, offset)
        summary = self._claim_summary(claim_id)
        if summary is None:
            return None
        return ClaimProfile(
            summary,
            self._claim_counts(claim_id, "coalesce(s.speaker_name, '(unknown)')"),
            self._claim_counts(claim_id, "coalesce(a.outlet, '(unknown)')"),
            self._claim_days(claim_id),
            self._claim_statements(claim_id, limit, offset),
        )

    def _claim_summary(self, claim_id: int) -> ClaimSummary | None:
        row = self._execute(
            "SELECT c.id, c.representative, count(DISTINCT s.id) AS n, "
            "count(DISTINCT s.article_id) AS articles, count(DISTINCT s.speaker_name) AS "
            "speakers, count(DISTINCT a.outlet) AS outlets, max(a.published_date) AS last_date "
            f"FROM claims AS c JOIN claim_members AS m ON m.claim_id = c.id JOIN statements AS "
            f"s ON s.id = m.statement_id JOIN articles AS a ON a.id = s.article_id "
            f"WHERE c.id = ? AND {DISTINCT} GROUP BY c.id, c.representative",
            (claim_id,),
        ).fetchone()
        if row is None:
            return None
        first = self._execute(
            f"SELECT s.id, s.article_id, a.published_date, s.speaker_name, a.outlet {MEMBERS} "
            f"WHERE m.claim_id = ? AND {DISTINCT} ORDER BY {DATE_ORDER} LIMIT 1",
            (claim_id,),
        ).fetchone()
        months = self._execute(
            f"SELECT {MONTH} AS value, count(DISTINCT s.id) AS n {MEMBERS} "
            f"WHERE m.claim_id = ? AND {DISTINCT} GROUP BY {MONTH} "
            f"ORDER BY {MONTH} = '(unknown)', {MONTH}",
            (claim_id,),
        )
        return ClaimSummary(
            id=int(row["id"]), representative=row["representative"], statements=int(row["n"]),
            articles=int(row["articles"]), speakers=int(row["speakers"]),
            outlets=int(row["outlets"]),
            first_seen=FirstSeen(int(first["id"]), first["article_id"], first["published_date"],
                                 first["speaker_name"], first["outlet"]),
            last_date=row["last_date"],
            months=tuple(FacetCount(r["value"], int(r["n"])) for r in months.fetchall()),
        )  # fmt: skip

    def _claim_counts(self, claim_id: int, expression: str) -> tuple[FacetCount, ...]:
        cur = self._execute(
            f"SELECT {expression} AS value, count(DISTINCT s.id) AS n {MEMBERS} "
            f"WHERE m.claim_id = ? AND {DISTINCT} GROUP BY {expression} ORDER BY n DESC, value",
            (claim_id,),
        )
        return tuple(FacetCount(r["value"], int(r["n"])) for r in cur.fetchall())

    def _claim_days(self, claim_id: int) -> tuple[FacetCount, ...]:
        cur = self._execute(
            f"SELECT a.published_date AS value, count(DISTINCT s.id) AS n {MEMBERS} "
            f"WHERE m.claim_id = ? AND {DISTINCT} AND a.published_date IS NOT NULL "
            "GROUP BY a.published_date ORDER BY a.published_date",
            (claim_id,),
        )
        return tuple(FacetCount(str(r["value"]), int(r["n"])) for r in cur.fetchall())

    def _claim_statements(self, claim_id: int, limit: int, offset: int) -> tuple[Hit, ...]:
        ids = self._execute(
            f"SELECT s.id {MEMBERS} WHERE m.claim_id = ? AND {DISTINCT} "
            f"GROUP BY s.id, a.published_date ORDER BY {DATE_ORDER} LIMIT ? OFFSET ?",
            (claim_id, limit, offset),
        ).fetchall()
        found = (self.statement(int(r["id"])) for r in ids)
        return tuple(h for h in found if h is not None)


def vector_bytes(vector: np.ndarray[Any, Any]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from(data: bytes) -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.frombuffer(data, dtype="<f4").astype(np.float32)
