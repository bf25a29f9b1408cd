"""Entity resolution scoring (``quotegraph eval --entities``) on labelled mention pairs
(tests/data/entity-pairs.jsonl): each mention is found among its article's entities, the
articles go through :class:`~quotegraph.knowledge.Resolver` one by one, and a pair is
predicted *same* when both mentions end in one global entity. A mention no in-article entity
covers stands for itself (a person, or an organisation when it reads like one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..article.model import TextSpan
from ..knowledge import Resolver
from ..nlp.cast import name_words
from ..nlp.entities import INSTITUTION_HEADS
from ..nlp.facts import Entity, EntityType, entity_id
from ..nlp.model import Document
from .sources import occurrence_offset, source_key


@dataclass
class PairReport:
    pairs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs, "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "errors": self.errors,
        }  # fmt: skip

    def table(self) -> str:
        rows = [
            ("pairs", str(self.pairs)),
            ("same, predicted same (tp)", str(self.tp)),
            ("different, predicted same (fp)", str(self.fp)),
            ("same, predicted different (fn)", str(self.fn)),
            ("pairwise precision", f"{self.precision:.3f}"),
            ("pairwise recall", f"{self.recall:.3f}"),
        ]
        return "\n".join(f"{k:<34}{v}" for k, v in rows)


def _mention_entity(doc: Document, ref: dict[str, Any], extra: list[Entity]) -> Entity:
    """The in-article entity the labelled mention belongs to."""
    surface = ref["text"]
    start = occurrence_offset(doc.text, surface, ref["occurrence"])
    if start is not None:
        end = start + len(surface)
        overlapping = [
            (abs((m.end - m.start) - len(surface)), e) for e in doc.entities for m in e.mentions
            if min(m.end, end) - max(m.start, start) >= 0.6 * max(len(surface), m.end - m.start)
        ]  # fmt: skip
        if overlapping:  # the mention closest in length: 'Pyotr Poroshenko', not '... Bloc'
            return min(overlapping, key=lambda c: c[0])[1]
    words = name_words(surface)
    for ent in [*doc.entities, *extra]:
        if any(name_words(n) == words for n in (ent.name, *ent.aliases)):
            return ent
    kind = EntityType.ORGANISATION if _org_like(surface) else EntityType.PERSON
    span = [TextSpan.of(doc.text, start, start + len(surface))] if start is not None else []
    ent = Entity(id=entity_id(kind, surface), name=surface, type=kind, mentions=tuple(span))
    extra.append(ent)
    return ent


def _org_like(surface: str) -> bool:
    words = name_words(surface)
    return surface.replace(".", "").isupper() or any(w in INSTITUTION_HEADS for w in words)


def score_pairs(rows: Sequence[dict[str, Any]], docs: dict[str, Document]) -> PairReport:
    extra: dict[str, list[Entity]] = {k: [] for k in docs}
    local = [
        tuple(_mention_entity(docs[source_key(r[s])], r[s], extra[source_key(r[s])]) for s in "ab")
        for r in rows
    ]
    resolver = Resolver()
    global_of: dict[tuple[str, str], str] = {}
    for key in sorted(docs, key=_article_order):
        doc = docs[key]
        seen = doc.published.date.isoformat() if doc.published.date else None
        for local_id, gid in resolver.add(key, [*doc.entities, *extra[key]], seen).items():
            global_of[key, local_id] = gid
    report = PairReport()
    for row, (a, b) in zip(rows, local, strict=True):
        ga = resolver.final(global_of[source_key(row["a"]), a.id])
        gb = resolver.final(global_of[source_key(row["b"]), b.id])
        predicted, same = ga == gb, bool(row["same"])
        report.pairs += 1
        if predicted and same:
            report.tp += 1
        elif predicted:
            report.fp += 1
        elif same:
            report.fn += 1
        else:
            report.tn += 1
        if predicted != same:
            report.errors.append({"pair": row, "a": a.name, "b": b.name})
    return report


def _article_order(key: str) -> tuple[str, int]:
    dataset, _, ref = key.partition(":")
    return dataset, int(ref) if ref.isdigit() else 0
