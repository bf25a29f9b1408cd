"""Speaker resolution without a coreference model.

Each statement's mention resolves against the article's :class:`~.cast.Cast`:

* names and surnames -> the fullest name the article gives (titles dropped);
* pronouns ("he", "she") -> the person last mentioned as a subject if that comes after the last
  statement, else the last person speaker (salience);
* role nouns ("the official", "the state secretary") -> the person whose title holds the role
  word, else the last person speaker;
* organisations ("the Russian Foreign Ministry", "the ministry", "it") -> the fullest name of
  the organisation; documents ("the statement said") -> their issuer;
* headline attributions ("— alliance official", or a short name: "— Kremlin") -> the
  body's main speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..article.model import TextSpan
from .cast import Cast, Person, org_name, person_name, strip_the
from .lexicon import (
    DESCRIBED_ORGS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
    ORG_HEADS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
)
from .model import Speaker, SpeakerType, StatementKind
from .statements import Draft, span

_ORG_PRONOUNS = {"it", "its"}


@dataclass
class _Context:
    """What resolution remembers while reading the article in order."""

    cast: Cast
    done: list[Speaker]
    last_person: Person | None = None
    last_at: int = -1  # where the last person speaker's statement was
    quoted: tuple[tuple[int, int], ...] = ()  # direct quotes: names inside are no antecedents


def resolve(text: str, drafts: Sequence[Draft], cast: Cast) -> list[Speaker]:
    """A speaker for every draft, in order (continuations inherit).

    Organisations described, not named ('a think tank', 'the report' with no issuer named
    with it) are the organisation the article quotes most by name, before or after them
    ('according to a think tank ... according to the Institute for Fiscal Studies'): when
    there are such mentions, a second pass knows that organisation from the first.
    """
    done = _read(text, drafts, cast, None)
    if any(_is_description(d) for d in drafts):
        named = Counter(
            s.name
            for d, s in zip(drafts, done, strict=True)
            if s.type is SpeakerType.ORGANISATION and s.name and d.section == "body"
            and d.frame is not None and not _is_description(d)
        )  # fmt: skip
        if named:
            done = _read(text, drafts, cast, named.most_common(1)[0][0])
    main = _main_speaker(drafts, done)
    return [
        _headline(s, main) if d.section != "body" and (_unnamed(s) or _short_for(s, main)) else s
        for d, s in zip(drafts, done, strict=True)
    ]


def _short_for(speaker: Speaker, main: Speaker | None) -> bool:
    """A headline's short name of the body's main speaker: "— Kremlin" for the Kremlin press
    office, "— Foreign Ministry" for the Russian Foreign Ministry."""
    if main is None or not speaker.name or not main.name or speaker.name == main.name:
        return False
    words, full = speaker.name.lower().split(), main.name.lower().split()
    return len(words) < len(full) and all(w in full for w in words)


def _read(text: str, drafts: Sequence[Draft], cast: Cast, main_org: str | None) -> list[Speaker]:
    quoted = tuple(d.content for d in drafts if d.kind is StatementKind.DIRECT)
    ctx = _Context(cast=cast, done=[], quoted=quoted)
    for draft in drafts:
        if main_org is not None and _is_description(draft) and draft.frame is not None:
            mention = span(text, draft.frame.mention)
            speaker = Speaker(name=main_org, mention=mention, type=SpeakerType.ORGANISATION)
        else:
            speaker = _resolve_one(text, draft, ctx)
        if speaker.type is SpeakerType.PERSON and speaker.name and draft.section == "body":
            ctx.last_person = cast.by_name(speaker.name) or Person(speaker.name)
            ctx.last_at = draft.content[0]
        ctx.done.append(speaker)
    return ctx.done


def _is_description(draft: Draft) -> bool:
    head = draft.frame.mention_head if draft.frame else None
    if head is None or head.pos_ == "PROPN" or head.ent_type_:
        return False
    lemma = head.lemma_.lower()
    if lemma not in DOCUMENT_HEADS | DESCRIBED_ORGS:
        return False
    owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in {"of", "by", "from"})
                for c in head.children)  # fmt: skip
    return not owned and _named_issuer(head) is None


def _unnamed(speaker: Speaker) -> bool:
    return speaker.name is None or speaker.type is SpeakerType.UNKNOWN


def _resolve_one(text: str, draft: Draft, ctx: _Context) -> Speaker:
    if draft.frame is None:
        prev = ctx.done[draft.continues] if draft.continues is not None else None
        return prev.model_copy(update={"mention": None}) if prev else Speaker()
    frame = draft.frame
    if frame.mention is None or frame.mention_head is None:
        return Speaker()
    mention = TextSpan.of(text, *frame.mention)
    head = frame.mention_head
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":  # 'voters who say
        head = head.head.head
        kind = _mention_kind(head, head.text, ctx.cast)
    else:
        kind = _mention_kind(head, mention.text, ctx.cast)
    if kind == "pronoun":
        return _person(_antecedent(mention.start, ctx), mention)
    if kind == "person":
        return _named_person(head, mention, ctx.cast)
    if kind == "role":
        if draft.section != "body":
            return Speaker(mention=mention, type=SpeakerType.PERSON)
        person = _by_role(ctx.cast, head.lemma_.lower(), mention) or ctx.last_person
        person = person or _mentioned(ctx.cast, mention.start)
        if person is None:  # an anonymous source: its short description ("Kepco spokesman")
            return Speaker(name=_described(mention.text), mention=mention, type=SpeakerType.PERSON)
        return _person(person, mention)
    if kind == "group":
        return Speaker(name=strip_the(mention.text), mention=mention, type=SpeakerType.GROUP)
    if kind == "document":
        return _document_issuer(head, mention, ctx)
    if kind == "org":
        return _organisation(head, mention, ctx)
    titled = _by_title_word(head, mention, draft, ctx)
    if titled is not None:
        return _person(titled, mention)
    return Speaker(name=None, mention=mention, type=SpeakerType.UNKNOWN)


def _by_title_word(head: Token, mention: TextSpan, draft: Draft, ctx: _Context) -> Person | None:
    """'the Russian coach' after 'Russian team's Head Coach Stanislav Cherchesov': a definite
    description whose noun (outside the role lexicon) is a word of a person's title as the
    article gives it is that person."""
    definite = mention.text.lower().startswith("the ")
    if draft.section != "body" or not definite or head.tag_ != "NN":
        return None
    noun = head.lemma_.lower()
    person = _by_role(ctx.cast, noun, mention)
    words = re.findall(r"[a-z]+", (person.title or "").lower()) if person else []
    return person if noun in words else None  # a word, not a part ('man' of 'chairman')


def _mention_kind(head: Token, text: str, cast: Cast) -> str:
    low, lemma = head.lower_, head.lemma_.lower()
    if lemma in DOCUMENT_HEADS:
        return "document"
    if low in PRONOUNS_PERSON:
        return "pronoun"
    if low in _ORG_PRONOUNS:
        return "org"
    if low in PRONOUNS_GROUP or low in GROUP_HEADS:
        return "group"
    if head.ent_type_ == "PERSON" or (head.text[:1].isupper() and cast.by_name(text)):
        return "person"  # includes a surname the tagger missed ("Mezentsev reiterated")
    if lemma in ROLE_NOUNS and head.tag_ in {"NNS", "NNPS"} and not head.ent_type_:
        return "group"  # "Russian officers", "US officials": not the last person named
    if lemma in ROLE_NOUNS and head.ent_type_ in {"ORG", "NORP"}:
        return "role"  # "Russian Presidential Spokesman" tagged as an organisation
    if head.ent_type_ in {"ORG", "GPE", "NORP"} or low in ORG_HEADS:
        return "org"
    if lemma in ROLE_NOUNS or low in ROLE_NOUNS:
        return "role"
    if head.tag_ in {"NNS", "NNPS"}:
        return "group"  # "their opponents", "two parliamentarians"
    return "person" if head.pos_ == "PROPN" else "other"


def _described(text: str) -> str:
    words = text.split()
    return (
        " ".join(words[1:]) if len(words) > 1 and words[0].lower() in {"a", "an", "the"} else text
    )


def _antecedent(offset: int, ctx: _Context) -> Person | None:
    """'he': a person named as a subject since the last statement, else the last speaker."""
    subject = ctx.cast.last_person_before(offset, subject_only=True, outside=ctx.quoted)
    if subject is not None and (ctx.last_person is None or subject.start > ctx.last_at):
        return subject.person
    return ctx.last_person or _mentioned(ctx.cast, offset)


def _mentioned(cast: Cast, offset: int) -> Person | None:
    last = cast.last_person_before(offset)
    return last.person if last else None


def _named_person(head: Token, mention: TextSpan, cast: Cast) -> Speaker:
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    name = person_name(ent) if ent is not None else mention.text
    if ent is not None and not name:  # the entity was all title: "Presidential Spokesman"
        person = _by_role(cast, head.lemma_.lower(), mention)
        return _person(person, mention)
    person = cast.by_name(name or mention.text) or cast.fuzzy(name or mention.text)
    if person is not None:
        return _person(person, mention)
    full = cast.full_name(name or mention.text)
    return Speaker(name=full or name or mention.text, mention=mention, type=SpeakerType.PERSON)


def _organisation(head: Token, mention: TextSpan, ctx: _Context) -> Speaker:
    if head.lower_ in _ORG_PRONOUNS:
        last = next((s for s in reversed(ctx.done) if s.type is SpeakerType.ORGANISATION), None)
        return last.model_copy(update={"mention": mention}) if last else Speaker(mention=mention)
    written = strip_the(mention.text)
    fuller = ctx.cast.org_named(written, head.lemma_.lower(), mention.start)
    fuller = fuller or ctx.cast.written_fuller(written)
    bare = len(written.split()) == 1 and head.ent_type_ not in {"ORG", "GPE", "NORP"}
    if fuller is None and bare:
        last = next((s for s in reversed(ctx.done) if s.type is SpeakerType.ORGANISATION), None)
        if last is not None:  # "the agency" after the ministry was quoted
            return last.model_copy(update={"mention": mention})
    return Speaker(name=org_name(fuller or written), mention=mention, type=SpeakerType.ORGANISATION)


def _document_issuer(head: Token, mention: TextSpan, ctx: _Context) -> Speaker:
    """'the statement said': the issuer named with it ('the ministry's statement', 'a statement
    by the EU'), else the last organisation quoted, else the one the article names most."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "by", "from"}):
        owner = owner or next((g for g in prep.children if g.dep_ == "pobj"), None)
    if owner is not None and (owner.ent_type_ in {"ORG", "GPE", "PERSON"} or owner.pos_ == "PROPN"):
        issuer = strip_the(" ".join(t.text for t in _without_titles(owner) if t.dep_ != "case"))
        kind = SpeakerType.PERSON if owner.ent_type_ == "PERSON" else SpeakerType.ORGANISATION
        return Speaker(name=issuer, mention=mention, type=kind)
    named = _named_issuer(head)
    if named is not None:
        return Speaker(name=named, mention=mention, type=SpeakerType.ORGANISATION)
    last = next((s for s in reversed(ctx.done) if s.type is SpeakerType.ORGANISATION), None)
    name = (last.name if last is not None else None) or ctx.cast.salient_org()
    return Speaker(
        name=name or strip_the(mention.text), mention=mention, type=SpeakerType.ORGANISATION
    )


def _named_issuer(head: Token) -> str | None:
    """'a US Treasury statement', 'the Foreign Ministry report': the name compounded with the
    document noun."""
    names = [
        c
        for c in head.lefts
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ not in {"DATE", "PERSON"}
    ]
    if not names:
        return None
    doc = head.doc
    return strip_the(doc[names[0].left_edge.i : names[-1].i + 1].text)


def _without_titles(owner: Token) -> list[Token]:
    """The issuer's words without the titles of the people in it: 'the European Commission
    and EU diplomacy chief Kaja Kallas' -> 'European Commission and Kaja Kallas'."""
    titles: set[int] = set()
    for tok in owner.subtree:
        if tok.ent_type_ == "PERSON":
            for child in tok.lefts:
                if child.dep_ in {"compound", "amod", "nmod"} and child.ent_type_ != "PERSON":
                    titles.update(t.i for t in child.subtree)
    return [t for t in owner.subtree if t.i not in titles]


def _by_role(cast: Cast, role: str, mention: TextSpan) -> Person | None:
    """The person whose title holds the role ("the president" -> "Russian President Vladimir
    Putin"): of those mentioned before ``mention`` the latest, else the first after it ("US
    President Joe Biden" further down is not the president of the lead)."""
    words = {w.lower() for w in mention.text.split()} - {"the", "a", "an"}
    if role == "official" or not words:
        return None
    people = _by_recency(cast, mention.start)
    for person in people:
        title = (person.title or "").lower()
        if title and role in title and all(w in title for w in words if w.isalpha()):
            return person
    return next((p for p in people if role in (p.title or "").lower()), None)


def _by_recency(cast: Cast, offset: int) -> list[Person]:
    """The cast's people, those mentioned before ``offset`` first (latest first), then the
    rest (in order of first mention, people the cast names without a mention last)."""
    order: dict[int, Person] = {}
    for m in reversed([m for m in cast.mentions if m.start < offset]):
        order.setdefault(id(m.person), m.person)
    for m in (m for m in cast.mentions if m.start >= offset):
        order.setdefault(id(m.person), m.person)
    for person in reversed(cast.people):
        order.setdefault(id(person), person)
    return list(order.values())


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
