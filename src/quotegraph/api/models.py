"""Pydantic models of the API's responses (and the extract body): the OpenAPI schema's source.

Responses mirror the store's records (:mod:`quotegraph.store.base`) field for field, so that
``GET /api/v1/statements`` returns what ``quotegraph search --format json`` prints, plus paging;
articles and extraction return the ``quotegraph extract`` JSON contract
(:meth:`quotegraph.nlp.model.Document.to_dict`). Spans are ``{start, end, text}`` with
``text == article_text[start:end]``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..article.model import Dateline, Published, TextSpan
from ..nlp.facts import Entity, Event, TimeExpression
from ..nlp.model import HeadlineLink, SpeakerType, Statement, StatementKind


class Model(BaseModel):
    """Base of the response models: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# -- errors -----------------------------------------------------------------------------------


class ErrorDetail(Model):
    code: str = Field(description="stable error code, e.g. QG210 (see quotegraph.errors)")
    message: str = Field(description="what went wrong, in one line")
    hint: str = Field(description="what to do about it (may be empty)")


class ErrorOut(Model):
    """The one shape of every error response."""

    error: ErrorDetail
    status: int = Field(description="the HTTP status code, repeated")


# -- statements -------------------------------------------------------------------------------


class WhenOut(Model):
    """An article's publication date as stored (``date`` only when the year is known)."""

    date: str | None = Field(description="YYYY-MM-DD")
    month: int | None
    day: int | None
    year_min: int | None
    year_max: int | None
    basis: str = Field(description="override, metadata, dateline, dateline-bounded or unknown")
    confidence: float


class HitOut(Model):
    """A stored statement with its provenance: article, source, offsets and sentence."""

    statement_id: int
    index: int = Field(description="position among the article's statements")
    article_id: str
    source: str = Field(description="where the article was read: path#n or URL")
    url: str | None
    outlet: str | None
    headline: str | None
    published: WhenOut
    kind: StatementKind
    content: TextSpan
    speaker: str | None
    speaker_id: int | None = Field(description="for /api/v1/speakers/{id}; None when unnamed")
    speaker_type: SpeakerType
    speaker_title: str | None
    mention: TextSpan | None
    cue: TextSpan | None
    cue_lemma: str | None
    section: Literal["headline", "standfirst", "body"]
    paragraph: int | None
    sentence: TextSpan = Field(description="the sentence(s) holding the statement")
    context: TextSpan = Field(description="the paragraph (or headline, standfirst) holding it")
    confidence: float
    score: float = Field(description="BM25, higher is better; 0 outside a full-text search")
    duplicate_of: str | None = Field(
        default=None,
        description="the earliest stored article this one nearly repeats (a republished copy: "
        "left out of counts); None otherwise",
    )


class StatementOut(HitOut):
    """One stored statement: its provenance (as in a search hit) and its full record."""

    record: Statement = Field(
        description="the extraction record: addressee, setting, quoted fragments, nesting"
    )


class FacetOut(Model):
    value: str
    count: int


class Page(Model):
    """Paging of a list: ``next`` (and ``next_offset``) are None on the last page."""

    total: int = Field(description="matches in all, over every page")
    limit: int
    offset: int
    next_offset: int | None
    next: str | None = Field(
        default=None, description="cursor of the next page: pass it back as ?cursor="
    )


class SearchOut(Page):
    """Statements matching a full-text query, best first, with facets. Matches are counted
    exactly up to 5,000: beyond, ``total_exact`` is false, ``total`` is a lower bound and the
    facets count a sample of 5,000 matches (``facets_sample``)."""

    query: str
    total_exact: bool = Field(
        default=True,
        description="whether total is the exact number of matches; false: at least total "
        "match (a search counts exactly up to 5,000)",
    )
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]] = Field(
        description="speaker, outlet, kind and month (YYYY-MM): the most frequent values"
    )
    facets_sample: int | None = Field(
        default=None,
        description="null: the facets count every match; a number: they count this many "
        "of the matches (when there are more than 5,000)",
    )


# -- speakers ---------------------------------------------------------------------------------


class SpeakerSummaryOut(Model):
    id: int
    name: str
    type: SpeakerType
    statements: int = Field(description="stored statements attributed to the speaker")
    articles: int
    first_published: str | None = Field(description="earliest dated article, YYYY-MM-DD")
    last_published: str | None


class SpeakersOut(Page):
    """Speakers, most statements first."""

    speakers: list[SpeakerSummaryOut]


class SpeakerOut(Page):
    """A speaker, statements per publication month and one page of statements, newest first
    (``total`` counts all of the speaker's statements)."""

    speaker: SpeakerSummaryOut
    months: list[FacetOut] = Field(description="YYYY-MM (or '(unknown)') in month order")
    statements: list[HitOut]


# -- articles and extraction ------------------------------------------------------------------


class DocumentOut(Model):
    """The ``quotegraph extract`` JSON contract: an article, its structure and statements."""

    source: str
    text: str
    published: Published
    id: str = Field(description="sha256 of the text, 16 hex digits")
    format: str
    url: str | None
    outlet: str | None
    headline: TextSpan | None
    standfirst: TextSpan | None
    dateline: Dateline | None
    byline: TextSpan | None
    paragraphs: list[TextSpan]
    language: str
    metadata: dict[str, str]
    statements: list[Statement]
    entities: list[Entity] = Field(default=[], description="people, organisations, places")
    times: list[TimeExpression] = Field(default=[], description="normalised time expressions")
    events: list[Event] = Field(default=[], description="docs/events.md")
    headline_links: list[HeadlineLink] = Field(
        default_factory=list,
        description="headline, standfirst and lead attributions with the body statements "
        "(indexes into statements) that support them; supported=false: none does",
    )


class ArticleIn(BaseModel):
    """A JSON article for ``POST /api/v1/extract`` (the fields the JSONL reader knows; common
    aliases such as ``title``, ``text`` or ``publish_date`` are understood too)."""

    model_config = ConfigDict(extra="allow")

    headline: str | None = None
    standfirst: str | None = None
    body: str | list[str] | None = Field(
        default=None, description="one string (paragraphs split on blank lines) or paragraphs"
    )
    published: str | None = Field(default=None, description="a date, e.g. 2021-11-05")
    url: str | None = None
    byline: str | None = None
    outlet: str | None = None
    id: str | None = None
    language: str | None = None


# -- runs, rejects, health --------------------------------------------------------------------


class RunCountsOut(Model):
    ok: int
    replaced: int
    duplicates: int
    rejected: int


class RunOut(Model):
    id: int
    command: str
    inputs: list[str]
    started_at: str
    finished_at: str | None
    status: str = Field(description="running, finished, interrupted or failed")
    counts: RunCountsOut
    version: str


class RunsOut(Model):
    """Ingest runs, newest first."""

    runs: list[RunOut]


class RejectOut(Model):
    id: int
    source: str
    code: str
    message: str
    run_id: int
    first_seen: str
    last_seen: str
    retried: int
    resolved_run: int | None
    open: bool = Field(description="no later run has read it fine")


class RejectsOut(Page):
    """Rejected inputs, oldest first."""

    rejects: list[RejectOut]


class GroupCountOut(Model):
    value: str = Field(description="YYYY-MM (or '(unknown)'), or an outlet")
    articles: int
    statements: int


class StatsOut(Model):
    """What the store holds (``distinct_*``, months and outlets leave near-duplicates out)."""

    articles: int
    statements: int
    speakers: int
    near_duplicates: int = Field(description="articles linked as republished copies of another")
    distinct_articles: int
    distinct_statements: int
    open_rejects: int
    runs: int
    months: list[GroupCountOut] = Field(description="in month order, '(unknown)' last")
    outlets: list[GroupCountOut] = Field(description="most articles first")


class StoredOut(Model):
    article_id: str
    source: str
    outcome: Literal["new", "replaced", "duplicate"] = Field(
        description="new, replaced (new text for a known source) or duplicate (stored already)"
    )
    duplicate_of: str | None = Field(description="the stored article it nearly repeats")


class RejectedOut(Model):
    source: str
    code: str
    message: str


class IngestOut(Model):
    """One ingest run: its record, its counts and what happened to each input."""

    run: RunOut
    status: Literal["ok", "partial", "failed"] = Field(
        description="ok: all read; partial: some rejected; failed: nothing read"
    )
    ok: int = Field(description="articles stored (new or replacing)")
    replaced: int
    duplicates: int = Field(description="articles stored already (same text)")
    near_duplicates: int = Field(description="stored articles linked as republished copies")
    rejected: int
    articles: list[StoredOut]
    rejects: list[RejectedOut]


class DeletedOut(Model):
    """An article deleted with everything derived from it."""

    article_id: str
    run: RunOut


class RerunOut(Model):
    """A stored article extracted again: its statements before and after."""

    article_id: str
    source: str
    status: Literal["ok", "failed"] = Field(
        description="ok: rows replaced; failed: extraction failed and the old rows stay"
    )
    statements_before: int
    statements: int | None = Field(description="statements now (null when it failed)")
    reject: RejectedOut | None = Field(description="why extraction failed")
    run: RunOut


class HealthOut(Model):
    status: Literal["ok"]
    version: str
    backend: str = Field(description="sqlite or postgresql")
    schema_version: int
