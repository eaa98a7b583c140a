"""`summarize serve`: the newsroom service (HTTP API and editors' page) on uvicorn."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from summarize import InputError, Settings
from summarize.cli._common import (
    CHECK_SETTINGS,
    CONTEXT,
    errors_as_exit_codes,
    settings_epilog,
    settings_options,
    verbosity_options,
)

INSTALL_HINT = "the service needs its extra: pip install 'summarize[service]'"
SETTINGS = (*CHECK_SETTINGS, "rpm", "tpm", "fallback_models", "fallback_api_bases")
"""The library's settings, as every command resolves them; the service's own options are below."""
ENVIRONMENT = (
    settings_epilog(*SETTINGS)
    + """
  SUMMARIZE_DATABASE             --database (a SQLAlchemy URL)
  SUMMARIZE_DATA_DIR             --data-dir
  SUMMARIZE_TOKEN_FILE           --token-file"""
)


@click.command("serve", context_settings=CONTEXT, short_help="Run the newsroom service.", epilog=ENVIRONMENT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option(
    "--database", metavar="URL", envvar="SUMMARIZE_DATABASE", show_envvar=True,
    help="Where jobs live: a SQLAlchemy URL, e.g. postgresql+psycopg://host/db.  [default: DATA_DIR/jobs.db]",
)  # fmt: skip
@click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="SUMMARIZE_DATA_DIR", show_envvar=True,
    help="The service's folder (the SQLite file, batch files).  [default: ~/.local/share/summarize/service]",
)  # fmt: skip
@click.option(
    "--token-file", type=click.Path(dir_okay=False, path_type=Path), envvar="SUMMARIZE_TOKEN_FILE", show_envvar=True,
    help="Bearer tokens, one name:token a line (the name goes into the audit log).",
)  # fmt: skip
@click.option("--no-auth", is_flag=True, help="No token needed: only on a loopback --host.")
@settings_options(*SETTINGS)
@click.option("--concurrency", type=click.IntRange(min=1), help="Jobs at once.  [default: 1 embedded, 4 hosted]")
@click.option(
    "--keep-days", type=click.FloatRange(min=0), default=30, show_default=True, help="Keep results this long."
)
@click.option("--max-request-mb", type=click.FloatRange(min=0.001), default=10, show_default=True, help="Body cap.")
@click.option("--rate-limit", type=click.IntRange(min=1), default=600, show_default=True, help="Requests/minute/token.")
@click.option(
    "--lease", type=click.FloatRange(min=1), default=30, show_default=True,
    help="Seconds without a sign of life before another replica takes up a running job.",
)  # fmt: skip
@verbosity_options
def serve_command(
    host: str,
    port: int,
    database: str | None,
    data_dir: Path | None,
    token_file: Path | None,
    no_auth: bool,
    settings: Settings,
    concurrency: int | None,
    keep_days: float,
    max_request_mb: float,
    rate_limit: int,
    lease: float,
) -> None:
    """Run the newsroom service: the HTTP API (/v1, docs at /v1/docs) and the editors' page (/).

    Jobs and the audit log live in DATABASE (a SQLite file by default; a Postgres URL lets several replicas
    share the queue). A job accepted is never lost: a service stopped or killed and started again runs the queued
    jobs and takes up those that were running (at once after a stop, after --lease seconds after a kill).

    \b
    Examples:
      summarize serve --token-file tokens.txt
      summarize serve --no-auth                       (this machine only)
      summarize serve --token-file tokens.txt --host 0.0.0.0 -m openai/gpt-4o-mini --concurrency 16
      summarize serve --token-file tokens.txt --database postgresql+psycopg://db.internal/summarize

    Exit codes: 0 stopped (Ctrl-C, SIGTERM); 2 usage error (no token file, --no-auth off loopback, a database
    that cannot be written); 4 unreadable token file.
    """
    with errors_as_exit_codes(gating=True):
        try:
            import uvicorn

            from summarize.service import JobStore, ServiceSettings, Tokens, create_app, default_data_dir
            from summarize.service import sqlite_url as default_database
        except ImportError:
            raise InputError(INSTALL_HINT) from None
        tokens = _tokens(token_file, no_auth, host)
        folder = data_dir or default_data_dir()
        service = ServiceSettings(
            run=settings,
            database=database or default_database(folder),
            tokens=Tokens.read(tokens) if tokens else None,
            data_dir=folder,
            concurrency=concurrency or (1 if settings.model.is_embedded else 4),
            keep_days=keep_days,
            max_body_bytes=int(max_request_mb * 2**20),
            rate_per_minute=rate_limit,
            lease_seconds=lease,
        )
        store = JobStore(service.database)
        store.create_tables(service.replica)  # a database that cannot be written is refused here, in one line
        click.echo(f"summarize: serving http://{host}:{port}/ with {settings.model.display_name}; jobs in "
                   f"{store.display_url}", err=True)  # fmt: skip
        uvicorn.run(create_app(service, store), host=host, port=port, log_level="info", timeout_graceful_shutdown=10)


def _tokens(token_file: Path | None, no_auth: bool, host: str) -> Path | None:
    if token_file is not None and no_auth:
        raise InputError("--token-file and --no-auth exclude each other")
    if no_auth and not _loopback(host):
        raise InputError(f"--no-auth serves anyone who can reach {host}: only on a loopback --host (127.0.0.1)")
    if token_file is None and not no_auth:
        raise InputError("give --token-file FILE (one name:token a line), or --no-auth on a loopback --host")
    return token_file


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
