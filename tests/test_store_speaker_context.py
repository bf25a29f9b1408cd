"""Store.speaker_context (issue 6, the speaker page): mentions, titles over time, statements
per day and co-speakers, on both backends."""

from __future__ import annotations

import datetime as dt

from quotegraph.article.model import Article, DateBasis, Published, TextSpan, content_id
from quotegraph.nlp.facts import Entity, EntityType
from quotegraph.nlp.model import Document, Speaker, SpeakerType, Statement, StatementKind
from quotegraph.store import CoSpeaker, FacetCount, SpeakerQuery, Store, Usage

Quote = tuple[str, str, str, str | None]


def _doc(text: str, day: dt.date | None, quotes: list[Quote]) -> Document:
    """An article of ``text`` and one statement per ``(content, speaker, mention, title)``."""
    published = (
        Published(date=day, month=day.month, day=day.day, year_min=day.year, year_max=day.year,
                  basis=DateBasis.METADATA, confidence=1.0)
        if day else Published()
    )  # fmt: skip
    article = Article(id=content_id(text), text=text, source=f"test-{content_id(text)}",
                      format="text", published=published)  # fmt: skip
    statements = []
    for content, name, mention, title in quotes:
        start, at = text.index(content), text.index(mention)
        speaker = Speaker(name=name, mention=TextSpan.of(text, at, at + len(mention)),
                          type=SpeakerType.PERSON, title=title)  # fmt: skip
        span = TextSpan.of(text, start, start + len(content))
        statements.append(Statement(kind=StatementKind.DIRECT, content=span, speaker=speaker))
    return Document(article=article, statements=tuple(statements))


def _fill(store: Store) -> int:
    run = store.start_run("test", [])
    docs = [
        _doc('State Secretary Dmitry Mezentsev said "we are calm". Putin said "fine".',
             dt.date(2021, 11, 5),
             [("we are calm", "Dmitry Mezentsev", "Dmitry Mezentsev", "State Secretary"),
              ("fine", "Vladimir Putin", "Putin", "President")]),
        _doc('Mezentsev said "the doctrine is defensive". He added "no threats".',
             dt.date(2021, 11, 5),
             [("the doctrine is defensive", "Dmitry Mezentsev", "Mezentsev", "State Secretary"),
              ("no threats", "Dmitry Mezentsev", "He", None)]),
        _doc('Ambassador Mezentsev said "talks went well", Putin said "agreed".',
             dt.date(2022, 3, 1),
             [("talks went well", "Dmitry Mezentsev", "Mezentsev", "Ambassador"),
              ("agreed", "Vladimir Putin", "Putin", "President")]),
        _doc('Mezentsev said "undated words".', None,
             [("undated words", "Dmitry Mezentsev", "Mezentsev", None)]),
    ]  # fmt: skip
    for doc in docs:
        store.write_document(doc, run)
    found = store.speakers(SpeakerQuery(name="Mezentsev"))
    return found.speakers[0].id


def test_issue6_speaker_context_counts_mentions_titles_days_and_co_speakers(store: Store) -> None:
    speaker_id = _fill(store)
    context = store.speaker_context(speaker_id)
    assert context.mentions[0] == Usage("Mezentsev", 3, "2021-11-05", "2022-03-01")
    assert {m.value for m in context.mentions} == {"Mezentsev", "Dmitry Mezentsev", "He"}
    assert context.titles == (
        Usage("State Secretary", 2, "2021-11-05", "2021-11-05"),
        Usage("Ambassador", 1, "2022-03-01", "2022-03-01"),
    )
    assert context.days == (FacetCount("2021-11-05", 3), FacetCount("2022-03-01", 1))
    putin = store.speakers(SpeakerQuery(name="Putin")).speakers[0]
    assert context.co_speakers == (CoSpeaker(putin.id, "Vladimir Putin", "person", 2),)


def test_issue6_speaker_context_top_and_unknown_speaker(store: Store) -> None:
    speaker_id = _fill(store)
    assert len(store.speaker_context(speaker_id, top=1).mentions) == 1
    empty = store.speaker_context(10**9)
    assert (empty.mentions, empty.titles, empty.days, empty.co_speakers) == ((), (), (), ())


def test_issue6_quoted_fragments_by_statement_id(store: Store) -> None:
    text = 'Mezentsev said the doctrine is "a response to pressure" from the West.'
    content = 'the doctrine is "a response to pressure" from the West'
    start, inner = text.index(content), text.index("a response")
    article = Article(id=content_id(text), text=text, source="mixed", format="text")
    statement = Statement(
        kind=StatementKind.MIXED, content=TextSpan.of(text, start, start + len(content)),
        quoted=(TextSpan.of(text, inner, inner + len("a response to pressure")),),
        speaker=Speaker(name="Dmitry Mezentsev", type=SpeakerType.PERSON),
    )  # fmt: skip
    doc = Document(article=article, statements=(statement,))
    store.write_document(doc, store.start_run("t", []))
    hit = store.search("doctrine").hits[0]
    found = store.quoted([hit.statement_id, 10**9])
    assert list(found) == [hit.statement_id]
    (span,) = found[hit.statement_id]
    assert (span.start, span.end, span.text) == (inner, inner + 22, "a response to pressure")
    assert text[span.start : span.end] == span.text


def test_issue6_speaker_context_lists_entities_of_its_articles(store: Store) -> None:
    text = 'Mezentsev said "Belarus is calm" in Minsk.'
    at, place = text.index("Mezentsev"), text.index("Minsk")
    speaker_entity = Entity(id="e1", name="Dmitry Mezentsev", type=EntityType.PERSON,
                            mentions=(TextSpan.of(text, at, at + 9),))  # fmt: skip
    minsk = Entity(id="e2", name="Minsk", type=EntityType.PLACE,
                   mentions=(TextSpan.of(text, place, place + 5),))  # fmt: skip
    content = text.index("Belarus is calm")
    statement = Statement(
        kind=StatementKind.DIRECT, content=TextSpan.of(text, content, content + 15),
        speaker=Speaker(name="Dmitry Mezentsev", type=SpeakerType.PERSON, entity="e1",
                        mention=TextSpan.of(text, at, at + 9)),
    )  # fmt: skip
    article = Article(id=content_id(text), text=text, source="minsk", format="text")
    doc = Document(article=article, statements=(statement,), entities=(speaker_entity, minsk))
    store.write_document(doc, store.start_run("t", []))
    store.resolve_entities()
    speaker = store.speakers(SpeakerQuery(name="Mezentsev")).speakers[0]
    (found,) = store.speaker_context(speaker.id).co_entities  # the speaker's own entity left out
    assert (found.name, found.type, found.articles) == ("Minsk", "place", 1)
    assert found.id.startswith("g")


def test_issue6_an_entity_listing_one_mention_twice_is_stored(store: Store) -> None:
    """Regression: a repeated mention span broke the whole ingest run (UNIQUE on mentions)."""
    text = "Minsk said nothing. Minsk again."
    span = TextSpan.of(text, 0, 5)
    minsk = Entity(id="e1", name="Minsk", type=EntityType.PLACE, mentions=(span, span))
    article = Article(id=content_id(text), text=text, source="twice", format="text")
    store.write_document(Document(article=article, entities=(minsk,)), store.start_run("t", []))
    doc = store.document(article.id)
    assert doc is not None and doc.entities[0].mentions == (span,)
