"""The front door (issue #29): a line per stage on stderr while a command works, a key check that knows local
servers, and articles read from a URL."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import Settings, batch
from summarize.cli import cli
from summarize.llm import ModelConfig, RetryPolicy
from summarize.testing import fake_openai

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
A, B = str(SAMPLES / "meta-open-models-a.txt"), str(SAMPLES / "meta-open-models-b.txt")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-front-door-0123456789")
    with fake_openai() as running:
        yield running


def test_summarize_reports_each_stage_on_stderr_never_on_stdout(server):
    outcome = run(A, "--check", "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code == 0, outcome.stderr
    stages = [line for line in outcome.stderr.splitlines() if line.startswith("summarize: ")]
    assert any(
        line.startswith("summarize: summarizing ") and line.endswith("a.txt with openai/fake") for line in stages
    )
    assert "summarize: verifying key point 1/" in outcome.stderr
    assert "summarize: checking " in outcome.stderr and "summarize: judging key fact " in outcome.stderr
    assert "summarize:" not in outcome.stdout and outcome.stdout.startswith("# ")


def test_quiet_silences_the_stages(server):
    outcome = run(A, "-q", "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code == 0 and outcome.stderr == ""
    assert outcome.stdout.startswith("# ")


def test_check_counts_the_claims_it_judges(server, tmp_path):
    summary = tmp_path / "summary.txt"
    summary.write_text("Meta is weighing a change to its open models. The lab might stop releasing some of them.")
    outcome = run("check", "-s", A, str(summary), "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert "summarize: checking 2 claim(s) against 1 source(s)" in outcome.stderr
    assert "summarize: judging claim 1/2" in outcome.stderr and "summarize: judging claim 2/2" in outcome.stderr
    assert "judging" not in outcome.stdout


def test_story_reports_alignment_and_the_judge(server):
    outcome = run("story", A, B, "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code in (0, 1), outcome.stderr
    for stage in ("aligned 2 versions", "finding the facts of", "summarizing", "asking the judge about", "listing"):
        assert f"summarize: {stage}" in outcome.stderr
    assert "the version closest to the common account" in outcome.stderr
    assert "summarize:" not in outcome.stdout
    assert run("story", A, B, "--no-llm", "-q").stderr == ""


def test_a_batch_shows_its_bar_not_its_items_stages(server, tmp_path, caplog):
    items = tmp_path / "items.jsonl"
    (tmp_path / "a.txt").write_text(Path(A).read_text())
    items.write_text('{"id": "n0", "path": "a.txt"}\n{"id": "n1", "path": "a.txt"}\n')
    settings = Settings(model=ModelConfig(model="openai/fake", api_base=server.url, retry=RetryPolicy(attempts=1)))
    with caplog.at_level(logging.INFO, logger="summarize"):
        done = batch(str(items), tmp_path / "out.jsonl", settings=settings, check=True)
    assert done.ok == 2
    assert not [r for r in caplog.records if r.name == "summarize.progress"]
    assert logging.getLogger("summarize.progress").level == logging.NOTSET, "muted only while the batch ran"
