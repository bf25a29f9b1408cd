"""Golden files for the knowledge layer (issue 4): entities, times and events of the bundled
examples through ``quotegraph extract``, plus the facts the issue names.

Regenerate on purpose with ``QUOTEGRAPH_REGEN_GOLDEN=1``, review the diff, commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotegraph.cli import app
from quotegraph.nlp.model import KNOWLEDGE_KEYS

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
GOLDEN = Path(__file__).parent / "golden"
DOCTRINE, MINSK = "tass-military-doctrine.txt", "tass-union-state-defense.txt"


@pytest.fixture(scope="module")
def docs() -> dict[str, dict[str, Any]]:
    out = {}
    for name in (DOCTRINE, MINSK):
        result = CliRunner().invoke(app, ["extract", "--today", "2026-11-22", str(EXAMPLES / name)])
        assert result.exit_code == 0, result.stderr
        out[name] = json.loads(result.stdout)
    return out


def _entity(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in doc["entities"] if e["name"] == name)


def _events(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in doc["events"] if e["type"] == kind]


@pytest.mark.parametrize("name", [DOCTRINE, MINSK])
def test_knowledge_matches_golden(docs: dict[str, dict[str, Any]], name: str) -> None:
    doc = docs[name]
    facts = {key: doc[key] for key in KNOWLEDGE_KEYS}
    facts["speakers"] = [[s["speaker"]["name"], s["speaker"]["entity"]] for s in doc["statements"]]
    golden = GOLDEN / name.replace(".txt", ".knowledge.json")
    if os.environ.get("QUOTEGRAPH_REGEN_GOLDEN"):
        golden.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert facts == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [DOCTRINE, MINSK])
def test_every_knowledge_offset_slices_the_text(docs: dict[str, dict[str, Any]], name: str) -> None:
    doc = docs[name]
    text = doc["text"]
    spans = [m for e in doc["entities"] for m in e["mentions"]]
    spans += [t["span"] for t in doc["times"]]
    spans += [s for e in doc["events"] for s in (e["trigger"], e["span"])]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_issue4_mezentsev_is_one_entity_with_his_titles(docs: dict[str, dict[str, Any]]) -> None:
    doctrine, minsk = docs[DOCTRINE], docs[MINSK]
    mentions = {m["text"] for m in _entity(doctrine, "Dmitry Mezentsev")["mentions"]}
    assert {"Dmitry Mezentsev", "Mezentsev", "the Union State’s State Secretary"} <= mentions
    assert "the state secretary" in {
        m["text"] for m in _entity(minsk, "Dmitry Mezentsev")["mentions"]
    }
    role = _entity(doctrine, "Dmitry Mezentsev")["roles"][0]
    assert (role["title"], role["affiliation"], role["seen"]) == (
        "State Secretary",
        "Union State",
        "2021-11-05",
    )
    ids = {
        s["speaker"]["entity"]
        for s in doctrine["statements"]
        if s["speaker"]["name"] == "Dmitry Mezentsev"
    }
    assert ids == {_entity(doctrine, "Dmitry Mezentsev")["id"]}


def test_issue4_doctrine_events(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs[DOCTRINE]
    council = _entity(doc, "Supreme State Council of the Union State")["id"]
    meetings = _events(doc, "meeting")
    online = next(e for e in meetings if "online meeting" in e["span"]["text"])
    assert online["date"] == "2021-11-04"
    lukashenko = _entity(doc, "Lukashenko")["id"]
    assert [(p["entity"], p["role"]) for p in online["participants"]] == [
        (council, "attendee"),
        (lukashenko, "agent"),  # he signed the decree at the meeting
    ]
    signings = _events(doc, "signing")
    assert [(p["name"], p["role"]) for e in signings for p in e["participants"]] == [
        ("Lukashenko", "agent"),
        ("Vladimir Putin", "agent"),
    ]
    assert signings[0]["date"] == "2021-11-04"
    adopted = [e["span"]["text"] for e in _events(doc, "adoption")]
    assert any("Military Doctrine of the Union State was also approved" in s for s in adopted)


def test_issue4_minsk_conference_and_bounded_times(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs[MINSK]
    triggers = {e["trigger"]["text"]: e for e in _events(doc, "meeting")}
    assert triggers["conference"]["place_name"] == "Minsk"
    assert triggers["session"]["place_name"] == "Minsk"
    times = {t["span"]["text"]: t for t in doc["times"]}
    assert (times["November 2021"]["value"], times["November 2021"]["grain"]) == (
        "2021-11",
        "month",
    )
    this_year = times["this year"]  # published October 26 of a year between 2022 and 2026
    assert (this_year["value"], this_year["year_min"], this_year["year_max"]) == (
        "XXXX",
        2022,
        2026,
    )
