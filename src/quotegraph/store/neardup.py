"""Near-duplicate detection: republished wire copies (same story, small edits, other outlet).

Each stored article gets a MinHash signature (:data:`NUM_PERM` permutations) of the word
5-shingles of its lowercased text without the dateline; an LSH index over the stored
signatures (rebuilt when a store is opened) finds the candidates whose estimated Jaccard
similarity reaches :data:`THRESHOLD`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..article.model import Article

NUM_PERM = 128
SHINGLE = 5  # words per shingle
THRESHOLD = 0.8  # estimated Jaccard similarity of a near-duplicate
_WORD = re.compile(r"\w+")


def shingles(article: Article) -> set[str]:
    """The word 5-shingles of the article's lowercased text, its dateline left out (a text
    shorter than five words is one shingle)."""
    text = article.text
    if article.dateline is not None:
        span = article.dateline.span
        text = text[: span.start] + " " + text[span.end :]
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(article: Article) -> MinHash | None:
    """The article's MinHash, None when it has no words."""
    found = shingles(article)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in sorted(found)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype="<u8").tobytes())


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, hashvalues=values)


class Index:
    """An LSH index of article signatures by article id."""

    def __init__(self, stored: Iterable[tuple[str, bytes]] = ()) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        for article_id, data in stored:
            self.add(article_id, from_bytes(data))

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self._lsh:
            self._lsh.insert(article_id, minhash)

    def candidates(self, minhash: MinHash) -> list[str]:
        """Ids of indexed articles that may be near-duplicates of ``minhash``, sorted."""
        return sorted(str(k) for k in self._lsh.query(minhash))


def similarity(a: MinHash, b: MinHash) -> float:
    """The estimated Jaccard similarity of two signatures."""
    return float(a.jaccard(b))
