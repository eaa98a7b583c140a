"""The evaluation harness: labelled datasets, recorded and replayable runs, typed run logs, metrics, comparisons.

A new dataset format goes in `_dataset.py`; a new metric in `_metrics.py`. A run directory holds `run.json`
(`RunSpec`), `predictions.jsonl` (a `Prediction` per line) and `metrics.json` (`RunMetrics`).
"""

from summarize.eval._calibrate import CalibrationFit, FitFigures, fit_calibration
from summarize.eval._compare import Comparison, compare_runs
from summarize.eval._dataset import Sample, load_dataset, select
from summarize.eval._log import (
    Prediction,
    RunMetrics,
    RunSpec,
    Selection,
    SummariesMetrics,
    read_metrics,
    read_predictions,
)
from summarize.eval._metrics import balanced_accuracy, balanced_accuracy_at, best_threshold, roc_auc
from summarize.eval._recordings import recordings_folder
from summarize.eval._run import item_score, run_eval
from summarize.eval._summaries import evaluate_summaries

__all__ = [
    "CalibrationFit",
    "Comparison",
    "FitFigures",
    "Prediction",
    "RunMetrics",
    "RunSpec",
    "Sample",
    "Selection",
    "SummariesMetrics",
    "balanced_accuracy",
    "balanced_accuracy_at",
    "best_threshold",
    "compare_runs",
    "evaluate_summaries",
    "fit_calibration",
    "item_score",
    "load_dataset",
    "read_metrics",
    "read_predictions",
    "recordings_folder",
    "roc_auc",
    "run_eval",
    "select",
]
