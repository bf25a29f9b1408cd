"""Cues and the people around them: which tokens are verbs of saying, who speaks through them
(subjects, inherited by participles and conjuncts), and the addressee and setting they carry.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .cast import person_tokens
from .lexicon import (
    ADDRESSEE_VERBS,
    ATTITUDE_VERBS,
    BELIEF_VERBS,
    GROUP_HEADS,
    LEMMA_FIXES,
    ORG_HEADS,
    PARTICLE_CUES,
    PARTICLE_REQUIRED,
    PEOPLE_NOUNS,
    POLL_NOUNS,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from .parse import Parsed
from .quotes import TITLE_TOKENS

# Nouns for those who can hold a position ('a super PAC backing Rubio', 'voters favoring X').
AGENT_NOUNS = ROLE_NOUNS | ORG_HEADS | GROUP_HEADS | POLL_NOUNS | PEOPLE_NOUNS
CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | ATTITUDE_VERBS
ATTITUDE_ONLY = ATTITUDE_VERBS - SPEECH_VERBS - BELIEF_VERBS
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OPEN_MARKS = "\"“«'‘"
CLOSE_MARKS = "\"”»'’"


def in_title(tok: Token) -> bool:
    """Whether ``tok`` is part of a quoted title ('on "Good Morning America"'), marks included
    (:func:`quotegraph.nlp.parse.mark_titles`)."""
    return tok.i in tok.doc.user_data.get(TITLE_TOKENS, ())


def opens_quote(tok: Token) -> bool:
    """Whether ``tok`` starts with an opening quote mark that quotes someone (not a title)."""
    return tok.text[:1] in OPEN_MARKS and not in_title(tok)


def is_according(tok: Token) -> bool:
    """Whether ``tok`` opens 'according to'."""
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to"


def lemma_of(tok: Token) -> str:
    """The token's lemma, lower-cased, with the tagger's known slips mended."""
    lemma = tok.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma) if tok.lower_.startswith(lemma) else lemma


def is_cue(tok: Token, negated: bool = False) -> bool:
    """A verb of saying (or belief, attitude). Negated speech ("did not say when") is no
    statement, but an attribution when ``negated`` (PolNeAR annotates it)."""
    lemma = lemma_of(tok)
    if tok.pos_ not in {"VERB", "AUX"} or lemma not in CUE_VERBS:
        return False
    if lemma in PARTICLE_REQUIRED and particle(tok) is None:
        return False
    if not negated and any(c.dep_ == "neg" for c in tok.children):
        return False
    return tok.dep_ not in {"amod", "acl", "compound"} or tok.tag_ == "VBG"


def particle(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prt" and (tok.lemma_.lower(), child.lower_) in PARTICLE_CUES:
            return child
    return None


def cue_lemma(tok: Token) -> str:
    prt = particle(tok)
    return f"{lemma_of(tok)} {prt.lower_}" if prt is not None else lemma_of(tok)


def cue_bounds(parsed: Parsed, tok: Token) -> tuple[int, int]:
    prt = particle(tok)
    end_tok = prt if prt is not None and prt.i > tok.i else tok
    return parsed.abs(tok), parsed.abs_end(end_tok)


def speaker_of(tok: Token) -> Token | None:
    """The subject that speaks through cue ``tok`` (inherited for participles and conjuncts)."""
    hung = _hung_subject(tok)
    if hung is not None:
        return hung
    seen = 0
    while seen < 4:
        own = seen == 0
        subjects = [c for c in tok.children if c.dep_ in _SUBJECTS and _speaking_subject(c, own)]
        if subjects:  # two: 'The diplomats "considered ...," it said': the one nearest before
            return max((c for c in subjects if c.i < tok.i), key=lambda c: c.i, default=subjects[0])
        for child in tok.children:
            if child.dep_ == "agent":  # "was said by X"
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if _participle_of_noun(tok):
            return tok.head  # 'a super PAC backing Rubio', 'a poll showing Trump ahead'
        if _participle_after_prep(tok):
            tok, seen = tok.head.head, seen + 1  # 'had endorsed Graham before backing Rubio'
            continue
        if tok.dep_ in {"advcl", "conj", "xcomp"} and tok.head is not tok:
            head = tok.head
            if tok.dep_ == "conj" and head.dep_ == "ccomp" and not is_cue(head):
                head = head.head if is_cue(head.head) else head  # 'says X and calls Y'
            tok, seen = head, seen + 1
            continue
        return None
    return None


def _participle_of_noun(tok: Token) -> bool:
    """A present participle modifying a noun that can speak speaks for it ('a group backing
    X', 'a new poll showing Y'); not 'tweets criticizing X' or 'a letter opposing Y' (their
    author's)."""
    noun = tok.head
    return (
        tok.dep_ == "acl"
        and tok.tag_ == "VBG"
        and noun.pos_ in {"NOUN", "PROPN"}
        and (noun.ent_type_ in {"PERSON", "ORG", "NORP"} or noun.lemma_.lower() in AGENT_NOUNS)
    )


def _participle_after_prep(tok: Token) -> bool:
    """'... before backing X', 'by announcing Y': a gerund after a preposition of a verb
    shares that verb's subject."""
    prep = tok.head
    return (
        tok.dep_ == "pcomp"
        and tok.tag_ == "VBG"
        and prep.dep_ == "prep"
        and prep.head.pos_ in {"VERB", "AUX"}
    )


def _hung_subject(cue: Token) -> Token | None:
    """'... between Armenia and Azerbaijan, Russia's Foreign Ministry said': the parser made
    the cue a conjunct of the reported verb and its subject a conjunct of the last noun. The
    name right before a subjectless conjunct cue (or before the comma closing it: '..., Russia's
    ambassador to Seoul, Aleksandr Timonin, told TASS'), opening after a comma, is the
    speaker."""
    if cue.dep_ != "conj" or cue.i < 2 or any(c.dep_ in _SUBJECTS for c in cue.children):
        return None
    prev = cue.nbor(-1)
    if prev.text == ",":
        prev = prev.nbor(-1)
    if prev.pos_ not in {"PROPN", "NOUN"}:
        return None
    while prev.dep_ == "pobj" and prev.head.dep_ == "prep" and prev.head.head.pos_ == "NOUN":
        prev = prev.head.head  # '..., spokeswoman for the Foreign Ministry Maria Zakharova said'
    if prev.dep_ not in {"conj", "appos"} or not _set_off(prev):
        return None
    outer = prev.head  # 'Russia's ambassador to Seoul, Aleksandr Timonin': the whole phrase
    return outer if prev.dep_ == outer.dep_ == "appos" and _set_off(outer) else prev


def _set_off(tok: Token) -> bool:
    """``tok``'s phrase opens after a comma and follows the word it hangs from."""
    left = tok.left_edge
    return left.i > 0 and left.nbor(-1).text == "," and tok.head.i < left.i


def _speaking_subject(subject: Token, own: bool) -> bool:
    """Not 'that'; 'who' and 'which' only heading a relative clause ('voters who support
    Sanders', 'the union, which endorsed Sanders'); 'it' only as the cue's own active subject
    ('it said'; not 'it was said' or 'it is important to note')."""
    low = subject.lower_
    if low == "that" or (low in RELATIVE_PRONOUNS and subject.head.dep_ != "relcl"):
        return False
    return low != "it" or (own and subject.dep_ == "nsubj")


def participle_speaker(sent: Span, cue: Token) -> Token | None:
    """'..., he pointed out, recalling that ...': the participle speaks for the main cue."""
    if cue.tag_ != "VBG" or cue.i == sent.start or cue.nbor(-1).text != ",":
        return None
    for tok in reversed(sent[: cue.i - sent.start]):
        if tok.tag_ != "VBG" and is_cue(tok):
            return speaker_of(tok) or nearby_name(sent, tok)
    return None


def nearby_name(sent: Span, cue: Token) -> Token | None:
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


def name_head(tok: Token) -> Token:
    """For 'the State Secretary, Dmitry Mezentsev' prefer the apposed proper name, and for
    'Spokesman for the Russian Defense Ministry Igor Konashenkov' the person the role's
    phrase ends with."""
    if tok.ent_type_ not in {"PERSON", "ORG"}:
        for child in tok.children:
            if child.dep_ == "appos" and child.ent_type_ in {"PERSON", "ORG"}:
                return child
        if tok.lemma_.lower() in ROLE_NOUNS:
            preps = (c for c in tok.rights if c.dep_ == "prep" and c.lower_ in {"for", "of", "at"})
            for prep in preps:
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ == "PERSON":
                    return pobj
    return tok


def mention_bounds(parsed: Parsed, head: Token) -> tuple[int, int]:
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
        last = head
        while last.i + 1 < len(head.doc) and last.nbor().ent_iob_ == "I":
            last = last.nbor()  # 'the Institute [for Fiscal Studies]'
        head = last
    else:
        parts = [t for t in head.subtree if t.i <= head.i and t.dep_ != "punct"]
        left = parts[0] if parts else head.left_edge
    while left.is_space and left.i < head.i:
        left = left.nbor()
    return parsed.abs(left), parsed.abs_end(head)


def addressee(parsed: Parsed, cue: Token) -> tuple[int, int] | None:
    for child in cue.children:
        if child.i > cue.i and (
            child.dep_ in {"dative"} or (child.dep_ == "dobj" and is_addressee(cue, child))
        ):
            left, right = child.left_edge, child.right_edge
            return parsed.abs(left), parsed.abs_end(right)
        if child.dep_ == "prep" and child.lower_ == "to" and child.i == cue.i + 1:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return parsed.abs(pobj.left_edge), parsed.abs_end(pobj.right_edge)
    return None


def setting(parsed: Parsed, cue: Token) -> tuple[int, int] | None:
    preps = [
        c
        for c in cue.children
        if c.dep_ == "prep" and c.i > cue.i and c.lower_ in {"in", "at", "during", "on"}
    ]
    if not preps:
        return None
    first, last = preps[0], preps[-1]
    if any(opens_quote(t) for t in last.subtree):
        return None
    return parsed.abs(first), parsed.abs_end(last.right_edge)


def is_addressee(cue: Token, obj: Token) -> bool:
    return cue.lemma_.lower() in ADDRESSEE_VERBS or obj.lower_ in {"reporters", "journalists"}
