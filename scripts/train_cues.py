"""Train the attribution-cue classifier (``src/quotegraph/data/cues/cue-model.json.gz``).

Usage::

    PYTHONPATH=src python scripts/train_cues.py [--polnear ../shared/datasets/polnear/train]
        [--out src/quotegraph/data/cues/cue-model.json.gz] [--cache /tmp/cue-rows.pkl]

Only PolNeAR **train** is read (dev is for evaluation). Plain numpy, no extra dependency:

1. every train article is parsed as ``quotegraph eval --polnear`` parses it; each candidate cue
   token (:func:`quotegraph.nlp.learned.is_candidate`) gives its sparse features, its
   ``doc.tensor`` row and a label: whether it lies inside a gold Cue span;
2. the articles are split (fixed seed) into a fitting part and a validation part (15 %); a
   logistic regression (L2, full-batch Adam) is fitted on the first;
3. on the validation articles the whole extraction runs with the model for a small grid of
   decision thresholds (``add_above`` for verbs outside the lexicon, then ``drop_below`` for
   rule cues), scored as ``quotegraph eval`` scores (F1 at 0.3 and 0.8 plus who-said-what);
4. the model is refitted on all train articles and written with the chosen thresholds.

The same data and seed give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from quotegraph.article.build import from_text
from quotegraph.article.model import Article
from quotegraph.eval import GoldDocument, load_polnear
from quotegraph.eval.run import fold_continuations
from quotegraph.eval.score import score
from quotegraph.nlp import learned
from quotegraph.nlp.attribution import find_frames
from quotegraph.nlp.parse import Parsed, load_model, parse_many
from quotegraph.nlp.pipeline import (
    Work,
    stage_quotes,
    stage_records,
    stage_speakers,
    stage_statements,
)
from quotegraph.options import Options

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "datasets" / "polnear" / "train"
SEED = 13
VALIDATION = 0.15
MIN_COUNT = 3  # a sparse feature seen in fewer candidates is left out
L2 = 1e-4
EPOCHS = 400
LEARNING_RATE = 0.05
ADD_GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 1.01)  # 1.01: add nothing
DROP_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)
OPTIONS = Options(scope="attributions", learned_cues=False)


@dataclass(frozen=True, slots=True)
class Row:
    """One candidate cue token of a train article."""

    doc: int
    features: tuple[str, ...]
    tensor: NDArray[np.float32]
    label: bool


@dataclass(frozen=True, slots=True)
class Fitted:
    names: tuple[str, ...]
    weights: NDArray[np.float64]
    tensor_weights: NDArray[np.float64]
    tensor_mean: NDArray[np.float64]
    tensor_scale: NDArray[np.float64]
    bias: float


def article_of(doc: GoldDocument) -> Article:
    return from_text(doc.text, source=doc.doc_id, format="text", options=OPTIONS)


def cue_chars(doc: GoldDocument) -> set[int]:
    return {i for g in doc.statements if g.cue for s, e in g.cue.parts for i in range(s, e)}


def candidate_rows(index: int, doc: GoldDocument, parsed: Sequence[Parsed]) -> list[Row]:
    gold = cue_chars(doc)
    rows = []
    for section in parsed:
        ctx = learned.section_context(section.doc)
        width = section.doc.tensor.shape[1]
        for tok in section.doc:
            if not learned.is_candidate(tok):
                continue
            start = section.abs(tok)
            label = any(i in gold for i in range(start, start + len(tok.text)))
            row = learned.tensor_row(tok, width)
            rows.append(
                Row(
                    doc=index,
                    features=tuple(learned.token_features(tok, ctx)),
                    tensor=np.asarray(row if row is not None else np.zeros(width), np.float32),
                    label=label,
                )
            )
    return rows


def parse_docs(docs: Sequence[GoldDocument]) -> Iterable[list[Parsed]]:
    nlp = load_model(OPTIONS.model)
    for lo in range(0, len(docs), 32):
        yield from parse_many([article_of(d) for d in docs[lo : lo + 32]], nlp)


def split(n: int) -> set[int]:
    """The validation articles' indices (fixed seed)."""
    order = np.random.default_rng(SEED).permutation(n)
    return {int(i) for i in order[: round(n * VALIDATION)]}


def collect(
    docs: Sequence[GoldDocument], keep: set[int]
) -> tuple[list[Row], dict[int, list[Parsed]]]:
    rows: list[Row] = []
    kept: dict[int, list[Parsed]] = {}
    for i, parsed in enumerate(parse_docs(docs)):
        rows.extend(candidate_rows(i, docs[i], parsed))
        if i in keep:
            kept[i] = parsed
        if i % 100 == 0:
            print(f"  parsed {i}/{len(docs)}", file=sys.stderr)
    return rows, kept


def fit(rows: Sequence[Row]) -> Fitted:
    counts = Counter(f for r in rows for f in set(r.features))
    names = tuple(sorted(f for f, c in counts.items() if c >= MIN_COUNT))
    index = {f: i for i, f in enumerate(names)}
    row_ids, col_ids = [], []
    for r, row in enumerate(rows):
        for f in set(row.features):
            if f in index:
                row_ids.append(r)
                col_ids.append(index[f])
    rid, cid = np.asarray(row_ids), np.asarray(col_ids)
    tensor = np.stack([r.tensor for r in rows]).astype(np.float64)
    mean, scale = tensor.mean(axis=0), tensor.std(axis=0) + 1e-6
    z = (tensor - mean) / scale
    y = np.asarray([r.label for r in rows], dtype=np.float64)
    n, v, d = len(rows), len(names), tensor.shape[1]
    rng = np.random.default_rng(SEED)
    params = rng.normal(0.0, 0.01, v + d + 1)
    m1, m2 = np.zeros_like(params), np.zeros_like(params)
    for step in range(1, EPOCHS + 1):
        w, t, b = params[:v], params[v : v + d], params[-1]
        logits = np.bincount(rid, weights=w[cid], minlength=n) + z @ t + b
        err = (1.0 / (1.0 + np.exp(-logits)) - y) / n
        grad = np.concatenate(
            [
                np.bincount(cid, weights=err[rid], minlength=v) + L2 * w,
                z.T @ err + L2 * t,
                [err.sum()],
            ]
        )
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad**2
        params -= LEARNING_RATE * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    return Fitted(names, params[:v], params[v : v + d], mean, scale, float(params[-1]))


def to_dict(model: Fitted, drop_below: float, add_above: float) -> dict[str, object]:
    def r(xs: NDArray[np.float64]) -> list[float]:
        return [round(float(x), 5) for x in xs]

    keep = [i for i, w in enumerate(model.weights) if abs(w) >= 1e-4]
    return {
        "version": learned.FORMAT_VERSION,
        "trained_on": "PolNeAR v1.0.0 train (scripts/train_cues.py)",
        "seed": SEED,
        "drop_below": drop_below,
        "add_above": add_above,
        "bias": round(model.bias, 5),
        "features": [model.names[i] for i in keep],
        "weights": r(model.weights[keep]),
        "tensor_weights": r(model.tensor_weights),
        "tensor_mean": r(model.tensor_mean),
        "tensor_scale": r(model.tensor_scale),
    }


def evaluate(
    model: learned.CueModel, docs: Sequence[GoldDocument], parsed: dict[int, list[Parsed]]
) -> tuple[float, float, float]:
    nlp = load_model(OPTIONS.model)
    pairs = []
    for i, sections in parsed.items():
        doc = docs[i]
        work = stage_quotes(Work(article=article_of(doc), options=OPTIONS, nlp=nlp))
        work = replace(work, parsed=tuple(sections))
        frames = (f for p in work.parsed for f in find_frames(p, "attributions", model.judge))
        work = replace(work, frames=tuple(frames))
        work = stage_records(stage_speakers(stage_statements(work)))
        pairs.append((doc, fold_continuations(doc.text, work.statements)))
    rows = score(pairs).to_dict()["thresholds"]
    return rows[0]["f1"], rows[1]["f1"], rows[0]["who_said_what"]["f1"]


def choose_thresholds(
    model: Fitted, docs: Sequence[GoldDocument], parsed: dict[int, list[Parsed]]
) -> tuple[float, float]:
    def run(drop: float, add: float) -> float:
        found = learned.model_from_dict(to_dict(model, drop, add))
        f3, f8, wsw = evaluate(found, docs, parsed)
        print(f"  drop<{drop:.2f} add>={add:.2f}: f1@0.3 {f3:.4f} f1@0.8 {f8:.4f} wsw {wsw:.4f}")
        return f3 + f8 + wsw

    add = max(ADD_GRID, key=lambda a: (run(0.0, a), -a))
    drop = max(DROP_GRID, key=lambda d: (run(d, add), -d))
    return drop, add


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    parser.add_argument("--cache", type=Path, help="pickle of the candidate rows (re-runs)")
    args = parser.parse_args()
    if args.polnear.name != "train":
        parser.error("train on PolNeAR train only (dev is for evaluation)")
    started = time.monotonic()
    docs = load_polnear(args.polnear)
    held = split(len(docs))
    print(f"{len(docs)} train articles, {len(held)} for validation", file=sys.stderr)
    if args.cache is not None and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
        kept = dict(zip(sorted(held), parse_docs([docs[i] for i in sorted(held)]), strict=True))
    else:
        rows, kept = collect(docs, held)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(rows))
    positives = sum(r.label for r in rows)
    print(f"{len(rows)} candidates, {positives} inside gold cues", file=sys.stderr)
    model = fit([r for r in rows if r.doc not in held])
    drop, add = choose_thresholds(model, docs, kept)
    print(f"chosen: drop_below {drop}, add_above {add}", file=sys.stderr)
    final = to_dict(fit(rows), drop, add)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(final, separators=(",", ":"), sort_keys=True).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, mtime=0))
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size:,} bytes) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
