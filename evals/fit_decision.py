"""Fit and cross-validate the checker's decision rule on the recorded runs; write the shipped rule.

    python evals/fit_decision.py [--runs evals/runs] [--write summarize/calibration/calibration.json]

Reads the four recorded checker runs (`summedits-news-eval`, `frank-valid`, `frank-bbc-heldout`,
`frank-cnndm-extra`: per claim the judge's P(supported) on the whole sources and on a window of evidence, the
document's anchors, evidence coverage), so it needs no model. Pooled, every style has both labels (FRANK BBC's
consistent summaries are all in `frank-bbc-heldout`). For each candidate rule it reports balanced accuracy **out
of sample** only, with the threshold (and any weights) fitted on the training part:

- by document, 5 folds, all styles together (the shipped procedure), repeated over 10 shuffles of the documents:
  the median and range per style; and within each style alone;
- across styles: fit on the two other styles and test on the third; fit on SummEdits, test on FRANK, and the
  reverse; fit on FRANK CNN/DM, test on FRANK BBC, and the reverse;
- the ROC AUC per style among the items the judge decides, fitted on all.

`--write` refits the chosen candidate on all items (each style weighted equally) and writes it; the output ends
with the questions per claim `summarize check` asks under it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from summarize import Calibration, read_predictions
from summarize.calibration import (
    FOLDS,
    Fitter,
    LabelledItem,
    balanced_accuracy,
    both_labels,
    cross_validated,
    fit_threshold,
    item_score,
    judge_only,
    roc_auc,
)
from summarize.eval import load_dataset

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {
    "summedits-news-eval": ROOT / "evals" / "data" / "summedits_news_eval.jsonl",
    "frank-valid": ROOT / "evals" / "data" / "frank_valid.jsonl",
    "frank-bbc-heldout": ROOT / "evals" / "data" / "frank_valid_bbc_heldout.jsonl",
    "frank-cnndm-extra": ROOT / "evals" / "data" / "frank_valid_cnndm_extra.jsonl",
}
SHUFFLES = 10
STYLES = ("summedits-news", "frank-cnndm", "frank-bbc")


Item = LabelledItem
"""One development item: its label, style (`group`), document, and its claims' signals (None: a check decided)."""


def load(runs: Path, datasets: dict[str, Path] = DATASETS) -> list[Item]:
    """Every item of the recorded runs, each run named with its dataset."""
    items = []
    for name, dataset in datasets.items():
        documents = {s.id: s.doc for s in load_dataset(str(dataset))[0]}
        for p in read_predictions(runs / name):
            complete = bool(p.claims) and all(c.signals for c in p.claims) and p.error is None
            claims = tuple(c.signals for c in p.claims) if complete else None
            items.append(Item(p.label, documents[p.id], claims, group=p.dataset, id=p.id))
    return items


def score(item: Item, rule: Calibration) -> float:
    return item_score(item, rule)


def style_weights(items: Sequence[Item]) -> list[float]:
    """Weights that give each style the same total weight, so the largest set does not decide alone."""
    sizes = {style: sum(i.group == style for i in items) for style in {i.group for i in items}}
    return [len(items) / (len(sizes) * sizes[i.group]) for i in items]


def threshold_on(feature: str, per_document: Literal["none", "rescaled"] = "none") -> Fitter:
    """A rule that thresholds one signal (`whole`, `window` or `max`) at its best training value; `rescaled`
    reads the whole-document answer against its document's anchors first."""

    def fit(train: list[Item]) -> Calibration:
        rule = Calibration(
            threshold=0.5, provenance="", weights={feature: 1.0}, transform="identity", per_document=per_document
        )
        return rule.with_threshold(fit_threshold(judge_only(train), rule))

    return fit


def logistic(features: Sequence[str], regularisation: float = 1.0) -> Fitter:
    """Logistic regression (scikit-learn) on the weakest claim's signals, probabilities as log-odds."""

    def fit(train: list[Item]) -> Calibration:
        from sklearn.linear_model import LogisticRegression

        usable = [i for i in train if i.claims and both_labels([j for j in train if j.group == i.group])]
        template = Calibration(threshold=0.5, provenance="", weights=dict.fromkeys(features, 0.0), transform="logit")
        rows = [_weakest_features(i, template) for i in usable]
        model = LogisticRegression(C=regularisation, max_iter=1000)
        model.fit(rows, [i.label for i in usable], sample_weight=style_weights(usable))
        weights = {f: round(float(w), 6) for f, w in zip(features, model.coef_[0], strict=True)}
        rule = template.model_copy(update={"weights": weights, "bias": round(float(model.intercept_[0]), 6)})
        return rule.with_threshold(fit_threshold(judge_only(train), rule))

    return fit


def _weakest_features(item: Item, template: Calibration) -> list[float]:
    """The features of the item's claim with the lowest whole-document probability."""
    assert item.claims
    return template.features(min(item.claims, key=lambda c: c["whole"]))


CANDIDATES: dict[str, Fitter] = {
    "whole document, threshold": threshold_on("whole"),
    "evidence window, threshold": threshold_on("window"),
    "max(whole, window), threshold": threshold_on("max"),
    "max(rescaled whole, window), threshold": threshold_on("max", "rescaled"),
    "logistic(whole, window)": logistic(("whole", "window")),
    "logistic(whole, window, coverage)": logistic(("whole", "window", "coverage")),
}


def evaluate(items: list[Item], rule: Calibration) -> dict[str, float | int | None]:
    """Balanced accuracy at the rule's own threshold, ROC AUC, and the share of consistent items flagged."""
    labels = [i.label for i in items]
    scores = [score(i, rule) for i in items]
    predicted = [int(s >= rule.threshold) for s in scores]
    return _summary(labels, predicted, scores)


def _summary(labels: list[int], predicted: list[int], scores: list[float]) -> dict[str, float | int | None]:
    consistent = [p for p, label in zip(predicted, labels, strict=True) if label == 1]
    inconsistent = [p for p, label in zip(predicted, labels, strict=True) if label == 0]
    return {
        "n": len(labels),
        "consistent": len(consistent),
        "recall_unsupported": round(inconsistent.count(0) / len(inconsistent), 4) if inconsistent else None,
        "balanced_accuracy": _round(balanced_accuracy(labels, predicted)),
        "roc_auc": _round(roc_auc(labels, scores)),
        "consistent_flagged": round(consistent.count(0) / len(consistent), 3) if consistent else None,
    }


def cross_validate(items: list[Item], fitter: Fitter, seed: int = 0) -> dict[str, dict[str, float | int | None]]:
    """5 folds of whole documents, each scored by the rule fitted on the other four; reported per style.

    Given one style's items this is the within-style figure; given all, the shipped procedure (fit on every
    style's training folds) scored on each style's held-out documents.
    """
    outcome: dict[str, tuple[list[int], list[int], list[float]]] = {s: ([], [], []) for s in STYLES}
    for decision in cross_validated(items, fitter, folds=FOLDS, seed=seed) or []:
        labels, predicted, scores = outcome[decision.item.group]
        labels.append(decision.item.label)
        scores.append(decision.score)
        predicted.append(decision.predicted)
    return {s: _summary(*outcome[s]) for s in STYLES if outcome[s][0]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def repeated_cross_validation(items: list[Item], fitter: Fitter) -> dict[str, dict[str, float]]:
    """`cross_validate` over `SHUFFLES` shuffles of the documents: per style, the median balanced accuracy, its
    range, and the median share of consistent items flagged (one shuffle's figure moves with a few documents)."""
    runs = [cross_validate(items, fitter, seed) for seed in range(SHUFFLES)]
    found = {}
    for style in runs[0]:
        accuracies = [float(a) for run in runs if (a := run[style]["balanced_accuracy"]) is not None]
        flagged = [float(f) for run in runs if (f := run[style]["consistent_flagged"]) is not None]
        if not accuracies or not flagged:
            continue
        found[style] = {
            "balanced_accuracy_median": round(statistics.median(accuracies), 4),
            "balanced_accuracy_min": round(min(accuracies), 4),
            "balanced_accuracy_max": round(max(accuracies), 4),
            "consistent_flagged_median": round(statistics.median(flagged), 3),
        }
    return found


def across_styles(items: list[Item], fitter: Fitter) -> dict[str, dict[str, float | int | None]]:
    """Fitted on some styles, scored on another that no part of the fit saw."""
    style = {s: [i for i in items if i.group == s] for s in STYLES}
    pairs = {f"others->{s}": ([i for i in items if i.group != s], style[s]) for s in STYLES}
    frank = style["frank-cnndm"] + style["frank-bbc"]
    pairs |= {
        "summedits->frank": (style["summedits-news"], frank),
        "frank->summedits": (frank, style["summedits-news"]),
        "frank_cnndm->frank_bbc": (style["frank-cnndm"], style["frank-bbc"]),
        "frank_bbc->frank_cnndm": (style["frank-bbc"], style["frank-cnndm"]),
    }
    return {name: evaluate(test, fitter(train)) for name, (train, test) in pairs.items() if both_labels(train)}


def judged_auc(items: list[Item], fitter: Fitter) -> dict[str, float | None]:
    """Per style, the ROC AUC of the rule fitted on all items, among the items the judge decides (no check
    decided them, not every claim a copy): how well the judge ranks where it alone decides."""
    rule = fitter(items)
    found = {}
    for style in STYLES:
        decided = [i for i in items if i.group == style and i.claims and not all(c.get("copy") for c in i.claims)]
        found[style] = _round(roc_auc([i.label for i in decided], [score(i, rule) for i in decided]))
    return found


def report(items: list[Item]) -> dict[str, object]:
    """Every candidate's out-of-sample figures."""
    style = {s: [i for i in items if i.group == s] for s in STYLES}
    return {
        name: {
            "cv_by_document_all_styles_together": repeated_cross_validation(items, fitter),
            "cv_by_document_within_style": {
                s: cross_validate(style[s], fitter)[s] for s in STYLES if both_labels(style[s])
            },
            "across_styles": across_styles(items, fitter),
            "roc_auc_among_judged_items_fitted_on_all": judged_auc(items, fitter),
        }
        for name, fitter in CANDIDATES.items()
    }


def questions_per_claim(items: list[Item], rule: Calibration) -> dict[str, dict[str, float]]:
    """What `summarize check` would ask under `rule`, per style: the whole-document question for every judged
    claim the copy check does not support, the window only where the whole answer does not settle it, and the
    anchors once per document that has such a claim
    (an upper bound: a question identical to one already asked is answered from memory)."""
    found = {}
    for style in STYLES:
        judged = [i for i in items if i.group == style and i.claims]
        claims = [c for i in judged for c in i.claims or ()]
        asked = [c for c in claims if not c.get("copy")]
        if not claims:
            continue
        windows = sum(not rule.settled_without_window(c) for c in asked) if "window" in rule.signals_needed else 0
        documents = {i.document for i in judged if any(not c.get("copy") for c in i.claims or ())}
        anchors = 2 * len(documents) if rule.per_document == "rescaled" else 0
        found[style] = {
            "claims": len(claims),
            "copies_not_asked": round((len(claims) - len(asked)) / len(claims), 3),
            "windows_asked": round(windows / len(claims), 3),
            "anchors_per_claim": round(anchors / len(claims), 3),
            "questions_per_claim": round((len(asked) + windows + anchors) / len(claims), 3),
        }
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "evals" / "runs", help="folder of the recorded runs")
    parser.add_argument("--candidate", default="max(whole, window), threshold", choices=list(CANDIDATES))
    parser.add_argument("--write", type=Path, help="write the chosen rule, refitted on all items, to this JSON file")
    options = parser.parse_args()
    items = load(options.runs)
    rule = CANDIDATES[options.candidate](items)
    rule = rule.with_threshold(round(rule.threshold, 4))
    counts = {s: [sum(i.group == s for i in items), sum(i.group == s and i.label == 1 for i in items)] for s in STYLES}
    cost = {"rule": options.candidate, "threshold": rule.threshold, "by_style": questions_per_claim(items, rule)}
    found = {"items_and_consistent_items": counts, **report(items), "questions_at_the_chosen_rule": cost}
    print(json.dumps(found, indent=2))
    if options.write:
        named = ", ".join(f"{s} {n} ({consistent} consistent)" for s, (n, consistent) in counts.items())
        provenance = (
            f"{options.candidate} fitted by evals/fit_decision.py on the four recorded runs ({named} items; "
            "styles with both labels weighted equally) with the embedded Qwen2.5-Coder-1.5B Q4_K_M; "
            "out-of-sample figures in evals/fit-decision.json"
        )
        options.write.write_text(rule.model_copy(update={"provenance": provenance}).model_dump_json(indent=2) + "\n")
        print(f"wrote {options.write}: threshold {rule.threshold:.4f}, weights {rule.weights}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
