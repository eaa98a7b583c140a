"""The `summarize` command line: parse, call the public API, format, exit with a meaningful code."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from click_default_group import DefaultGroup

from ._errors import OutputExistsError, SummarizeError

MODES = ["tools", "json", "md_json", "json_schema"]


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="summarize")


@click.group(cls=DefaultGroup, default="run", default_if_no_args=False)
@click.version_option(package_name="summarize")
def cli() -> None:
    """Structured, source-checked summaries of news articles.

    `summarize ARTICLE...` summarizes; `summarize check` checks a summary against its sources;
    `summarize eval` measures the checker on labelled data.
    """


def model_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--model, --api-base and --mode, shared by every command that calls a model."""
    function = click.option("--mode", type=click.Choice(MODES), default=None, help="Structured-output mode.")(function)
    function = click.option("--api-base", default=None, help="Base URL of an OpenAI-compatible server.")(function)
    return click.option("--model", "-m", default=None, help="litellm model string; default: the embedded local model.")(
        function
    )


@cli.command("run")
@click.argument("articles", nargs=-1, required=True)
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Allow --output to overwrite an existing file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages on stderr.")
def run_command(
    articles: tuple[str, ...],
    model: str | None,
    api_base: str | None,
    mode: str | None,
    as_json: bool,
    output: str | None,
    force: bool,
    quiet: bool,
) -> None:
    """Summarize ARTICLE files (text or HTML; `-` reads stdin), each on its own."""
    from ._api import model_config, summarize
    from ._render import summary_markdown

    setup_logging(quiet)
    with errors_as_exit_codes():
        target = guard_output(output, force, articles)
        config = model_config(model, api_base=api_base, mode=mode)
        results = [summarize(article, config=config) for article in articles]
        if as_json:
            payload = [r.to_json_dict() for r in results]
            text = json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False)
        else:
            text = "\n\n---\n\n".join(summary_markdown(r) for r in results)
        emit(text, target)


@cli.group("model")
def model_group() -> None:
    """The embedded local model."""


@model_group.command("path")
def model_path_command() -> None:
    """Assemble and verify the embedded model (once), then print its path."""
    from ._local_model import model_path

    setup_logging(quiet=False)
    with errors_as_exit_codes():
        click.echo(str(model_path()))


@model_group.command("serve")
@click.option("--judge", is_flag=True, help="Also serve the judge (log-probabilities) server.")
def model_serve_command(judge: bool) -> None:
    """Run the embedded model servers in the foreground, so later commands reuse them."""
    import time

    from ._local_model import JUDGE_SERVER, SUMMARIZER_SERVER, ensure_server

    setup_logging(quiet=False)
    with errors_as_exit_codes():
        for profile in [SUMMARIZER_SERVER, JUDGE_SERVER] if judge else [SUMMARIZER_SERVER]:
            click.echo(f"{profile.name}: {ensure_server(profile)}", err=True)
        click.echo("serving; Ctrl-C stops", err=True)
        while True:
            time.sleep(3600)


def setup_logging(quiet: bool) -> None:
    """Progress messages go to stderr, so stdout stays clean for --json."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("summarize: %(message)s"))
    logger = logging.getLogger("summarize")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


def guard_output(output: str | None, force: bool, inputs: tuple[str, ...]) -> Path | None:
    """Refuse to overwrite a file without --force, and an input file ever."""
    if output is None:
        return None
    target = Path(output)
    if any(Path(i).exists() and target.resolve() == Path(i).resolve() for i in inputs if i != "-"):
        raise OutputExistsError(f"{output}: is one of the inputs; refusing to overwrite it")
    if target.exists() and not force:
        raise OutputExistsError(f"{output}: already exists; pass --force to overwrite it")
    return target


def emit(text: str, target: Path | None) -> None:
    """Print, or write the file whole (a temporary file renamed into place)."""
    if target is None:
        click.echo(text)
        return
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(target)
    logging.getLogger("summarize").info("wrote %s", target)


class errors_as_exit_codes:  # noqa: N801 - used as a statement-like context manager
    """Turn a `SummarizeError` into one line on stderr and its exit code; never a traceback."""

    def __init__(self, gating: bool = False) -> None:
        self.gating = gating

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb: object) -> bool:
        if isinstance(error, SummarizeError):
            fail(str(error), error.category_exit_code if self.gating else error.exit_code)
        if isinstance(error, KeyboardInterrupt):
            fail("interrupted", 130)
        return False


def fail(message: str, code: int) -> NoReturn:
    """Print `summarize: error: message` on stderr and exit."""
    click.echo(f"summarize: error: {message}", err=True)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
