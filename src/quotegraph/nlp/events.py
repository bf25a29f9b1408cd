"""Events from dependency parses: a trigger word, its participants, date and place.

A trigger is a verb or noun whose lemma is in :data:`VERB_TRIGGERS` / :data:`NOUN_TRIGGERS`
(types in docs/events.md). Participants are the entities heading the trigger's arguments:
subject and ``by``-agent (agent), object and passive subject (patient), ``with``/``between``
(partner), a noun trigger's ``of``-complement, possessor or compound (attendee). The date is
the time expression nearest the trigger in the parse tree within its sentence; the place the
``in``/``at`` place of the trigger or of the verb that governs a noun trigger.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from ..article.model import TextSpan
from .entities import EntityIndex
from .facts import Entity, EntityType, Event, EventType, Participant, TimeExpression
from .parse import Parsed

E = EventType
VERB_TRIGGERS: dict[str, EventType] = {
    **dict.fromkeys("meet negotiate convene".split(), E.MEETING),
    **dict.fromkeys("visit tour".split(), E.VISIT),
    **dict.fromkeys("sign ink".split(), E.SIGNING),
    **dict.fromkeys("approve adopt ratify endorse enact".split(), E.ADOPTION),
    **dict.fromkeys("announce unveil proclaim".split(), E.ANNOUNCEMENT),
    **dict.fromkeys("sanction blacklist embargo".split(), E.SANCTION),
    **dict.fromkeys("appoint nominate resign dismiss sack oust".split(), E.APPOINTMENT),
    **dict.fromkeys("elect re-elect reelect".split(), E.ELECTION),
    **dict.fromkeys("attack bomb shell invade strike shoot".split(), E.MILITARY_ACTION),
    **dict.fromkeys("protest rally demonstrate".split(), E.PROTEST),
    **dict.fromkeys("sue indict prosecute convict sentence arrest detain charge".split(),
                    E.LEGAL_ACTION),
}  # fmt: skip
NOUN_TRIGGERS: dict[str, EventType] = {
    **dict.fromkeys(
        "meeting summit conference session talks negotiations forum consultations".split(),
        E.MEETING,
    ),
    **dict.fromkeys("visit trip".split(), E.VISIT),
    **dict.fromkeys("signing".split(), E.SIGNING),
    **dict.fromkeys("adoption approval ratification".split(), E.ADOPTION),
    **dict.fromkeys("appointment resignation dismissal".split(), E.APPOINTMENT),
    **dict.fromkeys("election elections referendum runoff".split(), E.ELECTION),
    **dict.fromkeys("airstrike airstrikes offensive invasion shelling bombing".split(),
                    E.MILITARY_ACTION),
    **dict.fromkeys("protest protests rally demonstration demonstrations".split(), E.PROTEST),
    **dict.fromkeys("lawsuit indictment trial verdict".split(), E.LEGAL_ACTION),
}  # fmt: skip
# Nouns that are events only with a governing verb: "imposed sanctions", "held a phone call".
GOVERNED_NOUNS: dict[str, tuple[EventType, frozenset[str]]] = {
    "sanction": (E.SANCTION, frozenset("impose introduce extend expand slap announce".split())),
    "call": (E.CALL, frozenset("hold have make".split())),
    "conversation": (E.CALL, frozenset("hold have".split())),
}
_CALL_MODIFIERS = {"phone", "telephone"}
_AGENT_DEPS = {"nsubj", "csubj"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr"}
_PLACE_PREPS = {"in", "at"}


def find_events(
    parsed: Sequence[Parsed], index: EntityIndex, times: Sequence[TimeExpression]
) -> list[Event]:
    out = []
    for section in parsed:
        for sent in section.doc.sents:
            for tok in sent:
                kind = trigger_type(tok)
                if kind is not None:
                    out.append(_event(section, sent, tok, kind, index, times))
    return out


def trigger_type(tok: Token) -> EventType | None:
    """The event type ``tok`` triggers, if any."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in {"talk", "speak"} and _by_phone(tok):
            return E.CALL
        if lemma == "charge" and not any(
            c.dep_ == "prep" and c.lower_ == "with" for c in tok.children
        ):
            return None  # "charged" a battery, not a person
        return VERB_TRIGGERS.get(lemma)
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    if lemma in {"call", "conversation"} and any(c.lower_ in _CALL_MODIFIERS for c in tok.children):
        return E.CALL
    if lemma in GOVERNED_NOUNS:
        kind, verbs = GOVERNED_NOUNS[lemma]
        return kind if tok.dep_ == "dobj" and tok.head.lemma_ in verbs else None
    return NOUN_TRIGGERS.get(lemma) if tok.pos_ == "NOUN" else None


def _by_phone(verb: Token) -> bool:
    return any(
        t.lower_ in _CALL_MODIFIERS for c in verb.children if c.dep_ == "prep" for t in c.subtree
    )


def _event(
    section: Parsed, sent: Span, trigger: Token, kind: EventType, index: EntityIndex,
    times: Sequence[TimeExpression],
) -> Event:  # fmt: skip
    text_of = section.doc.text
    start = section.abs(trigger)
    article_text_span = TextSpan(start=start, end=start + len(trigger.text), text=trigger.text)
    sent_span = TextSpan(
        start=section.start + sent.start_char,
        end=section.start + sent.end_char,
        text=text_of[sent.start_char : sent.end_char],
    )
    participants = tuple(dict.fromkeys(_participants(section, trigger, index)))
    when = _nearest_time(section, sent, trigger, times)
    place = _place(section, trigger, index)
    return Event(
        id=f"v{start}",
        type=kind,
        trigger=article_text_span,
        span=sent_span,
        participants=participants,
        time=when.id if when else None,
        date=when.value if when else None,
        place=place.id if place else None,
        place_name=place.name if place else None,
    )


def _participants(section: Parsed, trigger: Token, index: EntityIndex) -> Iterator[Participant]:
    for child in trigger.children:
        role = _role(trigger, child)
        if role is None:
            continue
        heads = (
            [c for c in child.children if c.dep_ == "pobj"]
            if child.dep_ in {"prep", "agent"}
            else [child]
        )
        for head in heads:
            for tok in (head, *head.conjuncts):
                ent = _entity_at(section, tok, index)
                if ent is not None and (ent.type is not EntityType.PLACE or role == "agent"):
                    yield Participant(entity=ent.id, name=ent.name, role=role)


def _role(trigger: Token, child: Token) -> str | None:
    dep, word = child.dep_, child.lower_
    if dep in _AGENT_DEPS or dep == "agent" or dep == "poss":
        return "agent"
    if dep in _PATIENT_DEPS:
        return "patient"
    if dep == "prep" and word in {"with", "between", "among"}:
        return "partner"
    if dep == "prep" and word == "of" and trigger.pos_ == "NOUN":
        return "attendee"
    if dep == "compound" and trigger.pos_ == "NOUN":
        return "attendee"
    return None


def _entity_at(section: Parsed, tok: Token, index: EntityIndex) -> Entity | None:
    start = section.abs(tok)
    return index.at(start, start + len(tok.text))


def _governor(trigger: Token) -> Token:
    """The verb a noun trigger hangs from ('said ... at the session': said)."""
    tok = trigger
    while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _place(section: Parsed, trigger: Token, index: EntityIndex) -> Entity | None:
    for anchor in (trigger, _governor(trigger)):
        for child in anchor.children:
            if child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS:
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                ent = _entity_at(section, pobj, index)
                if ent is not None and ent.type is EntityType.PLACE:
                    return ent
    return None


def _nearest_time(
    section: Parsed, sent: Span, trigger: Token, times: Sequence[TimeExpression]
) -> TimeExpression | None:
    lo, hi = section.start + sent.start_char, section.start + sent.end_char
    inside = [t for t in times if lo <= t.span.start < hi]
    scored = []
    for t in inside:
        tok = _token_at(section, sent, t.span.start, t.span.end)
        if tok is not None:
            near = min(_distance(trigger, tok), _distance(_governor(trigger), tok) + 1)
            scored.append((near, t.span.start, t))
    if not scored:
        return None
    distance, _, best = min(scored)
    return best if distance <= 4 or len(scored) == 1 else None


def _token_at(section: Parsed, sent: Span, start: int, end: int) -> Token | None:
    toks = [t for t in sent if start <= section.abs(t) < end]
    if not toks:
        return None
    return next((t for t in toks if t.head.i < toks[0].i or t.head.i > toks[-1].i), toks[-1])


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            return n + ids_b[t.i]
    return len(up_a) + len(up_b)
