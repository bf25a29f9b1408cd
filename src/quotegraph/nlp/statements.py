"""From frames and quotes to statements: snapping, classification, continuations, nesting.

* A frame's region is widened to whole quotes it cuts into, then trimmed (a leading ``that``,
  the final stop, a trailing comma outside quote marks).
* Kind: the region is exactly one quote -> **direct** (content without the marks); it holds a
  quoted fragment of two words or more -> **mixed** (content with the marks); otherwise
  **indirect**. One-word quotes ("besieging") are quoted terms and leave a clause indirect.
* A quote of four words or more that no frame covers continues the previous statement's speaker
  (``"X," he said. "Y."``) when nothing but that attribution and at most one paragraph
  break lies between them.
* A frame inside another statement's quote is nested: kept, optional, linked to the outer one;
  a speakerless or first-person frame inside a quote ("It is important to note", "I think") is
  the speaker's own wording and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..article.model import TextSpan
from .attribution import Frame
from .lexicon import PRONOUNS_FIRST
from .model import Section, StatementKind
from .quotes import Quote

_TRIM_LEFT = " \t\n,:;—–-"
_TRIM_RIGHT = " \t\n,.;:—–-"
MIN_QUOTE_WORDS = 4
MIN_FRAGMENT_WORDS = 2
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Draft:
    """A statement before speaker resolution."""

    kind: StatementKind
    content: tuple[int, int]
    quoted: tuple[tuple[int, int], ...]
    frame: Frame | None  # None for a continuation quote
    section: Section
    paragraph: int | None
    nested_in: int | None = None
    optional: bool = False
    continues: int | None = None  # index of the statement whose speaker this one continues
    orphan: bool = False  # an unframed quote that resumes nothing: no speaker


def build(text: str, frames: Sequence[Frame], quotes: Sequence[Quote]) -> list[Draft]:
    drafts = [d for d in (_from_frame(text, f, quotes) for f in frames) if d is not None]
    drafts = _drop_reported_stances(drafts)
    drafts = _dedupe(sorted(drafts, key=lambda d: d.content))
    drafts.extend(_continuations(text, drafts, quotes))
    drafts.sort(key=lambda d: d.content)
    drafts = _nest(text, drafts, quotes)
    return _link_continuations(drafts)


def _from_frame(text: str, frame: Frame, quotes: Sequence[Quote]) -> Draft | None:
    host = _host_quote(frame, quotes)
    if host is not None and frame.weak:  # a speaker's own stance words, not a report
        return None
    if host is not None:  # a cue inside a quote reports only within that quote
        start = max(frame.region[0], host.inner_start)
        end = min(frame.region[1], host.inner_end)
    else:
        start, end = _snap(_colon_reach(text, frame.region, quotes), quotes)
    start, end = _trim(text, start, end)
    if end - start < 3:
        return None
    inside = [q for q in quotes if start <= q.start and q.end <= end]
    kind, content = _classify(text, start, end, inside)
    fragments = tuple((q.start, q.end) for q in inside if kind is StatementKind.MIXED)
    return Draft(
        kind=kind,
        content=content,
        quoted=fragments,
        frame=frame,
        section=frame.section.name,
        paragraph=frame.section.paragraph,
        optional=frame.optional,
    )


def _drop_reported_stances(drafts: list[Draft]) -> list[Draft]:
    """A weak (object-region) frame whose cue lies inside another statement is part of what
    that statement reports ("Mezentsev said Minsk and Moscow continue to respond to ..."),
    not a statement of its own."""
    strong = [d.content for d in drafts if d.frame is not None and not d.frame.weak]
    return [
        d
        for d in drafts
        if d.frame is None
        or not d.frame.weak
        or d.frame.cue is None
        or not any(s <= d.frame.cue[0] < e for s, e in strong)
    ]


def _colon_reach(text: str, region: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    """'X said:' closing a paragraph introduces the quote that opens the next one."""
    start, end = region
    tail = text[start:end].rstrip()
    if not tail.endswith(":") and not (start == end and text[:start].rstrip().endswith(":")):
        return region
    nxt = next((q for q in quotes if q.start >= end), None)
    if nxt is not None and not text[end : nxt.start].strip() and "\n" in text[start : nxt.start]:
        return (nxt.start if start == end else start), nxt.end
    return region


def _host_quote(frame: Frame, quotes: Sequence[Quote]) -> Quote | None:
    if frame.cue is None:
        return None
    return next((q for q in quotes if q.inner_start <= frame.cue[0] < q.inner_end), None)


def _snap(region: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    start, end = region
    for q in quotes:
        if q.inner_end <= start < q.end:  # only the closing mark: the quote is left out
            start = q.end
        elif q.start < start < q.end and q.end <= end + 2:
            start = q.start
        if q.start < end <= q.inner_start:  # only the opening mark (a parser's sentence end)
            end = q.start
        elif q.start < end < q.end and q.start >= start:
            end = q.end
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_LEFT:
        start += 1
    if text[start : start + 5].lower() == "that " and end - start > 8:
        start += 5
    while end > start and text[end - 1] in _TRIM_RIGHT:
        end -= 1
    return start, end


def _classify(
    text: str, start: int, end: int, inside: list[Quote]
) -> tuple[StatementKind, tuple[int, int]]:
    if len(inside) == 1:
        q = inside[0]
        outside = text[start : q.start] + text[q.end : end]
        if not outside.strip(" ,.;:\n"):
            return StatementKind.DIRECT, (q.inner_start, _inner_end(text, q))
    if any(q.words(text) >= MIN_FRAGMENT_WORDS for q in inside):
        return StatementKind.MIXED, (start, end)
    return StatementKind.INDIRECT, (start, end)


def _inner_end(text: str, q: Quote) -> int:
    end = q.inner_end
    while end > q.inner_start and text[end - 1].isspace():
        end -= 1
    return end


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """Two cues reporting the same region (a parse artefact): keep the first, best framed.

    A region inside another one's quote, framed by a cue within that quote, is a nested report,
    not a duplicate (:func:`_nest` deals with it).
    """
    out: list[Draft] = []
    for d in drafts:
        clash = next(
            (o for o in out if _overlap(o.content, d.content) > 0.8 and not _nested_pair(o, d)),
            None,
        )
        if clash is None:
            out.append(d)
        elif _rank(d, clash) > _rank(clash, d):
            out[out.index(clash)] = d
    return out


def _nested_pair(a: Draft, b: Draft) -> bool:
    outer, inner = (a, b) if a.content[1] - a.content[0] >= b.content[1] - b.content[0] else (b, a)
    cue = inner.frame.cue if inner.frame else None
    return (
        outer.kind is StatementKind.DIRECT
        and cue is not None
        and outer.content[0] <= cue[0] < outer.content[1]
    )


def _rank(d: Draft, other: Draft) -> float:
    """Confidence, less for an optional frame; on a tie the frame whose cue lies outside the
    other's content ('X highlights Y, the ambassador told TASS': the ambassador's report)."""
    cue = d.frame.cue if d.frame else None
    inside = cue is not None and other.content[0] <= cue[0] < other.content[1]
    base = (d.frame.confidence if d.frame else 0.0) - (0.5 if d.optional else 0.0)
    return base - (0.1 if inside else 0.0)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, min(a[1] - a[0], b[1] - b[0])) if inter > 0 else 0.0


def _nest(text: str, drafts: list[Draft], quotes: Sequence[Quote]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        outer = next(
            (
                i
                for i, o in enumerate(drafts)
                if o is not d
                and o.kind is StatementKind.DIRECT
                and o.content[0] <= d.content[0]
                and d.content[1] <= o.content[1]
            ),
            None,
        )
        if outer is None:
            out.append(d)
            continue
        head: Token | None = d.frame.mention_head if d.frame else None
        if head is None or head.lower_ in PRONOUNS_FIRST:
            continue  # "It is important to note", "I think": the speaker's own words
        out.append(replace(d, nested_in=outer, optional=True))
    return [replace(d, nested_in=_reindex(drafts, out, d.nested_in)) for d in out]


def _reindex(before: list[Draft], after: list[Draft], index: int | None) -> int | None:
    if index is None:
        return None
    target = before[index]
    return next((i for i, d in enumerate(after) if d.content == target.content), None)


def _continuations(text: str, drafts: list[Draft], quotes: Sequence[Quote]) -> list[Draft]:
    """Unframed quotes of four words or more, each resuming the statement before it (a framed
    one, or a continuation itself: ``"X," he said. "Y." / "Z."``) or an orphan. Weak frames
    (``referring to ...``) and frames cued inside a quote are no statements to resume."""
    hosts = [(q.start, q.end) for q in quotes]
    covered = [d.content for d in drafts if not _cue_quoted(d, hosts)]
    anchors = [
        d
        for d in drafts
        if d.section == "body" and not _cue_quoted(d, hosts) and not (d.frame and d.frame.weak)
    ]
    out: list[Draft] = []
    for q in quotes:
        if q.words(text) < MIN_QUOTE_WORDS or any(
            _overlap(c, (q.start, q.end)) > 0 for c in covered
        ):
            continue
        prev = [d for d in anchors if d.content[1] <= q.start]
        if not prev:
            continue
        last = max(prev, key=lambda d: d.content[1])
        draft = Draft(
            kind=StatementKind.DIRECT,
            content=(q.inner_start, _inner_end(text, q)),
            quoted=(),
            frame=None,
            section="body",
            paragraph=last.paragraph,
            continues=None,
            orphan=not _resumes(text, last, q),
        )
        out.append(draft)
        if not draft.orphan:
            anchors.append(draft)
    return [d for d in out if not d.orphan or _opens_sentence(text, d.content[0] - 1)]


def _opens_sentence(text: str, mark: int) -> bool:
    """Does the quote mark at ``mark`` open a sentence (not a fragment inside one)?"""
    before = text[:mark].rstrip(" \t\xa0")
    return not before or before[-1] in "\n.!?:" or before[-2:-1] in {".", "!", "?"}


def _resumes(text: str, prev: Draft, q: Quote) -> bool:
    """Does quote ``q`` resume ``prev``? Only across ``prev``'s own attribution.

    The text between them may hold at most one paragraph break, and no words outside the
    sentence of ``prev``'s cue (``"X," he said. "Y."`` resumes; ``"X," he said. Kelly
    answered: "Y."`` or a quoted fragment inside a later unframed sentence does not).
    """
    gap_start = prev.content[1]
    gap = text[gap_start : q.start]
    if len(_PARAGRAPH_BREAK.findall(gap)) > 1:
        return False
    sentence = _cue_sentence(prev.frame) if prev.frame else None
    for i, ch in enumerate(gap):
        if ch.isalpha() and (sentence is None or not sentence[0] <= gap_start + i < sentence[1]):
            return False
    return True


def _cue_sentence(frame: Frame) -> tuple[int, int] | None:
    """Absolute bounds of the parsed sentence holding the frame's cue."""
    if frame.cue is None:
        return None
    parsed = frame.section
    span = parsed.doc.char_span(
        frame.cue[0] - parsed.start, frame.cue[1] - parsed.start, alignment_mode="expand"
    )
    if span is None or not len(span):
        return None
    return parsed.span_bounds(span[0].sent)


def _cue_quoted(draft: Draft, hosts: Iterable[tuple[int, int]]) -> bool:
    """A frame whose cue sits inside a quote (a hedge or a nested report) covers nothing."""
    cue = draft.frame.cue if draft.frame else None
    return cue is not None and any(h[0] < cue[0] and cue[1] <= h[1] for h in hosts)


def _link_continuations(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        if d.frame is None and not d.orphan:
            prev = next((j for j in range(i - 1, -1, -1) if not drafts[j].optional), None)
            d = replace(d, continues=prev, paragraph=d.paragraph)
        out.append(d)
    return out


def span(text: str, bounds: tuple[int, int] | None) -> TextSpan | None:
    return TextSpan.of(text, *bounds) if bounds else None
