"""Wire-copy structure: datelines, site boilerplate, headline / standfirst / body paragraphs.

Datelines recognised (the agency tag and the separator vary by service)::

    MOSCOW, November 5. /TASS/.              TASS
    IGORA /Leningrad Region/, December 26. /TASS/.
    NEW YORK, Feb 26 -                        Reuters (1980s-2000s, Reuters-21578)
    DOVER, Del., March 11 -   Toronto, MARCH 2 -   (Reuters-21578 variants)
    LONDON (Reuters) -   WASHINGTON, Jan 5 (Reuters) -
    KABUL, Afghanistan (AP) —                 AP
    PARIS, March 3, 2017 (AFP) -              AFP
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Dateline, TextSpan

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?))\.?"
)  # any case: Reuters-21578 has "MARCH 19" and "march 4"
# A place in capitals ("NEW YORK", "ST. PETERSBURG", "RIO DE JANEIRO", "UNITED NATIONS").
_PLACE = r"(?P<place>[A-Z][A-Z.'\-]*(?:[ \-][A-Z][A-Za-z.'\-]*){0,4})"
_REGION = r"(?:\s*/(?P<region>[^/\n]{2,60})/)?"
# Reuters-21578 style, also in title case ("Calgary, Alberta", "St Louis", "DALLAS/FORT WORTH").
_PLACE_ANY_CASE = r"(?P<place>[A-Z][A-Za-z.'\-]*(?:(?: |-|/)[A-Z][A-Za-z.'\-]*){0,4})"
# A state or country after the place: "DOVER, Del.", "BASLE, Switzerland", "NEWARK, N.J."
_STATE = r"(?:\s*,\s*(?P<state>[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]+){0,2}))?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
_DASH = r"\s*(?:-{1,2}|–|—)\s*"
_AGENCIES = r"Reuters|AP|AFP|UPI|Xinhua|Interfax|dpa|ANI|IANS|PTI|Bloomberg|RIA Novosti|Sputnik"
_RELEASE_WIRES = r"PRNewswire(?:-[A-Za-z]+)*|GLOBE NEWSWIRE|Business Wire|Marketwired"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "tass",  # also "MURMANSK. February 7. /TASS/.", "MOSCOW, February 7, /TASS/."
        re.compile(
            rf"{_PLACE}(?:{_REGION}|\s*\((?P<state>[^()\n]{{2,60}})\))\s*[,.]\s*{_MONTH}\s*{_DAY}"
            rf"{_YEAR}\s*[.,]?\s*/\s*(?P<agency>(?:ITAR-)?TASS)\s*/\s*\.?\s*"
        ),
    ),
    (
        "generic",  # TAIPEI, Taiwan, Feb. 7, 2017 /PRNewswire/ -  (press-release wires)
        re.compile(
            rf"{_PLACE_ANY_CASE}{_STATE}\s*,\s*{_MONTH}\s*{_DAY}{_YEAR}\s*/(?P<agency>{_RELEASE_WIRES})/"
            r"\s*(?:[.:]\s*)?(?:(?:-{1,2}|–|—)\s*)?"
        ),
    ),
    (
        "agency",  # LONDON (Reuters) -  /  KABUL, Afghanistan (AP) —  /  PARIS, Jan 5 (AFP) -
        re.compile(
            rf"{_PLACE}(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){{0,2}}))??"
            rf"(?:,\s*{_MONTH}\s*{_DAY}{_YEAR})?\s*\((?P<agency>{_AGENCIES})\){_DASH}"
        ),
    ),
    (
        "reuters",  # NEW YORK, Feb 26 -   (no agency tag: Reuters-21578 and many wires)
        re.compile(rf"{_PLACE}{_REGION},\s*{_MONTH}\s*{_DAY}{_YEAR}{_DASH}"),
    ),
    (
        "reuters",  # DOVER, Del., March 11 -  /  Calgary, Alberta, March 6 -  /  RENO, Nev. May 2 -
        re.compile(
            rf"{_PLACE_ANY_CASE}{_STATE}(?:\s*,\s*|(?<=\.)\s+){_MONTH}\s*{_DAY}{_YEAR},?{_DASH}"
        ),
    ),
    (
        "generic",  # MOSCOW, November 5 (agency-less dot form): "MOSCOW, Nov. 5." is too loose
        re.compile(rf"{_PLACE}{_REGION},\s*{_MONTH}\s*{_DAY}{_YEAR}\s*[:.]\s+(?=[A-Z\"“])"),
    ),
)

_STYLE_BY_AGENCY = {"reuters": "reuters", "ap": "ap", "afp": "afp"}


def find_dateline(text: str, start: int = 0, end: int | None = None) -> Dateline | None:
    """The dateline at the start of ``text[start:end]`` (leading whitespace allowed)."""
    end = len(text) if end is None else end
    pos = start
    while pos < end and text[pos].isspace():
        pos += 1
    window = text[: min(end, pos + 200)]
    for style, pattern in _PATTERNS:
        m = pattern.match(window, pos)
        if m is None or not _plausible_place(m.group("place"), style):
            continue
        agency = m.groupdict().get("agency")
        if agency:
            style = "tass" if "TASS" in agency else _STYLE_BY_AGENCY.get(agency.lower(), style)
        month = m.groupdict().get("month")
        day = m.groupdict().get("day")
        year = m.groupdict().get("year")
        day_n = int(day) if day else None
        if day_n is not None and not 1 <= day_n <= 31:
            continue
        end_at = m.end()
        while end_at > m.start() and text[end_at - 1].isspace():
            end_at -= 1
        return Dateline(
            span=TextSpan.of(text, m.start(), end_at),
            place=_titlecase_place(m.group("place")),
            region=(m.groupdict().get("region") or m.groupdict().get("state") or None),
            month=MONTHS[month[:3].lower()] if month else None,
            day=day_n,
            year=int(year) if year else None,
            agency=agency,
            style=style,
        )
    return None


def _plausible_place(place: str, style: str) -> bool:
    """Capitals ("NEW YORK"); a dash-terminated dated Reuters line may be in title case."""
    letters = [c for c in place if c.isalpha()]
    head = place.split()[0]
    capitals = head.isupper() or (style == "reuters" and head[:1].isupper())
    return len(letters) >= 2 and capitals and len(place) <= 40


def _titlecase_place(place: str) -> str:
    return " ".join(w if not w.isupper() else w.capitalize() for w in place.split())


# --- plain-text layout --------------------------------------------------------------------

# Site chrome that scrapes leave above the headline (compared lower-cased, stripped).
BOILERPLATE_LINES = frozenset(
    {
        "all news", "news", "latest news", "top news", "advertisement", "share", "print",
        "read more", "menu", "home", "back", "world", "politics", "economy", "business",
        "russia", "society", "sport", "sports", "science", "culture", "opinion", "in brief",
        "breaking news", "skip to content", "skip to main content", "subscribe",
    }
)  # fmt: skip
_BYLINE = re.compile(r"^(?:By|BY|From)\s+[A-Z][\w.'\-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.'\-]+){0,6}\s*$")
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class Layout:
    headline: TextSpan | None
    standfirst: TextSpan | None
    byline: TextSpan | None
    dateline: Dateline | None
    paragraphs: tuple[TextSpan, ...]


def blocks(text: str) -> list[TextSpan]:
    """Paragraph blocks: split on blank lines, or on single newlines when there are none."""
    splitter = _PARA_BREAK if _PARA_BREAK.search(text) else re.compile(r"\n")
    spans: list[TextSpan] = []
    pos = 0
    for m in [*splitter.finditer(text), None]:
        stop = m.start() if m else len(text)
        spans.extend(_stripped(text, pos, stop))
        pos = m.end() if m else stop
    return spans


def _stripped(text: str, start: int, end: int) -> list[TextSpan]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [TextSpan.of(text, start, end)] if end > start else []


def layout(text: str, *, max_front: int = 6) -> Layout:
    """Headline, standfirst, byline, dateline and body paragraphs of plain wire text."""
    parts = [b for b in blocks(text) if b.text.strip().lower() not in BOILERPLATE_LINES]
    byline = next((b for b in parts[:max_front] if _BYLINE.match(b.text)), None)
    parts = [b for b in parts if b is not byline]
    for i, block in enumerate(parts[:max_front]):
        dateline = find_dateline(text, block.start, block.end)
        if dateline is not None:
            front, body = parts[:i], parts[i:]
            return Layout(*_front_matter(front), byline, dateline, tuple(body))
    headline = parts[0] if len(parts) > 1 and _looks_like_headline(parts[0].text) else None
    rest = parts[1:] if headline else parts
    standfirst = None
    if headline and len(rest) > 1 and _looks_like_standfirst(rest[0].text, rest[1].text):
        standfirst, rest = rest[0], rest[1:]
    return Layout(headline, standfirst, byline, None, tuple(rest))


def _front_matter(front: list[TextSpan]) -> tuple[TextSpan | None, TextSpan | None]:
    if not front:
        return None, None
    if len(front) == 1:
        return front[0], None
    return front[0], front[-1]


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z\"“]")


def _looks_like_headline(line: str) -> bool:
    """One short line; a final stop is allowed (some sites end titles with one) if the line is
    a single sentence of twenty words or fewer."""
    line = line.strip()
    if len(line) > 250 or "\n" in line:
        return False
    return not line.endswith(".") or (
        len(line.split()) <= 20 and not _SENTENCE_BREAK.search(line[:-1])
    )


def _looks_like_standfirst(line: str, following: str) -> bool:
    return len(line) <= 400 and len(line) < len(following) * 1.5 and "\n" not in line.strip()
