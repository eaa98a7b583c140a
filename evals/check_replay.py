"""Replay a recorded eval run offline and check that its metrics equal the published ones.

    python evals/check_replay.py NAME DATASET [selection options of `summarize eval`...]

The published metrics are `evals/runs/NAME/metrics.json` (committed with the recording). Exits 1 on any
difference in the deterministic metrics (timings are not compared: a replay takes no model time), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize import InputError, RunMetrics, read_metrics

ROOT = Path(__file__).resolve().parent.parent
COMPARED = ("n", "balanced_accuracy", "roc_auc", "per_label", "confusion", "per_dataset", "errors")
USAGE = ("calls", "prompt_tokens", "completion_tokens")


def differences(replayed: RunMetrics, published: RunMetrics) -> list[str]:
    """The deterministic metrics that differ between a replay and its published run."""
    found = [key for key in COMPARED if getattr(replayed, key) != getattr(published, key)]
    return found + [f"per_item.{k}" for k in USAGE if getattr(replayed.per_item, k) != getattr(published.per_item, k)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the recording, and its published run evals/runs/NAME")
    parser.add_argument("dataset", type=Path, help="the dataset the run was recorded on")
    options, selection = parser.parse_known_args()
    try:
        published = read_metrics(ROOT / "evals" / "runs" / options.name)
    except InputError as error:
        parser.error(str(error))
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        summarize = str(Path(sys.executable).parent / "summarize")
        command = [summarize, "eval", str(options.dataset), "--replay", options.name, "--out", out, "--quiet"]
        subprocess.run([*command, "--no-progress", *selection], check=True, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        replayed = read_metrics(Path(out))
    print(
        f"{options.name}: replayed {replayed.n} items in {seconds:.1f} s ({replayed.n / seconds:.1f} items/s); "
        f"balanced accuracy {replayed.balanced_accuracy} (published {published.balanced_accuracy})"
    )
    different = differences(replayed, published)
    if different:
        print(f"{options.name}: replay differs from the published metrics in: {', '.join(different)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
