"""The `summarize` command line: parse, call the public API, format, exit with a documented code.

One module per command; each is a thin layer over `summarize`'s public API (ruff bans private imports here).
"""

from __future__ import annotations

import signal

import click
from click_default_group import DefaultGroup

from summarize import __version__
from summarize.cli._batch import batch_command
from summarize.cli._check import check_command
from summarize.cli._common import CONTEXT
from summarize.cli._config import config_command
from summarize.cli._eval import eval_group
from summarize.cli._model import model_group
from summarize.cli._run import run_command
from summarize.cli._schema import schema_command
from summarize.cli._serve import serve_command
from summarize.cli._story import story_command


@click.group(cls=DefaultGroup, default="run", default_if_no_args=False, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="summarize")
def cli() -> None:
    """Structured, source-checked summaries of news articles, on any LLM provider or offline.

    \b
    Examples:
      summarize article.txt                       summarize one article (Markdown)
      summarize page.html --json --check          JSON, checked against its article
      summarize check -s article.txt summary.json check a summary against its sources
      summarize batch wire/ --out results.jsonl   many articles, concurrent and resumable
      summarize story a.txt b.html c.txt          one story from several outlets: where they differ
      summarize eval data.jsonl --sample 200      measure the checker on labelled data
      summarize schema summary                    the JSON Schema of --json output
      summarize config                            the settings in effect, and where each came from
      summarize serve --token-file tokens.txt     the newsroom service: HTTP API and editors' page

    `summarize ARTICLE...` is short for `summarize run ARTICLE...`. Every command answers -h.
    """


cli.add_command(run_command)
cli.add_command(check_command)
cli.add_command(batch_command)
cli.add_command(eval_group)
cli.add_command(model_group)
cli.add_command(schema_command)
cli.add_command(config_command)
cli.add_command(story_command)
cli.add_command(serve_command)


def main() -> None:
    """Entry point of the console script: SIGTERM and SIGHUP end it like Ctrl-C, so servers it started stop."""
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _exit_on_signal)
    cli(prog_name="summarize")


def _exit_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)
