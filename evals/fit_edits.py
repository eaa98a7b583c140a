"""The checker on subtle edits in documents it has never seen: per edit type and domain, out of sample only.

    python evals/fit_edits.py [--write summarize/calibration/calibration.json] > evals/fit-edits.json

Reads `evals/edit-checks.json` (the deterministic checks on every development item, `evals/edit_checks.py`),
`evals/edit-checks-today.json` (the same with the checks of the revision before them: "today's rule") and the
recorded judge runs (`evals/runs/`: SummEdits news, the three FRANK runs, and `summedits-other-sample`, the
judge on a sample of SummEdits' seven other domains). No model is needed.

Every figure is out of sample, by two procedures of the fitting core (`summarize.calibration`):

- across groups: fit on every other domain or style, test on this one (for SummEdits' other domains: fit on
  six, and on SummEdits news and FRANK, test on the seventh);
- by document: 5 folds of whole documents over all groups together, repeated over shuffles (medians).

What a fold fits: the antonym pairs (mined from its training documents' edits, `evals/mine_antonyms.py`), which
edit checks decide and the insertion check's cut-off (the combination with the best training balanced
accuracy, each group weighted equally), and, for rules with the judge, the threshold on max(whole, window).

Two parts: the deterministic checks alone on all 4,666 development items (no judge: an item is flagged where a
check decides), and the checks with the judge on the recorded items. Reported per group and, for SummEdits'
other domains, per edit type (the share of the inconsistent items of that type flagged, and the balanced
accuracy of that against the consistent items of the same folds); for FRANK per error type.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from fit_decision import DATASETS
from mine_antonyms import Edit, select_pairs

from summarize import read_predictions
from summarize.calibration import (
    EMBEDDED_CALIBRATION,
    Calibration,
    EditCheck,
    Fitter,
    LabelledItem,
    balanced_accuracy,
    both_labels,
    cross_validated,
    fit_threshold,
    item_score,
    judge_only,
)
from summarize.text import mined_antonyms

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "evals" / "runs"
RECORDED = [*DATASETS, "summedits-other-sample"]
EDIT_TYPES = ("entity_modification", "antonym_swap", "negation_insertion_removal", "hallucinated_fact_insertion")
ERROR_TYPES = ("EntE", "RelE", "CircE", "OutE", "CorefE", "LinkE", "GramE")
EDIT_CHECKS: tuple[EditCheck, ...] = ("antonym", "negation", "insertion")
CUTS = (0.2, 0.25, 0.3, 0.34, 0.4)
"""The insertion check's cut-offs a fold may choose (where it lets the check decide)."""
SHUFFLES = 5
Raw = dict[str, Any]


def load_checks(path: Path) -> dict[str, Raw]:
    """An `evals/edit_checks.py` output: items by id, and the edits' replacements under `replacements`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = {item["id"]: item for item in data["items"]}
    for edit in data["replacements"]:
        items[edit["id"]]["pairs"] = [frozenset(p) for p in edit["pairs"]]
    return items


def shipped_decides(claim: Raw) -> bool:
    """Whether a check that decides whatever the rule (quote, number, name, edit, ...) failed on the claim."""
    return any(decides and check not in EDIT_CHECKS for check, decides in claim["failed"])


def check_signals(claim: Raw, pairs: frozenset[frozenset[str]] | None) -> dict[str, float]:
    """The edit checks' outcomes as the fitting core reads them; antonyms only with `pairs` (mined or shipped)."""
    if "opposites" not in claim:  # today's checks
        return {}
    antonym = any(
        near and (morphological or (pairs is not None and frozenset((claimed, stated)) in pairs))
        for claimed, stated, near, morphological in claim["opposites"]
    )
    coverage = claim["clause_coverage"]
    return {
        "antonym": float(antonym),
        "negation": float(bool(claim["reversed"])),
        "clause_coverage": 1.0 if coverage is None else coverage,
    }


def labelled(raw: Raw, judged: Sequence[dict[str, float]] | None) -> LabelledItem | None:
    """The item for the fitting core: None where a claim the checks leave to the judge has no recorded answer."""
    claims = []
    for number, claim in enumerate(raw["claims"]):
        signals = {**check_signals(claim, None), "copy": float(claim["copy"])}
        if judged is not None:
            if number >= len(judged) or not judged[number]:
                if not shipped_decides(claim):
                    return None
            else:
                signals |= {k: v for k, v in judged[number].items() if k != "copy"}
        claims.append(signals)
    decided = any(shipped_decides(c) for c in raw["claims"])
    return LabelledItem(raw["label"], raw["document"], None if decided else tuple(claims), raw["group"], raw["id"])


def antonyms_from(train: Iterable[LabelledItem], raws: dict[str, Raw]) -> frozenset[frozenset[str]]:
    """The antonym pairs mined from the training items' edits."""
    found = []
    for item in train:
        raw = raws.get(item.id, {})
        if "pairs" in raw:
            edit_types = raw.get("edit_types") or []
            antonym_swap = "antonym_swap" in edit_types
            found.append(Edit(tuple(raw["pairs"]), raw["label"], antonym_swap, raw["document"], raw["group"]))
    return select_pairs(found)


def deriver(
    raws: dict[str, Raw], shipped: bool = False
) -> Callable[[list[LabelledItem], list[LabelledItem]], list[LabelledItem]]:
    """The core's `derive`: each claim's antonym outcome under the pairs mined from the training part (with
    `shipped`, under the shipped pairs, mined from all of SummEdits' edits)."""

    def derive(train: list[LabelledItem], items: list[LabelledItem]) -> list[LabelledItem]:
        pairs = mined_antonyms() if shipped else antonyms_from(train, raws)
        derived = []
        for item in items:
            if item.claims is None:
                derived.append(item)
                continue
            claims = tuple(
                {**c, "antonym": check_signals(raw, pairs)["antonym"]} if "opposites" in raw else c
                for c, raw in zip(item.claims, raws[item.id]["claims"], strict=True)
            )
            derived.append(replace(item, claims=claims))
        return derived

    return derive


def configurations() -> list[tuple[list[EditCheck], float]]:
    """Every choice of deciding edit checks, and of the insertion cut-off where insertion is among them."""
    found: list[tuple[list[EditCheck], float]] = []
    for size in range(len(EDIT_CHECKS) + 1):
        for chosen in itertools.combinations(EDIT_CHECKS, size):
            cuts = CUTS if "insertion" in chosen else (EMBEDDED_CALIBRATION.inserted_coverage,)
            found += [(list(chosen), cut) for cut in cuts]
    return found


CHECKS_ONLY = Calibration(threshold=0.5, provenance="the checks alone", weights={"copy": 0.0}, bias=1.0)
"""No judge: every claim scores 1 unless a check decides it (then the item scores 0)."""


def weighted_accuracy(items: Sequence[LabelledItem], rule: Calibration) -> float:
    """The mean balanced accuracy over the groups with both labels, at the rule's threshold."""
    groups = [[i for i in items if i.group == g] for g in sorted({i.group for i in items})]
    scored = [
        balanced_accuracy([i.label for i in g], [int(item_score(i, rule) >= rule.threshold) for i in g]) or 0.0
        for g in groups
        if both_labels(g)
    ]
    return statistics.mean(scored) if scored else 0.0


def edit_check_fitter(base: Calibration, threshold: bool) -> Fitter:
    """Choose the deciding edit checks (and cut-off) with the best training accuracy; with `threshold`, fit the
    judge's threshold for each choice first (on the judge's own answers, as `fit_threshold` does)."""

    def fit(train: list[LabelledItem]) -> Calibration:
        best: tuple[float, int, Calibration] | None = None
        for checks, cut in configurations():
            rule = base.model_copy(update={"deciding_checks": checks, "inserted_coverage": cut})
            if threshold:
                rule = rule.with_threshold(fit_threshold(judge_only(train), rule))
            key = (round(weighted_accuracy(train, rule), 6), -len(checks))
            if best is None or key > best[:2]:
                best = (*key, rule)
        assert best is not None
        return best[2]

    return fit


def fixed(rule: Calibration) -> Fitter:
    return lambda _train: rule


def refitted(rule: Calibration) -> Fitter:
    return lambda train: rule.with_threshold(fit_threshold(judge_only(train), rule))


def decisions(items: list[LabelledItem], fit: Fitter, raws: dict[str, Raw], *, by_group: bool, seed: int) -> Any:
    derive = deriver(raws)
    found = cross_validated(items, fit, seed=seed, by_group=by_group, derive=derive)
    assert found is not None
    return found


def figures(found: Any, raws: dict[str, Raw]) -> dict[str, Any]:
    """Per group: balanced accuracy and consistent items flagged; per edit type and FRANK error type."""
    table: dict[str, Any] = {"by_group": {}, "by_edit_type": {}, "by_error_type": {}}
    groups = sorted({d.item.group for d in found})
    for group in [*groups, *(["summedits-other (pooled)"] if any(_other(d) for d in found) else [])]:
        chosen = [d for d in found if d.item.group == group or (group.endswith("(pooled)") and _other(d))]
        table["by_group"][group] = _figures([d.item.label for d in chosen], [d.predicted for d in chosen])
    other = [d for d in found if _other(d)]
    kinds: list[tuple[str, str, list[Any]]] = [("by_edit_type", "edit_types", other)]
    kinds.append(("by_error_type", "error_types", [d for d in found if d.item.group.startswith("frank")]))
    for key, field, pool in kinds:
        consistent = [d.predicted for d in pool if d.item.label == 1]
        passed = sum(consistent) / len(consistent) if consistent else None
        types = EDIT_TYPES if field == "edit_types" else ERROR_TYPES
        for kind in types:
            flagged = [
                1 - d.predicted for d in pool if d.item.label == 0 and kind in (raws[d.item.id].get(field) or [])
            ]
            if not flagged or passed is None:
                continue
            caught = sum(flagged) / len(flagged)
            table[key][kind] = {
                "n": len(flagged),
                "caught": round(caught, 3),
                "balanced_accuracy": round((caught + passed) / 2, 4),
            }
    return table


def _other(decision: Any) -> bool:
    return bool(decision.item.group.startswith("summedits-") and decision.item.group != "summedits-news")


def _figures(labels: list[int], predicted: list[int]) -> dict[str, Any]:
    consistent = [p for p, label in zip(predicted, labels, strict=True) if label == 1]
    accuracy = balanced_accuracy(labels, predicted)
    return {
        "n": len(labels),
        "balanced_accuracy": None if accuracy is None else round(accuracy, 4),
        "consistent_flagged": round(consistent.count(0) / len(consistent), 3) if consistent else None,
    }


def by_document(items: list[LabelledItem], fit: Fitter, raws: dict[str, Raw]) -> dict[str, Any]:
    """`SHUFFLES` shuffles of 5 folds by document: per group the median balanced accuracy, its range, and the
    median share of consistent items flagged; per edit type the median balanced accuracy."""
    runs = [figures(decisions(items, fit, raws, by_group=False, seed=seed), raws) for seed in range(SHUFFLES)]
    summary: dict[str, Any] = {"by_group": {}, "by_edit_type": {}, "by_error_type": {}}
    for key in summary:
        for name in runs[0][key]:
            accuracies = [r[key][name]["balanced_accuracy"] for r in runs if r[key].get(name)]
            accuracies = [a for a in accuracies if a is not None]
            if not accuracies:
                continue
            row = {"median": round(statistics.median(accuracies), 4), "min": min(accuracies), "max": max(accuracies)}
            flagged = [r[key][name].get("consistent_flagged") for r in runs if r[key].get(name)]
            if flagged and flagged[0] is not None:
                row["consistent_flagged_median"] = round(statistics.median(f for f in flagged if f is not None), 3)
            summary[key][name] = row
    return summary


def chosen_rules(items: list[LabelledItem], fit: Fitter, raws: dict[str, Raw]) -> dict[str, Any]:
    """What each across-group fold chose (the checks, cut-off, threshold)."""
    derive = deriver(raws)
    found = {}
    for group in sorted({i.group for i in items}):
        train = [i for i in items if i.group != group]
        rule = fit(derive(train, train))
        found[group] = {
            "deciding_checks": rule.deciding_checks,
            "inserted_coverage": rule.inserted_coverage,
            "threshold": round(rule.threshold, 4),
        }
    return found


def deterministic_part(new: dict[str, Raw], today: dict[str, Raw]) -> dict[str, Any]:
    """The checks alone on every development item."""
    items_new = [i for raw in new.values() if (i := labelled(raw, None)) is not None]
    items_today = [i for raw in today.values() if (i := labelled(raw, None)) is not None]
    candidates = {
        "today's checks": (items_today, fixed(CHECKS_ONLY), today),
        "checks with the false alarms fixed, no edit check deciding": (items_new, fixed(CHECKS_ONLY), new),
        "checks with the edit checks chosen per fold": (items_new, edit_check_fitter(CHECKS_ONLY, False), new),
    }
    return {
        name: {
            "across_groups": figures(decisions(items, fit, raws, by_group=True, seed=0), raws),
            "by_document": by_document(items, fit, raws),
            "chosen_across_groups": chosen_rules(items, fit, raws) if "per fold" in name else None,
        }
        for name, (items, fit, raws) in candidates.items()
    }


def recorded_signals() -> dict[str, list[dict[str, float]]]:
    """Each recorded item's claims' judge signals (empty where the judge was not asked)."""
    found = {}
    for name in RECORDED:
        for prediction in read_predictions(RUNS / name):
            found[prediction.id] = [dict(c.signals or {}) for c in prediction.claims]
    return found


def judged_part(new: dict[str, Raw], today: dict[str, Raw]) -> dict[str, Any]:
    """The checks with the judge, on the recorded items that every candidate can score."""
    signals = recorded_signals()
    pairs = {id_: (labelled(new[id_], s), labelled(today[id_], s)) for id_, s in signals.items()}
    usable = {id_ for id_, (a, b) in pairs.items() if a is not None and b is not None}
    items_new = [a for i in sorted(usable) if (a := pairs[i][0]) is not None]
    items_today = [b for i in sorted(usable) if (b := pairs[i][1]) is not None]
    max_rule = EMBEDDED_CALIBRATION
    clause_rule = max_rule.model_copy(update={"weights": {"max_clause": 1.0}})
    candidates = {
        "today's rule as shipped (today's checks, max(whole, window) >= 0.577)": (items_today, fixed(max_rule)),
        "today's checks, max(whole, window) refitted": (items_today, refitted(max_rule)),
        "checks with the false alarms fixed, max(whole, window) refitted": (items_new, refitted(max_rule)),
        "checks with the edit checks chosen per fold, max(whole, window) refitted": (
            items_new,
            edit_check_fitter(max_rule, True),
        ),
        "checks with the edit checks chosen per fold, min(max(whole, window), clause) refitted": (
            items_new,
            edit_check_fitter(clause_rule, True),
        ),
    }
    counts = {
        g: [sum(i.group == g for i in items_new), sum(i.group == g and i.label for i in items_new)]
        for g in sorted({i.group for i in items_new})
    }
    report: dict[str, Any] = {
        "items": len(usable),
        "left_out_no_judge_answer": len(signals) - len(usable),
        "items_and_consistent_items": counts,
    }
    for name, (items, fit) in candidates.items():
        raws = new if items is items_new else today
        report[name] = {
            "across_groups": figures(decisions(items, fit, raws, by_group=True, seed=0), raws),
            "by_document": by_document(items, fit, raws),
            "chosen_across_groups": chosen_rules(items, fit, raws) if "per fold" in name else None,
        }
        everything = deriver(raws, shipped=True)(items, items)
        rule = fit(everything)
        report[name]["fitted_on_all"] = {
            "deciding_checks": rule.deciding_checks,
            "inserted_coverage": rule.inserted_coverage,
            "threshold": round(rule.threshold, 4),
            "questions": questions(everything, rule, raws),
        }
    return report


def shipped_rule(new: dict[str, Raw], today: dict[str, Raw], candidate: str) -> Calibration:
    """The candidate refitted on every recorded item (antonyms as shipped: mined on all of SummEdits' edits)."""
    signals = recorded_signals()
    items = [i for id_, s in signals.items() if (i := labelled(new[id_], s)) is not None and labelled(today[id_], s)]
    items = deriver(new, shipped=True)(items, items)
    base = EMBEDDED_CALIBRATION
    if "clause" in candidate:
        base = base.model_copy(update={"weights": {"max_clause": 1.0}})
    rule = edit_check_fitter(base, True)(items)
    counts = ", ".join(f"{g} {sum(i.group == g for i in items)}" for g in sorted({i.group for i in items}))
    provenance = (
        f"{candidate}: fitted by evals/fit_edits.py on the recorded runs ({counts} items; groups weighted "
        "equally; edit checks and insertion cut-off chosen with the threshold) with the embedded "
        "Qwen2.5-Coder-1.5B Q4_K_M; out-of-sample figures in evals/fit-edits.json"
    )
    return rule.model_copy(update={"threshold": round(rule.threshold, 4), "provenance": provenance})


def questions(items: list[LabelledItem], rule: Calibration, raws: dict[str, Raw]) -> dict[str, Any]:
    """What `summarize check` asks under `rule`, per group: no question for a claim a check decides (the checks
    that always decide, or the rule's edit checks) or the copy check supports; else the whole-document question,
    the window where the whole answer does not settle it, and the clause question where the rule reads it and
    the claim has clauses."""
    found: dict[str, Any] = {}
    for group in sorted({i.group for i in items}):
        claims = asked = 0
        for item in (i for i in items if i.group == group):
            for signals, raw in zip(item.claims or (), raws[item.id]["claims"], strict=False):
                claims += 1
                if shipped_decides(raw) or rule.decided_by_checks(signals) or signals.get("copy"):
                    continue
                asked += 1 + (not rule.settled_without_window(signals))
                asked += "clause" in rule.signals_needed and raw.get("clause_coverage") is not None
            claims += 0 if item.claims else len(raws[item.id]["claims"])
        found[group] = {"claims": claims, "questions_per_claim": round(asked / claims, 3) if claims else None}
    return found


def markdown(found: dict[str, Any]) -> str:
    """The README's tables from a saved output: per group, then per edit and error type, for each part."""
    lines: list[str] = []
    for part, candidates in found.items():
        names = [n for n, v in candidates.items() if isinstance(v, dict) and "across_groups" in v]
        lines += [f"#### {part}", "", "| group | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
        groups = candidates[names[0]]["across_groups"]["by_group"]
        for group in groups:
            cells = []
            for name in names:
                across = candidates[name]["across_groups"]["by_group"][group]
                document = candidates[name]["by_document"]["by_group"].get(group, {})
                cells.append(
                    f"{across['balanced_accuracy']} ({across['consistent_flagged']:.0%}); "
                    f"{document.get('median')} ({document.get('consistent_flagged_median', 0):.0%})"
                )
            lines.append(f"| {group} (n={groups[group]['n']}) | " + " | ".join(cells) + " |")
        lines += ["", "| edit or error type | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
        for key in ("by_edit_type", "by_error_type"):
            for kind, row in candidates[names[0]]["across_groups"][key].items():
                cells = []
                for name in names:
                    across = candidates[name]["across_groups"][key][kind]
                    document = candidates[name]["by_document"][key].get(kind, {})
                    cells.append(f"{across['balanced_accuracy']} ({across['caught']:.0%}); {document.get('median')}")
                lines.append(f"| {kind} (n={row['n']}) | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", type=Path, default=ROOT / "evals" / "edit-checks.json")
    parser.add_argument("--today", type=Path, default=ROOT / "evals" / "edit-checks-today.json")
    parser.add_argument("--part", choices=["checks", "judged", "both"], default="both")
    parser.add_argument("--write", type=Path, help="write the candidate, refitted on all recorded items, here")
    parser.add_argument("--tables", type=Path, help="print the README's tables from this saved output, and stop")
    parser.add_argument(
        "--candidate", default="checks with the edit checks chosen per fold, max(whole, window) refitted"
    )
    options = parser.parse_args()
    if options.tables:
        print(markdown(json.loads(options.tables.read_text(encoding="utf-8"))))
        return 0
    new, today = load_checks(options.checks), load_checks(options.today)
    if options.write:
        rule = shipped_rule(new, today, options.candidate)
        options.write.write_text(rule.model_dump_json(indent=2) + "\n", encoding="utf-8")
        print(f"wrote {options.write}: {rule.deciding_checks}, threshold {rule.threshold}", file=sys.stderr)
        return 0
    found: dict[str, Any] = {}
    if options.part in ("checks", "both"):
        found["checks_alone_all_items"] = deterministic_part(new, today)
    if options.part in ("judged", "both"):
        found["checks_and_judge_recorded_items"] = judged_part(new, today)
    print(json.dumps(found, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
