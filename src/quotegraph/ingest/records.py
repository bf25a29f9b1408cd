"""Record files: JSONL (one object a line), JSON (an array of objects, or one object) and CSV.

Each record's fields are mapped onto the article fields ``headline, standfirst, body, published,
url, byline, outlet, id, language``: common source names are understood by default (``title``,
``text``, ``content``, ``publish_date``, ``article_source_link`` ...) and ``Options.field_map``
(source field -> article field) overrides them. The body may be one string (split into paragraphs
on blank lines, newlines or runs of 3+ spaces) or a list of paragraph strings. A bad line or row,
or a record without a body, becomes a reject; the other records are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from ..article.build import from_fields, split_paragraphs
from ..article.model import Article
from ..errors import MalformedRecordError, NoEntriesError, TooLargeError, UsageError
from ..options import Options
from .base import RawInput, Result, record_source, reject
from .decode import decode_bytes

ARTICLE_FIELDS = (
    "headline", "standfirst", "body", "published", "url", "byline", "outlet", "id", "language",
)  # fmt: skip
# Lower-cased source field name -> article field.
DEFAULT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{name: name for name in ARTICLE_FIELDS},
        "title": "headline", "subtitle": "standfirst", "description": "standfirst",
        "summary": "standfirst", "lead": "standfirst", "text": "body", "content": "body",
        "article": "body", "date": "published", "publish_date": "published",
        "pubdate": "published", "datetime": "published", "link": "url",
        "article_source_link": "url", "author": "byline", "source": "outlet", "site": "outlet",
        "article_id": "id", "lang": "language",
    }
)  # fmt: skip
# URL host (or a parent domain of it) -> outlet name, for records without an outlet field.
OUTLETS_BY_HOST: Mapping[str, str] = MappingProxyType(
    {
        "tass.com": "TASS", "tass.ru": "TASS", "reuters.com": "Reuters", "apnews.com": "AP",
        "afp.com": "AFP", "aljazeera.com": "Al Jazeera", "bbc.co.uk": "BBC", "bbc.com": "BBC",
        "cnn.com": "CNN", "dw.com": "DW", "rte.ie": "RTE", "abcnews.go.com": "ABC News",
        "huffingtonpost.com": "HuffPost", "chinadaily.com.cn": "China Daily",
        "xinhuanet.com": "Xinhua", "interfax.com": "Interfax", "ria.ru": "RIA Novosti",
    }
)  # fmt: skip
_EXTRA = "\x00extra"  # DictReader's key for cells beyond the header
_YMD = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])")  # 2017/2/7, 2017/1/30 7:11


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Lower-cased source field -> article field: ``user`` (from Options) beats the defaults."""

    user: Mapping[str, str]

    def target(self, source_field: str) -> tuple[str, int] | None:
        """The article field for ``source_field`` and its rank (0 user map, 1 default alias)."""
        name = source_field.lower()
        if name in self.user:
            return self.user[name], 0
        if name in DEFAULT_ALIASES:
            return DEFAULT_ALIASES[name], 1
        return None


def read(raw: RawInput, options: Options) -> Iterator[Result]:
    """JSON, JSONL or CSV, chosen by the first non-space character (``[``, ``{``, else CSV)."""
    head = raw.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n\f\v")
    if head.startswith(b"["):
        return read_json(raw, options)
    if head.startswith(b"{"):
        return read_jsonl(raw, options)
    return read_csv(raw, options)


def read_jsonl(raw: RawInput, options: Options) -> Iterator[Result]:
    """One record a line; one pretty-printed JSON object or array is read as JSON."""
    text = decode_bytes(raw.data)
    fields = field_map(options)
    whole = _whole_json(text)
    if whole is not None:
        yield from _records(raw.source, "json", _json_records(whole), fields, options)
        return
    for line_no, line in _lines(text):
        source = record_source(raw.source, line_no)
        try:
            yield _article(_parse_line(line, options), source, "jsonl", fields, options)
        except Exception as err:  # one bad line must not stop the file
            yield reject(source, err)


def read_json(raw: RawInput, options: Options) -> Iterator[Result]:
    """An array of objects, or one object (or ``{"articles": [...]}``-style wrapper)."""
    fields = field_map(options)
    try:
        value = _loads(decode_bytes(raw.data))
    except json.JSONDecodeError as err:
        raise MalformedRecordError(f"invalid JSON at line {err.lineno}: {err.msg}") from err
    yield from _records(raw.source, "json", _json_records(value), fields, options)


def read_csv(raw: RawInput, options: Options) -> Iterator[Result]:
    """CSV (or TSV) with a header row; a malformed row becomes a reject."""
    fields = field_map(options)
    text = decode_bytes(raw.data)
    # Fields up to the document cap parse (and are then refused as too large, not malformed).
    csv.field_size_limit(min(sys.maxsize, max(options.max_bytes + 1, csv.field_size_limit())))
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, restkey=_EXTRA)
    try:
        header = reader.fieldnames
    except csv.Error as err:
        raise MalformedRecordError(f"the CSV header cannot be read: {err}") from err
    if not header or not any(name.strip() for name in header):
        raise NoEntriesError("the CSV input has no header row")
    yield from _csv_rows(raw.source, reader, fields, options)


def field_map(options: Options) -> FieldMap:
    """The source-to-article field map for ``options`` (unknown article fields are refused)."""
    user = {source.strip().lower(): target.strip() for source, target in options.mapping().items()}
    unknown = sorted(set(user.values()) - set(ARTICLE_FIELDS))
    if unknown:
        raise UsageError(
            f"field map names unknown article fields: {', '.join(unknown)}",
            hint=f"map to one of: {', '.join(ARTICLE_FIELDS)}",
        )
    return FieldMap(MappingProxyType(user))


def parse_published(value: object) -> dt.date | None:
    """A date from ISO, ``2017/2/7``, ``2017/1/30 7:11``, RFC 2822, epoch seconds or dateparser."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _epoch_date(float(value))
    text = str(value).strip()
    if not text:
        return None
    return _iso_date(text) or _rfc2822_date(text) or _dateparser_date(text)


def outlet_from_url(url: str | None) -> str | None:
    """``https://tass.com/politics/1`` -> ``TASS``; an unknown host is returned bare (no www.)."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.lower().removeprefix("www.")
    if not host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = OUTLETS_BY_HOST.get(".".join(parts[i:]))
        if name:
            return name
    return host


# --- records to articles ----------------------------------------------------------------------


def _records(
    source: str, fmt: str, records: Iterable[object], fields: FieldMap, options: Options
) -> Iterator[Result]:
    count = 0
    for index, record in enumerate(records, start=1):
        count += 1
        where = record_source(source, index)
        try:
            yield _article(record, where, fmt, fields, options)
        except Exception as err:  # one bad record must not stop the file
            yield reject(where, err)
    if count == 0:
        raise NoEntriesError("the JSON input holds no records")


def _article(record: object, source: str, fmt: str, fields: FieldMap, options: Options) -> Article:
    if not isinstance(record, dict):
        raise MalformedRecordError(f"the record is a JSON {type(record).__name__}, not an object")
    mapped = _mapped(record, fields)
    paragraphs = _body(mapped.get("body"))
    size = sum(len(p) for p in paragraphs)
    if size > options.max_bytes:
        raise TooLargeError(f"the body has {size} characters, over {options.max_bytes}")
    url = _text(mapped.get("url"))
    published_raw = mapped.get("published")
    published = parse_published(published_raw)
    return from_fields(
        source=source,
        format=fmt,
        options=options,
        paragraphs=paragraphs,
        headline=_text(mapped.get("headline")),
        standfirst=_text(mapped.get("standfirst")),
        byline=_text(mapped.get("byline")),
        url=url,
        outlet=_text(mapped.get("outlet")) or options.outlet or outlet_from_url(url),
        metadata_date=published,
        language=_text(mapped.get("language")),
        metadata=_metadata(mapped, published_raw, published),
    )


def _mapped(record: Mapping[str, Any], fields: FieldMap) -> dict[str, Any]:
    """Article field -> value; the first non-empty source field of the best rank wins."""
    out: dict[str, Any] = {}
    ranks: dict[str, int] = {}
    for key, value in record.items():
        found = fields.target(str(key))
        if found is None or value is None or value in ("", [], {}):
            continue
        target, rank = found
        if ranks.get(target, 2) > rank:
            out[target], ranks[target] = value, rank
    return out


def _body(value: object) -> list[str]:
    if isinstance(value, list):
        return [p for item in value for p in split_paragraphs(_text(item) or "")]
    return split_paragraphs(_text(value) or "")


def _text(value: object) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        items = [t for t in (_text(v) for v in value) if t]
        return ", ".join(items) or None
    return str(value).strip() or None


def _metadata(
    mapped: Mapping[str, Any], published_raw: object, published: dt.date | None
) -> dict[str, str]:
    out: dict[str, str] = {}
    record_id = _text(mapped.get("id"))
    if record_id:
        out["record_id"] = record_id
    raw_date = _text(published_raw)
    if raw_date:
        out["published_raw" if published else "published_unparsed"] = raw_date
    return out


# --- JSON and JSONL ---------------------------------------------------------------------------


def _whole_json(text: str) -> object | None:
    """The parsed document when ``text`` is one JSON value spread over lines, else ``None``."""
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    try:
        _loads(first)
        return None  # the first line stands alone: JSONL
    except MalformedRecordError:
        return None  # it stands alone, nested too deeply: JSONL, the line a reject
    except json.JSONDecodeError:
        pass
    try:
        value: object = _loads(text.lstrip("\ufeff"))
    except (json.JSONDecodeError, MalformedRecordError):
        return None
    return value


def _loads(text: str) -> object:
    """``json.loads``; nesting too deep for the parser is a malformed record (QG108)."""
    try:
        return json.loads(text)
    except RecursionError as err:
        raise MalformedRecordError(
            "the JSON nests thousands of levels deep; an article is a flat object"
        ) from err


def _json_records(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if not any(k.lower() in ("body", "text", "content", "article") for k in value):
            lists = [v for v in value.values() if isinstance(v, list) and v]
            if len(lists) == 1 and all(isinstance(v, dict) for v in lists[0]):
                return list(lists[0])  # {"articles": [{...}, ...]}
        return [value]
    raise MalformedRecordError(f"the JSON input is a {type(value).__name__}, not objects")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers (only ``\\n`` ends a line, as JSONL says)."""
    pos, line_no = 0, 0
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        line_no += 1
        line = text[pos:stop].strip()
        if line:
            yield line_no, line
        pos = stop + 1


def _parse_line(line: str, options: Options) -> object:
    if len(line) > options.max_bytes:
        raise TooLargeError(f"the line has {len(line)} characters, over {options.max_bytes}")
    try:
        return _loads(line)
    except json.JSONDecodeError as err:
        raise MalformedRecordError(f"invalid JSON: {err.msg} at column {err.colno}") from err


# --- CSV --------------------------------------------------------------------------------------


def _csv_rows(
    source: str, reader: csv.DictReader[str], fields: FieldMap, options: Options
) -> Iterator[Result]:
    """One result per data row (``#n`` counts rows; blank lines are skipped by the reader)."""
    index = 0
    for index in itertools.count(1):
        where = record_source(source, index)
        try:
            row = _next_row(reader)
            if row is None:
                break
            yield _article(
                _csv_record(row, reader.line_num, options), where, "csv", fields, options
            )
        except Exception as err:  # one bad row must not stop the file
            yield reject(where, err)
    if index == 1:
        raise NoEntriesError("the CSV input has a header but no rows")


def _next_row(reader: csv.DictReader[str]) -> dict[str, Any] | None:
    try:
        return next(reader, None)
    except csv.Error as err:  # the reader recovers at the next line
        raise MalformedRecordError(f"bad CSV near line {reader.line_num + 1}: {err}") from err


def _csv_record(row: dict[str, Any], line_num: int, options: Options) -> dict[str, Any]:
    if _EXTRA in row or any(value is None for value in row.values()):
        width = len(row) - 1 + len(row.get(_EXTRA, ())) - sum(v is None for v in row.values())
        raise MalformedRecordError(
            f"the row ending on line {line_num} has {width} fields, the header {len(row) - 1}"
            if _EXTRA in row
            else f"the row ending on line {line_num} has fewer fields than the header"
        )
    too_long = [name for name, cell in row.items() if len(cell) > options.max_bytes]
    if too_long:
        raise TooLargeError(f"field {too_long[0]!r} is over {options.max_bytes} characters")
    return row


# --- dates ------------------------------------------------------------------------------------


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = _YMD.match(text)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _rfc2822_date(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _dateparser_date(text: str) -> dt.date | None:
    import dateparser  # slow to import: only when the cheap parsers fail

    try:
        parsed = dateparser.parse(text, settings=_dateparser_settings())
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if isinstance(parsed, dt.datetime) else None


def _dateparser_settings() -> dict[str, Any]:
    return {
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "yesterday", "2 days ago"
        "REQUIRE_PARTS": ["day", "month", "year"],  # never guess a missing part
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _epoch_date(value: float) -> dt.date | None:
    seconds = value / 1000 if value > 1e11 else value  # milliseconds
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


# --- Parquet ----------------------------------------------------------------------------------


def read_parquet(raw: RawInput, options: Options) -> Iterator[Result]:
    """A Parquet file, one row a record, mapped like JSONL (needs pyarrow: the ``dataframes``
    or ``ray`` extra). Rows are read a row group slice at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            "reading Parquet needs pyarrow", hint="pip install 'quotegraph[dataframes]'"
        ) from exc
    try:
        batches = pq.ParquetFile(io.BytesIO(raw.data)).iter_batches(batch_size=256)
        rows = (row for batch in batches for row in batch.to_pylist())
        yield from _records(raw.source, "parquet", rows, field_map(options), options)
    except (OSError, ValueError) as err:  # pyarrow's errors for a corrupt file
        raise MalformedRecordError(f"the Parquet file cannot be read: {err}") from err
