"""Quote-mark scanning: the quoted spans of a text, in one linear pass per paragraph.

Handles straight ``"`` (open/close decided from the neighbouring characters), curly “ ”, and
guillemets « ». A paragraph that leaves a quote open and is followed by a paragraph opening with a
quote mark continues the quote (the open-quote-per-paragraph convention); the two become one
:class:`Quote` from the first opening mark to the last closing mark. An unbalanced mark never
raises: an opening mark with no closing mark quotes to the end of its paragraph and is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..article.model import TextSpan

_OPENERS = {"“": "”", "«": "»", "„": "“"}
_CLOSERS = {"”", "»"}
_STRAIGHT = '"'
_BEFORE_OPEN = set(" \t\n([{—–-/:;,") | {""}


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
    open_at = -1
    expected_close = ""
    for i in range(start, end):
        ch = text[i]
        if ch not in _OPENERS and ch not in _CLOSERS and ch != _STRAIGHT:
            continue
        if open_at < 0:
            if ch in _OPENERS or (ch == _STRAIGHT and _opens(text, i, start, end)):
                open_at, expected_close = i, _OPENERS.get(ch, _STRAIGHT)
            continue
        if ch == expected_close or (ch in _CLOSERS and expected_close != _STRAIGHT):
            out.append(Quote(open_at, i + 1, open_at + 1, i))
            open_at = -1
    if open_at >= 0:
        out.append(Quote(open_at, end, open_at + 1, end, closed=False))
    return out


def _opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else ""
    after = text[i + 1] if i + 1 < end else ""
    return before in _BEFORE_OPEN and after not in {"", " ", "\n"}
