"""What every command shares: model and verbosity options, logging, output files, errors as exit codes."""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar, cast

import click

from summarize import EMBEDDED_CALIBRATION, OutputError, StructuredMode, SummarizeError, resolve_settings
from summarize.files import check_output, require_stdout, write_output
from summarize.input import is_url
from summarize.llm import redact
from summarize.report import printable
from summarize.settings import KEYS

F = TypeVar("F", bound=Callable[..., Any])
THIRD_PARTY_LOGGERS = (
    "LiteLLM",
    "LiteLLM Router",
    "LiteLLM Proxy",
    "litellm",
    "instructor",
    "httpx",
    "httpcore",
    "openai",
)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}
"""Every command answers -h and --help."""


class _ArticleSource(click.Path):
    """A file as a `Path`, or an http(s) URL kept as the `str` it is (a `Path` would fold its `//`)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_url(value):
            return value
        return super().convert(value, param, ctx)


ArticlePath = _ArticleSource(allow_dash=True, path_type=Path)
"""An article or summary: a text or HTML file, `-` for stdin, or an http(s) URL. `summarize.input` reads it (a
missing file, a directory, a device, a page that cannot be fetched: exit 4, the same in every command)."""
OutputPath = click.Path(path_type=Path)
"""An output file; `summarize.files.check_output` checks it before any work."""


MODEL_SETTINGS = ("model", "api_base", "mode", "timeout", "max_reasks", "server_idle")
"""The settings of every command that calls a model."""
CHECK_SETTINGS = (*MODEL_SETTINGS, "calibration", "threshold")
"""And of every command that judges claims."""
_METAVAR = {
    "timeout": "SECONDS",
    "deadline": "SECONDS",
    "threshold": "P",
    "calibration": "FILE",
    "server_idle": "MINUTES",
}
_HELP = {
    "model": "litellm model string, e.g. openai/gpt-4o-mini.  [default: the embedded local model]",
    "api_base": "Base URL of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio).",
    "mode": "instructor's structured-output mode ("
    + ", ".join(m.value for m in StructuredMode)
    + ").  [default: json_schema for the embedded model, else tools]",
    "timeout": "Seconds one model call may take, retries included.  [default: 300]",
    "max_reasks": "Validation re-asks after the first answer.  [default: 2]",
    "rpm": "Requests per minute to each deployment (the model, each fallback); beyond it calls wait for the next "
    "minute.",
    "tpm": "Tokens per minute to each deployment; counted as answers arrive, so calls in flight can overshoot it.",
    "fallback_models": "A model to try when a call to --model fails (repeatable, tried in order).",
    "fallback_api_bases": "The server of the fallback model in the same position (repeatable).",
    "calibration": "The judge's decision rule from FILE, as `summarize eval calibrate` writes it.",
    "threshold": f"Decision threshold on P(supported).  [default: the --calibration file's, else "
    f"{EMBEDDED_CALIBRATION.threshold:g}, calibrated]",
    "deadline": "End the whole command after this long (exit 10); --timeout bounds each model call.",
    "concurrency": "Items in flight at once (1-1024).  [default: 4]",
    "recordings": "Folder of recorded runs.  [default: ./cassettes/evals]",
    "server_idle": "Minutes the embedded model's server stays up for later commands after the last request; 0 "
    "keeps nothing running (it stops with this command).  [default: 10]",
}


def settings_options(*keys: str) -> Callable[[F], F]:
    """Options for the named settings; the command receives them resolved, with the environment and the config
    file, as one `settings` argument (a value that cannot be read ends the command in one line, exit 2)."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {key: kwargs.pop(key) for key in keys}
            with errors_as_exit_codes():
                settings = resolve_settings(**given)
            return function(*args, settings=settings, **kwargs)

        for key in reversed(keys):
            setting = KEYS[key]
            repeated = key.startswith("fallback_")
            help_text = f"{_HELP[key]}  [env: {setting.environment}]"
            names = (setting.option, "-m") if key == "model" else (setting.option,)
            wrapper = click.option(
                *names, key, multiple=repeated, metavar=_METAVAR.get(key, key.upper().split("_")[0]), help=help_text
            )(wrapper)
        return cast(F, wrapper)

    return decorate


def settings_epilog(*keys: str) -> str:
    """The environment variables a command reads, for its -h."""
    rows = [f"  {KEYS[k].environment:<30} {KEYS[k].option}" for k in keys]
    return "\b\nEnvironment (below the options, above the config file):\n" + "\n".join(
        [
            *rows,
            "  SUMMARIZE_CONFIG               the config file (default ~/.config/summarize/config.toml)",
            "  OPENAI_API_KEY, ANTHROPIC_API_KEY, ...   the provider's key, read by litellm",
        ]
    )


def verbosity_options(function: F) -> F:
    """-v (debug, with the model libraries' logs) and -q (errors only), applied before the command runs."""

    @functools.wraps(function)
    def wrapper(*args: Any, verbose: bool, quiet: bool, **kwargs: Any) -> Any:
        setup_logging(verbose=verbose, quiet=quiet)
        return function(*args, **kwargs)

    wrapper = click.option("--quiet", "-q", is_flag=True, help="Errors only on stderr: no progress lines.")(wrapper)
    wrapper = click.option(
        "--verbose", "-v", is_flag=True, help="Debug messages, and the model libraries' own logs (secrets redacted)."
    )(wrapper)
    return cast(F, wrapper)


class RedactingFilter(logging.Filter):
    """Remove secret values (API keys from the environment) from every log line that is let through."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = printable(redact(record.getMessage()))
        record.args = None
        return True


def setup_logging(*, verbose: bool = False, quiet: bool = False) -> None:
    """Progress on stderr (stdout stays clean for --json); third-party loggers silent unless --verbose."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("summarize: %(message)s" if not verbose else "%(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    ours = logging.getLogger("summarize")
    ours.handlers[:] = [handler]
    ours.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO)
    ours.propagate = False
    for name in THIRD_PARTY_LOGGERS:
        theirs = logging.getLogger(name)
        theirs.handlers[:] = [handler] if verbose else [logging.NullHandler()]
        theirs.setLevel(logging.INFO if verbose else logging.CRITICAL + 1)
        theirs.propagate = False


def guard_output(output: Path | None, force: bool, inputs: tuple[Path, ...] | list[Path]) -> Path | None:
    """Check the output locations before any work: the file (`summarize.files.check_output`), and stdout, which
    the command prints to in any case."""
    require_stdout()
    return check_output(output, force=force, inputs=inputs) if output is not None else None


def emit(text: str, target: Path | None) -> None:
    """Print (an error writing stdout, such as a full disk, is one line and exit 2, never a lost report), or write
    the file whole (a temporary file renamed into place, so a crash leaves no half file)."""
    if target is None:
        echo(text)
        return
    write_output(target, text + "\n")
    logging.getLogger("summarize").info("wrote %s", target)


def echo(text: str) -> None:
    """Print a result on stdout and make sure it got there."""
    require_stdout()
    try:
        click.echo(text)
        sys.stdout.flush()
    except (OSError, ValueError) as error:
        _silence_stdout()
        raise OutputError(f"could not write to stdout ({getattr(error, 'strerror', None) or error})") from None


def _silence_stdout() -> None:
    """What stdout still buffers goes nowhere, so that the exit does not fail again with a traceback."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


class errors_as_exit_codes:  # noqa: N801 - used as a statement-like context manager
    """Turn a `SummarizeError` into one line on stderr and its exit code (one table for every command); never a
    traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> Literal[False]:
        if isinstance(error, SummarizeError):
            fail(str(error), error.exit_code)
        if isinstance(error, KeyboardInterrupt):
            fail("interrupted", 130)
        return False


def fail(message: str, code: int) -> NoReturn:
    """Print `summarize: error: message` on stderr (one line; secrets, URL credentials and control characters
    removed) and exit."""
    click.echo(f"summarize: error: {printable(redact(' '.join(message.split())))}", err=True)
    sys.exit(code)
