"""The speaker timeline: statements per week or month as an SVG bar chart drawn on the server.

:func:`timeline` buckets a speaker's statements per publication day into ISO weeks (when they
span half a year or less) or calendar months, keeps the empty buckets in between (so gaps in
time read as gaps) and computes the geometry the template draws: bars, a y scale with round
ticks and at most :data:`MAX_LABELS` x labels.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..store import FacetCount

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40
MAX_LABELS = 12
WEEKLY_SPAN = dt.timedelta(weeks=26)
MAX_BAR = 48.0
MIN_BUCKETS = 8  # a short span is widened to this many weeks or months, for context


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # "week of 2021-11-01" or "2021-11"
    start: str  # first day, YYYY-MM-DD
    end: str  # last day


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float
    text: str


@dataclass(frozen=True, slots=True)
class Timeline:
    unit: str  # week or month
    bars: tuple[Bar, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    base: int = HEIGHT - BOTTOM

    @property
    def peak(self) -> Bar:
        return max(self.bars, key=lambda b: b.count)


def timeline(days: Iterable[FacetCount]) -> Timeline | None:
    """The chart of statements per day (``YYYY-MM-DD`` values); None when none is dated."""
    counts = Counter({dt.date.fromisoformat(d.value): d.count for d in days})
    if not counts:
        return None
    first, last = min(counts), max(counts)
    weekly = last - first <= WEEKLY_SPAN
    buckets = _widened(first, last, weekly)
    per = Counter({b: sum(n for d, n in counts.items() if b[0] <= d <= b[1]) for b in buckets})
    top = _nice(max(per.values()))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / len(buckets)
    width = min(slot * 0.8, MAX_BAR)
    bars = []
    for i, (start, end) in enumerate(buckets):
        height = inner_h * per[(start, end)] / top
        label = f"week of {start.isoformat()}" if weekly else start.strftime("%Y-%m")
        x = LEFT + slot * i + (slot - width) / 2
        bars.append(Bar(round(x, 1), round(TOP + inner_h - height, 1), round(width, 1),
                        round(height, 1), per[(start, end)], label, start.isoformat(),
                        end.isoformat()))  # fmt: skip
    y_ticks = tuple(
        Tick(round(TOP + inner_h - inner_h * v / top, 1), str(v)) for v in _tick_values(top)
    )
    step = math.ceil(len(buckets) / MAX_LABELS)
    x_ticks = tuple(
        Tick(round(b.x + b.width / 2, 1), _short(buckets[i][0], weekly))
        for i, b in enumerate(bars)
        if i % step == 0
    )
    return Timeline("week" if weekly else "month", tuple(bars), y_ticks, x_ticks,
                    sum(counts.values()))  # fmt: skip


def _widened(first: dt.date, last: dt.date, weekly: bool) -> list[tuple[dt.date, dt.date]]:
    """The weeks or months from ``first`` to ``last``, with empty ones added on both sides
    up to :data:`MIN_BUCKETS`."""
    cut = _weeks if weekly else _months
    buckets = cut(first, last)
    day = dt.timedelta(days=1)
    while len(buckets) < MIN_BUCKETS:
        if (MIN_BUCKETS - len(buckets)) % 2 == 0:
            buckets.insert(0, cut(buckets[0][0] - day, buckets[0][0] - day)[0])
        else:
            buckets.append(cut(buckets[-1][1] + day, buckets[-1][1] + day)[0])
    return buckets


def _weeks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    start = first - dt.timedelta(days=first.weekday())
    out = []
    while start <= last:
        out.append((start, start + dt.timedelta(days=6)))
        start += dt.timedelta(weeks=1)
    return out


def _months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    out = []
    start = first.replace(day=1)
    while start <= last:
        following = (start + dt.timedelta(days=32)).replace(day=1)
        out.append((start, following - dt.timedelta(days=1)))
        start = following
    return out


def _nice(peak: int) -> int:
    """A round top for the y axis at or above ``peak`` (1, 2, 5, 10, 20, 50, ...)."""
    magnitude = int(10 ** max(0, len(str(peak)) - 1))
    for step in (1, 2, 5, 10):
        if peak <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _tick_values(top: int) -> list[int]:
    if top <= 2:
        return list(range(top + 1))
    return sorted({0, top // 2, top})


def _short(day: dt.date, weekly: bool) -> str:
    return day.strftime("%d %b") if weekly else day.strftime("%b %Y")
