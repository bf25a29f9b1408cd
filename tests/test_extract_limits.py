"""Long and pathological input never crashes or hangs (issue 3): a clear error when a limit hits."""

from __future__ import annotations

import pytest

import quotegraph
from quotegraph.errors import LimitExceededError
from quotegraph.options import Options


def test_hundred_thousand_quote_marks_hit_a_clear_limit() -> None:
    text = "MOSCOW, May 1. /TASS/. " + '"' * 100_000
    with pytest.raises(LimitExceededError, match="quote marks"):
        quotegraph.extract(text)


def test_megabyte_paragraph_hits_a_clear_limit() -> None:
    text = "MOSCOW, May 1. /TASS/. " + "word " * 200_000
    with pytest.raises(LimitExceededError, match="extraction limit"):
        quotegraph.extract(text)


def test_unbalanced_quotes_do_not_crash() -> None:
    text = 'Headline\n\nMOSCOW, May 1. /TASS/. "Open quote never closed, he said.\n\n"Another" "'
    doc = quotegraph.extract(text)
    for st in doc.statements:
        assert doc.text[st.content.start : st.content.end] == st.content.text


def test_many_quotes_below_the_limit_finish() -> None:
    text = "MOSCOW, May 1. /TASS/. " + ' "Yes," he said.' * 2_000
    # the point is that it finishes: a budget wide enough for a loaded 2-core machine
    doc = quotegraph.extract(text, Options(max_quote_marks=5_000, time_budget_s=600))
    assert doc.statements


def test_extract_from_path_matches_text(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "d.txt"
    text = (
        "The union will answer new threats - official\n\n"
        'MINSK, May 1. /TASS/. "We will act," Ivan Petrov said.'
    )
    path.write_text(text, encoding="utf-8")
    by_path, by_text = quotegraph.extract(path), quotegraph.extract(text)
    assert by_path.statements == by_text.statements
    assert [s.speaker.name for s in by_path.statements] == ["Ivan Petrov", "Ivan Petrov"]
