"""Benchmark the summarizer on the embedded model: cold start, warm wall time, peak memory, tokens.

    python evals/benchmark_summarize.py [--runs 3] [--article tests/data/samples/meta-open-models-c.txt]

Starts its own server on a spare port (so the cold start is real), assembles the model into a fresh cache
directory (so assembly and SHA-256 verification are timed), then summarizes the article `--runs` times.
"Warm, new prompt" runs alternate with another article, so llama.cpp cannot reuse the cached prompt;
"warm, repeated" runs the same article twice in a row (the server then reuses the cached prompt prefix).
The timed summary is verified (its key points checked against their sentences); the summary's time and the
verification's are reported apart and together. Run it on a quiet machine: a second busy process on 2 cores
slows generation many times over.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of a process's resident memory (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--article", default=str(ROOT / "tests/data/samples/meta-open-models-c.txt"))
    parser.add_argument("--other", default=str(ROOT / "tests/data/samples/meta-open-models-b.txt"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-summarize.json"))
    args = parser.parse_args()

    os.environ["SUMMARIZE_CACHE_DIR"] = tempfile.mkdtemp(prefix="summarize-bench-")
    from summarize import ModelConfig, Settings, load_article, summarize
    from summarize.llm import ensure_server, model_path, server_status, stop_server

    started = time.monotonic()
    model_path()
    assembly = time.monotonic() - started
    os.environ["SUMMARIZE_SUMMARIZER_PORT"] = "18775"
    started = time.monotonic()
    endpoint = ensure_server(idle_minutes=0)
    server_start = time.monotonic() - started

    settings = Settings(model=ModelConfig(api_base=endpoint.api_base))
    article, other = load_article(args.article), load_article(args.other)
    try:
        fresh, verifying, repeated, usages = [], [], [], []
        for _ in range(args.runs):
            summarize(other, settings=settings, verify=False)  # evict the article from the prompt cache
            result = summarize(article, settings=settings)
            checked = result.verification.usage if result.verification else None
            verifying.append(checked.seconds if checked else 0.0)
            fresh.append(result.usage.seconds - verifying[-1])
            usages.append(result.usage)
            repeated.append(summarize(article, settings=settings, verify=False).usage.seconds)
        status = server_status()
        server_peak = peak_rss_mb(status["pid"]) if status else float("nan")
    finally:
        stop_server()

    import resource

    report = {
        "article": os.path.relpath(args.article, ROOT),
        "sentences": len(article.sentences),
        "runs": args.runs,
        "cores": os.cpu_count(),
        "cold_start_seconds": {"assembly_and_sha256": round(assembly, 1), "server_start": round(server_start, 1)},
        "warm_new_prompt_seconds": {"median": round(statistics.median(fresh), 1), "all": [round(x, 1) for x in fresh]},
        "verification_seconds": {
            "median": round(statistics.median(verifying), 1),
            "all": [round(x, 1) for x in verifying],
        },
        "warm_new_prompt_with_verification_seconds": {
            "median": round(statistics.median(f + v for f, v in zip(fresh, verifying, strict=True)), 1),
        },
        "warm_repeated_seconds": {
            "median": round(statistics.median(repeated), 1),
            "all": [round(x, 1) for x in repeated],
        },
        "calls_per_summary_with_verification": [u.calls for u in usages],
        "prompt_tokens_per_summary": statistics.median(u.prompt_tokens for u in usages),
        "completion_tokens_per_summary": statistics.median(u.completion_tokens for u in usages),
        "peak_memory_mb": {
            "server": round(server_peak),
            "client": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        },
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
