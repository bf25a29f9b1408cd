"""Time expressions normalised against the article's publication date.

A table of patterns (:data:`RULES`, most specific first) finds expressions in a sentence; each
rule's resolver turns the match into a value by grain (see :class:`~.facts.TimeExpression`).
Relative expressions ("on Thursday", "earlier on Thursday", "last week", "since this year",
"next year", "two days ago", "in November") are resolved against the publication date; the
sentence's tense decides the direction of a bare weekday or month (past: the latest one not
after publication; future: the next one). A month and day without a year ("on November 4")
take the year of the occurrence the tense points to.

When only the publication date's month and day are known and the year is bounded, values that
need the year carry ``XXXX`` in its place and the bounds in ``year_min``/``year_max``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..article.model import Published, TextSpan
from .facts import TimeExpression, TimeGrain

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DASH = r"\s*(?:-|–|—|to|and|through|until|till)\s*"
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "an": 1, "several": None, "few": None,
}  # fmt: skip
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_FUTURE = re.compile(
    r"\b(?:will|shall|would|'ll|’ll|plans?|planning|planned|expected|scheduled|due|going to"
    r"|to be held|next|upcoming|coming|intends?)\b",
    re.IGNORECASE,
)
_PAST_PLAN = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:\w+\s+)?(?:scheduled|expected|due|planned|supposed|set)\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|earlier)\b", re.IGNORECASE)
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s|people|troops|soldiers|tons?|tonnes|km|kilomet|meters|metres|"
    r"units|dollars|euros|rubles|roubles|billion|million|thousand|hectares|cases|members)",
    re.IGNORECASE,
)


class _Unanchored(Exception):
    """A relative expression in an article whose publication date is unknown."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """The publication date: exact, or month/day with the year only bounded."""

    date: dt.date | None
    month: int | None = None
    day: int | None = None
    year_min: int | None = None
    year_max: int | None = None

    @classmethod
    def of(cls, published: Published) -> Anchor:
        return cls(
            published.date, published.month, published.day, published.year_min, published.year_max
        )

    def stand_in(self) -> dt.date:
        """A date with the anchor's month and day (the year a stand-in when only bounded)."""
        if self.date is not None:
            return self.date
        if self.month is None or self.day is None:
            raise _Unanchored
        year = self.year_max or 2000
        return _safe(year, self.month, self.day) or dt.date(2000, self.month, self.day)


@dataclass(frozen=True, slots=True)
class Value:
    """A resolver's answer: the value, its grain, and whether it rests on the year."""

    value: str | None
    grain: TimeGrain
    relative: bool
    needs_year: bool = False
    year_shift: int = 0  # the year it names relative to the publication year


_DEICTIC = {
    "yesterday": -1, "tomorrow": 1, "last night": -1, "the day after tomorrow": 2,
    "the day before yesterday": -2,
}  # fmt: skip
_ALT = {"d": "d2", "m": "m2", "y": "y2", "d1": "d1b", "d2": "d2b", "m2": "m2b"}


class Groups:
    """A match's named groups ('' when unmatched); ``d2``/``m2``/``y2``/``d1b``... the
    alternative spellings of ``d``/``m``/``y``/``d1``..."""

    def __init__(self, m: re.Match[str]):
        self.groups = {k: v for k, v in m.groupdict().items() if v}
        self.string, self.end = m.string, m.end()

    def __getitem__(self, key: str) -> str:
        return self.groups.get(key) or self.groups.get(_ALT.get(key, ""), "")


Resolver = Callable[[Groups, Anchor, int], Value | None]  # tense: -1 past, 0, 1 future


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(word: str) -> int:
    return _MONTHS[word[:3].lower()]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _week(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def _day_value(date: dt.date, anchor: Anchor, shift: int) -> Value:
    return Value(date.isoformat(), TimeGrain.DAY, True, needs_year=True, year_shift=shift)


def _shifted(anchor: Anchor, date: dt.date) -> int:
    return date.year - anchor.stand_in().year


def _nearest_year(month: int, day: int, anchor: Anchor, tense: int) -> int:
    """The year of a month/day written without one: the occurrence the tense points to."""
    ref = anchor.stand_in()
    date = _safe(ref.year, month, day) or dt.date(ref.year, month, 28)
    if tense > 0 and date < ref - dt.timedelta(days=7):
        return ref.year + 1
    if tense < 0 and date > ref + dt.timedelta(days=7):
        return ref.year - 1
    if tense == 0 and abs((date - ref).days) > 183:
        return ref.year + (1 if date < ref else -1)
    return ref.year


def _full_date(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    date = _safe(int(m["y"]), _month(m["m"]), _day(m["d"]))
    return Value(date.isoformat(), TimeGrain.DAY, False) if date else None


def _month_day(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    month, day = _month(m["m"]), _day(m["d"])
    year = _nearest_year(month, day, anchor, tense)
    date = _safe(year, month, day)
    return _day_value(date, anchor, _shifted(anchor, date)) if date else None


def _day_range(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    month1 = _month(m["m1"]) if m["m1"] else None
    month2 = _month(m["m2"]) if m["m2"] else None
    first_month = month1 or month2
    last_month = month2 or month1
    if first_month is None or last_month is None:
        return None
    year = int(m["y"]) if m["y"] else _nearest_year(first_month, _day(m["d1"]), anchor, tense)
    start = _safe(year, first_month, _day(m["d1"]))
    end = _safe(year, last_month, _day(m["d2"]))
    if start is None or end is None or end <= start:
        return None
    relative = not m["y"]
    return Value(
        f"{start.isoformat()}/{end.isoformat()}",
        TimeGrain.RANGE,
        relative,
        needs_year=relative,
        year_shift=_shifted(anchor, start) if relative else 0,
    )


def _year_range(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    first, last = int(m["y1"]), int(m["y2"])
    return Value(f"{first}/{last}", TimeGrain.RANGE, False) if first < last else None


def _month_year(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    return Value(f"{int(m['y'])}-{_month(m['m']):02d}", TimeGrain.MONTH, False)


def _quarter(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    q = _ORDINALS[m["q"].lower()]
    if m["y"]:
        return Value(f"{m['y']}-Q{q}", TimeGrain.QUARTER, False)
    ref = anchor.stand_in()
    shift = {"last": -1, "next": 1}.get((m["rel"] or "this").lower(), 0)
    current = (ref.month - 1) // 3 + 1
    if not m["rel"] and tense <= 0 and q > current:
        shift = -1  # "in the fourth quarter" said in February: last year's
    year = ref.year + shift
    return Value(f"{year}-Q{q}", TimeGrain.QUARTER, True, needs_year=True, year_shift=shift)


def _relative_unit(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    word, unit = m["rel"].lower(), m["unit"].lower()
    shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(word, 0)
    if word == "past" and unit != "week":
        return None  # "over the past year" is a duration, not a date
    return _by_unit(unit, shift, anchor)


def _by_unit(unit: str, shift: int, anchor: Anchor) -> Value:
    ref = anchor.stand_in()
    if unit == "week":
        date = ref + dt.timedelta(weeks=shift)
        return Value(_week(date), TimeGrain.WEEK, True, True, _shifted(anchor, date))
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + shift
        year, month = divmod(index, 12)
        return Value(f"{year}-{month + 1:02d}", TimeGrain.MONTH, True, True, year - ref.year)
    if unit == "day":
        return _day_value(ref + dt.timedelta(days=shift), anchor, 0)
    return Value(str(ref.year + shift), TimeGrain.YEAR, True, True, shift)


def _ago(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    count = _NUMBERS.get(m["n"].lower()) if not m["n"].isdigit() else int(m["n"])
    if count is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        date = anchor.stand_in() - dt.timedelta(days=count)
        return _day_value(date, anchor, _shifted(anchor, date))
    return _by_unit(unit, -count, anchor)


def _deictic(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    shift = _DEICTIC.get(" ".join(m["w"].lower().split()), 0)
    date = anchor.stand_in() + dt.timedelta(days=shift)
    return _day_value(date, anchor, _shifted(anchor, date))


def _weekday(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    if anchor.date is None:
        anchor.stand_in()  # raises without month and day
        return Value(None, TimeGrain.DAY, True, needs_year=True)  # weekday of an unknown year
    lead = (m["lead"] or "").lower()
    target, pub = _WEEKDAYS.index(m["wd"].lower()), anchor.date.weekday()
    ahead = lead == "next" or (tense > 0 and lead not in {"last", "earlier on", "since"})
    if ahead:
        delta = (target - pub) % 7 or (7 if lead == "next" else 0)
    else:
        delta = -((pub - target) % 7 or (7 if lead == "last" else 0))
    date = anchor.date + dt.timedelta(days=delta)
    return Value(date.isoformat(), TimeGrain.DAY, True)


def _month_only(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    month = _month(m["m"])
    lead = m["lead"].lower()
    ref = anchor.stand_in()
    shift = {"last": -1, "next": 1}.get(lead)
    if shift is None:
        ahead = tense > 0 and lead != "since"
        shift = 1 if ahead and month < ref.month else -1 if not ahead and month > ref.month else 0
    elif (shift < 0 and month < ref.month) or (shift > 0 and month > ref.month):
        shift = 0  # "last March" in November: this year's March
    year = ref.year + shift
    return Value(f"{year}-{month:02d}", TimeGrain.MONTH, True, needs_year=True, year_shift=shift)


def _decade(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    if m["decade"]:
        first = int(m["decade"])
        return Value(f"{first}/{first + 9}", TimeGrain.DECADE, False)
    year = anchor.stand_in().year
    return Value(f"{year - 10}/{year}", TimeGrain.DECADE, True, True)


def _numeric_date(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    date = _safe(int(m["y"]), int(m["mo"]), int(m["d"]))  # day.month.year
    return Value(date.isoformat(), TimeGrain.DAY, False) if date else None


def _years_ago_range(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    year, low, high = anchor.stand_in().year, int(m["n1"]), int(m["n2"])
    if low >= high:
        return None
    return Value(f"{year - high}/{year - low}", TimeGrain.RANGE, True, True, -low)


def _year(m: Groups, anchor: Anchor, tense: int) -> Value | None:
    if _NOT_YEAR_AFTER.match(m.string, m.end):
        return None
    return Value(m["y"], TimeGrain.YEAR, False)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


RULES: tuple[tuple[str, re.Pattern[str], Resolver], ...] = (
    (
        "day range",
        _rx(
            rf"\b(?:(?P<m1>{MONTH})\s+(?P<d1>{DAY}){_DASH}(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY})"
            rf"|(?P<d1b>{DAY}){_DASH}(?P<d2b>{DAY})\s+(?P<m2b>{MONTH}))\b(?:,?\s+(?P<y>{YEAR})\b)?"
        ),
        _day_range,
    ),
    (
        "full date",
        _rx(
            rf"\b(?:(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})"
            rf"|(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR}))\b"
        ),
        _full_date,
    ),
    (
        "numeric date",
        re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>{YEAR})\b"),
        _numeric_date,
    ),
    (
        "years ago range",
        _rx(r"\b(?P<n1>\d+)\s*[-–]\s*(?P<n2>\d+)\s+years\s+ago\b"),
        _years_ago_range,
    ),
    (
        "decade",
        _rx(r"\bthe\s+(?:(?P<decade>(?:1[89]|20)\d0)s|(?:past|last)\s+decade)\b"),
        _decade,
    ),
    (
        "year range",
        _rx(rf"\b(?:from|between)\s+(?P<y1>{YEAR}){_DASH}(?P<y2>{YEAR})\b"),
        _year_range,
    ),
    ("year span", _rx(rf"\b(?P<y1>{YEAR})\s*[-–](?P<y2>{YEAR})\b"), _year_range),
    (
        "month year",
        _rx(rf"\b(?P<m>{MONTH})\s+(?:of\s+)?(?P<y>{YEAR})\b"),
        _month_year,
    ),
    (
        "month day",
        _rx(rf"\b(?:(?P<m>{MONTH})\s+(?P<d>{DAY})|(?P<d2>{DAY})\s+(?P<m2>{MONTH}))\b(?!\s*\d)"),
        _month_day,
    ),
    (
        "quarter",
        _rx(
            r"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
            rf"(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year))?\b"
        ),
        _quarter,
    ),
    (
        "ago",
        _rx(
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b"
        ),
        _ago,
    ),
    (
        "this/last/next unit",
        _rx(
            r"\b(?P<rel>this|last|next|past|previous|coming|current)\s+(?P<unit>week|month|year)\b"
        ),
        _relative_unit,
    ),
    (
        "deictic",
        _rx(
            r"\b(?P<w>the\s+day\s+(?:after\s+tomorrow|before\s+yesterday)|today|yesterday"
            r"|tomorrow|tonight|last\s+night)\b"
        ),
        _deictic,
    ),
    (
        "weekday",
        _rx(
            r"\b(?:(?P<lead>earlier\s+on|later\s+on|last|next|this|since|by|until|on)\s+)?"
            rf"(?P<wd>{WEEKDAY})\b"
        ),
        _weekday,
    ),
    (
        "month",
        re.compile(
            r"\b(?P<lead>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate"
            r"|[Mm]id-?|[Ss]ince|[Ff]rom|[Bb]efore|[Aa]fter|[Dd]uring)\s+(?P<m>January|February"
            r"|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)"
        ),
        _month_only,
    ),
    ("year", re.compile(rf"(?<![\d./-])(?P<y>{YEAR})(?![\d-])"), _year),
)


def _tense(clause: str) -> int:
    """-1 past, 1 future, 0 unknown ("was scheduled for" is past)."""
    if _PAST_PLAN.search(clause):
        return -1
    if _FUTURE.search(clause):
        return 1
    return -1 if _PAST.search(clause) else 0


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around an expression: between the punctuation marks that enclose it."""
    left = max(sentence.rfind(c, 0, start) for c in ',;:"“”')
    rights = [i for c in ',;:"“”' if (i := sentence.find(c, end)) >= 0]
    return sentence[left + 1 : min(rights, default=len(sentence))]


# Every rule's match holds one of these (a digit, a month, "day" of a weekday or "today", a
# unit): a sentence with none holds no time expression and skips the rules.
_MAYBE = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|decade|quarter"
    r"|ago|tomorrow|night",
    re.IGNORECASE,
)


def find_in(sentence: str, anchor: Anchor) -> Iterator[tuple[int, int, Value]]:
    """(start, end, value) of each time expression in ``sentence``, left to right. Its
    clause's tense decides which way a bare weekday, month or day points."""
    if not _MAYBE.search(sentence):
        return
    taken: list[tuple[int, int, Value]] = []
    for _, pattern, resolve in RULES:
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e, _ in taken):
                continue
            try:
                value = resolve(Groups(m), anchor, _tense(_clause(sentence, m.start(), m.end())))
            except _Unanchored:
                continue
            if value is not None:
                lead = re.match(r"(?:on|in)\s+", m.group(0), re.IGNORECASE)
                taken.append((m.start() + (lead.end() if lead else 0), m.end(), value))
    yield from sorted(taken, key=lambda t: t[0])


def normalise(
    text: str, sentences: Iterable[tuple[int, int]], published: Published
) -> list[TimeExpression]:
    """Every time expression in the given sentence bounds of ``text``."""
    anchor = Anchor.of(published)
    out: list[TimeExpression] = []
    for start, end in sentences:
        for s, e, value in find_in(text[start:end], anchor):
            out.append(_record(text, start + s, start + e, value, anchor))
    return out


def _record(text: str, start: int, end: int, value: Value, anchor: Anchor) -> TimeExpression:
    span = TextSpan.of(text, start, end)
    if anchor.date is not None or not value.needs_year:
        return TimeExpression(
            id=f"t{start}", span=span, value=value.value, grain=value.grain,
            relative=value.relative,
        )  # fmt: skip
    low = anchor.year_min + value.year_shift if anchor.year_min is not None else None
    high = anchor.year_max + value.year_shift if anchor.year_max is not None else None
    shown = value.value
    if shown is not None and low != high:
        shown = re.sub(r"(?<!\d)\d{4}(?!\d)", "XXXX", shown)
    return TimeExpression(
        id=f"t{start}", span=span, value=shown, grain=value.grain, relative=True,
        year_min=low, year_max=high,
    )  # fmt: skip
