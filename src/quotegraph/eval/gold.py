"""Gold statements to score against, and loaders for the gold sources quotegraph uses.

* :func:`load_gold_jsonl`: the project's own gold (``shared/gold/*.jsonl``, format in
  ``shared/README.md``, rules in ``shared/gold/GUIDELINES.md``). The gold gives the speaker
  mention and the cue only as surface text; their offsets are recovered here: the cue is the
  occurrence (whole-word, outside the content) nearest the content, the mention the occurrence
  nearest that cue (or the content when no cue is found); an occurrence in the same sentence
  is preferred to a nearer one across a sentence or paragraph break. When the text has no
  occurrence, only the surface text is kept.
* :func:`load_heldout`: the project's held-out dev set (``tests/data/heldout-dev.jsonl``):
  offsets only, no text. Each record names a dataset under ``shared`` and a 1-based record
  index; the article is rebuilt with quotegraph's own reader (so the canonical text, headline
  and standfirst spans are the ones extraction sees), checked against the record's
  ``text_sha256``, and kept on the :class:`GoldDocument` (``article``). Contents are sliced from
  that text; cue and mention are located as for :func:`load_gold_jsonl`.
* :func:`load_polnear`: PolNeAR brat annotations, one :class:`GoldDocument` per ``text/*.txt``.
  Offsets are Python ``str`` (code point) indices into the UTF-8 decoded text, checked against the
  surface each ``T`` line records. Each ``E`` event with a ``Content`` argument is one statement:
  ``Content`` (and ``Content2``...) segments are its content (kept as segments and scored on their
  union; ``start``/``end`` are the hull), ``Source`` its speaker mention, ``Cue`` its cue (the
  event's trigger when no ``Cue`` is given); speaker name and kind are ``None``. Unlinked ``T``
  spans and ``Discard``/``Discuss`` spans are ignored. An article annotated by several annotators
  (``<stem>_<annotator>.ann``) uses the file of the alphabetically first annotator id, which for
  PolNeAR's core splits is also the first annotator ``metadata.tsv`` lists.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..article.model import Article
from ..ingest.base import RawInput, Result
from ..ingest.records import read_json, read_jsonl
from ..nlp.model import StatementKind
from ..options import Options
from .brat import BratDocument, BratLink, BratSpan, read_ann
from .spans import Segment, Span, segment_overlap


@dataclass(frozen=True)
class GoldStatement:
    """One gold statement; ``optional`` ones are neither rewarded nor penalised."""

    content: Span
    kind: StatementKind | None = None
    speaker: str | None = None
    speaker_mention: Span | None = None
    speaker_mention_text: str | None = None
    cue: Span | None = None
    cue_text: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldDocument:
    """An article text and its gold statements; ``article`` when a structured reader built the
    text (its headline/standfirst spans are then used for extraction instead of re-reading the
    text as plain wire copy)."""

    doc_id: str
    text: str
    statements: tuple[GoldStatement, ...]
    annotator: str | None = None
    article: Article | None = None

    @property
    def required(self) -> tuple[GoldStatement, ...]:
        return tuple(s for s in self.statements if not s.optional)


def read_text(path: Path) -> str:
    """UTF-8 text with line endings untouched, so offsets stay valid."""
    return path.read_bytes().decode("utf-8")


# --- the project's gold -------------------------------------------------------------------


def _pattern(needle: str, flags: int) -> re.Pattern[str]:
    """``needle`` as a whole word when it starts/ends with a word character."""
    head = r"(?<!\w)" if needle[:1].isalnum() else ""
    tail = r"(?!\w)" if needle[-1:].isalnum() else ""
    return re.compile(head + re.escape(needle) + tail, flags)


def _gap(a: Segment, b: Segment) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


def _occurrences(text: str, needle: str, avoid: Segment) -> list[Segment]:
    """Whole-word hits outside ``avoid``; case-insensitive only when exact case finds none."""
    for flags in (0, re.IGNORECASE):
        hits = [(m.start(), m.end()) for m in _pattern(needle, flags).finditer(text)]
        outside = [hit for hit in hits if segment_overlap(hit, avoid) == 0]
        if outside:
            return outside
    return []


# A sentence end (``.``/``!``/``?``, perhaps closing a quote, then a space) or a line break.
_BOUNDARY = re.compile(r"[.!?][\"”’']*\s|\n")


def _crosses(text: str, a: Segment, b: Segment) -> bool:
    """Does the text between two segments cross a sentence or paragraph boundary?"""
    between = text[min(a[1], b[1]) : max(a[0], b[0])]
    return _BOUNDARY.search(between) is not None


def locate(text: str, needle: str | None, anchor: Segment, avoid: Segment) -> Span | None:
    """The occurrence of ``needle`` outside ``avoid`` nearest ``anchor``, preferring one in the
    same sentence (``"X." the press office said. "Y," the Kremlin said`` gives Y the second
    ``said``); earliest on ties."""
    if not needle:
        return None
    hits = sorted(
        _occurrences(text, needle, avoid),
        key=lambda s: (_crosses(text, s, anchor), _gap(s, anchor), s[0]),
    )
    return Span.of(text, *hits[0]) if hits else None


def _gold_statement(text: str, raw: dict[str, Any]) -> GoldStatement:
    content = Span.of(text, int(raw["content_start"]), int(raw["content_end"]))
    if "content" in raw and content.text != raw["content"]:
        raise ValueError(f"gold content does not slice the text: {raw['content'][:60]!r}")
    own = (content.start, content.end)
    cue = locate(text, raw.get("cue"), own, own)
    mention = locate(text, raw.get("speaker_mention"), (cue.start, cue.end) if cue else own, own)
    kind = raw.get("kind")
    return GoldStatement(
        content=content,
        kind=StatementKind(kind) if kind else None,
        speaker=raw.get("speaker"),
        speaker_mention=mention,
        speaker_mention_text=raw.get("speaker_mention"),
        cue=cue,
        cue_text=raw.get("cue"),
        optional=bool(raw.get("optional", False)),
    )


def load_gold_jsonl(
    path: str | PathLike[str], texts_dir: str | PathLike[str]
) -> tuple[GoldDocument, ...]:
    """Documents of a gold ``.jsonl`` file; texts are ``texts_dir / record["doc"]``."""
    docs: list[GoldDocument] = []
    texts_dir = Path(texts_dir)
    for line in read_text(Path(path)).splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = read_text(texts_dir / record["doc"])
        statements = tuple(_gold_statement(text, raw) for raw in record["statements"])
        docs.append(GoldDocument(doc_id=record["doc"], text=text, statements=statements))
    return tuple(docs)


# --- the held-out dev set ---------------------------------------------------------------

# Held-out dataset name -> (file under ``shared``, reader format).
HELDOUT_SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "tass-2024": ("datasets/tass-2024/tass-politics-2024-12.json", "json"),
        "news-articles": ("datasets/news-articles.jsonl.gz", "jsonl"),
    }
)


def _read_records(path: Path, fmt: str, wanted: set[int]) -> Iterator[Result]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    if fmt == "json":
        return read_json(RawInput(source=str(path), data=data, format="json"), Options())
    # Only the wanted lines are parsed; the others are blanked so line numbers stay.
    lines = data.split(b"\n")
    data = b"\n".join(line if i in wanted else b"" for i, line in enumerate(lines, start=1))
    return read_jsonl(RawInput(source=str(path), data=data, format="jsonl"), Options())


def heldout_articles(shared: Path, dataset: str, records: set[int]) -> dict[int, Article]:
    """Records (1-based) of one held-out dataset, built by quotegraph's own reader."""
    if dataset not in HELDOUT_SOURCES:
        raise ValueError(f"unknown held-out dataset {dataset!r}")
    name, fmt = HELDOUT_SOURCES[dataset]
    found: dict[int, Article] = {}
    if not records:
        return found
    for result in _read_records(shared / name, fmt, records):
        index = int(result.source.rsplit("#", 1)[1])
        if index not in records:
            continue
        if not isinstance(result, Article):
            raise ValueError(f"{dataset} record {index} was rejected: {result}")
        found[index] = result
    missing = sorted(records - found.keys())
    if missing:
        raise ValueError(f"{dataset} has no records {missing}")
    return found


def load_heldout(path: Path, shared: Path) -> tuple[GoldDocument, ...]:
    """Documents of a held-out gold file (offsets only), texts rebuilt from ``shared``."""
    records = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    wanted: dict[str, set[int]] = {}
    for record in records:
        wanted.setdefault(record["dataset"], set()).add(int(record["record"]))
    articles = {ds: heldout_articles(shared, ds, nums) for ds, nums in wanted.items()}
    docs: list[GoldDocument] = []
    for record in records:
        doc_id = f"{record['dataset']}#{record['record']}"
        article = articles[record["dataset"]][int(record["record"])]
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if digest != record["text_sha256"]:
            raise ValueError(f"{doc_id}: the rebuilt text does not match text_sha256")
        for raw in record["statements"]:
            if not 0 <= raw["content_start"] < raw["content_end"] <= len(article.text):
                raise ValueError(f"{doc_id}: content offsets outside the text: {raw}")
        statements = tuple(_gold_statement(article.text, raw) for raw in record["statements"])
        docs.append(
            GoldDocument(doc_id=doc_id, text=article.text, statements=statements, article=article)
        )
    return tuple(docs)


# --- PolNeAR ------------------------------------------------------------------------------


def _spans_of(brat: BratDocument, ids: Sequence[str], text: str) -> Span | None:
    segments = [seg for tid in ids for seg in brat.spans[tid].segments]
    return Span.from_segments(text, segments) if segments else None


def _surface(brat: BratDocument, ids: Sequence[str]) -> str | None:
    return " ".join(brat.spans[tid].surface for tid in ids) or None


def _attribution(brat: BratDocument, event: BratLink, text: str) -> GoldStatement | None:
    content = _spans_of(brat, event.role("Content"), text)
    if content is None:
        return None
    cues = event.role("Cue") or ((event.trigger,) if event.trigger else ())
    sources = event.role("Source")
    return GoldStatement(
        content=content,
        speaker_mention=_spans_of(brat, sources, text),
        speaker_mention_text=_surface(brat, sources),
        cue=_spans_of(brat, cues, text),
        cue_text=_surface(brat, cues),
    )


def _check_offsets(spans: Sequence[BratSpan], text: str, where: Path) -> None:
    for span in spans:
        if not span.matches(text):
            raise ValueError(f"{where}: {span.id} offsets do not slice {span.surface[:60]!r}")


def polnear_document(text_path: Path, ann_path: Path | None) -> GoldDocument:
    """One PolNeAR article: its text and the attributions of one annotator's file."""
    text = read_text(text_path)
    if ann_path is None:
        return GoldDocument(doc_id=text_path.stem, text=text, statements=())
    brat = read_ann(ann_path)
    _check_offsets(tuple(brat.spans.values()), text, ann_path)
    found = (_attribution(brat, event, text) for event in brat.events)
    annotator = ann_path.stem.rsplit("_", 1)[1]
    return GoldDocument(
        doc_id=text_path.stem,
        text=text,
        statements=tuple(s for s in found if s is not None),
        annotator=annotator,
    )


def annotation_files(ann_dir: Path) -> dict[str, Path]:
    """Article stem -> the ``.ann`` file used for it (alphabetically first annotator id)."""
    chosen: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    return chosen


def load_polnear(split_dir: str | PathLike[str]) -> tuple[GoldDocument, ...]:
    """All articles of a PolNeAR split (``<split>/text/*.txt``, ``<split>/attributions/*.ann``)."""
    split_dir = Path(split_dir)
    texts = sorted((split_dir / "text").glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"no PolNeAR texts under {split_dir / 'text'}")
    anns = annotation_files(split_dir / "attributions")
    return tuple(polnear_document(path, anns.get(path.stem)) for path in texts)
