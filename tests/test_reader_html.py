"""The HTML reader: metadata and body from trafilatura, failures as NoArticleError."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from quotegraph.article.model import Article, DateBasis
from quotegraph.errors import BinaryInputError, EmptyInputError, NoArticleError
from quotegraph.ingest import html as html_reader
from quotegraph.ingest.base import RawInput, Result
from quotegraph.options import Options

PARAGRAPHS = (
    "MOSCOW, November 5. /TASS/. The minister said on Tuesday that talks with the delegation"
    " would resume next week in Geneva.",
    "\u201cWe are ready to continue the dialogue,\u201d he told reporters after the meeting,"
    " adding that no date had been agreed yet.",
    "Officials from both sides have met three times since the spring, according to a statement"
    " published by the ministry.",
)


def page(
    *, description: str = "The minister expects a new round of talks.", dated: bool = True
) -> str:
    date = (
        '<meta property="article:published_time" content="2023-10-17T08:00:00Z">' if dated else ""
    )
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html lang="en"><head>
<title>Talks to resume in Geneva | Example News</title>
<meta property="og:title" content="Talks to resume in Geneva">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta name="description" content="{description}">{date}
<link rel="canonical" href="https://news.example.com/2023/talks">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks to resume in Geneva</h1>{body}</article>
<footer>Copyright 2023 Example News</footer></body></html>"""


def read_all(data: bytes, source: str = "page.html") -> list[Result]:
    return list(html_reader.read(RawInput(source=source, data=data), Options()))


def only_article(data: bytes, source: str = "page.html") -> Article:
    results = read_all(data, source)
    assert len(results) == 1
    assert isinstance(results[0], Article)
    return results[0]


def test_reads_metadata_and_body() -> None:
    article = only_article(page().encode())
    assert article.format == "html"
    assert article.source == "page.html"
    assert article.headline is not None and article.headline.text == "Talks to resume in Geneva"
    assert article.standfirst is not None
    assert article.standfirst.text == "The minister expects a new round of talks."
    assert [p.text for p in article.paragraphs] == list(PARAGRAPHS)
    assert article.outlet == "Example News"
    assert article.url == "https://news.example.com/2023/talks"
    assert article.byline is not None and article.byline.text == "Jane Doe"
    assert article.published.date == dt.date(2023, 10, 17)
    assert article.published.basis == DateBasis.METADATA
    assert article.dateline is not None and article.dateline.agency == "TASS"
    assert article.check_offsets()


def test_headline_not_repeated_in_body() -> None:
    article = only_article(page().encode())
    assert article.text.count("Talks to resume in Geneva") == 1


def test_description_repeating_the_lead_is_not_a_standfirst() -> None:
    article = only_article(page(description=PARAGRAPHS[0][:60] + "\u2026").encode())
    assert article.standfirst is None


def test_url_source_is_the_article_url() -> None:
    article = only_article(page().encode(), source="https://mirror.example.org/a")
    assert article.url == "https://mirror.example.org/a"


def test_undated_page_has_no_metadata_date() -> None:
    article = only_article(page(dated=False).encode())
    assert article.published.basis != DateBasis.METADATA


def test_non_utf8_bytes_are_decoded() -> None:
    article = only_article(page().replace("\u201c", '"').replace("\u201d", '"').encode("cp1252"))
    assert article.paragraphs[1].text.startswith('"We are ready')


def test_page_without_article_raises_no_article() -> None:
    with pytest.raises(NoArticleError):
        read_all(b"<html><head><title>Menu</title></head><body><script>x()</script></body></html>")


def test_empty_and_binary_inputs_raise_input_errors() -> None:
    with pytest.raises(EmptyInputError):
        read_all(b"   \n")
    with pytest.raises(BinaryInputError):
        read_all(b"\x00\x01\x02\x03" * 100)


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
def test_deeply_nested_page_neither_crashes_nor_hangs(depth: int) -> None:
    text = " ".join(PARAGRAPHS)
    data = f"<html><body>{'<div>' * depth}<p>{text}</p>{'</div>' * depth}</body></html>"
    start = time.monotonic()
    try:
        results = read_all(data.encode())
    except NoArticleError:
        results = []
    assert time.monotonic() - start < 20
    assert all(isinstance(r, Article) for r in results)


def test_recursion_error_becomes_no_article(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_reader.trafilatura, "bare_extraction", explode)
    with pytest.raises(NoArticleError, match="nested too deeply"):
        read_all(page().encode())


def test_extractor_failure_becomes_no_article(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'tag'")

    monkeypatch.setattr(html_reader.trafilatura, "bare_extraction", explode)
    with pytest.raises(NoArticleError, match="could not be parsed"):
        read_all(page().encode())


def test_extract_body_is_the_stored_body() -> None:
    html = page()
    article = only_article(html.encode())
    assert html_reader.extract_body(html) == "\n\n".join(p.text for p in article.paragraphs)
    assert html_reader.extract_body("<html><body></body></html>") == ""
