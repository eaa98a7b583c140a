"""The shipped coverage rule, words alone: fitted and cross-validated by article on REALSumm's development half.

    python evals/coverage_words.py [--write summarize/calibration/coverage.json] > evals/coverage-words.json

No model. Runs `summarize eval coverage --no-llm` over all 1,275 summaries of the 51 development articles twice
(the annotators' key facts; the tool's own, picked from the article) and scores a rule that needs no judge: a
fact whose content words sit in one summary sentence is covered, one with none of them is not, and the rest are
covered when the share of their words in the summary reaches a threshold (else partly, from half of them). The
threshold is fitted on the labelled facts of four folds of articles and scored on the fifth, over 10 shuffles
(median, min, max): per-fact balanced accuracy against the labels, the Pearson correlation of the summaries'
coverage scores with their human recall, the Kendall tau of the 25 systems' means; and the same correlations
with the tool's own key facts (reference-free), each fold's threshold applied to them. `--write` refits the
threshold on all 51 articles and writes the rule with its provenance.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from summarize import Calibration
from summarize.calibration import balanced_accuracy, best_threshold, document_folds
from summarize.checker import CREDIT, fact_status
from summarize.eval import CoveragePrediction, FactOutcome, evaluate_coverage, kendall_tau, load_coverage_dataset
from summarize.eval import read_coverage_predictions as read_run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
SHUFFLES = 5 * 2
COPY, WORDLESS = 2.0, -1.0
"""Scores past either end of the share, so that no threshold in [0, 1] moves a copy or a wordless fact."""


def runs() -> tuple[list[CoveragePrediction], dict[str, CoveragePrediction]]:
    """The words' signals for every fact: the given key facts, and the tool's own (by summary id)."""
    samples, digest = load_coverage_dataset(DATA / "realsumm_dev_summaries.jsonl", DATA / "realsumm_dev_articles.jsonl")
    with tempfile.TemporaryDirectory() as folder:
        found = []
        for own in (False, True):
            out = Path(folder) / ("own" if own else "given")
            evaluate_coverage(samples, out, dataset_sha256=digest, own_key_facts=own, use_llm=False)
            found.append(read_run(out))
    return found[0], {p.id: p for p in found[1]}


def fact_score(fact: FactOutcome) -> float:
    """What the threshold is searched on: the share of the fact's words, a copy above any threshold, a fact with
    none of its words below any."""
    if fact.method == "copy":
        return COPY
    return WORDLESS if fact.method == "no_words" else fact.signals["fact_words"]


def words_rule(threshold: float) -> Calibration:
    return Calibration(threshold=threshold, weights={"fact_words": 1.0}, transform="identity", provenance="a fold")


def credit(fact: FactOutcome, rule: Calibration) -> float:
    """As a coverage report counts the fact under `rule` (the shipped decision, `fact_status`)."""
    return CREDIT[fact_status(fact.signals, rule)[0]]


def fitted(facts: list[FactOutcome]) -> float:
    return best_threshold([([int(f.label or 0) for f in facts], [fact_score(f) for f in facts])])[0]


def correlations(given: list[CoveragePrediction], scores: dict[str, float]) -> tuple[float, float]:
    pearson = statistics.correlation([scores[p.id] for p in given], [p.human_recall for p in given])
    systems = sorted({p.system or "" for p in given})
    mean_score = [statistics.mean(scores[p.id] for p in given if p.system == s) for s in systems]
    mean_recall = [statistics.mean(p.human_recall for p in given if p.system == s) for s in systems]
    return pearson, kendall_tau(mean_score, mean_recall) or 0.0


def one_shuffle(given: list[CoveragePrediction], own: dict[str, CoveragePrediction], seed: int) -> dict[str, float]:
    folds = document_folds([p.doc_id for p in given], seed=seed)
    labels: list[int] = []
    decided: list[int] = []
    scores: dict[str, float] = {}
    own_scores: dict[str, float] = {}
    for fold in range(max(folds.values()) + 1):
        rule = words_rule(fitted([f for p in given if folds[p.doc_id] != fold for f in p.facts]))
        for p in (p for p in given if folds[p.doc_id] == fold):
            labels += [int(f.label or 0) for f in p.facts]
            decided += [int(fact_status(f.signals, rule)[0] == "covered") for f in p.facts]
            scores[p.id] = statistics.mean(credit(f, rule) for f in p.facts)
            facts = own[p.id].facts
            own_scores[p.id] = sum(f.weight * credit(f, rule) for f in facts) / sum(f.weight for f in facts)
    pearson, kendall = correlations(given, scores)
    own_pearson, own_kendall = correlations(given, own_scores)
    return {
        "fact_balanced_accuracy": balanced_accuracy(labels, decided) or 0.0,
        "summary_pearson": pearson,
        "system_kendall": kendall,
        "own_key_facts_summary_pearson": own_pearson,
        "own_key_facts_system_kendall": own_kendall,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, help="write the rule, refitted on all 51 articles, here")
    options = parser.parse_args()
    given, own = runs()
    shuffles = [one_shuffle(given, own, seed) for seed in range(SHUFFLES)]
    report: dict[str, object] = {
        "summaries": len(given),
        "facts": sum(len(p.facts) for p in given),
        "out_of_sample": {
            key: {
                "median": round(statistics.median(s[key] for s in shuffles), 3),
                "min": round(min(s[key] for s in shuffles), 3),
                "max": round(max(s[key] for s in shuffles), 3),
            }
            for key in shuffles[0]
        },
    }
    threshold = round(fitted([f for p in given for f in p.facts]), 4)
    report["threshold_on_all_articles"] = threshold
    if options.write:
        figures = report["out_of_sample"]
        assert isinstance(figures, dict)
        rule = words_rule(threshold).model_copy(
            update={
                "provenance": (
                    f"words alone (share of the fact's content words in the summary >= {threshold}), fitted on "
                    "REALSumm's development half (51 articles, 1,275 summaries; evals/coverage_words.py); "
                    "out of sample "
                    f"(5 folds by article): per-fact balanced accuracy {figures['fact_balanced_accuracy']['median']}, "
                    f"summary Pearson {figures['summary_pearson']['median']}"
                )
            }
        )
        options.write.write_text(rule.model_dump_json(indent=2) + "\n")
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
