"""Held-out dev gold (``tests/data/heldout-dev.jsonl``) and its accuracy gate.

14 articles hand-annotated under ``../shared/gold/GUIDELINES.md``: 8 TASS dispatches of December
2024 (``datasets/tass-2024``, records 4 5 6 10 11 12 14 19) and 6 records of
``datasets/news-articles.jsonl.gz`` (Al Jazeera 331 and 942, BBC 80, CNN 1541, TASS 2017 172 and
173); 149 required statements (66 direct, 65 indirect, 18 mixed) and 32 optional ones. The file
holds offsets only: the texts are rebuilt from ``../shared`` with quotegraph's own readers and
checked against each record's ``text_sha256``.

Measured when last raised (``quotegraph eval --heldout tests/data/heldout-dev.jsonl``): F1 0.987
at 0.3 and 0.970 at 0.8, speaker accuracy 0.912 (134/147) at 0.3, who-said-what F1 0.899 (cue
accuracy 0.971, not gated). The floors below are these figures rounded down to 0.01; floors only
go up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO_ROOT, check_floor, require_shared
from quotegraph.article.model import Article
from quotegraph.eval import GoldDocument, load_heldout, run
from quotegraph.eval.gold import HELDOUT_SOURCES, heldout_articles, locate
from quotegraph.eval.run import evaluate_documents, load
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.records import read_json
from quotegraph.options import Options

HELDOUT = REPO_ROOT / "tests" / "data" / "heldout-dev.jsonl"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
FLOOR = {"f1@0.3": 0.98, "f1@0.8": 0.96, "speaker@0.3": 0.91, "who_said_what": 0.89}
RECORD_KEYS = {"dataset", "record", "article_id", "text_sha256", "published", "statements"}
STATEMENT_KEYS = {
    "content_start", "content_end", "kind", "speaker_mention", "speaker", "cue", "optional",
}  # fmt: skip


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines() if line.strip()]


def test_heldout_file_holds_offsets_only() -> None:
    """No article text is copied into the repository: records carry offsets and names only."""
    records = _records()
    assert len(records) == 14
    for record in records:
        assert set(record) == RECORD_KEYS
        assert record["dataset"] in HELDOUT_SOURCES
        for st in record["statements"]:
            assert set(st) == STATEMENT_KEYS
            assert st["kind"] in ("direct", "indirect", "mixed")
            assert isinstance(st["optional"], bool)
            assert 0 <= st["content_start"] < st["content_end"]


def test_locate_prefers_the_cue_in_the_same_sentence() -> None:
    text = '"We agree," the office said. "Talks go on," the Kremlin press office said.'
    second = (text.index("Talks"), text.index('on,"') + 3)
    cue = locate(text, "said", second, second)
    assert cue is not None and cue.start == text.rindex("said")


@pytest.fixture(scope="module")
def heldout_docs(shared_dir: Path) -> tuple[GoldDocument, ...]:
    for name, _fmt in HELDOUT_SOURCES.values():
        require_shared(shared_dir / name)
    return load_heldout(HELDOUT, shared_dir)


def test_heldout_hashes_and_spans(shared_dir: Path, heldout_docs: tuple[GoldDocument, ...]) -> None:
    records = _records()
    assert len(heldout_docs) == len(records)
    for record, doc in zip(records, heldout_docs, strict=True):
        assert doc.article is not None and doc.text == doc.article.text
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        assert digest == record["text_sha256"], doc.doc_id
        for raw, st in zip(record["statements"], doc.statements, strict=True):
            assert raw["content_end"] <= len(doc.text), doc.doc_id
            assert doc.text[st.content.start : st.content.end] == st.content.text
            assert st.content.text.strip() == st.content.text, (doc.doc_id, raw)
            for found, written in (
                (st.cue, st.cue_text),
                (st.speaker_mention, st.speaker_mention_text),
            ):
                if written is not None:  # every cue and mention is found in the text
                    assert found is not None, (doc.doc_id, written)
                    assert found.text.casefold() == written.casefold()
                    assert found.overlap(st.content.start, st.content.end) == 0
    assert sum(len(doc.required) for doc in heldout_docs) == 149
    assert sum(len(doc.statements) for doc in heldout_docs) == 181


def test_heldout_rejects_a_changed_text(shared_dir: Path, tmp_path: Path) -> None:
    record = _records()[0]
    path = tmp_path / "heldout.jsonl"
    path.write_text(json.dumps({**record, "text_sha256": "0" * 64}) + "\n", "utf-8")
    with pytest.raises(ValueError, match="text_sha256"):
        load_heldout(path, shared_dir)


def test_heldout_articles_come_from_the_readers(shared_dir: Path) -> None:
    """The headline is the structured reader's, as extraction will see it."""
    require_shared(shared_dir / HELDOUT_SOURCES["tass-2024"][0])
    article = heldout_articles(shared_dir, "tass-2024", {4})[4]
    assert article.source.endswith("#4")
    assert article.headline is not None and article.headline.text.endswith("— Putin")
    assert article.dateline is not None and article.dateline.agency == "TASS"


def test_evaluate_documents_uses_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gold document carrying its Article is extracted from it, not re-read as plain text."""
    record = {
        "title": "Talks will go on — minister",
        "description": "The talks will resume in January, the minister said",
        "content": ["MOSCOW, December 26. /TASS/. Talks will go on, the minister told reporters."],
    }
    raw = RawInput(source="mem.json", data=json.dumps([record]).encode(), format="json")
    article = next(iter(read_json(raw, OPTIONS)))
    assert isinstance(article, Article) and article.headline is not None

    def plain_text(*args: object, **kwargs: object) -> None:
        raise AssertionError("the text was re-read as plain wire text")

    monkeypatch.setattr(run, "from_text", plain_text)
    doc = GoldDocument(doc_id="mem.json#1", text=article.text, statements=(), article=article)
    report = evaluate_documents([doc], OPTIONS)
    assert report.documents == 1 and report.predicted >= 1


def test_heldout_gate(shared_dir: Path) -> None:
    for name, _fmt in HELDOUT_SOURCES.values():
        require_shared(shared_dir / name)
    docs = load(heldout=HELDOUT, shared=shared_dir)
    check_floor(evaluate_documents(docs, OPTIONS), FLOOR)
