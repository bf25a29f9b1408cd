"""The hand-made gold sets in tests/data resolve against the texts they were made from.

Every sentence, mention and trigger is looked up in the canonical text that quotegraph's own
reader builds from ../shared (the same text extraction runs on), so a reader change that
moves text, or a typo in a set, fails here instead of silently skewing an evaluation.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import pytest

from conftest import REPO_ROOT, require_shared
from quotegraph.article.model import Article
from quotegraph.eval.gold import heldout_articles
from quotegraph.ingest.base import RawInput
from quotegraph.ingest.sgml import read as read_sgml
from quotegraph.options import Options

DATA = REPO_ROOT / "tests" / "data"
SHARED = REPO_ROOT.parent / "shared"
GRAIN_VALUE = {
    "day": r"\d{4}-\d\d-\d\d",
    "week": r"\d{4}-W\d\d",
    "month": r"\d{4}-\d\d",
    "quarter": r"\d{4}-Q[1-4]",
    "year": r"\d{4}",
    "decade": r"\d{4}/\d{4}",
    "range": r"(\d{4}(-\d\d){0,2})/(\d{4}(-\d\d){0,2})",
    "unknown": r".+",
}
EVENT_TYPES = {
    "meeting", "call", "visit", "signing", "adoption", "announcement", "sanction",
    "appointment", "election", "military_action", "protest", "legal_action",
}  # fmt: skip


def _lines(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@cache
def _news_records() -> dict[str, tuple[int, dict[str, str]]]:
    """news-articles article_id -> (1-based line, raw record)."""
    path = require_shared(SHARED / "datasets" / "news-articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return {row["article_id"]: (i, row) for i, row in enumerate(rows, start=1)}


def _front(ref: dict[str, Any]) -> str:
    """Headline and standfirst as they open the canonical text (from the raw record)."""
    dataset, _, rest = ref["source"].partition(":")
    if dataset == "tass-2024":
        path = require_shared(SHARED / "datasets" / "tass-2024" / rest)
        raw = json.loads(path.read_text(encoding="utf-8"))[int(ref["record"]) - 1]
        title, sub = str(raw["title"]), str(raw["description"])
    else:
        row = _news_records()[rest][1]
        title, sub = row["title"], row["subtitle"]
    return title.strip() + ("\n\n" + sub.strip() if sub.strip() else "")


def _reuters(newid: str) -> Article:
    for path in sorted(require_shared(SHARED / "datasets" / "reuters21578").glob("*.sgm.gz")):
        data = gzip.decompress(path.read_bytes()).decode("latin-1")
        at = data.find(f'NEWID="{newid}">')
        if at >= 0:
            start = data.rfind("<REUTERS", 0, at)
            stop = data.index("</REUTERS>", at) + len("</REUTERS>")
            raw = RawInput(source=str(path), data=data[start:stop].encode("latin-1"), format="sgml")
            (article,) = read_sgml(raw, Options())
            assert isinstance(article, Article), article
            return article
    raise AssertionError(f"no Reuters-21578 record has NEWID {newid}")


def _key(ref: dict[str, Any]) -> tuple[str, str]:
    dataset, _, rest = ref["source"].partition(":")
    return (dataset, str(ref["record"]) if dataset == "tass-2024" else rest)


def _texts(refs: Iterable[dict[str, Any]]) -> dict[tuple[str, str], Article]:
    """Canonical articles of every referenced source, read in one pass per dataset."""
    keys = {_key(ref) for ref in refs}
    out: dict[tuple[str, str], Article] = {}
    news = {_news_records()[ref][0]: ref for ds, ref in keys if ds == "news-articles"}
    for line, article in heldout_articles(SHARED, "news-articles", set(news)).items():
        out["news-articles", news[line]] = article
    tass = {int(ref) for ds, ref in keys if ds == "tass-2024"}
    if tass:
        for record, article in heldout_articles(SHARED, "tass-2024", tass).items():
            out["tass-2024", str(record)] = article
    for ds, ref in keys:
        if ds == "reuters":
            out[ds, ref] = _reuters(ref)
    return out


def _resolves(text: str, surface: str, occurrence: int) -> bool:
    return len(re.findall(re.escape(surface), text)) > occurrence >= 0


def test_time_expressions_resolve() -> None:
    rows = _lines("time-expressions.jsonl")
    assert len(rows) >= 70
    texts = _texts(rows)
    for row in rows:
        article = texts[_key(row)]
        where = f"{row['source']}: {row['expression']!r}"
        assert row["sentence"] in article.text, where
        assert row["expression"] in row["sentence"], where
        assert row["published"] == str(article.published.date), where
        assert re.fullmatch(GRAIN_VALUE[row["grain"]], row["value"]), where


def test_entity_pairs_resolve() -> None:
    rows = _lines("entity-pairs.jsonl")
    mentions = [row[side] for row in rows for side in ("a", "b")]
    assert len(rows) >= 170
    assert len({m["source"] for m in mentions}) >= 45
    assert all(m["source"].startswith("news-articles:") for m in mentions)
    texts = _texts(mentions)
    for row in rows:
        assert row["type"] in {"person", "organisation"} and isinstance(row["same"], bool)
        for m in (row["a"], row["b"]):
            text = texts[_key(m)].text
            assert _resolves(text, m["text"], m["occurrence"]), m
    same = sum(row["same"] for row in rows) / len(rows)
    assert 0.4 <= same <= 0.6, same


def test_events_gold_resolves() -> None:
    rows = _lines("events-gold.jsonl")
    assert len(rows) == 30
    texts = _texts(rows)
    for row in rows:
        article = texts[_key(row)]
        assert row["published"] == str(article.published.date), row["source"]
        for event in row["events"]:
            where = f"{row['source']}: {event}"
            assert event["type"] in EVENT_TYPES, where
            assert _resolves(article.text, event["trigger"], event["occurrence"]), where
            date = event["date"]
            assert date is None or re.fullmatch(r"\d{4}(-\d\d){0,2}", date), where
            assert all(isinstance(p, str) and p for p in event["participants"]), where
            assert event["place"] is None or isinstance(event["place"], str), where


def test_claim_pairs_resolve() -> None:
    rows = _lines("claim-pairs.jsonl")
    assert len(rows) >= 200
    texts = _texts([row[side] for row in rows for side in ("a", "b")])
    for row in rows:
        assert isinstance(row["same_claim"], bool) and row["note"]
        for ref in (row["a"], row["b"]):
            assert ref["text"] in texts[_key(ref)].text, ref
    same = sum(row["same_claim"] for row in rows) / len(rows)
    assert 0.4 <= same <= 0.6, same


def test_headline_links_resolve() -> None:
    rows = _lines("headline-links.jsonl")
    assert len(rows) >= 50
    texts = _texts(rows)
    for row in rows:
        text, front = texts[_key(row)].text, _front(row)
        assert text.startswith(front), row["source"]
        assert row["headline_part"] in front, row
        assert row["support"] is None or row["support"] in text[len(front) :], row
        assert row["speaker"], row


@pytest.mark.parametrize(
    "name",
    [
        "time-expressions.jsonl",
        "entity-pairs.jsonl",
        "events-gold.jsonl",
        "claim-pairs.jsonl",
        "headline-links.jsonl",
    ],
)
def test_gold_set_lines_are_unique(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))
