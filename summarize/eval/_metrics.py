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
