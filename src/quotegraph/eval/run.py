"""Run the extractor over gold documents and score it (``quotegraph eval``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..article.build import from_text
from ..errors import UsageError
from ..nlp.pipeline import Pipeline
from ..options import Options
from .gold import GoldDocument, load_gold_jsonl, load_polnear
from .score import Report, score


def load(
    *, gold: Path | None = None, texts: Path | None = None, polnear: Path | None = None
) -> tuple[GoldDocument, ...]:
    """Gold documents from our JSONL format (with its texts folder) or a PolNeAR split."""
    if polnear is not None:
        return load_polnear(polnear)
    if gold is not None:
        return load_gold_jsonl(gold, texts or gold.parent.parent / "examples")
    raise UsageError("give --gold FILE [--texts DIR] or --polnear DIR")


def evaluate_documents(docs: Sequence[GoldDocument], options: Options) -> Report:
    """Extract from each gold text (read as plain wire text) and score the statements."""
    pipeline = Pipeline(options)
    pairs = []
    for doc in docs:
        article = from_text(doc.text, source=doc.doc_id, format="text", options=options)
        pairs.append((doc, pipeline(article).statements))
    return score(pairs)
