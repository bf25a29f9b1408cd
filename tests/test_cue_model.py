"""The learned cue classifier (nlp/learned.py): loading, errors, the option, features."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from spacy.language import Language

from quotegraph.article.build import from_text
from quotegraph.errors import CueModelError
from quotegraph.nlp import learned
from quotegraph.nlp.attribution import find_frames
from quotegraph.nlp.parse import load_model, parse
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import DEFAULT_MODEL, Options

TEXT = (
    'The senator said that the bill would pass. "It is a disgrace," Smith said of the plan.\n\n'
    "Trump mocked the ambitions of three Republican hopefuls, and the crowd cheered.\n\n"
    "Clinton figures that a second debate will settle the race. The bill passed on Monday."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model(DEFAULT_MODEL)


def _statements(options: Options) -> list[tuple[str, str | None]]:
    article = from_text(TEXT, source="t", format="text", options=options)
    doc = Pipeline(options)(article)
    return [(s.content.text, s.cue_lemma) for s in doc.statements]


def test_packaged_model_loads() -> None:
    model = learned.load_cue_model()
    assert learned.MODEL_PATH.stat().st_size < 1_000_000
    assert model.weights
    assert model.tensor_weights.shape == (96,)
    assert 0.0 <= model.drop_below < model.add_above <= 1.01


@pytest.mark.parametrize(
    "content",
    [b"not gzip at all", gzip.compress(b"{not json"), gzip.compress(b'{"version": 1}')],
)
def test_corrupt_file_raises_numbered_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cue-model.json.gz"
    path.write_bytes(content)
    with pytest.raises(CueModelError) as info:
        learned.read_model(path)
    assert info.value.code == "QG701"
    assert str(info.value).startswith("QG701 ")


def test_missing_file_raises_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(CueModelError, match="missing"):
        learned.read_model(tmp_path / "absent.json.gz")


def test_wrong_shapes_are_corrupt(tmp_path: Path) -> None:
    raw = {
        "version": learned.FORMAT_VERSION,
        "features": ["a", "b"],
        "weights": [0.1],
        "tensor_weights": [0.0],
        "tensor_mean": [0.0],
        "tensor_scale": [1.0],
        "bias": 0.0,
        "drop_below": 0.1,
        "add_above": 0.9,
    }
    path = tmp_path / "m.json.gz"
    path.write_bytes(gzip.compress(json.dumps(raw).encode()))
    with pytest.raises(CueModelError, match="unreadable"):
        learned.read_model(path)


def test_pipeline_fails_early_without_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotegraph.nlp.pipeline as pipeline_module

    def absent() -> learned.CueModel:
        return learned.read_model(tmp_path / "absent.json.gz")

    monkeypatch.setattr(pipeline_module, "load_cue_model", absent)
    with pytest.raises(CueModelError):
        Pipeline(Options(scope="attributions"))
    Pipeline(Options(scope="attributions", learned_cues=False))  # the rules need no weights
    Pipeline(Options())


def test_option_off_gives_the_rule_output(nlp: Language) -> None:
    options = Options(scope="attributions", learned_cues=False)
    article = from_text(TEXT, source="t", format="text", options=options)
    sections = parse(article, nlp)
    rules = [f.cue for p in sections for f in find_frames(p, "attributions")]
    off = Pipeline(options)(article)
    assert sorted({s.cue.start for s in off.statements if s.cue}) == sorted(
        {c[0] for c in rules if c is not None}
    )


def test_statements_scope_ignores_the_model() -> None:
    assert _statements(Options(learned_cues=True)) == _statements(Options(learned_cues=False))


def test_features_are_deterministic(nlp: Language) -> None:
    model = learned.load_cue_model()

    def run() -> list[tuple[list[str], float]]:
        doc = nlp(TEXT.replace("\n\n", " "))
        ctx = learned.section_context(doc)
        return [
            (learned.token_features(t, ctx), model.probability(t, ctx))
            for t in doc
            if learned.is_candidate(t)
        ]

    assert run() == run()


def test_quote_context(nlp: Language) -> None:
    doc = nlp('He said "we will win" today.')
    ctx = learned.section_context(doc)
    assert [t.text for t in doc if ctx.inside_quote(t)] == ["we", "will", "win", '"']
    assert [ctx.sentence_marks(t) for t in doc][:2] == [2, 2]
    assert [t.i for t in doc if ctx.sentence_first(t)] == [0]


def test_speech_cue_kept_and_plain_verb_not_a_cue(nlp: Language) -> None:
    model = learned.load_cue_model()
    doc = nlp("The senator said that the bill would pass on Monday.")
    ctx = learned.section_context(doc)
    said, passes = doc[2], doc[7]
    assert (said.text, passes.text) == ("said", "pass")
    assert model.probability(said, ctx) >= model.drop_below
    assert model.probability(passes, ctx) < model.add_above
    with_model = _statements(Options(scope="attributions"))
    assert ("the bill would pass", "say") in with_model


def test_classifier_adds_a_cue_outside_the_lexicon() -> None:
    """'figures that ...' is no lexicon verb; the model takes it as a cue, the rules do not."""
    figured = ("a second debate will settle the race", "figure")
    assert figured in _statements(Options(scope="attributions"))
    assert figured not in _statements(Options(scope="attributions", learned_cues=False))
