"""Character spans for scoring: contiguous or discontinuous, with overlap arithmetic.

A :class:`Span` is :class:`~quotegraph.article.model.TextSpan`-like (``start``/``end``/``text``
with ``text == doc_text[start:end]``) and may carry ``segments``: the discontinuous pieces an
annotation really covers (brat's ``start end;start end``). ``start``/``end`` are then the hull
(min start .. max end) and every overlap is measured on the *union of the segments*, not on the
hull.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Segment = tuple[int, int]


def merge_segments(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    """Sort segments and merge the overlapping or touching ones; drop empty ones."""
    out: list[Segment] = []
    for start, end in sorted(s for s in segments if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def segment_overlap(a: Segment, b: Segment) -> int:
    """Characters two half-open intervals share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(frozen=True)
class Span:
    """``text == doc_text[start:end]``; ``segments`` (merged, ordered) when discontinuous."""

    start: int
    end: int
    text: str
    segments: tuple[Segment, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or self.end - self.start != len(self.text):
            raise ValueError(f"span [{self.start}, {self.end}) does not hold {self.text!r}")
        if self.segments and (
            self.segments[0][0] != self.start or self.segments[-1][1] != self.end
        ):
            raise ValueError(f"segments {self.segments} do not span [{self.start}, {self.end})")

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        return cls(start=start, end=end, text=doc_text[start:end])

    @classmethod
    def from_segments(cls, doc_text: str, segments: Iterable[Segment]) -> Span:
        """The hull of ``segments``; keeps them when there is more than one after merging."""
        merged = merge_segments(segments)
        if not merged:
            raise ValueError("a span needs at least one non-empty segment")
        start, end = merged[0][0], merged[-1][1]
        kept = merged if len(merged) > 1 else ()
        return cls(start=start, end=end, text=doc_text[start:end], segments=kept)

    @property
    def parts(self) -> tuple[Segment, ...]:
        """The covered segments: ``segments``, or the one ``(start, end)``."""
        return self.segments or ((self.start, self.end),)

    @property
    def discontinuous(self) -> bool:
        return len(self.segments) > 1

    @property
    def length(self) -> int:
        """Characters covered (the union of the segments, not the hull)."""
        return sum(end - start for start, end in self.parts)

    def overlap(self, start: int, end: int) -> int:
        """Characters of ``[start, end)`` that fall inside this span's segments."""
        return sum(segment_overlap(part, (start, end)) for part in self.parts)

    def surface(self, doc_text: str) -> str:
        """The covered text, segments joined by one space (brat's convention)."""
        return " ".join(doc_text[s:e] for s, e in self.parts)
