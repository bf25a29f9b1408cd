"""In-article entities: people, organisations and places with their mentions.

People come from the statement engine's :class:`~.cast.Cast` (NER names with titles stripped,
surnames resolved to the fullest name), plus the mentions that name them by title: an entity
ruler matches each person's title as the article gives it ("the state secretary", "the Union
State's State Secretary") and the role nouns the speaker resolution tied to them ("the
official"). Organisations come from the NER and a token-pattern ruler for institutions
("Supreme State Council of the Union State", "Foreign Ministry"); a shorter name joins the
fuller one it ends or begins ("Union State" -> "Russia-Belarus Union State"). Places come from
the NER (GPE, LOC) and the dateline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..article.model import Article, TextSpan
from .cast import Cast, name_words, person_tokens, strip_the
from .facts import Entity, EntityType, Role, entity_id
from .lexicon import PRONOUNS_FIRST, PRONOUNS_GROUP, PRONOUNS_PERSON
from .model import SpeakerType, Statement
from .parse import Parsed

INSTITUTION_HEADS = [
    "council", "ministry", "committee", "parliament", "assembly", "duma", "government",
    "commission", "organization", "organisation", "agency", "service", "court", "bank",
    "office", "department", "party", "fund", "alliance", "cabinet", "senate", "congress",
    "secretariat", "administration", "kremlin", "union", "forces", "guard", "chamber",
]  # fmt: skip
_VERB_TAGS = ["VB", "VBD", "VBG", "VBN", "VBP", "VBZ"]
_HEAD = {"LOWER": {"IN": INSTITUTION_HEADS}, "IS_TITLE": True}
_TAIL: list[dict[str, Any]] = [
    {"LOWER": "of"},
    {"LOWER": "the", "OP": "?"},
    {"IS_TITLE": True, "OP": "+"},
]
_AND: list[dict[str, Any]] = [{"LOWER": "and"}, {"IS_TITLE": True, "OP": "+"}]
_PRONOUNS = PRONOUNS_PERSON | PRONOUNS_GROUP | PRONOUNS_FIRST | {"it", "its", "his", "her"}
_TYPES = {"person": EntityType.PERSON, "organisation": EntityType.ORGANISATION}


@lru_cache(maxsize=4)
def institution_ruler(nlp: Language) -> Matcher:
    """Token patterns for institution names the NER misses or cuts short."""
    matcher = Matcher(nlp.vocab)
    first = {"IS_TITLE": True, "TAG": {"NOT_IN": _VERB_TAGS}, "OP": "*"}  # no verbs
    union_state: list[dict[str, Any]] = [{"LOWER": "union"}, {"LOWER": "state"}]
    matcher.add(
        "ORG",
        [
            [first, _HEAD],
            [first, _HEAD, *_TAIL],
            [first, _HEAD, *_TAIL, *_AND],
            [first, *union_state],
            [first, *union_state, *_TAIL, *_AND],
        ],
        greedy="LONGEST",
    )
    return matcher


@dataclass
class _Found:
    """Mentions gathered for one entity before it becomes a record."""

    type: EntityType
    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass
class EntityIndex:
    """The article's entities with a lookup by name (for speakers and event participants)."""

    entities: tuple[Entity, ...]

    def find(self, name: str | None, type_: EntityType | None = None) -> Entity | None:
        if not name:
            return None
        words = name_words(strip_the(name))
        for ent in self.entities:
            if type_ is not None and ent.type is not type_:
                continue
            if any(name_words(n) == words for n in (ent.name, *ent.aliases)):
                return ent
        return None

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping ``[start, end)`` (the longest mention wins)."""
        best: tuple[int, Entity] | None = None
        for ent in self.entities:
            for m in ent.mentions:
                if m.start < end and start < m.end and (best is None or m.end - m.start > best[0]):
                    best = (m.end - m.start, ent)
        return best[1] if best else None

    def joined(self, extra: Sequence[Entity]) -> EntityIndex:
        """The index with ``extra`` entities added (one of the same id joins its mentions)."""
        if not extra:
            return self
        records = {e.id: e for e in self.entities}
        for ent in extra:
            old = records.get(ent.id)
            if old is not None:
                mentions = {m.start: m for m in (*old.mentions, *ent.mentions)}
                aliases = sorted({*old.aliases, *ent.aliases} - {old.name})
                update = {"mentions": tuple(mentions[s] for s in sorted(mentions))}
                ent = old.model_copy(update=update | {"aliases": tuple(aliases)})
            records[ent.id] = ent
        return EntityIndex(tuple(sorted(records.values(), key=_first)))


def build_entities(
    article: Article, parsed: Sequence[Parsed], cast: Cast, statements: Sequence[Statement],
    nlp: Language,
) -> EntityIndex:  # fmt: skip
    text = article.text
    seen = article.published.date.isoformat() if article.published.date else None
    people = _people(parsed, cast, seen)
    _title_mentions(text, people)
    orgs = _organisations(parsed, nlp)
    places = _places(article, parsed, orgs)
    found = [*people.values(), *orgs, *places]
    _speaker_mentions(text, statements, found)
    records: dict[str, Entity] = {}
    for f in found:
        if f.spans:
            ent = _record(text, f)
            if ent.id in records:  # same type and name: one entity
                ent = _record(text, _join(f, records[ent.id]))
            records[ent.id] = ent
    return EntityIndex(tuple(sorted(records.values(), key=_first)))


def _join(found: _Found, ent: Entity) -> _Found:
    spans = found.spans + [(m.start, m.end) for m in ent.mentions]
    roles = found.roles + [r for r in ent.roles if r not in found.roles]
    return _Found(found.type, found.name, spans, found.written + list(ent.aliases), roles)


def _first(ent: Entity) -> tuple[int, str]:
    """Canonical order: first mention, then id (two entities can start at one character,
    "New York" inside "New York Mercantile Exchange"); the store reads them back in it."""
    return ent.mentions[0].start, ent.id


def _record(text: str, found: _Found) -> Entity:
    longest: dict[int, int] = {}
    for start, end in found.spans:  # one mention per start: the longest
        longest[start] = max(end, longest.get(start, end))
    spans = sorted(longest.items())
    aliases = sorted({w for w in found.written if w != found.name and w})
    return Entity(
        id=entity_id(found.type, found.name),
        name=found.name,
        type=found.type,
        aliases=tuple(aliases),
        roles=tuple(dict.fromkeys(found.roles)),
        mentions=tuple(TextSpan.of(text, s, e) for s, e in spans),
    )


def _people(parsed: Sequence[Parsed], cast: Cast, seen: str | None) -> dict[str, _Found]:
    """People by canonical name: the cast's fullest name when the NER saw it as a name."""
    out: dict[str, _Found] = {}
    ner_names = {
        " ".join(name_words(e.text)) for p in parsed for e in p.doc.ents if e.label_ == "PERSON"
    }
    for section in parsed:
        for ent in section.doc.ents:
            if ent.label_ != "PERSON" or not (toks := person_tokens(ent)):
                continue
            written = section.doc[toks[0].i : toks[-1].i + 1]
            person = cast.by_name(written.text)
            if person is None:
                continue
            name = person.name
            if not any(" ".join(name_words(name)) in n for n in ner_names):
                name = written.text  # a fuller name the NER never saw ("State Lukashenko")
            found = out.setdefault(name, _Found(EntityType.PERSON, name))
            found.spans.append(section.span_bounds(written))
            found.written.append(written.text)
            if person.title and not found.roles:
                found.roles.append(
                    Role(title=person.title, affiliation=person.affiliation, seen=seen)
                )
    return out


def _title_mentions(text: str, people: dict[str, _Found]) -> None:
    """'the state secretary', 'the Union State's State Secretary': a title names its holder
    when no one else in the article holds a title with the same head."""
    heads: dict[str, list[_Found]] = {}
    for found in people.values():
        for role in found.roles:
            heads.setdefault(role.title.lower().split(" of ")[0].strip(), []).append(found)
    for head, holders in heads.items():
        if len(holders) != 1 or len(head) < 4:
            continue
        for m in _title_pattern(head).finditer(text):
            holders[0].spans.append((m.start(), m.end()))


@lru_cache(maxsize=2_048)
def _title_pattern(head: str) -> re.Pattern[str]:
    """'the [Union State's] <head>' (titles recur across articles: compiled once each)."""
    owner = r"(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*(?:’s|'s)\s+)?"
    return re.compile(rf"\b[Tt]he\s+{owner}(?i:{re.escape(head)})\b")


def _org_span(ent: Span) -> Span | None:
    """The organisation's name inside an NER or ruler span: no leading article or verb, no
    trailing 'of' or possessive."""
    toks = list(ent)
    cut = next((i for i, t in enumerate(toks) if t.text in {"’s", "'s"}), None)
    if cut is not None:
        toks = toks[:cut]  # "the Union State's State Secretary": the owner
    while toks and (_not_name(toks[0]) or toks[0].is_punct):
        toks.pop(0)
    while toks and (toks[-1].pos_ in {"ADP", "DET", "PART", "CCONJ"} or toks[-1].is_punct):
        toks.pop()
    return ent.doc[toks[0].i : toks[-1].i + 1] if toks else None


def _with_nationality(span: Span) -> Span:
    """'Foreign Ministry' after 'Russia's' or 'Russian': the country belongs to the name."""
    doc, i = span.doc, span.start
    if i >= 2 and doc[i - 1].text in {"’s", "'s"} and doc[i - 2].ent_type_ == "GPE":
        start = i - 2
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return doc[start : span.end]
    if i >= 1 and doc[i - 1].ent_type_ in {"NORP", "GPE"} and doc[i - 1].tag_ in {"JJ", "NNP"}:
        return doc[i - 1 : span.end]
    return span


def _not_name(tok: Token) -> bool:
    """A leading article, verb or headline gerund ('Bolstering Union State')."""
    gerund = bool(tok.is_sent_start) and tok.lower_.endswith("ing")
    return tok.pos_ in {"DET", "VERB"} or tok.tag_ in _VERB_TAGS or gerund


def _organisations(parsed: Sequence[Parsed], nlp: Language) -> list[_Found]:
    ruler = institution_ruler(nlp)
    named: list[tuple[str, tuple[int, int]]] = []
    for section in parsed:
        doc = section.doc
        ruled = [doc[s:e] for _, s, e in ruler(doc)] if _has_head(doc) else []
        ner = [e for e in doc.ents if e.label_ == "ORG"]
        for span in filter_spans(ruled + ner):
            clean = _org_span(span)
            if clean is not None:
                clean = _with_nationality(clean)
            if clean is not None and name_words(clean.text):
                named.append((clean.text, section.span_bounds(clean)))
    groups: list[_Found] = []
    for name, bounds in sorted(named, key=lambda n: -len(name_words(n[0]))):
        group = next((g for g in groups if _same_org(name, g.written)), None)
        if group is None:
            group = _Found(EntityType.ORGANISATION, name)
            groups.append(group)
        group.spans.append(bounds)
        group.written.append(name)
    return groups


def _has_head(doc: Doc) -> bool:
    """Whether ``doc`` holds a word every :func:`institution_ruler` match needs (the ruler's
    leading any-number pattern makes it cost on every token; most sections have none)."""
    return bool(_head_hashes(doc.vocab.strings).intersection(doc.to_array(LOWER).tolist()))


@lru_cache(maxsize=4)
def _head_hashes(strings: StringStore) -> frozenset[int]:
    return frozenset(strings.add(w) for w in INSTITUTION_HEADS)


def _same_org(name: str, names: Iterable[str]) -> bool:
    """'Union State' belongs with 'Russia-Belarus Union State' (a suffix) and 'Supreme State
    Council' with 'Supreme State Council of the Union State' (the part before 'of')."""
    words = [w for w in name_words(name) if w != "the"]
    for other in names:
        full = [w for w in name_words(other) if w != "the"]
        n = len(words)
        head = full[: full.index("of")] if "of" in full else full
        if full == words or head[-n:] == words:
            return True
        if "of" in full and full[: full.index("of")] == words:
            return True
        if full[:n] == words and len(full) > n and full[n] == "of":
            return True
    return False


def _places(article: Article, parsed: Sequence[Parsed], orgs: list[_Found]) -> list[_Found]:
    inside = [s for o in orgs for s in o.spans]
    by_name: dict[str, _Found] = {}
    mentions: list[tuple[str, tuple[int, int]]] = []
    if article.dateline is not None:
        start = article.text.find(article.dateline.place, article.dateline.span.start)
        if start >= 0:
            mentions.append((article.dateline.place, (start, start + len(article.dateline.place))))
    for section in parsed:
        for ent in section.doc.ents:
            if ent.label_ not in {"GPE", "LOC"} or ent.root.tag_ == "JJ":
                continue
            span = _org_span(ent)
            if span is None:
                continue
            bounds = section.span_bounds(span)
            if not any(s <= bounds[0] and bounds[1] <= e for s, e in inside):
                mentions.append((span.text, bounds))
    for written, bounds in mentions:
        name = written.title() if written.isupper() and len(written) > 3 else written
        found = by_name.setdefault(name.lower(), _Found(EntityType.PLACE, name))
        found.spans.append(bounds)
        found.written.append(written)
    return list(by_name.values())


def _speaker_mentions(text: str, statements: Sequence[Statement], found: list[_Found]) -> None:
    """Role nouns the speaker resolution tied to a named speaker ('the official')."""
    for st in statements:
        sp = st.speaker
        kind = _TYPES.get(sp.type.value) if sp.type is not SpeakerType.UNKNOWN else None
        if sp.mention is None or sp.name is None or kind is None:
            continue
        if sp.mention.text.lower() in _PRONOUNS:
            continue
        target = next((f for f in found if f.type is kind and _names(f, sp.name)), None)
        if target is not None:
            target.spans.append((sp.mention.start, sp.mention.end))


def _names(found: _Found, name: str) -> bool:
    if found.type is EntityType.ORGANISATION:
        return _same_org(name, [found.name, *found.written])
    return name_words(found.name) == name_words(name)
