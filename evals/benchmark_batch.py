"""Benchmark `summarize batch` against a loopback OpenAI-compatible server with a fixed latency.

    python evals/benchmark_batch.py [--items 500] [--latency 0.2] [--concurrency 1,8,32] [--repeats 3] [--no-ray]

The server (tests/fake_openai.py) answers a valid summary for any article after `--latency` seconds: a stand-in for
a hosted provider, over real HTTP. Reported per concurrency: items per second, the speed-up against concurrency 1
and its share of linear, and the tool's own time per item outside the model call (wall time per item at concurrency
1 minus the server's latency), and that time again on 75 different articles (the repeated article's spaCy parse is
cached after its first item; real wires are not). Then the same run with the server failing 5% of requests with 429
or 500 (every item must end ok or with a recorded error, none missing or twice), and the peak memory of the real
command over a 1,000-line and a 100,000-line input, 300 items of each (the input is streamed: memory must not grow
with it). Then the throughput runs again with `--engine ray` on a local Ray cluster (needs the [ray] extra): Ray is
started once, outside the timings; each run starts and stops its own actors, inside them.
Levels above 1 run `--repeats` times (median, min and max reported); concurrency 1 runs once (minutes per run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from summarize.testing import fake_openai

ROOT = Path(__file__).resolve().parent.parent


ARTICLE = (ROOT / "tests" / "data" / "samples" / "meta-open-models-b.txt").read_text()


def write_items(path: Path, count: int) -> Path:
    with path.open("w") as handle:
        for number in range(count):
            handle.write(json.dumps({"id": f"item-{number}", "text": ARTICLE}) + "\n")
    return path


Engine = Literal["local", "ray"]


def run(
    source: Path, out: Path, url: str, concurrency: int, attempts: int = 4, engine: Engine = "local"
) -> dict[str, object]:
    """One batch run in-process; returns its summary and wall time."""
    from summarize import ModelConfig, Settings, batch
    from summarize.llm import RetryPolicy

    policy = RetryPolicy(attempts=attempts, initial_wait=0.05, max_wait=0.5, jitter=0.05)
    config = ModelConfig(model="openai/fake", api_base=url, retry=policy)
    started = time.monotonic()
    summary = batch(str(source), out, settings=Settings(model=config, concurrency=concurrency), engine=engine)
    assert summary.ok == summary.total, summary
    return {"summary": summary.model_dump(), "seconds": time.monotonic() - started}


def throughput(
    items: int,
    latency: float,
    levels: list[int],
    work: Path,
    engine: Literal["local", "ray"] = "local",
    repeats: int = 1,
) -> list[dict[str, object]]:
    source = write_items(work / "items.jsonl", items)
    rows: list[dict[str, object]] = []
    with fake_openai(latency=latency) as server:
        warm = run(write_items(work / "warm.jsonl", 2), work / f"warm-{engine}.jsonl", server.url, 1, engine=engine)
        for level in levels:
            times = []
            for attempt in range(1 if level == 1 else repeats):
                out = work / f"out-{engine}-{level}-{attempt}.jsonl"
                times.append(float(str(run(source, out, server.url, level, engine=engine)["seconds"])))
            rows.append(_row(level, items, times))
    base = float(str(rows[0]["items_per_second"]))
    for row in rows:
        speedup = float(str(row["items_per_second"])) / base
        row["speedup"] = round(speedup, 2)
        row["share_of_linear"] = round(speedup / int(str(row["concurrency"])), 2)
    per_item = float(str(rows[0]["seconds"])) / items
    rows[0]["tool_overhead_ms_per_item"] = round((per_item - latency) * 1000, 1)
    rows[0]["warm_up_run_of_2_items_seconds"] = round(float(str(warm["seconds"])), 2)
    return rows


def _row(level: int, items: int, times: list[float]) -> dict[str, object]:
    median = statistics.median(times)
    row: dict[str, object] = {
        "concurrency": level,
        "items": items,
        "runs": len(times),
        "seconds": round(median, 2),
        "items_per_second": round(items / median, 2),
    }
    if len(times) > 1:
        row["seconds_min_max"] = [round(min(times), 2), round(max(times), 2)]
    return row


def on_ray(items: int, latency: float, levels: list[int], work: Path, repeats: int) -> dict[str, object]:
    """The throughput runs on a local Ray cluster started once (its start-up timed apart)."""
    import ray

    started = time.monotonic()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    startup = time.monotonic() - started
    try:
        rows = throughput(items, latency, levels, work, engine="ray", repeats=repeats)
        # each run starts its actors; the 2-item warm-up run is about that start-up plus two items
        first, warm = float(str(rows[0]["seconds"])), float(str(rows[0]["warm_up_run_of_2_items_seconds"]))
        rows[0]["tool_overhead_ms_per_item_after_actor_startup"] = round(
            ((first - warm) / (items - 2) - latency) * 1000, 1
        )
    finally:
        ray.shutdown()
    return {"ray_version": ray.__version__, "cluster_startup_seconds": round(startup, 1), "throughput": rows}


def with_failures(items: int, latency: float, concurrency: int, work: Path) -> dict[str, object]:
    source, out = write_items(work / "failing.jsonl", items), work / "failing-out.jsonl"
    with fake_openai(latency=latency, failure_rate=0.05, seed=1) as server:
        outcome = run(source, out, server.url, concurrency)
        requests, failures = len(server.arrivals), server.failures
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    statuses = [json.loads(line)["status"] for line in out.read_text().splitlines()]
    return {
        "items": items,
        "requests": requests,
        "server_failures": failures,
        "ok": statuses.count("ok"),
        "failed": statuses.count("failed"),
        "missing": items - len(set(ids)),
        "duplicated": len(ids) - len(set(ids)),
        "seconds": round(float(str(outcome["seconds"])), 2),
    }


def distinct_articles(latency: float, work: Path, data: Path) -> dict[str, object]:
    """The tool's own time per item on different articles (the 75 CNN/DM validation articles), at concurrency 1:
    the throughput runs repeat one article, so its spaCy parse is cached after the first item."""
    rows = [json.loads(line) for line in data.read_text().splitlines() if line.strip()]
    source = work / "distinct.jsonl"
    source.write_text("".join(json.dumps({"id": row["id"], "text": row["doc"]}) + "\n" for row in rows))
    with fake_openai(latency=latency) as server:
        outcome = run(source, work / "distinct-out.jsonl", server.url, 1)
    per_item = float(str(outcome["seconds"])) / len(rows)
    return {"items": len(rows), "tool_overhead_ms_per_item": round((per_item - latency) * 1000, 1)}


def streaming_memory(lines: int, limit: int, url: str, work: Path) -> dict[str, object]:
    """Peak memory of the real command over an input of `lines` lines, taking the first `limit` items."""
    source, out = write_items(work / f"input-{lines}.jsonl", lines), work / f"out-{lines}.jsonl"
    command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "--no-progress", "-q"]
    command += ["--model", "openai/fake", "--api-base", url, "--limit", str(limit), "--concurrency", "8"]
    measure = "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
    measure += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    env = {**os.environ, "OPENAI_API_KEY": "sk-benchmark-0123456789abcdef"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", measure, *command], env=env, capture_output=True, text=True)
    return {
        "input_lines": lines,
        "items_run": limit,
        "seconds": round(time.monotonic() - started, 1),
        "peak_memory_mb": round(int(result.stdout.strip().splitlines()[-1]) / 1024),
    }


def _memory(lines: int, work: Path) -> list[dict[str, object]]:
    with fake_openai(latency=0.05) as server:
        return [streaming_memory(count, 300, server.url, work) for count in (1_000, lines)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--input-lines", type=int, default=100_000, help="the large input of the memory check")
    parser.add_argument("--repeats", type=int, default=1, help="runs per concurrency level above 1 (median)")
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    parser.add_argument("--distinct", type=Path, default=ROOT / "evals" / "data" / "cnndm_valid_references.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "benchmark-batch.json")
    options = parser.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-benchmark-0123456789abcdef")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        levels = [int(n) for n in options.concurrency.split(",")]
        load = os.getloadavg()[0]
        report: dict[str, object] = {
            "cores": os.cpu_count(),
            "load_average_at_start": round(load, 2),
            "latency_seconds": options.latency,
            "throughput": throughput(options.items, options.latency, levels, work, repeats=options.repeats),
            "distinct_articles_concurrency_1": distinct_articles(options.latency, work, options.distinct),
            "with_5_percent_failures": with_failures(options.items, options.latency, max(levels), work),
            "memory": _memory(options.input_lines, work),
        }
        if not options.no_ray:
            report["ray"] = on_ray(options.items, options.latency, levels, work, options.repeats)
        report["median_note"] = (
            f"concurrency 1: one run; higher levels: median of {options.repeats} run(s); "
            f"{os.cpu_count()} cores, shared with other work (load average {load:.2f} at the start)"
        )
    options.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
