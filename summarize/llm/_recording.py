"""Recording and replaying model traffic (vcrpy): secrets filtered, requests matched on their JSON body.

The same configuration serves the tests (`tests/conftest.py`) and recorded eval runs (`cassettes/evals/`)."""

from __future__ import annotations

import json
import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "x-goog-api-key",
    "openai-organization",
    "cookie",
    "set-cookie",
]


_PYDANTIC_ERROR_URL = re.compile(r"errors\.pydantic\.dev/[0-9.]+/")


_LOOPBACK = re.compile(r"^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$")


# Markers of a request that a replay or a test run's network block refused: never worth a retry.
_REPLAY_MARKERS = (
    "Can't overwrite existing cassette",
    "Can't play back this request",
    "Network is disabled",
    "CannotOverwriteExistingCassette",
)


def is_replay_refusal(error: BaseException) -> bool:
    """A cassette miss, or a request the test run's network block stopped (anywhere along the cause chain)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if any(marker in str(current) for marker in _REPLAY_MARKERS):
            return True
        current = current.__cause__ or current.__context__
    return False


def normalized_body(request: Any) -> Any:
    """The request body as JSON, with volatile parts (pydantic's version in error links) normalised."""
    raw = request.body or b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = _PYDANTIC_ERROR_URL.sub("errors.pydantic.dev/VERSION/", text)
    try:
        return json.loads(text)
    except ValueError:
        return text


def json_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: bodies must be equal as JSON, so a changed prompt fails loudly instead of replaying."""
    assert normalized_body(r1) == normalized_body(r2), "request bodies differ"


def host_matcher(r1: Any, r2: Any) -> None:
    """Loopback servers may listen on any port; other hosts must match exactly."""
    if _LOOPBACK.match(r1.host or "") and _LOOPBACK.match(r2.host or ""):
        return
    assert (r1.host, r1.port) == (r2.host, r2.port)


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop cookies a provider sets; vcrpy filters request headers only."""
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def vcr_settings() -> dict[str, Any]:
    """The one recording configuration."""
    return {
        "filter_headers": SECRET_HEADERS,
        "filter_query_parameters": ["key", "api_key"],
        "match_on": ["method", "scheme", "loopback_host", "path", "json_body"],
        "decode_compressed_response": True,
        "before_record_response": scrub_response,
        "before_record_request": _model_requests_only,
    }


def _model_requests_only(request: Any) -> Any | None:
    """The embedded server's own routes (its status, with the proof of its secret) are not the model's answers:
    never recorded, never replayed."""
    return None if urlparse(request.uri).path.startswith("/summarize/") else request


def register_matchers(recorder: Any) -> None:
    """Teach a vcr.VCR our matchers."""
    recorder.register_matcher("json_body", json_body_matcher)
    recorder.register_matcher("loopback_host", host_matcher)


def cassette(path: Path, *, record: bool) -> AbstractContextManager[Any]:
    """Record every request into `path`, or replay from it and refuse anything unrecorded."""
    import vcr

    # Recording replays what a cassette already holds and records only new requests: an interrupted or repeated
    # recording costs nothing twice. Delete the folder to record afresh.
    recorder = vcr.VCR(record_mode="new_episodes" if record else "none", **vcr_settings())
    register_matchers(recorder)
    return cast(AbstractContextManager[Any], recorder.use_cassette(str(path)))
