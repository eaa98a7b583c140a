"""Fit the checker's threshold on a newsroom's own labelled items: `summarize eval calibrate`.

The shipped threshold is fitted on three styles of news summaries pooled; one style alone wants its own
(measured: FRANK BBC's one-sentence summaries are flagged 35% of the time when consistent at the pooled
threshold, 18% at a threshold fitted on 20-40 labelled BBC items; README, "Calibrating on your own
articles"). The rule's form (max of the whole-document and window answers) stays; only its threshold is fitted,
on an eval run's recorded signals, so no model is needed and the figures are reported out of sample.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from summarize._errors import InputError
from summarize.checker import EMBEDDED_CALIBRATION, Calibration
from summarize.eval._dataset import load_dataset
from summarize.eval._log import ClaimOutcome, Prediction, read_predictions
from summarize.eval._metrics import balanced_accuracy, best_threshold

FOLDS = 5
FEW = 10
"""Fewer consistent or inconsistent items than this, and the fitted threshold moves with a single item."""


class FitFigures(BaseModel):
    """How a threshold decides the items: balanced accuracy and the share of consistent items flagged."""

    balanced_accuracy: float | None
    consistent_flagged: float | None


class CalibrationFit(BaseModel):
    """A threshold fitted on labelled items, with its figures in and out of sample beside the shipped rule's."""

    calibration: Calibration
    items: int
    consistent: int
    skipped: int
    """Items left out: the run failed on them, or no judge ran on any of their claims."""
    in_sample: FitFigures
    cross_validated: FitFigures | None
    """5 folds by document: the threshold fitted on four, scored on the fifth (None: too few documents)."""
    shipped: FitFigures
    """The rule given as `base` (by default the shipped one) on the same items."""
    warnings: list[str]


def fit_calibration(dataset: Path, run: Path, base: Calibration = EMBEDDED_CALIBRATION) -> CalibrationFit:
    """Fit `base`'s threshold on the items of an eval `run` over `dataset` (which names their documents)."""
    samples, _digest = load_dataset(str(dataset))
    document = {s.id: s.doc for s in samples}
    predictions = read_predictions(run)
    if unknown := [p.id for p in predictions if p.id not in document]:
        raise InputError(f"{run}: item {unknown[0]!r} is not in {dataset}; give the dataset the run was made on")
    usable = [p for p in predictions if p.error is None and _judged(p)]
    labels = [p.label for p in usable]
    if not usable:
        raise InputError(f"{run}: no item was judged (a --no-llm run?); fitting needs the judge's answers")
    if not any("whole" in c.signals for p in usable for c in p.claims):
        raise InputError(f"{run}: the judge answered no question (a --no-llm run?); there is no threshold to fit")
    if len(set(labels)) < 2:
        raise InputError(f"{run}: fitting needs judged items of both labels; all {len(usable)} have label {labels[0]}")
    scores = [recorded_score(p, base) for p in usable]
    threshold, _accuracy = best_threshold(labels, scores)
    fitted = base.with_threshold(round(threshold, 4), _provenance(base, dataset, run, len(usable), sum(labels)))
    return CalibrationFit(
        calibration=fitted,
        items=len(usable),
        consistent=sum(labels),
        skipped=len(predictions) - len(usable),
        in_sample=_figures(labels, scores, fitted.threshold),
        cross_validated=_cross_validated(usable, [document[p.id] for p in usable], base),
        shipped=_figures(labels, scores, base.threshold),
        warnings=_warnings(labels),
    )


def recorded_score(prediction: Prediction, rule: Calibration) -> float:
    """An item's score under `rule`, from its recorded verdicts and signals: its weakest claim's; 1 for a claim
    the copy check supports, 0 for one a deterministic check decided."""
    return min(_claim_score(claim, rule) for claim in prediction.claims)


def _claim_score(claim: ClaimOutcome, rule: Calibration) -> float:
    if "whole" in claim.signals:
        return 1.0 if claim.signals.get("copy") else rule.score(claim.signals)
    return 1.0 if claim.verdict == "supported" else 0.0


def _judged(prediction: Prediction) -> bool:
    """Whether every claim got a verdict (not a --no-llm run's unverified claims)."""
    return bool(prediction.claims) and all(c.verdict != "unverified" for c in prediction.claims)


def _figures(labels: Sequence[int], scores: Sequence[float], threshold: float) -> FitFigures:
    predicted = [int(s >= threshold) for s in scores]
    consistent = [p for p, label in zip(predicted, labels, strict=True) if label == 1]
    flagged = round(consistent.count(0) / len(consistent), 3) if consistent else None
    accuracy = balanced_accuracy(labels, predicted)
    return FitFigures(balanced_accuracy=None if accuracy is None else round(accuracy, 4), consistent_flagged=flagged)


def _cross_validated(predictions: list[Prediction], documents: list[str], base: Calibration) -> FitFigures | None:
    """Each document's items scored at the threshold fitted on the other folds' documents."""
    names = sorted(set(documents))
    if len(names) < FOLDS:
        return None
    random.Random(0).shuffle(names)
    fold_of = {name: n % FOLDS for n, name in enumerate(names)}
    labels = [p.label for p in predictions]
    scores = [recorded_score(p, base) for p in predictions]
    predicted = [0] * len(predictions)
    for fold in range(FOLDS):
        train = [n for n, d in enumerate(documents) if fold_of[d] != fold]
        if len({labels[n] for n in train}) < 2:
            return None
        threshold, _accuracy = best_threshold([labels[n] for n in train], [scores[n] for n in train])
        for n, d in enumerate(documents):
            if fold_of[d] == fold:
                predicted[n] = int(scores[n] >= threshold)
    return _figures(labels, [float(p) for p in predicted], 0.5)


def _warnings(labels: Sequence[int]) -> list[str]:
    counts = {"consistent": labels.count(1), "inconsistent": labels.count(0)}
    return [
        f"only {n} {name} items: the threshold moves with one of them; label at least {FEW} of each"
        for name, n in counts.items()
        if n < FEW
    ]


def _provenance(base: Calibration, dataset: Path, run: Path, items: int, consistent: int) -> str:
    form = " + ".join(f"{w:g} x {name}" for name, w in base.weights.items())
    return (
        f"threshold on {form} fitted by `summarize eval calibrate` on {items} items ({consistent} consistent) "
        f"of {dataset.name} (run {run.name})"
    )
