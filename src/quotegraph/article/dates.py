"""Publication date and year inference.

Order of evidence: a command-line override > explicit metadata (feed, page or record date) >
a dateline with a written year > the dateline's month and day plus a year inferred from the text >
unknown. Year inference never invents a year. It combines:

* **not in the future**: the dateline's month/day must not lie after the reference date;
* **explicit years recalled as past**: "recalling that in November 2021 ... the sides approved"
  in an October 26 dispatch means the dispatch is from 2022 or later;
* **weekday consistency**: "on Thursday" in a November 5 dispatch names a recent Thursday; the day
  before the dateline is the strongest reading (the convention of next-day wire copy), the same day
  the next. Weekday patterns repeat every 5-11 years, so the most recent consistent year is chosen
  and the confidence says how much that choice rests on recency alone.

When only bounds are known, ``Published`` carries ``year_min``/``year_max`` and a low confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..options import Options
from .model import DateBasis, Dateline, Published
from .wire import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?P<lead>(?:earlier|later|late|early)\s+on|on|last|this\s+past|next|this|since|by|until)?"
    r"\s*\b(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<poss>'s|’s)?\b"
)
_YEAR_MENTION = re.compile(
    r"\b(?:(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:\d{1,2},?\s+)?)?"
    r"(?P<year>(?:19[5-9]|20\d)\d)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|plans?|planned|expected|scheduled|to be held|next|by)\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|since|recalled|recalling|last|\w{3,}ed)\b", re.IGNORECASE
)
# Likelihood of a past-tense weekday mention lying k days before the dateline.
_PAST_OFFSET_SCORE = (0.6, 1.0, 0.3, 0.1, 0.1, 0.1, 0.1)
_SEARCH_YEARS = 40


@dataclass(frozen=True, slots=True)
class _WeekdayMention:
    weekday: int
    future: bool
    text: str


def infer_published(
    text: str,
    dateline: Dateline | None,
    metadata_date: dt.date | None,
    options: Options,
) -> Published:
    """Apply the order of evidence described in the module docstring."""
    if options.published is not None:
        return _exact(options.published, DateBasis.OVERRIDE, 1.0, "given with --published")
    if options.year is not None and dateline and dateline.month and dateline.day:
        date = _safe_date(options.year, dateline.month, dateline.day)
        if date is not None:
            return _exact(date, DateBasis.OVERRIDE, 1.0, "dateline with year from --year")
    if metadata_date is not None:
        return _exact(metadata_date, DateBasis.METADATA, 0.95, "date in the source's metadata")
    if dateline is None or dateline.month is None or dateline.day is None:
        return Published(evidence=("no metadata date and no dated dateline",))
    if dateline.year is not None:
        date = _safe_date(dateline.year, dateline.month, dateline.day)
        if date is not None:
            return _exact(date, DateBasis.DATELINE, 0.95, "dateline states the year")
    return infer_year(text, dateline.month, dateline.day, options.today())


def _exact(date: dt.date, basis: DateBasis, confidence: float, why: str) -> Published:
    return Published(
        date=date,
        month=date.month,
        day=date.day,
        year_min=date.year,
        year_max=date.year,
        basis=basis,
        confidence=confidence,
        evidence=(why,),
    )


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(text: str, month: int, day: int, today: dt.date) -> Published:
    """Infer the year of a ``month``/``day`` dateline from the article text."""
    upper = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    evidence = [f"not after the reference date {today.isoformat()}: year <= {upper}"]
    lower, why = _lower_bound(text, month, day)
    if why:
        evidence.append(why)
    mentions = _weekday_mentions(text)
    candidates = [
        y for y in range((lower or upper - _SEARCH_YEARS), upper + 1) if _safe_date(y, month, day)
    ]
    if mentions and candidates:
        chosen = _by_weekdays(candidates, mentions, month, day)
        if chosen is not None:
            year, confidence, note = chosen
            date = dt.date(year, month, day)
            return Published(
                date=date,
                month=month,
                day=day,
                year_min=year,
                year_max=year,
                basis=DateBasis.DATELINE,
                confidence=confidence,
                evidence=(*evidence, note),
            )
    if lower is not None and lower == upper:
        return Published(
            date=_safe_date(lower, month, day),
            month=month,
            day=day,
            year_min=lower,
            year_max=upper,
            basis=DateBasis.DATELINE,
            confidence=0.6,
            evidence=tuple(evidence),
        )
    return Published(
        month=month,
        day=day,
        year_min=lower,
        year_max=upper,
        basis=DateBasis.DATELINE_BOUNDED,
        confidence=0.2 if lower else 0.1,
        evidence=tuple(evidence),
    )


def _sentences(text: str) -> list[str]:
    return [m.group(0) for m in _SENTENCE.finditer(text)]


def _lower_bound(text: str, month: int, day: int) -> tuple[int | None, str | None]:
    """The latest year recalled as past: the dispatch cannot predate it."""
    best: tuple[int, str] | None = None
    for sentence in _sentences(text):
        if _FUTURE.search(sentence) or not _PAST.search(sentence):
            continue
        for m in _YEAR_MENTION.finditer(sentence):
            year = int(m.group("year"))
            mentioned_month = MONTHS[m.group("month")[:3].lower()] if m.group("month") else None
            bound = year
            if mentioned_month is not None and (month, day) < (mentioned_month, 1):
                bound = year + 1  # "in November 2021" recalled on October 26: 2022 or later
            if best is None or bound > best[0]:
                best = (bound, f"'{m.group(0)}' recalled as past: year >= {bound}")
    return (best[0], best[1]) if best else (None, None)


def _weekday_mentions(text: str) -> list[_WeekdayMention]:
    out = []
    for sentence in _sentences(text):
        future = bool(_FUTURE.search(sentence))
        for m in _WEEKDAY.finditer(sentence):
            if not (m.group("lead") or m.group("poss")):
                continue
            lead = (m.group("lead") or "").lower()
            is_future = lead in {"next", "by", "until"} or (
                future and lead not in {"last", "since"}
            )
            out.append(_WeekdayMention(WEEKDAYS.index(m.group("day").lower()), is_future, m[0]))
    return out


def _by_weekdays(
    candidates: list[int], mentions: list[_WeekdayMention], month: int, day: int
) -> tuple[int, float, str] | None:
    def score(year: int) -> float:
        pub = dt.date(year, month, day).weekday()
        total = 1.0
        for mention in mentions:
            if mention.future:
                total *= 0.6 if (mention.weekday - pub) % 7 else 0.3
            else:
                total *= _PAST_OFFSET_SCORE[(pub - mention.weekday) % 7]
        return total

    scored = sorted(((score(y), y) for y in candidates), reverse=True)
    best_score, best_year = scored[0]
    ties = [y for s, y in scored if s == best_score and y != best_year]
    runner_up = next((s for s, _ in scored if s < best_score), 0.0)
    if best_score < 0.3:
        return None
    margin = 1 - runner_up / best_score
    confidence = round(0.35 + 0.35 * margin + (0.2 if not ties else 0.0), 2)
    said = ", ".join(sorted({m.text.strip() for m in mentions}))
    note = f"weekday mentions ({said}) fit {best_year}"
    if ties:
        note += f"; also {', '.join(map(str, sorted(ties)[-3:]))}, the most recent is chosen"
    return best_year, confidence, note
