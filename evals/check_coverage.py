"""Replay the recorded coverage runs offline and check the published figures.

    python evals/check_coverage.py

Replays `realsumm-coverage` (the annotators' key facts) and `realsumm-coverage-own` (the tool's own) with
`summarize eval coverage --replay`, checks that their metrics equal `evals/runs/<name>/metrics.json`, then runs
`evals/fit_coverage.py` on the replayed predictions and checks that its out-of-sample figures equal
`evals/fit-coverage.json`. Timings are not compared (a replay takes no model time). Exits 1 on any difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from summarize.eval import CoverageMetrics

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
RUNS = {
    "realsumm-coverage": ["--per-document", "4", "--seed", "0"],
    "realsumm-coverage-own": ["--per-document", "3", "--seed", "0", "--own-key-facts"],
}
TIMINGS = ("seconds",)


def without_timings(value: Any) -> Any:
    """The value with every key that measures time (or a cost derived from it) left out."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if not any(t in k for t in TIMINGS)}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def replay(name: str, options: list[str], out: Path) -> list[str]:
    """Replay one run into `out/name`; the metrics that differ from the published ones."""
    command = [
        str(Path(sys.executable).parent / "summarize"), "eval", "coverage", str(DATA / "realsumm_dev_summaries.jsonl"),
        "--articles", str(DATA / "realsumm_dev_articles.jsonl"), *options, "--replay", name, "--out", str(out / name),
        "--quiet",
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    replayed = CoverageMetrics.model_validate_json((out / name / "metrics.json").read_text())
    published = CoverageMetrics.model_validate_json((ROOT / "evals" / "runs" / name / "metrics.json").read_text())
    print(f"{name}: replayed {replayed.n} summaries in {time.monotonic() - started:.1f} s; Pearson "
          f"{replayed.summary_pearson} (published {published.summary_pearson})")  # fmt: skip
    mine, theirs = without_timings(replayed.model_dump()), without_timings(published.model_dump())
    return [f"{name}.{key}" for key in mine if mine[key] != theirs.get(key)]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        different = [key for name, options in RUNS.items() for key in replay(name, options, out)]
        fit = subprocess.run(
            [sys.executable, str(ROOT / "evals" / "fit_coverage.py"), "--runs", str(out)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
    refitted = without_timings(json.loads(fit.stdout))
    published = without_timings(json.loads((ROOT / "evals" / "fit-coverage.json").read_text()))
    different += [f"fit-coverage.{key}" for key in published if refitted.get(key) != published[key]]
    if different:
        print(f"the replay differs from the published figures in: {', '.join(different)}", file=sys.stderr)
        return 1
    print("fit-coverage: the out-of-sample figures replay as published")
    return 0


if __name__ == "__main__":
    sys.exit(main())
