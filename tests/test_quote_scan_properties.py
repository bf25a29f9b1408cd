"""The quote scanner (issue 3) jumps from mark to mark: property tests that it finds the quotes
a scan of every character finds, with well-formed, ordered, non-overlapping spans."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from quotegraph.article.model import TextSpan
from quotegraph.nlp import quotes
from quotegraph.nlp.quotes import Quote, scan

TEXT = st.text(alphabet=st.sampled_from(list("ab .,\n-'`\"“”«»„")), max_size=80)


def _every_character(text: str, start: int, end: int) -> list[Quote]:
    """The scanner as first written: a look at every character (a straight opening mark may
    close with a curly one)."""
    out: list[Quote] = []
    open_at, open_width, expected = -1, 0, ""
    i = start
    while i < end:
        pair = text[i : i + 2] if i + 1 < end else ""
        ch = text[i]
        mark = pair if pair in {"``", "''"} else (ch if ch in "“«„”»\"" else None)
        if mark is None:
            i += 1
            continue
        if open_at < 0:
            opener = mark in quotes._OPENERS
            if opener or (mark in {'"', "''"} and quotes._opens(text, i, len(mark), start, end)):
                open_at, open_width, expected = i, len(mark), quotes._OPENERS.get(mark, mark)
        elif mark == expected or (mark in {"”", "»"} and expected != "''"):
            out.append(Quote(open_at, i + len(mark), open_at + open_width, i))
            open_at = -1
        i += len(mark)
    if open_at >= 0:
        out.append(Quote(open_at, end, open_at + open_width, end, closed=False))
    return out


@given(TEXT)
def test_jumping_from_mark_to_mark_finds_what_every_character_finds(text: str) -> None:
    assert quotes._scan_paragraph(text, 0, len(text)) == _every_character(text, 0, len(text))


@given(TEXT)
def test_quotes_are_ordered_well_formed_spans(text: str) -> None:
    found = scan(text, [TextSpan.of(text, 0, len(text))])
    for q in found:
        assert q.start < q.inner_start <= q.inner_end <= q.end <= len(text)
    for a, b in pairwise(found):
        assert a.end <= b.start
