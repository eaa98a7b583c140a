"""Run every fault of a local fault-injecting server against the CLI and print what a user meets.

    python evals/fault_table.py [--faults 429,hang,...] [--timeout 10] [--json]

Each fault runs `summarize` (or `summarize check` for the judge's faults) in a fresh process against a loopback
server that misbehaves one way, with a fake API key that the server echoes back in its error bodies. A row:
the fault, the exit code and the documented one, the seconds it took, the one-line message, and whether the key
was found anywhere (stdout, stderr, the output file, the cache folder's logs). Exits 1 if a row breaks its
documented exit code or bound, or leaks the key.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from summarize.testing import Step, answer, fault_server

ROOT = Path(__file__).resolve().parent.parent


KEY = "sk-fault-table-ECHOED-0123456789abcdef0123"
SAMPLE = ROOT / "tests" / "data" / "samples" / "meta-open-models-b.txt"


@dataclass(frozen=True)
class Fault:
    """One way for a provider to fail, and what the tool promises for it."""

    name: str
    steps: tuple[Step, ...]
    expected_exit: int
    judge: bool = False
    """Exercise the judge (`summarize check`) rather than the summarizer."""


def faults(timeout: float) -> list[Fault]:
    echo = f"Incorrect API key provided: {KEY}"
    return [
        Fault("429", (Step(429, message=f"rate limited ({echo})"),), 10),
        Fault("500", (Step(500, message=f"internal error ({echo})"),), 10),
        Fault("400", (Step(400, message=f"unknown parameter ({echo})"),), 3),
        Fault("401", (Step(401, message=echo),), 9),
        Fault("no-key", (), 9),
        Fault("hang", (Step(200, delay=timeout * 10),), 10),
        Fault("trickle", (Step(200, trickle=1.0),), 10),
        Fault("invalid-json", (Step(200, raw=b"{not json at all"),), 10),
        Fault("truncated", (Step(200, body=answer(None, "length", '{"key_points": [{"text": "Meta')),), 11),
        Fault("empty-answer", (Step(200, body=answer("")),), 3, judge=True),
        Fault("refused", (), 10),
    ]


def run_fault(fault: Fault, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(work / "cache"), "OPENAI_API_KEY": KEY}
        env.pop("SUMMARIZE_MODEL", None)
        if fault.name == "no-key":
            env.pop("OPENAI_API_KEY")
            return _invoke(fault, ["--model", "openai/gpt-4o-mini"], env, work, timeout)
        if fault.name == "refused":
            return _invoke(fault, _hosted(f"http://127.0.0.1:{_free_port()}/v1"), env, work, timeout)
        with fault_server(*fault.steps) as server:
            return _invoke(fault, _hosted(server.url), env, work, timeout)


def _hosted(url: str) -> list[str]:
    return ["--model", "openai/fault-test", "--api-base", url]


def _invoke(fault: Fault, model: list[str], env: dict[str, str], work: Path, timeout: float) -> dict[str, object]:
    summarize = str(Path(sys.executable).parent / "summarize")
    if fault.judge:
        summary = work / "summary.txt"
        summary.write_text("Meta delayed the release of Behemoth.")
        command = [summarize, "check", "-s", str(SAMPLE), str(summary), *model]
    else:
        command = [summarize, str(SAMPLE), *model, "-o", str(work / "out.md")]
    started = time.monotonic()
    result = subprocess.run([*command, "-q", "--timeout", str(timeout)], env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    written = "".join(p.read_text(errors="replace") for p in work.rglob("*") if p.is_file())
    lines = result.stderr.strip().splitlines()
    return {
        "fault": fault.name,
        "exit": result.returncode,
        "expected_exit": fault.expected_exit,
        "seconds": round(seconds, 1),
        "message": lines[-1] if lines else "",
        "one_line": len(lines) == 1 and "Traceback" not in result.stderr,
        "key_found": KEY in result.stdout + result.stderr + written,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def markdown(rows: list[dict[str, object]], bound: float) -> str:
    lines = [
        f"| fault | exit (documented) | seconds (bound {bound:g}) | message | key found anywhere |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        message = str(row["message"]).replace("|", "/")
        message = message if len(message) <= 110 else message[:107] + "..."
        lines.append(
            f"| {row['fault']} | {row['exit']} ({row['expected_exit']}) | {row['seconds']} | {message} | "
            f"{'yes' if row['key_found'] else 'no'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", help="comma-separated fault names (default: all)")
    parser.add_argument("--timeout", type=float, default=10.0, help="the CLI's --timeout for each run")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    options = parser.parse_args()
    chosen = faults(options.timeout)
    if options.faults:
        wanted = options.faults.split(",")
        unknown = set(wanted) - {f.name for f in chosen}
        if unknown:
            parser.error(f"unknown fault(s): {', '.join(sorted(unknown))}")
        chosen = [f for name in wanted for f in chosen if f.name == name]
    bound = options.timeout + 20  # the call's deadline, plus process start-up and the retry policy's waits
    rows = [run_fault(fault, options.timeout) for fault in chosen]
    print(json.dumps(rows, indent=2) if options.json else markdown(rows, bound))
    broken = [r for r in rows if r["exit"] != r["expected_exit"] or r["key_found"] or float(str(r["seconds"])) > bound]
    return 1 if broken or not all(r["one_line"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
