"""``quotegraph eval --events FILE`` and ``--entities FILE``: extract the articles an
evaluation set names (rebuilt from ``../shared``) and score them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..nlp.model import Document
from ..nlp.pipeline import Pipeline
from ..options import Options
from .entities import PairReport, score_pairs
from .events import EventReport, score_events
from .sources import load_articles, read_jsonl, source_key


def extract_sources(
    refs: Iterable[Mapping[str, Any]], shared: Path, options: Options
) -> dict[str, Document]:
    """Documents of every referenced article, by source key."""
    articles = load_articles(refs, shared)
    pipeline = Pipeline(options)
    keys = sorted(articles)
    docs = pipeline.pipe(articles[k] for k in keys)
    return dict(zip(keys, docs, strict=True))


def evaluate_events(path: Path, shared: Path, options: Options) -> EventReport:
    rows = read_jsonl(path)
    docs = extract_sources(rows, shared, options)
    return score_events(rows, {source_key(r): docs[source_key(r)] for r in rows})


def evaluate_entities(path: Path, shared: Path, options: Options) -> PairReport:
    rows = read_jsonl(path)
    refs = [r[side] for r in rows for side in ("a", "b")]
    return score_pairs(rows, extract_sources(refs, shared, options))
