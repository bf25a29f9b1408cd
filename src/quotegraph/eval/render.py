"""Plain-text rendering of a :class:`~quotegraph.eval.score.Report`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .score import Accuracy, Report, ThresholdScore

_HEADER = (
    f"{'overlap':>7} {'tp':>6} {'fp':>6} {'fn':>6} {'ign':>5} {'P':>6} {'R':>6} {'F1':>6}"
    f" {'speaker':>18} {'cue':>18}"
)


def _acc(acc: Accuracy) -> str:
    value = "n/a" if acc.value is None else f"{acc.value:.3f}"
    return f"{value} ({acc.correct}/{acc.total})"


def _row(entry: ThresholdScore) -> str:
    c = entry.counts
    return (
        f"{entry.threshold:>7.2f} {c.tp:>6} {c.fp:>6} {c.fn:>6} {c.ignored:>5}"
        f" {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
        f" {_acc(entry.speaker):>18} {_acc(entry.cue):>18}"
    )


def _extras(entry: ThresholdScore) -> list[str]:
    lines = []
    if entry.kinds:
        kinds = ", ".join(f"{kind} {_acc(acc)}" for kind, acc in entry.kinds)
        lines.append(f"recall by kind @{entry.threshold:.2f}: {kinds}")
    w = entry.who_said_what
    lines.append(
        f"who-said-what @{entry.threshold:.2f}: P {w.precision:.3f} R {w.recall:.3f}"
        f" F1 {w.f1:.3f} (tp {w.tp}, fp {w.fp}, fn {w.fn})"
    )
    return lines


def render_table(report: Report) -> str:
    """Counts, P/R/F1 and accuracies per threshold, then per-kind recall and who-said-what."""
    lines = [
        f"documents {report.documents}, gold {report.gold} (+{report.optional} optional),"
        f" predicted {report.predicted}",
        _HEADER,
        *(_row(entry) for entry in report.thresholds),
    ]
    for entry in report.thresholds:
        lines.extend(_extras(entry))
    return "\n".join(lines)
