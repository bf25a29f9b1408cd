"""Time normalisation (issue 4): the hand-made table of real expressions
(tests/data/time-expressions.jsonl, see tests/data/README.md), each normalised against its
article's publication date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotegraph.article.model import DateBasis, Published
from quotegraph.nlp.times import Anchor, find_in, normalise

TABLE = Path(__file__).parent / "data" / "time-expressions.jsonl"
ROWS = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line]
# The year comes from elsewhere in the article ("that year" = the year of the previous
# sentence; "the 2018 World Cup ... between June 14 and July 15"): not read yet.
NEEDS_CONTEXT = {"On March 18 that year", "between June 14 and July 15"}


def _case(row: dict[str, Any]) -> Any:
    marks = []
    if row["expression"] in NEEDS_CONTEXT:
        marks.append(pytest.mark.xfail(reason="year stated outside the sentence", strict=True))
    return pytest.param(row, id=f"{row['published']}:{row['expression']}", marks=marks)


def test_issue4_table_is_big_enough() -> None:
    assert len(ROWS) >= 60
    assert len({r["grain"] for r in ROWS}) >= 6


@pytest.mark.parametrize("row", [_case(r) for r in ROWS])
def test_issue4_time_expression(row: dict[str, Any]) -> None:
    sentence, expression = row["sentence"], row["expression"]
    start = sentence.index(expression)
    end = start + len(expression)
    anchor = Anchor(dt.date.fromisoformat(row["published"]))
    found = [
        (v.value, v.grain.value) for s, e, v in find_in(sentence, anchor) if s < end and start < e
    ]
    assert (row["value"], row["grain"]) in found


def test_issue4_bounded_year_carries_bounds() -> None:
    published = Published(
        month=10, day=26, year_min=2022, year_max=2026, basis=DateBasis.DATELINE_BOUNDED
    )
    text = "It has been in effect since this year. He spoke on Thursday. They met in November 2021."
    times = {t.span.text: t for t in normalise(text, [(0, len(text))], published)}
    assert (times["this year"].value, times["this year"].year_min, times["this year"].year_max) == (
        "XXXX",
        2022,
        2026,
    )
    assert times["Thursday"].value is None and times["Thursday"].year_max == 2026
    assert (times["November 2021"].value, times["November 2021"].year_min) == ("2021-11", None)


def test_issue4_no_relative_times_without_a_date() -> None:
    text = "He spoke on Thursday about the 2014 treaty."
    times = normalise(text, [(0, len(text))], Published())
    assert [(t.span.text, t.value) for t in times] == [("2014", "2014")]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 6))
def test_issue4_past_weekday_is_within_the_week_before(published: dt.date, weekday: int) -> None:
    name = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]
    [(_, _, value)] = find_in(f"The talks were held on {name}.", Anchor(published))
    assert value.value is not None
    day = dt.date.fromisoformat(value.value)
    assert day.weekday() == weekday and 0 <= (published - day).days < 7
