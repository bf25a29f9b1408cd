"""Speaker errors on the held-out dev set (issue 3): each matched statement whose resolved
speaker differs from the gold, with its mention and context.

Usage: ``python bench/heldout_speakers.py [tests/data/heldout-dev.jsonl] [--shared ../shared]``
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotegraph.eval.match import match
from quotegraph.eval.run import load
from quotegraph.eval.score import speaker_verdict
from quotegraph.nlp.pipeline import Pipeline
from quotegraph.options import Options

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "heldout", type=Path, nargs="?", default=REPO / "tests/data/heldout-dev.jsonl"
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    pipeline = Pipeline(Options())
    wrong = total = 0
    for doc in load(heldout=args.heldout, shared=args.shared):
        assert doc.article is not None
        preds = pipeline(doc.article).statements
        for pair in match([p.content for p in preds], doc.statements, 0.3):
            gold, pred = doc.statements[pair.gold], preds[pair.pred]
            if gold.optional:
                continue
            total += 1
            if speaker_verdict(gold, pred) is False:
                wrong += 1
                mention = pred.speaker.mention.text if pred.speaker.mention else None
                lo = max(0, (pred.speaker.mention or pred.content).start - 150)
                print(
                    f"{doc.doc_id}: gold {gold.speaker!r} (mention {gold.speaker_mention_text!r})"
                    f" got {pred.speaker.name!r} via {mention!r} [{pred.kind.value}]"
                )
                print("    ..." + doc.text[lo : pred.content.end][-400:].replace("\n", " / "))
    print(f"{wrong} wrong of {total}")


if __name__ == "__main__":
    main()
