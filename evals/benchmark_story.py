"""Benchmark story mode on the four sample versions of one story with the embedded model: wall time (warm),
model calls and tokens, and the bound the issue sets (at most one call per outlet per fact).

    python evals/benchmark_story.py [--runs 3] [--api-base http://127.0.0.1:18765/v1]

Uses a running embedded server (`summarize model serve`) when --api-base is given; otherwise starts one on a
spare port and warms it with one run that is not counted. Run it on a quiet machine: on 2 cores a second busy
process slows generation many times over.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / f"tests/data/samples/meta-open-models-{letter}.txt" for letter in "abcd"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--api-base", help="a running embedded server; default: start one")
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-story.json"))
    args = parser.parse_args()

    from summarize import ModelConfig, Settings, load_article, story
    from summarize.llm import ensure_server, stop_server

    started_here = args.api_base is None
    if started_here:
        os.environ["SUMMARIZE_SUMMARIZER_PORT"] = "18776"
    api_base = args.api_base or ensure_server(idle_minutes=0).api_base
    settings = Settings(model=ModelConfig(api_base=api_base))
    articles = [load_article(path) for path in SAMPLES]
    try:
        if started_here:
            story(articles, settings=settings)  # warm-up: model loaded, nothing counted
        seconds, reports = [], []
        for _ in range(args.runs):
            started = time.monotonic()
            reports.append(story(articles, settings=settings))
            seconds.append(time.monotonic() - started)
    finally:
        if started_here:
            stop_server()
    last = reports[-1]
    bound = len(last.facts) * len(last.sources)
    report = {
        "sources": [s.label for s in last.sources],
        "runs": args.runs,
        "cores": os.cpu_count(),
        "warm_seconds": {
            "median": round(statistics.median(seconds), 1),
            "min": round(min(seconds), 1),
            "max": round(max(seconds), 1),
            "all": [round(s, 1) for s in seconds],
        },
        "facts": len(last.facts),
        "disagreements": len(last.disagreements),
        "calls": last.usage.calls,
        "calls_bound_one_per_outlet_per_fact": bound,
        "prompt_tokens": last.usage.prompt_tokens,
        "completion_tokens": last.usage.completion_tokens,
        "judged_pairs": sum(s.method == "judge" for f in last.facts for s in f.support),
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
