"""RSS and Atom feeds via feedparser: one article per entry.

The body is the entry's ``content`` (else its ``summary``), with any HTML reduced to paragraphs.
Feeds whose DOCTYPE declares entities are refused before parsing: feedparser's fallback
(loose) parser expands such entities itself, so a small feed could grow to gigabytes.
The data is always handed to feedparser as a stream, never as bytes or str, which feedparser
would take for a file name or URL.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser
import lxml.html  # type: ignore[import-untyped]  # lxml ships no stubs

from ..article.build import from_fields, split_paragraphs
from ..article.model import Article
from ..errors import NoArticleError, NoEntriesError
from ..options import Options
from .base import RawInput, Result, record_source, reject

_CODECS = ("latin-1", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_DROP = ("script", "style", "noscript", "template")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SPACE_RUNS = re.compile(r"\s+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    """One article (or reject) per entry; a feed with no entries raises NoEntriesError."""
    feed = _parse(raw.data)
    entries = feed.get("entries") or []
    if not entries:
        raise NoEntriesError("the input holds no feed entries")
    channel: Mapping[str, Any] = feed.get("feed") or {}
    for i, entry in enumerate(entries, start=1):
        source = record_source(raw.source, i)
        try:
            yield _article(entry, channel, source, options)
        except Exception as err:  # one bad entry must not stop the feed
            yield reject(source, err)


def html_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment: block elements and ``<br>`` break, other whitespace joins."""
    fragment = _NOT_XML.sub(" ", fragment)  # lxml refuses control characters outright
    if not fragment.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):  # no markup lxml can build a tree from
        return split_paragraphs(fragment)
    for dropped in [el for el in root.iter(*_DROP)]:
        dropped.drop_tree()
    for el in root.iter():
        el.text, el.tail = _squeeze(el.text), _squeeze(el.tail)
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    return split_paragraphs(root.text_content())


def _parse(data: bytes) -> Mapping[str, Any]:
    if _declares_entities(data):
        raise NoEntriesError(
            "the feed declares XML entities in its DOCTYPE; refused (entity expansion attack)",
            hint="remove the <!ENTITY> declarations from the feed",
        )
    try:
        parsed: Mapping[str, Any] = feedparser.parse(io.BytesIO(data))
    except Exception as err:  # feedparser normally reports problems as "bozo" instead
        raise NoEntriesError(f"the feed could not be parsed ({type(err).__name__})") from err
    return parsed


def _declares_entities(data: bytes) -> bool:
    """A DOCTYPE followed by ``<!ENTITY``, in any ASCII-compatible charset or UTF-16/32."""
    for codec in _CODECS:
        doctype = data.find("<!DOCTYPE".encode(codec))
        if doctype >= 0 and data.find("<!ENTITY".encode(codec), doctype) >= 0:
            return True
    return False


def _article(
    entry: Mapping[str, Any], channel: Mapping[str, Any], source: str, options: Options
) -> Article:
    paragraphs = _body(entry)
    if not paragraphs:
        raise NoArticleError("the feed entry has no content or summary text")
    return from_fields(
        source=source,
        format="feed",
        options=options,
        paragraphs=paragraphs,
        headline=_title(entry),
        byline=_str(entry.get("author")),
        url=_str(entry.get("link")),
        outlet=_str(channel.get("title")),
        metadata_date=_date(entry),
        language=_language(entry, channel),
        metadata={"entry_id": entry_id} if (entry_id := _str(entry.get("id"))) else {},
    )


def _body(entry: Mapping[str, Any]) -> list[str]:
    content = entry.get("content") or []
    if content and _str(content[0].get("value")):
        return _paragraphs(content[0]["value"], content[0].get("type"))
    detail = entry.get("summary_detail") or {}
    return _paragraphs(entry.get("summary") or "", detail.get("type"))


def _paragraphs(value: str, kind: str | None) -> list[str]:
    if kind is None or kind in _HTML_TYPES:
        return html_paragraphs(value)
    return split_paragraphs(value)


def _title(entry: Mapping[str, Any]) -> str | None:
    title = _str(entry.get("title"))
    if title is None:
        return None
    kind = (entry.get("title_detail") or {}).get("type")
    return " ".join(html_paragraphs(title)) if kind in _HTML_TYPES else title


def _date(entry: Mapping[str, Any]) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (AttributeError, ValueError):
        return None


def _language(entry: Mapping[str, Any], channel: Mapping[str, Any]) -> str | None:
    detail = entry.get("content") or [entry.get("summary_detail") or {}]
    tag = _str(detail[0].get("language")) or _str(channel.get("language"))
    return tag.split("-")[0].lower() if tag else None


def _str(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _squeeze(text: str | None) -> str | None:
    return _SPACE_RUNS.sub(" ", text) if text else text
