"""Lookup tables for organisation resolution, so that matching one name never scans every
known body (a store-wide run over 25 k articles spent most of its 39 minutes doing that).

Every table maps to global entity *ids* (the resolver follows merges itself):

* ``by_key``: the name key ("russian foreign ministry") -> the clusters written under it;
* ``by_tail``: a key without its leading nationality ("foreign ministry") -> the clusters of
  the qualified keys ("russian foreign ministry", "french foreign ministry");
* ``long_names``: the first letters of the first and last capitalised words of a name of two
  or more -> (name, id), where an acronym looks for the name it abbreviates ("FBI" ->
  "Federal Bureau of Investigation": ``("f", "i")``; the last word gives the acronym one to
  three final letters, so an acronym tries its last three);
* ``acronyms``: an acronym's first letter and each of its last three -> (acronym, id), where a
  long name looks for its acronym;
* ``fuzzy``: the nationality words of a key -> its keys sorted by length, searched with
  ``rapidfuzz.process.extractOne`` and a score cutoff over the slice of lengths that can reach
  it (one bisection, no list built per lookup).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .names import abbreviates, clean_org_name

FUZZY_CUTOFF = 92.0  # token_sort_ratio for a near-identical key (same nationality words)
# A ratio of 2M / (la + lb) >= c needs min(la, lb) / max(la, lb) >= c / (200 - c).
_LENGTH_SPAN = FUZZY_CUTOFF / (200.0 - FUZZY_CUTOFF)


def acronym(name: str) -> str | None:
    """'F.B.I.' -> 'FBI'; None when the name is not an acronym of 2-8 capitals."""
    short = clean_org_name(name).replace(".", "").strip()
    return short if short.isupper() and short.isalpha() and 2 <= len(short) <= 8 else None


def _initials(name: str) -> tuple[str, str] | None:
    """The first letters of the name's first and last capitalised words (as ``abbreviates``
    reads them), for a name of two or more."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return (words[0][0].lower(), words[-1][0].lower()) if len(words) >= 2 else None


def _ends(short: str) -> set[str]:
    """The letters an acronym's last word can start with (it gives one to three letters)."""
    return set(short[-3:].lower())


@dataclass
class _ByLength:
    """Keys sorted by length (arrival order among equal lengths)."""

    lengths: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def add(self, key: str) -> None:
        at = bisect.bisect_right(self.lengths, len(key))
        self.lengths.insert(at, len(key))
        self.keys.insert(at, key)

    def between(self, low: int, high: int) -> list[str]:
        lo = bisect.bisect_left(self.lengths, low)
        return self.keys[lo : bisect.bisect_right(self.lengths, high, lo)]


@dataclass
class OrgIndex:
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_tail: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    long_names: dict[tuple[str, str], list[tuple[int, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    acronyms: dict[tuple[str, str], list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _named: set[tuple[str, str]] = field(default_factory=set)
    fuzzy: dict[frozenset[str], _ByLength] = field(default_factory=dict)

    def add_key(self, key: str, gid: str, nationalities: frozenset[str]) -> None:
        bucket = self.by_key[key]
        if gid in bucket:
            return
        if not bucket:
            self.fuzzy.setdefault(_nations(key, nationalities), _ByLength()).add(key)
        bucket.append(gid)
        words = key.split(" ", 1)
        if len(words) == 2 and words[0] in nationalities:
            self.by_tail[words[1]].append(gid)

    def add_name(self, name: str, gid: str) -> None:
        short, clean = acronym(name), clean_org_name(name)
        if (clean, gid) in self._named:
            return
        self._named.add((clean, gid))
        if short is not None:
            for end in _ends(short):
                self.acronyms[short[0].lower(), end].append((short, gid))
        elif (ends := _initials(clean)) is not None:
            self.long_names[ends].append((len(self._named), clean, gid))  # in arrival order

    def keyed(self, key: str) -> list[str]:
        return self.by_key.get(key, [])

    def qualified(self, tail: str) -> list[str]:
        return self.by_tail.get(tail, [])

    def expanded(self, short: str) -> str | None:
        """The first body whose name the acronym abbreviates."""
        found = [
            (i, gid)
            for end in _ends(short)
            for i, name, gid in self.long_names.get((short[0].lower(), end), [])
            if abbreviates(short, name)
        ]
        return min(found)[1] if found else None

    def abbreviated(self, name: str) -> str | None:
        """The first body known by an acronym of this name."""
        ends = _initials(name)
        for short, gid in self.acronyms.get(ends, []) if ends else []:
            if abbreviates(short, name):
                return gid
        return None

    def near(self, key: str, nationalities: frozenset[str]) -> str | None:
        """The id of the closest key with the same nationality words (token_sort_ratio at or
        above the cutoff), over the lengths that can reach it."""
        keys = self.fuzzy.get(_nations(key, nationalities))
        if keys is None:
            return None
        low, high = math.ceil(len(key) * _LENGTH_SPAN), math.floor(len(key) / _LENGTH_SPAN)
        best = process.extractOne(
            key, keys.between(low, high), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF
        )
        return self.by_key[best[0]][0] if best else None


def _nations(key: str, nationalities: frozenset[str]) -> frozenset[str]:
    return frozenset(key.split()) & nationalities
