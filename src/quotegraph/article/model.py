"""The article model: immutable records with integer offsets into one canonical text.

Every span is a :class:`TextSpan` carrying ``start``/``end`` (Python ``str`` indices into
``Article.text``) *and* the text they slice, so a record can be checked against its article
(:meth:`Article.check_offsets`) and read without it. All models are frozen pydantic models and
round-trip through JSON without loss (``Article.model_validate_json(a.model_dump_json()) == a``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Record(BaseModel):
    """Base of every quotegraph record: frozen, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TextSpan(Record):
    """``text == canonical_text[start:end]``."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> TextSpan:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError(f"span [{self.start}, {self.end}) does not hold {self.text!r}")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> TextSpan:
        return cls(start=start, end=end, text=text[start:end])

    def matches(self, text: str) -> bool:
        return text[self.start : self.end] == self.text


class Dateline(Record):
    """A wire dateline: ``MOSCOW, November 5. /TASS/.`` or ``LONDON (Reuters) -``."""

    span: TextSpan
    place: str
    region: str | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    year: int | None = None
    agency: str | None = None
    style: str = Field(description="which convention matched: tass, reuters, ap, afp, generic")


class DateBasis(StrEnum):
    OVERRIDE = "override"  # --published / --year on the command line
    METADATA = "metadata"  # the feed, page or record said so
    DATELINE = "dateline"  # dateline month/day plus a year found or inferred from the text
    DATELINE_BOUNDED = "dateline-bounded"  # dateline month/day, year only bounded
    UNKNOWN = "unknown"


class Published(Record):
    """When the article was published and how sure we are.

    ``date`` is set only when year, month and day are all known. With ``basis`` =
    ``dateline-bounded``, ``month``/``day`` come from the dateline and the year lies in
    ``[year_min, year_max]`` (either may be open); ``date`` stays ``None``: quotegraph never
    invents a year.
    """

    date: dt.date | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    year_min: int | None = None
    year_max: int | None = None
    basis: DateBasis = DateBasis.UNKNOWN
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    evidence: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        if self.date is not None:
            return self.date.year
        if self.year_min is not None and self.year_min == self.year_max:
            return self.year_min
        return None


class Article(Record):
    """One article: canonical text plus the wire structure found in it."""

    id: str = Field(description="sha256 of the canonical text, 16 hex digits")
    text: str
    source: str = Field(description="input path or URL, with '#n' for the n-th record inside it")
    format: str
    url: str | None = None
    outlet: str | None = None
    headline: TextSpan | None = None
    standfirst: TextSpan | None = None
    dateline: Dateline | None = None
    byline: TextSpan | None = None
    paragraphs: tuple[TextSpan, ...] = ()
    language: str = "en"
    published: Published = Published()
    metadata: dict[str, str] = Field(default_factory=dict)

    def spans(self) -> list[TextSpan]:
        """Every span the article records, for offset checks."""
        out = [s for s in (self.headline, self.standfirst, self.byline) if s is not None]
        if self.dateline is not None:
            out.append(self.dateline.span)
        out.extend(self.paragraphs)
        return out

    def check_offsets(self) -> bool:
        return all(span.matches(self.text) for span in self.spans())

    def paragraph_index(self, offset: int) -> int | None:
        """Index of the paragraph holding ``offset``, or ``None`` outside the body."""
        for i, para in enumerate(self.paragraphs):
            if para.start <= offset < para.end:
                return i
        return None


def content_id(text: str) -> str:
    """Stable article id: the same canonical text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Reject(Record):
    """An input that could not be read, kept with its reason so nothing is silently lost."""

    source: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.code} {self.message}"
