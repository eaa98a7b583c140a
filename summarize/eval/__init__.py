"""The evaluation harness: labelled datasets, recorded and replayable runs, typed run logs, metrics, comparisons.

A new dataset format goes in `_dataset.py`; a new metric in `_metrics.py`. A run directory holds `run.json`
(`RunSpec`), `predictions.jsonl` (a `Prediction` per line) and `metrics.json` (`RunMetrics`). Fitting a decision
rule on a run (`fit_calibration`) uses the fitting core of `summarize.calibration`. The coverage eval
(`_coverage.py`) scores the coverage check on summaries with human key-fact labels (REALSumm's layout).
"""

from summarize.eval._calibrate import CalibrationFit, fit_calibration
from summarize.eval._compare import Comparison, compare_runs
from summarize.eval._coverage import (
    CoverageMetrics,
    CoveragePrediction,
    CoverageSample,
    FactOutcome,
    coverage_metrics,
    evaluate_coverage,
    fact_score,
    load_coverage_dataset,
    per_document,
    read_coverage_predictions,
)
from summarize.eval._dataset import Sample, load_dataset, select
from summarize.eval._log import (
    ClaimOutcome,
    Prediction,
    RunMetrics,
    RunSpec,
    Selection,
    SummariesMetrics,
    read_metrics,
    read_predictions,
)
from summarize.eval._markdown import comparison_markdown, coverage_eval_markdown, run_markdown, summaries_markdown
from summarize.eval._metrics import kendall_tau
from summarize.eval._recordings import Recordings
from summarize.eval._run import report_score, run_eval
from summarize.eval._summaries import evaluate_summaries

__all__ = [
    "CalibrationFit",
    "ClaimOutcome",
    "Comparison",
    "CoverageMetrics",
    "CoveragePrediction",
    "CoverageSample",
    "FactOutcome",
    "Prediction",
    "Recordings",
    "RunMetrics",
    "RunSpec",
    "Sample",
    "Selection",
    "SummariesMetrics",
    "compare_runs",
    "comparison_markdown",
    "coverage_eval_markdown",
    "coverage_metrics",
    "evaluate_coverage",
    "evaluate_summaries",
    "fact_score",
    "fit_calibration",
    "kendall_tau",
    "load_coverage_dataset",
    "load_dataset",
    "read_metrics",
    "read_predictions",
    "per_document",
    "read_coverage_predictions",
    "report_score",
    "run_eval",
    "run_markdown",
    "select",
    "summaries_markdown",
]
