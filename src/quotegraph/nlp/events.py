"""Events from dependency parses: a trigger word, its participants, date and place.

A trigger is a verb or noun whose lemma is in :data:`VERB_TRIGGERS` / :data:`NOUN_TRIGGERS`
(types in docs/events.md). Participants are the entities heading the trigger's arguments:
subject and ``by``-agent (agent), object and passive subject (patient), ``with``/``between``
(partner), a noun trigger's ``of``-complement, possessor or compound (attendee). The date is
the time expression nearest the trigger in the parse tree within its sentence; the place the
``in``/``at`` place of the trigger or of the verb that governs a noun trigger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain

from spacy.tokens import Span, Token

from ..article.model import TextSpan
from .cast import Cast
from .entities import EntityIndex
from .facts import Entity, EntityType, Event, EventType, Participant, TimeExpression
from .lexicon import PRONOUNS_PERSON
from .parse import Parsed

E = EventType
VERB_TRIGGERS: dict[str, EventType] = {
    **dict.fromkeys("meet negotiate convene".split(), E.MEETING),
    **dict.fromkeys("visit tour".split(), E.VISIT),
    **dict.fromkeys("sign ink".split(), E.SIGNING),
    **dict.fromkeys("approve adopt ratify endorse enact pass".split(), E.ADOPTION),
    **dict.fromkeys("announce unveil proclaim decide".split(), E.ANNOUNCEMENT),
    **dict.fromkeys("sanction blacklist embargo".split(), E.SANCTION),
    **dict.fromkeys("appoint nominate resign dismiss sack oust".split(), E.APPOINTMENT),
    **dict.fromkeys("elect re-elect reelect vote".split(), E.ELECTION),
    **dict.fromkeys("attack bomb shell invade strike shoot".split(), E.MILITARY_ACTION),
    **dict.fromkeys("protest rally demonstrate".split(), E.PROTEST),
    **dict.fromkeys(
        "sue indict prosecute convict sentence arrest detain charge interrogate extradite rule"
        " acquit jail imprison".split(),
        E.LEGAL_ACTION,
    ),
    **dict.fromkeys("receive host".split(), E.MEETING),
}  # fmt: skip
NOUN_TRIGGERS: dict[str, EventType] = {
    **dict.fromkeys(
        "meeting summit conference session talk talks negotiation negotiations forum"
        " consultation consultations roundtable".split(),
        E.MEETING,
    ),
    **dict.fromkeys("visit trip".split(), E.VISIT),
    **dict.fromkeys("signing".split(), E.SIGNING),
    **dict.fromkeys("adoption approval ratification".split(), E.ADOPTION),
    **dict.fromkeys("appointment resignation dismissal".split(), E.APPOINTMENT),
    **dict.fromkeys("election elections referendum runoff".split(), E.ELECTION),
    **dict.fromkeys("airstrike airstrikes offensive invasion shelling bombing attack".split(),
                    E.MILITARY_ACTION),
    **dict.fromkeys("protest protests rally demonstration demonstrations".split(), E.PROTEST),
    **dict.fromkeys("lawsuit indictment trial verdict appeal ruling".split(), E.LEGAL_ACTION),
    **dict.fromkeys("vote".split(), E.ELECTION),
}  # fmt: skip
# Nouns that are events only with a governing verb: "imposed sanctions", "held a phone call".
GOVERNED_NOUNS: dict[str, tuple[EventType, frozenset[str]]] = {
    "sanction": (E.SANCTION, frozenset("impose introduce extend expand slap announce".split())),
    "call": (E.CALL, frozenset("hold have make".split())),
    "conversation": (E.CALL, frozenset("hold have".split())),
}
_CALL_MODIFIERS = {"phone", "telephone"}
_LAWS = {"law", "bill", "resolution", "legislation", "amendment", "budget", "act", "motion"}
_COURTS = {"court", "judge", "tribunal", "panel", "jury"}


def _has(tok: Token, deps: set[str], test: Callable[[Token], bool]) -> bool:
    return any(c.dep_ in deps and test(c) for c in tok.children)


# Verbs that trigger only in some uses: "charged with" (not a battery), "received" a person
# (not a letter), "passed" a law (not away), a court "ruled" (not "ruled out").
_VERB_GUARDS: dict[str, Callable[[Token], bool]] = {
    "charge": lambda t: _has(t, {"prep"}, lambda c: c.lower_ == "with"),
    "receive": lambda t: _has(t, {"dobj"}, lambda c: c.ent_type_ == "PERSON"),
    "host": lambda t: _has(t, {"dobj"}, lambda c: c.ent_type_ == "PERSON"),
    "pass": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "rule": lambda t: _has(t, {"nsubj"}, lambda c: c.lemma_ in _COURTS),
    "decide": lambda t: _has(
        t,
        {"nsubj"},
        lambda c: (
            c.ent_type_ in {"ORG", "GPE", "NORP"}
            or c.lemma_ in {"government", "court", "parliament", "council"}
        ),
    ),
}
_AGENT_DEPS = {"nsubj", "csubj"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr"}
_PLACE_PREPS = {"in", "at"}
_EMBEDDED = {"ccomp", "relcl", "advcl", "xcomp", "acl"}


def find_events(
    parsed: Sequence[Parsed], index: EntityIndex, times: Sequence[TimeExpression], cast: Cast
) -> list[Event]:
    out = []
    for section in parsed:
        for sent in section.doc.sents:
            for tok in sent:
                kind = trigger_type(tok)
                if kind is not None:
                    out.append(_event(section, sent, tok, kind, index, times, cast))
    return out


def trigger_type(tok: Token) -> EventType | None:
    """The event type ``tok`` triggers, if any."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in {"talk", "speak"} and _by_phone(tok):
            return E.CALL
        guard = _VERB_GUARDS.get(lemma)
        if guard is not None and not guard(tok):
            return None
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
    times: Sequence[TimeExpression], cast: Cast,
) -> Event:  # fmt: skip
    text_of = section.doc.text
    start = section.abs(trigger)
    article_text_span = TextSpan(start=start, end=start + len(trigger.text), text=trigger.text)
    sent_span = TextSpan(
        start=section.start + sent.start_char,
        end=section.start + sent.end_char,
        text=text_of[sent.start_char : sent.end_char],
    )
    found = _participants(section, trigger, index, cast)
    place = _place(section, trigger, index)
    if kind is E.ELECTION and place is not None:  # a country takes part in its election
        found = chain(found, [Participant(entity=place.id, name=place.name, role="attendee")])
    unique: dict[str, Participant] = {}
    for participant in found:
        unique.setdefault(participant.entity, participant)
    for participant in [] if unique else _clause_fallback(section, trigger, index):
        unique.setdefault(participant.entity, participant)
    participants = tuple(unique.values())
    when = _nearest_time(section, sent, trigger, times)
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


def _participants(
    section: Parsed, trigger: Token, index: EntityIndex, cast: Cast
) -> Iterator[Participant]:
    args = [(child, _role(trigger, child)) for child in trigger.children]
    governor = _governor(trigger)
    if trigger.pos_ == "NOUN" and governor.i != trigger.i:  # "X held talks with Y"
        args += [(c, _role(governor, c)) for c in governor.children if c.i != trigger.i]
    for child, role in args:
        if role is None:
            continue
        heads = (
            [c for c in child.children if c.dep_ == "pobj"]
            if child.dep_ in {"prep", "agent"}
            else [child]
        )
        for head in heads:
            for tok in (head, *head.conjuncts):
                ent = _entity_at(section, tok, index) or _pronoun(section, tok, index, cast)
                if ent is not None:
                    yield Participant(entity=ent.id, name=ent.name, role=role)


def _clause_fallback(section: Parsed, trigger: Token, index: EntityIndex) -> Iterator[Participant]:
    """No argument named anyone: the people and bodies named in the trigger's clause (not in
    clauses embedded in it)."""
    governor = _governor(trigger)
    for tok in governor.subtree:
        path = [a for a in tok.ancestors if a.i != governor.i and governor.is_ancestor(a)]
        if any(a.dep_ in _EMBEDDED for a in (tok, *path)):
            continue
        ent = _entity_at(section, tok, index)
        if ent is not None and ent.type is not EntityType.PLACE:
            yield Participant(entity=ent.id, name=ent.name, role="attendee")


def _pronoun(section: Parsed, tok: Token, index: EntityIndex, cast: Cast) -> Entity | None:
    """'he', 'she': the person the article mentioned last before."""
    if tok.lower_ not in PRONOUNS_PERSON:
        return None
    mention = cast.last_person_before(section.abs(tok))
    return index.find(mention.person.name, EntityType.PERSON) if mention else None


def _role(trigger: Token, child: Token) -> str | None:
    dep, word = child.dep_, child.lower_
    if dep in _AGENT_DEPS or dep == "agent" or dep == "poss":
        return "agent"
    if dep in _PATIENT_DEPS:
        return "patient"
    if dep == "prep" and word in {"with", "between", "among"}:
        return "partner"
    if dep == "prep" and word in {"to", "against"}:
        return "target"
    if dep == "prep" and word == "of" and trigger.pos_ == "NOUN":
        return "attendee"
    if dep == "compound" and trigger.pos_ == "NOUN":
        return "attendee"
    return None


def _entity_at(section: Parsed, tok: Token, index: EntityIndex) -> Entity | None:
    """The entity ``tok`` names, or the name apposed to it ('President ... Poroshenko')."""
    for t in (tok, *(c for c in tok.children if c.dep_ in {"appos", "compound"})):
        start = section.abs(t)
        ent = index.at(start, start + len(t.text))
        if ent is not None:
            return ent
    return None


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
