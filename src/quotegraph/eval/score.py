"""Scores of predicted statements against gold: the numbers ``quotegraph eval`` reports.

Per document, predictions and gold are matched one to one on content spans
(:func:`quotegraph.eval.match.match`) at each threshold (0.3 and 0.8 of the gold length by
default). At each threshold:

* **counts**: a prediction matched to a required gold statement is a TP, one matched to an
  optional gold statement is *ignored* (neither TP nor FP), an unmatched one is a FP; an
  unmatched required gold statement is a FN (unmatched optional ones cost nothing). Precision,
  recall and F1 are ``0.0`` when their denominator is 0.
* **speaker accuracy** on pairs with a required gold: when the gold names its speaker (the
  project's gold), the predicted ``speaker.name`` must equal it, ignoring case and whitespace;
  otherwise (PolNeAR) the predicted ``speaker.mention`` must overlap the gold mention (Source)
  by at least one character; pairs whose gold has neither are skipped.
* **cue accuracy** on the same pairs: the predicted cue span must overlap the gold cue span, or,
  when only the gold cue's text is known, equal it (case/whitespace-normalised); pairs whose gold
  cue is null are skipped. A prediction without a cue is wrong in both modes.
* **per-kind recall**: for gold statements with a kind, matched / required.
* **who-said-what**: a TP needs the content matched *and* the speaker right; for a gold without
  any speaker information the speaker is right when the prediction names none either.
  :attr:`Report.who_said_what` is the one at 0.3.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..nlp.model import Statement
from .gold import GoldDocument, GoldStatement
from .match import Pair, match
from .render import render_table

THRESHOLDS: tuple[float, ...] = (0.3, 0.8)
WHO_SAID_WHAT_THRESHOLD = 0.3


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form used for name and cue text comparisons."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Counts:
    """Matching outcome; ``ignored`` are predictions matched to optional gold statements."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            self.ignored + other.ignored,
        )

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "ignored": self.ignored,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Accuracy:
    """``correct`` of ``total`` judged items; ``value`` is ``None`` when nothing was judged."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @classmethod
    def of(cls, verdicts: Iterable[bool | None]) -> Accuracy:
        judged = [v for v in verdicts if v is not None]
        return cls(correct=sum(judged), total=len(judged))

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": self.value}


@dataclass(frozen=True)
class ThresholdScore:
    """Every number at one overlap threshold."""

    threshold: float
    counts: Counts = Counts()
    speaker: Accuracy = Accuracy()
    cue: Accuracy = Accuracy()
    kinds: tuple[tuple[str, Accuracy], ...] = ()
    who_said_what: Counts = Counts()

    def __add__(self, other: ThresholdScore) -> ThresholdScore:
        kinds = dict(self.kinds)
        for kind, acc in other.kinds:
            kinds[kind] = kinds.get(kind, Accuracy()) + acc
        return ThresholdScore(
            threshold=self.threshold,
            counts=self.counts + other.counts,
            speaker=self.speaker + other.speaker,
            cue=self.cue + other.cue,
            kinds=tuple(sorted(kinds.items())),
            who_said_what=self.who_said_what + other.who_said_what,
        )

    def kind_recall(self, kind: str) -> Accuracy:
        return dict(self.kinds).get(kind, Accuracy())

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            **self.counts.to_dict(),
            "speaker_accuracy": self.speaker.to_dict(),
            "cue_accuracy": self.cue.to_dict(),
            "kind_recall": {kind: acc.to_dict() for kind, acc in self.kinds},
            "who_said_what": self.who_said_what.to_dict(),
        }


@dataclass(frozen=True)
class Report:
    """The scores of a whole evaluation run."""

    documents: int
    gold: int
    optional: int
    predicted: int
    thresholds: tuple[ThresholdScore, ...] = field(default=())

    def at(self, threshold: float) -> ThresholdScore:
        for entry in self.thresholds:
            if entry.threshold == threshold:
                return entry
        raise KeyError(f"no scores at threshold {threshold}")

    @property
    def who_said_what(self) -> Counts:
        """Who-said-what counts at the 0.3 threshold."""
        return self.at(WHO_SAID_WHAT_THRESHOLD).who_said_what

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold": self.gold,
            "optional": self.optional,
            "predicted": self.predicted,
            "thresholds": [entry.to_dict() for entry in self.thresholds],
        }

    def table(self) -> str:
        """A plain-text rendering."""
        return render_table(self)


# --- verdicts -----------------------------------------------------------------------------


def speaker_verdict(gold: GoldStatement, pred: Statement) -> bool | None:
    """Is the predicted speaker right? ``None`` when the gold cannot tell."""
    if gold.speaker is not None:
        name = pred.speaker.name
        return name is not None and normalise(name) == normalise(gold.speaker)
    if gold.speaker_mention is not None:
        mention = pred.speaker.mention
        return mention is not None and gold.speaker_mention.overlap(mention.start, mention.end) > 0
    return None


def cue_verdict(gold: GoldStatement, pred: Statement) -> bool | None:
    """Is the predicted cue right? ``None`` when the gold cue is null."""
    if gold.cue is not None:
        return pred.cue is not None and gold.cue.overlap(pred.cue.start, pred.cue.end) > 0
    if gold.cue_text is not None:
        return pred.cue is not None and normalise(pred.cue.text) == normalise(gold.cue_text)
    return None


def _who_said_what_right(gold: GoldStatement, pred: Statement) -> bool:
    verdict = speaker_verdict(gold, pred)
    if verdict is None:
        return pred.speaker.name is None and pred.speaker.mention is None
    return verdict


# --- scoring ------------------------------------------------------------------------------


def _kind_recall(
    golds: Sequence[GoldStatement], matched: set[int]
) -> tuple[tuple[str, Accuracy], ...]:
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for j, gold in enumerate(golds):
        if gold.kind is not None and not gold.optional:
            total[str(gold.kind)] += 1
            hit[str(gold.kind)] += j in matched
    return tuple(sorted((k, Accuracy(hit[k], n)) for k, n in total.items()))


def score_document(
    doc: GoldDocument, preds: Sequence[Statement], threshold: float
) -> ThresholdScore:
    """The scores of one document at one threshold."""
    golds = doc.statements
    pairs = match([p.content for p in preds], golds, threshold)
    kept: list[Pair] = [p for p in pairs if not golds[p.gold].optional]
    tp = len(kept)
    counts = Counts(
        tp=tp, fp=len(preds) - len(pairs), fn=len(doc.required) - tp, ignored=len(pairs) - tp
    )
    wsw = sum(_who_said_what_right(golds[p.gold], preds[p.pred]) for p in kept)
    return ThresholdScore(
        threshold=threshold,
        counts=counts,
        speaker=Accuracy.of(speaker_verdict(golds[p.gold], preds[p.pred]) for p in kept),
        cue=Accuracy.of(cue_verdict(golds[p.gold], preds[p.pred]) for p in kept),
        kinds=_kind_recall(golds, {p.gold for p in pairs}),
        who_said_what=Counts(tp=wsw, fp=counts.tp + counts.fp - wsw, fn=len(doc.required) - wsw),
    )


def score(
    pairs: Iterable[tuple[GoldDocument, Sequence[Statement]]],
    thresholds: Sequence[float] = THRESHOLDS,
) -> Report:
    """Score predictions against gold, document by document, at each threshold."""
    docs = list(pairs)
    if any(not 0 < t <= 1 for t in thresholds):
        raise ValueError(f"thresholds must lie in (0, 1]: {thresholds}")
    totals = [ThresholdScore(threshold=t) for t in thresholds]
    for doc, preds in docs:
        totals = [total + score_document(doc, preds, total.threshold) for total in totals]
    return Report(
        documents=len(docs),
        gold=sum(len(doc.required) for doc, _ in docs),
        optional=sum(len(doc.statements) - len(doc.required) for doc, _ in docs),
        predicted=sum(len(preds) for _, preds in docs),
        thresholds=tuple(totals),
    )
