"""Event scoring (``quotegraph eval --events``) against tests/data/events-gold.jsonl.

A gold event is matched by an extracted event whose trigger overlaps the gold trigger (its
``occurrence``-th occurrence in the text); left-over extracted events (the same event found in
the headline, say) match left-over gold events of the same type, date and participants. A
match is *all right* when type, date and participants agree: dates compare at the gold's
grain (a range by its first day; an ISO week matches a month or year it overlaps),
participants as name sets (a participant goes by its entity's canonical name and aliases; a
name matches when one's words contain the other's, possessive 's aside, or they are
near-identical spellings).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..nlp.cast import name_words, strip_the
from ..nlp.facts import Event
from ..nlp.model import Document
from .sources import occurrence_offset, source_key


@dataclass
class EventReport:
    gold: int = 0
    extracted: int = 0
    found: int = 0  # gold events with an overlapping extracted trigger
    type_right: int = 0
    all_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.all_right / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.all_right / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_events": self.gold,
            "extracted_events": self.extracted,
            "trigger_found": self.found,
            "type_right": self.type_right,
            "all_right": self.all_right,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "misses": self.misses,
        }

    def table(self) -> str:
        rows = [
            ("gold events", str(self.gold)),
            ("extracted events", str(self.extracted)),
            ("trigger found", str(self.found)),
            ("type right", str(self.type_right)),
            ("type + date + participants right", str(self.all_right)),
            ("precision", f"{self.precision:.3f}"),
            ("recall (share of gold events all right)", f"{self.recall:.3f}"),
        ]
        return "\n".join(f"{k:<42}{v}" for k, v in rows)


def _words(name: str) -> set[str]:
    """Name words without possessive endings ("South Korea's government": korea, government)."""
    return {w.removesuffix("'s") for w in name_words(strip_the(name))}


def same_name(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    return fuzz.token_sort_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))) >= 88


def same_participants(gold: Sequence[str], found: Sequence[Sequence[str]]) -> bool:
    """Every gold name is some participant's and every participant is some gold name's; a
    participant goes by each of its names (the entity's canonical name and its aliases)."""

    def named(g: str, names: Sequence[str]) -> bool:
        return any(same_name(g, n) for n in names)

    return all(any(named(g, f) for f in found) for g in gold) and all(
        any(named(g, f) for g in gold) for f in found
    )


def same_date(gold: str | None, found: str | None) -> bool:
    if found is not None:
        found = found.split("/")[0]
    if gold is None or found is None:
        return gold == found
    if _WEEK.fullmatch(found) and len(gold) < len("2017-01-01"):  # a week inside the month/year
        return any(day[: len(gold)] == gold for day in _week_days(found))
    return found[: len(gold)] == gold if len(found) >= len(gold) else False


_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def _week_days(week: str) -> list[str]:
    year, num = (int(x) for x in week.split("-W"))
    monday = dt.date.fromisocalendar(year, num, 1)
    return [(monday + dt.timedelta(days=d)).isoformat() for d in range(7)]


def _all_right(gold: dict[str, Any], event: Event, aliases: Mapping[str, Sequence[str]]) -> bool:
    names = [(p.name, *aliases.get(p.entity, ())) for p in event.participants]
    return (
        gold["type"] == event.type.value
        and same_date(gold["date"], event.date)
        and same_participants(gold["participants"], names)
    )


def score_events(rows: Sequence[dict[str, Any]], docs: dict[str, Document]) -> EventReport:
    report = EventReport()
    for row in rows:
        doc = docs[source_key(row)]
        aliases = {e.id: e.aliases for e in doc.entities}
        events = list(doc.events)
        report.gold += len(row["events"])
        report.extracted += len(events)
        left: list[dict[str, Any]] = []
        for gold in row["events"]:
            start = occurrence_offset(doc.text, gold["trigger"], gold["occurrence"])
            end = (start or 0) + len(gold["trigger"])
            hits = [
                e
                for e in events
                if start is not None and e.trigger.start < end and start < e.trigger.end
            ]
            hits.sort(
                key=lambda e: (e.type.value != gold["type"], not _all_right(gold, e, aliases))
            )
            if not hits:
                left.append(gold)
                continue
            report.found += 1
            report.type_right += hits[0].type.value == gold["type"]
            if _all_right(gold, hits[0], aliases):
                report.all_right += 1
            else:
                report.misses.append(_miss(row, gold, hits[0]))
            events.remove(hits[0])
        for gold in left:
            match = next((e for e in events if _all_right(gold, e, aliases)), None)
            if match is None:
                report.misses.append(_miss(row, gold, None))
                continue
            report.found += 1
            report.type_right += 1
            report.all_right += 1
            events.remove(match)
    return report


def _miss(row: dict[str, Any], gold: dict[str, Any], event: Event | None) -> dict[str, Any]:
    got = None
    if event is not None:
        got = {
            "type": event.type.value,
            "trigger": event.trigger.text,
            "date": event.date,
            "participants": [p.name for p in event.participants],
            "place": event.place_name,
        }
    return {"source": source_key(row), "gold": gold, "extracted": got}
