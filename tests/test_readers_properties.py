"""Property tests (hypothesis): no reader raises on arbitrary input; offsets always slice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegraph.article.build import from_fields, from_text
from quotegraph.article.model import Article, Reject
from quotegraph.errors import QuotegraphError
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.batch import READERS, read_input
from quotegraph.options import Options

OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
WIRE_TEXT = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=80),
        st.sampled_from([
            "All news", "MOSCOW, November 5. /TASS/. ", "LONDON (Reuters) - ", '"', "“", "”",
            "\n\n", "\n", " on Thursday", " in November 2021", "NEW YORK, Feb 26 - ", "said",
        ]),
    ),
    max_size=12,
).map("".join)  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(READERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000))
def test_no_reader_raises_on_arbitrary_bytes(fmt: str, data: bytes) -> None:
    results = list(read_input(RawInput(source="fuzz", data=data, format=fmt), OPTIONS))
    for result in results:
        assert isinstance(result, Article | Reject)
        if isinstance(result, Article):
            assert result.check_offsets()


@settings(max_examples=300, deadline=None)
@given(text=WIRE_TEXT)
def test_wire_text_offsets_slice_to_recorded_strings(text: str) -> None:
    try:
        article = from_text(text, source="p", format="text", options=OPTIONS)
    except QuotegraphError:
        return
    assert article.text == text
    assert article.check_offsets()
    assert Article.model_validate_json(article.model_dump_json()) == article


@settings(max_examples=200, deadline=None)
@given(
    head=st.text(max_size=60),
    stand=st.text(max_size=60),
    body=st.lists(WIRE_TEXT, max_size=5),
)
def test_composed_offsets_slice_to_recorded_strings(head: str, stand: str, body: list[str]) -> None:
    try:
        article = from_fields(source="p", format="jsonl", options=OPTIONS, headline=head,
                              standfirst=stand, paragraphs=body)  # fmt: skip
    except QuotegraphError:
        return
    assert article.check_offsets()
