"""What every command shares: model and verbosity options, logging, output files, errors as exit codes."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar, cast

import click

from summarize import (
    EMBEDDED_CALIBRATION,
    Calibration,
    OutputExistsError,
    StructuredMode,
    SummarizeError,
    load_calibration,
)
from summarize.llm import redact

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
MODEL_ENVIRONMENT = """\b
Environment:
  SUMMARIZE_MODEL      default --model (else the config file, else the embedded model)
  SUMMARIZE_API_BASE   default --api-base
  SUMMARIZE_MODE       default --mode
  SUMMARIZE_CONFIG     the config file (default ~/.config/summarize/config.toml: model, api_base, mode)
  OPENAI_API_KEY, ANTHROPIC_API_KEY, ...   the provider's key, read by litellm"""

ArticlePath = click.Path(dir_okay=False, allow_dash=True, path_type=Path)
"""An article or summary file: text or HTML; `-` is stdin."""
OutputPath = click.Path(dir_okay=False, writable=True, path_type=Path)


def model_options(function: F) -> F:
    """--model, --api-base, --mode and --timeout, for every command that calls a model."""
    function = click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        default=300.0,
        show_default=True,
        help="Seconds one model request may take.",
    )(function)
    function = click.option(
        "--mode",
        type=click.Choice([m.value for m in StructuredMode]),
        envvar="SUMMARIZE_MODE",
        show_envvar=True,
        help="instructor's structured-output mode.  [default: json_schema for the embedded model, else tools]",
    )(function)
    function = click.option(
        "--api-base",
        metavar="URL",
        envvar="SUMMARIZE_API_BASE",
        show_envvar=True,
        help="Base URL of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio).",
    )(function)
    return click.option(
        "--model",
        "-m",
        metavar="MODEL",
        envvar="SUMMARIZE_MODEL",
        show_envvar=True,
        help="litellm model string, e.g. openai/gpt-4o-mini.  [default: the embedded local model]",
    )(function)


def verbosity_options(function: F) -> F:
    """-v (debug, with the model libraries' logs) and -q (errors only), applied before the command runs."""

    @functools.wraps(function)
    def wrapper(*args: Any, verbose: bool, quiet: bool, **kwargs: Any) -> Any:
        setup_logging(verbose=verbose, quiet=quiet)
        return function(*args, **kwargs)

    wrapper = click.option("--quiet", "-q", is_flag=True, help="Errors only on stderr.")(wrapper)
    wrapper = click.option(
        "--verbose", "-v", is_flag=True, help="Debug messages, and the model libraries' own logs (secrets redacted)."
    )(wrapper)
    return cast(F, wrapper)


class RedactingFilter(logging.Filter):
    """Remove secret values (API keys from the environment) from every log line that is let through."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
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
    """Check an output location before any work: never an input, never an existing file without --force,
    and its folder must exist and be writable."""
    if output is None:
        return None
    if any(str(i) != "-" and i.exists() and output.resolve() == i.resolve() for i in inputs):
        raise OutputExistsError(f"{output}: is one of the inputs; refusing to overwrite it")
    if output.exists() and not force:
        raise OutputExistsError(f"{output}: already exists; pass --force to overwrite it")
    folder = output.resolve().parent
    if not folder.is_dir():
        raise OutputExistsError(f"{output}: its folder {folder} does not exist")
    probe = folder / f".{output.name}.probe"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputExistsError(f"{output}: cannot write in {folder} ({error.strerror})") from None
    return output


def emit(text: str, target: Path | None) -> None:
    """Print, or write the file whole (a temporary file renamed into place, so a crash leaves no half file)."""
    if target is None:
        click.echo(text)
        return
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(target)
    logging.getLogger("summarize").info("wrote %s", target)


def calibration_options(function: F) -> F:
    """--calibration FILE (a rule `summarize eval calibrate` wrote) and --threshold, which overrides its threshold."""
    function = click.option(
        "--threshold",
        type=click.FloatRange(0, 1),
        help=f"Decision threshold on P(supported).  [default: the --calibration file's, else "
        f"{EMBEDDED_CALIBRATION.threshold:g}, calibrated]",
    )(function)
    return click.option(
        "--calibration",
        "calibration_file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        metavar="FILE",
        help="The judge's decision rule from FILE, as `summarize eval calibrate` writes it.",
    )(function)


def chosen_calibration(calibration_file: Path | None, threshold: float | None) -> Calibration | None:
    """The rule the options name, or None for the shipped one."""
    rule = load_calibration(calibration_file) if calibration_file is not None else None
    if threshold is None:
        return rule
    base = rule or EMBEDDED_CALIBRATION
    return base.with_threshold(threshold, f"threshold set by --threshold {threshold}; the rule: {base.provenance}")


def deadline_option(function: F) -> F:
    """--deadline: the whole command ends by then, however many model calls it makes."""
    return click.option(
        "--deadline",
        type=click.FloatRange(min=1),
        metavar="SECONDS",
        help="End the whole command after this long (exit 10); --timeout bounds each model call.",
    )(function)


class errors_as_exit_codes:  # noqa: N801 - used as a statement-like context manager
    """Turn a `SummarizeError` into one line on stderr and its exit code; never a traceback."""

    def __init__(self, gating: bool = False) -> None:
        self.gating = gating

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> Literal[False]:
        if isinstance(error, SummarizeError):
            fail(str(error), error.category_exit_code if self.gating else error.exit_code)
        if isinstance(error, KeyboardInterrupt):
            fail("interrupted", 130)
        return False


def fail(message: str, code: int) -> NoReturn:
    """Print `summarize: error: message` on stderr (one line, secrets redacted) and exit."""
    click.echo(f"summarize: error: {redact(' '.join(message.split()))}", err=True)
    sys.exit(code)
