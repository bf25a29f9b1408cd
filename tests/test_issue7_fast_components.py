"""Issue 7 speed work: the indexed attribute ruler and the memo lemmatizer give exactly the
token attributes of spaCy's stock components, on the examples, real articles and odd input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from conftest import require_shared
from quotegraph.nlp.fast import speed_up
from quotegraph.nlp.parse import load_model
from quotegraph.options import Options

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
ODD = [
    "Y'all gonna ain't gotta c'mon, let's go: there are 3 cats and there's a dog.",
    "It's  spaced \n\n out  .  ",
    "",
    "But, but... BUT they were n't; a an the this these those.",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(Options().model)


@pytest.fixture(scope="module")
def fast() -> Language:
    """The stock pipeline with the fast components swapped in (and nothing else)."""
    nlp = spacy.load(Options().model)
    speed_up(nlp)
    return nlp


def _attrs(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_, t.ent_iob_,
             str(t.head.i)) for t in doc]  # fmt: skip


def _texts(shared_dir: Path, limit: int) -> list[str]:
    path = require_shared(shared_dir / "datasets" / "news-articles.jsonl.gz")
    texts = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for _, line in zip(range(limit), fh, strict=False):
            texts.append(json.loads(line)["text"])
    return texts + ODD


def test_issue7_load_model_swaps_in_the_fast_components() -> None:
    fast = load_model(Options().model)
    assert fast.pipe_names == ["quotegraph_titles", "tok2vec", "tagger", "parser",
                               "attribute_ruler", "lemmatizer", "ner"]  # fmt: skip
    names = {type(fast.get_pipe(n)).__name__ for n in ("attribute_ruler", "lemmatizer")}
    assert names == {"IndexedAttributeRuler", "MemoLemmatizer"}


def test_issue7_fast_components_equal_the_stock_ones(
    stock: Language, fast: Language, shared_dir: Path
) -> None:
    texts = _texts(shared_dir, 120)
    for text, want, got in zip(texts, stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _attrs(got) == _attrs(want), text[:80]


def test_issue7_other_pipelines_are_left_alone() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert speed_up(blank) == []
