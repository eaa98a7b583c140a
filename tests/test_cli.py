"""The command line: one-line errors, distinct exit codes, and nothing the user gave is overwritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (None, 4, "no such file"),
        (b"", 5, "empty"),
        (b"\x00\x01\x02binary", 5, "binary"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", 6, "no article text"),
    ],
)
def test_bad_input_is_one_line_and_a_distinct_code(tmp_path, content, code, message):
    path = tmp_path / "input.html"
    if content is not None:
        path.write_bytes(content)
    outcome = run(str(path))
    assert outcome.exit_code == code
    assert message in outcome.stderr
    assert outcome.stderr.count("\n") == 1 and "Traceback" not in outcome.stderr


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_model_not_installed(monkeypatch, sample):
    monkeypatch.setattr("summarize.llm._embedded.PART_MODULES", ["summarize_test_no_such_model_part"])
    outcome = run(str(sample("a")))
    assert outcome.exit_code == 8
    assert "pip install" in outcome.stderr


def test_output_never_overwrites_an_input(tmp_path, sample):
    article = tmp_path / "article.txt"
    article.write_text(Path(sample("a")).read_text())
    before = article.read_text()
    outcome = run(str(article), "--output", str(article), "--force")
    assert outcome.exit_code == 2
    assert "is one of the inputs" in outcome.stderr
    assert article.read_text() == before


def test_unknown_option_is_a_usage_error():
    assert run("--no-such-option").exit_code == 2


def test_help_is_fast_and_does_not_import_litellm():
    code = (
        "import sys, summarize; from summarize.cli import cli; "
        "print(any(m in sys.modules for m in ('litellm', 'instructor', 'vcr')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_module_entry_point_prints_help():
    result = subprocess.run([sys.executable, "-m", "summarize", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_a_prompt_longer_than_the_context_is_refused_before_any_request(sample):
    """The judge's whole-document question about a 13,000-word article cannot fit: refused with exit 7, never cut."""
    from summarize import ArticleTooLongError, load_article
    from summarize.llm import LLM, ModelConfig

    body = load_article(sample("c")).text
    messages = [{"role": "user", "content": "\n".join([body] * 12)}]
    with pytest.raises(ArticleTooLongError, match="8192-token context.*never truncated") as refused:
        LLM(ModelConfig()).check_fits(messages, 1, "the claim with its evidence")
    assert refused.value.exit_code == 7


def test_a_long_article_is_summarized_from_its_most_newsworthy_sentences(tmp_path, sample):
    """The summary prompt holds the excerpt the key points rest on, not the article: its length does not grow
    with the article's (13,000 words here)."""
    from summarize import load_article
    from summarize.input import as_article
    from summarize.summarizer._summarizer import plan_summary, summary_messages

    body = load_article(sample("c")).text
    long_article = as_article("\n".join([body] * 12))
    short_prompt = summary_messages(plan_summary(as_article(body)))
    long_prompt = summary_messages(plan_summary(long_article))
    assert len(long_prompt[1]["content"]) < 1.5 * len(short_prompt[1]["content"]) < 0.2 * len(long_article.text)


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_provider_refusing_the_key_exits_9_and_names_the_variable(sample, monkeypatch):
    from summarize.testing import Step, fault_server

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-wrong-key-0123456789abcdef")
    with fault_server(Step(401, message="Incorrect API key provided")) as server:
        outcome = run(str(sample("b")), "--quiet", "--model", "openai/gpt-4o-mini", "--api-base", server.url)
    assert outcome.exit_code == 9
    assert "OPENAI_API_KEY" in outcome.stderr and "sk-test-wrong" not in outcome.stderr


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_unreachable_provider_exits_10(sample, monkeypatch):
    import functools
    import socket

    from summarize import ModelConfig, RetryPolicy

    no_wait = functools.partial(ModelConfig, retry=RetryPolicy(attempts=2, initial_wait=0.0, max_wait=0.0, jitter=0.0))
    monkeypatch.setattr("summarize.settings._settings.ModelConfig", no_wait)  # where the CLI's settings build it
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-unreachable-0123456789")  # without one, nothing would be sent
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = run(
        str(sample("b")), "--quiet", "--model", "openai/gpt-4o-mini", "--api-base", f"http://127.0.0.1:{port}/v1"
    )
    assert outcome.exit_code == 10
    assert "could not be reached" in outcome.stderr and "after 2 attempt(s)" in outcome.stderr, "the policy given"
