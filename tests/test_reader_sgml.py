"""The Reuters-21578 SGML reader: records, datelines, briefs, tables, bad records; the full set."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from quotegraph.article.model import Article, DateBasis, Reject
from quotegraph.errors import EmptyInputError, NoEntriesError
from quotegraph.ingest import sgml
from quotegraph.ingest.base import RawInput, Result
from quotegraph.options import Options

OPTIONS = Options(reference_date=dt.date(2026, 11, 22))

STORY = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D><D>grain</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<UNKNOWN>&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, &lt;Comissaria Smith> said in its weekly review.
    "The dry period means the temporao will be late," it said.
    Arrivals for the week &amp; season were 155,221 bags.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""
BRIEF = """<REUTERS TOPICS="NO" NEWID="30">
<DATE>26-FEB-1987 15:43:14.36</DATE>
<TOPICS></TOPICS><PLACES><D>usa</D></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
"""
UNPROC = """<REUTERS TOPICS="NO" NEWID="50">
<DATE>26-FEB-1987 16:01:00.00&#5;&#5;&#5;RM</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
    Two weeks ended Feb 25      daily avgs-mlns
 Net free reserves.............644 vs.....1,337
 Reuter
&#3;
</TEXT>
</REUTERS>
"""
UNCLOSED = """<REUTERS NEWID="60"><DATE>26-FEB-1987</DATE><TEXT><TITLE>CUT OFF</TITLE>
<BODY>The record was never closed
"""


def _read(text: str) -> list[Result]:
    raw = RawInput(source="reut.sgm", data=text.encode("latin-1"), format="sgml")
    return list(sgml.read(raw, OPTIONS))


def test_story_record_fields_and_dateline() -> None:
    [article] = _read('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + STORY)
    assert isinstance(article, Article) and article.check_offsets()
    assert article.headline and article.headline.text == "BAHIA COCOA REVIEW"
    assert [p.text for p in article.paragraphs] == [
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, "
        "<Comissaria Smith> said in its weekly review.",
        '"The dry period means the temporao will be late," it said.',
        "Arrivals for the week & season were 155,221 bags.",
    ]
    assert article.dateline and article.dateline.span.text == "SALVADOR, Feb 26 -"
    dateline = article.dateline
    assert (dateline.place, dateline.month, dateline.day) == ("Salvador", 2, 26)
    assert article.published.date == dt.date(1987, 2, 26)
    assert article.published.basis is DateBasis.METADATA
    assert article.metadata["newid"] == "1" and article.metadata["topics"] == "cocoa,grain"
    assert article.metadata["places"] == "el-salvador,usa"
    assert article.outlet == "Reuters" and article.format == "sgml"
    assert article.source == "reut.sgm#1" and "\x03" not in article.text


def test_dateline_not_doubled_when_body_starts_with_it() -> None:
    story = STORY.replace("<BODY>Showers", "<BODY>SALVADOR, Feb 26 - Showers")
    [article] = _read(story)
    assert isinstance(article, Article)
    assert article.paragraphs[0].text.startswith("SALVADOR, Feb 26 - Showers")


def test_brief_becomes_a_title_only_article() -> None:
    [article] = _read(BRIEF)
    assert isinstance(article, Article)
    assert [p.text for p in article.paragraphs] == [
        "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK"
    ]
    assert "Blah" not in article.text and article.metadata["text_type"] == "BRIEF"


def test_unprocessed_record_keeps_its_text_and_odd_date() -> None:
    [article] = _read(UNPROC)
    assert isinstance(article, Article)
    assert article.paragraphs[0].text == "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"
    assert article.paragraphs[-1].text.startswith("Net free reserves")
    assert not article.text.endswith("Reuter")
    assert article.published.date == dt.date(1987, 2, 26)


def test_unclosed_record_is_rejected_and_the_next_one_read() -> None:
    results = _read(STORY + UNCLOSED + BRIEF)
    assert [type(r).__name__ for r in results] == ["Article", "Reject", "Article"]
    bad = results[1]
    assert isinstance(bad, Reject) and bad.code == "QG108" and bad.source == "reut.sgm#2"


def test_whole_input_errors() -> None:
    with pytest.raises(EmptyInputError):
        _read("  \n")
    with pytest.raises(NoEntriesError):
        _read("<lewis>no records here</lewis>")


def test_body_paragraphs_join_wrapped_lines() -> None:
    body = "First line\nwraps here.\n    Second para\nalso wraps.\n\nThird.\n Reuter\n"
    assert sgml.body_paragraphs(body) == [
        "First line wraps here.",
        "Second para also wraps.",
        "Third.",
    ]


# --- the full collection -------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_all_reuters_21578_stories_ingest(shared_dir: Path) -> None:
    files = sorted((shared_dir / "datasets" / "reuters21578").glob("reut2-*.sgm.gz"))
    assert len(files) == 22, "expected reut2-000 ... reut2-021"
    articles, rejects, with_dateline, found = 0, [], 0, 0
    for path in files:
        raw = RawInput(source=path.name, data=gzip.decompress(path.read_bytes()), format="sgml")
        for result in sgml.read(raw, OPTIONS):
            if isinstance(result, Reject):
                rejects.append(result)
                continue
            articles += 1
            if result.metadata.get("text_type", "NORM") == "NORM":  # the records with <DATELINE>
                with_dateline += 1
                found += result.dateline is not None
    rate = found / with_dateline
    print(f"\nReuters-21578: {articles} articles, {len(rejects)} rejects: {rejects}")
    print(f"dateline found in {found}/{with_dateline} records with <DATELINE> = {rate:.4f}")
    assert articles + len(rejects) == 21578
    # One record (reut2-012 #793, NEWID 12793) is an empty TYPE="UNPROC" text: no body at all.
    assert all(r.code == "QG106" for r in rejects) and len(rejects) <= 1
    assert with_dateline == 19043
    assert rate >= 0.98
