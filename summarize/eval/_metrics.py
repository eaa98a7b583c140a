"""Metrics of a run: balanced accuracy (LLM-AggreFact's measure), per-label precision and recall, ROC AUC."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.eval._log import ClassificationMetrics, Confusion, LabelMetrics


def balanced_accuracy(labels: Sequence[int], predicted: Sequence[int]) -> float | None:
    """The mean of the recall on each label present; None without items."""
    recalls = [r for r in (_recall(labels, predicted, 1), _recall(labels, predicted, 0)) if r is not None]
    return sum(recalls) / len(recalls) if recalls else None


def _recall(labels: Sequence[int], predicted: Sequence[int], label: int) -> float | None:
    relevant = [p for g, p in zip(labels, predicted, strict=True) if g == label]
    return sum(p == label for p in relevant) / len(relevant) if relevant else None


def _precision(labels: Sequence[int], predicted: Sequence[int], label: int) -> float | None:
    chosen = [g for g, p in zip(labels, predicted, strict=True) if p == label]
    return sum(g == label for g in chosen) / len(chosen) if chosen else None


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Probability that a supported item scores above an unsupported one (ties count half)."""
    positives = [s for g, s in zip(labels, scores, strict=True) if g == 1]
    negatives = [s for g, s in zip(labels, scores, strict=True) if g == 0]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def balanced_accuracy_at(labels: Sequence[int], scores: Sequence[float], threshold: float) -> float | None:
    """Balanced accuracy when a score at or above `threshold` predicts "supported"."""
    return balanced_accuracy(labels, [int(s >= threshold) for s in scores])


def best_threshold(labels: Sequence[int], scores: Sequence[float]) -> tuple[float, float]:
    """The threshold on scores that maximises balanced accuracy, and that accuracy (midpoints between scores)."""
    values = sorted(set(scores))
    candidates = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] or values
    best = max(candidates, key=lambda t: (balanced_accuracy_at(labels, scores, t) or 0.0, -abs(t - 0.5)))
    return best, balanced_accuracy_at(labels, scores, best) or 0.0


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
