"""A learned attribution-cue classifier for the ``attributions`` scope (PolNeAR).

The rules of :mod:`.attribution` take a verb as a cue when its lemma is in the lexicon. PolNeAR's
notion of attribution is wider and fuzzier ("mocked", "figures", "reserved his passion for"),
so in the ``attributions`` scope a logistic regression over each candidate cue token decides
instead: a rule cue is kept unless the model finds it unlikely (``drop_below``), and a verb
outside the lexicon becomes a cue when the model finds it likely (``add_above``). The frame
itself (speaker, reported region) is still built by the rules.

Features of a candidate (a verb, or an auxiliary whose lemma is a cue): sparse parse features
(lemma, part of speech, tag, dependency, its children's dependencies, particles and auxiliaries,
the head's dependency, lexicon class and lemma, the subject's kind and lexicon class, quote marks
around it and in its sentence, lexicon membership, the rule decision) and
the token's row of ``doc.tensor`` (the ``tok2vec`` output of ``en_core_web_sm``), standardised.
Inference is numpy only: a sum of the present features' weights plus a dot product.

The weights (``data/cues/cue-model.json.gz``) are trained from PolNeAR *train* by
``scripts/train_cues.py`` (fixed seed, reproducible). A missing or unreadable file raises
:class:`~quotegraph.errors.CueModelError` (QG701); ``Options(learned_cues=False)`` runs the
rules alone.
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc, Token

from ..errors import CueModelError
from .attribution import Judge
from .cues import CUE_VERBS, is_cue, lemma_of, particle, speaker_of
from .lexicon import (
    ATTITUDE_VERBS,
    BELIEF_VERBS,
    DOCUMENT_HEADS,
    ORG_HEADS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from .parse import Parsed

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "cues" / "cue-model.json.gz"
FORMAT_VERSION = 1
QUOTE_MARKS = frozenset('"“”«»')
_CONTEXT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "advcl", "conj", "dative", "attr"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the features of one section's candidates share, worked out once per section: the
    character offsets of its double quote marks, its sentences' first tokens and character
    bounds, and (at inference) each token's tensor score."""

    marks: tuple[int, ...]
    sent_starts: tuple[int, ...]
    sent_chars: tuple[tuple[int, int], ...]

    def inside_quote(self, tok: Token) -> bool:
        """An odd number of quote marks before the token in the section."""
        return bisect_left(self.marks, tok.idx) % 2 == 1

    def sentence_marks(self, tok: Token) -> int:
        lo, hi = self.sent_chars[bisect_right(self.sent_starts, tok.i) - 1]
        return bisect_left(self.marks, hi) - bisect_left(self.marks, lo)

    def sentence_first(self, tok: Token) -> bool:
        j = bisect_left(self.sent_starts, tok.i)
        return j < len(self.sent_starts) and self.sent_starts[j] == tok.i


def section_context(doc: Doc) -> Context:
    sents = list(doc.sents)
    return Context(
        marks=tuple(i for i, ch in enumerate(doc.text) if ch in QUOTE_MARKS),
        sent_starts=tuple(s.start for s in sents),
        sent_chars=tuple((s.start_char, s.end_char) for s in sents),
    )


@dataclass(frozen=True, slots=True)
class CueModel:
    """Logistic-regression weights: one per sparse feature, one per tensor dimension (already
    divided by the training set's scale, the mean folded into ``bias``)."""

    weights: dict[str, float]
    tensor_weights: NDArray[np.float64]
    bias: float
    drop_below: float
    add_above: float

    def probability(self, tok: Token, ctx: Context, tensor_score: float | None = None) -> float:
        """The model's probability that ``tok`` is an attribution cue (``tensor_score``: its
        tensor row's dot product with the weights, when worked out for the whole section)."""
        w = self.weights
        score = self.bias + sum(w.get(f, 0.0) for f in token_features(tok, ctx))
        if tensor_score is None:
            row = tensor_row(tok, len(self.tensor_weights))
            tensor_score = float(row @ self.tensor_weights) if row is not None else 0.0
        score += tensor_score
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def judge(self, parsed: Parsed) -> Judge:
        """A decision for the cue candidates of one section: ``judge(tok, rule)`` says whether
        ``tok`` is a cue, given the rules' own answer ``rule``."""
        doc = parsed.doc
        ctx = section_context(doc)
        tensor = _tensor(doc, len(self.tensor_weights))
        scores = None
        if tensor is not None:
            scores = (np.asarray(tensor, np.float64) @ self.tensor_weights).tolist()

        def decide(tok: Token, rule: bool) -> bool:
            if not is_candidate(tok):
                return rule
            p = self.probability(tok, ctx, scores[tok.i] if scores is not None else 0.0)
            return p >= self.drop_below if rule else p >= self.add_above

        return decide


def is_candidate(tok: Token) -> bool:
    """A token the classifier judges: a verb, or an auxiliary whose lemma is a cue."""
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma_of(tok) in CUE_VERBS)


def _lexicon(lemma: str) -> str:
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in BELIEF_VERBS:
        return "belief"
    return "attitude" if lemma in ATTITUDE_VERBS else "none"


def _subject_kind(subject: Token | None) -> str:
    if subject is None:
        return "none"
    if subject.pos_ == "PRON":
        return f"pron:{subject.lower_}"
    return f"{subject.pos_}:{subject.ent_type_ or '-'}"


def _neighbour_marks(tok: Token) -> list[str]:
    doc, out = tok.doc, []
    for name, step in (("prev", -1), ("next", 1)):
        j = tok.i + step
        while 0 <= j < len(doc) and doc[j].is_punct and not set(doc[j].text) & QUOTE_MARKS:
            j += step
        if 0 <= j < len(doc) and set(doc[j].text) & QUOTE_MARKS and abs(j - tok.i) <= 3:
            out.append(f"quote_{name}")
    return out


def _complement_marks(tok: Token) -> list[Token]:
    """The subordinators of the token's clausal complements ('said [that] ...')."""
    return [g for c in tok.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "mark"]


def _subject_lexicon(subject: Token | None) -> str:
    if subject is None:
        return "none"
    lemma = subject.lemma_.lower()
    for name, words in (("role", ROLE_NOUNS), ("org", ORG_HEADS), ("doc", DOCUMENT_HEADS)):
        if lemma in words:
            return name
    return "other"


def token_features(tok: Token, ctx: Context) -> list[str]:
    """The sparse features of a candidate cue token (names; order is deterministic)."""
    lemma = lemma_of(tok)
    children = sorted({c.dep_ for c in tok.children})
    head = tok.head if tok.head is not tok else None
    subject = speaker_of(tok)
    feats = [
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"head_dep={head.dep_ if head is not None else 'ROOT'}",
        f"head_lex={_lexicon(lemma_of(head)) if head is not None else 'root'}",
        f"lex={_lexicon(lemma)}",
        f"subj={_subject_kind(subject)}",
        f"subj_lex={_subject_lexicon(subject)}",
        f"sent_quotes={min(ctx.sentence_marks(tok), 3)}",
    ]
    if head is not None and tok.dep_ in {"xcomp", "conj", "ccomp", "advcl"}:
        feats.append(f"head_lemma={tok.dep_}|{lemma_of(head)}")
    feats += [f"child={d}" for d in children]
    feats += [f"lemma_child={lemma}|{d}" for d in children if d in _CONTEXT_DEPS]
    feats += [f"prep={c.lower_}" for c in tok.children if c.dep_ in {"prep", "prt"} and c.i > tok.i]
    feats += [f"aux={c.lower_}" for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    feats += [f"ccomp_mark={g.lower_}" for g in _complement_marks(tok)]
    feats += _neighbour_marks(tok)
    if ctx.inside_quote(tok):
        feats.append("inside_quote")
    if is_cue(tok, negated=True):
        feats.append("rule_cue")
    if any(c.dep_ == "neg" for c in tok.children):
        feats.append("negated")
    if particle(tok) is not None:
        feats.append("particle")
    if ctx.sentence_first(tok):
        feats.append("sent_first")
    return feats


def _tensor(doc: Doc, width: int) -> Any:
    """``doc.tensor`` when it holds one row of ``width`` per token (``None`` when the pipeline
    leaves no such tensor: the sparse features alone decide then)."""
    tensor = doc.tensor
    if getattr(tensor, "ndim", 0) != 2 or tensor.shape != (len(doc), width):
        return None
    return tensor


def tensor_row(tok: Token, width: int) -> NDArray[np.float64] | None:
    """The token's ``doc.tensor`` row (``None``: see :func:`_tensor`)."""
    tensor = _tensor(tok.doc, width)
    return np.asarray(tensor[tok.i], dtype=np.float64) if tensor is not None else None


def model_from_dict(raw: dict[str, Any]) -> CueModel:
    """A :class:`CueModel` from the JSON form ``scripts/train_cues.py`` writes (raises
    ``ValueError``/``KeyError``/``TypeError`` on a malformed one)."""
    if raw.get("version") != FORMAT_VERSION:
        raise ValueError(f"format version {raw.get('version')!r}, expected {FORMAT_VERSION}")
    names: Sequence[str] = raw["features"]
    weights = np.asarray(raw["weights"], dtype=np.float64)
    tw = np.asarray(raw["tensor_weights"], dtype=np.float64)
    mean = np.asarray(raw["tensor_mean"], dtype=np.float64)
    scale = np.asarray(raw["tensor_scale"], dtype=np.float64)
    if weights.shape != (len(names),) or not tw.shape == mean.shape == scale.shape:
        raise ValueError("weight arrays do not match the feature lists")
    if tw.ndim != 1 or not np.all(scale > 0) or not np.all(np.isfinite(weights)):
        raise ValueError("bad tensor weights or scale")
    folded = tw / scale
    return CueModel(
        weights={str(n): float(w) for n, w in zip(names, weights, strict=True)},
        tensor_weights=folded,
        bias=float(raw["bias"]) - float(mean @ folded),
        drop_below=float(raw["drop_below"]),
        add_above=float(raw["add_above"]),
    )


def read_model(path: Path) -> CueModel:
    """Load the weights at ``path``; a missing or corrupt file raises :class:`CueModelError`."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
        return model_from_dict(raw)
    except FileNotFoundError as exc:
        raise CueModelError(f"the cue model {path} is missing") from exc
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CueModelError(f"the cue model {path} is unreadable: {exc}") from exc


@lru_cache(maxsize=2)
def load_cue_model(path: Path = MODEL_PATH) -> CueModel:
    """The packaged cue model (loaded once per process)."""
    return read_model(path)
