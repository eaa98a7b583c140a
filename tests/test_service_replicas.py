"""The service as processes: killed with SIGKILL and started again, no accepted job is lost or finished twice; two
replicas on one real Postgres (pgserver) share the queue without running a job twice. Slow: real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from summarize.service import AuditEntry, JobStore
from summarize.service._store import NewJob
from summarize.testing import fake_openai

from .conftest import SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"])]
TOKEN = "replica-token-0123456789"
SAMPLE = (SAMPLES / "meta-open-models-b.txt").read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def replica(folder: Path, model_url: str, database: str | None = None) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`summarize serve` in its own process, until the block ends (SIGTERM) or the test kills it."""
    folder.mkdir(parents=True, exist_ok=True)
    tokens = folder / "tokens.txt"
    tokens.write_text(f"tests:{TOKEN}\n")
    tokens.chmod(0o600)
    port = free_port()
    command = [sys.executable, "-m", "summarize", "serve", "--token-file", str(tokens), "--data-dir", str(folder)]
    command += ["--port", str(port), "-m", "openai/stand-in", "--api-base", model_url, "--concurrency", "4"]
    command += ["--lease", "2", "-q", *(["--database", database] if database else [])]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-replica-0123456789abcdef", "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    log = folder / f"serve-{port}.log"
    with log.open("w") as sink:
        # A session of its own: the test can kill the web server and its worker process together.
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=sink, text=True, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url) or process.poll() is not None, 60)
        assert process.poll() is None, log.read_text()
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.1)


def submit(url: str, count: int, offset: int = 0) -> list[str]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    ids = []
    for number in range(offset, offset + count):
        body = {"article": {"text": f"Item {number}. {SAMPLE}"}, "verify": False}
        answer = httpx.post(f"{url}/v1/summaries", json=body, headers=headers, timeout=30)
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["id"])
    return ids


@pytest.fixture
def opened() -> Iterator[list[JobStore]]:
    """Stores the test opens, closed after it (their pooled connections)."""
    stores: list[JobStore] = []
    yield stores
    for store in stores:
        store.close()


def statuses(store: JobStore, ids: list[str]) -> Counter[str]:
    return Counter(job.status for job in (store.get(i) for i in ids) if job is not None)


def test_a_killed_service_loses_no_job_and_finishes_none_twice(tmp_path, opened):
    store = JobStore(f"sqlite:///{tmp_path / 'jobs.db'}")
    opened.append(store)
    with fake_openai(latency=0.3) as model:
        with replica(tmp_path, model.url) as (url, process):
            ids = submit(url, 24)
            wait_until(lambda: statuses(store, ids)["done"] >= 4, 120)
            model.hold()  # the jobs in flight stay in flight until the kill
            os.killpg(process.pid, signal.SIGKILL)  # server and worker: no shutdown, jobs left with their leases
            process.wait()
            model.release()
        assert statuses(store, ids)["running"] >= 1, "the kill caught jobs in flight"
        with replica(tmp_path, model.url):
            wait_until(lambda: statuses(store, ids)["done"] == 24, 180)
    finished = Counter(row["job_id"] for row in store.audit_log() if row["action"] == "done")
    assert finished == dict.fromkeys(ids, 1), "every job finished exactly once"
    retaken = [job for job in (store.get(i) for i in ids) if job is not None and job.attempts > 1]
    assert 1 <= len(retaken) <= 4, "only the jobs in flight at the kill were taken up again"


@pytest.fixture(scope="module")
def postgres(tmp_path_factory) -> Iterator[str]:
    pgserver = pytest.importorskip("pgserver")
    try:
        server = pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    except Exception as error:  # pgserver ships its binaries; a machine where they cannot run skips
        pytest.skip(f"pgserver cannot start a Postgres here: {error}")
    yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    server.cleanup()


def test_workers_on_postgres_never_take_the_same_row(postgres, opened):
    store = JobStore(postgres)
    opened.append(store)
    store.create_tables()
    key = f"settings-{time.time()}"
    for number in range(80):
        new = NewJob("summary", json.dumps({"n": number}), f"d{number}", f"{key}-{number}", key, "tests")
        store.submit(new, AuditEntry("accepted", "tests"))
    taken: list[str] = []

    def worker(name: str) -> None:
        while (job := store.claim(name, key, lease=60)) is not None:
            taken.append(job.id)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 80 and len(set(taken)) == 80


def test_two_replicas_on_one_postgres_share_the_queue_without_running_a_job_twice(tmp_path, postgres, opened):
    store = JobStore(postgres)
    opened.append(store)
    with fake_openai(latency=0.2) as model:
        with replica(tmp_path / "a", model.url, postgres) as (first, _), replica(tmp_path / "b", model.url, postgres):
            ids = submit(first, 40, offset=1000)
            wait_until(lambda: statuses(store, ids)["done"] == 40, 180)
    done = [row for row in store.audit_log() if row["action"] == "done" and row["job_id"] in ids]
    assert Counter(row["job_id"] for row in done) == dict.fromkeys(ids, 1)
    replicas = Counter(row["detail"].split("replica ")[1].split(",")[0] for row in done)
    assert len(replicas) == 2, f"both replicas ran jobs: {replicas}"
