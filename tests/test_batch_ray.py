"""The Ray engine on a real local Ray instance (no mocks of Ray) against the loopback OpenAI-compatible server."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from summarize import ModelConfig, Settings, batch
from summarize.cli import cli
from summarize.llm import NO_WAIT
from summarize.testing import fake_openai

from .test_batch import items_file

ray = pytest.importorskip("ray", reason="the Ray engine needs the [ray] extra: pip install -e '.[ray]'")
pytestmark = [pytest.mark.block_network(allowed_hosts=["127.0.0.1"]), pytest.mark.slow]
KEY = "sk-test-batch-0123456789abcdef"


@pytest.fixture(scope="module")
def local_ray():
    """One local instance for the module (starting Ray takes seconds); workers inherit this environment."""
    previous = os.environ.get("OPENAI_API_KEY")
    os.environ["OPENAI_API_KEY"] = KEY
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()
        if previous is None:
            os.environ.pop("OPENAI_API_KEY", None)
        else:
            os.environ["OPENAI_API_KEY"] = previous


def test_a_ray_run_resumes_after_partial_results_and_every_id_is_there_once(tmp_path, local_ray, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    source, out = items_file(tmp_path, 6, bad_at=3), tmp_path / "results.jsonl"
    with fake_openai(latency=0.2) as server:
        config = ModelConfig(model="openai/fake", api_base=server.url, retry=NO_WAIT)
        first = batch(str(source), out, settings=Settings(model=config, concurrency=4), limit=3, engine="ray")
        assert first.ok == 3 and len(server.arrivals) == 3
        text = out.read_text()
        out.write_text(text[: len(text) - 30])  # a crash in the middle of the last write
        outcome = CliRunner().invoke(
            cli,
            ["batch", str(source), "--out", str(out), "--no-progress", "--engine", "ray", "--concurrency", "4",
             "--model", "openai/fake", "--api-base", server.url],
        )  # fmt: skip
    assert outcome.exit_code == 1, outcome.stderr  # the bad line is a failed item
    assert "4 ok, 1 failed (1 InputError), 2 already done, of 7" in outcome.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["id"] for line in lines) == sorted([*(f"item-{n}" for n in range(6)), "line-4"])
    assert len(server.arrivals) == 3 + 4, "nothing done twice: only the torn item and the rest were sent"
