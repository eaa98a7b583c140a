"""The interfaces users expect: help, versioned JSON, configuration, verbosity, and an unambiguous Python API."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    EMBEDDED_CALIBRATION,
    SCHEMA_VERSION,
    CheckReport,
    InputError,
    ModelConfig,
    Settings,
    StructuredMode,
    Summary,
    acheck,
    check,
    json_schema,
    load_article,
    resolve_settings,
    schema_names,
    summarize,
)
from summarize.cli import cli
from summarize.testing import FakeModel, Step, fault_server

from .conftest import ROOT

COMMANDS = [
    [],
    ["run"],
    ["check"],
    ["eval"],
    ["eval", "run"],
    ["eval", "compare"],
    ["eval", "summaries"],
    ["model"],
    ["model", "path"],
    ["model", "serve"],
    ["schema"],
]
SUMMARY_B = ROOT / "evals" / "samples" / "summary-b.json"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, prog_name="summarize")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "summarize")
def test_every_command_answers_dash_h_with_examples_or_environment(command):
    outcome = run(*command, "-h")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith("Usage: summarize")
    if "Commands:" in outcome.stdout:
        listed = outcome.stdout.split("Commands:")[1].splitlines()
        assert not any(line.rstrip().endswith("...") for line in listed), "no command summary is cut"
    if command and command[-1] in ("run", "check", "summaries", "compare", "schema"):
        assert "Example" in outcome.stdout


@pytest.mark.parametrize("command", [["run"], ["check"], ["story"], ["batch"], ["eval", "run"], ["config"]])
def test_setting_options_show_their_defaults_and_environment_variables(command):
    text = " ".join(run(*command, "-h").stdout.split())
    for shown in ("[env: SUMMARIZE_MODEL]", "[env: SUMMARIZE_API_BASE]", "[default: 300]", "--calibration FILE"):
        assert shown in text, shown


def test_every_setting_can_come_from_an_option_the_environment_or_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('timeout = 60\nconcurrency = 8\nfallback_models = ["openai/a", "openai/b"]\nthreshold = 0.4\n')
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(config))
    monkeypatch.setenv("SUMMARIZE_TIMEOUT", "90")
    settings = resolve_settings(concurrency=2)
    assert settings.model.timeout == 90 and settings.origins["timeout"] == "environment SUMMARIZE_TIMEOUT"
    assert settings.concurrency == 2 and settings.origins["concurrency"] == "option --concurrency"
    assert [d.model for d in settings.model.fallbacks] == ["openai/a", "openai/b"]
    assert settings.calibration.threshold == 0.4 and settings.origins["threshold"] == f"config file {config}"
    assert settings.calibration.weights == EMBEDDED_CALIBRATION.weights, "a threshold keeps the shipped rule's form"


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("option", "inf", "timeout (from option --timeout) must be a finite number"),
        ("option", "nan", "timeout (from option --timeout) must be a finite number"),
        ("environment", "soon", "timeout (from environment SUMMARIZE_TIMEOUT) must be a number"),
        ("file", "5", "model (from config file"),
        ("file", "[]", "timeout (from config file"),
    ],
)
def test_a_setting_that_cannot_be_read_is_refused_in_one_line_naming_where_it_came_from(
    where, value, message, tmp_path, monkeypatch
):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(config))
    arguments = ["config"]
    if where == "option":
        arguments += ["--timeout", value]
    elif where == "environment":
        monkeypatch.setenv("SUMMARIZE_TIMEOUT", value)
    else:
        config.write_text(f"model = {value}\n" if message.startswith("model") else f"timeout = {value}\n")
    outcome = run(*arguments)
    assert outcome.exit_code == 2 and outcome.stderr.startswith("summarize: error: " + message), outcome.stderr
    assert len(outcome.stderr.splitlines()) == 1


def test_a_config_file_that_is_a_directory_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(tmp_path))
    outcome = run("config")
    assert outcome.exit_code == 2 and "not a regular file" in outcome.stderr


def test_summarize_config_says_where_each_setting_came_from_and_masks_credentials(monkeypatch):
    monkeypatch.setenv("SUMMARIZE_MODEL", "openai/gpt-4o-mini")
    outcome = run("config", "--api-base", "http://newsroom:s3cret@gpu-box:8000/v1", "--json")
    found = json.loads(outcome.stdout)["settings"]
    assert found["model"] == {"value": "openai/gpt-4o-mini", "from": "environment SUMMARIZE_MODEL"}
    assert found["api_base"] == {"value": "http://***@gpu-box:8000/v1", "from": "option --api-base"}
    assert found["timeout"]["from"] == "default"
    assert "s3cret" not in outcome.stdout + outcome.stderr


def test_json_schemas_are_published_and_versioned():
    assert {"summary", "check-report", "eval-metrics", "eval-prediction", "eval-run"} <= set(schema_names())
    for name in schema_names():
        published = json.loads((ROOT / "schemas" / f"{name}.json").read_text())
        assert published == json_schema(name), f"schemas/{name}.json is stale: summarize schema {name} > it"
    assert "schema_version" in json_schema("summary")["properties"]
    outcome = run("schema", "check-report")
    assert outcome.exit_code == 0 and json.loads(outcome.stdout)["$id"].endswith(f"/v{SCHEMA_VERSION}")
    assert run("schema", "nonsense").exit_code == 2


def test_check_json_is_versioned_and_one_line(sample, tmp_path):
    outcome = run("check", "--no-llm", "-q", "--json", "-s", str(sample("b")), str(SUMMARY_B))
    (line,) = outcome.stdout.splitlines()
    assert json.loads(line)["schema_version"] == SCHEMA_VERSION
    assert CheckReport.model_validate_json(line).claims


def test_defaults_come_from_the_environment_then_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('model = "anthropic/claude-3-5-haiku-latest"\nmode = "json"\n')
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(config))
    assert resolve_settings().model.model == "anthropic/claude-3-5-haiku-latest"
    assert resolve_settings().model.mode is StructuredMode.JSON
    monkeypatch.setenv("SUMMARIZE_MODEL", "openai/gpt-4o-mini")
    assert resolve_settings().model.model == "openai/gpt-4o-mini", "the environment beats the file"
    assert resolve_settings(model="ollama/llama3").model.model == "ollama/llama3", "an argument beats both"
    assert resolve_settings().origins["model"] == "environment SUMMARIZE_MODEL"
    assert resolve_settings().origins["mode"] == f"config file {config}"
    config.write_text('modle = "typo"\n')
    with pytest.raises(InputError, match="unknown setting"):
        resolve_settings()


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_the_cli_uses_summarize_model_and_api_base(sample, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key-0123456789")
    with fault_server(Step(401, message="bad key")) as server:
        env = {"SUMMARIZE_MODEL": "openai/gpt-4o-mini", "SUMMARIZE_API_BASE": server.url}
        outcome = run(str(sample("b")), "-q", env=env)
        assert outcome.exit_code == 9 and "openai/gpt-4o-mini refused the credentials" in outcome.stderr
        assert len(server.requests) == 1


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_third_party_logs_are_silent_unless_verbose_and_redacted_when_shown(sample, monkeypatch):
    key = "sk-test-SECRET-in-a-log-line-0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    with fault_server(Step(401, message=f"Incorrect API key provided: {key}")) as server:
        args = [str(sample("b")), "--model", "openai/gpt-4o-mini", "--api-base", server.url]
        logging.getLogger("instructor").warning("a third-party line before the command")
        quiet = run(*args, "-q")
        logging.getLogger("instructor").error("instructor says %s", key)
        assert "instructor says" not in quiet.stderr
        verbose = run(*args, "-v")
        logging.getLogger("instructor").error("instructor says %s", key)
    assert quiet.exit_code == verbose.exit_code == 9
    assert quiet.stderr.count("\n") == 1, "only the error line under -q"
    assert key not in quiet.stderr + verbose.stderr


def test_a_str_is_text_and_a_path_is_a_file(sample):
    with pytest.raises(InputError, match="pass Path"):
        summarize("article.txt", client=FakeModel())
    with pytest.raises(InputError, match="pass Path"):
        check("Meta delayed Behemoth.", ["article.html"], use_llm=False)
    text = Path(sample("a")).read_text()
    from_text = check("Meta delayed the release of Behemoth.", [text], use_llm=False)
    from_path = check("Meta delayed the release of Behemoth.", [sample("a")], use_llm=False)
    assert from_text.claims[0].evidence[0].text == from_path.claims[0].evidence[0].text


def test_check_takes_api_base_and_a_client(sample):
    summary = Summary.model_validate_json(json.dumps(json.loads(SUMMARY_B.read_text())["summary"]))
    fake = FakeModel(yes_probabilities=deque([0.9] * 10))
    report = check(summary, [sample("b")], client=fake)
    assert [c.key_point for c in report.claims] == list(range(len(summary.key_points)))
    assert report.judge is not None and report.judge.model == "fake/model"
    assert all(m[0]["role"] == "system" for m in fake.requests)
    with pytest.raises(TypeError):
        check(summary, [sample("b")], no_such_option=True)  # type: ignore[call-arg]
    assert "api_base" in (check.__kwdefaults__ or {})


def test_acheck_is_the_async_twin(sample):
    fake = FakeModel(yes_probabilities=deque([0.2, 0.2]))  # whole, window
    report = asyncio.run(acheck("Meta delayed the release of Behemoth.", [sample("a")], client=fake))
    claim = report.claims[0]
    assert claim.verdict in ("contradicted", "not_in_source") and claim.probability is not None
    assert claim.probability < 0.5 and not fake.yes_probabilities


def test_check_threshold_option_changes_the_decision(sample, monkeypatch):
    outcome = run("check", "--threshold", "1.5", "-s", str(sample("b")), str(SUMMARY_B))
    assert outcome.exit_code == 2 and "1.5" in outcome.stderr
    help_text = run("check", "-h").stdout
    assert "--threshold" in help_text and "calibrated" in help_text


def test_atomic_with_no_llm_is_refused(sample):
    outcome = run("check", "--atomic", "--no-llm", "-s", str(sample("b")), str(SUMMARY_B))
    assert outcome.exit_code == 2 and "--atomic" in outcome.stderr and "--no-llm" in outcome.stderr


def test_eval_commands_take_api_base_and_mode():
    for command in (["eval", "run"], ["eval", "summaries"]):
        text = run(*command, "-h").stdout
        assert "--api-base" in text and "--mode" in text and "--recordings" in text


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_several_articles_print_json_lines_one_shape(sample, tmp_path, monkeypatch):
    """Every input is validated first: a missing second file fails before any model call."""
    with fault_server(Step(500)) as server:
        outcome = run(str(sample("a")), str(tmp_path / "missing.txt"), "--model", "openai/x", "--api-base", server.url)
        assert outcome.exit_code == 4 and server.requests == []


def test_output_folder_is_checked_before_any_work(sample, tmp_path):
    outcome = run(str(sample("a")), "-o", str(tmp_path / "no-such-folder" / "out.json"))
    assert outcome.exit_code == 2 and "does not exist" in outcome.stderr


def test_the_default_settings_are_the_embedded_model_and_the_shipped_rule(monkeypatch):
    monkeypatch.delenv("SUMMARIZE_RECORDINGS")
    assert resolve_settings() == Settings()
    assert resolve_settings().model == ModelConfig() and resolve_settings().calibration == EMBEDDED_CALIBRATION
    assert load_article(ROOT / "tests" / "data" / "samples" / "meta-open-models-a.txt").sentences


def test_every_property_of_every_published_schema_is_described():
    """A client writing against `schemas/` reads what each field means; attribute docstrings are the descriptions."""

    def undescribed(node: object, where: str) -> list[str]:
        if isinstance(node, list):
            return [m for item in node for m in undescribed(item, where)]
        if not isinstance(node, dict):
            return []
        found = [f"{where}.{k}" for k, v in node.get("properties", {}).items() if "description" not in v]
        for key, value in node.items():
            if key == "$defs":
                found += [m for name, d in value.items() for m in undescribed(d, name)]
            elif key != "properties":
                found += undescribed(value, where)
        return found + [m for v in node.get("properties", {}).values() for m in undescribed(v, where)]

    for name in schema_names():
        assert undescribed(json_schema(name), name) == [], name
