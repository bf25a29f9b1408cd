"""The knowledge stage: entities, normalised times and events for one article, and each
statement's speaker linked to its entity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from ..article.model import Article
from .cast import Cast
from .entities import EntityIndex, build_entities
from .events import find_events
from .facts import EntityType, Event, TimeExpression
from .model import Document, SpeakerType, Statement
from .parse import Parsed
from .times import normalise

_SPEAKER_TYPES = {
    SpeakerType.PERSON: EntityType.PERSON,
    SpeakerType.ORGANISATION: EntityType.ORGANISATION,
}


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What the knowledge stage found in one article."""

    index: EntityIndex
    times: tuple[TimeExpression, ...]
    events: tuple[Event, ...]

    def document(self, article: Article, statements: Sequence[Statement]) -> Document:
        return Document(
            article=article,
            statements=tuple(self.link(s) for s in statements),
            entities=self.index.entities,
            times=self.times,
            events=self.events,
        )

    def link(self, statement: Statement) -> Statement:
        """The statement with ``speaker.entity`` set when its speaker is a known entity."""
        speaker = statement.speaker
        kind = _SPEAKER_TYPES.get(speaker.type)
        ent = self.index.find(speaker.name, kind) if kind is not None else None
        if ent is None and speaker.mention is not None and kind is not None:
            found = self.index.at(speaker.mention.start, speaker.mention.end)
            ent = found if found is not None and found.type is kind else None
        if ent is None:
            return statement
        return statement.model_copy(
            update={"speaker": speaker.model_copy(update={"entity": ent.id})}
        )


def build_knowledge(
    article: Article, parsed: Sequence[Parsed], cast: Cast, statements: Sequence[Statement],
    nlp: Language,
) -> Knowledge:  # fmt: skip
    index = build_entities(article, parsed, cast, statements, nlp)
    sentences = [
        (section.start + sent.start_char, section.start + sent.end_char)
        for section in parsed
        for sent in section.doc.sents
    ]
    times = tuple({t.id: t for t in normalise(article.text, sentences, article.published)}.values())
    events, bodies = find_events(parsed, index, times, cast)
    return Knowledge(index=index.joined(bodies), times=times, events=tuple(events))
