"""Headline fidelity: does the body support what the headline, standfirst and lead attribute?

Parts are the statements of the headline and standfirst, cut into clauses at a contrastive
", but" or ";" (:func:`clauses`: "still few, but they are enough" makes two claims), and the
indirect or mixed statements of the lead (the first body paragraph), which paraphrase what a
speaker says further down. Each part is compared with every body statement after it (for the
lead: in later paragraphs), sentence by sentence and as a whole. The *share* is the part's
content words that the sentence holds (the part is the shorter, paraphrasing side; a whole
statement of several sentences counts :data:`WHOLE` of it), plus :data:`TIGHT` times the
sentence's own words the part holds. The *score* that ranks the supports adds small bonuses
for a statement by the same speaker and for a direct quote (the verbatim words beat a
paraphrase of them). When the best is a paraphrase (an indirect statement) and a direct or
mixed quote scores within :data:`VERBATIM` of it, the quote goes first: the link points at the
verbatim words. A headline that the lead paraphrases rests on the quote that backs the lead
(:func:`_quote_after_lead`). A part whose best support has a share of :data:`SUPPORTED` or
more is linked (rank 1), other supports within :data:`MARGIN` of it follow (up to
:data:`MAX_SUPPORTS`); a part with none is linked to nothing and flagged
``supported=False``. Support is decided on the share alone, so a same-speaker statement that
shares only a country name supports nothing. A part of :data:`MIN_CLAIM_WORDS` claim words or
more (its content words but the names, :func:`_claim_words`) takes the better of its share and
the share of its claim words: "Syria's armed opposition completely separated from Islamic
State" is what "We have completely separated" says, the names being who and where.

Given a :data:`Similarity` (sentence embeddings: the ingest writer passes its embedder's when
the semantic extra is installed, :func:`relink`), a paraphrase that shares few words counts
too: the share is the better of the lexical share and the cosine of part and statement less
:data:`SEMANTIC_MARGIN` ("Russia sees prevention of Syria's disintegration as essential" is
what "We should prevent the Syrian state from fragmenting" says).

:data:`SUPPORTED` was chosen on the tuning part of ``tests/data/headline-links.jsonl`` (see
``tests/data/README.md``): the best link precision there such that every headline clause
scored against another outlet's article is flagged (``quotegraph eval --headlines`` prints
both, and the held-out part).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..article.model import Article, TextSpan
from ..nlp.model import Document, HeadlineLink, LinkSection, Statement, StatementKind
from .lexical import _WORD, STEM, Terms, coverage, terms

SUPPORTED = 0.4
MARGIN = 0.1
MAX_SUPPORTS = 3
SAME_SPEAKER = 0.1
DIRECT = 0.05
TIGHT = 0.1
VERBATIM = 0.3
WHOLE = 0.9
MIN_CLAIM_WORDS = 5
MIN_CLAUSE_WORDS = 3
BARE = 3  # a quote of no more words is a bare answer ("In theory, yes"): it backs the lead
SEMANTIC_MARGIN = 0.15  # a cosine of 0.55 is a share of 0.4 (SUPPORTED)
# Stop words that carry a headline's claim ("still few, but they are enough"): kept as terms.
_QUANTITIES = frozenset("few many enough more less least most much several".split())
_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")
_CLAUSE = re.compile(r",\s+(?=but\s)|;\s+")


# ``similarity(parts, statements)``: the cosine of every part with every statement text, as
# a ``len(parts) x len(statements)`` array (rows of floats).
Similarity = Callable[[Sequence[str], Sequence[str]], Any]


@dataclass(frozen=True, slots=True)
class _Candidate:
    support: int
    evidence: TextSpan
    score: float  # share plus the bonuses: ranks the supports
    share: float = 0.0  # the part's words the evidence holds: decides support


def link_headlines(
    article: Article, statements: Sequence[Statement], similarity: Similarity | None = None
) -> tuple[HeadlineLink, ...]:
    """Every headline, standfirst and lead attribution of ``article`` with its support
    (``similarity``: see the module docstring)."""
    out: list[HeadlineLink] = []
    parts = list(_parts(article.text, statements))
    cosines = _cosines(parts, statements, similarity)
    found_by = [
        _candidates(article.text, *p[2:], statements, p[1], c)
        for p, c in zip(parts, cosines, strict=True)
    ]
    claimed = [  # the supports of the standfirst's clauses, with the words they rest on
        (found[0].support, _terms(clause.text).stems)
        for (_, section, _, clause), found in zip(parts, found_by, strict=True)
        if section == "standfirst" and found and found[0].share >= SUPPORTED
    ]
    for (index, section, _, clause), found in zip(parts, found_by, strict=True):
        if not found or found[0].share < SUPPORTED:
            out.append(
                HeadlineLink(
                    statement=index,
                    section=section,
                    part=clause,
                    score=_rounded(found[0].score if found else 0.0),
                    supported=False,
                )
            )
            continue
        if section == "headline":
            found = _quote_after_lead(found, statements, claimed, _claim_words(clause.text))
        best = found[0].score
        kept = [
            c for c in found if c is found[0] or (c.share >= SUPPORTED and c.score >= best - MARGIN)
        ][:MAX_SUPPORTS]
        out.extend(
            HeadlineLink(
                statement=index,
                section=section,
                part=clause,
                support=c.support,
                evidence=c.evidence,
                score=_rounded(c.score),
                rank=rank,
                supported=True,
            )
            for rank, c in enumerate(kept, start=1)
        )
    return tuple(out)


def relink(doc: Document, similarity: Similarity) -> Document:
    """``doc`` with its headline links made again with ``similarity``."""
    links = link_headlines(doc.article, doc.statements, similarity)
    return doc.model_copy(update={"headline_links": links})


def _cosines(
    parts: Sequence[tuple[int, LinkSection, Statement, TextSpan]],
    statements: Sequence[Statement],
    similarity: Similarity | None,
) -> list[dict[int, float]]:
    """Per part, the cosine with each body statement (empty without ``similarity``)."""
    body = [i for i, s in enumerate(statements) if s.section == "body"]
    if similarity is None or not parts or not body:
        return [{} for _ in parts]
    found = similarity([p[3].text for p in parts], [statements[i].content.text for i in body])
    return [dict(zip(body, map(float, row), strict=True)) for row in found]


def _rounded(score: float) -> float:
    return round(min(1.0, score), 4)


def _parts(
    text: str, statements: Sequence[Statement]
) -> Iterator[tuple[int, LinkSection, Statement, TextSpan]]:
    """Each attribution with the claims it makes: a headline or standfirst's clauses
    (:func:`clauses`), a lead statement whole."""
    for index, s in enumerate(statements):
        if s.section in ("headline", "standfirst"):
            for clause in clauses(text, s.content):
                yield index, s.section, s, clause
        elif s.paragraph == 0 and s.kind is not StatementKind.DIRECT and not s.optional:
            yield index, "lead", s, s.content


def clauses(text: str, span: TextSpan) -> list[TextSpan]:
    """A headline or standfirst attribution cut before each contrastive ", but" / "; ":
    "Oreshnik missile systems still few, but they are enough" attributes two claims, each
    supported (or not) on its own. Pieces under :data:`MIN_CLAUSE_WORDS` words stay with the
    previous one."""
    cuts = [span.start + m.start() for m in _CLAUSE.finditer(span.text)]
    out: list[TextSpan] = []
    start = span.start
    for cut in [*cuts, span.end]:
        head = start
        while head < cut and text[head] in " ,;":
            head += 1
        end = cut
        while end > head and text[end - 1] in " ,;":
            end -= 1
        if end <= head:
            continue
        piece = TextSpan.of(text, head, end)
        if out and len(piece.text.split()) < MIN_CLAUSE_WORDS:
            out[-1] = TextSpan.of(text, out[-1].start, end)
        else:
            out.append(piece)
        start = cut
    return out or [span]


def _candidates(
    text: str,
    part: Statement,
    clause: TextSpan,
    statements: Sequence[Statement],
    section: LinkSection,
    cosine: Mapping[int, float],
) -> list[_Candidate]:
    words = _words(clause.text)
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
        share = max(share, cosine.get(index, 0.0) - SEMANTIC_MARGIN)  # the evidence stays
        out.append(_Candidate(index, evidence, share + bonus if share else 0.0, share))
    out.sort(key=lambda c: (-c.score, c.support))
    return _verbatim_first(out, statements)


def best_share(
    part: str, text: str, statements: Sequence[Statement], similarity: Similarity | None = None
) -> float:
    """The best share (no bonuses) that any body statement of ``statements`` (of ``text``)
    gives ``part``: what decides support (lexical, or also semantic given ``similarity``)."""
    words = _words(part)
    body = [s for s in statements if s.section == "body"]
    shares = [max(share for _, share in _shares(text, words, s.content)) for s in body]
    if similarity is not None and body:
        (row,) = similarity([part], [s.content.text for s in body])
        cosines = (float(c) - SEMANTIC_MARGIN for c in row)
        shares = [max(share, c) for share, c in zip(shares, cosines, strict=True)]
    return max(shares, default=0.0)


def _quote_after_lead(
    found: list[_Candidate],
    statements: Sequence[Statement],
    claimed: Sequence[tuple[int, frozenset[str]]],
    words: frozenset[str],
) -> list[_Candidate]:
    """A headline supported by the lead's paraphrase rests on the quote that follows it.

    Wire copy writes the headline from the lead ("Putin has told the media that he receives
    information ... round the clock") and backs the lead with the speaker's own words in the
    next paragraph ("I keep an eye on it every day round the clock"). When the best support of
    a headline clause is a lead statement (paragraph 0, not a direct quote), the first direct
    or mixed quote after it (in the lead or the next paragraph, by the same speaker) goes
    first when it holds one of the clause's claim words (:func:`_claim_words`) or is a bare
    answer of :data:`BARE` words or fewer ("In theory, yes"; a longer quote that holds none,
    such as the police's account after a death is reported, is about something else), and
    unless the clause's claim words that the quote holds are all
    words of a standfirst clause resting on that quote: then the quote states the
    standfirst's claim, and the lead stays the headline's support (the doctrine dispatch: the
    quote after the lead is the standfirst's "ensure an even higher level of interaction",
    and holds only "doctrine" of the headline's claim). A quote that backs both (one sentence
    the standfirst, another the headline's "round the clock") backs the headline too.
    """
    lead = statements[found[0].support]
    if lead.paragraph != 0 or lead.kind is StatementKind.DIRECT:
        return found
    after = next(
        (
            i
            for i in range(found[0].support + 1, len(statements))
            if statements[i].section == "body" and statements[i].kind is not StatementKind.INDIRECT
        ),
        None,
    )
    if after is None:
        return found
    quote = statements[after]
    if quote.paragraph is None or quote.paragraph > 1 or quote.speaker.name != lead.speaker.name:
        return found
    pick = next((c for c in found if c.support == after), None)
    held = words & _terms(quote.content.text).stems
    bare = len(_WORD.findall(quote.content.text)) <= BARE
    if pick is None or not (held or bare):
        return found
    if any(support == after and held <= stems for support, stems in claimed):
        return found
    return [pick, *(c for c in found if c is not pick)]


def _verbatim_first(found: list[_Candidate], statements: Sequence[Statement]) -> list[_Candidate]:
    """The best direct or mixed quote goes first when it scores within :data:`VERBATIM` of
    a better paraphrase (the lead's reported version of it)."""
    if not found or statements[found[0].support].kind is not StatementKind.INDIRECT:
        return found
    floor = found[0].score - VERBATIM
    quote = next(
        (
            c
            for c in found
            if c.score >= floor
            and c.share >= SUPPORTED
            and statements[c.support].kind is not StatementKind.INDIRECT
        ),
        None,
    )
    return found if quote is None else [quote, *(c for c in found if c is not quote)]


@dataclass(frozen=True, slots=True)
class _Words:
    """A part's terms and its claim words (:func:`_claim_words`)."""

    terms: Terms
    claim: frozenset[str]


@lru_cache(maxsize=4_096)
def _words(text: str) -> _Words:
    return _Words(_terms(text), _claim_words(text))


def _shares(text: str, words: _Words, content: TextSpan) -> Iterator[tuple[TextSpan, float]]:
    """Each sentence of ``content`` (and the whole, when it has several) with its score."""
    spans = sentences(text, content)
    for span in spans:
        yield span, _share(words, _terms(span.text))
    if len(spans) > 1:
        yield content, WHOLE * _share(words, _terms(content.text))


def _share(words: _Words, other: Terms) -> float:
    """The part's words that ``other`` holds, or its claim words (:func:`_claim_words`,
    when it has :data:`MIN_CLAIM_WORDS` of them) if more of those, plus :data:`TIGHT` times
    ``other``'s words the part holds."""
    share = coverage(words.terms, other)
    if len(words.claim) >= MIN_CLAIM_WORDS:
        share = max(share, len(words.claim & other.stems) / len(words.claim))
    return share + TIGHT * coverage(other, words.terms)


def _claim_words(text: str) -> frozenset[str]:
    """The stems of ``text`` that carry its claim: its content words but the names (words
    written with a capital after the first), which say who or where, not what."""
    names = {w.lower()[:STEM] for w in _WORD.findall(text)[1:] if w[:1].isupper()}
    return _terms(text).stems - names


@lru_cache(maxsize=16_384)
def _terms(text: str) -> Terms:
    """:func:`~quotegraph.claims.lexical.terms` with the quantity words of
    :data:`_QUANTITIES` kept."""
    found = terms(text)
    kept = {w for w in _WORD.findall(text.lower()) if w in _QUANTITIES}
    return replace(found, stems=found.stems | kept) if kept else found


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
