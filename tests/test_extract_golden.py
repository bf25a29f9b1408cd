"""Golden files for extraction output (issue 3): the bundled examples through ``extract``.

The golden files hold the full ``quotegraph extract`` JSON contract minus the text; a change in
output shows up as a readable diff. Regenerate on purpose with ``QUOTEGRAPH_REGEN_GOLDEN=1``,
review the diff, commit.
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
NAMES = ["tass-military-doctrine.txt", "tass-union-state-defense.txt"]


def _extract(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["extract", "--today", "2026-11-22", str(path)])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("name", NAMES)
def test_extract_matches_golden(name: str) -> None:
    doc = _extract(EXAMPLES / name)
    text = doc.pop("text")
    assert text == (EXAMPLES / name).read_text(encoding="utf-8")  # the file's text, unchanged
    doc["source"] = name
    for key in KNOWLEDGE_KEYS:  # the knowledge layer has its own golden files
        doc.pop(key)
    for st in doc["statements"]:
        st["speaker"].pop("entity")
    golden = GOLDEN / name.replace(".txt", ".statements.json")
    if os.environ.get("QUOTEGRAPH_REGEN_GOLDEN"):
        golden.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert doc == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_every_offset_slices_the_text(name: str) -> None:
    doc = _extract(EXAMPLES / name)
    text = doc["text"]
    for st in doc["statements"]:
        spans = [st["content"], st["cue"], st["speaker"]["mention"], st["addressee"], st["setting"]]
        for span in [s for s in spans if s] + st["quoted"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_contract_fields() -> None:
    doc = _extract(EXAMPLES / NAMES[1])
    assert {"source", "text", "published", "statements"} <= doc.keys()
    first = doc["statements"][0]
    assert {"kind", "content", "cue", "speaker"} <= first.keys()
    assert {"name", "mention", "type", "title"} <= first["speaker"].keys()
    assert first["kind"] in {"direct", "indirect", "mixed"}


def test_issue_3_speakers_resolve_to_mezentsev() -> None:
    """Regression for issue 3: 'he', 'the official', 'the state secretary' are Mezentsev."""
    doc = _extract(EXAMPLES / NAMES[1])
    by_mention = {s["speaker"]["mention"]["text"]: s["speaker"] for s in doc["statements"]}
    for mention in ("he", "the official", "the state secretary", "alliance official"):
        assert by_mention[mention]["name"] == "Dmitry Mezentsev"
    assert by_mention["the state secretary"]["title"] == "state secretary of the Union State"
    setting = next(s["setting"] for s in doc["statements"] if s["setting"])
    assert setting["text"].startswith("in Minsk at the plenary session")
    addressee = next(s["addressee"] for s in doc["statements"] if s["addressee"])
    assert addressee["text"] == "reporters"
