"""Accuracy gate (issue 3): pinned floors on the examples and PolNeAR dev. Floors only go up.

Measured when pinned (``quotegraph eval``): examples F1 1.000 at 0.3 and 0.8, who-said-what
1.000; PolNeAR dev (84 documents, attributions scope, PolNeAR convention: continuations folded,
nested statements left out, the learned cue classifier on) F1 0.777 at 0.3 / 0.705 at 0.8,
speaker accuracy 0.907 at 0.3, who-said-what F1 0.691 (rules alone: 0.769 / 0.694 / 0.904 /
0.680).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import check_floor
from quotegraph.eval.run import evaluate_documents, load
from quotegraph.options import Options

OPTIONS = Options(reference_date=dt.date(2026, 11, 22))

EXAMPLES_FLOOR = {"f1@0.3": 1.0, "f1@0.8": 1.0, "speaker@0.3": 1.0, "who_said_what": 1.0}
POLNEAR_DEV_FLOOR = {"f1@0.3": 0.776, "f1@0.8": 0.704, "speaker@0.3": 0.905, "who_said_what": 0.690}


def test_examples_gate(shared_dir: Path) -> None:
    docs = load(gold=shared_dir / "gold" / "examples.jsonl", texts=shared_dir / "examples")
    check_floor(evaluate_documents(docs, OPTIONS), EXAMPLES_FLOOR)


@pytest.mark.slow
def test_polnear_dev_gate(shared_dir: Path) -> None:
    docs = load(polnear=shared_dir / "datasets" / "polnear" / "dev")
    report = evaluate_documents(docs, OPTIONS, merge_continuations=True)
    check_floor(report, POLNEAR_DEV_FLOOR)
