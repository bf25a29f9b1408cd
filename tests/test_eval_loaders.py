"""Gold loaders: the project's gold JSONL, PolNeAR brat files, and the brat reader itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import require_shared
from quotegraph.eval import GoldDocument, load_gold_jsonl, load_polnear
from quotegraph.eval.brat import parse_ann, read_ann
from quotegraph.eval.gold import read_text

ANN = (
    "T1\tSource 0 3\tHe\n"  # deliberately wrong surface is not checked by parse_ann
    "T2\tCue 4 8\tsaid\n"
    "T3\tContent 10 15;20 25\tabc\n\nsecond line\n"
    "T4\tAttribution 4 8\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1 Content2:T5\n"
    "#1\tAnnotatorNotes T3\ta note\n"
    "R1\tLink Arg1:T1 Arg2:T3\n"
)


def test_parse_ann_continuations_events_relations() -> None:
    brat = parse_ann(ANN)
    assert brat.spans["T3"].segments == ((10, 15), (20, 25))
    assert brat.spans["T3"].surface == "abc\n\nsecond line"
    event = brat.events[0]
    assert (event.label, event.trigger) == ("Attribution", "T4")
    assert event.role("Content") == ("T3", "T5")
    assert event.role("Source") == ("T1",)
    assert brat.relations[0].args == (("Arg1", "T1"), ("Arg2", "T3"))


@pytest.fixture(scope="module")
def gold_docs(shared_dir: Path) -> tuple[GoldDocument, ...]:
    gold = require_shared(shared_dir / "gold" / "examples.jsonl")
    return load_gold_jsonl(gold, require_shared(shared_dir / "examples"))


def test_gold_counts(gold_docs: tuple[GoldDocument, ...]) -> None:
    assert len(gold_docs) == 2
    assert sum(len(doc.required) for doc in gold_docs) == 17
    assert sum(len(doc.statements) for doc in gold_docs) == 18


def test_gold_spans_slice(gold_docs: tuple[GoldDocument, ...]) -> None:
    for doc in gold_docs:
        for st in doc.statements:
            assert doc.text[st.content.start : st.content.end] == st.content.text
            for found, written in (
                (st.cue, st.cue_text),
                (st.speaker_mention, st.speaker_mention_text),
            ):
                if found is not None:
                    assert doc.text[found.start : found.end] == found.text
                    assert found.text.casefold() == (written or "").casefold()
                    assert found.overlap(st.content.start, st.content.end) == 0


def test_gold_mentions_located_near_cue(gold_docs: tuple[GoldDocument, ...]) -> None:
    located = [st for doc in gold_docs for st in doc.statements if st.speaker_mention_text]
    assert all(st.speaker_mention is not None for st in located)
    for st in located:
        assert st.cue is not None and st.speaker_mention is not None
        gap = max(st.cue.start - st.speaker_mention.end, st.speaker_mention.start - st.cue.end)
        assert gap < 60


@pytest.fixture(scope="module")
def polnear_dev(shared_dir: Path) -> Path:
    return require_shared(shared_dir / "datasets" / "polnear" / "dev")


def test_polnear_dev_one_document_per_text(polnear_dev: Path) -> None:
    docs = load_polnear(polnear_dev)
    texts = sorted(p.stem for p in (polnear_dev / "text").glob("*.txt"))
    assert [doc.doc_id for doc in docs] == texts
    assert sum(len(doc.statements) for doc in docs) > 2000
    for doc in docs:
        for st in doc.statements:
            for sp in (st.content, st.speaker_mention, st.cue):
                if sp is not None:
                    assert doc.text[sp.start : sp.end] == sp.text
                    assert all(sp.start <= s < e <= sp.end for s, e in sp.parts)


def test_polnear_first_annotator_chosen(polnear_dev: Path) -> None:
    by_id = {doc.doc_id: doc for doc in load_polnear(polnear_dev)}
    multi = by_id["politico_2016-09-08_flynn-says-trump-absolutely-righ"]
    assert multi.annotator == "4b22"


def test_polnear_offsets_are_str_indices(polnear_dev: Path) -> None:
    """Offsets index the decoded text (code points), not UTF-8 bytes: every surface agrees."""
    non_ascii_before_annotation = 0
    for ann in sorted((polnear_dev / "attributions").glob("*.ann")):
        text = read_text(polnear_dev / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt"))
        spans = read_ann(ann).spans.values()
        assert all(span.matches(text) for span in spans), ann.name
        last = max((s.segments[-1][1] for s in spans), default=0)
        non_ascii_before_annotation += not text[:last].isascii()
    assert non_ascii_before_annotation > 10  # byte offsets would have failed these files
