"""The judge's decision rule: how the checker's signals become P(supported) and a verdict, and how a rule is fitted.

The shipped rule for the embedded model (`calibration.json`, `EMBEDDED_CALIBRATION`) and the coverage rule
(`coverage.json`, `COVERAGE_CALIBRATION`), a rule read from a file
(`load_calibration`), and the fitting core (`_fit.py`: item scores, the best threshold, folds of whole documents)
that `summarize eval calibrate` and the `evals/` scripts share.
"""

from summarize.calibration._fit import (
    FOLDS,
    Decision,
    Derive,
    FitFigures,
    Fitter,
    LabelledItem,
    Signals,
    balanced_accuracy,
    best_threshold,
    both_labels,
    cross_validated,
    document_folds,
    figures,
    fit_threshold,
    group_folds,
    item_score,
    judge_only,
    roc_auc,
    threshold_fitter,
)
from summarize.calibration._rule import (
    ANCHOR_SIGNALS,
    COVERAGE_CALIBRATION,
    EMBEDDED_CALIBRATION,
    SIGNALS,
    Calibration,
    EditCheck,
    feature_vector,
    load_calibration,
    rescaled_whole,
)

__all__ = [
    "ANCHOR_SIGNALS",
    "COVERAGE_CALIBRATION",
    "EMBEDDED_CALIBRATION",
    "FOLDS",
    "SIGNALS",
    "Calibration",
    "EditCheck",
    "Decision",
    "Derive",
    "FitFigures",
    "Fitter",
    "LabelledItem",
    "Signals",
    "balanced_accuracy",
    "best_threshold",
    "both_labels",
    "cross_validated",
    "document_folds",
    "feature_vector",
    "figures",
    "fit_threshold",
    "group_folds",
    "item_score",
    "judge_only",
    "load_calibration",
    "rescaled_whole",
    "roc_auc",
    "threshold_fitter",
]
