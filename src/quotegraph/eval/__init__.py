"""Scoring extracted statements against gold: the engine behind ``quotegraph eval``.

``load_gold_jsonl`` / ``load_heldout`` / ``load_polnear`` read gold into :class:`GoldDocument`
records, and :func:`score` turns ``(gold document, predicted statements)`` pairs into a
:class:`Report`.
"""

from .gold import GoldDocument, GoldStatement, load_gold_jsonl, load_heldout, load_polnear
from .match import Pair, match
from .score import (
    THRESHOLDS,
    WHO_SAID_WHAT_THRESHOLD,
    Accuracy,
    Counts,
    Report,
    ThresholdScore,
    cue_verdict,
    score,
    score_document,
    speaker_verdict,
)
from .spans import Span

__all__ = [
    "THRESHOLDS",
    "WHO_SAID_WHAT_THRESHOLD",
    "Accuracy",
    "Counts",
    "GoldDocument",
    "GoldStatement",
    "Pair",
    "Report",
    "Span",
    "ThresholdScore",
    "cue_verdict",
    "load_gold_jsonl",
    "load_heldout",
    "load_polnear",
    "match",
    "score",
    "score_document",
    "speaker_verdict",
]
