"""Wire structure and publication dates of the bundled TASS dispatches (issue 2 golden files)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from quotegraph.article.build import from_fields, from_text
from quotegraph.article.model import Article, DateBasis
from quotegraph.article.wire import find_dateline, layout
from quotegraph.options import Options

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
GOLDEN = Path(__file__).parent / "golden"
TODAY = Options(reference_date=dt.date(2026, 11, 22))


def _article(name: str) -> Article:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return from_text(text, source=name, format="text", options=TODAY)


@pytest.mark.parametrize("name", ["tass-military-doctrine.txt", "tass-union-state-defense.txt"])
def test_examples_match_golden_structure(name: str) -> None:
    article = _article(name)
    golden = GOLDEN / name.replace(".txt", ".article.json")
    if os.environ.get("QUOTEGRAPH_REGEN_GOLDEN"):  # rewrite on purpose, review, commit
        golden.write_text(article.model_dump_json(indent=2) + "\n", encoding="utf-8")
    assert Article.model_validate_json(golden.read_text(encoding="utf-8")) == article


def test_doctrine_dispatch_structure() -> None:
    a = _article("tass-military-doctrine.txt")
    assert a.headline and a.headline.text.startswith("Military doctrine of Russia and Belarus")
    assert a.standfirst and a.standfirst.text.endswith("Dmitry Mezentsev said")
    assert a.dateline and (a.dateline.place, a.dateline.month, a.dateline.day) == ("Moscow", 11, 5)
    assert a.dateline.agency == "TASS" and a.dateline.span.text == "MOSCOW, November 5. /TASS/."
    assert len(a.paragraphs) == 6 and a.paragraphs[0].text.startswith("MOSCOW, November 5.")
    assert a.published.date == dt.date(2021, 11, 5)
    assert a.published.basis is DateBasis.DATELINE
    assert a.check_offsets()


def test_minsk_dispatch_year_is_bounded_not_invented() -> None:
    a = _article("tass-union-state-defense.txt")
    assert a.dateline and (a.dateline.place, a.dateline.month, a.dateline.day) == ("Minsk", 10, 26)
    assert a.published.date is None
    assert a.published.basis is DateBasis.DATELINE_BOUNDED
    assert a.published.year_min == 2022 and a.published.confidence < 0.5
    assert a.outlet == "TASS"


def test_year_and_published_overrides() -> None:
    text = (EXAMPLES / "tass-union-state-defense.txt").read_text(encoding="utf-8")
    by_year = from_text(text, source="x", format="text", options=TODAY.evolve(year=2023))
    assert by_year.published.date == dt.date(2023, 10, 26)
    assert by_year.published.basis is DateBasis.OVERRIDE
    fixed = from_text(text, source="x", format="text",
                      options=TODAY.evolve(published=dt.date(2023, 10, 27)))  # fmt: skip
    assert fixed.published.date == dt.date(2023, 10, 27)


def test_article_json_round_trip_is_lossless() -> None:
    a = _article("tass-military-doctrine.txt")
    assert Article.model_validate_json(a.model_dump_json()) == a
    assert Article.model_validate(json.loads(a.model_dump_json())) == a


@pytest.mark.parametrize(
    ("line", "place", "region", "agency", "style"),
    [
        ("IGORA /Leningrad Region/, Dec 26. /TASS/.", "Igora", "Leningrad Region", "TASS", "tass"),
        ("NEW YORK, Feb 26 - Shares rose.", "New York", None, None, "reuters"),
        ("LONDON (Reuters) - The pound fell.", "London", None, "Reuters", "reuters"),
        ("WASHINGTON, Jan 5 (Reuters) - Talks.", "Washington", None, "Reuters", "reuters"),
        ("KABUL, Afghanistan (AP) — A blast.", "Kabul", "Afghanistan", "AP", "ap"),
        ("PARIS, March 3, 2017 (AFP) - Strikes.", "Paris", None, "AFP", "afp"),
    ],
)  # fmt: skip
def test_dateline_styles(
    line: str, place: str, region: str | None, agency: str | None, style: str
) -> None:
    d = find_dateline(line)
    assert d is not None
    assert (d.place, d.region, d.agency, d.style) == (place, region, agency, style)
    assert line[d.span.start : d.span.end] == d.span.text


def test_no_dateline_in_ordinary_prose() -> None:
    assert find_dateline("The minister said on Monday that talks would go on.") is None


def test_layout_drops_site_boilerplate() -> None:
    found = layout("All news\n\nHeadline here\n\nMOSCOW, May 1. /TASS/. Body text.")
    assert found.headline and found.headline.text == "Headline here"
    assert found.standfirst is None


def test_from_fields_finds_dateline_and_spans() -> None:
    a = from_fields(
        source="r.jsonl#1", format="jsonl", options=TODAY, headline="Title",
        standfirst="Lead", paragraphs=["MINSK, October 26. /TASS/. Body one.", "Body two."],
        metadata_date=dt.date(2023, 10, 26),
    )  # fmt: skip
    assert a.dateline and a.dateline.place == "Minsk"
    assert a.published.basis is DateBasis.METADATA
    assert a.check_offsets()


def test_headline_may_end_with_a_stop_but_is_one_short_sentence() -> None:
    titled = layout("Trump: My immigration plans aren't set in stone.\n\nTrump says parts of it.")
    assert titled.headline and titled.headline.text.startswith("Trump:")
    prose = layout("It rained. Then it stopped.\n\nThe second paragraph is here and is longer.")
    assert prose.headline is None
