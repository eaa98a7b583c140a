"""`summarize model`: the embedded local model (assemble and verify it, serve it)."""

from __future__ import annotations

import time

import click

from summarize.cli._common import CONTEXT, echo, errors_as_exit_codes, setup_logging
from summarize.llm import ensure_server, model_path


@click.group("model", context_settings=CONTEXT, short_help="The embedded local model.")
def model_group() -> None:
    """The embedded local model (Qwen2.5-Coder-1.5B-Instruct, llama.cpp)."""


@model_group.command("path", context_settings=CONTEXT, short_help="Assemble, verify, print its path.")
def model_path_command() -> None:
    """Assemble and verify the embedded model (its SHA-256, every time), then print its path.

    \b
    Environment:
      SUMMARIZE_CACHE_DIR   where the assembled model lives  [default: ~/.cache/summarize]
    """
    setup_logging()
    with errors_as_exit_codes():
        echo(str(model_path()))


@model_group.command("serve", context_settings=CONTEXT, short_help="Serve it in the foreground.")
def model_serve_command() -> None:
    """Run the embedded model server in the foreground, so later commands reuse it (it stops with this).

    \b
    Environment:
      SUMMARIZE_SUMMARIZER_PORT   the server's port on 127.0.0.1  [default: 18765]
      SUMMARIZE_CACHE_DIR         where the model and the server log live
    """
    setup_logging()
    with errors_as_exit_codes():
        click.echo(f"serving at {ensure_server()}; Ctrl-C stops", err=True)
        while True:
            time.sleep(3600)
