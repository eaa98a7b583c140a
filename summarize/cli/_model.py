"""`summarize model`: the embedded local model (assemble and verify it; serve, stop and show its server)."""

from __future__ import annotations

import json
import time

import click

from summarize.cli._common import CONTEXT, echo, errors_as_exit_codes, setup_logging
from summarize.llm import ensure_server, model_path, server_status, stop_server

_ENVIRONMENT = """
\b
Environment:
  SUMMARIZE_SUMMARIZER_PORT   the port a new server listens on (127.0.0.1)  [default: 18765, else a free one]
  SUMMARIZE_CACHE_DIR         where the model, and the server's state and log, live  [default: ~/.cache/summarize]
"""


@click.group("model", context_settings=CONTEXT, short_help="The embedded local model and its server.")
def model_group() -> None:
    """The embedded local model (Qwen2.5-Coder-1.5B-Instruct, llama.cpp) and its server.

    The first command that needs the model starts a server for it, which later commands of the same user reuse;
    it stops after --idle minutes without a request (10 by default; --idle 0 keeps nothing running) or on
    `summarize model stop`.
    """


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


@model_group.command("serve", context_settings=CONTEXT, short_help="Serve it in the foreground.", epilog=_ENVIRONMENT)
def model_serve_command() -> None:
    """Run the embedded model's server in the foreground, for later commands to reuse, until Ctrl-C.

    If a server already runs, this waits on it (and leaves it running when stopped).
    """
    setup_logging()
    with errors_as_exit_codes():
        endpoint = ensure_server(foreground=True)
        click.echo(f"serving at {endpoint.api_base}; Ctrl-C stops", err=True)
        while server_status() is not None:
            time.sleep(5)
        click.echo("the server stopped", err=True)


@model_group.command("stop", context_settings=CONTEXT, short_help="Stop its server.", epilog=_ENVIRONMENT)
def model_stop_command() -> None:
    """Stop the embedded model's server, if this user runs one."""
    setup_logging()
    with errors_as_exit_codes():
        pid = stop_server()
    echo(f"stopped the embedded model server (pid {pid})" if pid else "no embedded model server was running")


@model_group.command("status", context_settings=CONTEXT, short_help="Show its server.", epilog=_ENVIRONMENT)
@click.option("--json", "as_json", is_flag=True, help="The status as JSON (null when none runs).")
def model_status_command(as_json: bool) -> None:
    """Show this user's embedded model server: address, process, memory, idle time, requests, prompt tokens
    evaluated, cached prompt states."""
    setup_logging()
    with errors_as_exit_codes():
        status = server_status()
    if as_json:
        echo(json.dumps(status, indent=2))
    elif status is None:
        echo("no embedded model server is running")
    else:
        echo("\n".join(describe_status(status)))


def describe_status(status: dict[str, object]) -> list[str]:
    """The status as lines for people."""

    def number(key: str) -> float:
        value = status.get(key)
        return float(value) if isinstance(value, int | float) else 0.0

    limit = status.get("idle_limit_seconds")
    stops = f"stops after {number('idle_limit_seconds') / 60:g} min idle" if limit else "no idle stop"
    memory = f"{number('rss_bytes') / 2**30:.2f} GB resident" if status.get("rss_bytes") else "memory unknown"
    return [
        f"running at {status['api_base']} (pid {status['pid']}), {memory}",
        f"up {(time.time() - number('started')) / 60:.1f} min, idle {number('idle_seconds'):.0f} s ({stops})",
        f"{number('requests'):.0f} requests; {number('prompt_tokens_evaluated'):.0f} prompt tokens evaluated in "
        f"{number('prompt_ms') / 1000:.1f} s, {number('generated_tokens'):.0f} generated in "
        f"{number('generation_ms') / 1000:.1f} s",
        f"prompt cache: {number('cache_states'):.0f} states, {number('cache_bytes') / 2**20:.0f} MB",
    ]
