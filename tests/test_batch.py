"""Batch runs against a loopback OpenAI-compatible server: streamed inputs, resume, nothing lost or doubled."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import SCHEMA_VERSION, InputError, ModelConfig, Settings, batch, resolve_settings
from summarize.batch import read_items
from summarize.batch._ray import INSTALL_HINT
from summarize.cli import cli
from summarize.llm import NO_WAIT, RetryPolicy
from summarize.testing import fake_openai

from .conftest import ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
SAMPLE = (ROOT / "tests" / "data" / "samples" / "meta-open-models-b.txt").read_text()


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-batch-0123456789abcdef")


def items_file(tmp_path: Path, count: int, bad_at: int | None = None) -> Path:
    path = tmp_path / "items.jsonl"
    with path.open("w") as handle:
        for number in range(count):
            if number == bad_at:
                handle.write("this line is not JSON\n")
            handle.write(json.dumps({"id": f"item-{number}", "text": SAMPLE}) + "\n")
    return path


def config(url: str, retry: RetryPolicy = NO_WAIT) -> ModelConfig:
    return ModelConfig(model="openai/fake", api_base=url, retry=retry)


def ids(results: Path) -> list[str]:
    return [json.loads(line)["id"] for line in results.read_text().splitlines()]


def test_inputs_stream_from_a_directory_a_glob_jsonl_and_csv(tmp_path):
    (tmp_path / "docs").mkdir()
    for name in ("b.txt", "a.html", "notes.pdf"):
        (tmp_path / "docs" / name).write_text("x")
    assert [i.id for i in read_items(str(tmp_path / "docs"))] == ["a.html", "b.txt"]
    assert [i.id for i in read_items(str(tmp_path / "docs" / "*.txt"))] == [str(tmp_path / "docs" / "b.txt")]
    (tmp_path / "rows.csv").write_text("id,path,title\nx1,docs/a.html,A title\nx2,,\n")
    rows = list(read_items(str(tmp_path / "rows.csv")))
    assert rows[0].path == tmp_path / "docs" / "a.html" and rows[0].title == "A title"
    assert rows[1].problem is not None and "neither text nor path" in rows[1].problem
    assert next(read_items(str(items_file(tmp_path, 1)))).text == SAMPLE


def test_a_bad_input_in_the_middle_is_recorded_and_the_run_goes_on(tmp_path):
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        summary = batch(
            str(items_file(tmp_path, 5, bad_at=2)), out, settings=Settings(model=config(server.url)), check=True
        )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert summary.ok == 5 and summary.failed == 1 and summary.errors == {"InputError": 1}
    assert sorted(ids(out)) == sorted([*(f"item-{n}" for n in range(5)), "line-3"])
    assert all(line["schema_version"] == SCHEMA_VERSION and line["key"] for line in lines)
    assert all(line["check"]["claims"] for line in lines if line["status"] == "ok")


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(tmp_path):
    out, source = tmp_path / "results.jsonl", items_file(tmp_path, 4)
    with fake_openai() as server:
        batch(str(source), out, settings=Settings(model=config(server.url)))
        first = len(server.arrivals)
        again = batch(str(source), out, settings=Settings(model=config(server.url)))
        assert again.skipped == 4 and len(server.arrivals) == first, "nothing done twice"
        rows = source.read_text().splitlines()
        changed = json.loads(rows[1]) | {"text": SAMPLE.replace("Meta", "Meta Platforms")}
        source.write_text("\n".join([rows[0], json.dumps(changed), *rows[2:]]) + "\n")
        redone = batch(str(source), out, settings=Settings(model=config(server.url)))
    assert redone.ok == 1 and redone.skipped == 3
    assert sorted(ids(out)) == [f"item-{n}" for n in range(4)], "one line per id"


def test_a_torn_last_line_is_dropped_and_its_item_redone(tmp_path):
    out, source = tmp_path / "results.jsonl", items_file(tmp_path, 3)
    with fake_openai() as server:
        batch(str(source), out, settings=Settings(model=config(server.url)))
        text = out.read_text()
        out.write_text(text[: len(text) - 40])  # a crash in the middle of the last write
        resumed = batch(str(source), out, settings=Settings(model=config(server.url)))
    assert resumed.ok == 1 and resumed.skipped == 2
    assert sorted(ids(out)) == ["item-0", "item-1", "item-2"]


def test_failed_items_are_redone_only_with_retry_failed(tmp_path):
    out, source = tmp_path / "results.jsonl", items_file(tmp_path, 3)
    with fake_openai(failure_rate=1.0) as server:
        failing = batch(str(source), out, settings=Settings(model=config(server.url, RetryPolicy(attempts=1))))
    assert failing.failed == 3 and set(failing.errors) == {"ProviderUnreachableError"}
    with fake_openai() as server:
        kept = batch(str(source), out, settings=Settings(model=config(server.url)))
        assert kept.skipped == 3 and server.arrivals == []
        retried = batch(str(source), out, settings=Settings(model=config(server.url)), retry_failed=True)
    assert retried.ok == 3
    assert sorted(ids(out)) == ["item-0", "item-1", "item-2"]
    assert all(json.loads(line)["status"] == "ok" for line in out.read_text().splitlines())


def test_concurrency_overlaps_requests(tmp_path):
    with fake_openai() as server, ThreadPoolExecutor(1) as pool:
        server.hold()  # no request is answered until all six are in: only a concurrent run can get there
        run = pool.submit(
            batch, str(items_file(tmp_path, 6)), tmp_path / "out.jsonl",
            settings=Settings(model=config(server.url), concurrency=6),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(server.arrivals) < 6 and time.monotonic() < deadline and not run.done():
            time.sleep(0.05)
        in_flight = len(server.arrivals)
        server.release()
        assert run.result().ok == 6
    assert in_flight == 6, "all six requests were in flight together"


def run_cli(source: Path, out: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "--no-progress"]
    command += ["--model", "openai/fake", "--api-base", url, *extra]
    env = {**os.environ, "OPENAI_API_KEY": "sk-test-batch-0123456789abcdef"}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_lines(out: Path, count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if out.exists() and out.read_text().count("\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} results after {seconds} s")


@pytest.mark.slow
def test_a_killed_run_resumes_and_every_id_is_there_exactly_once(tmp_path):
    source, out = items_file(tmp_path, 12), tmp_path / "results.jsonl"
    with fake_openai(latency=0.3) as server:
        first = run_cli(source, out, server.url, "--concurrency", "2")
        wait_for_lines(out, 3)
        server.hold()  # the run cannot finish before the kill, however loaded the machine
        first.kill()  # SIGKILL: loses at most the items in flight
        first.communicate()
        server.release()
        assert 3 <= len(ids(out)) < 12
        second = run_cli(source, out, server.url, "--concurrency", "4")
        _, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr
    assert sorted(ids(out)) == sorted(f"item-{n}" for n in range(12))


@pytest.mark.slow
def test_sigint_finishes_the_items_in_flight_and_exits_130(tmp_path):
    source, out = items_file(tmp_path, 12), tmp_path / "results.jsonl"
    with fake_openai(latency=0.5) as server:
        run = run_cli(source, out, server.url, "--concurrency", "3")
        wait_for_lines(out, 2)
        server.hold()  # the run cannot finish before the signal lands
        started = len(server.arrivals)
        run.send_signal(signal.SIGINT)
        time.sleep(0.5)
        server.release()  # the items in flight are answered, and written
        _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130 and "interrupted" in stderr
    written = ids(out)
    assert len(written) == len(set(written)) and len(written) >= started, "what was in flight was written"
    assert len(written) < 12


def test_the_cli_says_what_happened_and_exits_1_when_items_failed(tmp_path):
    with fake_openai() as server:
        outcome = CliRunner().invoke(
            cli,
            ["batch", str(items_file(tmp_path, 2, bad_at=1)), "--out", str(tmp_path / "r.jsonl"), "--no-progress",
             "--model", "openai/fake", "--api-base", server.url],
        )  # fmt: skip
    assert outcome.exit_code == 1
    assert "2 ok, 1 failed (1 InputError), 0 already done, of 3" in outcome.stderr


MINUTE = 2.0
"""Real seconds per minute of the Router's clock in the rate-limit test."""


@pytest.fixture
def fast_minutes(monkeypatch):
    """The Router's clock with a minute passing every MINUTE real seconds, starting on a minute: returns the Router's
    minute (0, 1, ...) of every request its rate-limit check let through, in order.

    Only the clock is changed: litellm's Router still counts the requests and refuses a full minute, and the batch
    still waits for the next one (reading the same clock). The minutes are read where the Router decides, not where
    the request lands: on a loaded machine a request let through at the end of one minute can reach the server in
    the next, which is transport, not the limit."""
    from litellm.router_utils.pre_call_checks import model_rate_limit_check

    start, epoch = time.monotonic(), datetime(2026, 1, 1, tzinfo=UTC)
    last_reading: ContextVar[datetime] = ContextVar("last_reading")

    def clock() -> datetime:
        now = epoch + timedelta(minutes=(time.monotonic() - start) / MINUTE)
        last_reading.set(now)
        return now

    admitted: list[int] = []
    check = model_rate_limit_check.ModelRateLimitingCheck
    checked_async, checked = check.async_pre_call_check, check.pre_call_check

    async def async_pre_call_check(self, deployment, *args, **kwargs):
        result = await checked_async(self, deployment, *args, **kwargs)  # raises when the minute is full
        admitted.append((last_reading.get() - epoch) // timedelta(minutes=1))
        return result

    def pre_call_check(self, deployment, *args, **kwargs):
        result = checked(self, deployment, *args, **kwargs)
        admitted.append((last_reading.get() - epoch) // timedelta(minutes=1))
        return result

    monkeypatch.setattr(model_rate_limit_check, "get_utc_datetime", clock)
    monkeypatch.setattr(check, "async_pre_call_check", async_pre_call_check)
    monkeypatch.setattr(check, "pre_call_check", pre_call_check)
    return admitted


@pytest.mark.slow
def test_an_rpm_limit_is_honoured_through_the_router_by_waiting_for_the_next_minute(tmp_path, fast_minutes):
    source, out = items_file(tmp_path, 7), tmp_path / "results.jsonl"
    with fake_openai() as warm:  # imports and the sentence splitter loaded before the clock matters
        (tmp_path / "warm").mkdir()
        batch(str(items_file(tmp_path / "warm", 1)), tmp_path / "warm.jsonl", settings=Settings(model=config(warm.url)))
    with fake_openai(latency=0.05) as server:
        summary = batch(str(source), out, settings=Settings(model=replace(config(server.url), rpm=2), concurrency=7))
    per_minute = {minute: fast_minutes.count(minute) for minute in fast_minutes}
    assert summary.ok == 7 and summary.failed == 0, "a full minute delays an item, it does not fail it"
    assert len(server.arrivals) == 7 == len(fast_minutes), "a refused request was never sent"
    assert max(per_minute.values()) <= 2 and len(per_minute) >= 4, per_minute


def test_a_failing_model_falls_back_to_the_next_deployment(tmp_path):
    source, out = items_file(tmp_path, 3), tmp_path / "results.jsonl"
    with fake_openai(failure_rate=1.0) as primary, fake_openai() as fallback:
        outcome = CliRunner().invoke(
            cli,
            ["batch", str(source), "--out", str(out), "--no-progress", "--model", "openai/fake", "--api-base",
             primary.url, "--fallback-model", "openai/fake-fallback", "--fallback-api-base", fallback.url],
        )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert len(primary.arrivals) >= 3 and len(fallback.arrivals) == 3
    assert all(json.loads(line)["status"] == "ok" for line in out.read_text().splitlines())


def test_limits_and_engines_are_refused_in_one_line_when_unusable(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="at least 1"):
        resolve_settings(model="openai/fake", rpm=0)
    source = str(items_file(tmp_path, 1))
    arguments = ["batch", source, "--out", str(tmp_path / "r.jsonl"), "--model", "openai/fake"]
    outcome = CliRunner().invoke(cli, [*arguments, "--fallback-api-base", "http://127.0.0.1:9/v1"])
    assert outcome.exit_code == 2 and "more fallback API bases than fallback models" in outcome.stderr
    outcome = CliRunner().invoke(cli, ["batch", source, "--out", str(tmp_path / "r.jsonl"), "--engine", "ray"])
    if importlib.util.find_spec("ray") is not None:
        assert outcome.exit_code == 2 and "each worker would start its own embedded model" in outcome.stderr
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the [ray] extra were not installed
    outcome = CliRunner().invoke(cli, [*arguments, "--engine", "ray"])
    assert outcome.exit_code == 2
    assert outcome.stderr.strip() == "summarize: error: " + INSTALL_HINT


def test_batch_help_documents_limits_fallbacks_engines_and_exit_codes():
    text = " ".join(CliRunner().invoke(cli, ["batch", "-h"]).stdout.split())
    for shown in ("--rpm", "--tpm", "--fallback-model", "--engine [local|ray]", "--ray-address", "SUMMARIZE_RPM",
                  "RAY_ADDRESS", "one request at a time", "Exit codes: 0", "130 interrupted"):  # fmt: skip
        assert shown in text, shown
