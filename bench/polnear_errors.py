"""Error analysis on PolNeAR (issue 3): why gold attributions are missed or mis-bounded.

Usage: ``python bench/polnear_errors.py [--split train] [--limit N] [--show BUCKET] [--samples K]``

Runs the statement pipeline exactly as ``quotegraph eval --polnear`` does (attributions scope,
continuations folded, nested left out) over a split (``train`` by default: develop rules on
train, never on dev) and buckets:

* every gold attribution missed at overlap 0.3, by cause: the gold cue's part of speech and
  whether its lemma is a cue of ours (``missed verb lemma``), whether a prediction touches the
  gold content at all (``partial``: overlaps but under 0.3), ``according to``, colons, nouns;
* every pair matched at 0.3 but not 0.8, by which edge is off (prediction too long/short at
  the start or end);
* every false positive, by cue lemma.

Counts of lemmas in the buckets are printed (the most frequent first) and ``--show BUCKET``
prints sample contexts of one bucket. Nothing is written: this informs hand-written rules.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Token

from quotegraph.article.build import from_text
from quotegraph.eval import GoldDocument, GoldStatement, load_polnear
from quotegraph.eval.match import match
from quotegraph.eval.run import fold_continuations
from quotegraph.nlp.cues import CUE_VERBS
from quotegraph.nlp.model import Statement
from quotegraph.nlp.parse import Parsed
from quotegraph.nlp.pipeline import STAGES, Pipeline, Work
from quotegraph.options import Options

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclasses.dataclass
class Findings:
    buckets: Counter[str] = dataclasses.field(default_factory=Counter)
    lemmas: dict[str, Counter[str]] = dataclasses.field(
        default_factory=lambda: defaultdict(Counter)
    )
    samples: dict[str, list[tuple[str, str]]] = dataclasses.field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, bucket: str, lemma: str, sample: str) -> None:
        self.buckets[bucket] += 1
        self.lemmas[bucket][lemma] += 1
        self.samples[bucket].append((lemma, sample))


def run_one(pipeline: Pipeline, doc: GoldDocument) -> tuple[tuple[Parsed, ...], list[Statement]]:
    article = from_text(doc.text, source=doc.doc_id, format="text", options=pipeline.options)
    work = Work(article=article, options=pipeline.options, nlp=pipeline.nlp)
    for _, stage in STAGES:
        work = stage(work)
    return work.parsed, list(fold_continuations(doc.text, work.statements))


def tokens_in(parsed: Sequence[Parsed], start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for p in parsed:
        if p.start <= start < p.start + len(p.doc.text) + 1:
            out.extend(t for t in p.doc if start <= p.abs(t) < end)
    return out


def cue_head(toks: list[Token]) -> Token | None:
    for pos in ("VERB", "NOUN", "AUX", "ADJ", "ADP", "PROPN"):
        found = [t for t in toks if t.pos_ == pos]
        if found:
            return found[-1] if pos == "AUX" else found[0]
    return toks[0] if toks else None


def context(text: str, gold: GoldStatement, pred: Statement | None = None) -> str:
    lo = max(0, min(gold.content.start, gold.cue.start if gold.cue else gold.content.start) - 80)
    hi = min(len(text), max(gold.content.end, gold.cue.end if gold.cue else 0) + 40)
    marks = {gold.content.start: "[[", gold.content.end: "]]"}
    if gold.cue is not None:
        marks[gold.cue.start] = marks.get(gold.cue.start, "") + "<"
        marks[gold.cue.end] = ">" + marks.get(gold.cue.end, "")
    if gold.speaker_mention is not None:
        marks[gold.speaker_mention.start] = marks.get(gold.speaker_mention.start, "") + "{"
        marks[gold.speaker_mention.end] = "}" + marks.get(gold.speaker_mention.end, "")
    out = []
    for i in range(lo, hi):
        out.append(marks.get(i, ""))
        out.append(text[i])
    line = "".join(out).replace("\n", " / ")
    if pred is not None:
        line += f"\n      PRED[{pred.content.text[:300]!r}] cue={pred.cue_lemma}"
    return line


def miss_bucket(
    doc: GoldDocument, gold: GoldStatement, parsed: Sequence[Parsed], preds: list[Statement]
) -> tuple[str, str]:
    cue = (gold.cue_text or "").lower().strip()
    if cue == "according to":
        return "according to", cue
    if cue in {":", "—", "-"}:
        return "punctuation cue", cue
    toks = tokens_in(parsed, gold.cue.start, gold.cue.end) if gold.cue else []
    head = cue_head(toks)
    lemma = head.lemma_.lower() if head is not None else cue
    touching = [p for p in preds if gold.content.overlap(p.content.start, p.content.end) > 0]
    if touching:
        return "partial overlap (<0.3)", lemma
    if head is None:
        return "no cue token", cue
    if head.pos_ in {"VERB", "AUX"}:
        known = lemma in CUE_VERBS
        return ("known verb, no statement" if known else "missed verb lemma"), lemma
    return f"cue {head.pos_}", lemma


def boundary_bucket(gold: GoldStatement, pred: Statement) -> str:
    g0, g1, p0, p1 = gold.content.start, gold.content.end, pred.content.start, pred.content.end
    parts = []
    if p0 < g0 - 2:
        parts.append("starts early")
    elif p0 > g0 + 2:
        parts.append("starts late")
    if p1 > g1 + 2:
        parts.append("ends late")
    elif p1 < g1 - 2:
        parts.append("ends early")
    if gold.content.discontinuous:
        parts.append("gold discontinuous")
    return ", ".join(parts) or "edges ok (segments)"


def analyse(docs: Sequence[GoldDocument], options: Options) -> tuple[Findings, Findings, Findings]:
    pipeline = Pipeline(options)
    misses, bounds, false = Findings(), Findings(), Findings()
    tally: Counter[str] = Counter()
    for doc in docs:
        parsed, preds = run_one(pipeline, doc)
        contents = [p.content for p in preds]
        loose = {m.gold: m.pred for m in match(contents, doc.statements, 0.3)}
        tight = {m.gold for m in match(contents, doc.statements, 0.8)}
        tally.update(gold=len(doc.statements), pred=len(preds), tp3=len(loose), tp8=len(tight))
        for j, gold in enumerate(doc.statements):
            if j not in loose:
                bucket, lemma = miss_bucket(doc, gold, parsed, preds)
                near = next(
                    (p for p in preds if gold.content.overlap(p.content.start, p.content.end)), None
                )
                misses.add(bucket, lemma, context(doc.text, gold, near))
            elif j not in tight:
                pred = preds[loose[j]]
                bounds.add(boundary_bucket(gold, pred), pred.cue_lemma or "-",
                           context(doc.text, gold, pred))  # fmt: skip
        matched = set(loose.values())
        for i, pred in enumerate(preds):
            tally[f"{'tp' if i in matched else 'fp'}:{pred.cue_lemma}"] += 1
        for i, pred in enumerate(preds):
            if i not in matched:
                touching = any(g.content.overlap(pred.content.start, pred.content.end) > 0
                               for g in doc.statements)  # fmt: skip
                lo = max(0, pred.content.start - 100)
                sample = doc.text[lo : pred.content.end + 30].replace("\n", " / ")
                sample += f"\n      PRED[{pred.content.text[:200]!r}]"
                false.add(
                    "overlaps a gold" if touching else "no gold", pred.cue_lemma or "-", sample
                )
    lemmas = {k.split(":", 1)[1] for k in tally if k.startswith(("tp:", "fp:"))}
    ranked = sorted(lemmas, key=lambda k: tally[f"fp:{k}"] - tally[f"tp:{k}"], reverse=True)
    print("cue lemmas with more FP than TP at 0.3:", ", ".join(
        f"{k} {tally[f'tp:{k}']}/{tally[f'fp:{k}']}" for k in ranked
        if tally[f"fp:{k}"] > tally[f"tp:{k}"]
    ))  # fmt: skip
    for t in ("3", "8"):
        p, r = tally[f"tp{t}"] / max(1, tally["pred"]), tally[f"tp{t}"] / max(1, tally["gold"])
        print(f"@0.{t}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}")
    return misses, bounds, false


def report(title: str, found: Findings, total: int, top: int) -> None:
    print(f"== {title}: {sum(found.buckets.values())} of {total}")
    for bucket, n in found.buckets.most_common():
        lemmas = ", ".join(f"{k} {v}" for k, v in found.lemmas[bucket].most_common(top))
        print(f"  {n:5d}  {bucket:<28} {lemmas}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("--lemma", default=None, help="only samples with this lemma")
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    docs = load_polnear(SHARED / "datasets" / "polnear" / args.split)[args.skip :]
    docs = docs[: args.limit] if args.limit else docs
    options = Options(scope="attributions")
    misses, bounds, false = analyse(docs, options)
    golds = sum(len(d.statements) for d in docs)
    report("missed at 0.3", misses, golds, args.top)
    report("matched at 0.3, not 0.8", bounds, golds, args.top)
    report("false positives at 0.3", false, golds, args.top)
    for found in (misses, bounds, false):
        for bucket in args.show:
            rows = [s for lem, s in found.samples.get(bucket, []) if args.lemma in (None, lem)]
            for row in rows[: args.samples]:
                print(f"  - {row}")


if __name__ == "__main__":
    main()
