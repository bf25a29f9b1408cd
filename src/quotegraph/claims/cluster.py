"""Incremental claim clustering: each statement joins the existing claim it best matches, or
starts a new claim.

A claim keeps the sum of its members' unit embeddings (its centroid up to length) and up to
:data:`ANCHORS` member wordings for the lexical side of the pair score. Statements arrive in
batches; a batch is compared with every claim centroid in one matrix product (an exact
search, no approximation), the :data:`CANDIDATES` nearest claims of each statement are
rescored with the lexical evidence (:func:`pair_score`), and the statement joins the best one
scoring at least :attr:`Weights.threshold`. The nearest claims started earlier in the same
batch are candidates too, and a claim that moved within the batch is compared with its
current centroid, so the batch size barely matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .lexical import Terms, conflict, overlap, terms

Vectors = npt.NDArray[np.float32]
ANCHORS = 3  # member wordings a claim keeps for lexical comparison
CANDIDATES = 8  # nearest claims (by centroid) rescored per statement
BATCH = 256


@dataclass(frozen=True, slots=True)
class Weights:
    """The pair score: ``semantic * cosine + lexical * lexical - conflict * conflicts``.

    Tuned on ``tests/data/claim-pairs.jsonl`` (see ``quotegraph eval --claims``).
    """

    semantic: float = 0.6
    lexical: float = 0.4
    conflict: float = 0.1
    threshold: float = 0.5


def pair_score(cosine: float, a: Terms, b: Terms, weights: Weights) -> float:
    return (
        weights.semantic * cosine
        + weights.lexical * overlap(a, b)
        - weights.conflict * conflict(a, b)
    )


@dataclass(slots=True)
class Assignment:
    """Where one statement went: the claim's index in the :class:`ClaimIndex`, the score that
    put it there (1.0 for a statement that starts a claim) and whether it started it."""

    claim: int
    score: float
    new: bool


@dataclass(slots=True)
class ClaimIndex:
    """Claims in memory: centroid sums, sizes and anchor wordings, indexed 0..n-1."""

    dimensions: int
    weights: Weights = field(default_factory=Weights)
    sums: Vectors = field(init=False)
    sizes: list[int] = field(default_factory=list)
    anchors: list[list[Terms]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sums = np.zeros((1024, self.dimensions), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.sizes)

    def add_claim(self, total: Vectors, size: int, wordings: Sequence[str]) -> int:
        """A claim known already (loaded from a store): its vector sum, size and wordings."""
        index = len(self.sizes)
        self._grow(index + 1)
        self.sums[index] = total
        self.sizes.append(size)
        self.anchors.append([terms(w) for w in wordings[:ANCHORS]])
        return index

    def centroid(self, claim: int) -> Vectors:
        total = self.sums[claim]
        norm = float(np.linalg.norm(total))
        out: Vectors = total / norm if norm else total
        return out

    def assign(self, vectors: Vectors, texts: Sequence[str]) -> list[Assignment]:
        """Assign statements (unit vectors and their wordings) in order, batch by batch."""
        out: list[Assignment] = []
        for start in range(0, len(texts), BATCH):
            out.extend(
                self._assign_batch(vectors[start : start + BATCH], texts[start : start + BATCH])
            )
        return out

    def _assign_batch(self, vectors: Vectors, texts: Sequence[str]) -> list[Assignment]:
        known = len(self.sizes)
        sims = self._similarities(vectors, known)
        nearest = _top(sims, CANDIDATES)
        touched: set[int] = set()  # claims whose centroid moved since ``sims`` was computed
        out: list[Assignment] = []
        for row, text in enumerate(texts):
            vector, words = vectors[row], terms(text)
            cosines = {int(c): float(sims[row, c]) for c in nearest[row]}
            for claim in touched & cosines.keys():
                cosines[claim] = float(self.centroid(claim) @ vector)
            if len(self.sizes) > known:  # claims started earlier in this batch
                fresh = self._similarities(vector[None, :], len(self.sizes), known)[0]
                for i in _top(fresh[None, :], CANDIDATES)[0]:
                    cosines[known + int(i)] = float(fresh[i])
            best, score = self._best(words, cosines)
            if best is not None and score >= self.weights.threshold:
                self._join(best, vector, words)
                touched.add(best)
                out.append(Assignment(best, score, False))
            else:
                out.append(Assignment(self.add_claim(vector, 1, [text]), 1.0, True))
        return out

    def _similarities(self, vectors: Vectors, stop: int, start: int = 0) -> Vectors:
        """Cosine of each vector with the centroids of claims ``start..stop-1``."""
        sums = self.sums[start:stop]
        norms = np.linalg.norm(sums, axis=1)
        norms[norms == 0] = 1.0
        found: Vectors = vectors @ (sums / norms[:, None]).T
        return found

    def _best(self, words: Terms, cosines: dict[int, float]) -> tuple[int | None, float]:
        best, best_score = None, -1.0
        for claim, cosine in sorted(cosines.items()):
            score = max(
                (pair_score(cosine, words, a, self.weights) for a in self.anchors[claim]),
                default=self.weights.semantic * cosine,
            )
            if score > best_score:
                best, best_score = claim, score
        return best, best_score

    def _join(self, claim: int, vector: Vectors, words: Terms) -> None:
        self.sums[claim] += vector
        self.sizes[claim] += 1
        if len(self.anchors[claim]) < ANCHORS and words.text not in {
            a.text for a in self.anchors[claim]
        }:
            self.anchors[claim].append(words)

    def _grow(self, needed: int) -> None:
        if needed > len(self.sums):
            bigger = np.zeros((max(needed, 2 * len(self.sums)), self.dimensions), np.float32)
            bigger[: len(self.sums)] = self.sums
            self.sums = bigger


def _top(sims: Vectors, k: int) -> list[list[int]]:
    """Per row, the columns of the ``k`` highest values (all columns when there are fewer)."""
    rows, columns = sims.shape
    if columns <= k:
        return [list(range(columns)) for _ in range(rows)]
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return [[int(c) for c in row] for row in top]
