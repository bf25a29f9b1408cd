"""Accuracy gates of the knowledge layer (issue 4), on the hand-made sets in tests/data:
pinned floors that only go up. Targets from the issue: events all right >= 0.80 of gold
events; pairwise entity resolution precision >= 0.95 and recall >= 0.90."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO_ROOT, require_shared
from quotegraph.eval.knowledge import evaluate_entities, evaluate_events
from quotegraph.options import Options

DATA = REPO_ROOT / "tests" / "data"
EVENT_FLOOR = {"precision": 0.08, "recall": 0.16}
ENTITY_FLOOR = {"precision": 0.95, "recall": 0.80}


def _shared() -> Path:
    return require_shared(REPO_ROOT.parent / "shared" / "datasets").parent


def test_issue4_event_accuracy_floor() -> None:
    report = evaluate_events(DATA / "events-gold.jsonl", _shared(), Options())
    assert report.gold == 87
    got = {"precision": report.precision, "recall": report.recall}
    below = {k: (round(got[k], 3), v) for k, v in EVENT_FLOOR.items() if got[k] < v}
    assert not below, f"below the pinned floor (got, floor): {below}"


def test_issue4_entity_resolution_floor() -> None:
    report = evaluate_entities(DATA / "entity-pairs.jsonl", _shared(), Options())
    assert report.pairs >= 150
    got = {"precision": report.precision, "recall": report.recall}
    below = {k: (round(got[k], 3), v) for k, v in ENTITY_FLOOR.items() if got[k] < v}
    assert not below, f"below the pinned floor (got, floor): {below}"
