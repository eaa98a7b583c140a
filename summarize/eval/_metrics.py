"""Metrics of a run: balanced accuracy (LLM-AggreFact's measure), per-label precision and recall, ROC AUC."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.calibration import balanced_accuracy, roc_auc
from summarize.eval._log import ClassificationMetrics, Confusion, LabelMetrics


def _recall(labels: Sequence[int], predicted: Sequence[int], label: int) -> float | None:
    relevant = [p for g, p in zip(labels, predicted, strict=True) if g == label]
    return sum(p == label for p in relevant) / len(relevant) if relevant else None


def _precision(labels: Sequence[int], predicted: Sequence[int], label: int) -> float | None:
    chosen = [g for g, p in zip(labels, predicted, strict=True) if p == label]
    return sum(g == label for g in chosen) / len(chosen) if chosen else None


def classification_metrics(
    labels: Sequence[int], predicted: Sequence[int], scores: Sequence[float]
) -> ClassificationMetrics:
    """Balanced accuracy, per-label precision and recall, the confusion counts, ROC AUC, n."""
    pairs = list(zip(labels, predicted, strict=True))
    return ClassificationMetrics(
        n=len(pairs),
        balanced_accuracy=_round(balanced_accuracy(labels, predicted)),
        roc_auc=_round(roc_auc(labels, scores)),
        per_label={
            name: LabelMetrics(
                precision=_round(_precision(labels, predicted, label)),
                recall=_round(_recall(labels, predicted, label)),
                support=sum(g == label for g in labels),
            )
            for name, label in (("supported", 1), ("unsupported", 0))
        },
        confusion=Confusion(
            true_supported=sum(g == 1 and p == 1 for g, p in pairs),
            false_supported=sum(g == 0 and p == 1 for g, p in pairs),
            true_unsupported=sum(g == 0 and p == 0 for g, p in pairs),
            false_unsupported=sum(g == 1 and p == 0 for g, p in pairs),
        ),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def kendall_tau(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Kendall's tau-b (ties in either ranking corrected for); None with fewer than two distinct values in
    either. System-level agreement of a metric with human scores is read with it (a few dozen systems)."""
    pairs = list(zip(xs, ys, strict=True))
    concordant = discordant = tied_x = tied_y = 0
    for i, (x1, y1) in enumerate(pairs):
        for x2, y2 in pairs[i + 1 :]:
            dx, dy = (x1 > x2) - (x1 < x2), (y1 > y2) - (y1 < y2)
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tied_x += 1
            elif dy == 0:
                tied_y += 1
            elif dx == dy:
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + tied_x) * (concordant + discordant + tied_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else None
