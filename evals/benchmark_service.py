"""Load and fault runs of `summarize serve` against a stand-in model server that answers after 0.5 s.

    python evals/benchmark_service.py                         # all runs below (about 15-25 minutes on 2 cores)
    python evals/benchmark_service.py --runs load              # one run: load, memory, kill, read-only, postgres

- load: CLIENTS concurrent clients post JOBS summary jobs to one service with `--concurrency 16`, as a burst
  (each client posts again as soon as it is answered) and paced (each client once a second); the time to
  accept each job (202), jobs per second against the stand-in's limit (concurrency / model calls per job / latency),
  and every job finished exactly once (one `done` row per job in the audit log, one attempt each).
- memory: MEMORY_JOBS jobs through one service; its resident memory as they finish.
- kill: SIGKILL to the service's processes (web server and worker) while jobs run, then a restart: every
  accepted job finished, none twice (the jobs in flight are taken up again once their lease, 10 s, runs out).
- read-only: the database made read-only (`chattr +i`, which binds root too) before a start (one line, exit 2)
  and while running (requests answered 503, one log line, the service recovers when the file is writable again).
- postgres: two replicas on one real Postgres (pgserver): the queue shared, no job finished twice.

The service runs in its own process (`python -m summarize serve`), as in production; the clients and the stand-in
run in this one. Figures go to stdout and to evals/benchmark-service.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from summarize.service import JobStore, sqlite_url
from summarize.testing import FakeOpenAI, fake_openai

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "tests" / "data" / "samples" / "meta-open-models-b.txt").read_text(encoding="utf-8")
ARTICLE = "\n\n".join([p for p in SAMPLE.split("\n\n") if len(p) > 200][:3])  # a short wire story
TOKEN = "benchmark-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
LATENCY = 0.5


@dataclass
class Service:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def service(folder: Path, model: str, *, database: str | None = None, concurrency: int = 16) -> Iterator[Service]:
    """`summarize serve` in its own process until the block ends (SIGTERM), unless it was killed meanwhile."""
    running = start(folder, model, database=database, concurrency=concurrency)
    try:
        yield running
    finally:
        stop(running)


def start(folder: Path, model: str, *, database: str | None = None, concurrency: int = 16) -> Service:
    folder.mkdir(parents=True, exist_ok=True)
    tokens = folder / "tokens.txt"
    tokens.write_text(f"benchmark:{TOKEN}\n")
    tokens.chmod(0o600)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "summarize", "serve", "--token-file", str(tokens), "--data-dir", str(folder)]
    command += ["--port", str(port), "-m", "openai/stand-in", "--api-base", model, "--concurrency", str(concurrency)]
    command += ["--rate-limit", "1000000", "--lease", "10", *(["--database", database] if database else [])]
    env = {**os.environ, "OPENAI_API_KEY": "sk-benchmark-0123456789abcdef", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    log = folder / f"serve-{port}.log"
    with log.open("ab") as sink:  # a session of its own: a fault run kills the server and its worker together
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=sink, start_new_session=True)
    running = Service(f"http://127.0.0.1:{port}", process, log)
    wait_until(lambda: healthy(running) or process.poll() is not None, 120)
    if process.poll() is not None:
        raise SystemExit(f"the service did not start:\n{log.read_text()}")
    return running


def stop(running: Service) -> None:
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGTERM)
        running.process.wait(timeout=60)


def healthy(running: Service) -> bool:
    try:
        return httpx.get(f"{running.url}/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(condition: Callable[[], bool], seconds: float, every: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"not within {seconds} s")
        time.sleep(every)


async def post_jobs(
    url: str, count: int, clients: int, offset: int = 0, every: float | None = None
) -> list[tuple[str, float]]:
    """`clients` concurrent clients posting `count` distinct jobs; each job's id and time to be accepted.

    With `every`, each client posts once every `every` seconds (a paced arrival rate of clients / every per second,
    the clients' starts spread over the first interval); without it, each posts its next job as soon as the last
    was accepted (a burst: the time to accept then includes waiting behind the other clients' requests).
    """
    numbers: asyncio.Queue[int] = asyncio.Queue()
    for number in range(offset, offset + count):
        numbers.put_nowait(number)
    accepted: list[tuple[str, float]] = []
    # aiohttp, not httpx, for the clients: httpx's pool costs more CPU than the service under 50 connections.
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(url, headers=HEADERS, connector=connector) as session:

        async def one_client(position: int) -> None:
            if every is not None:
                await asyncio.sleep(every * position / clients)
            while not numbers.empty():
                number = numbers.get_nowait()
                body = {"article": {"text": f"Bulletin {number}.\n\n{ARTICLE}"}}
                started = time.perf_counter()
                async with session.post("/v1/summaries", json=body) as answer:
                    document = await answer.json(content_type=None)
                seconds = time.perf_counter() - started
                if answer.status != 202:
                    raise SystemExit(f"job {number}: {answer.status} {document}")
                accepted.append((document["id"], seconds))
                if every is not None:
                    await asyncio.sleep(max(0.0, every - seconds))

        await asyncio.gather(*(one_client(n) for n in range(clients)))
    return accepted


def statuses(store: JobStore) -> Counter[str]:
    return Counter(store.counts())


def done_once(store: JobStore, ids: list[str]) -> dict[str, Any]:
    """How many of the jobs finished, and whether any finished more than once (the audit log's `done` rows)."""
    finished = Counter(row["job_id"] for row in store.audit_log() if row["action"] == "done")
    attempts = Counter(job.attempts for job in (store.get(i) for i in ids) if job is not None)
    return {
        "jobs": len(ids),
        "done": sum(1 for i in ids if finished[i] >= 1),
        "done_twice_or_more": sum(1 for i in ids if finished[i] > 1),
        "lost": sum(1 for i in ids if finished[i] == 0),
        "attempts": dict(sorted(attempts.items())),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def calls_per_job(model: FakeOpenAI, jobs: int) -> float:
    return len(model.arrivals) / jobs


def rss_mib(pid: int) -> dict[str, float]:
    """Resident memory of the service: its web server (`pid`) and its worker (the child process)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {"server": _rss(pid), "worker": round(sum(_rss(int(child)) for child in children), 1)}


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run_load(folder: Path, jobs: int, clients: int, concurrency: int) -> dict[str, Any]:
    with fake_openai(latency=LATENCY) as model, service(folder, model.url, concurrency=concurrency) as running:
        warm_up(running, folder)
        model.arrivals.clear()
        store = JobStore(sqlite_url(folder))
        started = time.monotonic()
        burst = asyncio.run(post_jobs(running.url, jobs, clients))
        posting = time.monotonic() - started
        wait_until(lambda: statuses(store)["done"] >= jobs + 1, 1800, every=0.5)
        seconds = time.monotonic() - started
        per_job = calls_per_job(model, jobs)
        paced = asyncio.run(post_jobs(running.url, jobs, clients, offset=jobs, every=1.0))
        wait_until(lambda: statuses(store)["done"] >= 2 * jobs + 1, 1800, every=0.5)
        once = done_once(store, [i for i, _ in burst + paced])
        store.close()
    return {
        "jobs": jobs,
        "clients": clients,
        "concurrency": concurrency,
        "accept_ms_burst": latencies(burst),
        "accept_ms_paced_50_per_second": latencies(paced),
        "posting_seconds_burst": round(posting, 1),
        "seconds_to_finish_burst": round(seconds, 1),
        "jobs_per_second": round(jobs / seconds, 2),
        "model_calls_per_job": round(per_job, 2),
        "stand_in_limit_jobs_per_second": round(concurrency / (per_job * LATENCY), 2),
        "exactly_once_burst_and_paced": once,
        "load_average_1min_at_end": os.getloadavg()[0],
    }


def latencies(accepted: list[tuple[str, float]]) -> dict[str, float]:
    waits = [seconds * 1000 for _, seconds in accepted]
    return {name: round(percentile(waits, share), 1) for name, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0))}


def warm_up(running: Service, folder: Path) -> None:
    """One job first: the service's first job loads the sentence splitter and spaCy (seconds), not a load figure."""
    answer = httpx.post(f"{running.url}/v1/summaries", json={"article": {"text": ARTICLE}}, headers=HEADERS)
    job_id = answer.json()["id"]
    wait_until(lambda: finished(running, job_id), 300)


def finished(running: Service, job_id: str) -> bool:
    job = httpx.get(f"{running.url}/v1/jobs/{job_id}", headers=HEADERS, timeout=30).json()
    if job["status"] in ("failed", "cancelled"):
        raise SystemExit(f"job {job_id} {job['status']}: {job['error']}")
    return bool(job["status"] == "done")


def run_memory(folder: Path, jobs: int, clients: int, concurrency: int) -> dict[str, Any]:
    samples: list[tuple[int, dict[str, float]]] = []
    with fake_openai(latency=LATENCY) as model, service(folder, model.url, concurrency=concurrency) as running:
        warm_up(running, folder)
        store = JobStore(sqlite_url(folder))
        started = time.monotonic()
        accepted = asyncio.run(post_jobs(running.url, jobs, clients))

        def sample() -> bool:
            done = statuses(store)["done"] - 1
            samples.append((done, rss_mib(running.process.pid)))
            return done >= jobs

        wait_until(sample, 3600, every=2)
        seconds = time.monotonic() - started
        once = done_once(store, [i for i, _ in accepted])
        store.close()
    marks = {}
    for target in (jobs // 10, jobs // 4, jobs // 2, 3 * jobs // 4, jobs):
        marks[str(target)] = next(rss for done, rss in samples if done >= target)
    return {"jobs": jobs, "seconds": round(seconds, 1), "rss_mib_at_done": marks, "exactly_once": once}


def run_kill(folder: Path, jobs: int, clients: int, concurrency: int) -> dict[str, Any]:
    with fake_openai(latency=LATENCY) as model:
        running = start(folder, model.url, concurrency=concurrency)
        warm_up(running, folder)
        store = JobStore(sqlite_url(folder))
        accepted = asyncio.run(post_jobs(running.url, jobs, clients))
        wait_until(lambda: statuses(store)["done"] >= jobs // 4, 600)
        in_flight = statuses(store)["running"]
        os.killpg(running.process.pid, signal.SIGKILL)  # the web server and its worker, without warning
        running.process.wait()
        killed_at = statuses(store)
        restarted = time.monotonic()
        with service(folder, model.url, concurrency=concurrency):
            wait_until(lambda: statuses(store)["done"] >= jobs + 1, 1800)
            recovery = time.monotonic() - restarted
        once = done_once(store, [i for i, _ in accepted])
        store.close()
    return {
        "jobs": jobs,
        "at_the_kill": dict(killed_at),
        "running_at_the_kill": in_flight,
        "seconds_to_finish_after_restart": round(recovery, 1),
        "exactly_once": once,
    }


def run_read_only(folder: Path) -> dict[str, Any]:
    if shutil.which("chattr") is None:
        return {"skipped": "no chattr here"}
    database = folder / "jobs.db"
    with fake_openai(latency=LATENCY) as model:
        with service(folder, model.url, concurrency=2) as running:
            warm_up(running, folder)
            files = [p for p in folder.glob("jobs.db*")]
            subprocess.run(["chattr", "+i", *map(str, files)], check=True)
            try:
                refused = httpx.post(f"{running.url}/v1/summaries", json={"article": {"text": "A new one. " + ARTICLE}},
                                     headers=HEADERS, timeout=60)  # fmt: skip
                ready = httpx.get(f"{running.url}/v1/ready", timeout=10)
                time.sleep(5)  # the worker meets the error on every poll meanwhile
                alive = healthy(running)
            finally:
                subprocess.run(["chattr", "-i", *map(str, files)], check=True)
            recovered = httpx.post(f"{running.url}/v1/summaries", json={"article": {"text": "Again. " + ARTICLE}},
                                   headers=HEADERS, timeout=60)  # fmt: skip
            wait_until(lambda: finished(running, recovered.json()["id"]), 120)
        log = running.log.read_text()
        subprocess.run(["chattr", "+i", str(database)], check=True)
        try:
            refused_start = subprocess.run(
                [sys.executable, "-m", "summarize", "serve", "--no-auth", "--data-dir", str(folder), "-m", "openai/x"],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
        finally:
            subprocess.run(["chattr", "-i", str(database)], check=True)
    return {
        "while_running": {
            "post_status": refused.status_code,
            "post_problem": refused.json().get("detail"),
            "ready_status": ready.status_code,
            "health_after_5_s": alive,
            "log_lines_naming_the_error": sum("cannot write to the job database" in line for line in log.splitlines()),
            "after_writable_again": recovered.status_code,
        },
        "at_start": {
            "exit_code": refused_start.returncode,
            "stderr": refused_start.stderr.strip(),
            "stderr_lines": len(refused_start.stderr.strip().splitlines()),
        },
    }


def run_postgres(folder: Path, jobs: int, clients: int, concurrency: int) -> dict[str, Any]:
    try:
        import pgserver
    except ImportError:
        return {"skipped": "pgserver is not installed (pip install pgserver==0.1.4)"}
    (folder / "postgres").mkdir(parents=True)
    server = pgserver.get_server(folder / "postgres", cleanup_mode="stop")
    url = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        with fake_openai(latency=LATENCY) as model:
            with (
                service(folder / "a", model.url, database=url, concurrency=concurrency) as first,
                service(folder / "b", model.url, database=url, concurrency=concurrency) as second,
            ):
                store = JobStore(url)
                started = time.monotonic()
                halves = (
                    asyncio.run(post_jobs(first.url, jobs // 2, clients // 2)),
                    asyncio.run(post_jobs(second.url, jobs - jobs // 2, clients // 2, offset=jobs)),
                )
                accepted = halves[0] + halves[1]
                wait_until(lambda: statuses(store)["done"] >= jobs, 1800)
                seconds = time.monotonic() - started
        done = [r for r in store.audit_log() if r["action"] == "done"]
        replicas = Counter(r["detail"].split("replica ")[1].split(",")[0] for r in done)
        once = done_once(store, [i for i, _ in accepted])
        store.close()
    finally:
        server.cleanup()
    return {
        "jobs": jobs,
        "replicas": 2,
        "seconds": round(seconds, 1),
        "jobs_per_second": round(jobs / seconds, 2),
        "accept_ms_burst": latencies(accepted),
        "jobs_per_replica": sorted(replicas.values()),
        "exactly_once": once,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="load,memory,kill,read-only,postgres")
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--memory-jobs", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "benchmark-service.json")
    options = parser.parse_args()
    figures: dict[str, Any] = json.loads(options.out.read_text()) if options.out.exists() else {}
    with tempfile.TemporaryDirectory(prefix="summarize-service-") as scratch:
        root = Path(scratch)
        runs: dict[str, Callable[[], dict[str, Any]]] = {
            "load": lambda: run_load(root / "load", options.jobs, options.clients, options.concurrency),
            "memory": lambda: run_memory(root / "memory", options.memory_jobs, options.clients, options.concurrency),
            "kill": lambda: run_kill(root / "kill", options.jobs, options.clients, options.concurrency),
            "read-only": lambda: run_read_only(root / "read-only"),
            "postgres": lambda: run_postgres(root / "postgres", options.jobs, options.clients, options.concurrency),
        }
        for name in options.runs.split(","):
            started = time.monotonic()
            figures[name] = runs[name]()
            figures[name]["run_seconds"] = round(time.monotonic() - started, 1)
            print(f"== {name}\n{json.dumps(figures[name], indent=2)}", flush=True)
            options.out.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
