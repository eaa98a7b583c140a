"""The failure contract: every fault bounded in time, one clear line with its documented exit code, no secret.

Each test is a reproduction from the failure-contract issue, against a fault-injecting server on loopback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import cli
from summarize.testing import Step, answer, fault_server

from .conftest import ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
KEY = "sk-test-ECHOED-SECRET-0123456789abcdef0123"
SUMMARY_B = ROOT / "evals" / "samples" / "summary-b.json"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="summarize")


def one_line(outcome) -> str:
    assert "Traceback" not in outcome.output, outcome.output
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: "), outcome.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def hosted(server_url: str, *extra: str) -> list[str]:
    return ["--model", "openai/fault-test", "--api-base", server_url, "-q", *extra]


# Time: every fault ends within the call's deadline, whatever the server does.


@pytest.mark.slow
@pytest.mark.parametrize("step", [Step(200, trickle=1.0), Step(200, delay=60)], ids=["trickle", "hang"])
def test_a_server_that_trickles_or_hangs_is_given_up_at_the_timeout(sample, step):
    with fault_server(step) as server:
        started = time.monotonic()
        outcome = run(str(sample("b")), *hosted(server.url, "--timeout", "2"))
        elapsed = time.monotonic() - started
    assert outcome.exit_code == 10 and "did not answer within 2 s" in one_line(outcome)
    assert elapsed < 15, "the answer would take minutes; the deadline (plus start-up) ends it"


# Tracebacks and wrong exit codes.


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Breaking news\n", "no article text found"),
        ("中国人民银行宣布降低存款准备金率。这一举措旨在支持实体经济发展。\n", "not look like English"),
    ],
    ids=["short lines", "chinese"],
)
def test_text_that_is_no_article_is_refused_with_its_code(tmp_path, content, message):
    path = tmp_path / "x.txt"
    path.write_text(content, encoding="utf-8")
    summarized = run(str(path), "-q")
    assert summarized.exit_code == 6 and message in one_line(summarized)
    checked = run("check", "--no-llm", "-q", "-s", str(path), str(SUMMARY_B))
    assert checked.exit_code == 6 and message in one_line(checked), "one table of codes for every command"


def test_output_into_a_missing_folder_is_refused_before_any_model_call(sample, tmp_path):
    with fault_server(Step(200)) as server:
        outcome = run(str(sample("b")), *hosted(server.url, "-o", str(tmp_path / "missing" / "out.md")))
        assert server.requests == []
    assert outcome.exit_code == 2 and "does not exist" in one_line(outcome)


def test_html_report_into_a_place_that_cannot_hold_it_is_refused_first(sample, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    outcome = run("check", "--no-llm", "-q", "-s", str(sample("b")), str(SUMMARY_B), "--html", str(blocker / "r.html"))
    assert outcome.exit_code == 2 and "does not exist" in one_line(outcome)


@pytest.mark.parametrize(
    ("text", "message"),
    [('{"summary": {"headline": "x",\n "key_points": [}', "not valid JSON (line 2, column"), ("[1, 2]", "JSON list")],
    ids=["malformed", "list"],
)
def test_a_broken_summary_json_is_an_input_error_not_a_verdict(sample, tmp_path, text, message):
    path = tmp_path / "summary.json"
    path.write_text(text)
    outcome = run("check", "--no-llm", "-q", "-s", str(sample("b")), str(path))
    assert outcome.exit_code == 2 and message in one_line(outcome)


def test_check_replay_script_answers_help():
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_replay.py"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "usage:" in result.stdout and "Traceback" not in result.stderr


def test_a_missing_api_key_is_exit_9_at_once_naming_the_variable(sample, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    started = time.monotonic()
    outcome = run(str(sample("b")), "--model", "openai/gpt-4o-mini", "-q")
    assert outcome.exit_code == 9 and "OPENAI_API_KEY" in one_line(outcome)
    assert time.monotonic() - started < 5


def test_a_bad_request_is_exit_3_not_an_invalid_answer(sample):
    with fault_server(Step(400, message="unknown parameter: tools")) as server:
        outcome = run(str(sample("b")), *hosted(server.url))
        assert len(server.requests) == 1, "a bad request is neither retried nor re-asked"
    assert outcome.exit_code == 3 and "rejected the request" in one_line(outcome)


def test_an_answer_cut_off_at_the_token_limit_is_exit_11(sample):
    cut = answer(None, finish_reason="length", tool_arguments='{"key_points": [{"text": "Meta')
    with fault_server(Step(200, body=cut)) as server:
        outcome = run(str(sample("b")), *hosted(server.url))
    assert outcome.exit_code == 11 and "cut off" in one_line(outcome)


@pytest.mark.slow
def test_invalid_json_from_the_server_is_a_clear_provider_failure(sample):
    with fault_server(Step(200, raw=b"{not json")) as server:
        outcome = run(str(sample("b")), *hosted(server.url))
    assert outcome.exit_code in (3, 10, 11)
    one_line(outcome)


def test_an_empty_answer_from_the_judge_is_a_provider_failure_not_a_verdict(sample, tmp_path):
    summary = tmp_path / "summary.txt"
    summary.write_text("Meta delayed the release of Behemoth.")
    with fault_server(Step(200, body=answer(""))) as server:
        outcome = run("check", "-s", str(sample("a")), str(summary), *hosted(server.url))
    assert outcome.exit_code == 3 and "empty answer" in one_line(outcome)


def test_bytes_that_are_no_text_are_refused_wherever_they_are(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"An article about Meta and its models, long enough to read. " * 200 + b"\x00\x01")
    outcome = run(str(path), "-q")
    assert outcome.exit_code == 5 and "binary" in one_line(outcome)


# Secrets: nothing the tool lets through carries the key, even from a server that echoes it.


def test_an_echoed_key_appears_nowhere(sample, tmp_path, caplog):
    output = tmp_path / "out.json"
    echo = f"Incorrect API key provided: {KEY}. You can find your API key at the provider."
    with fault_server(Step(401, message=echo)) as server:
        outcomes = [run(str(sample("b")), *hosted(server.url, *flags, "-o", str(output))) for flags in ([], ["-v"])]
    written = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())
    for outcome in outcomes:
        assert outcome.exit_code == 9
        assert KEY not in outcome.output and KEY not in outcome.stderr
    assert KEY not in caplog.text and KEY not in written


# The embedded model's server stops with `summarize model serve`.

SERVE = """
import sys
from pathlib import Path
import summarize.llm._server as server
stand_in = sys.argv[1]
server.model_path = lambda: Path("unused.gguf")
server.require_runtime = lambda: None
server.server_command = lambda profile: [sys.executable, stand_in, str(server._settings_path(profile))]
from summarize.cli import main
sys.argv = ["summarize", "model", "serve"]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"])
def test_model_serve_stops_its_server_when_it_is_stopped_or_killed(tmp_path, signal_name):
    import signal
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    starts = tmp_path / "starts.txt"
    env = {
        "SUMMARIZE_SUMMARIZER_PORT": str(port),
        "SUMMARIZE_CACHE_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "STAND_IN_STARTS": str(starts),
    }
    stand_in = ROOT / "tests" / "data" / "stand_in_embedded_server.py"
    serve = subprocess.Popen([sys.executable, "-c", SERVE, str(stand_in)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert serve.stderr is not None
        assert "serving at" in "".join(serve.stderr.readline() for _ in range(2))
        child = int(starts.read_text().split()[0])
        serve.send_signal(getattr(signal, signal_name))
        serve.wait(timeout=15)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child), f"the server outlived `summarize model serve` after {signal_name}"
    finally:
        serve.kill()
        serve.wait()
        if serve.stderr is not None:
            serve.stderr.close()


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


@pytest.mark.slow
def test_fault_table_script_runs(tmp_path):
    """The fault table of the README comes from a script; a quick run of two faults proves it runs."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "fault_table.py"), "--faults", "429,no-key", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["fault"] for r in rows] == ["429", "no-key"]
    assert all(r["leak_found"] is False for r in rows)


@pytest.mark.slow
def test_a_command_deadline_ends_the_whole_command(sample):
    with fault_server(Step(200, delay=60)) as server:
        started = time.monotonic()
        outcome = run(str(sample("b")), *hosted(server.url, "--timeout", "100", "--deadline", "2"))
        elapsed = time.monotonic() - started
    assert outcome.exit_code == 10 and "did not finish within 2 s (--deadline)" in one_line(outcome)
    assert elapsed < 15
