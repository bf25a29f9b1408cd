"""WARC archives via warcio: every HTML ``response`` record is read as an HTML page.

Records are located as ``<source>#<n>``, ``n`` counting every record in the archive from 1 (so
``warcinfo`` and ``request`` records take numbers too). The article's URL is the record's
``WARC-Target-URI``; its ``WARC-Date`` is the publication date only when the page has none.
A bad record becomes a reject; an archive that breaks off ends with a reject for the break.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from ..errors import MalformedRecordError, NoEntriesError, TooLargeError
from ..options import Options
from .base import RawInput, Result, record_source, reject
from .decode import decode_bytes
from .html import article_from_html, parse_date


class _BrokenArchive(Exception):
    """warcio could not read record ``index``; the rest of the archive is lost."""

    def __init__(self, index: int, cause: Exception) -> None:
        super().__init__(f"record {index} cannot be read ({type(cause).__name__}: {cause})")
        self.index = index


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    """An article or reject per HTML response; NoEntriesError when the archive has none."""
    found = 0
    try:
        for index, record in _html_responses(raw.data):
            found += 1
            yield _result(record, record_source(raw.source, index), options)
    except _BrokenArchive as broken:
        if not found:
            raise NoEntriesError(f"not a readable WARC archive: {broken}") from broken
        yield reject(record_source(raw.source, broken.index), MalformedRecordError(str(broken)))
    if not found:
        raise NoEntriesError("the archive holds no HTML response records")


def _html_responses(data: bytes) -> Iterator[tuple[int, Any]]:
    """``(index, record)`` for each HTML response; :class:`_BrokenArchive` when reading fails."""
    records = iter(ArchiveIterator(io.BytesIO(data)))
    index = 0
    while True:
        index += 1
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as err:  # warcio raises several unrelated types on corrupt input
            raise _BrokenArchive(index, err) from err
        if _is_html_response(record):
            yield index, record


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()


def _result(record: Any, source: str, options: Options) -> Result:
    try:
        html = _decode(_payload(record, options.max_bytes), _charset(record))
        return article_from_html(
            html,
            source=source,
            options=options,
            url=record.rec_headers.get_header("WARC-Target-URI") or None,
            fallback_date=parse_date(record.rec_headers.get_header("WARC-Date")),
            format="warc",
        )
    except Exception as err:  # one bad record must not stop the archive
        return reject(source, err)


def _payload(record: Any, max_bytes: int) -> bytes:
    """The record's HTTP body (de-chunked, decompressed), refusing more than ``max_bytes``."""
    data: bytes = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLargeError(f"the record's payload exceeds {max_bytes} bytes")
    return data


def _charset(record: Any) -> str | None:
    content_type: str = record.http_headers.get_header("Content-Type") or ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _decode(data: bytes, charset: str | None) -> str:
    """The declared charset when it fits the bytes, else :func:`decode_bytes`'s detection."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)
