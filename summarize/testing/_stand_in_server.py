"""A loopback OpenAI-compatible server that answers like a model, after a set latency: valid summaries for any
article (built from the request's own tool schema) and a Yes with its log-probabilities for judge questions.

A stand-in for a hosted provider in batch tests and benchmarks: real HTTP, not a mock of litellm. It can fail a
share of requests with 429 or 500, and it records when each request arrived.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeOpenAI:
    url: str
    arrivals: list[float] = field(default_factory=list)
    """When each request arrived (`time.monotonic()`)."""
    failures: int = 0
    open: threading.Event = field(default_factory=threading.Event)
    """Cleared by `hold()`: requests then wait for `release()` (a job kept running, to cancel it, say)."""

    def __post_init__(self) -> None:
        self.open.set()

    def hold(self) -> None:
        """Keep every request that arrives from now on waiting until `release()`."""
        self.open.clear()

    def release(self) -> None:
        self.open.set()


def summary_arguments(request: dict[str, Any]) -> str:
    """A valid SummaryDraft for the article in the request: a key point for each sentence id its schema names."""
    schema = request["tools"][0]["function"]["parameters"]
    points = {sentence_id: f"What {sentence_id} states." for sentence_id in _point_ids(schema)}
    return json.dumps({"key_points": points, "headline": "A headline", "lead": "A summary."})


def _point_ids(schema: dict[str, Any]) -> list[str]:
    points = schema.get("$defs", {}).get("KeyPoints", {})
    return list(points.get("properties", {})) or ["S1"]


_LONGEST_HOLD = 120.0  # seconds a held request waits at most, so that a test that forgets to release still ends


@contextmanager
def fake_openai(latency: float = 0.0, failure_rate: float = 0.0, seed: int = 0) -> Iterator[FakeOpenAI]:
    """Serve on a free loopback port until the block ends."""
    state = FakeOpenAI(url="")
    chance = random.Random(seed)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            request = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
            with lock:
                state.arrivals.append(time.monotonic())
                fail = chance.random() < failure_rate
                state.failures += fail
            time.sleep(latency)
            state.open.wait(timeout=_LONGEST_HOLD)
            if fail:
                status = 429 if chance.random() < 0.5 else 500
                self._send(status, {"error": {"message": "scripted failure", "type": "scripted"}})
                return
            self._send(200, _answer(request))

        def _send(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        state.release()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    usage = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    if request.get("tools"):
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": "SummaryDraft", "arguments": summary_arguments(request)},
        }
        message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
        choice: dict[str, Any] = {"index": 0, "message": message, "finish_reason": "tool_calls"}
    else:
        logprobs = {
            "content": [
                {
                    "token": "Yes",
                    "logprob": -0.1,
                    "top_logprobs": [{"token": "Yes", "logprob": -0.1}, {"token": "No", "logprob": -2.4}],
                }
            ]
        }
        choice = {
            "index": 0,
            "message": {"role": "assistant", "content": "Yes"},
            "finish_reason": "stop",
            "logprobs": logprobs,
        }
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [choice],
        "usage": usage,
    }
