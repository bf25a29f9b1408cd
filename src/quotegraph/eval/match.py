"""One-to-one matching of predicted statement contents to gold contents within a document.

A prediction *can* match a gold statement at threshold ``t`` when the characters of the
predicted content that fall inside the gold content (the union of its segments) are at least
``t`` of the gold content's length. Matching is greedy: candidate pairs are taken best first
(higher gold coverage, then higher intersection-over-union, then required gold before optional
gold, then document order) and a pair is kept when neither side is taken yet. Greedy does not
always maximise the number of matches, but with one candidate per side (the usual case) it does,
and the IoU tie-break keeps a long prediction on the statement it spans rather than on a short
statement nested inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..article.model import TextSpan
from .gold import GoldStatement


@dataclass(frozen=True)
class Pair:
    """A prediction matched to a gold statement, by index into their sequences."""

    pred: int
    gold: int
    coverage: float
    iou: float


def coverage(pred: TextSpan, gold: GoldStatement) -> tuple[float, float]:
    """``(overlap / gold length, overlap / union length)`` of two contents, in characters."""
    shared = gold.content.overlap(pred.start, pred.end)
    gold_len = gold.content.length
    union = gold_len + (pred.end - pred.start) - shared
    return (shared / gold_len if gold_len else 0.0, shared / union if union else 0.0)


def _candidates(
    preds: Sequence[TextSpan], golds: Sequence[GoldStatement], threshold: float
) -> list[Pair]:
    out: list[Pair] = []
    for i, pred in enumerate(preds):
        for j, gold in enumerate(golds):
            cov, iou = coverage(pred, gold)
            if cov > 0 and cov >= threshold:
                out.append(Pair(pred=i, gold=j, coverage=cov, iou=iou))
    return out


def match(
    preds: Sequence[TextSpan], golds: Sequence[GoldStatement], threshold: float
) -> tuple[Pair, ...]:
    """Greedy one-to-one matching at ``threshold``; pairs in prediction order."""
    ranked = sorted(
        _candidates(preds, golds, threshold),
        key=lambda p: (-p.coverage, -p.iou, golds[p.gold].optional, p.gold, p.pred),
    )
    taken_pred: set[int] = set()
    taken_gold: set[int] = set()
    kept: list[Pair] = []
    for pair in ranked:
        if pair.pred not in taken_pred and pair.gold not in taken_gold:
            taken_pred.add(pair.pred)
            taken_gold.add(pair.gold)
            kept.append(pair)
    return tuple(sorted(kept, key=lambda p: p.pred))
