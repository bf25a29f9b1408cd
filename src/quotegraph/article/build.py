"""Assemble :class:`Article` records: the one place readers turn text into the model.

* :func:`from_text`: the text *is* the canonical text (plain wire copy, stdin); its structure is
  found by :func:`quotegraph.article.wire.layout`.
* :func:`from_fields`: structured sources (HTML, feeds, JSONL, CSV, SGML, WARC) give headline,
  standfirst, byline and body separately; the canonical text is those parts joined by blank
  lines, and the dateline is looked for at the start of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from ..errors import EmptyInputError, NoArticleError
from ..options import Options
from .dates import infer_published
from .model import Article, TextSpan, content_id
from .wire import find_dateline, layout

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_PARA_SPLIT = re.compile(r"\n\s*\n| {3,}|\n(?=\s*\S)")


def from_text(
    text: str,
    *,
    source: str,
    format: str,
    options: Options,
    url: str | None = None,
    outlet: str | None = None,
    metadata_date: dt.date | None = None,
    metadata: Mapping[str, str] | None = None,
) -> Article:
    """An article whose canonical text is ``text`` unchanged."""
    if not text.strip():
        raise EmptyInputError("no text")
    found = layout(text)
    if not found.paragraphs and found.headline is None:
        raise NoArticleError("no paragraphs")
    return Article(
        id=content_id(text),
        text=text,
        source=source,
        format=format,
        url=url,
        outlet=outlet or options.outlet or _agency_outlet(found.dateline),
        headline=found.headline,
        standfirst=found.standfirst,
        byline=found.byline,
        dateline=found.dateline,
        paragraphs=found.paragraphs,
        published=infer_published(text, found.dateline, metadata_date, options),
        metadata=dict(metadata or {}),
    )


def from_fields(
    *,
    source: str,
    format: str,
    options: Options,
    paragraphs: Iterable[str],
    headline: str | None = None,
    standfirst: str | None = None,
    byline: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    metadata_date: dt.date | None = None,
    language: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> Article:
    """An article composed from separate fields (see the module docstring)."""
    body = [p for p in (_clean(p) for p in paragraphs) if p]
    if not body:
        raise NoArticleError("the record has no body text")
    head, stand, by = _clean(headline or ""), _clean(standfirst or ""), _clean(byline or "")
    if stand and stand == body[0]:
        # sites often repeat the standfirst as the first paragraph: with no byline between
        # them it stays the standfirst and the body starts after it (the canonical text is
        # the same either way); otherwise it is the first paragraph
        if len(body) > 1 and not by:
            body = body[1:]
        else:
            stand = ""
    text, spans = _join([head, stand, by, *body])
    body_spans = tuple(s for s in spans[3:] if s is not None)
    found = (find_dateline(text, p.start, p.end) for p in body_spans[:2])
    dateline = next((d for d in found if d is not None), None)
    return Article(
        id=content_id(text),
        text=text,
        source=source,
        format=format,
        url=url,
        outlet=outlet or options.outlet or _agency_outlet(dateline),
        headline=spans[0],
        standfirst=spans[1],
        byline=spans[2],
        dateline=dateline,
        paragraphs=body_spans,
        language=language or "en",
        published=infer_published(text, dateline, metadata_date, options),
        metadata=dict(metadata or {}),
    )


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a body string: blank lines, newlines or runs of 3+ spaces separate them."""
    return [p for p in (_clean(p) for p in _PARA_SPLIT.split(body)) if p]


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def _join(parts: list[str]) -> tuple[str, list[TextSpan | None]]:
    """Join non-empty parts with blank lines; a span per part (``None`` for empty ones)."""
    spans: list[TextSpan | None] = []
    pieces: list[str] = []
    pos = 0
    for part in parts:
        if not part:
            spans.append(None)
            continue
        if pieces:
            pieces.append("\n\n")
            pos += 2
        pieces.append(part)
        spans.append(TextSpan(start=pos, end=pos + len(part), text=part))
        pos += len(part)
    return "".join(pieces), spans


def _agency_outlet(dateline: object) -> str | None:
    agency = getattr(dateline, "agency", None)
    return str(agency).replace("ITAR-", "") if agency else None
