"""The command line: one-line errors, distinct exit codes, and nothing the user gave is overwritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import ModelNotInstalledError
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


def test_model_not_installed(monkeypatch, sample):
    def missing(*_args, **_kwargs):
        raise ModelNotInstalledError("the embedded model is not installed: install it with: pip install ...")

    monkeypatch.setattr("summarize._api.summarize_article", missing)
    outcome = run(sample("a"))
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
    code = "import sys, summarize; from summarize.cli import cli; print(any(m in sys.modules for m in ('litellm', 'instructor', 'vcr')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_module_entry_point_prints_help():
    result = subprocess.run([sys.executable, "-m", "summarize", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage:" in result.stdout
