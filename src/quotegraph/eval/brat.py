"""A small reader for brat standoff (``.ann``) files as PolNeAR ships them.

Only what attribution corpora use is read: ``T`` text-bound annotations (``T1<TAB>Label 10 20;25
30<TAB>surface``), ``E`` events (``E1<TAB>Trigger:T4 Role:T1 Role2:T2``) and ``R`` relations
(``R1<TAB>Label Arg1:T1 Arg2:T2``). Notes (``#``), attributes and normalisations are skipped.
A ``T`` surface may run over several lines (an annotated span holding newlines): lines that do not
start a new annotation continue the previous surface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .spans import Segment

_ANNOTATION = re.compile(r"^[TERAMN#*]\d*\t")
_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.DOTALL)


@dataclass(frozen=True)
class BratSpan:
    """A ``T`` line: raw segments in file order, and the surface text the file gives."""

    id: str
    label: str
    segments: tuple[Segment, ...]
    surface: str

    def matches(self, doc_text: str) -> bool:
        """``True`` when the offsets slice ``doc_text`` to the surface (Python str offsets)."""
        return " ".join(doc_text[s:e] for s, e in self.segments) == self.surface


@dataclass(frozen=True)
class BratLink:
    """An ``E`` event or ``R`` relation: its type and its ``(role, T-id)`` arguments."""

    id: str
    label: str
    trigger: str | None
    args: tuple[tuple[str, str], ...]

    def role(self, name: str) -> tuple[str, ...]:
        """Ids filling ``name`` or a numbered variant of it (``Content``, ``Content2``, ...)."""
        return tuple(tid for role, tid in self.args if role.rstrip("0123456789") == name)


@dataclass(frozen=True)
class BratDocument:
    spans: Mapping[str, BratSpan]
    events: tuple[BratLink, ...]
    relations: tuple[BratLink, ...]


def _join_continuations(lines: Iterable[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if _ANNOTATION.match(line) or not out:
            out.append(line)
        else:
            out[-1] += "\n" + line
    return out


def _text_bound(line: str) -> BratSpan:
    found = _TEXT_BOUND.match(line)
    if found is None:
        raise ValueError(f"malformed text-bound annotation: {line[:80]!r}")
    tid, label, locs, surface = found.groups()
    segments = tuple((int(a), int(b)) for a, b in (part.split(" ") for part in locs.split(";")))
    return BratSpan(id=tid, label=label, segments=segments, surface=surface)


def _pairs(fields: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((f.partition(":")[0], f.partition(":")[2]) for f in fields if ":" in f)


def _event(line: str) -> BratLink:
    eid, _, body = line.partition("\t")
    fields = body.split()
    trigger = _pairs(fields[:1])
    label, tid = trigger[0] if trigger else ("", "")
    return BratLink(id=eid, label=label, trigger=tid or None, args=_pairs(fields[1:]))


def _relation(line: str) -> BratLink:
    rid, _, body = line.partition("\t")
    fields = body.split()
    label = fields[0] if fields else ""
    return BratLink(id=rid, label=label, trigger=None, args=_pairs(fields[1:]))


def parse_ann(content: str) -> BratDocument:
    """Parse the text of one ``.ann`` file."""
    spans: dict[str, BratSpan] = {}
    events: list[BratLink] = []
    relations: list[BratLink] = []
    for line in _join_continuations(content.removesuffix("\n").split("\n")):
        if line.startswith("T"):
            span = _text_bound(line)
            spans[span.id] = span
        elif line.startswith("E"):
            events.append(_event(line))
        elif line.startswith("R"):
            relations.append(_relation(line))
    return BratDocument(MappingProxyType(spans), tuple(events), tuple(relations))


def read_ann(path: Path) -> BratDocument:
    """Read and parse one ``.ann`` file (UTF-8, newlines kept as written)."""
    return parse_ann(path.read_bytes().decode("utf-8"))
