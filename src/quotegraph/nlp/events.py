"""Events from dependency parses: a trigger word, its participants, date and place.

A trigger is a verb or noun whose lemma is in :data:`VERB_TRIGGERS` / :data:`NOUN_TRIGGERS`
(types in docs/events.md), or the head of a named meeting. Participants are the entities
heading the trigger's arguments: subject and ``by``-agent (agent), object and passive subject
(patient), ``with``/``between`` (partner), a noun trigger's ``of``-complement, possessor or
compound (attendee); through appositions, possessors of common nouns, the controller of a
subjectless verb and, for a noun, the verb it hangs from. The date is the time expression
nearest the trigger in the parse tree within its sentence, outside clauses embedded elsewhere;
the place the ``in``/``at`` place of the trigger or of the verb that governs a noun trigger.
Negated, hypothetical and intended events are left out, and repeats of one event merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..article.model import TextSpan
from .bodies import Bodies, is_body
from .cast import Cast
from .entities import EntityIndex
from .facts import Entity, EntityType, Event, EventType, Participant, TimeExpression
from .lexicon import PRONOUNS_PERSON, SPEECH_VERBS
from .parse import Parsed

E = EventType
VERB_TRIGGERS: dict[str, EventType] = {
    **dict.fromkeys("meet negotiate convene".split(), E.MEETING),
    **dict.fromkeys("visit tour".split(), E.VISIT),
    **dict.fromkeys("sign ink".split(), E.SIGNING),
    **dict.fromkeys("approve adopt ratify endorse enact pass launch".split(), E.ADOPTION),
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
    **dict.fromkeys("open submit file".split(), E.LEGAL_ACTION),  # a case, a brief (guarded)
    **dict.fromkeys("withdraw revoke repeal rescind declare introduce".split(), E.ANNOUNCEMENT),
    "assault": E.MILITARY_ACTION,
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
    "assault": E.MILITARY_ACTION,
    "operation": E.MILITARY_ACTION,
}  # fmt: skip
# Named meetings: the head of a name such as 'Munich Security Conference'.
NAMED_MEETINGS = frozenset("conference summit forum".split())
# Modifiers that make an attack or assault ordinary violence, not military action.
_CROWDS = frozenset("mob crowd resident youth gang thug local hooligan attacker".split())
_PEOPLE = frozenset(
    "student man woman boy girl person people tourist worker resident child african foreigner"
    " migrant passer-by shopper".split()
)
_NOT_MILITARY = frozenset(
    "mob racist racial xenophobic heart panic knife acid sexual verbal personal cyber"
    " indecent physical".split()
)
# Nouns that are events only with a governing verb: "imposed sanctions", "held a phone call".
GOVERNED_NOUNS: dict[str, tuple[EventType, frozenset[str]]] = {
    "sanction": (E.SANCTION, frozenset("impose introduce extend expand slap announce".split())),
    "call": (E.CALL, frozenset("hold have make".split())),
    "conversation": (E.CALL, frozenset("hold have".split())),
}
_CALL_MODIFIERS = {"phone", "telephone"}
_CALL_NOUNS = {"call", "conversation", "talk", "talks"}
_INVASIONS = {"invade", "invasion"}
_MODALS = {"could", "would", "might", "may", "should"}
_INTENTIONS = {
    "intend", "plan", "hope", "want", "seek", "propose", "aim", "threaten", "consider", "wish",
    "try", "offer", "refuse", "fail",
}  # fmt: skip
# Verbs whose object event is only wished for ('demanded the resignation', 'urged talks').
_WISHES = {
    "want", "seek", "propose", "wish", "offer", "refuse", "threaten", "demand", "urge",
    "request", "await",
}  # fmt: skip
_NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass"}
_NAMES = {"ORG", "EVENT", "FAC", "GPE", "NORP", "WORK_OF_ART"}
_LAWS = {
    "law", "bill", "resolution", "legislation", "amendment", "budget", "act", "motion", "decree",
    "order", "measure", "reform", "constitution", "package",
}  # fmt: skip
_FILINGS = {"brief", "complaint", "petition", "motion", "suit"}
_PLANS = {"plan", "programme", "program", "strategy", "initiative", "scheme"}
# Modifiers that make an operation military or a strike an armed one ('air strike').
_ARMED = {
    "military", "counter", "terrorism", "counterterrorism", "anti", "terror", "ground", "air",
    "naval", "missile", "drone", "rocket", "artillery", "nuclear", "combat", "airborne",
    "retaliatory", "pre", "preemptive", "punitive", "surgical", "precision", "amphibious",
}  # fmt: skip
_ARMED_BODIES = {"army", "military", "troop", "force", "navy"}
# Modifiers that make a strike strike action: 'a general strike', 'a union strike'.
_LABOUR = {
    "general", "hunger", "indefinite", "nationwide", "national", "wildcat", "token", "union",
    "unions", "worker", "workers", "staff", "teachers", "doctors", "nurses", "pilots",
    "drivers", "miners", "dockers", "transport", "rail", "bus", "tube", "postal", "day",
    "hour", "labour", "labor",
}  # fmt: skip
_EMERGENCIES = {"emergency", "curfew", "law"}


def _military(tok: Token) -> bool:
    """An attack or assault that is armed conflict or terror, not ordinary violence: no 'mob',
    'racist' ... modifier, not by a crowd ('residents attacking', 'assaulted by a mob') and not
    on people as such ('attacking Africans', 'a student was attacked', 'attacks on students')."""
    if _has(tok, {"amod", "compound"}, lambda c: c.lower_ in _NOT_MILITARY):
        return False
    doers = [c for c in tok.children if c.dep_ in {"nsubj", "agent"}]
    doers += [p for c in tok.children if c.dep_ == "agent" for p in c.children]
    if tok.dep_ in {"advcl", "xcomp"}:  # 'went on a rampage, attacking ...': the rampage's
        doers += [c for c in tok.head.children if c.dep_ == "nsubj"]
    victims = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    victims += [p for c in tok.children if c.lower_ in {"on", "against"} for p in c.children]
    return not any(_crowd(d) for d in doers) and not any(_people(v) for v in victims)


def _received(verb: Token) -> bool:
    """'The head of the delegation was received by President Putin': a person received by a
    person (not 'a letter was received by the ministry')."""
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children]
    guests = [c for c in verb.children if c.dep_ == "nsubjpass"]
    return any(a.ent_type_ == "PERSON" for a in agents) and any(
        g.ent_type_ == "PERSON" or g.lemma_ in _GROUP_NOUNS or g.lower_ in PRONOUNS_PERSON
        for g in guests
    )


def _armed(tok: Token) -> bool:
    """An operation or strike of armed forces: a military modifier before it ('a military
    operation', 'counter-terrorism operation', 'air strike') or, for an operation, an armed
    body carrying it out ('The army intensified an operation')."""
    if any(t.lower_ in _ARMED for t in tok.subtree if t.i < tok.i):
        return True
    governor = _governor(tok)
    doers = [c for c in governor.children if c.dep_ == "nsubj"] if governor is not tok else []
    return any(d.lemma_.lower() in _ARMED_BODIES and d.pos_ == "NOUN" for d in doers)


def _crowd(tok: Token) -> bool:
    return tok.lemma_.lower() in _CROWDS


def _people(tok: Token) -> bool:
    word = tok.lemma_.lower()
    return tok.ent_type_ == "NORP" or word in _PEOPLE or word.removesuffix("s") in _PEOPLE


def _emergency(tok: Token) -> bool:
    """'an emergency', 'a state of emergency', 'martial law', 'a curfew'."""
    if tok.lemma_ == "state":
        return any(
            c.lower_ == "of" and any(t.lower_ == "emergency" for t in c.subtree)
            for c in tok.children
        )
    if tok.lemma_ == "law":
        return any(c.lower_ == "martial" for c in tok.children)
    return tok.lemma_ in _EMERGENCIES


_COURTS = {"court", "judge", "tribunal", "panel", "jury"}


def _has(tok: Token, deps: set[str], test: Callable[[Token], bool]) -> bool:
    return any(c.dep_ in deps and test(c) for c in tok.children)


# Verbs that trigger only in some uses: "charged with" (not a battery), "received" a person
# (not a letter), "passed" a law (not away), a court "ruled" (not "ruled out").
_VERB_GUARDS: dict[str, Callable[[Token], bool]] = {
    "charge": lambda t: _has(t, {"prep"}, lambda c: c.lower_ == "with"),
    "receive": lambda t: _has(t, {"dobj"}, lambda c: c.ent_type_ == "PERSON") or _received(t),
    "launch": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_.lower() in _PLANS),
    "host": lambda t: _has(t, {"dobj"}, lambda c: c.ent_type_ == "PERSON"),
    "pass": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "rule": lambda t: _has(t, {"nsubj"}, lambda c: c.lemma_ in _COURTS),
    "open": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ == "case"),
    "submit": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _FILINGS),
    "file": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _FILINGS),
    "withdraw": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "revoke": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "repeal": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "rescind": lambda t: _has(t, {"dobj", "nsubjpass"}, lambda c: c.lemma_ in _LAWS),
    "declare": lambda t: _has(t, {"dobj", "nsubjpass"}, _emergency),
    "introduce": lambda t: _has(t, {"dobj", "nsubjpass"}, _emergency),
    "assault": lambda t: _military(t),
    "attack": lambda t: _military(t),
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
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_RELATIVE = {"who", "which", "that", "whom"}
_CONTROLLED = {"xcomp", "advcl", "conj", "pcomp"}
# Words that put a noun trigger in a time relation to its verb, not among its arguments.
_TIME_RELATIONS = {"before", "after", "ahead", "following", "prior", "since", "until", "eve"}
# Words that make a noun trigger the background of its verb, not one of its arguments ('booked
# suspects in connection with the attacks', 'in response to the attack, X deployed').
_BACKGROUND = {"connection", "response", "reaction", "retaliation", "according", "amid", "despite"}
# Those that put the verb's time apart from the noun's ('Ahead of a key vote, Pence called ...
# Saturday'); 'said on Tuesday after their conversation' is mostly the same day's.
_TIME_APART = _TIME_RELATIONS - {"after", "following"}
_WITH_IS_CHARGE = {"charge"}  # 'charged with fraud': the charge, not a partner
_PLURAL_PRONOUNS = {"their", "they", "them"}
# 'the company', 'the ministry': True when the body's name must contain the noun.
_BODIES = {
    "company": False, "firm": False, "group": False, "carrier": False, "ministry": True,
    "agency": True, "department": True, "bank": True, "court": True, "committee": True,
    "government": True, "parliament": True, "police": True, "army": True,
}  # fmt: skip
_AGREEMENTS = {
    "agreement", "deal", "treaty", "accord", "memorandum", "contract", "pact", "declaration",
}  # fmt: skip
_PARTNER_PREPS = {"with": "partner", "between": "partner", "to": "target"}
# Common nouns whose `of`-complement names who they are: 'members of the Committee'.
_GROUP_NOUNS = {
    "member", "head", "leader", "delegation", "representative", "official", "team", "minister",
    "envoy", "chief", "president", "government", "police", "force", "army", "troop",
}  # fmt: skip
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr"}
_PLACE_PREPS = {"in", "at"}
_EMBEDDED = {"ccomp", "relcl", "advcl", "xcomp", "acl"}
_REPORTED = {"VBD", "VBN", "VBZ", "VBP"}  # the parser tags a reporting verb VBN as often
# Verbs that relate a noun trigger's event in time to another, not take part in it ('a
# protest to coincide with a meeting': the protesters are not at the meeting).
_TIME_VERBS = {"coincide", "precede", "overshadow"}


def find_events(
    parsed: Sequence[Parsed], index: EntityIndex, times: Sequence[TimeExpression], cast: Cast
) -> tuple[list[Event], list[Entity]]:
    """The article's events, and the entities of the bodies they name by a common noun ('the
    army'; :mod:`.bodies`), which the index does not hold."""
    found: list[_Found] = []
    bodies = Bodies()
    for section in parsed:
        for sent in section.doc.sents:
            for tok in sent:
                kind = trigger_type(tok)
                if kind is not None and not _unreal(tok):
                    event = _event(section, sent, tok, kind, index, times, cast, bodies)
                    found.append(_found(section, tok, index, event))
    events = [e for e in _one_per_event(found) if _anchored(e)]
    named = {p.entity for e in events for p in e.participants}
    return events, [b for b in bodies.entities() if b.id in named]


def _anchored(event: Event) -> bool:
    """An event says who, when or where: a bare 'talks' or 'attacks' with none of them is a
    mention of a kind of event, not a report of one."""
    return bool(event.participants) or event.date is not None or event.place is not None


@dataclass(frozen=True, slots=True)
class _Found:
    event: Event
    key: str  # what names the event: a named meeting's entity id, else the trigger's lemma
    named: bool  # the key is a named meeting's entity
    section: str


def _found(section: Parsed, trigger: Token, index: EntityIndex, event: Event) -> _Found:
    own = _entity_at(section, trigger, index) if trigger.pos_ == "PROPN" else None
    key = own.id if own is not None else trigger.lemma_.lower()
    return _Found(event, key, own is not None, section.name)


def _one_per_event(found: Sequence[_Found]) -> list[Event]:
    """One event per real event: a body event repeating an earlier one (see :func:`_repeats`)
    is merged into whichever of the two is told more fully; a headline or standfirst event the
    body tells again gives the body event its date, if it lacks one, and is dropped."""
    body = [f for f in found if f.section == "body"]
    kept: dict[int, Event] = {}
    for n, f in enumerate(body):
        first = next((k for k in kept if _repeats(f, body[k])), None)
        if first is None:
            kept[n] = f.event
        else:
            a, b = kept[first], f.event
            kept[first] = _merged(b, a) if _told(b) > _told(a) else _merged(a, b)
    out = list(kept.values())
    for f in (f for f in found if f.section != "body"):
        at = next((i for i, k in enumerate(kept) if _repeats(f, body[k], top=True)), None)
        if at is None:
            out.append(f.event)
        else:
            out[at] = _merged(out[at], f.event, people=False)
    return sorted(out, key=lambda e: e.trigger.start)


def _repeats(a: _Found, b: _Found, *, top: bool = False) -> bool:
    """``a`` tells ``b`` again: of one type and date, and the same named meeting, the same
    two or more participants (one, with the same trigger word: 'Fillon has been charged' twice,
    not 'Bout was charged' and 'Bout was sentenced'), or (``a`` in the headline or standfirst)
    the same trigger word."""
    ea, eb = a.event, b.event
    if ea.type is not eb.type or not _same_date(ea.date, eb.date):
        return False
    if a.key == b.key and (a.named or top):  # the same named meeting, or a headline's word
        return True
    people = {p.entity for p in ea.participants}
    if not people or people != {p.entity for p in eb.participants}:
        return False
    return len(people) > 1 or a.key == b.key  # one person: only by the same word


def _told(event: Event) -> tuple[bool, int]:
    """How fully an event is told: dated, and by how many participants."""
    return event.date is not None, len(event.participants)


def _same_date(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _merged(kept: Event, repeat: Event, *, people: bool = True) -> Event:
    update: dict[str, object] = {}
    if kept.date is None and repeat.date is not None:
        update |= {"date": repeat.date, "time": repeat.time}
    if people and not kept.participants and repeat.participants:
        update["participants"] = repeat.participants
    return kept.model_copy(update=update) if update else kept


def _unreal(trigger: Token) -> bool:
    """A negated, hypothetical, merely intended or demanded event ('did not meet', 'could
    sign', 'intends to impose sanctions', 'demanding the resignation'): not annotated as having
    happened."""
    verb = trigger if trigger.pos_ == "VERB" else _governor(trigger)
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ == "neg" or c.lower_ in _MODALS for c in verb.children):
        return True
    if trigger.dep_ == "dobj" and trigger.head.i == verb.i and verb.lemma_ in _WISHES:
        return True  # 'demanding the resignation of the government', 'proposed talks'
    return verb.dep_ == "xcomp" and verb.head.lemma_ in _INTENTIONS


def trigger_type(tok: Token) -> EventType | None:
    """The event type ``tok`` triggers, if any."""
    lemma = tok.lemma_.lower()
    if lemma in {"swear", "swearing"} and _sworn_in(tok):
        return E.APPOINTMENT
    if tok.pos_ == "VERB":
        return _verb_type(tok, lemma)
    if tok.pos_ not in {"NOUN", "PROPN"}:  # or a noun the tagger took for an adjective
        nominal = tok.pos_ == "ADJ" and tok.dep_ in _NOMINAL_DEPS
        return NOUN_TRIGGERS.get(lemma) if nominal else None
    if lemma in _CALL_NOUNS and any(c.lower_ in _CALL_MODIFIERS for c in tok.children):
        return E.CALL  # 'a phone call', 'a telephone conversation', 'today's phone talk'

    if lemma in GOVERNED_NOUNS:
        kind, verbs = GOVERNED_NOUNS[lemma]
        governed = tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_ in verbs
        return kind if governed else None
    if tok.pos_ == "PROPN":
        return E.MEETING if lemma in NAMED_MEETINGS and tok.ent_type_ in _NAMES else None
    if lemma in {"attack", "assault"} and not _VERB_GUARDS["attack"](tok):
        return None
    if lemma == "operation":
        return E.MILITARY_ACTION if _armed(tok) else None
    if lemma == "strike":
        return _strike(tok)
    if lemma in {"statement", "declaration"} and _joint(tok):
        return E.ANNOUNCEMENT
    return NOUN_TRIGGERS.get(lemma)


def _strike(tok: Token) -> EventType | None:
    """An armed strike ('an air strike', 'drone strikes'), strike action ('an indefinite
    strike', 'a taxi union strike', 'the strike at Bus Eireann', 'workers went on strike'), or
    neither: a bare 'the accidental strike' could be either, and a 'strike capability' is no
    event."""
    if tok.dep_ == "compound":
        return None
    if _armed(tok):
        return E.MILITARY_ACTION
    labour = _has(tok, {"amod", "compound", "nmod"}, lambda c: c.lower_ in _LABOUR)
    at = _has(tok, {"prep"}, lambda c: c.lower_ == "at")
    on = tok.dep_ == "pobj" and tok.head.lower_ == "on" and not _has(tok, {"det"}, lambda c: True)
    return E.PROTEST if labour or at or on else None


def _joint(tok: Token) -> bool:
    """'a joint statement by X and Y', 'a joint declaration' (not one they sign or adopt: the
    signing tells it)."""
    if not _has(tok, {"amod"}, lambda c: c.lower_ == "joint"):
        return False
    governed = tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_ in VERB_TRIGGERS
    return not governed


def _verb_type(tok: Token, lemma: str) -> EventType | None:
    if lemma in {"talk", "speak"} and _by_phone(tok):
        return E.CALL
    guard = _VERB_GUARDS.get(lemma)
    if guard is not None and not guard(tok):
        return None
    kind = VERB_TRIGGERS.get(lemma)
    if kind is E.ADOPTION and _by_court(tok):  # a court's approval is a ruling
        return E.LEGAL_ACTION
    return kind


def _by_court(verb: Token) -> bool:
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children]
    agents += [c for c in verb.children if c.dep_ == "nsubj"]
    return any(a.lemma_.lower() in _COURTS for a in agents)


def _sworn_in(tok: Token) -> bool:
    """'was sworn in', 'the swearing-in', 'Sessions' swearing in'."""
    after = [t for t in tok.doc[tok.i + 1 : tok.i + 3] if t.text != "-"]
    return bool(after) and after[0].lower_ == "in"


def _by_phone(verb: Token) -> bool:
    return any(
        t.lower_ in _CALL_MODIFIERS for c in verb.children if c.dep_ == "prep" for t in c.subtree
    )


def _event(
    section: Parsed, sent: Span, trigger: Token, kind: EventType, index: EntityIndex,
    times: Sequence[TimeExpression], cast: Cast, bodies: Bodies,
) -> Event:  # fmt: skip
    text_of = section.text
    start = section.abs(trigger)
    article_text_span = TextSpan(start=start, end=start + len(trigger.text), text=trigger.text)
    sent_span = TextSpan(
        start=section.start + sent.start_char,
        end=section.start + sent.end_char,
        text=text_of[sent.start_char : sent.end_char],
    )
    found = list(_participants(section, trigger, index, cast, bodies))
    place = _place(section, trigger, index)
    if kind is E.MILITARY_ACTION and trigger.lemma_ not in _INVASIONS:
        found, place = _targets_as_place(found, place, index)
    if kind is E.ELECTION:  # a country takes part in its election
        held_in = place or _place(section, trigger, index, any_kind=True)
        if held_in is not None:
            found.append(Participant(entity=held_in.id, name=held_in.name, role="attendee"))
    unique: dict[str, Participant] = {}
    for participant in found:
        unique.setdefault(participant.entity, participant)
    own = _entity_at(section, trigger, index) if trigger.pos_ == "PROPN" else None
    for participant in [] if unique else _clause_fallback(section, trigger, index):
        if own is None or participant.entity != own.id:
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


def _targets_as_place(
    found: list[Participant], place: Entity | None, index: EntityIndex
) -> tuple[list[Participant], Entity | None]:
    """A struck or shelled place is where the attack happened, not a party to it ('bombers
    struck northwest Pakistan'); an invaded country stays a party."""
    places = {e.id: e for e in index.entities if e.type is EntityType.PLACE}
    hit = [p for p in found if p.entity in places and p.role in {"patient", "target"}]
    if not hit:
        return found, place
    rest = [p for p in found if p not in hit]
    return rest, place or places[hit[0].entity]


def _participants(
    section: Parsed, trigger: Token, index: EntityIndex, cast: Cast, bodies: Bodies
) -> Iterator[Participant]:
    own = _entity_at(section, trigger, index) if trigger.pos_ == "PROPN" else None
    for head, role in _arguments(trigger):
        for tok in (head, *head.conjuncts):
            if tok.pos_ == "PROPN" and trigger_type(tok) is E.MEETING:
                continue  # 'a meeting of the G20 and the Munich Security Conference'
            for ent in _entities_at(section, tok, index, cast, bodies):
                if own is None or ent.id != own.id:
                    yield Participant(entity=ent.id, name=ent.name, role=role)


def _arguments(trigger: Token) -> Iterator[tuple[Token, str]]:
    """The tokens heading the trigger's arguments, with their roles: its own dependents, the
    controller of a subjectless verb ('decided to sign', 'who resigned'), the object of its
    ``xcomp`` ('voted to impeach X'), and for a noun the arguments of its governing verb."""
    yield from _dependents(trigger, trigger)
    if trigger.pos_ == "VERB":
        if not _has(trigger, _SUBJECT_DEPS, _real_subject):
            yield from _controller(trigger)
        for xcomp in (c for c in trigger.children if c.dep_ == "xcomp"):
            yield from ((c, "patient") for c in xcomp.children if c.dep_ == "dobj")
        for obj in (c for c in trigger.children if c.dep_ == "dobj"):  # 'signed a deal with Y'
            yield from _object_partners(obj)
        yield from ((c, "patient") for c in _cases(trigger))
        return
    if trigger.dep_ in {"amod", "compound"} and trigger.head.pos_ == "NOUN":
        # 'the swearing-in ceremony of Jeff Sessions': the ceremony's arguments are the event's
        head = list(_dependents(trigger.head, trigger, skip=trigger))
        if head:
            yield from head
            return
    governor = _noun_governor(trigger)
    if governor is not None:
        yield from _dependents(governor, trigger, skip=trigger)
        if not _has(governor, _SUBJECT_DEPS, lambda c: True):
            yield from _controller(governor)


def _dependents(
    anchor: Token, trigger: Token, skip: Token | None = None
) -> Iterator[tuple[Token, str]]:
    for child in anchor.children:
        role = None if child is skip else _role(anchor, child)
        if role is None or (role == "partner" and trigger.lemma_ in _WITH_IS_CHARGE):
            continue
        if child.dep_ in {"prep", "agent"}:
            yield from ((c, role) for c in child.children if c.dep_ == "pobj")
        elif _real_subject(child) or child.dep_ not in _SUBJECT_DEPS:
            yield child, role
        elif child.dep_ == "nsubj" and anchor.dep_ == "relcl":  # 'the governors who resigned'
            yield anchor.head, role


def _object_partners(obj: Token) -> Iterator[tuple[Token, str]]:
    """The other side of an agreement ('signed a deal with Y') or the court a filing goes to
    ('submitted a brief to the Supreme Court')."""
    for prep in obj.children:
        role = _PARTNER_PREPS.get(prep.lower_) if prep.dep_ == "prep" else None
        lemma = obj.lemma_.lower()
        fits = lemma in _FILINGS if role == "target" else lemma in _AGREEMENTS
        if role is not None and fits:
            yield from ((c, role) for c in prep.children if c.dep_ == "pobj")


def _cases(verb: Token) -> Iterator[Token]:
    """Whose case a filing is in: 'in Viktor Bout's case', 'in the case of X' (on the verb,
    its object or the object's phrase)."""
    if VERB_TRIGGERS.get(verb.lemma_.lower()) is not E.LEGAL_ACTION:
        return
    for tok in verb.subtree:
        if tok.lemma_ == "case" and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            yield from (c for c in tok.children if c.dep_ == "poss")
            for of in (c for c in tok.children if c.lower_ == "of"):
                yield from (c for c in of.children if c.dep_ == "pobj")
                yield from (
                    n
                    for c in of.children
                    if c.dep_ == "pcomp"
                    for n in c.children
                    if n.dep_ == "nsubj"
                )  # 'the case of X currently serving ...'


def _real_subject(tok: Token) -> bool:
    return tok.lower_ not in _RELATIVE


def _controller(verb: Token) -> Iterator[tuple[Token, str]]:
    """The subject a subjectless verb shares with the verb it depends on."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in _CONTROLLED or tok.head.i == tok.i:
            return
        tok = _governor(tok.head)
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS and _real_subject(c)]
        if subjects:
            yield from ((c, "agent" if c.dep_ != "nsubjpass" else "patient") for c in subjects)
            return


def _noun_governor(trigger: Token) -> Token | None:
    """The verb whose arguments a noun trigger shares ('X held talks with Y', 'spoke in a phone
    conversation'); none across a time relation ('ahead of the vote', 'after the call', 'to
    coincide with a meeting') or from the background ('in connection with the attacks')."""
    governor = _governor(trigger)
    if governor.i == trigger.i or governor.lemma_ in {"be", *_TIME_VERBS}:
        return None  # 'X will be in focus of the talks'; 'timed to coincide with the talks'
    tok = trigger
    while tok.i != governor.i:
        if tok.lower_ in _TIME_RELATIONS | _BACKGROUND or tok.dep_ in {"appos", "conj"}:
            return None
        tok = tok.head
    return governor


def _time_related(trigger: Token, governor: Token) -> bool:
    """A noun trigger in a time relation to the verb it hangs from that sets their times
    apart ('ahead of the vote', 'before the talks'; not 'said after the talks')."""
    tok = trigger
    while tok.i != governor.i:
        if tok.lower_ in _TIME_APART:
            return True
        tok = tok.head
    return False


def _clause_fallback(section: Parsed, trigger: Token, index: EntityIndex) -> Iterator[Participant]:
    """No argument named anyone: the people and bodies named in the trigger's clause (not in
    clauses embedded in it; only the trigger's own phrase when it stands in a time relation to
    its verb: 'said in an interview with TASS ahead of a meeting')."""
    governor = _governor(trigger)
    if trigger.pos_ != "VERB" and governor.i != trigger.i and _noun_governor(trigger) is None:
        governor = trigger
    for tok in governor.subtree:
        path = [a for a in tok.ancestors if a.i != governor.i and governor.is_ancestor(a)]
        if any(_new_clause(a) for a in (tok, *path)):
            continue
        ent = _entity_at(section, tok, index)
        if ent is not None and ent.type is not EntityType.PLACE:
            yield Participant(entity=ent.id, name=ent.name, role="attendee")


def _new_clause(tok: Token) -> bool:
    return tok.dep_ in _EMBEDDED or (tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"})


def _pronoun(section: Parsed, tok: Token, index: EntityIndex, cast: Cast) -> Entity | None:
    """'he', 'she': the person the article mentioned last before."""
    if tok.lower_ not in PRONOUNS_PERSON:
        return None
    mention = cast.last_person_before(section.abs(tok))
    return index.find(mention.person.name, EntityType.PERSON) if mention else None


def _surname(tok: Token, index: EntityIndex) -> Entity | None:
    """A capitalised word the NER missed that is the surname of a person the article names
    ('Bout was detained')."""
    if not tok.is_title or tok.pos_ not in {"PROPN", "NOUN"}:
        return None
    people = (e for e in index.entities if e.type is EntityType.PERSON)
    return next(
        (e for e in people if len(e.name.split()) > 1 and e.name.split()[-1] == tok.text), None
    )


def _described(section: Parsed, tok: Token, index: EntityIndex) -> Entity | None:
    """'the company', 'the ministry': the organisation named last before, one whose name has
    the noun for the bodies a name says ('ministry'), any for 'company' or 'group'."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in _BODIES or not _has(tok, {"det"}, _the):
        return None
    at = section.abs(tok)
    best: tuple[int, Entity] | None = None
    for ent in index.entities:
        if ent.type is not EntityType.ORGANISATION:
            continue
        if _BODIES[lemma] and lemma not in ent.name.lower():
            continue
        last = max((m.start for m in ent.mentions if m.start < at), default=-1)
        if last >= 0 and (best is None or last > best[0]):
            best = (last, ent)
    return best[1] if best else None


def _the(tok: Token) -> bool:
    return tok.lower_ == "the"


def _plural_antecedent(section: Parsed, tok: Token, index: EntityIndex) -> list[Entity]:
    """'their', 'they': the two or more people or bodies heading the nearest subject in the
    sentence (clauses above the pronoun first) that names two or more ('the ministers, Lavrov
    and Gabriel, discussed ... after their conversation')."""
    above = [c for a in tok.ancestors for c in a.children if c.dep_ in _SUBJECT_DEPS]
    others = sorted(
        (t for t in tok.sent if t.dep_ in _SUBJECT_DEPS and t.i < tok.i), key=lambda t: -t.i
    )
    for subj in (*above, *others):
        if subj.i == tok.i or subj.is_ancestor(tok):
            continue
        heads = [subj, *subj.conjuncts, *(a for c in _apposed(subj) for a in (c, *c.conjuncts))]
        found = {e.id: e for h in heads if (e := _entity_at(section, h, index)) is not None}
        if len(found) > 1:
            return list(found.values())
    return []


def _role(trigger: Token, child: Token) -> str | None:
    dep, word = child.dep_, child.lower_
    if _reporter(child) or (dep == "compound" and _peace_topic(trigger, child)):
        return None
    if dep in _AGENT_DEPS or dep == "agent" or dep == "poss":
        return "agent"
    if dep == "prep" and word == "by" and trigger.pos_ in {"NOUN", "PROPN"}:
        return "agent"  # 'a joint statement by the Commission', 'a visit by Putin'

    if dep in _PATIENT_DEPS:
        return "patient"
    if dep == "prep" and word in {"with", "between", "among"}:
        return "partner"
    if dep == "prep" and word in {"to", "against"}:
        return "target"
    if dep == "prep" and word == "of" and trigger.pos_ in {"NOUN", "PROPN"}:
        return "attendee"
    if dep == "compound" and trigger.pos_ == "NOUN":
        return "attendee"
    return None


def _reporter(tok: Token) -> bool:
    """A noun heading a reporting clause the parser hung on it after a comma ('... decided to
    hold an early election, the Kyodo news agency reported on Wednesday'): the source, not a
    participant."""
    start = tok.left_edge.i
    after_comma = start > tok.sent.start and tok.doc[start - 1].text == ","
    return after_comma and any(
        c.dep_ in {"acl", "relcl"} and c.lemma_ in SPEECH_VERBS and c.tag_ in _REPORTED
        for c in tok.children
    )


def _peace_topic(trigger: Token, compound: Token) -> bool:
    """The place a peace process is about ('the Syria peace talks'), or the 'peace' that
    carries it: no party to it."""
    if compound.lower_ == "peace":
        return True
    return any(
        c.dep_ == "compound" and c.lower_ == "peace" and compound.i < c.i
        for c in trigger.children
    )


def _entity_at(section: Parsed, tok: Token, index: EntityIndex) -> Entity | None:
    """The entity ``tok`` names, or the name apposed to it ('President ... Poroshenko')."""
    modifiers = (c for c in tok.children if c.dep_ in {"compound", "nmod"})
    for t in (tok, *_apposed(tok), *modifiers):
        start = section.abs(t)
        ent = index.at(start, start + len(t.text))
        if ent is not None:
            return ent
    return None


def _apposed(tok: Token) -> list[Token]:
    """Names in apposition ('the ministers, Lavrov and Gabriel'; the parser's bare ``dep`` in
    'Presidents of Belarus and Russia Alexander Lukashenko and Vladimir Putin')."""
    return [c for c in tok.children if c.dep_ == "appos" or (c.dep_ == "dep" and c.pos_ == "PROPN")]


def _entities_at(
    section: Parsed, tok: Token, index: EntityIndex, cast: Cast, bodies: Bodies
) -> list[Entity]:
    """The entities an argument names: names apposed to it with their conjuncts, its own name,
    a pronoun's antecedent, for a common noun its owner ('South Korea's parliament', 'members
    of the Committee') or the body it names ('the army', 'Police in India'; not as a
    compound: 'military operation')."""
    apposed = [a for c in _apposed(tok) for a in (c, *c.conjuncts)]
    found = [e for a in apposed if (e := _entity_at(section, a, index)) is not None]
    if found:
        return found
    ent = (
        _entity_at(section, tok, index)
        or _surname(tok, index)
        or _pronoun(section, tok, index, cast)
        or _described(section, tok, index)
    )
    if ent is not None:
        return [ent]
    if tok.lower_ in _PLURAL_PRONOUNS:
        named = _plural_antecedent(section, tok, index)
        body = _body_antecedent(tok)
        return named or (bodies.entities_of(section, body) if body is not None else [])
    if tok.pos_ != "NOUN":
        return []
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if tok.lemma_ in _GROUP_NOUNS:
        owners += [p for c in tok.children if c.lower_ == "of" for p in c.children]
    found = [e for o in owners for t in (o, *o.conjuncts) if (e := _entity_at(section, t, index))]
    if not found and is_body(tok) and tok.dep_ != "compound":
        return bodies.entities_of(section, tok)
    return found


def _body_antecedent(pronoun: Token) -> Token | None:
    """'they' for the body heading the nearest subject above ('Police said they have arrested
    five people': Police)."""
    for tok in pronoun.ancestors:
        subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS and c.i != pronoun.i]
        subjects = [c for c in subjects if not c.is_ancestor(pronoun)]
        if subjects:
            return subjects[0] if is_body(subjects[0]) else None
    return None


def _governor(trigger: Token) -> Token:
    """The verb a noun trigger hangs from ('said ... at the session': said)."""
    tok = trigger
    while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _place(
    section: Parsed, trigger: Token, index: EntityIndex, *, any_kind: bool = False
) -> Entity | None:
    """The place in an ``in``/``at`` phrase of the trigger, of the verb it hangs from or of that
    verb's ``xcomp`` ('the referendum is scheduled to take place in Nagorno-Karabakh')."""
    governor = _governor(trigger)
    xcomps = [c for c in governor.children if c.dep_ == "xcomp"] if governor is not trigger else []
    for anchor in (trigger, governor, *xcomps):
        for child in anchor.children:
            if child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS:
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                ent = _entity_at(section, pobj, index)
                if ent is not None and (ent.type is EntityType.PLACE or any_kind):
                    return ent
    return None


def _nearest_time(
    section: Parsed, sent: Span, trigger: Token, times: Sequence[TimeExpression]
) -> TimeExpression | None:
    """The time expression nearest the trigger in the parse, leaving out those inside another
    clause below where their paths meet ('decided to hold elections on May 9': not the
    decision's date) and, for a noun in a time relation to its verb, those outside its own
    phrase ('Ahead of a key vote, Pence called ... Saturday night': not the vote's date); of
    two near ones, the finer that the coarser contains ('in December last year')."""
    lo, hi = section.start + sent.start_char, section.start + sent.end_char
    bracketed = _bracketed_time(section, trigger, times)
    if bracketed is not None:
        return bracketed
    governor = _governor(trigger)
    own_only = _time_related(trigger, governor)
    scored = []
    for t in times:
        if not lo <= t.span.start < hi:
            continue
        tok = _token_at(section, sent, t.span.start, t.span.end)
        if tok is None or (own_only and not trigger.is_ancestor(tok)):
            continue
        if not _other_clause(trigger, tok):
            near = min(_distance(trigger, tok), _distance(governor, tok) + 1)
            scored.append((near, not trigger.is_ancestor(tok), t.span.start, t))
    if not scored:
        return None
    distance, _, _, best = min(scored)
    if distance > 4 and len(scored) > 1:
        return None
    finer = [t for d, _, _, t in scored if d <= distance + 1 and _refines(t.value, best.value)]
    return finer[0] if finer else best


_BRACKET = re.compile(r"\s*\(\s*(?:on|from|in)?\s*")


def _bracketed_time(
    section: Parsed, trigger: Token, times: Sequence[TimeExpression]
) -> TimeExpression | None:
    """A time in brackets right after the trigger's phrase dates it, wherever the parser hung
    it: 'the Munich Security Conference (on February 17-19)'."""
    own = [c.right_edge for c in trigger.rights if c.dep_ not in {"conj", "cc"}]
    edge = max((trigger, *own), key=lambda t: t.i)  # its own phrase, not a conjunct's
    if edge.text == "(" and edge.i > trigger.i:  # the parser hung the bracket on the trigger
        edge = edge.doc[edge.i - 1]
    end = section.abs_end(edge)
    text = section.text
    for t in times:
        gap = t.span.start - end
        if 0 < gap <= 8 and _BRACKET.fullmatch(
            text[end - section.start : t.span.start - section.start]
        ):
            return t
    return None


def _describes(trigger: Token, clause: Token) -> bool:
    """A clause that tells of a noun trigger's own event: 'the attack that hit Damascus on
    Wednesday', 'the summit held in Kazan', 'is scheduled to take place on May 9'."""
    if trigger.pos_ == "VERB":
        return False
    own = clause.dep_ in {"relcl", "acl"} and clause.head.i == trigger.i
    return own or clause.dep_ == "xcomp"


def _participle(clause: Token) -> bool:
    """A bare participle clause shares its verb's time ('struck on Monday, killing six';
    'recalling that in November 2021 ... the sides approved')."""
    bare = not any(c.dep_ in {"nsubj", "nsubjpass", "mark", "aux"} for c in clause.children)
    return clause.dep_ == "advcl" and clause.tag_ in {"VBG", "VBN"} and bare


def _refines(value: str | None, coarse: str | None) -> bool:
    return bool(value and coarse and "/" not in value and value.startswith(coarse + "-"))


def _other_clause(trigger: Token, tok: Token) -> bool:
    """Whether ``tok`` sits in a clause embedded below the trigger's meeting point with it."""
    above_trigger = {trigger.i, *(a.i for a in trigger.ancestors)}
    t = tok
    while t.i not in above_trigger:
        if _new_clause(t) and not _describes(trigger, t) and not _participle(t):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


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
