"""Fit the checker's threshold on a newsroom's own labelled items: `summarize eval calibrate`.

The shipped threshold is fitted on three styles of news summaries pooled; one style alone wants its own
(measured: FRANK BBC's one-sentence summaries are flagged 35% of the time when consistent at the pooled
threshold, 18% at a threshold fitted on 20-40 labelled BBC items; README, "Calibrating on your own
articles"). The rule's form (max of the whole-document and window answers) stays; only its threshold is fitted,
on an eval run's recorded signals, so no model is needed and the figures are reported out of sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from summarize._errors import InputError
from summarize.calibration import (
    EMBEDDED_CALIBRATION,
    FOLDS,
    Calibration,
    FitFigures,
    LabelledItem,
    cross_validated,
    figures,
    fit_threshold,
    item_score,
    judge_only,
    threshold_fitter,
)
from summarize.eval._dataset import load_dataset
from summarize.eval._log import Prediction, read_predictions

FEW = 10
"""Fewer consistent or inconsistent items than this, and the fitted threshold moves with a single item."""


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

    As `evals/fit_decision.py` fits the shipped rule (the same core, `summarize.calibration`): the threshold is
    chosen on the judge's answers (a claim the copy check supports counts with the judge's score), and every
    figure is scored with the copy check in place.
    """
    samples, _digest = load_dataset(str(dataset))
    document = {s.id: s.doc for s in samples}
    predictions = read_predictions(run)
    items = [_labelled(p, document[p.id]) for p in _usable(predictions, document, dataset, run)]
    labels = [i.label for i in items]
    threshold = fit_threshold(judge_only(items), base)
    provenance = _provenance(base, dataset.name, run.resolve().name, len(items), sum(labels))
    fitted = base.with_threshold(round(threshold, 4), provenance)
    enough = len({i.document for i in items}) >= FOLDS
    decided = cross_validated(items, threshold_fitter(base), require_both_labels=True) if enough else None
    return CalibrationFit(
        calibration=fitted,
        items=len(items),
        consistent=sum(labels),
        skipped=len(predictions) - len(items),
        in_sample=_at(items, fitted),
        cross_validated=figures([d.item.label for d in decided], [d.predicted for d in decided]) if decided else None,
        shipped=_at(items, base),
        warnings=_warnings(labels),
    )


def _labelled(prediction: Prediction, document: str) -> LabelledItem:
    """A recorded prediction as the fitting core reads it: its claims' signals, or None where a check decided."""
    judged = all("whole" in c.signals for c in prediction.claims)
    claims = tuple(c.signals for c in prediction.claims) if judged else None
    return LabelledItem(prediction.label, document, claims, id=prediction.id)


def _at(items: Sequence[LabelledItem], rule: Calibration) -> FitFigures:
    return figures([i.label for i in items], [int(item_score(i, rule) >= rule.threshold) for i in items])


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


def _judged(prediction: Prediction) -> bool:
    """Whether every claim got a verdict (not a --no-llm run's unverified claims)."""
    return bool(prediction.claims) and all(c.verdict != "unverified" for c in prediction.claims)


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
