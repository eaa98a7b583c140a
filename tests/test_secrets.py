"""No secret lands in a cassette, a log or an error message."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import vcr

from summarize import ModelConfig, ProviderAuthError, ProviderRequestError
from summarize.llm import LLM, NO_WAIT
from summarize.testing import Step, fault_server

from .conftest import ROOT, host_matcher, json_body_matcher, vcr_settings

FAKE_KEY = "sk-test-FAKE-SECRET-d41d8cd98f00b204e9800998ecf8427e"
COOKIE = "session=SECRET-COOKIE-a1b2c3d4e5f6"
KEY_PATTERN = re.compile(r"sk-[A-Za-z0-9_-]{16,}|Bearer\s+[A-Za-z0-9._-]{12,}")
MESSAGES = [{"role": "user", "content": "Say fine."}]


@pytest.fixture(autouse=True)
def _fake_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)


def recorder(record_mode: str) -> vcr.VCR:
    recording = vcr.VCR(record_mode=record_mode, **vcr_settings())
    recording.register_matcher("json_body", json_body_matcher)
    recording.register_matcher("loopback_host", host_matcher)
    return recording


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_recording_made_with_a_key_holds_no_key(tmp_path):
    cassette = tmp_path / "recorded.yaml"
    with fault_server(Step(200, headers={"set-cookie": COOKIE})) as server:
        llm = LLM(ModelConfig(model="openai/fault-test", api_base=server.url, retry=NO_WAIT))
        with recorder("all").use_cassette(str(cassette)):
            llm.complete(MESSAGES, max_tokens=5)
        assert server.requests[0]["headers"]["Authorization"] == f"Bearer {FAKE_KEY}"  # the key was really sent
    text = cassette.read_text()
    assert "fine" in text  # the response was recorded
    assert FAKE_KEY not in text
    assert "SECRET-COOKIE" not in text
    assert not KEY_PATTERN.search(text)


def test_committed_cassettes_hold_no_key():
    cassettes = list((ROOT / "cassettes").rglob("*.yaml"))
    assert cassettes, "the recorded tests need their cassettes"
    for path in cassettes:
        text = path.read_text()
        assert not KEY_PATTERN.search(text), path
        assert not re.search(r"(?im)^\s*-?\s*(authorization|x-api-key|api-key|cookie|set-cookie):", text), path


def test_committed_cassettes_hold_no_exchange_with_the_servers_own_routes():
    """The embedded server's status answers carry the proof of its secret: a recording made through a running
    server keeps the model's answers only (one recording had caught a status call)."""
    for path in (ROOT / "cassettes").rglob("*.yaml"):
        assert "/summarize/status" not in path.read_text(), path


def test_the_servers_own_routes_are_never_recorded():
    from summarize.llm._recording import vcr_settings

    keep = vcr_settings()["before_record_request"]
    status = SimpleNamespace(uri="http://127.0.0.1:18765/summarize/status?nonce=ab&touch=true")
    answer = SimpleNamespace(uri="http://127.0.0.1:18765/v1/chat/completions")
    assert keep(status) is None and keep(answer) is answer


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize(("status", "error"), [(401, ProviderAuthError), (400, ProviderRequestError)])
def test_errors_and_logs_do_not_repeat_the_key(status, error, caplog):
    caplog.set_level(logging.DEBUG)
    with fault_server(Step(status, message=f"Incorrect API key provided: {FAKE_KEY}")) as server:
        llm = LLM(ModelConfig(model="openai/fault-test", api_base=server.url, retry=NO_WAIT))
        with pytest.raises(error) as raised:
            llm.complete(MESSAGES, max_tokens=5)
    assert FAKE_KEY not in str(raised.value)
    assert FAKE_KEY not in caplog.text
    if status == 400:  # the provider's message is shown, with the key cut out of it
        assert "Incorrect API key provided: [redacted]" in str(raised.value)


def test_no_cassette_was_written_outside_the_cassettes_folder():
    stray = [p for p in Path(ROOT / "tests").rglob("*.yaml")]
    assert stray == []
