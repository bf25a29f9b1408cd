"""Bodies an article names by a common noun: 'the army', 'Police in India', 'the Pakistani
government', 'security forces'.

Such a body takes part in events ("Police in India have charged a man") though the NER names
no entity for it. :class:`Bodies` gives each one an organisation entity named as the article
qualifies it: a nationality adjective ('Pakistani army'), common-noun compounds ('security
forces') and an ``in``-country phrase ('Police in India': 'Indian police'); other modifiers
('the centre-left government', 'the national parliament') are no part of the name. A bare
noun after a qualified one with the same head is that body ('Police in India ... police
said'), unless two were named ('the British and Irish governments ... the government'). The
cross-article resolver reads a bare generic body ('government') as the article's main
country's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..article.model import TextSpan
from .facts import Entity, EntityType, entity_id
from .lexicon import DEMONYMS
from .parse import Parsed

# Nouns that name a state body: 'the army', 'police', 'the government'.
BODY_NOUNS = frozenset(
    "police army military government parliament navy cabinet legislature junta coastguard".split()
)
# Nouns that name a body only in the plural: 'prosecutors', 'troops', 'the authorities',
# 'security forces' (not 'the prosecutor', a person, or 'force').
PLURAL_BODIES = frozenset("prosecutor troop force authority".split())


def is_body(tok: Token) -> bool:
    """A common noun naming a state body ('the army', 'troops'), not a name's part."""
    if tok.pos_ != "NOUN" or tok.ent_type_:
        return False
    lemma = tok.lemma_.lower()
    return lemma in BODY_NOUNS or (lemma in PLURAL_BODIES and tok.tag_ == "NNS")


def _adjectives(tok: Token) -> list[Token]:
    """Nationality adjectives before a body noun: 'the Pakistani army', 'the British and Irish
    governments'."""
    first = next(
        (c for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.ent_type_ == "NORP"), None
    )
    if first is None:
        return []
    return [first, *(c for c in first.conjuncts if c.ent_type_ == "NORP")]


def _nations(tok: Token) -> list[str]:
    """The nationalities qualifying a body noun: 'Pakistani army' (Pakistani), 'Police in
    India' (Indian; a country without a known demonym as itself: 'police in Goa', Goa)."""
    adjectives = _adjectives(tok)
    if adjectives:
        return [a.text for a in adjectives]
    for prep in (c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "in"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"):
            place = next((e.text for e in tok.doc.ents if e.start <= pobj.i < e.end), pobj.text)
            demonym = DEMONYMS.get(place.lower())
            return [demonym.title() if demonym else place]
    return []


@dataclass
class _Body:
    name: str
    head: str  # the noun's lemma
    qualified: bool
    written: set[str] = field(default_factory=set)
    mentions: dict[int, TextSpan] = field(default_factory=dict)


@dataclass
class Bodies:
    """The bodies an article's events name by a common noun, gathered as events are found (in
    text order), and their entities."""

    found: dict[str, _Body] = field(default_factory=dict)

    def entities_of(self, section: Parsed, tok: Token) -> list[Entity]:
        """The entities of body noun ``tok`` (see :func:`is_body`): one, or one a nation ('the
        British and Irish governments': British government, Irish government)."""
        nations = _nations(tok)
        nouns = [c.lower_ for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
        head = tok.lemma_.lower()
        noun = head if len(nations) > 1 else tok.lower_
        names = [" ".join([n, *nouns, noun]) for n in nations] or [" ".join([*nouns, noun])]
        if not nations and not nouns:  # 'police' after 'Police in India': that body
            earlier = [b for b in self.found.values() if b.head == head and b.qualified]
            names = [earlier[0].name] if len(earlier) == 1 else names  # of two, neither
        left = [c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
        lo = min((*left, *(a.i for a in _adjectives(tok))), default=tok.i)
        span = tok.doc[lo : tok.i + 1]  # 'Pakistani army'; 'Police' of 'Police in India'
        start = section.start + span.start_char
        out = []
        for name in names:
            body = self.found.setdefault(name, _Body(name, head, bool(nations or nouns)))
            body.mentions[start] = TextSpan(start=start, end=start + len(span.text), text=span.text)
            if len(names) == 1:  # not 'British and Irish governments' for either
                body.written.add(span.text)
            out.append(self._record(body))
        return out

    def entities(self) -> list[Entity]:
        return [self._record(b) for b in self.found.values()]

    @staticmethod
    def _record(body: _Body) -> Entity:
        return Entity(
            id=entity_id(EntityType.ORGANISATION, body.name),
            name=body.name,
            type=EntityType.ORGANISATION,
            aliases=tuple(sorted(w for w in body.written if w != body.name)),
            mentions=tuple(body.mentions[s] for s in sorted(body.mentions)),
        )
