"""Records the statement engine produces: who said what, with offsets into the article text."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from ..article.model import Article, Published, Record, TextSpan
from .facts import Entity, Event, TimeExpression


class StatementKind(StrEnum):
    DIRECT = "direct"  # the words between quote marks
    INDIRECT = "indirect"  # a reported clause
    MIXED = "mixed"  # a reported clause with quoted fragments


class SpeakerType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"  # "European officials", "sources"
    UNKNOWN = "unknown"


KNOWLEDGE_KEYS = ("entities", "times", "events")
RECORD_KEYS = (*KNOWLEDGE_KEYS, "headline_links")  # record lists of a Document beside statements

Section = Literal["headline", "standfirst", "body"]


class Speaker(Record):
    """Who made a statement: the mention as written and the resolved speaker."""

    name: str | None = Field(default=None, description="canonical (fullest) name in the article")
    mention: TextSpan | None = None
    type: SpeakerType = SpeakerType.UNKNOWN
    title: str | None = Field(default=None, description="role as the article states it")
    affiliation: str | None = None
    entity: str | None = Field(default=None, description="id of the speaker's entity")


class Statement(Record):
    """One attributed statement."""

    kind: StatementKind
    content: TextSpan
    cue: TextSpan | None = None
    cue_lemma: str | None = None
    speaker: Speaker = Speaker()
    addressee: TextSpan | None = None
    setting: TextSpan | None = None
    quoted: tuple[TextSpan, ...] = Field(default=(), description="quoted fragments inside")
    section: Section = "body"
    paragraph: int | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    nested_in: int | None = Field(default=None, description="index of the outer statement")
    continues: int | None = Field(
        default=None, description="index of the statement this quote resumes (cue-less)"
    )
    optional: bool = Field(default=False, description="nested, belief verb or uncertain")


LinkSection = Literal["headline", "standfirst", "lead"]


class HeadlineLink(Record):
    """An attribution in the headline, standfirst or lead linked to a body statement that
    supports it (``support`` None: nothing in the body does, ``supported`` False)."""

    statement: int = Field(description="index of the headline, standfirst or lead statement")
    section: LinkSection
    part: TextSpan = Field(description="what the headline, standfirst or lead attributes")
    support: int | None = Field(default=None, description="index of the supporting statement")
    evidence: TextSpan | None = Field(
        default=None, description="the sentence of the support that matches the part best"
    )
    score: float = Field(ge=0.0, le=1.0, description="similarity of part and evidence")
    rank: int = Field(default=1, ge=1, description="1 for the best support of the part")
    supported: bool


class Document(Record):
    """An article with its statements: what :func:`quotegraph.extract` returns."""

    article: Article
    statements: tuple[Statement, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[Event, ...] = ()
    headline_links: tuple[HeadlineLink, ...] = ()

    @property
    def source(self) -> str:
        return self.article.source

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> Published:
        return self.article.published

    def to_dict(self) -> dict[str, Any]:
        """The ``quotegraph extract`` JSON contract, with the article's structure alongside."""
        article = self.article.model_dump(mode="json")
        out: dict[str, Any] = {"source": article.pop("source"), "text": article.pop("text")}
        out["published"] = article.pop("published")
        out.update(article)
        out["statements"] = [s.model_dump(mode="json") for s in self.statements]
        for key in RECORD_KEYS:
            out[key] = [r.model_dump(mode="json") for r in getattr(self, key)]
        return out

    def to_json(self, indent: int | None = None) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = dict(data)
        statements = data.pop("statements", [])
        records = {key: tuple(data.pop(key, ())) for key in RECORD_KEYS}
        return cls(article=Article.model_validate(data), statements=tuple(statements), **records)
