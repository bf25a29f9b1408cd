"""Near-duplicate detection: republished wire copies (same story, small edits, other outlet).

Each stored article gets a MinHash signature (:data:`NUM_PERM` permutations) of the word
5-shingles of its lowercased text without the dateline. Its LSH band keys (:func:`band_keys`:
:data:`BANDS` bands of :data:`ROWS` rows, the banding datasketch's ``MinHashLSH`` chooses for
:data:`THRESHOLD`) are stored beside it; articles sharing a band key are the candidates whose
estimated Jaccard similarity is then compared with :data:`THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..article.model import Article

NUM_PERM = 128
SHINGLE = 5  # words per shingle
THRESHOLD = 0.8  # estimated Jaccard similarity of a near-duplicate
_WORD = re.compile(r"\w+")
_BANDING = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = int(_BANDING.b), int(_BANDING.r)
# datasketch's permutations for seed 1, drawn once (a MinHash draws them again when not given)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM).permutations


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
    minhash = MinHash(num_perm=NUM_PERM, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in sorted(found)])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype="<u8").tobytes())


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, permutations=_PERMUTATIONS)


def band_keys(minhash: MinHash) -> list[tuple[int, int]]:
    """``(band, key)`` per LSH band: the key is a signed 64-bit hash of the band's rows."""
    values = np.asarray(minhash.hashvalues, dtype="<u8")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8)
        keys.append((band, int.from_bytes(digest.digest(), "little", signed=True)))
    return keys


def similarity(a: MinHash, b: MinHash) -> float:
    """The estimated Jaccard similarity of two signatures."""
    return float(a.jaccard(b))
