"""Unit tests for quotegraph.eval scoring, with hand-made gold and predictions."""

from __future__ import annotations

import pytest

from quotegraph.article.model import TextSpan
from quotegraph.eval import GoldDocument, GoldStatement, Span, score
from quotegraph.eval.match import match
from quotegraph.nlp.model import Speaker, Statement, StatementKind

TEXT = (
    '"We will win the vote next week," Jane Smith said. '  # quote 1..32, speaker 34..44
    "The minister added that the budget is balanced and fair. "  # indirect 75..106
    "Officials say the plan failed."
)
Q1 = (1, 32)
IND = (75, 106)
JANE = (34, 44)
SAID = (45, 49)
ADDED = (64, 69)
MINISTER = (51, 63)
OTHER = (108, 137)


def span(start: int, end: int) -> Span:
    return Span.of(TEXT, start, end)


def text_span(bounds: tuple[int, int]) -> TextSpan:
    return TextSpan.of(TEXT, *bounds)


def gold(
    content: tuple[int, int],
    *,
    kind: StatementKind | None = StatementKind.DIRECT,
    speaker: str | None = "Jane Smith",
    mention: tuple[int, int] | None = None,
    cue: tuple[int, int] | None = None,
    cue_text: str | None = None,
    optional: bool = False,
) -> GoldStatement:
    return GoldStatement(
        content=span(*content),
        kind=kind,
        speaker=speaker,
        speaker_mention=span(*mention) if mention else None,
        cue=span(*cue) if cue else None,
        cue_text=cue_text,
        optional=optional,
    )


def pred(
    content: tuple[int, int],
    *,
    name: str | None = "Jane Smith",
    mention: tuple[int, int] | None = None,
    cue: tuple[int, int] | None = None,
) -> Statement:
    return Statement(
        kind=StatementKind.DIRECT,
        content=text_span(content),
        cue=text_span(cue) if cue else None,
        speaker=Speaker(name=name, mention=text_span(mention) if mention else None),
    )


def doc(*statements: GoldStatement) -> GoldDocument:
    return GoldDocument(doc_id="d", text=TEXT, statements=statements)


def test_text_fixture_offsets() -> None:
    assert TEXT[slice(*Q1)] == "We will win the vote next week,"
    assert TEXT[slice(*IND)] == "the budget is balanced and fair"
    assert TEXT[slice(*JANE)] == "Jane Smith"
    assert TEXT[slice(*SAID)] == "said"
    assert TEXT[slice(*ADDED)] == "added"
    assert TEXT[slice(*MINISTER)] == "The minister"
    assert TEXT[slice(*OTHER)] == "Officials say the plan failed"


def test_perfect_prediction_scores_one() -> None:
    golds = doc(
        gold(Q1, mention=JANE, cue=SAID),
        gold(IND, kind=StatementKind.INDIRECT, mention=MINISTER, cue=ADDED),
    )
    preds = [pred(Q1, mention=JANE, cue=SAID), pred(IND, mention=MINISTER, cue=ADDED)]
    report = score([(golds, preds)])
    for threshold in (0.3, 0.8):
        entry = report.at(threshold)
        assert (entry.counts.precision, entry.counts.recall, entry.counts.f1) == (1.0, 1.0, 1.0)
        assert entry.speaker.value == 1.0
        assert entry.cue.value == 1.0
        assert entry.kind_recall("direct").value == 1.0
        assert entry.kind_recall("indirect").value == 1.0
    assert report.who_said_what.f1 == 1.0
    assert (report.documents, report.gold, report.optional, report.predicted) == (1, 2, 0, 2)


def test_half_overlap_counts_at_03_not_08() -> None:
    golds = doc(gold((0, 20)))
    report = score([(golds, [pred((10, 30))])])
    low, high = report.at(0.3).counts, report.at(0.8).counts
    assert (low.tp, low.fp, low.fn) == (1, 0, 0)
    assert (high.tp, high.fp, high.fn) == (0, 1, 1)
    assert high.f1 == 0.0


def test_overlap_is_measured_on_gold_length() -> None:
    golds = doc(gold((10, 20)))
    report = score([(golds, [pred((0, 60))])])  # covers the whole gold, 6x its length
    assert report.at(0.8).counts.tp == 1


def test_one_to_one_two_predictions_on_one_gold() -> None:
    golds = doc(gold(Q1))
    report = score([(golds, [pred(Q1), pred((1, 20))])])
    counts = report.at(0.3).counts
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    pairs = match([text_span(Q1), text_span((1, 20))], golds.statements, 0.3)
    assert [(p.pred, p.gold) for p in pairs] == [(0, 0)]  # the better overlap wins


def test_one_to_one_one_prediction_on_two_golds() -> None:
    golds = doc(gold((0, 10)), gold((10, 20)))
    counts = score([(golds, [pred((0, 20))])]).at(0.8).counts
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 1)


def test_optional_gold_is_neither_rewarded_nor_penalised() -> None:
    golds = doc(gold(Q1), gold(IND, optional=True), gold(OTHER, optional=True))
    report = score([(golds, [pred(Q1), pred(IND)])])
    counts = report.at(0.8).counts
    assert (counts.tp, counts.fp, counts.fn, counts.ignored) == (1, 0, 0, 1)
    assert counts.precision == counts.recall == 1.0
    assert (report.gold, report.optional) == (1, 2)


def test_prediction_prefers_required_over_nested_optional() -> None:
    nested = (10, 20)  # inside Q1: a long prediction covers both fully
    golds = doc(gold(nested, optional=True), gold(Q1))
    counts = score([(golds, [pred(Q1)])]).at(0.8).counts
    assert (counts.tp, counts.fp, counts.fn, counts.ignored) == (1, 0, 0, 0)


def test_optional_only_prediction_on_optional_gold() -> None:
    golds = doc(gold(Q1, optional=True))
    counts = score([(golds, [pred(Q1)])]).at(0.3).counts
    assert (counts.tp, counts.fp, counts.fn, counts.ignored) == (0, 0, 0, 1)
    assert counts.precision == 0.0  # no denominator: 0.0, not an error


def test_speaker_accuracy_by_name_normalised() -> None:
    golds = doc(gold(Q1, speaker="Jane Smith"), gold(IND, speaker="The Minister"))
    preds = [pred(Q1, name="  jane   SMITH "), pred(IND, name="Jane Smith")]
    report = score([(golds, preds)])
    speaker = report.at(0.3).speaker
    assert (speaker.correct, speaker.total, speaker.value) == (1, 2, 0.5)
    assert report.who_said_what.tp == 1
    assert report.who_said_what.f1 == 0.5


def test_speaker_accuracy_missing_name_is_wrong() -> None:
    golds = doc(gold(Q1))
    speaker = score([(golds, [pred(Q1, name=None, mention=JANE)])]).at(0.3).speaker
    assert (speaker.correct, speaker.total) == (0, 1)


def test_speaker_accuracy_by_mention_overlap() -> None:
    golds = doc(
        gold(Q1, speaker=None, mention=JANE),  # predicted mention "Smith": overlaps
        gold(IND, speaker=None, mention=MINISTER),  # predicted mention elsewhere: wrong
        gold(OTHER, speaker=None),  # no Source: skipped
    )
    preds = [
        pred(Q1, name=None, mention=(39, 44)),
        pred(IND, name="The minister", mention=JANE),
        pred(OTHER, mention=JANE),
    ]
    report = score([(golds, preds)])
    speaker = report.at(0.3).speaker
    assert (speaker.correct, speaker.total) == (1, 2)
    # who-said-what: no-Source gold is right only for a prediction without a speaker
    assert report.who_said_what.tp == 1


def test_cue_accuracy_span_text_and_null() -> None:
    golds = doc(
        gold(Q1, cue=SAID),
        gold(IND, cue_text="Added"),
        gold(OTHER),  # null cue: skipped
    )
    preds = [pred(Q1, cue=(45, 47)), pred(IND, cue=ADDED), pred(OTHER, cue=SAID)]
    cue = score([(golds, preds)]).at(0.3).cue
    assert (cue.correct, cue.total) == (2, 2)
    wrong = score([(golds, [pred(Q1), pred(IND, cue=SAID)])]).at(0.3).cue
    assert (wrong.correct, wrong.total) == (0, 2)


def test_discontinuous_gold_scored_on_union() -> None:
    content = Span.from_segments(TEXT, [IND, Q1])
    assert content.parts == (Q1, IND)
    assert content.length == 31 + 31
    golds = doc(GoldStatement(content=content, speaker="Jane Smith"))
    report = score([(golds, [pred(Q1)])])  # half the union
    assert report.at(0.3).counts.tp == 1
    assert report.at(0.8).counts.tp == 0


def test_kind_recall_and_documents_add_up() -> None:
    one = doc(gold(Q1), gold(IND, kind=StatementKind.INDIRECT))
    two = doc(gold(Q1, kind=StatementKind.MIXED))
    report = score([(one, [pred(Q1)]), (two, [])])
    entry = report.at(0.3)
    assert entry.kind_recall("direct").value == 1.0
    assert entry.kind_recall("indirect").value == 0.0
    assert entry.kind_recall("mixed").total == 1
    assert (entry.counts.tp, entry.counts.fp, entry.counts.fn) == (1, 0, 2)


def test_report_to_dict_and_table() -> None:
    report = score([(doc(gold(Q1, cue=SAID)), [pred(Q1, cue=SAID)])])
    data = report.to_dict()
    assert data["gold"] == 1
    assert [t["threshold"] for t in data["thresholds"]] == [0.3, 0.8]
    assert data["thresholds"][0]["f1"] == 1.0
    assert data["thresholds"][0]["kind_recall"]["direct"]["value"] == 1.0
    table = report.table()
    assert "who-said-what @0.30" in table
    assert "1.000" in table


def test_empty_and_invalid() -> None:
    report = score([])
    assert report.at(0.3).counts.f1 == 0.0
    assert report.at(0.3).speaker.value is None
    with pytest.raises(ValueError):
        score([], thresholds=(0.0,))
    with pytest.raises(KeyError):
        report.at(0.5)
