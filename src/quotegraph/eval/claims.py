"""Scoring claim grouping and headline links against the hand-made sets in ``tests/data``.

* ``claim-pairs.jsonl``: every distinct statement text of the set is clustered in publication
  order by :class:`~quotegraph.claims.ClaimIndex`; each labelled pair is then a same-claim
  decision (both texts in one claim or not), scored by pairwise precision and recall.
* ``headline-links.jsonl``: each gold article is extracted; every headline / standfirst link
  the system makes whose part overlaps a gold ``headline_part`` is judged: correct when its
  best support overlaps the gold ``support`` (or both say "unsupported"). Precision is over
  those judged links; coverage is the share of gold parts that got a link at all.

The articles are rebuilt from ``../shared`` with quotegraph's own readers
(:func:`~quotegraph.eval.gold.heldout_articles`), as the sets' README describes.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..article.model import Article
from ..claims.headlines import Similarity
from ..errors import UsageError
from ..nlp.model import Document
from .gold import HELDOUT_SOURCES, heldout_articles, read_text

Ref = dict[str, Any]
Embed = Callable[[Sequence[str]], Any]  # texts -> unit vectors, one row each


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


def _key(ref: Ref) -> tuple[str, str]:
    dataset, _, rest = ref["source"].partition(":")
    return (dataset, str(ref["record"]) if dataset == "tass-2024" else rest)


def _news_lines(shared: Path, ids: set[str]) -> dict[str, int]:
    """news-articles ``article_id`` -> its 1-based line."""
    path = shared / HELDOUT_SOURCES["news-articles"][0]
    found: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line, raw in enumerate(fh, start=1):
            article_id = str(json.loads(raw)["article_id"])
            if article_id in ids:
                found[article_id] = line
    return found


def articles_for(refs: Iterable[Ref], shared: Path) -> dict[tuple[str, str], Article]:
    """The canonical article of every referenced source (tass-2024 and news-articles)."""
    keys = {_key(ref) for ref in refs}
    unknown = {ds for ds, _ in keys} - {"tass-2024", "news-articles"}
    if unknown:
        raise UsageError(f"unknown gold datasets {sorted(unknown)}")
    if not (shared / "datasets").is_dir():
        raise UsageError(
            f"{shared} holds no datasets/ folder", hint="--shared names the shared data folder"
        )
    out: dict[tuple[str, str], Article] = {}
    lines = _news_lines(shared, {ref for ds, ref in keys if ds == "news-articles"})
    by_line = {line: ref for ref, line in lines.items()}
    for line, article in heldout_articles(shared, "news-articles", set(by_line)).items():
        out["news-articles", by_line[line]] = article
    tass = {int(ref) for ds, ref in keys if ds == "tass-2024"}
    for record, article in heldout_articles(shared, "tass-2024", tass).items():
        out["tass-2024", str(record)] = article
    return out


@dataclass(frozen=True, slots=True)
class PairScore:
    """Pairwise same-claim decisions against gold."""

    pairs: int
    gold_same: int
    predicted_same: int
    true_same: int
    claims: int  # claims the set's distinct texts fell into
    texts: int

    @property
    def precision(self) -> float:
        return self.true_same / self.predicted_same if self.predicted_same else 0.0

    @property
    def recall(self) -> float:
        return self.true_same / self.gold_same if self.gold_same else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall}

    def table(self) -> str:
        return (
            f"claims: {self.pairs} pairs ({self.gold_same} same), {self.texts} texts -> "
            f"{self.claims} claims\n  pairwise precision {self.precision:.3f} "
            f"({self.true_same}/{self.predicted_same})  recall {self.recall:.3f} "
            f"({self.true_same}/{self.gold_same})"
        )


def claim_texts(rows: Sequence[Ref], shared: Path) -> list[tuple[str, str, str]]:
    """The set's distinct statement texts as ``(date, source key, text)``, in publication
    order (the order claims see them arrive)."""
    refs = [row[side] for row in rows for side in ("a", "b")]
    articles = articles_for(refs, shared)
    seen: dict[tuple[str, str, str], None] = {}
    for ref in refs:
        article = articles[_key(ref)]
        if ref["text"] not in article.text:
            raise UsageError(f"{ref['source']}: {ref['text']!r} is not in the article")
        date = str(article.published.date or "")
        seen[(date, ":".join(_key(ref)), ref["text"])] = None
    return sorted(seen)


def score_pairs(rows: Sequence[Ref], claim_of: dict[str, int]) -> PairScore:
    """Pairwise precision and recall of ``claim_of`` (text -> claim) on labelled pairs."""
    gold_same = predicted = true = 0
    for row in rows:
        same = claim_of[row["a"]["text"]] == claim_of[row["b"]["text"]]
        gold_same += bool(row["same_claim"])
        predicted += same
        true += same and bool(row["same_claim"])
    return PairScore(len(rows), gold_same, predicted, true, len(set(claim_of.values())),
                     len(claim_of))  # fmt: skip


# Why a gold part was not linked right (printed by ``quotegraph eval --headlines``).
CAUSES = {
    "no-attribution": "no headline/standfirst statement covers the gold part",
    "flagged": "linked to nothing (score under the threshold) though the body supports it",
    "support-not-a-statement": "the gold support is no body statement",
    "paraphrase-over-quote": "an indirect paraphrase chosen over the gold direct/mixed quote",
    "wrong-statement": "another body statement chosen",
    "unsupported-linked": "the body does not support the part but a link was made",
}


@dataclass(frozen=True, slots=True)
class LinkMiss:
    """A gold part the system missed or linked wrongly."""

    source: str
    part: str
    cause: str  # a key of :data:`CAUSES`
    found: str | None = None  # the chosen support's text, when there is one
    score: float | None = None


@dataclass(frozen=True, slots=True)
class LinkScore:
    """Headline links judged against gold."""

    gold_parts: int
    covered: int  # gold parts that some predicted link overlaps
    judged: int
    correct: int
    unsupported_gold: int
    unsupported_flagged: int  # gold-unsupported parts the system flagged
    misses: tuple[LinkMiss, ...] = ()
    name: str = "headline links"

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.gold_parts if self.gold_parts else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "coverage": self.coverage}

    def table(self, misses: bool = True) -> str:
        lines = [
            f"{self.name}: {self.gold_parts} gold parts, {self.covered} linked "
            f"(coverage {self.coverage:.3f})\n  link precision {self.precision:.3f} "
            f"({self.correct}/{self.judged}); unsupported flagged "
            f"{self.unsupported_flagged}/{self.unsupported_gold}"
        ]
        if not misses or not self.misses:
            return lines[0]
        counts: dict[str, int] = {}
        for miss in self.misses:
            counts[miss.cause] = counts.get(miss.cause, 0) + 1
        lines.append("  misses and false links by cause:")
        for cause in CAUSES:
            if cause not in counts:
                continue
            lines.append(f"    {cause} ({counts[cause]}): {CAUSES[cause]}")
            for miss in (m for m in self.misses if m.cause == cause):
                found = f" -> {_short(miss.found)}" if miss.found else ""
                score = f" [{miss.score:.2f}]" if miss.score is not None else ""
                lines.append(f"      {miss.source}: {_short(miss.part)}{score}{found}")
        return "\n".join(lines)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def held_out(row: Ref) -> bool:
    """The held-out part of ``headline-links.jsonl``: whole articles whose CRC-32 of
    ``source#record`` is divisible by 3 (about a third); the rest tunes thresholds."""
    return zlib.crc32(f"{row['source']}#{row.get('record', '')}".encode()) % 3 == 0


def split_links(rows: Sequence[Ref]) -> tuple[list[Ref], list[Ref]]:
    """``(tuning, held_out)`` rows of the headline-links set (see :func:`held_out`)."""
    return [r for r in rows if not held_out(r)], [r for r in rows if held_out(r)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gold_spans(article: Article, row: Ref) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Offsets of a gold link's part (in the headline or standfirst) and support (body)."""
    text = article.text
    part = text.find(row["headline_part"])
    if part < 0:
        raise UsageError(f"{row['source']}: {row['headline_part']!r} is not in the article")
    body = (
        article.standfirst.end
        if article.standfirst
        else (article.headline.end if article.headline else 0)
    )
    if row["support"] is None:
        return (part, part + len(row["headline_part"])), None
    support = text.find(row["support"], body)
    if support < 0:
        raise UsageError(f"{row['source']}: {row['support']!r} is not in the body")
    return (part, part + len(row["headline_part"])), (support, support + len(row["support"]))


def _source(row: Ref) -> str:
    return str(row["source"]) + (f"#{row['record']}" if "record" in row else "")


def _cause(doc: Document, link: Any, want: tuple[int, int]) -> str:
    if link.support is None:
        return "flagged"
    holders = [
        s
        for s in doc.statements
        if s.section == "body" and _overlap((s.content.start, s.content.end), want)
    ]
    if not holders:
        return "support-not-a-statement"
    chosen = doc.statements[link.support]
    if chosen.kind.value == "indirect" and any(s.kind.value != "indirect" for s in holders):
        return "paraphrase-over-quote"
    return "wrong-statement"


def score_links(
    rows: Sequence[Ref], docs: dict[tuple[str, str], Document], name: str = "headline links"
) -> LinkScore:
    """Judge each system headline / standfirst link (rank 1) against the gold part it
    overlaps most; every gold part not linked right is a :class:`LinkMiss` with its cause."""
    covered = judged = correct = flagged = 0
    misses: list[LinkMiss] = []
    by_article: dict[tuple[str, str], list[Ref]] = {}
    for row in rows:
        by_article.setdefault(_key(row), []).append(row)
    for key, gold_rows in by_article.items():
        doc = docs[key]
        gold = [(_gold_spans(doc.article, row)) for row in gold_rows]
        hit_parts: set[int] = set()
        for link in doc.headline_links:
            if link.rank != 1 or link.section == "lead":
                continue
            span = (link.part.start, link.part.end)
            best = max(range(len(gold)), key=lambda i: _overlap(span, gold[i][0]))
            if not _overlap(span, gold[best][0]):
                continue
            hit_parts.add(best)
            judged += 1
            want = gold[best][1]
            row = gold_rows[best]
            found = doc.statements[link.support].content if link.support is not None else None
            if want is None:
                correct += not link.supported
                flagged += not link.supported
                if link.supported:
                    misses.append(LinkMiss(_source(row), row["headline_part"],
                                           "unsupported-linked", found.text if found else None,
                                           link.score))  # fmt: skip
            elif found is not None and _overlap((found.start, found.end), want) > 0:
                correct += 1
            else:
                misses.append(LinkMiss(_source(row), row["headline_part"],
                                       _cause(doc, link, want), found.text if found else None,
                                       link.score))  # fmt: skip
        covered += len(hit_parts)
        misses.extend(
            LinkMiss(_source(row), row["headline_part"], "no-attribution")
            for i, row in enumerate(gold_rows)
            if i not in hit_parts
        )
    unsupported = sum(row["support"] is None for row in rows)
    return LinkScore(len(rows), covered, judged, correct, unsupported, flagged,
                     tuple(misses), name)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MismatchScore:
    """Synthetic unsupported parts: each headline / standfirst clause of one dataset's gold
    articles scored against the body of an article of the other dataset (tass-2024 of
    December 2024 against news-articles of early 2017: no body there supports it). A part
    the linker would call supported there is a false support."""

    parts: int
    supported: int

    @property
    def flagged_rate(self) -> float:
        return 1 - self.supported / self.parts if self.parts else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "flagged_rate": self.flagged_rate}

    def table(self, misses: bool = False) -> str:
        return (
            f"mismatched bodies: {self.parts} parts against another outlet's article, "
            f"{self.parts - self.supported} flagged ({self.flagged_rate:.3f})"
        )


def score_mismatched(
    docs: dict[tuple[str, str], Document], similarity: Similarity | None = None
) -> MismatchScore:
    from ..claims.headlines import SUPPORTED, best_share, clauses

    keys = sorted(docs)
    parts = supported = 0
    for i, key in enumerate(keys):
        others = [k for k in keys if k[0] != key[0]]
        if not others:
            continue
        other = docs[others[i % len(others)]]
        doc = docs[key]
        for s in doc.statements:
            if s.section == "body":
                continue
            for clause in clauses(doc.text, s.content):
                parts += 1
                share = best_share(clause.text, other.text, other.statements, similarity)
                supported += share >= SUPPORTED
    return MismatchScore(parts, supported)


def evaluate_links(
    rows: Sequence[Ref],
    shared: Path,
    extract: Callable[[Article], Document],
    similarity: Similarity | None = None,
) -> LinkScore:
    """Extract each gold article and score its headline links."""
    return evaluate_link_splits(rows, shared, extract, similarity)[0]


def evaluate_link_splits(
    rows: Sequence[Ref],
    shared: Path,
    extract: Callable[[Article], Document],
    similarity: Similarity | None = None,
) -> tuple[LinkScore, LinkScore, LinkScore, MismatchScore]:
    """Headline links scored on the whole set, its tuning part and its held-out part, and
    the synthetic unsupported parts of :func:`score_mismatched`; with ``similarity``, the
    links weigh sentence embeddings as an ingest with the semantic extra makes them."""
    from ..claims.headlines import relink

    articles = articles_for(rows, shared)
    docs = {key: extract(article) for key, article in articles.items()}
    if similarity is not None:
        docs = {key: relink(doc, similarity) for key, doc in docs.items()}
    tuning, held = split_links(rows)
    return (
        score_links(rows, docs),
        score_links(tuning, docs, "  tuning part"),
        score_links(held, docs, "  held-out part"),
        score_mismatched(docs, similarity),
    )


def evaluate_claims(rows: Sequence[Ref], shared: Path, embed: Embed) -> PairScore:
    """Cluster the set's texts in publication order and score the pairs."""
    from ..claims.cluster import ClaimIndex

    texts = [text for _, _, text in claim_texts(rows, shared)]
    vectors = embed(texts)
    found = ClaimIndex(int(vectors.shape[1])).assign(vectors, texts)
    return score_pairs(rows, {text: a.claim for text, a in zip(texts, found, strict=True)})
