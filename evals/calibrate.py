"""Choose the judge's threshold on the recorded development runs: the one that maximises balanced accuracy.

    python evals/calibrate.py evals/runs/summedits-news-eval evals/runs/frank-valid

Scores are the recorded per-item scores (the lowest claim P(supported), 0 where a deterministic check failed),
so calibrating needs no model. The chosen value is maximised over the runs given, weighted equally per run
(the mean of their balanced accuracies), so the larger set does not decide alone. Measured in-sample: for
out-of-sample figures of the shipped rule, see `evals/fit_decision.py`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarize import read_predictions
from summarize.eval import balanced_accuracy_at, roc_auc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", type=Path, help="run directories (evals/runs/NAME)")
    options = parser.parse_args()
    runs = {path.name: read_predictions(path) for path in options.runs}
    candidates = sorted({round(p.score, 4) for ps in runs.values() for p in ps})
    thresholds = [(a + b) / 2 for a, b in zip(candidates, candidates[1:], strict=False)]

    def mean_accuracy(threshold: float) -> float:
        accuracies = [
            balanced_accuracy_at([p.label for p in ps], [p.score for p in ps], threshold) for ps in runs.values()
        ]
        return sum(a or 0.0 for a in accuracies) / len(accuracies)

    best = max(thresholds, key=lambda t: (round(mean_accuracy(t), 6), -abs(t - 0.5)))
    report: dict[str, object] = {"threshold": round(best, 4), "mean_balanced_accuracy": round(mean_accuracy(best), 4)}
    per_run = {}
    for name, predictions in runs.items():
        labels, scores = [p.label for p in predictions], [p.score for p in predictions]
        per_run[name] = {
            "n": len(predictions),
            "balanced_accuracy_at_threshold": round(balanced_accuracy_at(labels, scores, best) or 0, 4),
            "balanced_accuracy_at_0.5": round(balanced_accuracy_at(labels, scores, 0.5) or 0, 4),
            "roc_auc": round(roc_auc(labels, scores) or 0, 4),
        }
    report["runs"] = per_run
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
