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
    """5 folds by document: the threshold fitted on four, scored on the fifth (None: fewer documents than folds,
    or a training part with one label only)."""
    shipped: FitFigures
    """The rule given as `base` (by default the shipped one) on the same items."""
    warnings: list[str]


def fit_calibration(dataset: Path, run: Path, base: Calibration = EMBEDDED_CALIBRATION) -> CalibrationFit:
    """Fit `base`'s threshold on the items of an eval `run` over `dataset` (which names their documents).

    As `evals/fit_decision.py` fits the shipped rule: the threshold is chosen on the judge's answers (a claim the
    copy check supports counts with the judge's score), and every figure is scored with the copy check in place.
    """
    samples, _digest = load_dataset(str(dataset))
    document = {s.id: s.doc for s in samples}
    predictions = read_predictions(run)
    usable = _usable(predictions, document, dataset, run)
    labels = [p.label for p in usable]
    fitting = [_recorded_score(p, base, copies=False) for p in usable]
    scores = [_recorded_score(p, base) for p in usable]
    threshold, _accuracy = best_threshold(labels, fitting)
    name = run.resolve().name
    fitted = base.with_threshold(round(threshold, 4), _provenance(base, dataset.name, name, len(usable), sum(labels)))
    return CalibrationFit(
        calibration=fitted,
        items=len(usable),
        consistent=sum(labels),
        skipped=len(predictions) - len(usable),
        in_sample=_figures(labels, scores, fitted.threshold),
        cross_validated=_cross_validated(labels, fitting, scores, [document[p.id] for p in usable]),
        shipped=_figures(labels, scores, base.threshold),
        warnings=_warnings(labels),
    )


def _usable(predictions: list[Prediction], document: dict[str, str], dataset: Path, run: Path) -> list[Prediction]:
    """The items the fit can use: judged, without an error; a run that cannot be fitted is refused in one line."""
    if not predictions:
        raise InputError(f"{run}: not an eval run (no predictions.jsonl); run `summarize eval DATASET --out DIR`")
    if unknown := [p.id for p in predictions if p.id not in document]:
        raise InputError(f"{run}: item {unknown[0]!r} is not in {dataset}; give the dataset the run was made on")
    usable = [p for p in predictions if p.error is None and _judged(p)]
    if not any("whole" in c.signals for p in usable for c in p.claims):
        raise InputError(f"{run}: the judge answered no question (a --no-llm run?); there is no threshold to fit")
    if len(labels := {p.label for p in usable}) < 2:
        raise InputError(
            f"{run}: fitting needs judged items of both labels; all {len(usable)} have label {min(labels)}"
        )
    return usable


def _recorded_score(prediction: Prediction, rule: Calibration, copies: bool = True) -> float:
    """An item's score under `rule`, from its recorded verdicts and signals: its weakest claim's; 0 for a claim a
    deterministic check decided; 1 for one the copy check supports (with `copies`, else the judge's score)."""
    return min(_claim_score(claim, rule, copies) for claim in prediction.claims)


def _claim_score(claim: ClaimOutcome, rule: Calibration, copies: bool) -> float:
    if "whole" in claim.signals:
        return 1.0 if copies and claim.signals.get("copy") else rule.score(claim.signals)
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


def _cross_validated(
    labels: list[int], fitting: list[float], scores: list[float], documents: list[str]
) -> FitFigures | None:
    """Each document's items scored at the threshold fitted on the other folds' documents; None where there are
    fewer documents than folds or a training part has one label only."""
    names = sorted(set(documents))
    if len(names) < FOLDS:
        return None
    random.Random(0).shuffle(names)
    fold_of = {name: n % FOLDS for n, name in enumerate(names)}
    predicted = [0.0] * len(labels)
    for fold in range(FOLDS):
        train = [n for n, d in enumerate(documents) if fold_of[d] != fold]
        if len({labels[n] for n in train}) < 2:
            return None
        threshold, _accuracy = best_threshold([labels[n] for n in train], [fitting[n] for n in train])
        for n, d in enumerate(documents):
            if fold_of[d] == fold:
                predicted[n] = float(scores[n] >= threshold)
    return _figures(labels, predicted, 0.5)


def _warnings(labels: Sequence[int]) -> list[str]:
    counts = {"consistent": labels.count(1), "inconsistent": labels.count(0)}
    return [
        f"only {n} {name} items: the threshold moves with one of them; label at least {FEW} of each"
        for name, n in counts.items()
        if n < FEW
    ]


def _provenance(base: Calibration, dataset: str, run: str, items: int, consistent: int) -> str:
    form = " + ".join(f"{w:g} x {name}" for name, w in base.weights.items())
    return (
        f"threshold on {form} fitted by `summarize eval calibrate` on {items} items ({consistent} consistent) "
        f"of {dataset} (run {run})"
    )
