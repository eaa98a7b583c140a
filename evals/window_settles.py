"""The share of judged development claims whose window answer alone reaches the shipped rule's threshold: the
`WINDOW_SETTLES` constant story mode's question order reads (`summarize/checker/_pipeline.py`).

    python evals/window_settles.py

Reads the recorded eval runs that asked every question (evals/runs/NAME/predictions.jsonl); no model call.
"""

from __future__ import annotations

from pathlib import Path

from summarize import read_predictions
from summarize.calibration import EMBEDDED_CALIBRATION

ROOT = Path(__file__).resolve().parent.parent
RUNS = ("frank-valid", "summedits-news-eval", "frank-bbc-heldout", "frank-cnndm-extra")


def main() -> None:
    threshold = EMBEDDED_CALIBRATION.threshold
    settled = judged = 0
    for run in RUNS:
        windows = [
            claim.signals["window"]
            for prediction in read_predictions(ROOT / "evals/runs" / run)
            for claim in prediction.claims
            if {"whole", "window"} <= set(claim.signals)
        ]
        reached = sum(window >= threshold for window in windows)
        print(f"{run}: {reached} of {len(windows)} ({reached / len(windows):.3f})")
        settled, judged = settled + reached, judged + len(windows)
    print(f"all: {settled} of {judged} ({settled / judged:.3f}) at the shipped threshold {threshold}")


if __name__ == "__main__":
    main()
