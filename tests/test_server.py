"""The embedded model's shared server: found, started, reused, verified, stopped; never the real model here.

The slow tests start a stand-in server process (`tests/data/stand_in_embedded_server.py`: the real secret, status
route and idle stop around a tiny app) through the real start path."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import summarize.llm._server as server
from summarize import EMBEDDED, ModelConfig, ProviderAuthError, ProviderUnreachableError
from summarize.cli import cli
from summarize.llm import LLM, NO_WAIT
from summarize.llm._server_process import Activity, completion_logprobs, guard, proof, stop_when_idle

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
STAND_IN = Path(__file__).parent / "data" / "stand_in_embedded_server.py"
PROFILE = server.EMBEDDED_SERVER
MESSAGES = [{"role": "user", "content": "Is it? Answer Yes or No."}]


def _config(secret: str = "s3cret", idle: float | None = None) -> dict[str, Any]:
    return {"secret": secret, "idle_seconds": idle, "host": "127.0.0.1", "port": 1, "state_file": "unused"}


def test_the_settings_and_state_files_are_the_users_alone(tmp_path):
    config = server._config_file(PROFILE, tmp_path / "m.gguf", "s3cret", 10, 18765)
    server._write_state(PROFILE, server.ServerState(1, 18765, "s3cret", config["digest"], 0.0, 10))
    folder = server.server_dir()
    assert folder.stat().st_mode & 0o777 == 0o700
    for name in ("summarizer-settings.json", "summarizer.json"):
        assert (folder / name).stat().st_mode & 0o777 == 0o600, name
    model = config["llama"]["model"]
    assert config["host"] == "127.0.0.1" and config["idle_seconds"] == 600
    assert (model["logits_all"], model["cache"], model["cache_type"]) == (False, True, "ram")
    assert model["cache_size"] == server.PROMPT_CACHE_BYTES and model["n_ctx"] == 8192
    assert config["llama"]["aliases"] == [
        "qwen2.5-coder-1.5b-instruct-q4_k_m",
        "qwen2.5-coder-1.5b-instruct-q4_k_m-writer",
    ]
    assert server.read_state(PROFILE) == server.ServerState(1, 18765, "s3cret", config["digest"], 0.0, 10)


def test_the_server_answers_only_with_its_secret_and_proves_it_holds_it():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()
    app.add_api_route("/v1/models", lambda: {"data": []}, methods=["GET"])
    guarded, activity = guard(app, _config(), lambda: {"prompt_tokens_evaluated": 7})
    client = TestClient(guarded)
    assert client.get("/v1/models").status_code == 401
    assert client.get("/v1/models", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/summarize/status?nonce=n1").status_code == 401
    key = {"Authorization": "Bearer s3cret"}
    assert client.get("/v1/models", headers=key).status_code == 200
    status = client.get("/summarize/status?nonce=n1", headers=key).json()
    assert status["proof"] == proof("s3cret", "n1") != proof("other", "n1")
    assert status["pid"] == os.getpid() and status["requests"] == 1 and status["prompt_tokens_evaluated"] == 7
    assert activity.requests == 1, "the status route is not a model request"


def test_the_server_stops_itself_after_the_idle_limit_but_not_while_a_request_runs():
    class Uvicorn:
        should_exit = False

        def told_to_exit(self) -> bool:
            return self.should_exit

    busy, idle = Uvicorn(), Uvicorn()
    working = Activity()
    working.begin()
    threading.Thread(target=stop_when_idle, args=(busy, working, 0.2), daemon=True).start()
    stop_when_idle(idle, Activity(), 0.2)  # returns once it has told the server to exit
    assert idle.should_exit
    time.sleep(0.5)
    assert not busy.told_to_exit()
    working.end()
    deadline = time.monotonic() + 3
    while not busy.told_to_exit() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert busy.told_to_exit()


def test_a_command_waits_on_another_starting_the_server_only_so_long():
    import fcntl

    with (server.server_dir() / "summarizer.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(ProviderUnreachableError, match="another command has been starting"):
            with server._start_lock(PROFILE, timeout=0.5):
                pass
        assert time.monotonic() - started < 3


def test_a_stale_state_is_dropped_and_a_live_process_that_is_not_our_server_is_never_signalled():
    beyond = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    server._write_state(PROFILE, server.ServerState(beyond, 9, "s", server.server_digest(PROFILE), time.time(), 10))
    assert server._running(PROFILE, touch=False, wait=True) is None
    assert server.read_state(PROFILE) is None
    # This test's own process: alive, but its command line is not the server's: it is left alone.
    server._write_state(PROFILE, server.ServerState(os.getpid(), 9, "s", "old", time.time(), 10))
    assert server._running(PROFILE, touch=False, wait=True) is None
    assert server.read_state(PROFILE) is None
    server._write_state(PROFILE, server.ServerState(os.getpid(), 9, "s", "old", time.time(), 10))
    assert server.stop_server(PROFILE) is None


def test_the_secret_goes_to_the_users_own_server_only():
    server._write_state(PROFILE, server.ServerState(1, 18999, "s3cret", "d", 0.0, 10))
    assert server.key_for("http://127.0.0.1:18999/v1") == "s3cret"
    assert server.key_for("http://127.0.0.1:18999/v1/") == "s3cret"
    assert server.key_for("http://127.0.0.1:18998/v1") == "local-no-key"
    assert server.key_for("https://api.example.com/v1") == "local-no-key"


def test_log_probabilities_are_written_as_llama_cpp_writes_them():
    """The top alternatives of each generated token, descending, ties to the higher token id, the chosen token
    included (llama-cpp-python's completion format), from the log-probabilities at each generated position."""
    import numpy as np

    vocabulary = ["A", "Yes", "No", "yes", " No"]

    def text(tokens: list[int], _before: list[int]) -> str:
        return "".join(vocabulary[t] for t in tokens)

    def log_softmax(logits: list[float]) -> Any:
        row = np.array(logits, dtype=np.single)
        return row - np.log(np.exp(row).sum())

    first, second = log_softmax([0.0, 3.0, 1.0, 1.0, -2.0]), log_softmax([5.0, 0.0, 0.0, 0.0, 0.0])
    written = completion_logprobs([first, second], [1, 0], 3, 10, text)
    assert written["tokens"] == ["Yes", "A"] and written["text_offset"] == [10, 13]
    assert list(written["top_logprobs"][0]) == ["Yes", "yes", "No"]  # 1.0 twice: id 3 before id 2
    assert written["top_logprobs"][0]["Yes"] == written["token_logprobs"][0] == pytest.approx(float(first[1]))
    assert list(written["top_logprobs"][1])[0] == "A"
    chosen_below_the_top = completion_logprobs([first], [4], 2, 0, text)
    assert list(chosen_below_the_top["top_logprobs"][0]) == ["Yes", "yes", " No"]


# Slow: a stand-in server process, started, reused and stopped through the real start path.

DRIVER = """
import json, sys, time
from pathlib import Path
import summarize.llm._server as server
stand_in, idle = sys.argv[1], float(sys.argv[2])
server.model_path = lambda: Path("unused.gguf")
server.require_runtime = lambda: None
server.server_command = lambda profile: [sys.executable, stand_in, str(server._settings_path(profile))]
endpoint = server.ensure_server(idle_minutes=idle)
state = server.read_state(server.EMBEDDED_SERVER)
print(json.dumps({"api_base": endpoint.api_base, "pid": state.pid if state else None}), flush=True)
time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 0)
"""


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """The start path runs the stand-in; every server started here is stopped at the end."""
    monkeypatch.setattr(server, "model_path", lambda: tmp_path / "unused.gguf")
    monkeypatch.setattr(server, "require_runtime", lambda: None)
    monkeypatch.setattr(
        server, "server_command", lambda profile: [sys.executable, str(STAND_IN), str(server._settings_path(profile))]
    )
    monkeypatch.setenv("SUMMARIZE_SUMMARIZER_PORT", str(_free_port()))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    monkeypatch.setattr(server, "_VERIFIED", {})
    monkeypatch.setattr(server, "_STARTED", {})
    yield tmp_path
    server.stop_server(PROFILE)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(*arguments: str, **environment: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(STAND_IN), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **environment},
    )


def _answer(command: subprocess.Popen[str], timeout: float = 60) -> dict[str, Any]:
    out, err = command.communicate(timeout=timeout)
    assert command.returncode == 0, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


@pytest.mark.slow
def test_a_server_started_by_one_command_serves_the_next_and_stops_on_model_stop(stand_in):
    first = _answer(_command("10"))
    assert _alive(first["pid"]), "the server outlives the command that started it"
    second = _answer(_command("10"))
    assert second == first, "the next command reuses it"
    status = json.loads(CliRunner().invoke(cli, ["model", "status", "--json"]).stdout)
    assert status["pid"] == first["pid"] and status["idle_limit_seconds"] == 600 and status["rss_bytes"] > 0
    assert "running at" in CliRunner().invoke(cli, ["model", "status"]).output
    stopped = CliRunner().invoke(cli, ["model", "stop"])
    assert stopped.exit_code == 0 and str(first["pid"]) in stopped.output
    deadline = time.monotonic() + 10
    while _alive(first["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(first["pid"]) and server.read_state(PROFILE) is None
    assert "no embedded model server" in CliRunner().invoke(cli, ["model", "status"]).output


@pytest.mark.slow
def test_two_commands_started_at_once_share_one_server(stand_in):
    starts = stand_in / "starts.txt"
    commands = [_command("10", STAND_IN_START_DELAY="2", STAND_IN_STARTS=str(starts)) for _ in range(2)]
    answers = [_answer(c) for c in commands]
    assert answers[0] == answers[1]
    assert len(starts.read_text().split()) == 1, "one server process was started"


@pytest.mark.slow
def test_a_command_killed_while_starting_the_server_does_not_leave_the_next_waiting_forever(stand_in):
    starts = stand_in / "starts.txt"
    starter = _command("10", STAND_IN_START_DELAY="4", STAND_IN_STARTS=str(starts))
    deadline = time.monotonic() + 20
    while not starts.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    starter.send_signal(signal.SIGKILL)
    starter.communicate()
    waited = time.monotonic()
    answer = _answer(_command("10", STAND_IN_STARTS=str(starts)))
    assert time.monotonic() - waited < 30
    assert answer["pid"] == int(starts.read_text().split()[0]), "the server the killed command started is used"
    assert len(starts.read_text().split()) == 1


@pytest.mark.slow
def test_an_idle_server_stops_itself_and_forgets_its_state(stand_in):
    first = _answer(_command("0.02"))  # 1.2 s
    deadline = time.monotonic() + 20
    while _alive(first["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(first["pid"])
    assert server.read_state(PROFILE) is None


@pytest.mark.slow
def test_idle_zero_keeps_nothing_running(stand_in):
    answer = _answer(_command("0"))
    deadline = time.monotonic() + 10
    while _alive(answer["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(answer["pid"]), "the server stopped with the command that started it"


@pytest.mark.slow
def test_model_calls_carry_the_servers_secret(stand_in):
    llm = LLM(ModelConfig(model=EMBEDDED, retry=NO_WAIT, server_idle=10))
    table, text, _usage = llm.next_token_logprobs(MESSAGES)
    assert text == "Yes" and table is not None
    state = server.read_state(PROFILE)
    assert state is not None
    wrong = server.ServerState(state.pid, state.port, "not-the-secret", state.digest, state.started, 10)
    server._write_state(PROFILE, wrong)  # the key the client reads no longer opens the server
    stranger = LLM(ModelConfig(model=EMBEDDED, api_base=state.endpoint.api_base, retry=NO_WAIT))
    with pytest.raises(ProviderAuthError):
        stranger.next_token_logprobs(MESSAGES)
    server._write_state(PROFILE, state)
