"""A loopback HTTP server that answers OpenAI chat requests from a script of faults, and counts them."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OK_BODY = {
    "id": "chatcmpl-fault-server",
    "object": "chat.completion",
    "created": 1_700_000_000,
    "model": "fault-test",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "fine"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 7, "completion_tokens": 1, "total_tokens": 8},
}


@dataclass
class Step:
    """One scripted answer: a status with an error body, a delay, or the OK body."""

    status: int = 200
    delay: float = 0.0
    trickle: float = 0.0
    """Seconds between the bytes of the answer (a server that trickles it out)."""
    body: dict[str, Any] | None = None
    """The answer's JSON instead of the OK body (for an empty, cut-off or invalid answer)."""
    raw: bytes | None = None
    """Bytes to send as the answer, as they are (for invalid JSON)."""
    message: str = "scripted failure"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FaultServer:
    url: str
    requests: list[dict[str, Any]]


@contextmanager
def fault_server(*script: Step) -> Iterator[FaultServer]:
    """Serve the script in order (the last step repeats); yield the base URL and the requests seen."""
    steps = list(script)
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("content-length", 0))
            seen.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length) or b"{}")})
            step = steps[min(len(seen) - 1, len(steps) - 1)]
            time.sleep(step.delay)
            body = OK_BODY if step.status == 200 else {"error": {"message": step.message, "type": "scripted"}}
            payload = step.raw if step.raw is not None else json.dumps(step.body or body).encode()
            try:
                self.send_response(step.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in step.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if step.trickle:
                    for byte in payload:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(step.trickle)
                else:
                    self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield FaultServer(url=f"http://127.0.0.1:{server.server_address[1]}/v1", requests=seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def answer(content: str | None, finish_reason: str = "stop", tool_arguments: str | None = None) -> dict[str, Any]:
    """An OpenAI chat answer: plain content, or a tool call with these arguments."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_arguments is not None:
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": "SummaryDraft", "arguments": tool_arguments}}
        ]
    choice = {"index": 0, "message": message, "finish_reason": finish_reason}
    return {**OK_BODY, "choices": [choice]}
