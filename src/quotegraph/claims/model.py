"""The records claim queries return (frozen dataclasses with ``to_dict()``)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..errors import UsageError
from ..store.base import FacetCount, Hit, _Record, check_page


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimQuery:
    """Claims to list: ``speaker`` (name contains, case-insensitive) made one of its
    statements; ``since`` / ``until``: one of its statements was published in that range;
    ``min_statements``: claims with at least this many statements."""

    speaker: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_statements: int = 1
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        check_page(self.limit, self.offset)
        if self.min_statements < 1:
            raise UsageError(f"--min-statements wants 1 or more, got {self.min_statements}")
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"--since {self.since} is after --until {self.until}")


@dataclasses.dataclass(frozen=True, slots=True)
class FirstSeen(_Record):
    """The claim's earliest statement: when (its article's date), who and where."""

    statement_id: int
    article_id: str
    date: str | None
    speaker: str | None
    outlet: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimSummary(_Record):
    """A claim: its representative wording, first seen, and how often and widely it recurs
    (statements per publication month, ``YYYY-MM`` or ``(unknown)``, in month order)."""

    id: int
    representative: str
    statements: int
    articles: int
    speakers: int
    outlets: int
    first_seen: FirstSeen
    last_date: str | None
    months: tuple[FacetCount, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimList(_Record):
    """One page of claims (most statements first) and how many match in all."""

    total: int
    claims: tuple[ClaimSummary, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class ClaimProfile(_Record):
    """A claim with its speakers and outlets (most statements first), its statements per
    publication day (``YYYY-MM-DD``, dated ones only, for the timeline) and one page of its
    statements, oldest first."""

    claim: ClaimSummary
    speakers: tuple[FacetCount, ...]
    outlets: tuple[FacetCount, ...]
    days: tuple[FacetCount, ...]
    statements: tuple[Hit, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class BuildReport(_Record):
    """What one claims update did."""

    statements: int  # statements assigned in this update
    new_claims: int
    joined: int  # statements that joined an existing claim
    claims: int  # claims in the store afterwards
    seconds: float
