"""Replay a recorded eval run offline and check that its metrics equal the published ones.

    python evals/check_replay.py NAME DATASET [selection options...]

The published metrics are `evals/runs/NAME/metrics.json` (committed with the recording). Exits non-zero on any
difference in the deterministic metrics (timings are not compared: a replay takes no model time).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPARED = ("n", "balanced_accuracy", "roc_auc", "per_label", "confusion", "per_dataset", "errors")
USAGE = ("calls", "prompt_tokens", "completion_tokens")


def main() -> int:
    name, dataset, *selection = sys.argv[1:]
    published = json.loads(Path(f"evals/runs/{name}/metrics.json").read_text())
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        command = [
            str(Path(sys.executable).parent / "summarize"),
            "eval",
            dataset,
            "--replay",
            name,
            "--out",
            out,
            "--quiet",
            *selection,
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        replayed = json.loads((Path(out) / "metrics.json").read_text())
    differences = [k for k in COMPARED if replayed.get(k) != published.get(k)]
    differences += [f"per_item.{k}" for k in USAGE if replayed["per_item"][k] != published["per_item"][k]]
    print(
        f"{name}: replayed {replayed['n']} items in {seconds:.1f} s ({replayed['n'] / seconds:.1f} items/s); "
        f"balanced accuracy {replayed['balanced_accuracy']} (published {published['balanced_accuracy']})"
    )
    if differences:
        print(f"{name}: replay differs from the published metrics in: {', '.join(differences)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
