"""Cross-article entity resolution: one global entity per real person, body or place.

:class:`Resolver` takes articles one at a time (``add``), so it runs incrementally as articles
arrive, and can be re-run over a whole store from scratch. An article's entities join global
clusters by type:

* **people**: same folded surname (:func:`~.names.person_key`: "Sergey"/"Sergei", "Kim
  Jong-un"/"Kim Jong Un" with the family name first, "al-Assad"/"Assad", "Le Pen" with its
  particle; "Jr." kept) and compatible first names (one spelling after folding, or an
  initial); differing middle initials keep George W. and George H.W. Bush apart; first names
  that differ join only when a title agrees ("Pyotr"/"Petro" Poroshenko, both "Ukrainian
  President"), so "Ivana" and "Ivanka" Trump stay two. A bare surname joins the cluster with
  that surname whose titles and co-mentioned entities best fit the article, and when none
  fits, the one seen most often; a bare surname seen with a title ("President Trump") is
  settled by a full name only when they share a title word;
* **organisations**: same key (:func:`~.names.org_key`: "Russia's foreign ministry" =
  "Russian Ministry of Foreign Affairs"), the key of one of its other names in the article,
  an acronym of the other's name ("FBI"), or a near-identical key with the same nationality
  words. A generic name without a nationality ("Foreign Ministry") is read as the article's
  main country's, and a body whose name implies one ("State Department") as that country's;
  several clusters may share a key (the Constitutional Courts of Russia and South Korea), and
  a name picks the one of its nation. Lookups go through :class:`~.orgindex.OrgIndex`, never a
  scan of every known body;
* **places**: same key.

The NER's type slips are read from the name: a "person" called "Islamic State" resolves as a
body, an "organisation" called "Alexei Navalny" or "US Sergey Kislyak" as a person.

Each global entity keeps its aliases, the articles it appears in and its roles over time.

A resolver's state round-trips through :meth:`Resolver.to_bytes` / :meth:`Resolver.from_bytes`
(the store keeps it, so the next run adds its articles to it instead of starting over). It is
a pickle read back by an unpickler that builds only the resolver's own classes, so a tampered
store cannot make it run code.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..nlp.entities import INSTITUTION_HEADS
from ..nlp.facts import Entity, EntityType, Role
from ..nlp.lexicon import DEMONYMS
from .names import (
    PersonKey,
    ascii_lower,
    clean_org_name,
    national_body,
    org_key,
    person_key,
    strip_lead,
)
from .orgindex import OrgIndex, acronym

GENERIC_HEADS = frozenset(
    """ministry department bank council court service committee parliament police government
    prosecutor prosecutors army navy""".split()
)
_NATIONALITIES = frozenset(DEMONYMS.values()) | {"un", "eu", "nato"}
_ORG_WORDS = (
    GENERIC_HEADS
    | frozenset(INSTITUTION_HEADS)
    | frozenset("agency organization bureau party union group front committee".split())
)
_TITLE_STOP = frozenset("the of former ex acting deputy first vice and a".split())
# Last words that make a "person" the NER found a body ("Islamic State", "Poroshenko Bloc").
_BODY_TAILS = _ORG_WORDS | frozenset(
    "state movement brotherhood bloc network corporation company inc ltd airlines".split()
)


@dataclass
class GlobalEntity:
    id: str
    type: EntityType
    name: str
    aliases: set[str] = field(default_factory=set)
    people: list[PersonKey] = field(default_factory=list)
    orgs: set[str] = field(default_factory=set)
    titles: Counter[str] = field(default_factory=Counter)
    context: Counter[str] = field(default_factory=Counter)
    roles: list[Role] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)  # an organisation's nationality

    @property
    def surname(self) -> str | None:
        return self.people[0].surname if self.people else None


@dataclass(frozen=True, slots=True)
class _Mention:
    """One in-article entity as resolution sees it."""

    entity: Entity
    key: PersonKey | str | None
    kind: EntityType  # the type resolution reads it as (the NER's, unless the name disagrees)
    titles: frozenset[str]
    context: frozenset[str]
    country: str | None  # the demonym of the article's main country


def _title_words(roles: Sequence[Role]) -> frozenset[str]:
    words = {w for r in roles for w in ascii_lower(f"{r.title} {r.affiliation or ''}").split()}
    return frozenset(w.strip(".,’'") for w in words if w not in _TITLE_STOP and len(w) > 2)


def main_country(entities: Sequence[Entity]) -> str | None:
    """The demonym of the country an article names most."""
    counts = Counter(
        DEMONYMS[ascii_lower(e.name)]
        for e in entities
        if e.type is EntityType.PLACE and ascii_lower(e.name) in DEMONYMS
        for _ in e.mentions
    )
    return counts.most_common(1)[0][0] if counts else None


class Resolver:
    """Global entities built up article by article."""

    def __init__(self) -> None:
        self.entities: dict[str, GlobalEntity] = {}
        self._surnames: dict[str, list[GlobalEntity]] = {}
        self._orgs = OrgIndex()
        self._places: dict[str, GlobalEntity] = {}
        self._merged: dict[str, str] = {}  # absorbed global id -> the id it joined

    @property
    def merged(self) -> frozenset[str]:
        """The global ids absorbed into others so far."""
        return frozenset(self._merged)

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=5)

    @staticmethod
    def from_bytes(data: bytes) -> Resolver:
        """A resolver saved by :meth:`to_bytes`; :class:`pickle.UnpicklingError` when the
        data is not one (or holds anything but the resolver's classes)."""
        found = _StateUnpickler(io.BytesIO(data)).load()
        if not isinstance(found, Resolver):
            raise pickle.UnpicklingError("not a resolver state")
        return found

    def final(self, gid: str) -> str:
        """The id a global entity ended under (clusters merge as evidence arrives)."""
        while gid in self._merged:
            gid = self._merged[gid]
        return gid

    def add(
        self, article: str, entities: Sequence[Entity], seen: str | None = None
    ) -> dict[str, str]:
        """Resolve one article's entities; returns in-article entity id -> global id."""
        country = main_country(entities)
        kinds = {e.id: self._kind(e) for e in entities}
        keys = {e.id: self._key(e, kinds[e.id]) for e in entities}
        context = frozenset(_context_key(k) for k in keys.values() if k is not None)
        out: dict[str, str] = {}
        for ent in entities:
            key = keys[ent.id]
            mention = _Mention(
                ent, key, kinds[ent.id], _title_words(ent.roles), context - {_context_key(key)},
                country,
            )  # fmt: skip
            target = self._match(mention) or self._new(mention)
            self._absorb(target, mention, article)
            out[ent.id] = target.id
        return out

    def _kind(self, ent: Entity) -> EntityType:
        """An NER 'person' named like a body is an organisation ("Islamic State"); an
        'organisation' named like a person ("Alexei Navalny", "US Sergey Kislyak") is a person
        when its surname is a known person's or it has a first name."""
        if ent.type is EntityType.PERSON and _body_like(ent.name):
            return EntityType.ORGANISATION
        if ent.type is EntityType.ORGANISATION and _person_like(ent.name):
            key = person_key(ent.name)
            if key is not None and (key.first is not None or key.surname in self._surnames):
                return EntityType.PERSON
        return ent.type

    def _key(self, ent: Entity, kind: EntityType) -> PersonKey | str | None:
        if kind is EntityType.PERSON:
            return person_key(ent.name)
        if kind is EntityType.ORGANISATION:
            return org_key(ent.name)
        return ascii_lower(ent.name)

    def _match(self, m: _Mention) -> GlobalEntity | None:
        if isinstance(m.key, PersonKey):
            return self._match_person(m, m.key)
        if m.kind is EntityType.ORGANISATION and isinstance(m.key, str):
            for key in self._org_keys(m):
                found = self._match_org(clean_org_name(m.entity.name), key, m.country)
                if found is not None:
                    return found
            return self._person_as_org(m)
        return self._places.get(m.key) if isinstance(m.key, str) else None

    def _org_keys(self, m: _Mention) -> list[str]:
        """The organisation's key, then those of the other names the article wrote it under."""
        assert isinstance(m.key, str)
        return list(dict.fromkeys([m.key, *(org_key(a) for a in m.entity.aliases)]))

    def _match_person(self, m: _Mention, key: PersonKey) -> GlobalEntity | None:
        candidates = self._surnames.get(key.surname, [])
        if key.first is None:
            return _best_fit(candidates, m)
        fits = [c for c in candidates if _first_names_fit(key, c, m)]
        full = [c for c in fits if any(p.first for p in c.people)]
        bare = [c for c in fits if c not in full and _titles_agree(c, m, full)]
        fits = [c for c in fits if c in full or c in bare]
        if len(full) <= 1 and bare:  # a full name settles which person a bare surname was
            target = full[0] if full else bare[0]
            for other in bare:
                if other is not target:
                    self._merge(other, target)
            return target
        if fits:
            return _best_fit(fits, m)
        bare = [c for c in candidates if all(p.first is None for p in c.people)]
        alone = len(bare) == 1 and len(candidates) == 1 and _titles_agree(bare[0], m, [])
        return bare[0] if alone else None

    def _person_as_org(self, m: _Mention) -> GlobalEntity | None:
        """An 'organisation' that is a known person's name (an NER slip: 'Lavrov')."""
        words = m.entity.name.split()
        if len(words) > 3 or set(org_key(m.entity.name).split()) & _ORG_WORDS:
            return None
        key = person_key(m.entity.name)
        if key is None or key.surname not in self._surnames:
            return None
        return self._match_person(m, key)

    def _match_org(self, name: str, key: str, country: str | None) -> GlobalEntity | None:
        nation = _nation(key, country)
        if nation is None and not key:
            return None
        for found in self._org_candidates(name, key, nation, country):
            if found is not None:
                return found if _compatible(found, nation) else None
        return None

    def _org_candidates(
        self, name: str, key: str, nation: str | None, country: str | None
    ) -> Iterator[GlobalEntity | None]:
        """Clusters the name may denote, best evidence first: its key, the same key with or
        without a nationality, the one qualified body with that name, an acronym either way,
        a near-identical key. Of several clusters under one key, one of the name's nation."""
        words = key.split()
        if nation and not (words and words[0] in _NATIONALITIES):  # "Ukrainian Foreign Ministry"
            yield self._pick(self._orgs.keyed(f"{nation} {key}"), nation)  # for a bare one
        yield self._pick(self._orgs.keyed(key), nation)
        if words and words[0] in _NATIONALITIES:  # "russian federation council" = the bare one
            yield self._pick(self._orgs.keyed(" ".join(words[1:])), nation)
        else:
            if country and country != nation:
                yield self._pick(self._orgs.keyed(f"{country} {key}"), nation)
            # "Foreign Ministry" in a TASS story: the one qualified body of that name
            qualified = self._live(self._orgs.qualified(key))
            fits = [g for g in qualified if _compatible(g, nation)]
            yield fits[0] if len(fits) == 1 and len(qualified) == 1 else None
        short = acronym(name)
        if short is not None:
            yield self._get(self._orgs.expanded(short))
        yield self._get(self._orgs.abbreviated(name))
        yield self._get(self._orgs.near(key, _NATIONALITIES))

    def _live(self, ids: Sequence[str]) -> list[GlobalEntity]:
        """The clusters the ids ended in, once each, in order."""
        return [self.entities[g] for g in dict.fromkeys(self.final(i) for i in ids)]

    def _get(self, gid: str | None) -> GlobalEntity | None:
        return self.entities[self.final(gid)] if gid is not None else None

    def _pick(self, ids: Sequence[str], nation: str | None) -> GlobalEntity | None:
        """Of the clusters under one key, the first of the nation (or of none)."""
        live = self._live(ids)
        if nation is None:
            return live[0] if live else None
        return next((g for g in live if nation in g.countries), None) or next(
            (g for g in live if not g.countries), live[0] if live else None
        )

    def _merge(self, gone: GlobalEntity, into: GlobalEntity) -> None:
        into.aliases |= gone.aliases
        into.titles.update(gone.titles)
        into.context.update(gone.context)
        into.roles.extend(r for r in gone.roles if r not in into.roles)
        into.articles |= gone.articles
        into.people.extend(p for p in gone.people if p not in into.people)
        into.orgs |= gone.orgs
        into.countries |= gone.countries
        for surname in {p.surname for p in gone.people}:  # only the buckets it is in
            bucket = self._surnames.get(surname, [])
            if gone in bucket:
                bucket.remove(gone)
                if into not in bucket:
                    bucket.append(into)
        del self.entities[gone.id]
        self._merged[gone.id] = into.id

    def _new(self, m: _Mention) -> GlobalEntity:
        digest = hashlib.sha1(
            f"{m.entity.type.value}:{m.entity.name}:{len(self.entities)}".encode()
        )
        g = GlobalEntity(id="g" + digest.hexdigest()[:10], type=m.entity.type, name=m.entity.name)
        self.entities[g.id] = g
        return g

    def _absorb(self, g: GlobalEntity, m: _Mention, article: str) -> None:
        ent = m.entity
        if len(ent.name) > len(g.name) and (
            not isinstance(m.key, PersonKey) or m.key.first is not None
        ):
            g.name = ent.name
        g.aliases.update({ent.name, *ent.aliases})
        g.titles.update(m.titles)
        g.context.update(m.context)
        g.roles.extend(r for r in ent.roles if r not in g.roles)
        g.articles.add(article)
        if ent.type is EntityType.PERSON and g.type is not EntityType.PERSON and g.people:
            g.type = EntityType.PERSON  # the NER's slip ("Navalny" as a body) corrected
        if isinstance(m.key, PersonKey):
            self._index_person(g, m.key)
        elif m.kind is EntityType.ORGANISATION and isinstance(m.key, str):
            g.orgs.add(m.key)
            nation = _nation(m.key, m.country)
            if nation:
                g.countries.add(nation)
            for key in self._org_keys(m):
                self._orgs.add_key(key, g.id, _NATIONALITIES)
            if nation and nation not in m.key.split():  # a bare body read as its country's
                self._orgs.add_key(f"{nation} {m.key}", g.id, _NATIONALITIES)
            for name in (ent.name, *ent.aliases):
                self._orgs.add_name(name, g.id)
            if _person_like(ent.name) and (pkey := person_key(ent.name)) is not None:
                self._index_person(g, pkey)  # a person's name the NER took for a body
        elif isinstance(m.key, str):
            self._places.setdefault(m.key, g)

    def _index_person(self, g: GlobalEntity, key: PersonKey) -> None:
        if key not in g.people:
            g.people.append(key)
        bucket = self._surnames.setdefault(key.surname, [])
        if g not in bucket:
            bucket.append(g)


def _nation(key: str, country: str | None) -> str | None:
    """An organisation's nationality: written in its name, or for a generic body ("interior
    ministry") the article's main country."""
    words = key.split()
    written = [w for w in words if w in _NATIONALITIES]
    if written:
        return written[0]
    implied = national_body(key)
    if implied is not None:
        return implied
    return country if words and words[-1] in GENERIC_HEADS else None


def _compatible(g: GlobalEntity, nation: str | None) -> bool:
    """Not the same-named body of another country."""
    return not (nation and g.countries and nation not in g.countries)


def _context_key(key: PersonKey | str | None) -> str:
    if isinstance(key, PersonKey):
        return key.surname
    return key or ""


@lru_cache(maxsize=1 << 16)
def _body_like(name: str) -> bool:
    words = ascii_lower(clean_org_name(name)).split()
    return len(words) > 1 and words[-1].strip(".,") in _BODY_TAILS


@lru_cache(maxsize=1 << 16)
def _person_like(name: str) -> bool:
    """One to three capitalised words, none of them a body's word, a nationality or an
    acronym: 'Navalny', 'Alexei Navalny'."""
    words = strip_lead(clean_org_name(name)).split()
    if not 1 <= len(words) <= 3 or any(not w[:1].isupper() for w in words):
        return False
    lower = {ascii_lower(w).strip(".,") for w in words}
    if lower & (_BODY_TAILS | _NATIONALITIES | set(DEMONYMS)):
        return False
    return not any(w.replace(".", "").isupper() for w in words[-1:])


def _titles_agree(bare: GlobalEntity, m: _Mention, full: Sequence[GlobalEntity]) -> bool:
    """A bare-surname cluster that had a title ('President Trump') joins a full name only
    when the name's titles (or its cluster's) share a word with it."""
    if not bare.titles:
        return True
    theirs = set(m.titles).union(*(set(c.titles) for c in full))
    return bool(theirs & set(bare.titles))


def _first_names_fit(key: PersonKey, g: GlobalEntity, m: _Mention) -> bool:
    full = [p for p in g.people if p.first is not None]
    if not full:
        return True  # the cluster knows only the surname
    for p in full:
        if key.initials and p.initials and key.initials != p.initials:
            continue
        assert p.first is not None and key.first is not None
        a, b = key.first, p.first
        if key.eastern or p.eastern:  # given names of syllables: "Jong-un" is not "Jong-nam"
            if a.replace(" ", "") == b.replace(" ", ""):
                return True
            continue
        if a == b or (min(len(a), len(b)) == 1 and a[0] == b[0]):
            return True  # one spelling after folding, or an initial
        if m.titles & set(g.titles) and fuzz.ratio(a, b) >= 50:
            return True  # "Pyotr"/"Petro" Poroshenko, both Ukrainian presidents; a near name
            # without a shared title is another person ("Ivana"/"Ivanka" Trump)
    return False


def _best_fit(candidates: Sequence[GlobalEntity], m: _Mention) -> GlobalEntity | None:
    """The candidate whose titles and co-mentions fit the article best (ties: seen most)."""
    if not candidates:
        return None

    def score(g: GlobalEntity) -> tuple[int, int]:
        fit = sum(g.titles[t] > 0 for t in m.titles) + sum(g.context[c] > 0 for c in m.context)
        return fit, len(g.articles)

    return max(candidates, key=score)


_STATE_CLASSES = frozenset(
    {
        ("builtins", "list"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "dict"),
        ("collections", "Counter"),
        ("collections", "defaultdict"),
        ("quotegraph.nlp.facts", "EntityType"),
        ("quotegraph.nlp.facts", "Role"),
        ("quotegraph.knowledge.names", "PersonKey"),
        ("quotegraph.knowledge.orgindex", "OrgIndex"),
        ("quotegraph.knowledge.orgindex", "_ByLength"),
        (__name__, "GlobalEntity"),
        (__name__, "Resolver"),
    }
)


class _StateUnpickler(pickle.Unpickler):
    """Builds the classes of a resolver's state and nothing else (the pickle documentation's
    "restricting globals")."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _STATE_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is no part of a resolver state")
        found: type = super().find_class(module, name)
        return found
