"""HTML pages: trafilatura finds the article body and the page metadata.

:func:`article_from_html` is the shared core (the WARC reader calls it for every HTML response);
:func:`read` wraps it for one page, and :func:`extract_body` gives the body text the reader
stores, for evaluations. A page trafilatura cannot extract (no body, nesting too deep, parser
failure) raises :class:`~quotegraph.errors.NoArticleError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params

from ..article.build import from_fields, split_paragraphs
from ..article.model import Article
from ..errors import NoArticleError
from ..options import Options
from .base import RawInput, Result
from .decode import decode_bytes

_METADATA_KEYS = ("hostname", "sitename", "description", "date", "pagetype")
_HTTP_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)
_NON_WORD = re.compile(r"\W+")


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    """One article from one HTML page; a page without an article body raises NoArticleError."""
    html = decode_bytes(raw.data)
    url = raw.source if _HTTP_URL.match(raw.source) else None
    yield article_from_html(html, source=raw.source, options=options, url=url)


def extract_body(html: str) -> str:
    """The body text :func:`read` stores for ``html``: its paragraphs joined by blank lines."""
    try:
        article = article_from_html(html, source="<eval>", options=Options())
    except NoArticleError:
        return ""
    return "\n\n".join(p.text for p in article.paragraphs)


def article_from_html(
    html: str,
    *,
    source: str,
    options: Options,
    url: str | None = None,
    fallback_date: dt.date | None = None,
    format: str = "html",
) -> Article:
    """An article from one page. ``url`` (the page's known address) wins over the page's own;
    ``fallback_date`` is used when the page carries no date."""
    page = extract_page(html, url)
    headline = _field(page, "title")
    paragraphs = _without_headline(split_paragraphs(_field(page, "text") or ""), headline)
    if not paragraphs:
        raise NoArticleError("trafilatura found no article body in the page")
    return from_fields(
        source=source,
        format=format,
        options=options,
        paragraphs=paragraphs,
        headline=headline,
        standfirst=_standfirst(_field(page, "description"), paragraphs),
        byline=_field(page, "author"),
        url=url or _field(page, "url"),
        outlet=_field(page, "sitename"),
        metadata_date=parse_date(_field(page, "date")) or fallback_date,
        metadata={k: v for k in _METADATA_KEYS if (v := _field(page, k))},
    )


def extract_page(html: str, url: str | None = None) -> Mapping[str, Any]:
    """trafilatura's document for ``html`` as a mapping; NoArticleError when it finds nothing.

    Comments are left out, and dates come only from metadata, URLs and markup: htmldate's
    extensive search would turn a footer's "Copyright 2023" into 2023-01-01.
    """
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=set_date_params(extensive=False),
        )
    except RecursionError as err:
        raise NoArticleError("the page is nested too deeply to extract an article") from err
    except Exception as err:  # a third-party parser: any failure means no article here
        raise NoArticleError(f"the page could not be parsed ({type(err).__name__})") from err
    if result is None:
        raise NoArticleError("trafilatura found no article body in the page")
    return result if isinstance(result, dict) else result.as_dict()


def parse_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (optionally followed by a time) as a date, else ``None``."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _field(page: Mapping[str, Any], key: str) -> str | None:
    value = page.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _without_headline(paragraphs: list[str], headline: str | None) -> list[str]:
    """The body without a leading copy of the headline (trafilatura keeps the page's ``<h1>``)."""
    if paragraphs and headline and _words(paragraphs[0]) == _words(headline):
        return paragraphs[1:]
    return paragraphs


def _words(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def _standfirst(description: str | None, paragraphs: list[str]) -> str | None:
    """The page description, unless it merely repeats (or truncates) the opening paragraphs."""
    if not description:
        return None
    probe, opening = _words(description), _words(" ".join(paragraphs[:3]))
    return None if not probe or probe in opening else description
