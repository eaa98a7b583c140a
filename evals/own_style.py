"""What calibrating on one's own articles buys, and how many labelled items it takes (no model needed).

    python evals/own_style.py > evals/own-style.json

For each style of the four recorded runs (SummEdits news, FRANK CNN/DM, FRANK BBC), as a newsroom would with
`summarize eval calibrate`: draw whole documents of that style until N labelled items, fit the max(whole,
window) threshold on them alone, and score the style's other documents. 30 draws per N; reported: the median
balanced accuracy and share of consistent items flagged, and, on the same held-out documents, the rule fitted
on the two other styles (what the shipped rule is for a style it has never seen).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from collections import Counter

from fit_decision import CANDIDATES, ROOT, STYLES, Item, evaluate, load

from summarize.calibration import both_labels

DRAWS = 30
SIZES = (10, 20, 40, 60)
FIT = CANDIDATES["max(whole, window), threshold"]


def draw(group: list[Item], size: int, seed: int) -> tuple[list[Item], list[Item]]:
    """Whole documents of `group` until `size` items, and the rest."""
    sizes = Counter(i.document for i in group)
    documents = sorted(sizes)
    random.Random(seed).shuffle(documents)
    chosen: set[str] = set()
    for document in documents:
        if sum(sizes[d] for d in chosen) >= size:
            break
        chosen.add(document)
    return [i for i in group if i.document in chosen], [i for i in group if i.document not in chosen]


def curve(items: list[Item], style: str, size: int) -> dict[str, float | int]:
    group = [i for i in items if i.group == style]
    unseen_rule = FIT([i for i in items if i.group != style])
    own, unseen, used = [], [], []
    for seed in range(DRAWS):
        train, test = draw(group, size, seed)
        if both_labels(train) and both_labels(test):
            own.append(evaluate(test, FIT(train)))
            unseen.append(evaluate(test, unseen_rule))
            used.append(len(train))

    def median(found: list[dict[str, float | int | None]], key: str) -> float:
        values = [float(value) for f in found if (value := f[key]) is not None]
        return round(statistics.median(values), 3) if values else 0.0

    return {
        "draws_with_both_labels": len(own),
        "training_items_median": int(statistics.median(used)) if used else 0,
        "own_style_balanced_accuracy": median(own, "balanced_accuracy"),
        "own_style_consistent_flagged": median(own, "consistent_flagged"),
        "other_styles_balanced_accuracy": median(unseen, "balanced_accuracy"),
        "other_styles_consistent_flagged": median(unseen, "consistent_flagged"),
    }


def main() -> int:
    items = load(ROOT / "evals" / "runs")
    report = {style: {str(size): curve(items, style, size) for size in SIZES} for style in STYLES}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
