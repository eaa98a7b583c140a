"""Our checker and DeepEval's faithfulness metric on the same items and the same embedded model server.

    python evals/compare_deepeval.py [--items 12] [--dataset evals/data/summedits_news_eval.jsonl]

Creates `evals/.venv-deepeval` (DeepEval 4.3.1 + litellm) on first use. Reports per item and in total: model
calls, prompt and completion tokens, wall time, and the prediction against the gold label (ours at the shipped
calibrated threshold, DeepEval at its default 0.5); writes `evals/compare-deepeval.json`. Run it on a quiet
machine: both sides share two cores with the model server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "evals" / ".venv-deepeval"


def deepeval_python() -> Path:
    """The DeepEval environment's interpreter, created on first use."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "deepeval==4.3.1", "litellm[mcp]==1.106.2"], check=True
        )
    return python


def ours(items: list, config) -> list[dict]:
    from summarize import EMBEDDED_CALIBRATION, Settings, article_from_text, check
    from summarize.eval import report_score

    rows = []
    for item in items:
        started = time.monotonic()
        report = check(item.claim, [article_from_text(item.doc, item.id)], settings=Settings(model=config))
        rows.append(
            {
                "id": item.id,
                "predicted": int(report.consistent),
                "score": report_score(report, EMBEDDED_CALIBRATION),
                "seconds": round(time.monotonic() - started, 2),
                "calls": report.usage.calls,
                "prompt_tokens": report.usage.prompt_tokens,
                "completion_tokens": report.usage.completion_tokens,
            }
        )
    return rows


def theirs(items: list, endpoint) -> list[dict]:
    from summarize.llm import MODEL_NAME

    lines = "".join(json.dumps({"id": i.id, "doc": i.doc, "claim": i.claim}) + "\n" for i in items)
    script = str(ROOT / "evals" / "deepeval_worker.py")
    worker = [str(deepeval_python()), script, f"openai/{MODEL_NAME}", endpoint.api_base]
    partial = ROOT / "evals" / "compare-deepeval.partial.jsonl"  # one line per finished item, kept if interrupted
    with partial.open("w") as sink:
        key = {**os.environ, "EMBEDDED_API_KEY": endpoint.api_key}  # the server's secret, kept off the command line
        subprocess.run(worker, input=lines, stdout=sink, stderr=subprocess.DEVNULL, text=True, check=True, env=key)
    rows = [json.loads(line) for line in partial.read_text().splitlines() if line.startswith("{")]
    for row in rows:
        row["predicted"] = None if row["score"] is None else int(row["score"] >= 0.5)
    return rows


def summary(rows: list[dict], labels: dict[str, int]) -> dict:
    from summarize.calibration import balanced_accuracy

    scored = [r for r in rows if r["predicted"] is not None]
    return {
        "items": len(rows),
        "failed_items": len(rows) - len(scored),
        "calls_per_item": round(statistics.mean(r["calls"] for r in rows), 2),
        "prompt_tokens_per_item": round(statistics.mean(r["prompt_tokens"] for r in rows)),
        "completion_tokens_per_item": round(statistics.mean(r["completion_tokens"] for r in rows)),
        "median_seconds_per_item": statistics.median(r["seconds"] for r in rows),
        "balanced_accuracy": balanced_accuracy([labels[r["id"]] for r in scored], [r["predicted"] for r in scored]),
        "agreement_with_gold": round(statistics.mean(r["predicted"] == labels[r["id"]] for r in scored), 3)
        if scored
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default=str(ROOT / "evals/data/summedits_news_eval.jsonl"))
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from summarize import EMBEDDED_CALIBRATION, ModelConfig
    from summarize.eval import load_dataset, select
    from summarize.llm import ensure_server

    samples, _ = load_dataset(args.dataset)
    items = select(samples, sample=args.items, seed=args.seed, limit=None)
    endpoint = ensure_server()
    labels = {i.id: i.label for i in items}
    our_rows = ours(items, ModelConfig())
    their_rows = theirs(items, endpoint)
    report = {
        "dataset": Path(args.dataset).name,
        "item_ids": [i.id for i in items],
        "thresholds": {"ours": EMBEDDED_CALIBRATION.threshold, "deepeval_faithfulness": 0.5},
        "ours": summary(our_rows, labels),
        "deepeval_faithfulness": summary(their_rows, labels),
        "per_item": {"ours": our_rows, "deepeval_faithfulness": their_rows},
    }
    (ROOT / "evals" / "compare-deepeval.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("dataset", "ours", "deepeval_faithfulness")}, indent=2))


if __name__ == "__main__":
    main()
