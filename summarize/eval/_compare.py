"""Comparing two eval runs: metric deltas and the items whose prediction flipped."""

from __future__ import annotations

from pathlib import Path

from summarize._output import Output
from summarize.eval._log import read_metrics, read_predictions


class Flip(Output):
    """An item predicted differently by the two runs."""

    id: str
    label: int
    a: int
    b: int


class Comparison(Output):
    """Run B against run A."""

    a: str
    b: str
    deltas: dict[str, float | None]
    """B - A for balanced accuracy, ROC AUC and each per-item cost."""
    flipped: list[Flip]


def compare_runs(run_a: Path, run_b: Path) -> Comparison:
    """Metric deltas (B - A) and the items whose prediction flipped."""
    metrics_a, metrics_b = read_metrics(run_a), read_metrics(run_b)
    deltas = {
        "balanced_accuracy": _delta(metrics_a.balanced_accuracy, metrics_b.balanced_accuracy),
        "roc_auc": _delta(metrics_a.roc_auc, metrics_b.roc_auc),
    }
    cost_a, cost_b = metrics_a.per_item.model_dump(), metrics_b.per_item.model_dump()
    deltas |= {f"per_item.{key}": _delta(cost_a[key], cost_b[key]) for key in cost_a}
    by_id = {p.id: p for p in read_predictions(run_a)}
    flipped = [
        Flip(id=p.id, label=p.label, a=by_id[p.id].predicted, b=p.predicted)
        for p in read_predictions(run_b)
        if p.id in by_id and by_id[p.id].predicted != p.predicted
    ]
    return Comparison(a=str(run_a), b=str(run_b), deltas=deltas, flipped=flipped)


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)
