"""Claims kept up to date in a store: :func:`update_claims` assigns every statement no claim
holds yet (``rebuild``: all of them, from scratch) and writes the claims back.

A statement of several sentences may make several claims, so the units clustered are the
sentences of each statement (:func:`~quotegraph.claims.lexical.units`). Statements are
embedded by the semantic search's :class:`~quotegraph.search.Embedder` and stored
(``statement_embeddings``, filled at ingest or here for what is missing); a one-sentence
statement's unit reuses that vector, the sentences of longer ones are embedded here. A
claim's representative wording is the member nearest its centroid among the current
representative and the members added in this update.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..store.claims import PendingStatement, vector_bytes, vector_from
from .cluster import ClaimIndex, Weights
from .lexical import units
from .model import BuildReport

if TYPE_CHECKING:
    from ..search.semantic import Embedder
    from ..store.sql import SQLStore


@dataclass(slots=True)
class _Representative:
    text: str
    statement: int | None
    vector: Any


def update_claims(
    store: SQLStore, embedder: Embedder, weights: Weights | None = None, rebuild: bool = False
) -> BuildReport:
    started = time.perf_counter()
    if rebuild:
        store.clear_claims()
    store.embed_missing(embedder)
    pending = _units(store.pending_claim_statements(), embedder)
    index = ClaimIndex(embedder.dimensions, weights or Weights())
    ids: list[int | None] = []
    reps: list[_Representative] = []
    for stored in store.stored_claims():
        index.add_claim(vector_from(stored.centroid), stored.size, [stored.representative])
        ids.append(stored.id)
        vector = vector_from(stored.representative_vector)
        reps.append(_Representative(stored.representative, None, vector))
    if not pending:
        return BuildReport(0, 0, 0, len(ids), round(time.perf_counter() - started, 3))
    vectors = np.vstack([p.vector for p in pending]).astype(np.float32, copy=False)
    assignments = index.assign(vectors, [p.text for p in pending])
    touched: set[int] = set()
    for p, vector, a in zip(pending, vectors, assignments, strict=True):
        if a.new:
            ids.append(None)
            reps.append(_Representative(p.text, p.statement, vector))
        elif _closer(index, a.claim, vector, reps[a.claim].vector):
            reps[a.claim] = _Representative(p.text, p.statement, vector)
        touched.add(a.claim)
    with store._transaction():
        for claim in sorted(touched):
            row = {
                "representative": reps[claim].text, "size": index.sizes[claim],
                "representative_statement": reps[claim].statement, "model": embedder.model,
                "representative_vector": vector_bytes(reps[claim].vector),
                "centroid": vector_bytes(index.sums[claim]),
            }  # fmt: skip
            known = ids[claim]
            if known is None:
                ids[claim] = store.new_claim(row)
            else:
                store.update_claim(known, row)
        members = zip(pending, assignments, strict=True)
        store.add_claim_members(
            [(p.statement, p.start, p.end, _id(ids[a.claim]), round(a.score, 4))
             for p, a in members]
        )  # fmt: skip
    new = sum(a.new for a in assignments)
    return BuildReport(len(pending), new, len(pending) - new, len(ids),
                       round(time.perf_counter() - started, 3))  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Unit:
    statement: int
    start: int  # article offsets of the sentence
    end: int
    text: str
    vector: Any


def _units(found: Iterable[PendingStatement], embedder: Embedder) -> list[_Unit]:
    """The claim units of the pending statements, in order, each with its vector."""
    out: list[_Unit] = []
    split: list[int] = []  # indexes of units that need their own embedding
    for p in found:
        spans = units(p.text)
        for start, end in spans:
            whole = len(spans) == 1
            if not whole:
                split.append(len(out))
            out.append(_Unit(p.id, p.start + start, p.start + end, p.text[start:end],
                             p.vector if whole else None))  # fmt: skip
    vectors = embedder.embed([out[i].text for i in split])
    for i, vector in zip(split, vectors, strict=True):
        out[i] = replace(out[i], vector=vector)
    return out


def _closer(index: ClaimIndex, claim: int, vector: Any, current: Any) -> bool:
    centroid = index.centroid(claim)
    return float(centroid @ vector) > float(centroid @ current)


def _id(found: int | None) -> int:
    assert found is not None
    return found
