"""The WARC reader: HTML responses through the HTML reader, rejects for bad records."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotegraph.article.model import Article, DateBasis, Reject
from quotegraph.errors import NoEntriesError
from quotegraph.ingest import warc as warc_reader
from quotegraph.ingest.base import RawInput, Result
from quotegraph.options import Options

LEAD = "MOSCOW, November 5. /TASS/. The minister said talks would resume next week in Geneva."
QUOTE = "\u201cWe are ready to continue the dialogue,\u201d he told reporters on Tuesday afternoon."
MORE = "Officials from both sides have met three times since the spring, the ministry said."
WARC_DATE = "2021-11-05T10:00:00Z"


def page(title: str, *, dated: bool, body: tuple[str, ...] = (LEAD, QUOTE, MORE)) -> str:
    meta = '<meta property="article:published_time" content="2023-10-17">' if dated else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f"<html><head><title>{title}</title>{meta}</head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def response(
    writer: WARCWriter, uri: str, payload: bytes, content_type: str = "text/html; charset=utf-8"
) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )
    writer.write_record(record)


def archive(*, gzip: bool = False) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "pytest"}))
    request = StatusAndHeaders(
        "GET /a HTTP/1.1", [("Host", "news.example.com")], is_http_request=True
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example.com/a", "request", payload=io.BytesIO(b""), http_headers=request
        )
    )
    response(writer, "https://news.example.com/a", page("Dated story", dated=True).encode())
    response(writer, "https://news.example.com/b", page("Undated story", dated=False).encode())
    response(writer, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    response(writer, "https://news.example.com/empty", b"<html><body></body></html>")
    cyrillic = page("Новости", dated=True, body=("Москва. " + LEAD, QUOTE, MORE))
    response(
        writer,
        "https://news.example.ru/c",
        cyrillic.encode("windows-1251"),
        "text/html; charset=windows-1251",
    )
    return out.getvalue()


def read_all(data: bytes, options: Options | None = None) -> list[Result]:
    return list(warc_reader.read(RawInput(source="crawl.warc", data=data), options or Options()))


def test_html_responses_become_articles() -> None:
    dated, undated, empty, cyrillic = read_all(archive())
    assert isinstance(dated, Article) and isinstance(undated, Article)
    assert dated.source == "crawl.warc#3" and undated.source == "crawl.warc#4"
    assert dated.format == "warc"
    assert dated.url == "https://news.example.com/a"
    assert dated.headline is not None and dated.headline.text == "Dated story"
    assert [p.text for p in dated.paragraphs] == [LEAD, QUOTE, MORE]
    assert dated.published.date == dt.date(2023, 10, 17)
    assert dated.check_offsets()
    assert undated.published.date == dt.date(2021, 11, 5)  # the WARC-Date fallback
    assert undated.published.basis == DateBasis.METADATA
    assert isinstance(empty, Reject)
    assert (empty.source, empty.code) == ("crawl.warc#6", "QG106")
    assert isinstance(cyrillic, Article) and cyrillic.source == "crawl.warc#7"
    assert cyrillic.paragraphs[0].text.startswith("Москва.")


def test_gzipped_warc() -> None:
    results = read_all(archive(gzip=True))
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Reject", "Article"]


def test_oversized_record_is_rejected() -> None:
    results = read_all(archive(), Options(max_bytes=200))
    assert [(r.source, r.code) for r in results if isinstance(r, Reject)] == [
        ("crawl.warc#3", "QG104"),
        ("crawl.warc#4", "QG104"),
        ("crawl.warc#6", "QG106"),  # the empty page is small enough
        ("crawl.warc#7", "QG104"),
    ]


def test_archive_breaking_off_ends_with_a_reject() -> None:
    results = read_all(archive() + b"this is not a WARC record\r\n\r\n")
    assert sum(isinstance(r, Article) for r in results) == 3
    last = results[-1]
    assert isinstance(last, Reject)
    assert (last.source, last.code) == ("crawl.warc#8", "QG108")


def test_archive_without_html_responses_raises() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "pytest"}))
    response(writer, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    with pytest.raises(NoEntriesError, match="no HTML response"):
        read_all(out.getvalue())


@pytest.mark.parametrize("data", [b"", b"<html><body><p>not a warc</p></body></html>"])
def test_non_warc_input_raises(data: bytes) -> None:
    with pytest.raises(NoEntriesError):
        read_all(data)
