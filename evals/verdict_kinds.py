"""How well the checker tells `contradicted` from `not_in_source`, against FRANK's annotated error types.

    python evals/verdict_kinds.py [--run evals/runs/frank-valid]

FRANK marks each summary sentence with error types; `OutE` is information not in the article (not in source),
`EntE`, `RelE` and `CircE` are a wrong entity, relation or circumstance (contradicted). On the recorded run's
inconsistent items whose annotators marked only one of these kinds, each claim the checker flagged is scored:
does its verdict name the right kind? The split is a word-coverage rule (a flagged claim whose content words
mostly appear in its evidence is contradicted); its cut-off is shown at the shipped value and, out of sample,
fitted on FRANK CNN/DM and tested on FRANK BBC and the reverse. No model is needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarize import read_predictions

ROOT = Path(__file__).resolve().parent.parent
TYPES = ROOT / "evals" / "data" / "frank_valid_error_types.jsonl"
CONTRADICTION_TYPES = ("EntE", "RelE", "CircE")
SHIPPED = 0.6


def gold_kinds(path: Path) -> dict[str, str]:
    """Item id -> the one kind its annotators marked (items with both kinds, or others, are left out)."""
    kinds = {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        shares = row.get("error_share", {})
        outside = shares.get("OutE", 0) > 0
        contradicted = any(shares.get(t, 0) > 0 for t in CONTRADICTION_TYPES)
        if outside != contradicted:
            kinds[row["id"]] = "not_in_source" if outside else "contradicted"
    return kinds


def flagged_claims(run: Path, kinds: dict[str, str]) -> list[tuple[str, str, float, str]]:
    """(style, gold kind, coverage, verdict) for each judged claim the checker flagged in a single-kind item."""
    rows: list[tuple[str, str, float, str]] = []
    for prediction in read_predictions(run):
        gold = kinds.get(prediction.id)
        if gold is None or prediction.label == 1:
            continue
        for claim in prediction.claims:
            if claim.verdict in ("contradicted", "not_in_source") and "coverage" in claim.signals:
                rows.append((prediction.dataset, gold, claim.signals["coverage"], claim.verdict))
    return rows


def accuracy(rows: list[tuple[str, str, float, str]], cutoff: float) -> float | None:
    if not rows:
        return None
    right = sum((coverage >= cutoff) == (gold == "contradicted") for _style, gold, coverage, _verdict in rows)
    return round(right / len(rows), 3)


def best_cutoff(rows: list[tuple[str, str, float, str]]) -> float:
    candidates = sorted({round(coverage, 3) for _s, _g, coverage, _v in rows} | {0.0, 1.01})
    return max(candidates, key=lambda c: (accuracy(rows, c) or 0.0, -abs(c - SHIPPED)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", type=Path, default=ROOT / "evals" / "runs" / "frank-valid")
    options = parser.parse_args()
    rows = flagged_claims(options.run, gold_kinds(TYPES))
    cnndm = [r for r in rows if r[0] == "frank-cnndm"]
    bbc = [r for r in rows if r[0] == "frank-bbc"]
    majority = max(("contradicted", "not_in_source"), key=lambda k: sum(r[1] == k for r in rows)) if rows else None
    report = {
        "flagged_claims_in_single_kind_items": len(rows),
        "gold_kinds": {k: sum(r[1] == k for r in rows) for k in ("contradicted", "not_in_source")},
        "accuracy_at_shipped_cutoff": {"cutoff": SHIPPED, "all": accuracy(rows, SHIPPED)},
        "accuracy_of_always_the_majority_kind": round(sum(r[1] == majority for r in rows) / len(rows), 3)
        if rows
        else None,
        "out_of_sample": {
            "cnndm->bbc": {"cutoff": (c := best_cutoff(cnndm)) if cnndm else None, "accuracy": accuracy(bbc, c)}
            if cnndm
            else None,
            "bbc->cnndm": {"cutoff": (b := best_cutoff(bbc)) if bbc else None, "accuracy": accuracy(cnndm, b)}
            if bbc
            else None,
        },
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
