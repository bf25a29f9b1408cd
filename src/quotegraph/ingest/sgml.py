"""Reuters-21578 SGML: one article per ``<REUTERS>`` record (latin-1, per the collection README).

The headline is ``<TITLE>``, the body ``<BODY>`` without the trailing ``Reuter`` sign-off, and
the ``<DATELINE>`` text is put in front of the first paragraph (Reuters stored it apart) so the
wire parser finds it as it would in running copy. Paragraphs in the body are indented lines;
hard-wrapped lines within one are joined with a space. ``TYPE="BRIEF"`` records (a title and
"Blah blah blah.") become a one-paragraph article of the title; ``TYPE="UNPROC"`` records
(tables and unstructured copy) keep their whole text as the body.

Records are found by their opening tags, so one unterminated record becomes one reject and does
not swallow the next.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator

from ..article.build import from_fields
from ..article.model import Article
from ..errors import (
    EmptyInputError,
    MalformedRecordError,
    NoEntriesError,
    TooLargeError,
)
from ..options import Options
from .base import RawInput, Result, record_source, reject

_OPEN = re.compile(r"<REUTERS\b([^>]*)>")
_CLOSE = "</REUTERS>"
_ATTR = re.compile(r'([A-Z]+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_DATE = re.compile(r"<DATE>\s*(\d{1,2}-[A-Za-z]{3}-\d{4})")
_DATE_RAW = re.compile(r"<DATE>([^<&]*)")
_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_PLACES = re.compile(r"<PLACES>(.*?)</PLACES>", re.S)
_D = re.compile(r"<D>(.*?)</D>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SIGNOFF = re.compile(r"\s*\bREUTER\s*$", re.IGNORECASE)
_PARA_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]+\S)")
_DATELINE_JUNK = re.compile(r"^[^A-Za-z]+")


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    """One article (or reject) per ``<REUTERS>`` record."""
    text = raw.data.decode("latin-1")
    if not text.strip():
        raise EmptyInputError("the input is empty")
    starts = [m.start() for m in _OPEN.finditer(text)]
    if not starts:
        raise NoEntriesError("the input holds no <REUTERS> records")
    stops = [*starts[1:], len(text)]
    for index, (start, stop) in enumerate(zip(starts, stops, strict=True), start=1):
        source = record_source(raw.source, index)
        try:
            yield _article(text[start:stop], source, options)
        except Exception as err:  # one bad record must not stop the file
            yield reject(source, err)


def _article(record: str, source: str, options: Options) -> Article:
    if _CLOSE not in record:
        raise MalformedRecordError("the <REUTERS> record is not closed")
    if len(record) > options.max_bytes:
        raise TooLargeError(f"the record has {len(record)} characters, over {options.max_bytes}")
    headline, paragraphs, text_type = _content(record)
    return from_fields(
        source=source,
        format="sgml",
        options=options,
        paragraphs=paragraphs,
        headline=headline,
        outlet=options.outlet or "Reuters",
        metadata_date=_metadata_date(record),
        metadata=_metadata(record, text_type),
    )


def _content(record: str) -> tuple[str | None, list[str], str]:
    """Headline, body paragraphs (dateline in front) and the record's TEXT type."""
    m = _TEXT.search(record)
    attrs, inner = (m.group(1), m.group(2)) if m else ("", "")
    text_type = dict(_ATTR.findall(attrs)).get("TYPE", "NORM")
    title = _squeeze(_unescape(_group(_TITLE, inner)))
    body = _group(_BODY, inner)
    if body is None and title is None:  # UNPROC: the whole text is the body
        body = _TAG.sub("", inner)
    paragraphs = body_paragraphs(_unescape(body) or "")
    if not paragraphs:  # BRIEF: only a title, which becomes the one paragraph
        return None, [title] if title else [], text_type
    dateline = _clean_dateline(_group(_DATELINE, inner))
    return title, with_dateline(paragraphs, dateline), text_type


def body_paragraphs(body: str) -> list[str]:
    """Paragraphs of a Reuters body: indented lines or blank lines start a new one."""
    body = _SIGNOFF.sub("", body)
    parts = (" ".join(p.split()) for p in _PARA_BREAK.split(body))
    return [p for p in parts if p]


def with_dateline(paragraphs: list[str], dateline: str | None) -> list[str]:
    """``paragraphs`` with ``dateline`` in front of the first unless it already starts so."""
    if not dateline or not paragraphs or paragraphs[0].startswith(dateline):
        return paragraphs
    return [f"{dateline} {paragraphs[0]}", *paragraphs[1:]]


def _clean_dateline(value: str | None) -> str | None:
    return _DATELINE_JUNK.sub("", _squeeze(_unescape(value)) or "") or None


def _metadata_date(record: str) -> dt.date | None:
    m = _DATE.search(record)
    if m is None:
        return None
    try:
        return dt.datetime.strptime(m.group(1).title(), "%d-%b-%Y").date()
    except ValueError:
        return None


def _metadata(record: str, text_type: str) -> dict[str, str]:
    opening = _OPEN.match(record)
    attrs = dict(_ATTR.findall(opening.group(1) if opening else ""))
    date_raw = _DATE_RAW.search(record)
    out = {
        "newid": attrs.get("NEWID", ""),
        "oldid": attrs.get("OLDID", ""),
        "topics": ",".join(_D.findall(_group(_TOPICS, record) or "")),
        "places": ",".join(_D.findall(_group(_PLACES, record) or "")),
        "date": date_raw.group(1).strip() if date_raw else "",
        "text_type": text_type,
    }
    return {key: value for key, value in out.items() if value}


def _group(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


def _squeeze(value: str | None) -> str | None:
    return (" ".join(value.split()) or None) if value is not None else None


def _unescape(value: str | None) -> str | None:
    return None if value is None else _CONTROL.sub("", html.unescape(value))
