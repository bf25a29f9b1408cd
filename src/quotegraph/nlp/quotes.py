"""Quote-mark scanning: the quoted spans of a text, in one linear pass per paragraph.

Handles straight ``"`` and typewriter ``''`` (open or close, decided from the neighbouring
characters), curly “ ”, guillemets « », and the typewriter pair ````...''``; a straight opening
mark may close with a curly one (mixed marks: ``"... Absolutely,” Eric Woolson said``). A
paragraph that leaves a quote open and is followed by a paragraph opening with a quote mark
continues the quote (the open-quote-per-paragraph convention); the two become one
:class:`Quote` from the first opening mark to the last closing mark. An unbalanced mark never
raises: an opening mark with no closing mark quotes to the end of its paragraph and is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..article.model import TextSpan

_OPENERS = {"“": "”", "«": "»", "„": "“", "``": "''"}
_CLOSERS = {"”", "»"}
_STRAIGHT = '"'
_PAIRS = {"``", "''"}  # typewriter quotes of older wire copy: ``like this'' or ''like this''
_AMBIGUOUS = {_STRAIGHT, "''"}  # open or close, decided from the neighbouring characters
_BEFORE_OPEN = set(" \t\n([{—–-/:;,") | {""}
# Every quote mark, left to right: the typewriter pairs `` and '' first, then one character.
_MARKS = sorted({*_PAIRS, *_OPENERS, *_CLOSERS, _STRAIGHT}, key=len, reverse=True)
_MARK = re.compile("|".join(map(re.escape, _MARKS)))


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``start``/``end`` include the marks, ``inner`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    paragraphs: int = 1

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end]

    def words(self, text: str) -> int:
        return len(self.inner(text).split())


def scan(text: str, paragraphs: Sequence[TextSpan]) -> list[Quote]:
    """All quotes inside ``paragraphs`` (spans of ``text``), merged across paragraph breaks."""
    quotes: list[Quote] = []
    pending: Quote | None = None  # a quote left open at the end of the previous paragraph
    for para in paragraphs:
        found = _scan_paragraph(text, para.start, para.end)
        if pending is not None:
            if found and found[0].start == para.start:
                first = found.pop(0)
                found.insert(0, _merge(pending, first))
            else:
                quotes.append(pending)
            pending = None
        if found and not found[-1].closed:
            pending = found.pop()
        quotes.extend(found)
    if pending is not None:
        quotes.append(pending)
    return quotes


def _merge(first: Quote, second: Quote) -> Quote:
    return Quote(
        start=first.start,
        end=second.end,
        inner_start=first.inner_start,
        inner_end=second.inner_end,
        closed=second.closed,
        paragraphs=first.paragraphs + second.paragraphs,
    )


def _scan_paragraph(text: str, start: int, end: int) -> list[Quote]:
    out: list[Quote] = []
    open_at, open_width, expected_close = -1, 0, ""
    for found in _MARK.finditer(text, start, end):
        i, mark = found.start(), found.group()
        width = len(mark)
        if open_at < 0:
            if mark in _OPENERS or (mark in _AMBIGUOUS and _opens(text, i, width, start, end)):
                open_at, open_width = i, width
                expected_close = _OPENERS.get(mark, mark)
        elif mark == expected_close or (mark in _CLOSERS and expected_close != "''"):
            out.append(Quote(open_at, i + width, open_at + open_width, i))
            open_at = -1
    if open_at >= 0:
        out.append(Quote(open_at, end, open_at + open_width, end, closed=False))
    return out


def _opens(text: str, i: int, width: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else ""
    after = text[i + width] if i + width < end else ""
    return before in _BEFORE_OPEN and after not in {"", " ", "\n"}


# A title is quoted as a name inside the sentence: after an article, a preposition or a
# possessive ('told NBC's "Meet the Press"', 'said on "Good Morning America"') or before the
# noun it names ('the "One China" policy'), every word capitalised.
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|on|onto|with|to|in|into|of|at|from|for|by|about|its|his|her|their|our)"
    r"|['’]s)\s*$",
    re.IGNORECASE,
)
_TITLE_AFTER = re.compile(
    r"\s*(?:programs?|programmes?|shows?|newspapers?|magazines?|podcasts?|series|channels?"
    r"|films?|books?|documentar(?:y|ies)|columns?|policy|policies|initiatives?|campaigns?"
    r"|projects?|doctrines?|agreements?|treat(?:y|ies)|operations?|exercises?|forums?|formats?"
    r"|groups?|movements?|parties|party|blocs?|platforms?|strateg(?:y|ies)|plans?|deals?)\b",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(r"[\W_]*(?:[A-Z0-9]|(?:of|the|and|for|in|on|to|a|an|at|with|&)$)")
MAX_TITLE_WORDS = 6
TITLE_TOKENS = "quotegraph_titles"  # doc.user_data key: token indices of quoted titles


def is_title(text: str, quote: Quote) -> bool:
    """Whether ``quote`` names something (a programme, a newspaper, a policy) rather than
    quotes anyone: at most :data:`MAX_TITLE_WORDS` words, each capitalised (short function
    words aside), after an article, a preposition or a possessive or before a naming noun."""
    words = quote.inner(text).split()
    if not words or len(words) > MAX_TITLE_WORDS or not words[0][:1].isupper():
        return False
    if not all(_TITLE_WORD.match(w) for w in words):
        return False
    before = text[max(0, quote.start - 20) : quote.start]
    return bool(_TITLE_BEFORE.search(before) or _TITLE_AFTER.match(text, quote.end))


def titles(text: str) -> list[Quote]:
    """The quoted titles of ``text`` (one section: no quote continues past it)."""
    return [q for q in _scan_paragraph(text, 0, len(text)) if q.closed and is_title(text, q)]
