"""Fitting a decision rule on labelled items the checker recorded: each item's score under a rule, the threshold
that decides them best, and folds of whole documents for figures out of sample.

One implementation for `summarize eval calibrate` (a newsroom's own items), `evals/fit_decision.py` (the shipped
rule) and `evals/own_style.py`, so that their figures agree.
"""

from __future__ import annotations

import bisect
import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel

from summarize.calibration._rule import Calibration

FOLDS = 5
Signals = Mapping[str, float]
"""One claim's signals as the checker recorded them (`whole`, `window`, `coverage`, `copy`, ...)."""


@dataclass(frozen=True)
class LabelledItem:
    """One labelled item (a summary, or a claim) as the checker decided it."""

    label: int
    """1: consistent; 0: not."""
    document: str
    """The source it was checked against: folds keep a document's items together."""
    claims: tuple[Signals, ...] | None
    """The judge's signals for each claim; None where a deterministic check decided the item (it scores 0)."""
    group: str = ""
    """Its style or domain: a threshold is fitted on the mean balanced accuracy over the groups."""
    id: str = ""


Fitter = Callable[[list[LabelledItem]], Calibration]


def item_score(item: LabelledItem, rule: Calibration, *, copies: bool = True) -> float:
    """The item's score under `rule`: its weakest claim's; 0 where a check decided it; a claim the copy check
    supports scores 1 (with `copies`; without, the judge's own score)."""
    if not item.claims:
        return 0.0
    return min(1.0 if copies and claim.get("copy") else rule.score(claim) for claim in item.claims)


def judge_only(items: Sequence[LabelledItem]) -> list[LabelledItem]:
    """The items as the judge alone scored them: claims the copy check supports count with their judged score.

    Thresholds are fitted on these and scored with the copy check in place."""
    return [replace(i, claims=tuple({**c, "copy": 0.0} for c in i.claims)) if i.claims else i for i in items]


def both_labels(items: Sequence[LabelledItem]) -> bool:
    """Fitting and balanced accuracy need both labels."""
    return len({i.label for i in items}) == 2


def balanced_accuracy(labels: Sequence[int], predicted: Sequence[int]) -> float | None:
    """The mean of the recall on each label present; None without items."""
    recalls = [r for r in (_recall(labels, predicted, 1), _recall(labels, predicted, 0)) if r is not None]
    return sum(recalls) / len(recalls) if recalls else None


def _recall(labels: Sequence[int], predicted: Sequence[int], label: int) -> float | None:
    relevant = [p for g, p in zip(labels, predicted, strict=True) if g == label]
    return sum(p == label for p in relevant) / len(relevant) if relevant else None


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    """Probability that a consistent item scores above an inconsistent one (ties count half)."""
    positives = [s for g, s in zip(labels, scores, strict=True) if g == 1]
    negatives = [s for g, s in zip(labels, scores, strict=True) if g == 0]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def best_threshold(groups: Sequence[tuple[Sequence[int], Sequence[float]]]) -> tuple[float, float]:
    """The threshold on the scores that maximises the mean balanced accuracy over the groups (labels, scores),
    and that mean: midpoints between distinct scores (to 4 decimals), ties to the one nearest 0.5."""
    values = sorted({round(x, 4) for _labels, scores in groups for x in scores})
    candidates = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] or [0.5]
    sweeps = [_Sweep.of(labels, scores) for labels, scores in groups]

    def mean_accuracy(threshold: float) -> float:
        return statistics.mean(sweep.balanced_accuracy(threshold) for sweep in sweeps)

    best = max(candidates, key=lambda t: (round(mean_accuracy(t), 6), -abs(t - 0.5)))
    return best, mean_accuracy(best)


@dataclass(frozen=True)
class _Sweep:
    """One group's scores sorted by label, so that the balanced accuracy at any threshold is two binary searches
    (the same value `balanced_accuracy` gives for `score >= threshold`; thousands of items, thousands of
    candidate thresholds)."""

    positives: list[float]
    negatives: list[float]

    @classmethod
    def of(cls, labels: Sequence[int], scores: Sequence[float]) -> _Sweep:
        pairs = list(zip(labels, scores, strict=True))
        return cls(sorted(s for g, s in pairs if g == 1), sorted(s for g, s in pairs if g == 0))

    def balanced_accuracy(self, threshold: float) -> float:
        """As `balanced_accuracy(labels, [int(s >= threshold) ...]) or 0.0`."""
        recalls = []
        if self.positives:
            recalls.append((len(self.positives) - bisect.bisect_left(self.positives, threshold)) / len(self.positives))
        if self.negatives:
            recalls.append(bisect.bisect_left(self.negatives, threshold) / len(self.negatives))
        return sum(recalls) / len(recalls) if recalls else 0.0


def fit_threshold(items: Sequence[LabelledItem], rule: Calibration) -> float:
    """`rule`'s best threshold on `items`, each group with both labels weighing the same (a group with one label
    would only push the threshold to its end); the items are scored as given (see `judge_only`)."""
    by_group = {g: [i for i in items if i.group == g] for g in sorted({i.group for i in items})}
    by_group = {g: group for g, group in by_group.items() if both_labels(group)} or by_group
    scored = [([i.label for i in group], [item_score(i, rule) for i in group]) for group in by_group.values()]
    return best_threshold(scored)[0]


def threshold_fitter(rule: Calibration) -> Fitter:
    """A fitter that keeps `rule`'s form and fits only its threshold, on the judge's own answers."""

    def fit(train: list[LabelledItem]) -> Calibration:
        return rule.with_threshold(fit_threshold(judge_only(train), rule))

    return fit


def document_folds(documents: Sequence[str], folds: int = FOLDS, seed: int = 0) -> dict[str, int]:
    """Each document's fold: the distinct documents, sorted, shuffled with `seed`, dealt out in turn."""
    names = sorted(set(documents))
    random.Random(seed).shuffle(names)
    return {name: n % folds for n, name in enumerate(names)}


@dataclass(frozen=True)
class Decision:
    """An item decided by a rule fitted without its document."""

    item: LabelledItem
    score: float
    predicted: int


def cross_validated(
    items: Sequence[LabelledItem],
    fit: Fitter,
    *,
    folds: int = FOLDS,
    seed: int = 0,
    require_both_labels: bool = False,
) -> list[Decision] | None:
    """Each item scored by the rule fitted on the other folds' documents, in fold order; None where (with
    `require_both_labels`) a training part lacks a label. With fewer documents than folds, some folds are empty."""
    fold_of = document_folds([i.document for i in items], folds, seed)
    decided = []
    for fold in range(folds):
        train = [i for i in items if fold_of[i.document] != fold]
        if require_both_labels and not both_labels(train):
            return None
        rule = fit(train)
        for item in (i for i in items if fold_of[i.document] == fold):
            score = item_score(item, rule)
            decided.append(Decision(item, score, int(score >= rule.threshold)))
    return decided


class FitFigures(BaseModel):
    """How a rule decides the items: balanced accuracy and the share of consistent items flagged."""

    balanced_accuracy: float | None
    consistent_flagged: float | None


def figures(labels: Sequence[int], predicted: Sequence[int]) -> FitFigures:
    """Balanced accuracy (4 decimals) and the share of consistent items predicted inconsistent (3 decimals)."""
    consistent = [p for p, label in zip(predicted, labels, strict=True) if label == 1]
    accuracy = balanced_accuracy(labels, predicted)
    return FitFigures(
        balanced_accuracy=None if accuracy is None else round(accuracy, 4),
        consistent_flagged=round(consistent.count(0) / len(consistent), 3) if consistent else None,
    )
