"""Fit and cross-validate the coverage decision rule on the recorded REALSumm runs; write the shipped rule.

    python evals/fit_coverage.py [--runs evals/runs] [--write summarize/calibration/coverage.json]

Reads two recorded coverage runs over the same sample of REALSumm's development half (`summarize eval coverage
... --per-document 5`: 5 of the 25 systems' summaries of each of the 51 articles, the systems dealt in rotation):
`realsumm-coverage` (the annotators' key facts, a human label each) and `realsumm-coverage-own` (the tool's own
key facts, picked from the article). Each run asked the judge about every fact, so any rule can be scored without
a model. For each candidate rule, **out of sample only** (5 folds by article, the rule fitted on the other four
folds' labelled facts, repeated over 10 shuffles of the articles; median and range):

- given key facts: per-fact balanced accuracy and ROC AUC against the labels; the Pearson correlation of each
  summary's coverage score with its human recall (the share of its key facts the annotators found); the Kendall
  tau of the 25 systems' mean scores against their mean human recall;
- reference-free: the same summary- and system-level figures with the tool's own key facts, the rule fitted on the
  other folds' labelled facts.

Beside them, on the same summaries, the anchors the issue names (ROUGE-1 recall against the reference, and
against the article's first three sentences), and the words alone on all 1,275 summaries. `--write` refits the
chosen candidate on every labelled fact and writes it with its provenance.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from summarize import Calibration, Usage
from summarize.calibration import (
    Fitter,
    LabelledItem,
    balanced_accuracy,
    cross_validated,
    document_folds,
    fit_threshold,
    judge_only,
    roc_auc,
)
from summarize.checker import COPIED_SHARE, CREDIT, fact_signals, fact_status
from summarize.eval import (
    CoveragePrediction,
    FactOutcome,
    kendall_tau,
    load_coverage_dataset,
    read_coverage_predictions,
)
from summarize.input import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
SUMMARIES, ARTICLES = DATA / "realsumm_dev_summaries.jsonl", DATA / "realsumm_dev_articles.jsonl"
GIVEN, OWN = "realsumm-coverage", "realsumm-coverage-own"
SHUFFLES = 10
Item = LabelledItem


def items_of(predictions: list[CoveragePrediction]) -> list[Item]:
    """One labelled item per key fact: its signals (None where it has none of the summary's words: it scores 0),
    `copy` 1 where the summary has every one of its words in one sentence."""
    found = []
    for p in predictions:
        for number, fact in enumerate(p.facts):
            assert fact.label is not None
            claims = None if fact.method == "no_words" else ({**fact.signals, "copy": float(fact.method == "copy")},)
            found.append(Item(fact.label, p.doc_id, claims, id=f"{p.id}#{number}"))
    return found


def threshold_on(signal: str) -> Fitter:
    """A rule that thresholds one signal at its best training value (the words decide copies and wordless
    facts in front of it)."""

    def fit(train: list[Item]) -> Calibration:
        rule = Calibration(threshold=0.5, provenance="", weights={signal: 1.0})
        return rule.with_threshold(fit_threshold(judge_only(train), rule))

    return fit


def logistic(features: Sequence[str]) -> Fitter:
    """Logistic regression (scikit-learn) on the facts' signals, the judge's probability as log-odds, then the
    threshold on its output that maximises balanced accuracy on the training facts."""

    def fit(train: list[Item]) -> Calibration:
        from sklearn.linear_model import LogisticRegression

        usable = [i for i in judge_only(train) if i.claims]
        template = Calibration(threshold=0.5, provenance="", weights=dict.fromkeys(features, 0.0), transform="logit")
        rows = [template.features(i.claims[0]) for i in usable if i.claims]
        model = LogisticRegression(max_iter=1000).fit(rows, [i.label for i in usable])
        weights = {f: round(float(w), 6) for f, w in zip(features, model.coef_[0], strict=True)}
        rule = template.model_copy(update={"weights": weights, "bias": round(float(model.intercept_[0]), 6)})
        return rule.with_threshold(fit_threshold(judge_only(train), rule))

    return fit


CANDIDATES: dict[str, Fitter] = {
    "words alone: threshold on fact_words": threshold_on("fact_words"),
    "judge alone: threshold on stated": threshold_on("stated"),
    "logistic(stated, fact_words)": logistic(("stated", "fact_words")),
    "logistic(stated, fact_words, sentence_words)": logistic(("stated", "fact_words", "sentence_words")),
}
CHOSEN = "logistic(stated, fact_words)"


def status_credit(fact: FactOutcome, rule: Calibration) -> float:
    """A fact's credit under `rule` as the tool decides it: covered 1, partly 1/2, not covered 0."""
    return CREDIT[fact_status(fact.signals, rule)[0]]


def summary_scores(predictions: list[CoveragePrediction], rule_of: Callable[[str], Calibration]) -> dict[str, float]:
    """Each summary's coverage score under the rule its article's fold was fitted for."""
    found = {}
    for p in predictions:
        rule = rule_of(p.doc_id)
        total = sum(f.weight for f in p.facts)
        found[p.id] = sum(f.weight * status_credit(f, rule) for f in p.facts) / total if total else 0.0
    return found


def correlations(predictions: list[CoveragePrediction], scores: dict[str, float]) -> dict[str, float | None]:
    """Summary-level Pearson with the human recall, and system-level Kendall tau."""
    human = [p.human_recall for p in predictions]
    ours = [scores[p.id] for p in predictions]
    systems = sorted({p.system or "" for p in predictions})
    by_system = {s: [p for p in predictions if (p.system or "") == s] for s in systems}
    return {
        "summary_pearson": _round(statistics.correlation(ours, human)),
        "system_kendall": _round(
            kendall_tau(
                [statistics.mean(scores[p.id] for p in by_system[s]) for s in systems],
                [statistics.mean(p.human_recall for p in by_system[s]) for s in systems],
            )
        ),
    }


def cross_validate(
    given: list[CoveragePrediction], own: list[CoveragePrediction], fitter: Fitter, seed: int
) -> dict[str, float | None]:
    """One shuffle: per-fact figures, then summary and system correlations with the given and the own key facts,
    every article scored by the rule fitted on the other folds."""
    items = items_of(given)
    decisions = cross_validated(items, fitter, seed=seed) or []
    labels = [d.item.label for d in decisions]
    fold_of = document_folds([i.document for i in items], seed=seed)
    rules = {fold: fitter([i for i in items if fold_of[i.document] != fold]) for fold in set(fold_of.values())}

    def rule_of(document: str) -> Calibration:
        return rules[fold_of[document]]

    found: dict[str, float | None] = {
        "fact_balanced_accuracy": _round(balanced_accuracy(labels, [d.predicted for d in decisions])),
        "fact_roc_auc": _round(roc_auc(labels, [d.score for d in decisions])),
    }
    found |= {f"given_{k}": v for k, v in correlations(given, summary_scores(given, rule_of)).items()}
    if own:
        found |= {f"own_{k}": v for k, v in correlations(own, summary_scores(own, rule_of)).items()}
    return found


def repeated(given: list[CoveragePrediction], own: list[CoveragePrediction], fitter: Fitter) -> dict[str, object]:
    """`cross_validate` over `SHUFFLES` shuffles: the median and range of each figure."""
    runs = [cross_validate(given, own, fitter, seed) for seed in range(SHUFFLES)]
    found: dict[str, object] = {}
    for key in runs[0]:
        values = [float(v) for run in runs if (v := run[key]) is not None]
        if values:
            found[key] = {"median": _round(statistics.median(values)), "min": min(values), "max": max(values)}
    return found


def anchors(predictions: list[CoveragePrediction]) -> dict[str, dict[str, float | None]]:
    """ROUGE-1 recall against the reference and against the article's first three sentences, on the same
    summaries (no fitting: no fold needed)."""
    from rouge_score import rouge_scorer

    samples, _digest = load_coverage_dataset(
        DATA / "realsumm_dev_summaries.jsonl", DATA / "realsumm_dev_articles.jsonl"
    )
    by_id = {s.id: s for s in samples}
    articles = {row["doc_id"]: row for row in map(json.loads, ARTICLES.open())}
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    reference, lead = {}, {}
    for p in predictions:
        article = articles[p.doc_id]
        summary = by_id[p.id].summary
        highlights = re.sub(r"</?t>", " ", article["reference"])
        first_three = " ".join(s.text for s in split_sentences(article["doc"])[:3])
        reference[p.id] = scorer.score(highlights, summary)["rouge1"].recall
        lead[p.id] = scorer.score(first_three, summary)["rouge1"].recall
    return {
        "rouge1_recall_against_the_reference": correlations(predictions, reference),
        "rouge1_recall_against_the_first_three_sentences": correlations(predictions, lead),
    }


def words_alone_on_every_summary() -> dict[str, object]:
    """No model: the words decide every fact of all 1,275 summaries (copies covered, wordless facts not, the rest
    by a threshold on `fact_words` fitted out of sample); the floor the judge has to beat."""
    samples, _digest = load_coverage_dataset(SUMMARIES, ARTICLES)
    predictions = []
    for s in samples:
        sentences = [x.text for x in split_sentences(s.summary)] or [s.summary]
        facts = [_words_only(text, label, sentences) for text, label in zip(s.key_facts, s.present, strict=True)]
        predictions.append(
            CoveragePrediction(
                id=s.id,
                doc_id=s.doc_id,
                system=s.system,
                human_recall=s.human_recall,
                score=0.0,
                facts=facts,
                usage=Usage(),
            )  # fmt: skip
        )
    return {"summaries": len(predictions), **repeated(predictions, [], threshold_on("fact_words"))}


def _words_only(text: str, label: int, sentences: list[str]) -> FactOutcome:
    signals, _found = fact_signals(text, sentences)
    method = "copy" if signals["sentence_words"] >= COPIED_SHARE else "words"
    method = "no_words" if not signals["fact_words"] else method
    return FactOutcome(text=text, label=label, status="partly", method=method, probability=None, signals=signals)


def cost(predictions: list[CoveragePrediction]) -> dict[str, float]:
    """Per summary: facts, the judge questions a `summarize check --coverage` asks (facts its words do not
    decide), and their tokens and seconds as the run measured them (it asked every fact)."""
    facts = [f for p in predictions for f in p.facts]
    calls = sum(p.usage.calls for p in predictions)
    needed = sum(f.method not in ("copy", "no_words") for f in facts)
    n = len(predictions)
    return {
        "facts_per_summary": round(len(facts) / n, 2),
        "decided_by_words_share": round(1 - needed / len(facts), 3),
        "judge_calls_per_summary": round(needed / n, 3),
        "judge_calls_per_fact": round(needed / len(facts), 3),
        "prompt_tokens_per_call": round(sum(p.usage.prompt_tokens for p in predictions) / calls, 1),
        "seconds_per_call_median_of_summaries": round(
            statistics.median(p.usage.seconds / p.usage.calls for p in predictions if p.usage.calls), 2
        ),
        "seconds_per_summary_at_the_rule": round(
            statistics.median(
                p.usage.seconds / p.usage.calls * sum(f.method not in ("copy", "no_words") for f in p.facts)
                for p in predictions
                if p.usage.calls
            ),
            2,
        ),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "evals" / "runs", help="folder of the recorded runs")
    parser.add_argument("--candidate", default=CHOSEN, choices=list(CANDIDATES))
    parser.add_argument("--write", type=Path, help="write the chosen rule, refitted on every labelled fact, here")
    options = parser.parse_args()
    given = read_coverage_predictions(options.runs / GIVEN)
    own = read_coverage_predictions(options.runs / OWN)
    if not given:
        parser.error(f"no recorded run in {options.runs / GIVEN}")
    rule = CANDIDATES[options.candidate](items_of(given))
    rule = rule.with_threshold(round(rule.threshold, 4))
    sample = {"summaries": len(given), "articles": len({p.doc_id for p in given}),
              "systems": len({p.system for p in given}), "facts": sum(len(p.facts) for p in given)}  # fmt: skip
    found = {
        "sample": sample,
        "out_of_sample": {name: repeated(given, own, fitter) for name, fitter in CANDIDATES.items()},
        "anchors_on_the_same_summaries": anchors(given),
        "words_alone_on_all_summaries": words_alone_on_every_summary(),
        "cost_given_key_facts": cost(given),
        "cost_own_key_facts": cost(own) if own else None,
        "chosen": {"candidate": options.candidate, "rule_fitted_on_all": rule.model_dump()},
    }
    print(json.dumps(found, indent=2))
    if options.write:
        provenance = (
            f"{options.candidate} fitted by evals/fit_coverage.py on {sample['facts']} labelled key facts "
            f"of {len(given)} REALSumm development summaries (51 CNN/DM articles x 5 of 25 systems) with the embedded "
            "Qwen2.5-Coder-1.5B Q4_K_M; out-of-sample figures in evals/fit-coverage.json"
        )
        options.write.write_text(rule.model_copy(update={"provenance": provenance}).model_dump_json(indent=2) + "\n")
        print(f"wrote {options.write}: threshold {rule.threshold}, weights {rule.weights}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
