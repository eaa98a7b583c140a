"""The summarizer on the embedded model, replayed from recordings of the real server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from summarize import (
    SCHEMA_VERSION,
    ReplayMissError,
    Settings,
    SummaryResult,
    asummarize,
    load_article,
    summarize,
)
from summarize.cli import cli
from summarize.llm._client import litellm_module
from summarize.templates import prompt_version
from summarize.text._normalize import normalize_for_match


def assert_grounded(result: SummaryResult) -> None:
    """What validation promises, checked independently of the validators."""
    article = result.article
    ids = {s.id for s in article.sentences}
    summary = result.summary
    assert summary.headline.strip() and summary.summary.strip()
    assert 1 <= len(summary.key_points) <= 7
    if result.verification is not None:  # the model writes three; verification drops what it does not support
        assert len(summary.key_points) + result.verification.dropped == len(result.verification.points) == 3
    for point in summary.key_points:
        assert point.sentence_ids and set(point.sentence_ids) <= ids
    for quote in summary.quotes:
        assert normalize_for_match(quote.text) in normalize_for_match(article.text)
        holder = article.sentence(quote.sentence_id)
        assert holder is not None and normalize_for_match(quote.text) in normalize_for_match(holder.text)


@pytest.mark.vcr
def test_summary_of_sample_b_is_grounded(embedded, sample):
    result = summarize(sample("b"), settings=Settings(model=embedded))
    assert_grounded(result)
    assert result.model == "embedded/qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert result.prompt_version == prompt_version("summarize.system", "summarize.user")
    assert result.usage.calls >= 1
    assert result.usage.prompt_tokens > 500 and result.usage.completion_tokens > 50
    assert result.usage.cost_usd is None
    assert "Meta" in result.summary.summary


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml")
@pytest.mark.anyio
async def test_async_summary_replays_the_same_request(embedded, sample):
    try:
        result = await asummarize(sample("b"), settings=Settings(model=embedded))
    finally:
        await litellm_module().close_litellm_async_clients()
    assert_grounded(result)


@pytest.mark.vcr
def test_summary_of_sample_a_is_grounded_and_names_people(embedded, sample):
    result = summarize(sample("a"), settings=Settings(model=embedded))
    assert_grounded(result)
    assert result.summary.entities, "every story names someone"
    assert result.usage.calls >= 1


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml")
def test_changed_prompt_fails_loudly_instead_of_replaying(embedded, sample, monkeypatch):
    import summarize.summarizer._summarizer as summarizer
    from summarize.templates import render as original

    monkeypatch.setattr(summarizer, "render", lambda name, **kw: original(name, **kw) + " Be brief.")
    with pytest.raises(ReplayMissError, match="no recorded answer"):
        summarize(sample("b"), settings=Settings(model=embedded))


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml")
def test_cli_prints_json_lines_that_validate(embedded, sample, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_API_BASE", str(embedded.api_base))
    outcome = CliRunner().invoke(cli, [str(sample("b")), "--json", "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    (line,) = outcome.stdout.splitlines()
    result = SummaryResult.model_validate(json.loads(line))
    assert json.loads(line)["schema_version"] == SCHEMA_VERSION
    assert result.article == load_article(sample("b"))
    assert_grounded(result)


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml")
def test_cli_prints_markdown_and_writes_output_once(embedded, sample, monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMARIZE_API_BASE", str(embedded.api_base))
    target = tmp_path / "summary.md"
    first = CliRunner().invoke(cli, [str(sample("b")), "--quiet", "--output", str(target)])
    assert first.exit_code == 0, first.output
    text = target.read_text()
    assert text.startswith("# ") and "## Key points" in text
    second = CliRunner().invoke(cli, [str(sample("b")), "--quiet", "--output", str(target)])
    assert second.exit_code == 2
    assert "already exists; pass --force" in second.stderr
    assert target.read_text() == text


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml", allow_playback_repeats=True)
def test_several_articles_are_json_lines_of_one_shape(embedded, sample, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_API_BASE", str(embedded.api_base))
    outcome = CliRunner().invoke(cli, [str(sample("b")), str(sample("b")), "--json", "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["schema_version"] for line in lines] == [SCHEMA_VERSION, SCHEMA_VERSION]
    assert json.loads(lines[0]).keys() == json.loads(lines[1]).keys()


@pytest.mark.vcr("test_summary_of_sample_b_is_grounded.yaml")
def test_entities_come_from_the_recogniser_not_the_model(embedded, sample):
    result = summarize(sample("b"), settings=Settings(model=embedded))
    entities = {e.name: e for e in result.summary.entities}
    assert entities["Mark Zuckerberg"].kind == "person" and entities["Mark Zuckerberg"].role == "CEO"
    assert entities["Meta"].kind == "organization" and entities["Meta"].role is None
    assert not any(e.kind == "person" and e.name.upper() == e.name for e in result.summary.entities)
