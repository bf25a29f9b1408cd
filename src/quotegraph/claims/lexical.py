"""Lexical evidence that two statements make the same claim: shared content words, token
ratios (rapidfuzz), and the two signals that most often separate near-identical wordings of
different claims: negation and numbers.

Words are lower-cased, stop words dropped (spaCy's English list, no model needed) and cut to a
six-letter stem, so "missiles" meets "missile" and "ensures" meets "ensure".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

STEM = 6
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NEGATIONS = frozenset(
    "no not never neither nor nothing none nobody cannot can't won't don't doesn't didn't "
    "isn't aren't wasn't weren't impossible n't without".split()
)
_STOPS = frozenset(STOP_WORDS) - NEGATIONS


@dataclass(frozen=True, slots=True)
class Terms:
    """What the lexical scores read from one text."""

    text: str  # lower-cased words joined by single spaces
    stems: frozenset[str]
    numbers: frozenset[str]
    negated: bool


@lru_cache(maxsize=65_536)
def terms(text: str) -> Terms:
    words = [w.replace("’", "'") for w in _WORD.findall(text.lower())]
    stems = frozenset(
        w[:STEM] for w in words if w not in _STOPS and w not in NEGATIONS and not w.isdigit()
    )
    return Terms(
        text=" ".join(words),
        stems=stems,
        numbers=frozenset(n.replace(",", "") for n in _NUMBER.findall(text)),
        negated=any(w in NEGATIONS or w.endswith("n't") for w in words),
    )


def overlap(a: Terms, b: Terms) -> float:
    """Shared content stems over the smaller side's (0 when either has none)."""
    if not a.stems or not b.stems:
        return 0.0
    return len(a.stems & b.stems) / min(len(a.stems), len(b.stems))


def coverage(part: Terms, support: Terms) -> float:
    """How much of ``part``'s content ``support`` holds (a headline against the body)."""
    return len(part.stems & support.stems) / len(part.stems) if part.stems else 0.0


def ratio(a: Terms, b: Terms) -> float:
    """rapidfuzz's token-set ratio of the two word sequences, 0..1."""
    return fuzz.token_set_ratio(a.text, b.text) / 100.0


def conflict(a: Terms, b: Terms) -> float:
    """0..2: one side negated and the other not; both give numbers and share none."""
    out = 0.0
    if a.negated != b.negated:
        out += 1.0
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        out += 1.0
    return out


def lexical(a: Terms, b: Terms) -> float:
    """One lexical similarity, 0..1: the better of content-stem overlap and token-set ratio."""
    return max(overlap(a, b), ratio(a, b))
