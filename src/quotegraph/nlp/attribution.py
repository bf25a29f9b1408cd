"""Attribution frames: a cue, the speaker mention it governs, and the region of text it reports.

A frame is found from a cue (a verb of saying, ``according to``, a colon, a headline dash) in
the dependency parse, with surface checks where the parse is unreliable:

* **leading** ``X said (that) CONTENT`` / ``X said: "..."``: the region runs from after the
  cue (its particle, addressee, ``that`` or colon) to the end of the reported clause;
* **trailing** ``CONTENT, X said`` / ``"...," said X``: the region runs from the sentence start to
  the comma or closing quote before the attribution;
* **participial** ``..., recalling that CONTENT``: the speaker is the subject of the head verb.

Regions are later snapped to quote boundaries (:mod:`.statements`), so a quote split across
sentences by the parser is still one statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .cast import person_tokens
from .lexicon import (
    ADDRESSEE_VERBS,
    ATTITUDE_VERBS,
    BELIEF_VERBS,
    NO_OBJECT_CUES,
    OBJECT_PREPS,
    ORG_HEADS,
    PARTICLE_CUES,
    PARTICLE_REQUIRED,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STANCE_NOUNS,
    STANCE_VERBS,
)
from .parse import Parsed

_CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | ATTITUDE_VERBS
ATTITUDE_ONLY = ATTITUDE_VERBS - SPEECH_VERBS - BELIEF_VERBS
_OBJECT_DEPS = {"dobj", "xcomp", "oprd", "ccomp", "attr"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CONTENT_DEPS = {"ccomp", "parataxis", "xcomp", "dobj", "conj", "advcl"}
# Dependents that may stand between a cue and its content ("said on Friday that ...").
_BRIDGE_DEPS = {"prt", "dative", "npadvmod", "advmod", "prep", "tmod"}
_OPEN_MARKS = "\"“«'‘"
_CLOSE_MARKS = "\"”»'’"
# Paragraph labels that are not speakers ("Related:", "Editor's note:").
_NOT_SPEAKERS = {
    "related",
    "editor",
    "note",
    "watch",
    "update",
    "correction",
    "source",
    "photo",
    "read",
    "video",
    "listen",
    "see",
    "follow",
    "more",
    "also",
    "contact",
}
_HEADLINE_DASH = re.compile(
    r"^(?P<content>.{12,}?)\s+(?P<cue>[-–—]{1,2})\s+(?P<who>[A-Za-z][\w’'. -]{1,60})$"
)
# "Sanders: Clinton Email Story Has Moved", "Clinton to Planned Parenthood: Trump will ...".
_HEADLINE_COLON = re.compile(
    r"^(?P<who>[A-Z][\w’'.& -]{1,50}?)(?:\s+(?:to|on)\s+[^:]{2,50})?"
    r"(?P<cue>:)\s+(?P<content>.{8,})$"
)
_HEADLINE_SAYS = re.compile(
    r"^(?P<content>.{12,}?),\s+(?:(?P<who>[\w’'. -]{2,60}?)\s+(?P<cue>says)"
    r"|(?P<cue2>says)\s+(?P<who2>[\w’'. -]{2,60}))$"
)


@dataclass(frozen=True, slots=True)
class Frame:
    """A cue with its speaker and reported region (absolute offsets, region not yet trimmed)."""

    section: Parsed
    cue: tuple[int, int] | None
    cue_lemma: str | None
    mention: tuple[int, int] | None
    mention_head: Token | None
    region: tuple[int, int]
    addressee: tuple[int, int] | None = None
    setting: tuple[int, int] | None = None
    optional: bool = False
    weak: bool = False  # an object region (attitude verb or NP object): dropped inside quotes
    confidence: float = 0.7


def find_frames(parsed: Parsed, scope: str = "statements") -> Iterator[Frame]:
    """Every attribution frame in one parsed section.

    ``scope="statements"`` follows quotegraph's guidelines (verbs of saying, belief verbs as
    optional); ``scope="attributions"`` adds attitude and evidence verbs with their objects
    ("called him weak", "the poll showed ..."), PolNeAR's wider notion of attribution.
    """
    if parsed.name == "headline":
        frame = _headline_frame(parsed)
        if frame is not None:
            yield frame
            return
    for sent in parsed.doc.sents:
        yield from _sentence_frames(parsed, sent, scope == "attributions")


def _sentence_frames(parsed: Parsed, sent: Span, attitudes: bool) -> Iterator[Frame]:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            frame = _according_frame(parsed, sent, tok)
        elif tok.lemma_.lower() in STANCE_VERBS and _stance_noun(tok) is not None:
            frame = _stance_frame(parsed, sent, tok)
        elif _is_cue(tok) and (attitudes or tok.lemma_.lower() not in ATTITUDE_ONLY):
            frame = _verb_frame(parsed, sent, tok)
        elif tok.text == ":" and parsed.name == "body":
            frame = _colon_frame(parsed, sent, tok)
        else:
            continue
        if frame is not None:
            yield frame


def _stance_noun(verb: Token) -> Token | None:
    """'expressed [confidence] that ...': the stance noun whose 'that' clause is reported."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        after = obj.nbor() if obj.i + 1 < len(obj.doc) else None
        if obj.lemma_.lower() in STANCE_NOUNS and after is not None and after.lower_ == "that":
            return obj
    return None


def _stance_frame(parsed: Parsed, sent: Span, verb: Token) -> Frame | None:
    noun = _stance_noun(verb)
    subject = speaker_of(verb)
    if noun is None or subject is None or noun.i + 2 >= sent.end:
        return None
    head = _name_head(subject)
    return Frame(
        section=parsed,
        cue=(parsed.abs(verb), parsed.abs_end(noun)),
        cue_lemma=f"{verb.lemma_.lower()} {noun.lemma_.lower()}",
        mention=_mention_bounds(parsed, head),
        mention_head=head,
        region=(parsed.abs(noun.nbor(2)), _clause_end(parsed, sent, verb)),
        confidence=0.7,
    )


def _is_cue(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in {"VERB", "AUX"} or lemma not in _CUE_VERBS:
        return False
    if lemma in PARTICLE_REQUIRED and _particle(tok) is None:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False  # negated speech: "did not say when"
    return tok.dep_ not in {"amod", "acl", "compound"} or tok.tag_ == "VBG"


def _particle(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prt" and (tok.lemma_.lower(), child.lower_) in PARTICLE_CUES:
            return child
    return None


def _cue_lemma(tok: Token) -> str:
    prt = _particle(tok)
    return f"{tok.lemma_.lower()} {prt.lower_}" if prt is not None else tok.lemma_.lower()


def _cue_bounds(parsed: Parsed, tok: Token) -> tuple[int, int]:
    prt = _particle(tok)
    end_tok = prt if prt is not None and prt.i > tok.i else tok
    return parsed.abs(tok), parsed.abs_end(end_tok)


def speaker_of(tok: Token) -> Token | None:
    """The subject that speaks through cue ``tok`` (inherited for participles and conjuncts)."""
    seen = 0
    while seen < 4:
        for child in tok.children:
            if child.dep_ in _SUBJECTS and child.lower_ not in {"it", "which", "that", "who"}:
                return child
            if child.dep_ == "agent":  # "was said by X"
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if tok.dep_ in {"advcl", "conj", "xcomp"} and tok.head is not tok:
            tok, seen = tok.head, seen + 1
            continue
        return None
    return None


def _verb_frame(parsed: Parsed, sent: Span, cue: Token) -> Frame | None:
    subject = _participle_speaker(sent, cue) or speaker_of(cue) or _nearby_name(sent, cue)
    lemma = cue.lemma_.lower()
    if lemma in BELIEF_VERBS and _no_believer(sent, subject):
        return None  # "growth is expected to ...", "do you think ...?": no one's statement
    trailing = None if lemma in ATTITUDE_VERBS else _trailing_region(parsed, sent, cue, subject)
    text = parsed.doc.text
    quoted_before = trailing is not None and text[trailing[1] - parsed.start - 1] in _CLOSE_MARKS
    region = (
        _leading_region(parsed, sent, cue)
        or (trailing if quoted_before else None)
        or _ccomp_region(parsed, sent, cue)
        or trailing
    )
    weak = region is None
    if weak:
        region = _object_region(parsed, sent, cue) if speaker_of(cue) is not None else None
    if region is None or (0 < region[1] - region[0] < 3) or _too_short(parsed, region, weak):
        return None
    head = _name_head(subject) if subject is not None else None
    return Frame(
        section=parsed,
        cue=_cue_bounds(parsed, cue),
        cue_lemma=_cue_lemma(cue),
        mention=_mention_bounds(parsed, head) if head is not None else None,
        mention_head=head,
        region=region,
        addressee=_addressee(parsed, cue),
        setting=_setting(parsed, cue),
        optional=weak or lemma in BELIEF_VERBS,
        weak=weak,
        confidence=(0.8 if head is not None else 0.5) - (0.2 if weak else 0.0),
    )


def _no_believer(sent: Span, subject: Token | None) -> bool:
    if subject is None or subject.lower_ == "you" or subject.dep_ == "nsubjpass":
        return True
    return _question(sent)


def _question(sent: Span) -> bool:
    return sent.text.rstrip(" \"”’'").endswith("?")


def _too_short(parsed: Parsed, region: tuple[int, int], weak: bool) -> bool:
    """Fewer than three words outside quote marks is no reported clause ('As of now, and')."""
    chunk = parsed.doc.text[region[0] - parsed.start : region[1] - parsed.start]
    return not weak and bool(chunk) and chunk[0] not in _OPEN_MARKS and len(chunk.split()) < 3


def _object_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
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
        comps = [c for c in comps if c.dep_ != "dobj" or not _is_addressee(cue, c)]
    if not comps or any(t.lower_ in {"it", "that", "which", "what"} for t in comps[:1]):
        return None
    start = min(c.left_edge.i for c in comps)
    end_tok = sent.doc[max(c.right_edge.i for c in comps)]
    return parsed.abs(sent.doc[start]), min(parsed.abs_end(end_tok), _clause_end(parsed, sent, cue))


def _participle_speaker(sent: Span, cue: Token) -> Token | None:
    """'..., he pointed out, recalling that ...': the participle speaks for the main cue."""
    if cue.tag_ != "VBG" or cue.i == sent.start or cue.nbor(-1).text != ",":
        return None
    for tok in reversed(sent[: cue.i - sent.start]):
        if tok.tag_ != "VBG" and _is_cue(tok):
            return speaker_of(tok) or _nearby_name(sent, tok)
    return None


def _nearby_name(sent: Span, cue: Token) -> Token | None:
    """A name right before the cue when the parse gives no subject ('X, title of Y, told')."""
    window = []
    for tok in reversed(sent[max(0, cue.i - sent.start - 12) : cue.i - sent.start]):
        if tok.text in {'"', "”", "."}:
            break
        window.append(tok)
    for label in ("PERSON", "ORG"):
        found = next((t for t in window if t.ent_type_ == label), None)
        if found is not None:
            while found.i + 1 < cue.i and found.nbor().ent_iob_ == "I":
                found = found.nbor()
            return found
    return None


def _after_cue(sent: Span, cue: Token) -> Token | None:
    """First token after the cue and what may sit between a cue and its content.

    Skipped: a particle, an addressee ("told reporters", "told to TASS"), and adverbials
    ("said Wednesday night", "said in an interview with AP last week", "said later"), each up
    to a ``that`` or an opening quote mark inside it; commas between them are skipped too.
    """
    skip: set[int] = set()
    for child in cue.rights:
        if child.dep_ in _BRIDGE_DEPS or (child.dep_ == "dobj" and _is_addressee(cue, child)):
            skip |= _bridge(child)
    i = cue.i + 1
    while i < sent.end and (i in skip or (sent.doc[i].text == "," and i + 1 in skip)):
        i += 1
    return sent.doc[i] if i < sent.end else None


def _bridge(child: Token) -> set[int]:
    """The tokens of ``child``'s subtree before any ``that`` or opening quote mark in it."""
    out: set[int] = set()
    for tok in child.subtree:
        if tok.lower_ == "that" or tok.text[0] in _OPEN_MARKS or tok.text == ":":
            break
        out.add(tok.i)
    return out


def _leading_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
    nxt = _after_cue(sent, cue)
    if nxt is None:
        return None
    if nxt.text == ":" and nxt.i == len(nxt.doc) - 1:  # 'X said:' ends the paragraph
        return parsed.abs_end(nxt), parsed.abs_end(nxt)
    if nxt.lower_ == "that" and nxt.i + 1 < sent.end:
        return parsed.abs(nxt.nbor()), _clause_end(parsed, sent, cue)
    if nxt.text in {":", ","} and nxt.i + 1 < sent.end and nxt.nbor().text[0] in _OPEN_MARKS:
        return parsed.abs(nxt.nbor()), _clause_end(parsed, sent, cue)
    if nxt.text[0] in _OPEN_MARKS and cue.lemma_.lower() != "call":
        return parsed.abs(nxt), _clause_end(parsed, sent, cue)
    comma = _comma_after(cue, nxt) if _opens_sentence(sent, cue) else None
    if comma is not None and comma.i + 2 < len(comma.doc):
        content = comma.nbor().sent  # the parser may end the sentence at the comma
        end = parsed.abs_end(content[-1]) if content != sent else _clause_end(parsed, sent, cue)
        return parsed.abs(comma.nbor()), end
    return None


def _as_clause(cue: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)


def _comma_after(cue: Token, nxt: Token) -> Token | None:
    """The comma closing an opening attribution: right after the cue ('Lavrov noted, ...'), or
    after its own phrases in an 'as' clause ('As the Kremlin said in its statement, ...')."""
    if not _as_clause(cue):
        prt = _particle(cue)
        right_after = (prt or cue).i + 1
        return nxt if nxt.text == "," and nxt.i == right_after else None
    edge = max((t for t in cue.subtree if t.i >= cue.i), key=lambda t: t.i)
    if edge.text == ",":
        return edge
    after = edge.nbor() if edge.i + 1 < len(edge.doc) else None
    return after if after is not None and after.text == "," else None


def _opens_sentence(sent: Span, cue: Token) -> bool:
    """'However, Lavrov noted, CONTENT' / 'As the Kremlin said in its statement, CONTENT': the
    attribution opens the sentence and the content follows its comma. Also the parenthetical
    'Trump, Sexton said, has created ...': after a short opening phrase, the clause that
    follows the attribution is the content (the part before it is left out)."""
    if _as_clause(cue):
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


def _ccomp_region(parsed: Parsed, sent: Span, cue: Token) -> tuple[int, int] | None:
    """'X said Y' with no 'that': the complement clause to the right of the cue."""
    ccomp = next((c for c in cue.rights if c.dep_ in {"ccomp"} and c.i > cue.i), None)
    if ccomp is not None and _subject_before(cue) and not _object_between(cue, ccomp):
        return parsed.abs(ccomp.left_edge), _clause_end(parsed, sent, cue)
    return None


def _clause_end(parsed: Parsed, sent: Span, cue: Token) -> int:
    """End of a leading region: where the cue's own clause ends.

    That is the sentence end, cut before a later ``, recalling that`` participle, before a verb
    conjoined to the cue (``said X and predicted Y``, ``said X, and he railed ...``), and at
    the end of a subordinate cue's subtree (``when Rubio said X, a man yelled ...``).
    """
    end_tok = sent[-1]
    subordinate = cue.dep_ in {"advcl", "relcl"} and not _as_clause(cue)
    if subordinate and cue.tag_ != "VBG" and cue.right_edge.i < end_tok.i:
        end_tok = cue.right_edge
    for tok in sent:
        if tok.i > end_tok.i:
            break
        if tok.i > cue.i + 2 and tok.tag_ == "VBG" and _is_cue(tok) and tok.nbor(-1).text == ",":
            return parsed.abs(tok.nbor(-1))
        if tok.i > cue.i + 2 and tok.dep_ == "conj" and tok.head == cue and tok.pos_ == "VERB":
            return parsed.abs(_conj_start(cue, tok))
    return parsed.abs_end(end_tok)


def _conj_start(cue: Token, conj: Token) -> Token:
    """Where a verb conjoined to the cue starts: its coordinator, comma, or own subject."""
    first = min((t for t in conj.subtree if t.i < conj.i), key=lambda t: t.i, default=conj)
    for tok in reversed(cue.doc[cue.i + 1 : first.i]):
        if tok.dep_ not in {"cc", "punct"}:
            return tok.doc[tok.i + 1]
    return first


def _subject_before(cue: Token) -> bool:
    subj = speaker_of(cue)
    return subj is None or subj.i < cue.i


def _object_between(cue: Token, ccomp: Token) -> bool:
    return any(
        c.dep_ == "dobj" and cue.i < c.i < ccomp.left_edge.i and not _is_addressee(cue, c)
        for c in cue.children
    )


def _is_addressee(cue: Token, obj: Token) -> bool:
    return cue.lemma_.lower() in ADDRESSEE_VERBS or obj.lower_ in {"reporters", "journalists"}


def _trailing_region(
    parsed: Parsed, sent: Span, cue: Token, subject: Token | None
) -> tuple[int, int] | None:
    start_tok = cue if subject is None or subject.i > cue.i else subject.left_edge
    if start_tok.i - sent.start < 2:
        return None
    prev = start_tok.nbor(-1)
    if prev.text not in {",", "—", "–", "-"} and prev.text[-1] not in _CLOSE_MARKS:
        return None
    if prev.text[-1] in _CLOSE_MARKS and prev.i > sent.start and prev.nbor(-1).text == ",":
        end = parsed.abs(prev) + 1  # ...," he said: keep the closing mark
    elif prev.text[-1] in _CLOSE_MARKS:
        end = parsed.abs_end(prev)
    else:
        end = parsed.abs(prev)
    if not _has_content_left(cue, sent, prev) and prev.text[-1] not in _CLOSE_MARKS:
        return None
    return parsed.abs(sent[0]), end


def _has_content_left(cue: Token, sent: Span, prev: Token) -> bool:
    if any(c.dep_ in _CONTENT_DEPS and c.i < prev.i for c in cue.children):
        return True
    return cue.dep_ in {"parataxis", "ccomp", "advcl", "conj"} and cue.head.i < prev.i


def _colon_frame(parsed: Parsed, sent: Span, colon: Token) -> Frame | None:
    """A bare colon introduction: ``Pollster Daron Shaw: “...”`` or a transcript ``FALLIN: ...``.

    A transcript line (a paragraph opening with a short capitalised name and a colon) reports
    the rest of the paragraph; otherwise the colon must be followed by a quote mark or end the
    paragraph, and a name (or a proper noun right before the colon) is the speaker.
    """
    doc = colon.doc
    if _speaker_line(colon):
        head = doc[colon.i - 1]
        end = parsed.abs_end(doc[-1])
    else:
        follows = doc[colon.i + 1] if colon.i + 1 < len(doc) else None
        if follows is not None and follows.text[0] not in _OPEN_MARKS:
            return None
        if any(_is_cue(t) for t in doc[max(sent.start, colon.i - 3) : colon.i]):
            return None  # 'X said:' is the verb's frame
        found = _nearby_name(sent, colon)
        before = doc[colon.i - 1] if colon.i > sent.start else None
        if found is None and before is not None and before.pos_ == "PROPN":
            found = before
        if found is None:
            return None
        head, end = found, parsed.abs_end(sent[-1])
    start = parsed.abs_end(colon)
    if end - start < 3 and colon.i != len(doc) - 1:
        return None
    return Frame(
        section=parsed,
        cue=(parsed.abs(colon), parsed.abs_end(colon)),
        cue_lemma=":",
        mention=_mention_bounds(parsed, head)
        if not _speaker_line(colon)
        else (parsed.abs(doc[0]), parsed.abs(colon)),
        mention_head=head,
        region=(start, end),
        confidence=0.6,
    )


def _speaker_line(colon: Token) -> bool:
    """``NAME:`` opening a paragraph: one to four capitalised words (a transcript turn)."""
    words = colon.doc[: colon.i]
    return (
        0 < len(words) <= 4
        and all(t.text[:1].isupper() or t.text in {".", "-"} for t in words)
        and any(t.pos_ == "PROPN" or (t.is_upper and len(t.text) > 1) for t in words)
        and words[0].lower_ not in _NOT_SPEAKERS
    )


def _according_frame(parsed: Parsed, sent: Span, tok: Token) -> Frame | None:
    to = tok.nbor()
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source_end = max(t.i for t in pobj.subtree)
    if tok.i == sent.start or (tok.i - sent.start <= 1 and sent[0].is_punct):
        after = source_end + 1
        if after < sent.end and sent.doc[after].text == ",":
            after += 1
        if after >= sent.end:
            return None
        region = (parsed.abs(sent.doc[after]), parsed.abs_end(sent[-1]))
    else:
        prev = tok.nbor(-1)
        end = parsed.abs(prev) if prev.text in {",", "—", "–"} else parsed.abs_end(prev)
        region = (parsed.abs(sent[0]), end)
    head = _name_head(pobj)
    return Frame(
        section=parsed,
        cue=(parsed.abs(tok), parsed.abs_end(to)),
        cue_lemma="according to",
        mention=_mention_bounds(parsed, head),
        mention_head=head,
        region=region,
        confidence=0.75,
    )


def _headline_frame(parsed: Parsed) -> Frame | None:
    """'... — alliance official', '..., Putin says', '..., says think tank', 'Sanders: ...'."""
    text = parsed.doc.text
    m = _HEADLINE_DASH.match(text) or _HEADLINE_SAYS.match(text) or _HEADLINE_COLON.match(text)
    if m is None:
        return None
    who, cue = ("who2", "cue2") if m.groupdict().get("who2") else ("who", "cue")
    if len(m.group(who).split()) > 5:
        return None
    head = next((t for t in reversed(parsed.doc) if t.idx < m.end(who) and t.is_alpha), None)
    if m.re is _HEADLINE_COLON and not _speaker_like(parsed.doc[: head.i + 1] if head else None):
        return None  # "German Cup: Wood strikes" is a topic label, not a speaker
    return Frame(
        section=parsed,
        cue=(parsed.start + m.start(cue), parsed.start + m.end(cue)),
        cue_lemma="say" if m.group(cue) == "says" else m.group(cue),
        mention=(parsed.start + m.start(who), parsed.start + m.end(who)),
        mention_head=head,
        region=(parsed.start + m.start("content"), parsed.start + m.end("content")),
        confidence=0.7,
    )


def _speaker_like(span: Span | None) -> bool:
    """A person, a role or an organisation-like name ('Kremlin', 'Foreign Ministry')."""
    if span is None:
        return False
    last = span[-1]
    return (
        any(t.ent_type_ == "PERSON" for t in span)
        or last.lemma_.lower() in ROLE_NOUNS | ORG_HEADS
        or (len(span) == 1 and last.text[:1].isupper())  # "Sanders:", "Kremlin:"
    )


def _name_head(tok: Token) -> Token:
    """For 'the State Secretary, Dmitry Mezentsev' prefer the apposed proper name."""
    if tok.ent_type_ not in {"PERSON", "ORG"}:
        for child in tok.children:
            if child.dep_ == "appos" and child.ent_type_ in {"PERSON", "ORG"}:
                return child
    return tok


def _mention_bounds(parsed: Parsed, head: Token) -> tuple[int, int]:
    """The mention as written: a name without titles, or a noun phrase with its determiner."""
    if head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} and head.pos_ == "PROPN":
        first = head
        while first.i > 0 and first.ent_iob_ == "I":
            first = first.nbor(-1)
        if head.ent_type_ == "PERSON":
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
            name = person_tokens(ent) if ent is not None else []
            return parsed.abs(name[0] if name else first), parsed.abs_end(head)
        left = head.left_edge if head.left_edge.i >= first.i - 3 else first
    else:
        parts = [t for t in head.subtree if t.i <= head.i and t.dep_ != "punct"]
        left = parts[0] if parts else head.left_edge
    while left.is_space and left.i < head.i:
        left = left.nbor()
    return parsed.abs(left), parsed.abs_end(head)


def _addressee(parsed: Parsed, cue: Token) -> tuple[int, int] | None:
    for child in cue.children:
        if child.i > cue.i and (
            child.dep_ in {"dative"} or (child.dep_ == "dobj" and _is_addressee(cue, child))
        ):
            left, right = child.left_edge, child.right_edge
            return parsed.abs(left), parsed.abs_end(right)
        if child.dep_ == "prep" and child.lower_ == "to" and child.i == cue.i + 1:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return parsed.abs(pobj.left_edge), parsed.abs_end(pobj.right_edge)
    return None


def _setting(parsed: Parsed, cue: Token) -> tuple[int, int] | None:
    preps = [
        c
        for c in cue.children
        if c.dep_ == "prep" and c.i > cue.i and c.lower_ in {"in", "at", "during", "on"}
    ]
    if not preps:
        return None
    first, last = preps[0], preps[-1]
    if any(t.text[0] in _OPEN_MARKS for t in last.subtree):
        return None
    return parsed.abs(first), parsed.abs_end(last.right_edge)
