"""The README is the front door: short, its commands where CI finds them, its demo output and its Python real."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from summarize import story_markdown
from summarize.testing import fake_openai

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def fenced_block_after(marker: str) -> list[str]:
    """The lines of the first fenced block after `marker` (a line of its own, or a heading)."""
    lines = README.splitlines()
    start = lines.index(marker)
    opening = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
    closing = next(i for i in range(opening + 1, len(lines)) if lines[i].startswith("```"))
    return lines[opening + 1 : closing]


def test_the_readme_is_read_in_five_minutes():
    assert len(README.splitlines()) <= 250


def test_the_readme_keeps_the_two_commands_that_ci_runs():
    """.ci/run takes the first line of the block after each marker; both install from this clone."""
    main = fenced_block_after("<!-- main-command -->")
    test = fenced_block_after("<!-- test-command -->")
    assert main[0].startswith("python3 -m venv .venv && .venv/bin/pip install -e '.[local]' && .venv/bin/summarize ")
    assert test[0] == "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/pytest"


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_the_readme_python_runs_and_its_demo_output_is_real(monkeypatch):
    """The Python block runs as written (settings from the environment: a stand-in OpenAI-compatible server), and
    every line of the demo's output that the README shows is a line the story report prints today."""
    monkeypatch.chdir(ROOT)
    code = "\n".join(fenced_block_after("## Python API"))
    with fake_openai() as server:
        monkeypatch.setenv("SUMMARIZE_MODEL", "openai/stand-in")
        monkeypatch.setenv("SUMMARIZE_API_BASE", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "any")
        namespace: dict[str, object] = {}
        exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["result"].summary.key_points and namespace["report"].claims  # type: ignore[attr-defined]
    printed = story_markdown(namespace["versions"]).splitlines()  # type: ignore[arg-type]
    shown = [line for line in _demo_output() if line.strip() and line != "..."]
    timing = re.compile(r"; [0-9.]+ s\.$")
    assert len(shown) > 15
    for line in shown:
        assert any(timing.sub("", line) == timing.sub("", p) for p in printed), f"not printed today: {line}"


def _demo_output() -> list[str]:
    """The second block of the demo section: the output (the first is the commands)."""
    lines = README.splitlines()
    start = lines.index("## Try it in 30 seconds, no model needed")
    fences = [i for i in range(start, len(lines)) if lines[i].startswith("```")]
    assert "summarize story --no-llm" in "\n".join(lines[fences[0] : fences[1]])
    return lines[fences[2] + 1 : fences[3]]


@pytest.mark.parametrize(
    ("shell", "expected"),
    [("bash_source", "complete -o nosort -F _summarize_completion summarize"), ("zsh_source", "#compdef summarize")],
)
def test_shell_completion_works_as_documented(shell, expected):
    """docs/cli.md: `eval "$(_SUMMARIZE_COMPLETE=bash_source summarize)"`, and the script's calls back answer."""
    entry = [sys.executable, "-c", "from summarize.cli import main; main()"]
    env = {**os.environ, "_SUMMARIZE_COMPLETE": shell}
    script = subprocess.run(entry, env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert expected in script
    words = {"COMP_WORDS": "summarize story --no", "COMP_CWORD": "2"}
    complete = {**os.environ, "_SUMMARIZE_COMPLETE": shell.replace("_source", "_complete"), **words}
    answer = subprocess.run(entry, env=complete, capture_output=True, text=True, timeout=60, check=True).stdout
    assert "--no-llm" in answer
