"""The `summarize` command line: parse, call the public API, format, exit with a documented code.

One module per command; each is a thin layer over `summarize`'s public API (ruff bans private imports here).
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click
from click_default_group import DefaultGroup

from summarize import __version__
from summarize.cli._batch import batch_command
from summarize.cli._check import check_command
from summarize.cli._common import CONTEXT, fail
from summarize.cli._config import config_command
from summarize.cli._eval import eval_group
from summarize.cli._model import model_group
from summarize.cli._run import run_command
from summarize.cli._schema import schema_command
from summarize.cli._serve import serve_command
from summarize.cli._story import story_command
from summarize.llm import abandoned_calls


class _OneLineErrors(DefaultGroup):  # type: ignore[misc]
    """The root command: a usage error (an unknown option, a missing argument, a value click refuses) is one line,
    `summarize: error: ...`, exit 2, like every other error; not click's three (Usage, Try, Error)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as error:
            where = f" (see `{error.ctx.command_path} -h`)" if error.ctx is not None else ""
            fail(error.format_message().rstrip(".") + where, 2)
        except click.ClickException as error:
            fail(error.format_message(), error.exit_code)
        except click.Abort:
            fail("interrupted", 130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OneLineErrors, default="run", default_if_no_args=False, context_settings=CONTEXT)
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
    try:
        cli(prog_name="summarize")
    except SystemExit as done:
        if abandoned_calls():
            _exit_at_once(done.code)
        raise


def _exit_at_once(code: object) -> NoReturn:
    """Leave without the interpreter's finalization, which could wait forever on a model call given up on: its
    thread may hold an import lock that a library's finalizer needs (litellm's HTTP handlers import as they are
    collected). The exit handlers run first, so servers the tool started stop."""
    atexit._run_exitfuncs()
    if isinstance(code, str):
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


def _exit_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)
