"""Lexical evidence that two statements make the same claim: shared content words, and the
two signals that most often separate near-identical wordings of different claims: negation
and numbers.

Words are lower-cased, stop words dropped (spaCy's English list, no model needed) and cut to a
six-letter stem, so "missiles" meets "missile" and "ensures" meets "ensure"; a possessive 's
is dropped, so "Putin's" meets "Putin".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

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


def _bare(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=65_536)
def terms(text: str) -> Terms:
    words = [_bare(w.replace("’", "'")) for w in _WORD.findall(text.lower())]
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
    """The cosine of the two content-stem sets (0 when either has none): symmetric, so a long
    statement does not match everything whose few words it happens to hold."""
    if not a.stems or not b.stems:
        return 0.0
    return len(a.stems & b.stems) / math.sqrt(len(a.stems) * len(b.stems))


def coverage(part: Terms, support: Terms) -> float:
    """How much of ``part``'s content ``support`` holds (a headline against the body)."""
    return len(part.stems & support.stems) / len(part.stems) if part.stems else 0.0


def conflict(a: Terms, b: Terms) -> float:
    """0..2: one side negated and the other not; both give numbers and share none."""
    out = 0.0
    if a.negated != b.negated:
        out += 1.0
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        out += 1.0
    return out


_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")
MIN_UNIT_WORDS = 4


def units(text: str) -> list[tuple[int, int]]:
    """The sentences of a statement that can make a claim each, as ``(start, end)`` offsets
    into ``text`` (trimmed; those under :data:`MIN_UNIT_WORDS` words dropped); the whole text
    when it has no more than one."""
    found = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start] in " \t\n\"'“”<>[]":
            start += 1
        while end > start and text[end - 1] in " \t\n,":
            end -= 1
        if len(_WORD.findall(text[start:end])) >= MIN_UNIT_WORDS:
            found.append((start, end))
    return found if len(found) > 1 else [(0, len(text))]
