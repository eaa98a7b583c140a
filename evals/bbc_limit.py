"""Why FRANK BBC's goal is out of reach for the embedded judge, from the recorded runs (no model needed).

    python evals/bbc_limit.py

`fit_decision.py` fits on the two development runs, whose FRANK BBC items are all inconsistent. This script pools
them with the two held-out runs (`frank-bbc-heldout`: 26 consistent BBC summaries; `frank-cnndm-extra`), so every
style has both labels in the fit, and reports for each candidate rule, out of sample (5 folds by document): the
balanced accuracy and the share of consistent items flagged per style, and the ROC AUC per style among the items
the judge decides (no check decided them, not every claim a copy). The held-out runs are no longer held out here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fit_decision import CANDIDATES, ROOT, STYLES, Item, cross_validate, load, score

from summarize.eval import roc_auc

HELD_OUT = {
    "frank-bbc-heldout": ROOT / "evals" / "data" / "frank_valid_bbc_heldout.jsonl",
    "frank-cnndm-extra": ROOT / "evals" / "data" / "frank_valid_cnndm_extra.jsonl",
}


def pooled(runs: Path) -> list[Item]:
    """The development items of `fit_decision.load` and the held-out runs' items, each with its style."""
    return load(runs) + load(runs, HELD_OUT)


def judged_auc(items: list[Item]) -> dict[str, float | None]:
    """Per style, the ROC AUC of each rule fitted on all items, among the items the judge decides."""
    found: dict[str, float | None] = {}
    for name, fitter in CANDIDATES.items():
        rule = fitter(items)
        for style in STYLES:
            decided = [i for i in items if i.style == style and i.claims and not all(c.get("copy") for c in i.claims)]
            found[f"{name} / {style}"] = roc_auc([i.label for i in decided], [score(i, rule) for i in decided])
    return found


def main() -> int:
    items = pooled(ROOT / "evals" / "runs")
    counts = {s: [sum(i.style == s for i in items), sum(i.style == s and i.label == 1 for i in items)] for s in STYLES}
    report = {
        "items_and_consistent_items": counts,
        "cv_by_document_all_runs_pooled": {name: cross_validate(items, fitter) for name, fitter in CANDIDATES.items()},
        "roc_auc_among_judged_items_fitted_on_all": judged_auc(items),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
