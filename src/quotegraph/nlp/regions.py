"""Reported regions: where the content of a cue starts and ends.

* **leading** ``X said (that) CONTENT`` / ``X said: "..."`` / ``However, X noted, CONTENT``:
  from after the cue (its particle, addressee, adverbials, ``that``, colon or comma) to the end
  of the cue's clause;
* **trailing** ``CONTENT, X said`` / ``"...," said X``: from the sentence start to the comma or
  closing quote before the attribution;
* **complement** ``X said Y``: the cue's clausal complement;
* **object** ``called him "weak"``: the cue's object (attitude verbs; optional statements).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .cues import (
    CLOSE_MARKS,
    OPEN_MARKS,
    in_title,
    is_according,
    is_addressee,
    is_cue,
    opens_quote,
    particle,
    speaker_of,
)
from .lexicon import AUDIENCE_PREP_VERBS, NO_OBJECT_CUES, OBJECT_PREPS
from .parse import Parsed

_OBJECT_DEPS = {"dobj", "xcomp", "oprd", "ccomp", "attr"}
_CONTENT_DEPS = {"ccomp", "parataxis", "xcomp", "dobj", "conj", "advcl"}
_FINITE = {"VBD", "VBZ", "VBP"}
_QUOTE_OPENS_SENTENCE = re.compile(r"[.!?][\"”’']*\s+(?=``|''|[\"“‘])")
_NAME_POS = {"PROPN", "NOUN", "ADJ", "ADP", "DET"}
# Dependents that may stand between a cue and its content ("said on Friday that ...").
_BRIDGE_DEPS = {"prt", "dative", "npadvmod", "advmod", "prep", "tmod"}


def after_cue(sent: Span, cue: Token) -> Token | None:
    """First token after the cue and what may sit between a cue and its content.

    Skipped: a particle, an addressee ("told reporters", "told to TASS"), and adverbials
    ("said Wednesday night", "said in an interview with AP last week", "said later"), each up
    to a ``that`` or an opening quote mark inside it; commas between them are skipped too.
    """
    skip: set[int] = set()
    for child in cue.rights:
        if child.dep_ in _BRIDGE_DEPS or (child.dep_ == "dobj" and is_addressee(cue, child)):
            skip |= bridge(child)
    i = cue.i + 1
    while i < sent.end and (i in skip or (sent.doc[i].text == "," and i + 1 in skip)):
        i += 1
    return sent.doc[i] if i < sent.end else None


def bridge(child: Token) -> set[int]:
    """The tokens of ``child``'s subtree before any ``that`` or opening quote mark in it."""
    out: set[int] = set()
    for tok in child.subtree:
        if tok.lower_ == "that" or opens_quote(tok) or tok.text == ":" or is_cue(tok):
            break  # never across another cue ('responded to X, when Y said: ...')
        out.add(tok.i)
    return out


def leading_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
    nxt = after_cue(sent, cue)
    if nxt is None:
        return None
    if nxt.text == ":" and nxt.i == len(nxt.doc) - 1:  # 'X said:' ends the paragraph
        return parsed.abs_end(nxt), parsed.abs_end(nxt)
    if nxt.lower_ == "that" and nxt.i + 1 < sent.end:
        return parsed.abs(nxt.nbor()), clause_end(parsed, sent, cue)
    if nxt.text in {":", ","} and nxt.i + 1 < sent.end and opens_quote(nxt.nbor()):
        return parsed.abs(nxt.nbor()), clause_end(parsed, sent, cue)
    if opens_quote(nxt) and cue.lemma_.lower() != "call":
        return parsed.abs(nxt), clause_end(parsed, sent, cue)
    comma = comma_after(cue, nxt) if opens_sentence(sent, cue) else None
    if comma is not None and comma.i + 2 < len(comma.doc):
        content = comma.nbor().sent  # the parser may end the sentence at the comma
        end = parsed.abs_end(content[-1]) if content != sent else clause_end(parsed, sent, cue)
        return parsed.abs(comma.nbor()), end
    return None


def as_clause(cue: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)


def comma_after(cue: Token, nxt: Token) -> Token | None:
    """The comma closing an opening attribution: right after the cue ('Lavrov noted, ...'), or
    after its own phrases in an 'as' clause ('As the Kremlin said in its statement, ...')."""
    if not as_clause(cue):
        prt = particle(cue)
        right_after = (prt or cue).i + 1
        return nxt if nxt.text == "," and nxt.i == right_after else None
    edge = max((t for t in cue.subtree if t.i >= cue.i), key=lambda t: t.i)
    if edge.text == ",":
        return edge
    after = edge.nbor() if edge.i + 1 < len(edge.doc) else None
    return after if after is not None and after.text == "," else None


def opens_sentence(sent: Span, cue: Token) -> bool:
    """'However, Lavrov noted, CONTENT' / 'As the Kremlin said in its statement, CONTENT': the
    attribution opens the sentence and the content follows its comma. Also the parenthetical
    'Trump, Sexton said, has created ...': after a short opening phrase, the clause that
    follows the attribution is the content (the part before it is left out)."""
    if as_clause(cue):
        return True
    subject = speaker_of(cue)
    if subject is None or subject.i > cue.i:
        return False
    lead = [t for t in sent if t.i < subject.left_edge.i]
    if len(lead) <= 2 and all(t.pos_ in {"ADV", "CCONJ", "PUNCT"} for t in lead):
        return True
    parenthetical = cue.dep_ in {"parataxis", "ROOT"} and not any(
        c.dep_ in {"ccomp", "xcomp"} and c.i < cue.i for c in cue.children
    )
    return parenthetical and 2 <= len(lead) <= 7 and lead[-1].text == ","


def ccomp_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
    """'X said Y' with no 'that': the complement clause to the right of the cue."""
    ccomp = next((c for c in cue.rights if c.dep_ in {"ccomp"} and c.i > cue.i), None)
    if ccomp is not None and subject_before(cue) and not object_between(cue, ccomp):
        return parsed.abs(ccomp.left_edge), clause_end(parsed, sent, cue)
    return None


def clause_end(parsed: Parsed, sent: Span, cue: Token) -> int:
    """End of a leading region: where the cue's own clause ends.

    That is the sentence end, cut before a later ``, recalling that`` participle or
    ``, according to`` (an attribution of its own), before a verb
    conjoined to the cue (``said X and predicted Y``, ``said X, and he railed ...``), and at
    the end of a subordinate cue's subtree (``when Rubio said X, a man yelled ...``).
    """
    end_tok = sent[-1]
    subordinate = cue.dep_ in {"advcl", "relcl"} and not as_clause(cue)
    if subordinate and cue.tag_ != "VBG" and cue.right_edge.i < end_tok.i:
        end_tok = cue.right_edge
    for tok in sent:
        if tok.i > end_tok.i:
            break
        if tok.i > cue.i + 2 and tok.tag_ == "VBG" and is_cue(tok) and tok.nbor(-1).text == ",":
            return parsed.abs(tok.nbor(-1))
        if tok.i > cue.i + 2 and is_according(tok) and tok.nbor(-1).text == ",":
            return parsed.abs(tok.nbor(-1))  # '..., according to Z': Z's attribution
        conj = tok.i > cue.i + 2 and tok.dep_ == "conj" and tok.pos_ == "VERB"
        if conj and (tok.head == cue or conjoined_cue(tok)):
            return parsed.abs(conj_start(cue, tok))
    return parsed.abs_end(end_tok)


def conjoined_cue(tok: Token) -> bool:
    """'He says X and calls her Y': a finite cue verb conjoined inside the content, with no
    subject of its own, is the speaker's next statement (the parser often hangs it on a verb
    of the content)."""
    return (
        tok.tag_ in _FINITE
        and is_cue(tok)
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    )


def conj_start(cue: Token, conj: Token) -> Token:
    """Where a verb conjoined to the cue starts: its coordinator, comma, or own subject."""
    first = min((t for t in conj.subtree if t.i < conj.i), key=lambda t: t.i, default=conj)
    for tok in reversed(cue.doc[cue.i + 1 : first.i]):
        if tok.dep_ not in {"cc", "punct"}:
            return tok.doc[tok.i + 1]
    return first


def subject_before(cue: Token) -> bool:
    subj = speaker_of(cue)
    return subj is None or subj.i < cue.i


def object_between(cue: Token, ccomp: Token) -> bool:
    return any(
        c.dep_ == "dobj" and cue.i < c.i < ccomp.left_edge.i and not is_addressee(cue, c)
        for c in cue.children
    )


def trailing_region(
    parsed: Parsed, sent: Span, cue: Token, subject: Token | None
) -> tuple[int, int] | None:
    start_tok = cue if subject is None or subject.i > cue.i else subject.left_edge
    closing = [t.i for t in sent.doc[start_tok.i : cue.i] if closes_quote(t)]
    if subject is not None and closing and closing[-1] < subject.i:
        start_tok = sent.doc[closing[-1] + 1]  # the parse hung the quote on the subject
    while start_tok.is_punct and start_tok.i < cue.i:
        start_tok = start_tok.nbor()
    start_tok = title_start(sent, start_tok)
    if start_tok.i - sent.start < 2:
        return quote_before(parsed, sent, cue, start_tok)
    prev = start_tok.nbor(-1)
    quoted = prev.text[-1] in CLOSE_MARKS and not in_title(prev)
    if prev.text not in {",", "—", "–", "-"} and not quoted:
        return None
    if quoted and prev.i > sent.start and prev.nbor(-1).text == ",":
        end = parsed.abs(prev) + 1  # ...," he said: keep the closing mark
    elif quoted:
        end = parsed.abs_end(prev)
    else:
        end = parsed.abs(prev)
    if not has_content_left(cue, sent, prev) and not quoted:
        return None
    return quote_sentence_start(parsed, parsed.abs(sent[0]), end), end


def quote_before(
    parsed: Parsed, sent: Span, cue: Token, start_tok: Token
) -> tuple[int, int] | None:
    """'"... along the border!" he said to a cheer': the parser ended the sentence at the
    quote's own stop, so the attribution opens the next one; the quote that makes up the
    sentence right before it is its content (unless the cue reports a clause or an object of
    its own: '"We agreed." He noted the talks were useful')."""
    if start_tok.i != sent.start or sent.start == 0 or reports_right(cue):
        return None
    mark = start_tok.nbor(-1)
    if not closes_quote(mark) or mark.i == 0 or mark.nbor(-1).text not in {"!", "?", "."}:
        return None
    first = mark.sent[0]
    if not opens_quote(first):  # 'She said X "was unfit." He added ...': no quote of its own
        return None
    return parsed.abs(first), parsed.abs_end(mark)


def reports_right(cue: Token) -> bool:
    """The cue has a complement, an object or a quote to its right."""
    deps = {"ccomp", "xcomp", "dobj", "parataxis", "conj"}
    return any(c.dep_ in deps and c.i > cue.i for c in cue.children) or any(
        opens_quote(t) for t in cue.doc[cue.i + 1 : cue.sent.end]
    )


def quote_sentence_start(parsed: Parsed, start: int, end: int) -> int:
    """Where a trailing region really starts when the parser ran two sentences together
    ('... the rules. "He is winning," he said.'): at the last quote mark that opens a sentence."""
    chunk = parsed.text[start - parsed.start : end - parsed.start]
    ends = [m.end() for m in _QUOTE_OPENS_SENTENCE.finditer(chunk)]
    return start + ends[-1] if ends else start


def closes_quote(tok: Token) -> bool:
    """A closing quote mark (a lone ’ only after a comma or stop: not an apostrophe) that
    closes a quote, not a title."""
    if in_title(tok):
        return False
    if tok.text in {"”", '"', "''", "»"}:
        return True
    return tok.text in {"’", "'"} and tok.i > 0 and tok.nbor(-1).text in {",", ".", "!", "?"}


def title_start(sent: Span, tok: Token) -> Token:
    """Where the words naming a speaker start when the parse split them off ('..., Russian
    Ambassador to Havana Viktor Koronelli told TASS'): back over nouns, names, adjectives and
    prepositions (at most eight) to a comma; ``tok`` itself when no comma is reached."""
    i = tok.i
    while i - 1 > sent.start and tok.i - i < 8 and tok.doc[i - 1].pos_ in _NAME_POS:
        i -= 1
    return tok.doc[i] if i < tok.i and tok.doc[i - 1].text == "," else tok


def has_content_left(cue: Token, sent: Span, prev: Token) -> bool:
    """Does the cue report something before it? A participial adjunct ('Asked if he was ever
    bullied, he said no') is not what it reports."""
    if any(c.dep_ in _CONTENT_DEPS and c.i < prev.i and not adjunct(c) for c in cue.children):
        return True
    return cue.dep_ in {"parataxis", "ccomp", "advcl", "conj"} and cue.head.i < prev.i


def adjunct(tok: Token) -> bool:
    """A subjectless participial clause ('Asked about it, ...', 'Speaking to reporters, ...')."""
    return (
        tok.dep_ == "advcl"
        and tok.tag_ in {"VBN", "VBG"}
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    )


def object_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
    """The object of an attitude or speech verb, when no clause is reported (optional).

    ``criticized [Sanders for stealing their data]``, ``called [him “weak”]``, ``want [to
    lose]``, ``called for [a special prosecutor]``, ``the poll showed [Trump leading]``: from
    the first complement after the cue (an addressee of ``ask``/``urge`` left out when a clause
    follows) to the last one's end, and never past the cue's clause.
    """
    if cue.lemma_.lower() in NO_OBJECT_CUES:
        return None
    comps = [
        c
        for c in cue.rights
        if c.dep_ in _OBJECT_DEPS or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS)
    ]
    if any(c.dep_ in {"xcomp", "ccomp"} for c in comps):
        comps = [c for c in comps if c.dep_ != "dobj" or not is_addressee(cue, c)]
    if cue.lemma_.lower() in AUDIENCE_PREP_VERBS:  # 'spoke to reporters', 'added to the tension'
        comps = [c for c in comps if c.dep_ != "prep" or c.lower_ not in {"to", "on"}]
    if not comps or (comps[0].lower_ in {"it", "that", "which", "what"} and len(comps) == 1):
        return None
    start = min(c.left_edge.i for c in comps)
    end_tok = sent.doc[max(c.right_edge.i for c in comps)]
    return parsed.abs(sent.doc[start]), min(parsed.abs_end(end_tok), clause_end(parsed, sent, cue))


def too_short(parsed: Parsed, region: tuple[int, int], weak: bool) -> bool:
    """Fewer than three words outside quote marks is no reported clause ('As of now, and').
    A region that ends a quote is the tail of that quote (the parser ended the sentence inside
    it: '"... areas? Absolutely," Eric Woolson, ..., said'): the quote is snapped whole later."""
    chunk = parsed.text[region[0] - parsed.start : region[1] - parsed.start]
    if not chunk or weak or chunk[0] in OPEN_MARKS or chunk[-1] in CLOSE_MARKS:
        return False
    return len(chunk.split()) < 3
