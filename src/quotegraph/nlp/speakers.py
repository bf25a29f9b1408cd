"""Speaker resolution without a coreference model.

People are collected from the NER (``PERSON``); a surname resolves to the fullest name sharing
it; titles come from appositions and pre-name modifiers ("Dmitry Mezentsev, state secretary of the
Union State"; "the Union State's State Secretary, Dmitry Mezentsev"; "Russian President Vladimir
Putin"). Pronouns take the most recent person speaker (salience), then the most recent person
mentioned. Role nouns ("the official", "the state secretary") take the person whose title holds
the role word, else the most recent speaker. Headline attributions ("— alliance official") take
the body's main speaker. Organisations ("the Russian Foreign Ministry said") resolve to their name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..article.model import TextSpan
from .lexicon import (
    DOCUMENT_HEADS,
    GROUP_HEADS,
    ORG_HEADS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    ROLE_NOUNS,
)
from .model import Speaker, SpeakerType
from .parse import Parsed
from .statements import Draft

_TITLE_STRIP = "the ,’'s"


@dataclass
class Person:
    name: str
    title: str | None = None
    affiliation: str | None = None
    first_seen: int = 0


@dataclass
class Cast:
    """People and organisations an article mentions, by position."""

    people: list[Person] = field(default_factory=list)
    mentions: list[tuple[int, Person]] = field(default_factory=list)  # (offset, person)
    orgs: list[tuple[int, str]] = field(default_factory=list)

    def by_name(self, name: str) -> Person | None:
        words = _name_words(name)
        if not words:
            return None
        matches = [p for p in self.people if _same_person(words, _name_words(p.name))]
        return max(matches, key=lambda p: len(p.name), default=None)

    def last_person_before(self, offset: int) -> Person | None:
        before = [p for pos, p in self.mentions if pos < offset]
        return before[-1] if before else None


def _same_person(words: list[str], full: list[str]) -> bool:
    """'Mezentsev' or 'Dmitry Mezentsev' names 'Dmitry Mezentsev'; 'Dmitry' alone does not."""
    if words == full:
        return True
    if len(words) == 1:
        return words[0] == full[-1]
    return len(words) < len(full) and words[-1] == full[-1] and words[0] == full[0]


def _name_words(name: str) -> list[str]:
    return [w.lower().strip(".,’'") for w in name.replace("’s", "").split() if w[:1].isalpha()]


def collect_cast(sections: Sequence[Parsed]) -> Cast:
    cast = Cast()
    ents = [(s, e) for s in sections for e in s.doc.ents]
    for parsed, ent in sorted(ents, key=lambda x: (len(x[1].text.split()) < 2, x[0].start)):
        if ent.label_ == "PERSON":
            _add_person(cast, parsed, ent)
        elif ent.label_ == "ORG":
            cast.orgs.append((parsed.start + ent.start_char, _strip_the(ent.text)))
    cast.mentions.sort(key=lambda m: m[0])
    cast.orgs.sort()
    return cast


def _add_person(cast: Cast, parsed: Parsed, ent: Span) -> None:
    name = ent.text.removesuffix("’s").removesuffix("'s").strip()
    if not _name_words(name):
        return
    person = cast.by_name(name)
    if person is None:
        person = Person(name=name, first_seen=parsed.start + ent.start_char)
        cast.people.append(person)
    if person.title is None:
        person.title, person.affiliation = _title_of(ent)
    cast.mentions.append((parsed.start + ent.start_char, person))


def _title_of(ent: Span) -> tuple[str | None, str | None]:
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            return _title_and_affiliation(child.subtree)
    if (
        head.dep_ == "appos"
        and head.head.ent_type_ != "PERSON"
        and head.head.pos_ in {"NOUN", "PROPN"}
    ):
        noun = head.head
        return _title_and_affiliation(t for t in noun.subtree if t.i < head.i and t.i <= noun.i)
    pre = [
        t
        for t in head.doc[max(0, ent.start - 4) : ent.start]
        if t.head.i >= ent.start and t.dep_ in {"compound", "amod"} and t.ent_type_ != "PERSON"
    ]
    return _title_and_affiliation(pre) if pre else (None, None)


def _title_and_affiliation(tokens: object) -> tuple[str | None, str | None]:
    toks = sorted(tokens, key=lambda t: t.i)  # type: ignore[call-overload]
    toks = [t for t in toks if t.dep_ != "punct" or t.text in {"’s", "'s"}]
    if not toks:
        return None, None
    doc = toks[0].doc
    text = doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")
    text = text[4:] if text.lower().startswith("the ") else text
    aff = next(
        (
            e.text
            for e in doc.ents
            if e.label_ in {"ORG", "GPE", "NORP"}
            and toks[0].i <= e.start
            and e.end <= toks[-1].i + 1
        ),
        None,
    )
    return (text or None), (_strip_the(aff) if aff else None)


def _strip_the(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("the ") else text


def resolve(text: str, drafts: Sequence[Draft], cast: Cast) -> list[Speaker]:
    """A speaker for every draft, in order (continuations inherit)."""
    speakers: list[Speaker] = []
    last_person: Person | None = None
    for draft in drafts:
        speaker = _resolve_one(text, draft, cast, speakers, last_person)
        if speaker.type is SpeakerType.PERSON and speaker.name and draft.section == "body":
            last_person = cast.by_name(speaker.name) or last_person
        speakers.append(speaker)
    main = _main_speaker(drafts, speakers)
    return [
        _headline(s, main) if d.section != "body" and s.name is None else s
        for d, s in zip(drafts, speakers, strict=True)
    ]


def _resolve_one(
    text: str, draft: Draft, cast: Cast, done: list[Speaker], last: Person | None
) -> Speaker:
    if draft.frame is None:
        prev = done[draft.continues] if draft.continues is not None else None
        return prev.model_copy(update={"mention": None}) if prev else Speaker()
    frame = draft.frame
    if frame.mention is None or frame.mention_head is None:
        return Speaker()
    mention = TextSpan.of(text, *frame.mention)
    head = frame.mention_head
    kind = _mention_kind(head, mention.text)
    if kind in {"other", "org"} and head.text[:1].isupper() and cast.by_name(mention.text):
        kind = "person"  # a surname the tagger missed ("Mezentsev reiterated")
    if kind == "pronoun":
        person = last or cast.last_person_before(mention.start)
        return _person(person, mention)
    if kind == "person":
        person = cast.by_name(mention.text)
        return (
            _person(person, mention)
            if person
            else Speaker(name=mention.text, mention=mention, type=SpeakerType.PERSON)
        )
    if kind == "role":
        person = _by_role(cast, head.lemma_.lower(), mention.text) or last
        person = person or cast.last_person_before(mention.start)
        if draft.section != "body":
            return Speaker(mention=mention, type=SpeakerType.PERSON)
        return _person(person, mention)
    if kind == "group":
        return Speaker(name=_strip_the(mention.text), mention=mention, type=SpeakerType.GROUP)
    if kind == "document":
        return _document_issuer(head, mention, cast, done)
    if kind == "org":
        return Speaker(
            name=_strip_the(mention.text), mention=mention, type=SpeakerType.ORGANISATION
        )
    return Speaker(name=None, mention=mention, type=SpeakerType.UNKNOWN)


def _mention_kind(head: Token, text: str) -> str:
    low = head.lower_
    if head.lemma_.lower() in DOCUMENT_HEADS:
        return "document"
    if low in PRONOUNS_PERSON:
        return "pronoun"
    if low in PRONOUNS_GROUP or low in GROUP_HEADS:
        return "group"
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in {"ORG", "GPE", "NORP"} or low in ORG_HEADS:
        return "org"
    if head.lemma_.lower() in ROLE_NOUNS or low in ROLE_NOUNS:
        return "role"
    if head.pos_ == "PROPN":
        return "person"
    return "other"


def _document_issuer(
    head: Token, mention: TextSpan, cast: Cast, done: Sequence[Speaker]
) -> Speaker:
    """'the statement said': the issuer named with it ('the ministry's statement', 'a statement
    by the EU'), else the organisation last quoted or mentioned, else the document itself."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "by", "from"}):
        owner = owner or next((g for g in prep.children if g.dep_ == "pobj"), None)
    if owner is not None and (owner.ent_type_ in {"ORG", "GPE", "PERSON"} or owner.pos_ == "PROPN"):
        name = _strip_the(" ".join(t.text for t in owner.subtree if t.dep_ != "case"))
        return Speaker(name=name, mention=mention, type=_type_of(owner))
    last_org = next((s for s in reversed(done) if s.type is SpeakerType.ORGANISATION), None)
    if last_org is not None:
        return last_org.model_copy(update={"mention": mention})
    before = [name for pos, name in cast.orgs if pos < mention.start]
    name = before[-1] if before else _strip_the(mention.text)
    return Speaker(name=name, mention=mention, type=SpeakerType.ORGANISATION)


def _type_of(tok: Token) -> SpeakerType:
    return SpeakerType.PERSON if tok.ent_type_ == "PERSON" else SpeakerType.ORGANISATION


def _by_role(cast: Cast, role: str, mention: str) -> Person | None:
    words = {w.lower() for w in mention.split()} - {"the", "a", "an"}
    if role == "official" or not words:
        return None
    for person in reversed(cast.people):
        title = (person.title or "").lower()
        if title and role in title and all(w in title for w in words if w.isalpha()):
            return person
    return next((p for p in reversed(cast.people) if role in (p.title or "").lower()), None)


def _person(person: Person | None, mention: TextSpan) -> Speaker:
    if person is None:
        return Speaker(mention=mention, type=SpeakerType.PERSON)
    return Speaker(
        name=person.name,
        mention=mention,
        type=SpeakerType.PERSON,
        title=person.title,
        affiliation=person.affiliation,
    )


def _main_speaker(drafts: Sequence[Draft], speakers: Sequence[Speaker]) -> Speaker | None:
    counts = Counter(
        s.name
        for d, s in zip(drafts, speakers, strict=True)
        if d.section == "body" and s.name and not d.optional
    )
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(s for s in speakers if s.name == name)


def _headline(speaker: Speaker, main: Speaker | None) -> Speaker:
    if main is None:
        return speaker
    return main.model_copy(update={"mention": speaker.mention})
