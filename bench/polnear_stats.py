"""PolNeAR statistics that matter for a rule-based attribution extractor.

Usage: ``python bench/polnear_stats.py [SHARED_DIR]`` (default ``../shared`` next to the repo).
Reads dev and train through :func:`quotegraph.eval.load_polnear` (one annotator's file per
article: the alphabetically first annotator id) and prints, per split: documents, attributions,
how many have a Source and a Cue, discontinuous contents, quote marks in contents, probes of the
annotation conventions (span edges, sources, cues, nesting) and raw brat counts; then the top-30
cues of train.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from quotegraph.eval import GoldDocument, GoldStatement, load_polnear
from quotegraph.eval.brat import read_ann
from quotegraph.eval.gold import annotation_files

QUOTES = '"“”'  # double marks only: ’ is mostly an apostrophe
OPENING_QUOTES = '"“'
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "many"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "who", "which"})
TITLES = re.compile(
    r"^(?:Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Gen|Lt|Rev|Judge|Justice|President|Senator|Governor|"
    r"Secretary|Speaker|Chairman|Mayor|Representative|Former|Vice)\b"
)
AUXILIARIES = frozenset({"has", "have", "had", "is", "was", "were", "are", "will", "would", "did"})
TOP_CUES = 30

Item = tuple[GoldDocument, GoldStatement]
Probe = Callable[[GoldDocument, GoldStatement], bool]


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f}%)" if whole else str(part)


def _first_word(text: str | None) -> str:
    words = (text or "").split()
    return words[0].lower() if words else ""


def _cue(st: GoldStatement) -> str:
    return " ".join((st.cue_text or "").lower().split())


def _before(doc: GoldDocument, st: GoldStatement, width: int = 1) -> str:
    return doc.text[max(0, st.content.start - width) : st.content.start]


def nested_contents(doc: GoldDocument) -> int:
    """Contents whose segments overlap a span of another attribution (a sweep over segments)."""
    segments = sorted(
        (a, b, i, sp is st.content)
        for i, st in enumerate(doc.statements)
        for sp in (st.content, st.cue, st.speaker_mention)
        if sp is not None
        for a, b in sp.parts
    )
    active: list[tuple[int, int, bool]] = []
    hit: set[int] = set()
    for start, end, owner, is_content in segments:
        active = [x for x in active if x[0] > start]
        for _, other, other_content in active:
            if other != owner and (is_content or other_content):
                hit.add(owner if is_content else other)
                hit.add(other if other_content else owner)
        active.append((end, owner, is_content))
    return len(hit)


def _wraps_cue(doc: GoldDocument, st: GoldStatement) -> bool:
    cue = st.cue
    return (
        st.content.discontinuous
        and cue is not None
        and st.content.start < cue.start < st.content.end
    )


CONTENT_PROBES: tuple[tuple[str, Probe], ...] = (
    ("discontinuous content", lambda d, s: s.content.discontinuous),
    ("  of which wrap their own cue", _wraps_cue),
    ("content contains a quote mark", lambda d, s: any(q in s.content.text for q in QUOTES)),
    ("content starts with an opening quote", lambda d, s: s.content.text[:1] in OPENING_QUOTES),
    ("content right after a quote mark", lambda d, s: _before(d, s) in OPENING_QUOTES),
    ("content starts with 'that '", lambda d, s: s.content.text.lower().startswith("that ")),
    ("'that' right before content", lambda d, s: _before(d, s, 5).lower() == "that "),
    ("content ends with '.'", lambda d, s: s.content.text.endswith(".")),
    ("'.' right after content", lambda d, s: d.text[s.content.end : s.content.end + 1] == "."),
)

SOURCE_PROBES: tuple[tuple[str, Probe], ...] = (
    (
        "source starts with a determiner",
        lambda d, s: _first_word(s.speaker_mention_text) in DETERMINERS,
    ),
    ("source starts with a pronoun", lambda d, s: _first_word(s.speaker_mention_text) in PRONOUNS),
    ("source starts with a title", lambda d, s: bool(TITLES.match(s.speaker_mention_text or ""))),
    ("source holds a comma (apposition)", lambda d, s: "," in (s.speaker_mention_text or "")),
    (
        "source before content",
        lambda d, s: bool(s.speaker_mention and s.speaker_mention.start < s.content.start),
    ),
)

CUE_PROBES: tuple[tuple[str, Probe], ...] = (
    ("multi-word cue", lambda d, s: " " in _cue(s)),
    ("cue starts with an auxiliary", lambda d, s: _first_word(_cue(s)) in AUXILIARIES),
    ("cue is 'according to'", lambda d, s: _cue(s) == "according to"),
    ("cue is a colon", lambda d, s: _cue(s) == ":"),
)


def _probe_rows(
    items: Sequence[Item], probes: Sequence[tuple[str, Probe]]
) -> list[tuple[str, str]]:
    return [
        (label, _share(sum(probe(d, s) for d, s in items), len(items))) for label, probe in probes
    ]


def split_rows(docs: Sequence[GoldDocument]) -> list[tuple[str, str]]:
    """Label/value rows for one split."""
    items = [(doc, st) for doc in docs for st in doc.statements]
    sourced = [(d, s) for d, s in items if s.speaker_mention is not None]
    cued = [(d, s) for d, s in items if s.cue is not None]
    rows = [
        ("documents", str(len(docs))),
        ("attributions", str(len(items))),
        ("with Source", _share(len(sourced), len(items))),
        ("with Cue", _share(len(cued), len(items))),
    ]
    rows += _probe_rows(items, CONTENT_PROBES)
    nested = sum(nested_contents(doc) for doc in docs)
    rows.append(("content overlaps another attribution", _share(nested, len(items))))
    return rows + _probe_rows(sourced, SOURCE_PROBES) + _probe_rows(cued, CUE_PROBES)


def raw_rows(split_dir: Path) -> list[tuple[str, str]]:
    """Counts straight from the chosen ``.ann`` files: labels, event shapes, unlinked spans."""
    counts: Counter[str] = Counter()
    for path in annotation_files(split_dir / "attributions").values():
        brat = read_ann(path)
        linked = {tid for e in brat.events for _, tid in e.args} | {e.trigger for e in brat.events}
        counts.update(f"T {span.label}" for span in brat.spans.values())
        counts.update(f"E trigger {e.label}" for e in brat.events)
        counts["E without Cue (cue = trigger)"] += sum(not e.role("Cue") for e in brat.events)
        counts["E with Content2"] += sum(len(e.role("Content")) > 1 for e in brat.events)
        sources = Counter(tid for e in brat.events for tid in e.role("Source"))
        counts["Source T shared by several E"] += sum(n > 1 for n in sources.values())
        counts["E without Content (dropped)"] += sum(not e.role("Content") for e in brat.events)
        counts["unlinked Source/Cue/Content T"] += sum(
            tid not in linked and s.label in ("Source", "Cue", "Content")
            for tid, s in brat.spans.items()
        )
    return [(label, str(n)) for label, n in sorted(counts.items())]


def top_cues(docs: Sequence[GoldDocument], k: int = TOP_CUES) -> list[tuple[str, int]]:
    """The ``k`` most frequent cues, lower-cased, whitespace-normalised."""
    return Counter(_cue(st) for doc in docs for st in doc.statements if st.cue_text).most_common(k)


def _print_rows(rows: Sequence[tuple[str, str]]) -> None:
    for label, value in rows:
        print(f"  {label:<40} {value}")


def main(argv: Sequence[str]) -> int:
    shared = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared"
    root = shared / "datasets" / "polnear"
    splits = {name: load_polnear(root / name) for name in ("dev", "train")}
    for name, docs in splits.items():
        print(f"== PolNeAR {name}")
        _print_rows(split_rows(docs))
        print("  -- raw brat (chosen files)")
        _print_rows(raw_rows(root / name))
    print(f"== top {TOP_CUES} cues (train)")
    _print_rows([(cue, str(count)) for cue, count in top_cues(splits["train"])])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
