"""Test setup: offline by default, cassettes under cassettes/<module>/, matched on the request body."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # before anything imports litellm

import pytest

from summarize import EMBEDDED, ModelConfig
from summarize._retry import NO_WAIT

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
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
    """vcrpy matcher: the bodies must be equal as JSON, so a changed prompt fails loudly."""
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


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body_matcher)
    vcr.register_matcher("loopback_host", host_matcher)


def vcr_settings() -> dict[str, Any]:
    """The one recording configuration: secrets filtered, bodies readable, requests matched on the body."""
    return {
        "filter_headers": SECRET_HEADERS,
        "filter_query_parameters": ["key", "api_key"],
        "match_on": ["method", "scheme", "loopback_host", "path", "json_body"],
        "decode_compressed_response": True,
        "before_record_response": scrub_response,
    }


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's cache; no test sees a real key."""
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    for variable in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def embedded() -> ModelConfig:
    """The embedded model as recorded: its server is never started in tests (replay only)."""
    return ModelConfig(model=EMBEDDED, start_local_server=False, retry=NO_WAIT)


@pytest.fixture
def sample() -> Any:
    def path(letter: str) -> str:
        return str(SAMPLES / f"meta-open-models-{letter}.txt")

    return path
