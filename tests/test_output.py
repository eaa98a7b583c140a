"""One way to ask for output in every command: -o/--output, --format (else the file's extension), --json and
--html as shorthands, --force; Markdown by default, eval commands included."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from summarize import CheckReport, StoryReport
from summarize.cli import cli
from summarize.testing import fake_openai

from .conftest import ROOT, SAMPLES

SUMMARY_B = ROOT / "evals" / "samples" / "summary-b.json"
SUMMEDITS = ROOT / "evals" / "data" / "summedits_news_eval.jsonl"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="summarize")


def check(*args: str):
    return run("check", "--no-llm", "-q", "-s", str(SAMPLES / "meta-open-models-b.txt"), str(SUMMARY_B), *args)


def story(*args: str):
    versions = [str(SAMPLES / f"meta-open-models-{x}.txt") for x in "ab"]
    return run("story", "--no-llm", "-q", *versions, *args)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("report.json", "json"), ("report.jsonl", "json"), ("report.html", "html"), ("report.md", "md"), ("r", "md")],
)
def test_the_output_files_extension_sets_the_format(tmp_path, name, kind):
    target = tmp_path / name
    outcome = check("-o", str(target))
    assert outcome.exit_code in (0, 13), outcome.output
    assert outcome.stdout == "", "the report went to the file, not stdout"
    text = target.read_text()
    if kind == "json":
        CheckReport.model_validate_json(text)
    elif kind == "html":
        assert text.startswith("<!DOCTYPE html>") and "data-verdict=" in text
    else:
        assert text.startswith("# ") and "Sources:" in text


def test_format_wins_over_the_extension_and_json_is_its_shorthand(tmp_path):
    target = tmp_path / "report.txt"
    assert check("--format", "json", "-o", str(target)).exit_code in (0, 13)
    CheckReport.model_validate_json(target.read_text())
    shorthand, spelled = json.loads(check("--json").stdout), json.loads(check("--format", "jsonl").stdout)
    assert shorthand.pop("usage")["calls"] == spelled.pop("usage")["calls"] == 0 and shorthand == spelled
    assert check("--format", "html").stdout.startswith("<!DOCTYPE html>")
    assert check().stdout.startswith("# "), "Markdown by default"


def test_contradictory_or_unknown_formats_are_usage_errors(tmp_path):
    both = check("--json", "--format", "html")
    assert both.exit_code == 2 and "--json" in both.stderr and both.stderr.count("\n") == 1
    assert check("--format", "pdf").exit_code == 2
    same = check("-o", str(tmp_path / "r.html"), "--html", str(tmp_path / "r.html"))
    assert same.exit_code == 2 and "both --output and --html" in same.stderr
    assert not (tmp_path / "r.html").exists()


def test_no_file_is_overwritten_without_force(tmp_path):
    for option in ("-o", "--html"):
        target = tmp_path / "kept.html"
        target.write_text("mine")
        refused = check(option, str(target))
        assert refused.exit_code == 2 and "already exists; pass --force" in refused.stderr
        assert target.read_text() == "mine"
        forced = check(option, str(target), "--force")
        assert forced.exit_code in (0, 13) and target.read_text().startswith("<!DOCTYPE html>")


def test_html_is_written_besides_the_printed_report(tmp_path):
    page = tmp_path / "story.html"
    outcome = story("--json", "--html", str(page))
    StoryReport.model_validate_json(outcome.stdout)
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_story_takes_the_same_options(tmp_path):
    target = tmp_path / "story.json"
    outcome = story("-o", str(target))
    assert outcome.exit_code == 1 and outcome.stdout == ""
    StoryReport.model_validate_json(target.read_text())
    assert story("--format", "md").stdout.startswith("# 2 versions of one story")


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_run_takes_the_same_options(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-output-0123456789abcdef")
    article = str(SAMPLES / "meta-open-models-b.txt")
    with fake_openai() as model:
        common = ["--model", "openai/stand-in", "--api-base", model.url, "-q", "--no-verify"]
        jsonl = tmp_path / "summary.jsonl"
        assert run(article, *common, "-o", str(jsonl)).exit_code == 0
        assert json.loads(jsonl.read_text())["summary"]["headline"]
        markdown = run(article, *common, "--format", "md")
        assert markdown.stdout.startswith("# ") and "## Key points" in markdown.stdout
        calls = len(model.arrivals)
        refused = run(article, *common, "-o", str(jsonl))
        assert refused.exit_code == 2 and "already exists" in refused.stderr
        assert len(model.arrivals) == calls, "refused before any model call"


def test_eval_prints_markdown_and_json_on_request(tmp_path):
    common = ["eval", str(SUMMEDITS), "--no-llm", "--limit", "4", "--no-progress", "-q"]
    outcome = run(*common, "--out", str(tmp_path / "run"))
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith("# Eval: summedits_news_eval.jsonl (4 items")
    assert "balanced accuracy" in outcome.stdout and "| dataset | n |" in outcome.stdout
    report = (tmp_path / "run" / "report.md").read_text()
    assert report.strip() == outcome.stdout.strip()
    assert "{'" not in report and "{" not in report, "no raw Python dict in report.md"
    figures = json.loads(run(*common, "--out", str(tmp_path / "run"), "--format", "json").stdout)
    assert figures["n"] == 4 and set(figures) == {"n", "balanced_accuracy", "roc_auc", "per_item"}


def test_eval_summaries_prints_markdown(tmp_path):
    article = str(SAMPLES / "meta-open-models-b.txt")
    common = ["eval", "summaries", article, "--replay", "summaries", "-q"]
    outcome = run(*common, "--out", str(tmp_path / "s"))
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith("# Summaries eval: 1 articles")
    assert "| meta-open-models-b.txt |" in outcome.stdout
    assert (tmp_path / "s" / "report.md").read_text().strip() == outcome.stdout.strip()
    figures = json.loads(run(*common, "--out", str(tmp_path / "s"), "--json").stdout)
    assert figures["claims"] >= 1 and len(figures["articles"]) == 1


@pytest.mark.parametrize(
    "command", [["run"], ["check"], ["story"], ["eval", "run"], ["eval", "summaries"], ["eval", "compare"]]
)
def test_every_report_command_documents_the_same_options(command):
    text = " ".join(run(*command, "-h").stdout.split())
    assert "--format" in text and "--json" in text
    if command[0] != "eval" or command[-1] == "compare":
        assert "-o, --output FILE" in text and "--force" in text


def test_published_eval_reports_hold_no_raw_dict():
    for report in (ROOT / "evals" / "runs").glob("*/report.md"):
        assert "{'" not in report.read_text(), report
