"""Search tags: a statement's kind, outlet and publication year as full-text terms.

Every statement carries ``search_tags`` (schema version 9, set by the database's triggers):
words such as ``kdirect o74617373 y2021 d202 c20``: ``k`` and the kind, ``o`` and the hex of
the outlet's lower-case name (a name of any length and alphabet as one plain word), ``y``,
``d`` and ``c`` and the year, decade and century of publication. Both backends index them
beside the content (SQLite: a second FTS5 column; PostgreSQL: a GIN index), so a filtered
search names its filters' tags in the full-text match and the index finds the statements that
hold the words *and* the tags in one intersection, instead of a look at the article of every
statement that holds the words ("will" from one outlet: all 100,000 of them at 1 M).

SQLite's full-text index stems the tags as it stems the content (two tags could become one),
so there the filters are still checked on the rows: the tags need only let through every
statement that passes them. PostgreSQL's lexemes are the tags as written, so there the kind,
the outlet and a date range of whole years are decided by the tags alone.

A date range is named by its years, decades and centuries when at most :data:`MAX_TERMS` of
them name it exactly, and not at all when it holds every publication year the store holds.
Measured at 1 M statements (bench/search_speed.py): an OR of two or three years' terms halves
a search from the last two of nine years, but five or seven terms, or a decade's one for a
span of a few years, make it slower than checking each match's date: the index merges every
year's statements to find the few that hold the words.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

KIND, OUTLET = "k", "o"
# prefix, years per unit, digits of the unit (the year's first 4, 3 or 2 characters)
_GRAINS = (("y", 1, 4), ("d", 10, 3), ("c", 100, 2))
MAX_TERMS = 3  # terms a date range is named by, at most


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def statement_tags(kind: str, outlet: str | None, published: str | None) -> str:
    """A statement's ``search_tags``, spelt as SQLite's view ``statement_search_tags`` and
    PostgreSQL's function ``quotegraph_search_tags()`` spell them (both fold ASCII letters
    only), so that the writer can give them with the row."""
    tags = [KIND + kind]
    if outlet is not None:
        tags.append(outlet_tag(outlet))
    if published is not None:
        tags += [f"{prefix}{published[:digits]}" for prefix, _, digits in _GRAINS]
    return " ".join(tags)


def outlet_tag(outlet: str) -> str:
    """The tag of an outlet: ``o`` and the hex of its UTF-8 name, ASCII letters in lower case."""
    return OUTLET + outlet.translate(_ASCII_LOWER).encode("utf-8").hex()


@dataclass(frozen=True, slots=True)
class TagMatch:
    """The tags a search's filters name: ``all_of`` must all be there, one of ``any_of``
    (the years) when it is not empty, and the tag of ``outlet`` (the database spells it).
    ``whole_years``: the years name the date filters exactly (they start on 1 January and
    end on 31 December), so a statement passes them if and only if it holds one."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    outlet: str | None = None
    whole_years: bool = False

    def __bool__(self) -> bool:
        return bool(self.all_of or self.any_of or self.outlet)


def tag_match(
    kind: str | None,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
    stored_years: tuple[int, int] | None,
) -> TagMatch:
    """The tags of a search's kind, outlet and date filters (``stored_years``: the first
    and last publication year in the store, None when none is known)."""
    years = year_terms(since, until, stored_years)
    whole = (since is None or (since.month, since.day) == (1, 1)) and (
        until is None or (until.month, until.day) == (12, 31)
    )
    kinds = (f"{KIND}{kind}",) if kind else ()
    return TagMatch(kinds, years, outlet or None, bool(years) and whole)


def year_terms(
    since: dt.date | None, until: dt.date | None, stored: tuple[int, int] | None
) -> tuple[str, ...]:
    """Terms one of which exactly the statements published in the years of ``since`` to
    ``until`` hold, or () when that takes more than :data:`MAX_TERMS` of them, the range holds
    every stored year or none is stored."""
    if stored is None or (since is None and until is None):
        return ()
    lo, hi = stored
    first, last = max(since.year if since else lo, lo), min(until.year if until else hi, hi)
    if first > last:
        return (_GRAINS[0][0],)  # the bare prefix, which no statement holds: nothing matches
    terms = _cover(first, last)
    if len(terms) > MAX_TERMS or (first <= lo and last >= hi):
        return ()  # an OR of many terms (or of all stored years) costs more than it saves
    return terms


def _cover(start: int, end: int) -> tuple[str, ...]:
    """The fewest year, decade and century terms that name exactly the years start..end."""
    terms, year = [], start
    while year <= end:
        prefix, width, digits = next(
            g for g in reversed(_GRAINS) if year % g[1] == 0 and year + g[1] - 1 <= end
        )
        terms.append(f"{prefix}{year // width:0{digits}d}")
        year += width
    return tuple(terms)
