"""Test setup: offline by default, cassettes under cassettes/<module>/, matched on the request body."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # before anything imports litellm

import pytest
from hypothesis import settings

import summarize.llm._server as embedded_server
from summarize import EMBEDDED, ModelConfig
from summarize.llm import EMBEDDED_SERVER, NO_WAIT
from summarize.llm._recording import host_matcher, json_body_matcher, register_matchers, vcr_settings
from summarize.settings import SETTINGS

__all__ = ["host_matcher", "json_body_matcher", "vcr_settings"]

settings.register_profile("default", max_examples=30, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None)  # CI's slow step: HYPOTHESIS_PROFILE=ci
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    register_matchers(vcr)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return vcr_settings()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.split(".")[-1])


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """No test touches the user's cache or config, sees a real key, or reaches a model server already running
    (when recording: the user's running embedded server, whose secret is copied into the test's cache)."""
    recording = request.config.getoption("--record-mode") != "none"
    users_server = embedded_server.read_state(EMBEDDED_SERVER) if recording else None
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "cache"))
    if users_server is not None:
        embedded_server._write_state(EMBEDDED_SERVER, users_server)
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(tmp_path / "no-config.toml"))
    if request.config.getoption("--record-mode") == "none":  # replaying: no server running here is ever reached
        monkeypatch.setenv("SUMMARIZE_SUMMARIZER_PORT", "1")
    monkeypatch.setenv("SUMMARIZE_RECORDINGS", str(ROOT / "cassettes" / "evals"))  # whatever the working directory
    for variable in (
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
        "SUMMARIZE_MODEL",
        "SUMMARIZE_API_BASE",
        *(s.environment for s in SETTINGS if s.key != "recordings"),
    ):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def embedded(request: pytest.FixtureRequest) -> ModelConfig:
    """The embedded model as recorded: the server's address is given, so none is started (replay only). Recording
    waits longer on a busy machine's server."""
    recording = request.config.getoption("--record-mode") != "none"
    return ModelConfig(
        model=EMBEDDED, api_base=EMBEDDED_SERVER.api_base, retry=NO_WAIT, timeout=1800 if recording else 300
    )


@pytest.fixture
def sample() -> Any:
    def path(letter: str) -> Path:
        return SAMPLES / f"meta-open-models-{letter}.txt"

    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (skipped where none is installed, failed where REQUIRE_CHROMIUM says it must be)."""
    from summarize.testing import chromium_path, headless_chromium

    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (REQUIRE_CHROMIUM is set) but is not installed")
        pytest.skip("chromium is not installed")
    with headless_chromium(chromium) as launched:
        yield launched
