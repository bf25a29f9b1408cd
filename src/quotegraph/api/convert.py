"""Store records -> response models, read from the records' attributes (five times faster than
validating their ``to_dict()``, which copies every nested record first)."""

from __future__ import annotations

from ..nlp.model import Document, Statement
from ..store import (
    FacetCount,
    Hit,
    RejectRecord,
    RunRecord,
    SearchResult,
    SpeakerList,
    SpeakerProfile,
    SpeakerSummary,
    StoreStats,
)
from .models import (
    DocumentOut,
    FacetOut,
    HitOut,
    RejectOut,
    RejectsOut,
    RunOut,
    SearchOut,
    SpeakerOut,
    SpeakersOut,
    SpeakerSummaryOut,
    StatementOut,
    StatsOut,
)


def next_offset(offset: int, shown: int, total: int, open_ended: bool = False) -> int | None:
    """Where the next page starts, or None after the last one (``open_ended``: ``total`` is
    a lower bound and the page was full, so another may follow)."""
    following = offset + shown
    return following if shown and (following < total or open_ended) else None


def hit(record: Hit) -> HitOut:
    return HitOut.model_validate(record, from_attributes=True)


def facets(counts: tuple[FacetCount, ...]) -> list[FacetOut]:
    return [FacetOut(value=c.value, count=c.count) for c in counts]


def search(result: SearchResult, limit: int, offset: int) -> SearchOut:
    open_ended = not result.total_exact and len(result.hits) == limit
    return SearchOut(
        query=result.query,
        total=result.total,
        total_exact=result.total_exact,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, len(result.hits), result.total, open_ended),
        hits=[hit(h) for h in result.hits],
        facets={name: facets(counts) for name, counts in result.facets.items()},
        facets_sample=result.facets_sample,
    )


def statement(record: Hit, full: Statement) -> StatementOut:
    return StatementOut.model_validate({**record.to_dict(), "record": full})


def speaker_summary(record: SpeakerSummary) -> SpeakerSummaryOut:
    return SpeakerSummaryOut.model_validate(record, from_attributes=True)


def speakers(found: SpeakerList, limit: int, offset: int) -> SpeakersOut:
    return SpeakersOut(
        total=found.total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, len(found.speakers), found.total),
        speakers=[speaker_summary(s) for s in found.speakers],
    )


def speaker(profile: SpeakerProfile, limit: int, offset: int) -> SpeakerOut:
    total = profile.speaker.statements
    return SpeakerOut(
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, len(profile.statements), total),
        speaker=speaker_summary(profile.speaker),
        months=facets(profile.months),
        statements=[hit(h) for h in profile.statements],
    )


def document(doc: Document) -> DocumentOut:
    return DocumentOut.model_validate(doc.to_dict())


def run(record: RunRecord) -> RunOut:
    return RunOut.model_validate(record, from_attributes=True)


def rejects(found: list[RejectRecord], limit: int, offset: int) -> RejectsOut:
    page = found[offset : offset + limit]
    return RejectsOut(
        total=len(found),
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, len(page), len(found)),
        rejects=[RejectOut.model_validate(r, from_attributes=True) for r in page],
    )


def stats(record: StoreStats) -> StatsOut:
    return StatsOut.model_validate(record, from_attributes=True)
