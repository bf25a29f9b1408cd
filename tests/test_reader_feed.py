"""The feed reader: one article per entry, rejects for empty entries, entity attacks refused."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from quotegraph.article.model import Article, DateBasis, Reject
from quotegraph.errors import NoEntriesError
from quotegraph.ingest import feed as feed_reader
from quotegraph.ingest.base import RawInput, Result
from quotegraph.options import Options

LEAD = "MOSCOW, November 5. /TASS/. The minister said talks would resume next week in Geneva."
QUOTE = "\u201cWe are ready to continue the dialogue,\u201d he told reporters on Tuesday."

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://wire.example.com/</link>
<language>en-us</language>
<item>
  <title>Talks to resume in Geneva</title>
  <link>https://wire.example.com/1</link>
  <guid>wire-1</guid>
  <dc:creator>Jane Doe</dc:creator>
  <pubDate>Tue, 17 Oct 2023 08:00:00 GMT</pubDate>
  <description>A short teaser.</description>
  <content:encoded><![CDATA[<p>{LEAD}</p>
    <p>{QUOTE}</p><script>track()</script>]]></content:encoded>
</item>
<item>
  <title>Second story</title>
  <link>https://wire.example.com/2</link>
  <description>&lt;p&gt;Only a summary here, said the spokesman.&lt;br&gt;And a second
  line.&lt;/p&gt;</description>
</item>
<item><title>Empty one</title><link>https://wire.example.com/3</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<updated>2024-12-02T10:00:00Z</updated>
<entry><title>Atom story</title><id>urn:x:1</id><link href="https://atom.example.com/1"/>
<updated>2024-12-02T10:00:00Z</updated><author><name>John Roe</name></author>
<content type="html">&lt;p&gt;{LEAD}&lt;/p&gt;&lt;p&gt;{QUOTE}&lt;/p&gt;</content>
</entry></feed>"""


def read_all(data: bytes, source: str = "feed.xml") -> list[Result]:
    return list(feed_reader.read(RawInput(source=source, data=data), Options()))


def test_rss_entries_become_articles_and_rejects() -> None:
    first, second, third = read_all(RSS.encode())
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.source == "feed.xml#1" and second.source == "feed.xml#2"
    assert first.format == "feed"
    assert first.headline is not None and first.headline.text == "Talks to resume in Geneva"
    assert [p.text for p in first.paragraphs] == [LEAD, QUOTE]
    assert first.url == "https://wire.example.com/1"
    assert first.outlet == "Example Wire"
    assert first.byline is not None and first.byline.text == "Jane Doe"
    assert first.metadata["entry_id"] == "wire-1"
    assert first.published.date == dt.date(2023, 10, 17)
    assert first.published.basis == DateBasis.METADATA
    assert first.check_offsets()
    assert [p.text for p in second.paragraphs] == [
        "Only a summary here, said the spokesman.",
        "And a second line.",
    ]
    assert isinstance(third, Reject)
    assert (third.source, third.code) == ("feed.xml#3", "QG106")


def test_atom_entry() -> None:
    (article,) = read_all(ATOM.encode())
    assert isinstance(article, Article)
    assert article.outlet == "Atom Wire"
    assert article.url == "https://atom.example.com/1"
    assert article.byline is not None and article.byline.text == "John Roe"
    assert article.published.date == dt.date(2024, 12, 2)
    assert [p.text for p in article.paragraphs] == [LEAD, QUOTE]


def test_feed_without_entries_raises() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    with pytest.raises(NoEntriesError):
        read_all(empty)
    with pytest.raises(NoEntriesError):
        read_all(b"just some text, not a feed")


def test_data_is_never_taken_for_a_path_or_url() -> None:
    with pytest.raises(NoEntriesError):
        read_all(b"/etc/passwd")
    with pytest.raises(NoEntriesError):
        read_all(b"http://127.0.0.1:9/feed.xml")


def test_a_failing_entry_is_rejected_and_the_feed_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = feed_reader.html_paragraphs

    def flaky(fragment: str) -> list[str]:
        if "spokesman" in fragment:
            raise ValueError("boom")
        return real(fragment)

    monkeypatch.setattr(feed_reader, "html_paragraphs", flaky)
    first, second, third = read_all(RSS.encode())
    assert isinstance(first, Article)
    assert isinstance(second, Reject) and second.code == "QG199"
    assert isinstance(third, Reject) and third.code == "QG106"


def billion_laughs(levels: int = 9) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    entities = "\n".join(lines)
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [
{entities}
]>
<rss version="2.0"><channel><title>T</title>
<item><title>x</title><description>&lol{levels};</description></item>
</channel></rss>"""


def quadratic_blowup() -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "{"x" * 5000}">]>
<rss version="2.0"><channel><title>T</title>
<item><title>x</title><description>{"&a;" * 20000}</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "data",
    [
        billion_laughs().encode(),
        quadratic_blowup().encode(),
        billion_laughs().encode("utf-16"),
        billion_laughs().encode("utf-16-be"),
    ],
    ids=["billion-laughs", "quadratic", "utf-16", "utf-16-be"],
)
def test_entity_expansion_is_refused_quickly(data: bytes) -> None:
    start = time.monotonic()
    with pytest.raises(NoEntriesError, match="entities"):
        read_all(data)
    assert time.monotonic() - start < 1


def test_html_paragraphs() -> None:
    fragment = (
        "<div>One\n  line <b>bold</b>.<br>Two.</div><ul><li>Three</li></ul><style>x{}</style>"
    )
    assert feed_reader.html_paragraphs(fragment) == ["One line bold.", "Two.", "Three"]
    assert feed_reader.html_paragraphs("plain words") == ["plain words"]
    assert feed_reader.html_paragraphs("  ") == []


def test_doctype_without_entities_is_read() -> None:
    doctype = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    )
    data = RSS.replace('<rss version="2.0"', doctype + '<rss version="2.0"', 1).encode()
    assert sum(isinstance(r, Article) for r in read_all(data)) == 2


def test_deeply_nested_entry_html_does_not_crash() -> None:
    nested = "<div>" * 100_000 + LEAD + "</div>" * 100_000
    data = RSS.replace(f"<p>{LEAD}</p>", nested, 1).encode()
    start = time.monotonic()
    results = read_all(data)
    assert time.monotonic() - start < 20
    assert len(results) == 3
