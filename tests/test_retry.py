"""The one retry policy against a fault-injecting server on loopback, with zero waits."""

from __future__ import annotations

import pytest

from summarize import ModelConfig, ProviderAuthError, ProviderRequestError, ProviderUnreachableError, RetryPolicy
from summarize.llm import LLM, NO_WAIT
from summarize.llm._retry import is_transient
from summarize.testing import Step, fault_server

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
MESSAGES = [{"role": "user", "content": "Say fine."}]


def llm_for(url: str, *, attempts: int = 4, timeout: float = 10.0, attempt_timeout: float | None = None) -> LLM:
    policy = RetryPolicy(
        attempts=attempts, max_seconds=30, initial_wait=0, max_wait=0, jitter=0, attempt_timeout=attempt_timeout
    )
    return LLM(ModelConfig(model="openai/fault-test", api_base=url, retry=policy, timeout=timeout))


@pytest.fixture(autouse=True)
def _fake_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key-0123456789")


def test_rate_limit_then_success():
    with fault_server(Step(429), Step(200)) as server:
        text, usage = llm_for(server.url).complete(MESSAGES, max_tokens=5)
    assert text == "fine"
    assert len(server.requests) == 2
    assert usage.calls == 1 and usage.prompt_tokens == 7


def test_server_error_then_success():
    with fault_server(Step(500), Step(503), Step(200)) as server:
        text, _ = llm_for(server.url).complete(MESSAGES, max_tokens=5)
    assert text == "fine"
    assert len(server.requests) == 3


def test_unauthorized_fails_at_once_and_names_the_variable():
    with fault_server(Step(401, message="Incorrect API key provided")) as server:
        with pytest.raises(ProviderAuthError, match="OPENAI_API_KEY"):
            llm_for(server.url).complete(MESSAGES, max_tokens=5)
    assert len(server.requests) == 1


def test_bad_request_is_not_retried():
    with fault_server(Step(400, message="unknown parameter")) as server:
        with pytest.raises(ProviderRequestError, match="rejected the request"):
            llm_for(server.url).complete(MESSAGES, max_tokens=5)
    assert len(server.requests) == 1


def test_timeout_is_retried_then_succeeds():
    with fault_server(Step(200, delay=2.0), Step(200)) as server:
        text, _ = llm_for(server.url, attempt_timeout=0.5).complete(MESSAGES, max_tokens=5)
    assert text == "fine"
    assert len(server.requests) == 2


def test_persistent_failure_is_bounded_and_reported_as_unreachable():
    with fault_server(Step(503)) as server:
        with pytest.raises(ProviderUnreachableError, match="after 3 attempt"):
            llm_for(server.url, attempts=3).complete(MESSAGES, max_tokens=5)
    assert len(server.requests) == 3


def test_refused_connection_is_retried_then_reported_as_unreachable():
    import socket

    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ProviderUnreachableError, match="could not be reached"):
        llm_for(f"http://127.0.0.1:{port}/v1", attempts=2).complete(MESSAGES, max_tokens=5)


def test_no_hidden_retries_inside_litellm():
    """With the policy at one attempt, a 429 reaches the server exactly once."""
    with fault_server(Step(429)) as server:
        with pytest.raises(ProviderUnreachableError):
            llm_for(server.url, attempts=1).complete(MESSAGES, max_tokens=5)
    assert len(server.requests) == 1


def test_replay_refusals_are_permanent():
    class CannotOverwriteExistingCassetteException(Exception):
        pass

    wrapped = RuntimeError("InternalServerError: Connection error.")
    wrapped.__cause__ = CannotOverwriteExistingCassetteException("Can't play back this request")
    assert not is_transient(wrapped)


def test_zero_wait_policy_keeps_the_bounds():
    assert NO_WAIT.attempts == RetryPolicy().attempts
    assert NO_WAIT.initial_wait == 0 and NO_WAIT.max_wait == 0


@pytest.mark.slow
def test_a_trickling_server_is_given_up_at_the_deadline():
    """A server that sends a byte every second never trips a read timeout; the call's deadline still ends it."""
    import time

    with fault_server(Step(200, trickle=1.0)) as server:
        started = time.monotonic()
        with pytest.raises(ProviderUnreachableError, match="did not answer within 2 s"):
            llm_for(server.url, timeout=2.0).complete(MESSAGES, max_tokens=5)
        elapsed = time.monotonic() - started
    assert elapsed < 4.0


@pytest.mark.slow
def test_a_server_that_never_answers_is_given_up_at_the_deadline():
    import time

    with fault_server(Step(200, delay=30.0)) as server:
        started = time.monotonic()
        with pytest.raises(ProviderUnreachableError, match="did not answer within 1.5 s"):
            llm_for(server.url, timeout=1.5).complete(MESSAGES, max_tokens=5)
        assert time.monotonic() - started < 3.5


def test_an_embedded_server_we_started_is_stopped_when_a_call_is_given_up(monkeypatch):
    """The server may still be working on the abandoned request: the one this process started is stopped, and
    the next call starts a fresh one."""
    import subprocess
    import sys

    import summarize.llm._client as client
    import summarize.llm._server as server
    from summarize import EMBEDDED
    from summarize.llm import Endpoint

    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setitem(server._STARTED, server.EMBEDDED_SERVER.name, worker)
    nowhere = Endpoint(server.EMBEDDED_SERVER.api_base, "key")  # nothing listens there
    monkeypatch.setattr(client, "ensure_server", lambda profile, **_: nowhere)
    llm = LLM(ModelConfig(model=EMBEDDED, retry=RetryPolicy(attempts=1), timeout=5))
    try:
        with pytest.raises(ProviderUnreachableError):
            llm.next_token_logprobs(MESSAGES)
        assert worker.wait(timeout=15) is not None
        assert server.EMBEDDED_SERVER.name not in server._STARTED
    finally:
        worker.kill()
        worker.wait()
