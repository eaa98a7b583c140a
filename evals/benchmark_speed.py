"""Where users wait, measured on this machine with the embedded model: the commands as a user runs them.

    python evals/benchmark_speed.py [--runs 3] [--only article,check,eval,story,concurrent,orders]

Each timed command runs in a fresh process (`python -m summarize ...`, this checkout), against a server in the
state the case names, with its prompt cache cold (a fresh server per run, warmed by one tiny request), so that no
run finds the previous run's prompts cached:

- article: `summarize ARTICLE --no-verify` on sample c with no server running; with a server left by an earlier
  command (which summarized sample b); on `summarize model serve` (which also summarized b first).
- check: `summarize check` of sample c's summary (evals/samples/summary-c.json: its key points copy their
  sentences, so no judge call) and of sample a's (one judge call).
- eval: `summarize eval` over FRANK development items whose claims share their articles (`--sample 10 --seed 0
  --by-doc`: 10 summaries of 2 articles); its own per-item seconds, per claim.
- story: `summarize story` on the four samples.
- concurrent: two commands started at once with no server running (samples b and c): one server, the memory of
  everything.
- orders: the judge's recorded requests for the eval items, replayed in the order eval asks them (item by item:
  whole document, then window) and in article order (every whole-document question of an article, then the
  windows), against today's server (llama-cpp-python's own, log-probabilities by `logits_all`, one prompt state)
  and the new one (no `logits_all`) without and with its cache of prompt states; the answers compared with the
  recorded ones.

For every command: wall seconds (median, min, max over --runs), the prompt tokens the server actually evaluated
per call (llama.cpp's own counters: a cached prefix is not evaluated) beside the tokens the requests held, and the
peak resident memory of everything running (the server and the command's processes, sampled every 0.2 s).
Writes evals/benchmark-speed.json; the cases not named in --only keep their earlier figures there, each case with
its own date, runs and load. Uses its own cache folder (the assembled model linked, not copied) and port,
so a user's server is never touched. Timings on a shared 2-core machine are noisy: say what else ran.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {letter: ROOT / f"tests/data/samples/meta-open-models-{letter}.txt" for letter in "abcd"}
FRANK = ROOT / "evals/data/frank_valid.jsonl"
EVAL_SELECTION = ["--sample", "10", "--seed", "0", "--by-doc"]
CASES = ("article", "check", "eval", "story", "concurrent", "orders")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(CASES), help=f"comma-separated cases ({', '.join(CASES)})")
    parser.add_argument("--port", type=int, default=18790)
    parser.add_argument("--orders-per-doc", type=int, default=3, help="eval items per article in the orders case")
    parser.add_argument("--out", default=str(ROOT / "evals/benchmark-speed.json"))
    args = parser.parse_args()
    cases = [c for c in args.only.split(",") if c]
    if unknown := set(cases) - set(CASES):
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    bench = Bench(args.port)
    report = earlier_cases(Path(args.out), cases)
    report |= {"cores": os.cpu_count()}
    try:
        for case in cases:
            started, load = time.monotonic(), os.getloadavg()
            report[case] = CASE_RUNNERS[case](bench, args)
            report[case] |= {"case_seconds": round(time.monotonic() - started), "runs": args.runs}
            report[case] |= {"measured": time.strftime("%Y-%m-%d"), "load_before": load, "load_after": os.getloadavg()}
            print(json.dumps({case: report[case]}, indent=2), flush=True)
    finally:
        bench.stop()
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print("\n".join(summary_lines(report)))


def earlier_cases(path: Path, running: list[str]) -> dict[str, Any]:
    """The cases of an earlier report that this run does not measure again, each with its own runs and load."""
    if not path.exists():
        return {}
    earlier = json.loads(path.read_text())
    kept = {case: found for case, found in earlier.items() if case in CASES and case not in running}
    for found in kept.values():
        found.setdefault("runs", earlier.get("runs"))
        found.setdefault("load_before", earlier.get("load_before"))
    return kept


class Bench:
    """A private cache folder and port; the commands run in fresh processes of this checkout."""

    def __init__(self, port: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="summarize-speed-"))
        self.env = {
            **os.environ,
            "SUMMARIZE_CACHE_DIR": str(self.folder / "cache"),
            "SUMMARIZE_SUMMARIZER_PORT": str(port),
            "PYTHONPATH": str(ROOT),
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        }
        os.environ.update({k: self.env[k] for k in ("SUMMARIZE_CACHE_DIR", "SUMMARIZE_SUMMARIZER_PORT")})
        (self.folder / "cache").mkdir()
        from summarize.llm import MODEL_NAME

        assembled = Path.home() / ".cache/summarize" / f"{MODEL_NAME}.gguf"
        if assembled.exists():  # link the user's assembled model: joining it again costs 1.1 GB and a minute
            (self.folder / "cache" / assembled.name).symlink_to(assembled)
        self.port = port

    def command(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "summarize", *arguments]

    def run(self, *arguments: str, findings: bool = False) -> dict[str, Any]:
        """Run a command; its wall time, peak memory of everything, and what the server evaluated meanwhile.
        `findings`: exit 1 (a claim flagged, disagreements found) is the command's result, not a failure."""
        before = self.status()
        with MemoryPeak(self.server_pid) as peak:
            started = time.monotonic()
            process = subprocess.Popen(self.command(*arguments), env=self.env, stdout=subprocess.PIPE, text=True)
            peak.watch(process.pid)
            out, _ = process.communicate()
            seconds = time.monotonic() - started
        if process.returncode not in ((0, 1) if findings else (0,)):
            raise RuntimeError(f"{' '.join(arguments)} exited {process.returncode}")
        after = self.status()
        return {"seconds": seconds, "peak_bytes": peak.bytes, "output": out, **evaluated(before, after)}

    def status(self) -> dict[str, Any] | None:
        from summarize.llm import server_status

        return server_status()

    def server_pid(self) -> int | None:
        status = self.status()
        return int(status["pid"]) if status else None

    def stop(self) -> None:
        from summarize.llm import stop_server

        stop_server()

    def fresh_server(self) -> None:
        """A new server, its model loaded and warmed by one tiny request; no prompt of the benchmark cached."""
        self.stop()
        from summarize.llm import LLM, ModelConfig

        LLM(ModelConfig()).complete([{"role": "user", "content": "Hi"}], max_tokens=1)


def evaluated(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """The server's counters over a command: requests, prompt tokens evaluated (and per request)."""
    if after is None:
        return {}
    start = before if before is not None and before.get("pid") == after.get("pid") else {}
    requests = after["requests"] - start.get("requests", 0)
    tokens = after["prompt_tokens_evaluated"] - start.get("prompt_tokens_evaluated", 0)
    return {
        "requests": requests,
        "prompt_tokens_evaluated": tokens,
        "evaluated_per_request": round(tokens / requests) if requests else None,
    }


class MemoryPeak:
    """The highest sum of resident memory of the server and of the watched processes and their children."""

    def __init__(self, server_pid: Callable[[], int | None]) -> None:
        self.server_pid = server_pid
        self.roots: list[int] = []
        self.bytes = 0
        self._done = threading.Event()

    def watch(self, pid: int) -> None:
        self.roots.append(pid)

    def __enter__(self) -> MemoryPeak:
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()

    def _sample(self) -> None:
        server = None
        while not self._done.wait(0.2):
            server = server or _quietly(self.server_pid)
            pids = set(descendants(self.roots)) | ({server} if server else set())
            self.bytes = max(self.bytes, sum(resident(pid) for pid in pids))


def _quietly(get: Callable[[], int | None]) -> int | None:
    try:
        return get()
    except Exception:  # the server may be starting
        return None


def descendants(roots: list[int]) -> list[int]:
    """The processes and all their children (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def resident(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def spread(values: list[float], digits: int = 1) -> dict[str, Any]:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "all": [round(v, digits) for v in values],
    }


def summarized(results: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Median and spread of a command's runs, with the server's tokens and the memory."""
    found: dict[str, Any] = {"seconds": spread([r["seconds"] for r in results])}
    found["peak_gb"] = round(max(r["peak_bytes"] for r in results) / 2**30, 2)
    for key in ("requests", "prompt_tokens_evaluated", "evaluated_per_request"):
        if all(r.get(key) is not None for r in results):
            found[key] = statistics.median(r[key] for r in results)
    return found | extra


def article_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    article, earlier = str(SAMPLES["c"]), str(SAMPLES["b"])
    fresh, left, served = [], [], []
    for _ in range(args.runs):
        bench.stop()
        fresh.append(bench.run(article, "--no-verify", "--no-cache", "--json", "-q"))
        bench.stop()
        bench.run(earlier, "--no-verify", "--no-cache", "-q")  # the earlier command: it starts the server and leaves it
        left.append(bench.run(article, "--no-verify", "--no-cache", "--json", "-q"))
        bench.stop()
        with model_serve(bench):
            bench.run(earlier, "--no-verify", "--no-cache", "-q")
            served.append(bench.run(article, "--no-verify", "--no-cache", "--json", "-q"))
    requested = [json.loads(r["output"])["usage"]["prompt_tokens"] for r in left]
    cases = {"fresh_no_server": fresh, "server_left_by_earlier_command": left, "model_serve": served}
    found = {name: summarized(results) for name, results in cases.items()}
    found["prompt_tokens_requested"] = statistics.median(requested)
    ratio = found["server_left_by_earlier_command"]["seconds"]["median"] / found["model_serve"]["seconds"]["median"]
    found["left_over_model_serve"] = round(ratio, 2)
    return found


@contextlib.contextmanager
def model_serve(bench: Bench) -> Iterator[None]:
    serve = subprocess.Popen(bench.command("model", "serve"), env=bench.env, stderr=subprocess.PIPE, text=True)
    try:
        assert serve.stderr is not None
        while "serving at" not in serve.stderr.readline():
            if serve.poll() is not None:
                raise RuntimeError("summarize model serve exited")
        yield
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def check_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    """Sample c's summary (its key points copy their sentences: no judge call), and sample a's (one call)."""
    found = {}
    for letter in "ca":
        results = []
        for _ in range(args.runs):
            bench.fresh_server()
            summary = str(ROOT / f"evals/samples/summary-{letter}.json")
            results.append(bench.run("check", "-s", str(SAMPLES[letter]), summary, "-q", findings=True))
        found[f"summary_{letter}"] = summarized(results)
    return found


def eval_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    results, per_claim, per_item, claims = [], [], [], 0
    for run in range(args.runs):
        bench.fresh_server()
        out = bench.folder / f"eval-{run}"
        results.append(bench.run("eval", str(FRANK), *EVAL_SELECTION, "--out", str(out), "-q", "--no-progress"))
        predictions = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
        claims = sum(len(p["claims"]) for p in predictions)
        seconds = sum(p["usage"]["seconds"] for p in predictions)
        per_item.append(seconds / len(predictions))
        per_claim.append(seconds / claims)
        scores = [p["score"] for p in predictions]
    return summarized(
        results,
        items=len(predictions),
        claims=claims,
        seconds_per_item=spread(per_item),
        seconds_per_claim=spread(per_claim),
        scores_of_last_run=scores,
    )


def story_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    results, engine = [], []
    for _ in range(args.runs):
        bench.fresh_server()
        result = bench.run("story", *(str(SAMPLES[letter]) for letter in "abcd"), "--json", "-q", findings=True)
        engine.append(json.loads(result["output"])["usage"]["seconds"])
        results.append(result)
    usage = json.loads(results[-1]["output"])["usage"]
    return summarized(
        results, engine_seconds=spread(engine), calls=usage["calls"], prompt_tokens=usage["prompt_tokens"]
    )


def concurrent_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    for _ in range(args.runs):
        bench.stop()
        with MemoryPeak(bench.server_pid) as peak:
            started = time.monotonic()
            commands = [
                subprocess.Popen(bench.command(str(SAMPLES[x]), "--no-verify", "--no-cache", "-q"), env=bench.env)
                for x in "bc"
            ]
            for command in commands:
                peak.watch(command.pid)
            codes = [command.wait() for command in commands]
            seconds = time.monotonic() - started
        runs.append({"seconds": seconds, "peak_bytes": peak.bytes, "exit_codes": codes, "servers": servers(bench)})
    return {
        "seconds_both": spread([r["seconds"] for r in runs]),
        "peak_gb": round(max(r["peak_bytes"] for r in runs) / 2**30, 2),
        "exit_codes": [r["exit_codes"] for r in runs],
        "servers_running_after": [r["servers"] for r in runs],
    }


def servers(bench: Bench) -> int:
    """How many embedded servers of this benchmark's cache folder run."""
    found = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            text = cmdline.read_bytes().decode(errors="replace")
            found += "summarize.llm._server_process" in text and str(bench.folder) in text
    return found


def orders_case(bench: Bench, args: argparse.Namespace) -> dict[str, Any]:
    """The recorded judge requests of the eval items in two orders, on today's server and the new one."""
    documents = recorded_requests(args.orders_per_doc)
    orders = {
        "item": [r for doc in documents for r in doc],
        "article": [r for doc in documents for r in by_article(doc)],
    }
    found: dict[str, Any] = {"requests": len(orders["item"]), "documents": len(documents)}
    answers: dict[str, dict[int, float]] = {}
    for server in ("today", "new_without_cache", "new_with_cache"):
        for name, requests in orders.items():
            bench.stop()
            with replay_server(bench, server) as (ask, counters):
                before = counters()
                run, answers[f"{server}/{name}"] = replay(ask, requests)
                found[f"{server}/{name}_order"] = run | evaluated(before, counters())
    reference = answers["today/item"]
    found["p_yes_max_difference_from_today_item_order"] = {
        run: round(max(abs(p - reference[key]) for key, p in found_p.items()), 6) for run, found_p in answers.items()
    }
    return found


def recorded_requests(per_doc: int) -> list[list[dict[str, Any]]]:
    """Per article, the judge requests `summarize eval` makes for its first `per_doc` items, in the order it makes
    them, with the recorded answers: the eval replayed from the frank-valid recording, its calls listened to."""
    from summarize import Settings
    from summarize.eval import load_dataset, run_eval, select
    from summarize.llm import LLM, MODEL_NAME

    samples, _ = load_dataset(str(FRANK))
    chosen = select(samples, sample=10, seed=0, limit=None, by_doc=True)
    by_doc: dict[str, list[Any]] = {}
    for item in chosen:
        by_doc.setdefault(item.doc, []).append(item)
    heard: list[dict[str, Any]] = []
    asked = LLM.next_token_logprobs

    def listen(self: Any, messages: list[dict[str, str]]) -> Any:
        table, text, usage = asked(self, messages)
        body = {"model": MODEL_NAME, "messages": messages, "max_tokens": 1, "logprobs": True, "top_logprobs": 10}
        heard.append({"body": body | {"temperature": 0.0, "seed": 0}, "p_yes": p_yes(table or {}), "text": text})
        return table, text, usage

    documents = []
    with tempfile.TemporaryDirectory() as folder:
        LLM.next_token_logprobs = listen  # type: ignore[method-assign]
        try:
            for number, items in enumerate(by_doc.values()):
                dataset = Path(folder) / f"doc-{number}.jsonl"
                rows = [{"id": i.id, "doc": i.doc, "claim": i.claim, "label": i.label} for i in items[:per_doc]]
                dataset.write_text("".join(json.dumps(row) + "\n" for row in rows))
                settings = Settings(recordings=ROOT / "cassettes/evals")
                run_eval(
                    dataset, Path(folder) / f"run-{number}", settings=settings, replay="frank-valid", progress=False
                )
                documents.append([r | {"key": len(heard) * 1000 + n} for n, r in enumerate(heard)])
                heard.clear()
        finally:
            LLM.next_token_logprobs = asked  # type: ignore[method-assign]
    return documents


def by_article(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every question on the whole article first (the most frequent system message), then the windows."""
    systems = [r["body"]["messages"][0]["content"] for r in requests]
    whole = max(set(systems), key=systems.count)
    return [r for r in requests if r["body"]["messages"][0]["content"] == whole] + [
        r for r in requests if r["body"]["messages"][0]["content"] != whole
    ]


Ask = Callable[[dict[str, Any]], dict[str, Any]]


@contextlib.contextmanager
def replay_server(bench: Bench, kind: str) -> Iterator[tuple[Ask, Callable[[], dict[str, Any] | None]]]:
    """A server of `kind` on a port of its own, warmed by one tiny request; a function that posts a chat
    completion to it, and one that reads its counters (the new server's; None from today's)."""
    from summarize.llm import MODEL_NAME, model_path

    path, port, secret = model_path(), bench.port + 1, "benchmark"
    model = {"model": str(path), "n_ctx": 8192, "n_threads": os.cpu_count(), "n_batch": 512, "verbose": False}
    settings = bench.folder / f"{kind}.json"
    if kind == "today":  # llama-cpp-python's own server as the tool ran it: logits_all, one prompt state
        settings.write_text(json.dumps({"host": "127.0.0.1", "port": port, "models": [
            model | {"model_alias": MODEL_NAME, "logits_all": True}
        ]}))  # fmt: skip
        command = [sys.executable, "-m", "llama_cpp.server", "--config_file", str(settings)]
    else:
        cache = {"cache": kind == "new_with_cache", "cache_type": "ram", "cache_size": 512 * 2**20}
        llama = {"model": model | {"logits_all": False} | cache, "aliases": [MODEL_NAME]}
        config = {"host": "127.0.0.1", "port": port, "secret": secret, "idle_seconds": None,
                  "state_file": str(bench.folder / "unused.json"), "llama": llama}  # fmt: skip
        settings.write_text(json.dumps(config))
        command = [sys.executable, "-m", "summarize.llm._server_process", str(settings)]
    process = subprocess.Popen(command, env=bench.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def call(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
        )
        with urllib.request.urlopen(request, timeout=900) as response:
            return dict(json.load(response))

    def ask(body: dict[str, Any]) -> dict[str, Any]:
        return call("/v1/chat/completions", body)

    def counters() -> dict[str, Any] | None:
        return None if kind == "today" else call("/summarize/status")

    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                ask({"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1})
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(1)
        yield ask, counters
    finally:
        process.terminate()
        process.wait(timeout=30)


def replay(ask: Ask, requests: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[int, float]]:
    """Time each request; compare its P(Yes) with the recorded answer's; P(Yes) by request (its `key`)."""
    seconds, differences, flipped, found = [], [], 0, {}
    for request in requests:
        started = time.monotonic()
        answer = ask(request["body"])
        seconds.append(time.monotonic() - started)
        found[request["key"]] = p_yes(_table(answer))
        differences.append(abs(found[request["key"]] - request["p_yes"]))
        flipped += _text(answer).strip() != request["text"].strip()
    return {
        "seconds": round(sum(seconds), 1),
        "per_request": spread(seconds, 2),
        "p_yes_max_difference_from_recorded": round(max(differences), 4),
        "p_yes_median_difference_from_recorded": round(statistics.median(differences), 4),
        "answers_differing_from_recorded": flipped,
    }, found


def p_yes(table: dict[str, float]) -> float:
    """P(Yes) / (P(Yes) + P(No)) over the answer's alternatives, as the judge reads it."""
    yes = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "yes")
    no = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "no")
    return yes / (yes + no) if yes + no else 0.0


def _table(answer: dict[str, Any]) -> dict[str, float]:
    content = answer["choices"][0]["logprobs"]["content"][0]
    return {t["token"]: t["logprob"] for t in content["top_logprobs"]}


def _text(answer: dict[str, Any]) -> str:
    return str(answer["choices"][0]["message"]["content"])


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The headline figures, one line each."""
    lines = []
    for case in CASES:
        if case in report:
            found = report[case]
            when = f"{found.get('measured', 'earlier')}, {found['runs']} run(s), load {found['load_before'][0]:.1f}"
            lines.append(f"{case} ({when}): {json.dumps(_headline(case, found))}")
    return lines


def _headline(case: str, found: dict[str, Any]) -> Any:
    if case == "article":
        return {k: v["seconds"]["median"] for k, v in found.items() if isinstance(v, dict) and "seconds" in v} | {
            "left_over_model_serve": found["left_over_model_serve"]
        }
    if case == "eval":
        return {"seconds_per_claim": found["seconds_per_claim"]["median"], "peak_gb": found["peak_gb"]}
    if case == "orders":
        return {k: v["seconds"] for k, v in found.items() if isinstance(v, dict) and "seconds" in v}
    if case == "check":
        return {k: {"seconds": v["seconds"]["median"], "requests": v.get("requests")} for k, v in found.items()
                if isinstance(v, dict)}  # fmt: skip
    if case == "concurrent":
        return {"seconds_both": found["seconds_both"]["median"], "peak_gb": found["peak_gb"]}
    return {"seconds": found["seconds"]["median"], "peak_gb": found["peak_gb"]}


CASE_RUNNERS: dict[str, Callable[[Bench, argparse.Namespace], dict[str, Any]]] = {
    "article": article_case,
    "check": check_case,
    "eval": eval_case,
    "story": story_case,
    "concurrent": concurrent_case,
    "orders": orders_case,
}


if __name__ == "__main__":
    main()
