"""Headline fidelity: does the body support what the headline, standfirst and lead attribute?

Parts are the statements of the headline and standfirst, and the indirect or mixed statements
of the lead (the first body paragraph), which paraphrase what a speaker says further down.
Each part is compared with every body statement after it (for the lead: in later paragraphs),
sentence by sentence and as a whole: the score is the share of the part's content words that
the sentence holds (the part is the shorter, paraphrasing side; a whole statement of several
sentences counts :data:`WHOLE` of its share), raised slightly for a statement by the same
speaker, for a direct quote (the verbatim words beat a paraphrase of them) and for a tight
match (:data:`TIGHT` times the share of the sentence's own words the part holds). When the
best is a paraphrase (an indirect statement) and a direct or mixed quote scores within
:data:`VERBATIM` of it, the quote goes first: the link points at the verbatim words. The best
support scoring :data:`SUPPORTED` or more links the part (rank 1), other supports within
:data:`MARGIN` of it follow (up to :data:`MAX_SUPPORTS`); a part with none is linked to nothing
and flagged ``supported=False``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..article.model import Article, TextSpan
from ..nlp.model import HeadlineLink, LinkSection, Statement, StatementKind
from .lexical import Terms, coverage, terms

SUPPORTED = 0.5
MARGIN = 0.1
MAX_SUPPORTS = 3
SAME_SPEAKER = 0.1
DIRECT = 0.05
TIGHT = 0.1
VERBATIM = 0.3
WHOLE = 0.9
_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")


@dataclass(frozen=True, slots=True)
class _Candidate:
    support: int
    evidence: TextSpan
    score: float


def link_headlines(article: Article, statements: Sequence[Statement]) -> tuple[HeadlineLink, ...]:
    """Every headline, standfirst and lead attribution of ``article`` with its support."""
    out: list[HeadlineLink] = []
    for index, section, part in _parts(statements):
        found = _candidates(article.text, part, statements, section)
        if not found or found[0].score < SUPPORTED:
            out.append(
                HeadlineLink(
                    statement=index,
                    section=section,
                    part=part.content,
                    score=_rounded(found[0].score if found else 0.0),
                    supported=False,
                )
            )
            continue
        best = found[0].score
        kept = [c for c in found if c.score >= max(SUPPORTED, best - MARGIN)][:MAX_SUPPORTS]
        out.extend(
            HeadlineLink(
                statement=index,
                section=section,
                part=part.content,
                support=c.support,
                evidence=c.evidence,
                score=_rounded(c.score),
                rank=rank,
                supported=True,
            )
            for rank, c in enumerate(kept, start=1)
        )
    return tuple(out)


def _rounded(score: float) -> float:
    return round(min(1.0, score), 4)


def _parts(statements: Sequence[Statement]) -> Iterator[tuple[int, LinkSection, Statement]]:
    for index, s in enumerate(statements):
        if s.section in ("headline", "standfirst"):
            yield index, s.section, s
        elif s.paragraph == 0 and s.kind is not StatementKind.DIRECT and not s.optional:
            yield index, "lead", s


def _candidates(
    text: str, part: Statement, statements: Sequence[Statement], section: LinkSection
) -> list[_Candidate]:
    words = terms(part.content.text)
    out: list[_Candidate] = []
    for index, s in enumerate(statements):
        if s.section != "body" or s is part:
            continue
        if section == "lead" and (s.paragraph is None or s.paragraph == 0):
            continue
        bonus = DIRECT if s.kind is StatementKind.DIRECT else 0.0
        if part.speaker.name and s.speaker.name == part.speaker.name:
            bonus += SAME_SPEAKER
        evidence, share = max(_shares(text, words, s.content), key=lambda pair: pair[1])
        out.append(_Candidate(index, evidence, share + bonus if share else 0.0))
    out.sort(key=lambda c: (-c.score, c.support))
    return _verbatim_first(out, statements)


def _verbatim_first(found: list[_Candidate], statements: Sequence[Statement]) -> list[_Candidate]:
    """The best direct or mixed quote goes first when it scores within :data:`VERBATIM` of
    a better paraphrase (the lead's reported version of it)."""
    if not found or statements[found[0].support].kind is not StatementKind.INDIRECT:
        return found
    floor = max(SUPPORTED, found[0].score - VERBATIM)
    quote = next(
        (
            c
            for c in found
            if c.score >= floor and statements[c.support].kind is not StatementKind.INDIRECT
        ),
        None,
    )
    return found if quote is None else [quote, *(c for c in found if c is not quote)]


def _shares(text: str, words: Terms, content: TextSpan) -> Iterator[tuple[TextSpan, float]]:
    """Each sentence of ``content`` (and the whole, when it has several) with its score."""
    spans = sentences(text, content)
    for span in spans:
        other = terms(span.text)
        yield span, coverage(words, other) + TIGHT * coverage(other, words)
    if len(spans) > 1:
        other = terms(content.text)
        yield content, WHOLE * (coverage(words, other) + TIGHT * coverage(other, words))


def sentences(text: str, span: TextSpan) -> list[TextSpan]:
    """``span`` cut into sentences (at ``.!?;``), each trimmed; the span itself when it has
    no more than one."""
    out = []
    for match in _SENTENCE.finditer(span.text):
        start, end = span.start + match.start(), span.start + match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(TextSpan.of(text, start, end))
    return out or [span]
