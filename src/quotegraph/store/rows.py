"""Records <-> table rows, shared by the backends (the column names and values are the same
in each: times, dates and JSON as text, booleans as 0/1).

A span ``name`` is stored as three columns: ``name`` (its text), ``name_start``, ``name_end``.
:func:`document_from_rows` rebuilds exactly the :class:`Document` that was written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..article.model import Article, DateBasis, Dateline, Published, TextSpan
from ..nlp.model import (
    Document,
    HeadlineLink,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from .base import Hit, RejectRecord, RunCounts, RunRecord, Span, SpeakerSummary, When

Row = Mapping[str, Any]

ARTICLE_COLUMNS = (
    "id", "source", "url", "outlet", "format",
    "headline", "headline_start", "headline_end",
    "standfirst", "standfirst_start", "standfirst_end",
    "byline", "byline_start", "byline_end",
    "dateline", "dateline_start", "dateline_end", "dateline_place", "dateline_region",
    "dateline_month", "dateline_day", "dateline_year", "dateline_agency", "dateline_style",
    "published_date", "published_month", "published_day", "published_year_min",
    "published_year_max", "published_basis", "published_confidence", "published_evidence",
    "text", "language", "metadata", "run_id", "ingested_at",
)  # fmt: skip
PARAGRAPH_COLUMNS = ("article_id", "idx", "start_char", "end_char", "text")
STATEMENT_COLUMNS = (
    "article_id", "idx", "kind", "content", "content_start", "content_end",
    "cue", "cue_start", "cue_end", "cue_lemma",
    "speaker_id", "speaker_name", "speaker_type", "speaker_title", "speaker_affiliation",
    "mention", "mention_start", "mention_end",
    "addressee", "addressee_start", "addressee_end",
    "setting", "setting_start", "setting_end",
    "quoted", "section", "paragraph", "confidence", "nested_in", "continues", "optional",
)  # fmt: skip
HEADLINE_LINK_COLUMNS = (
    "article_id", "idx", "statement", "section", "part", "part_start", "part_end", "support",
    "evidence", "evidence_start", "evidence_end", "score", "rank", "supported",
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*\s+")


def utc_now() -> str:
    """Now as stored: ISO 8601 in UTC, milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def package_version() -> str:
    """The quotegraph version recorded with each run."""
    try:
        return version("quotegraph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def speaker_key(s: Statement) -> tuple[str, str] | None:
    """A named speaker's ``(name, type)``: one ``speakers`` row each (None: unnamed)."""
    return (s.speaker.name, s.speaker.type.value) if s.speaker.name else None


def span_columns(name: str, span: TextSpan | None) -> dict[str, Any]:
    if span is None:
        return {name: None, f"{name}_start": None, f"{name}_end": None}
    return {name: span.text, f"{name}_start": span.start, f"{name}_end": span.end}


def article_row(article: Article, run_id: int, now: str) -> dict[str, Any]:
    pub, dl = article.published, article.dateline
    row: dict[str, Any] = {
        "id": article.id, "source": article.source, "url": article.url,
        "outlet": article.outlet, "format": article.format,
        **span_columns("headline", article.headline),
        **span_columns("standfirst", article.standfirst),
        **span_columns("byline", article.byline),
        **span_columns("dateline", dl.span if dl else None),
        "published_date": pub.date.isoformat() if pub.date else None,
        "published_month": pub.month, "published_day": pub.day,
        "published_year_min": pub.year_min, "published_year_max": pub.year_max,
        "published_basis": pub.basis.value, "published_confidence": pub.confidence,
        "published_evidence": json.dumps(list(pub.evidence), ensure_ascii=False),
        "text": article.text, "language": article.language,
        "metadata": json.dumps(article.metadata, ensure_ascii=False, sort_keys=True),
        "run_id": run_id, "ingested_at": now,
    }  # fmt: skip
    for field in ("place", "region", "month", "day", "year", "agency", "style"):
        row[f"dateline_{field}"] = getattr(dl, field) if dl else None
    return row


def paragraph_rows(article: Article) -> list[dict[str, Any]]:
    return [
        {"article_id": article.id, "idx": i, "start_char": p.start, "end_char": p.end,
         "text": p.text}
        for i, p in enumerate(article.paragraphs)
    ]  # fmt: skip


def statement_row(
    article_id: str, idx: int, s: Statement, speaker_id: int | None
) -> dict[str, Any]:
    sp = s.speaker
    return {
        "article_id": article_id, "idx": idx, "kind": s.kind.value,
        **span_columns("content", s.content), **span_columns("cue", s.cue),
        "cue_lemma": s.cue_lemma, "speaker_id": speaker_id, "speaker_name": sp.name,
        "speaker_type": sp.type.value, "speaker_title": sp.title,
        "speaker_affiliation": sp.affiliation, **span_columns("mention", sp.mention),
        **span_columns("addressee", s.addressee), **span_columns("setting", s.setting),
        "quoted": json.dumps([[q.start, q.end] for q in s.quoted]),
        "section": s.section, "paragraph": s.paragraph, "confidence": s.confidence,
        "nested_in": s.nested_in, "continues": s.continues, "optional": int(s.optional),
    }  # fmt: skip


def headline_link_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {"article_id": doc.article.id, "idx": i, "statement": link.statement,
         "section": link.section, **span_columns("part", link.part), "support": link.support,
         **span_columns("evidence", link.evidence), "score": link.score, "rank": link.rank,
         "supported": int(link.supported)}
        for i, link in enumerate(doc.headline_links)
    ]  # fmt: skip


def headline_link_from_row(row: Row) -> HeadlineLink:
    part = _text_span(row, "part")
    assert part is not None
    return HeadlineLink(
        statement=row["statement"], section=row["section"], part=part, support=row["support"],
        evidence=_text_span(row, "evidence"), score=row["score"], rank=row["rank"],
        supported=bool(row["supported"]),
    )  # fmt: skip


def _text_span(row: Row, name: str) -> TextSpan | None:
    start = row[f"{name}_start"]
    return None if start is None else TextSpan(start=start, end=row[f"{name}_end"], text=row[name])


def _dateline(row: Row) -> Dateline | None:
    span = _text_span(row, "dateline")
    if span is None:
        return None
    fields = ("place", "region", "month", "day", "year", "agency", "style")
    return Dateline(span=span, **{f: row[f"dateline_{f}"] for f in fields})


def _published(row: Row) -> Published:
    date = row["published_date"]
    return Published(
        date=dt.date.fromisoformat(date) if date else None,
        month=row["published_month"],
        day=row["published_day"],
        year_min=row["published_year_min"],
        year_max=row["published_year_max"],
        basis=DateBasis(row["published_basis"]),
        confidence=row["published_confidence"],
        evidence=tuple(json.loads(row["published_evidence"])),
    )


def article_from_row(row: Row, paragraphs: Iterable[Row]) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        source=row["source"],
        format=row["format"],
        url=row["url"],
        outlet=row["outlet"],
        headline=_text_span(row, "headline"),
        standfirst=_text_span(row, "standfirst"),
        dateline=_dateline(row),
        byline=_text_span(row, "byline"),
        paragraphs=tuple(
            TextSpan(start=p["start_char"], end=p["end_char"], text=p["text"]) for p in paragraphs
        ),
        language=row["language"],
        published=_published(row),
        metadata=json.loads(row["metadata"]),
    )


def statement_from_row(row: Row, text: str) -> Statement:
    content = _text_span(row, "content")
    assert content is not None
    speaker = Speaker(
        name=row["speaker_name"],
        mention=_text_span(row, "mention"),
        type=SpeakerType(row["speaker_type"]),
        title=row["speaker_title"],
        affiliation=row["speaker_affiliation"],
    )
    return Statement(
        kind=StatementKind(row["kind"]),
        content=content,
        cue=_text_span(row, "cue"),
        cue_lemma=row["cue_lemma"],
        speaker=speaker,
        addressee=_text_span(row, "addressee"),
        setting=_text_span(row, "setting"),
        quoted=tuple(TextSpan.of(text, s, e) for s, e in json.loads(row["quoted"])),
        section=row["section"],
        paragraph=row["paragraph"],
        confidence=row["confidence"],
        nested_in=row["nested_in"],
        continues=row["continues"],
        optional=bool(row["optional"]),
    )


def document_from_rows(
    article: Row, paragraphs: Iterable[Row], statements: Sequence[Row], links: Iterable[Row] = ()
) -> Document:
    built = article_from_row(article, paragraphs)
    return Document(
        article=built,
        statements=tuple(statement_from_row(r, built.text) for r in statements),
        headline_links=tuple(map(headline_link_from_row, links)),
    )


def _span(row: Row, name: str) -> Span | None:
    start = row[f"{name}_start"]
    return None if start is None else Span(start, row[f"{name}_end"], row[name])


def _context(row: Row) -> Span:
    """The paragraph holding the statement, or its headline / standfirst."""
    if row["paragraph_text"] is not None:
        return Span(row["paragraph_start"], row["paragraph_end"], row["paragraph_text"])
    section = row["section"] if row["section"] in ("headline", "standfirst") else None
    found = _span(row, section) if section else None
    content = _span(row, "content")
    assert content is not None
    return found or content


def sentence_around(context: Span, start: int, end: int) -> Span:
    """The sentence(s) of ``context`` holding ``[start, end)`` (article offsets)."""
    rel_start, rel_end = max(0, start - context.start), min(len(context.text), end - context.start)
    lo, hi = 0, len(context.text)
    for m in _BOUNDARY.finditer(context.text):
        if m.end() <= rel_start:
            lo = m.end()
        elif m.start() >= rel_end - 1 and m.end() > rel_end:
            hi = m.end() - (len(m[0]) - len(m[0].rstrip()))
            break
    return Span(context.start + lo, context.start + hi, context.text[lo:hi])


def hit_from_row(row: Row) -> Hit:
    content, context = _span(row, "content"), _context(row)
    assert content is not None
    return Hit(
        statement_id=row["id"], index=row["idx"], article_id=row["article_id"],
        source=row["source"], url=row["url"], outlet=row["outlet"], headline=row["headline"],
        published=When(
            row["published_date"], row["published_month"], row["published_day"],
            row["published_year_min"], row["published_year_max"], row["published_basis"],
            row["published_confidence"],
        ),
        kind=row["kind"], content=content, speaker=row["speaker_name"],
        speaker_type=row["speaker_type"], speaker_title=row["speaker_title"],
        mention=_span(row, "mention"), cue=_span(row, "cue"), cue_lemma=row["cue_lemma"],
        section=row["section"], paragraph=row["paragraph"],
        sentence=sentence_around(context, content.start, content.end), context=context,
        confidence=row["confidence"], score=_score(row["rank"]), speaker_id=row["speaker_id"],
        duplicate_of=row["duplicate_of"],
    )  # fmt: skip


def _score(rank: float | None) -> float:
    """BM25 as a score (higher is better); 0 for a statement not found by a search."""
    return 0.0 if rank is None else round(-float(rank), 4)


def speaker_summary(row: Row) -> SpeakerSummary:
    """A speaker row with its aggregates (``statements``, ``articles``, ``first_published``,
    ``last_published``)."""
    return SpeakerSummary(
        id=row["id"], name=row["name"], type=row["type"], statements=row["statements"],
        articles=row["articles"], first_published=row["first_published"],
        last_published=row["last_published"],
    )  # fmt: skip


def run_record(row: Row) -> RunRecord:
    counts = RunCounts(row["ok"], row["replaced"], row["duplicates"], row["rejected"])
    return RunRecord(
        id=row["id"],
        command=row["command"],
        inputs=tuple(json.loads(row["inputs"])),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        counts=counts,
        version=row["version"],
    )


def reject_record(row: Row) -> RejectRecord:
    return RejectRecord(
        id=row["id"],
        source=row["source"],
        code=row["code"],
        message=row["message"],
        run_id=row["run_id"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        retried=row["retried"],
        resolved_run=row["resolved_run"],
    )
