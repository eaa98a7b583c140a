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
@click.option("--check", "then_check", is_flag=True, help="Check each summary against its article (exit 1 if not).")
def run_command(
    articles: tuple[str, ...],
    model: str | None,
    api_base: str | None,
    mode: str | None,
    as_json: bool,
    output: str | None,
    force: bool,
    quiet: bool,
    then_check: bool,
) -> None:
    """Summarize ARTICLE files (text or HTML; `-` reads stdin), each on its own."""
    from ._api import check, model_config, summarize
    from ._render import summary_markdown
    from ._report import report_markdown

    setup_logging(quiet)
    with errors_as_exit_codes(gating=then_check):
        target = guard_output(output, force, articles)
        config = model_config(model, api_base=api_base, mode=mode)
        results = [summarize(article, config=config) for article in articles]
        reports = [check(r, [r.article], config=config) for r in results] if then_check else []
        if as_json:
            payload: list[dict[str, Any]] = [r.to_json_dict() for r in results]
            for entry, report in zip(payload, reports, strict=False):
                entry["check"] = report.model_dump(mode="json")
            text = json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False)
        else:
            parts = [summary_markdown(r) for r in results]
            parts = [f"{p}\n\n{report_markdown(c)}" for p, c in zip(parts, reports, strict=True)] if reports else parts
            text = "\n\n---\n\n".join(parts)
        emit(text, target)
    if reports and not all(r.consistent for r in reports):
        sys.exit(1)


@cli.command("check")
@click.argument("summary_file")
@click.option("--source", "-s", "sources", multiple=True, required=True, help="A source article (repeatable).")
@model_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write an HTML report to FILE.")
@click.option("--force", is_flag=True, help="Allow --html to overwrite an existing file.")
@click.option("--no-llm", is_flag=True, help="Deterministic checks only (quotes, numbers, names); no model.")
@click.option("--atomic", is_flag=True, help="Split claims into atomic facts with the model first.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages on stderr.")
def check_command(
    summary_file: str,
    sources: tuple[str, ...],
    model: str | None,
    api_base: str | None,
    mode: str | None,
    as_json: bool,
    html_path: str | None,
    force: bool,
    no_llm: bool,
    atomic: bool,
    quiet: bool,
) -> None:
    """Check SUMMARY_FILE (our JSON, or plain text; `-` for stdin) against its sources.

    Exit codes: 0 consistent, 1 inconsistent claims found, 2 usage or input error, 3 model or provider failure.
    """
    from ._api import check, model_config
    from ._report import report_html, report_markdown
    from ._summary_input import read_summary

    setup_logging(quiet)
    with errors_as_exit_codes(gating=True):
        html_target = guard_output(html_path, force, (summary_file, *sources))
        summary = read_summary(summary_file)
        config = model_config(model, api_base=api_base, mode=mode)
        report = check(summary, list(sources), config=config, use_llm=not no_llm, atomic=atomic)
        if html_target is not None:
            emit(report_html(report), html_target)
        click.echo(report.model_dump_json(indent=2) if as_json else report_markdown(report))
    sys.exit(0 if report.consistent else 1)


@cli.group("eval", cls=DefaultGroup, default="run", default_if_no_args=False)
def eval_group() -> None:
    """Measure the checker on labelled data (`eval DATASET`), compare runs, evaluate summaries."""


@eval_group.command("run")
@click.argument("dataset")
@click.option("--out", "out", type=click.Path(file_okay=False), help="Run directory (default: runs/<name>).")
@click.option("--model", "-m", default=None, help="litellm model string; default: the embedded local model.")
@click.option("--sample", type=int, default=None, help="A fixed random sample of N items.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample.")
@click.option("--by-doc", is_flag=True, help="Sample whole documents (with all their items) until N items.")
@click.option("--limit", type=int, default=None, help="Only the first N (selected) items.")
@click.option("--no-llm", is_flag=True, help="Deterministic checks only.")
@click.option("--record", default=None, help="Record every model answer under cassettes/evals/NAME/.")
@click.option("--replay", default=None, help="Replay cassettes/evals/NAME/ offline (no model, no key).")
@click.option("--threshold", type=float, default=None, help="Override the calibrated threshold.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def eval_run_command(
    dataset: str,
    out: str | None,
    model: str | None,
    sample: int | None,
    seed: int,
    by_doc: bool,
    limit: int | None,
    no_llm: bool,
    record: str | None,
    replay: str | None,
    threshold: float | None,
    quiet: bool,
) -> None:
    """Run the checker over DATASET (LLM-AggreFact JSONL or CSV: doc, claim, label); resumable."""
    from ._eval import run_eval
    from ._judge import Calibration

    setup_logging(quiet)
    with errors_as_exit_codes(gating=True):
        name = record or replay or Path(dataset).stem
        calibration = Calibration(threshold, f"set by --threshold {threshold}") if threshold is not None else None
        metrics = run_eval(
            dataset,
            Path(out or Path("runs") / name),
            model=model,
            use_llm=not no_llm,
            sample=sample,
            seed=seed,
            limit=limit,
            by_doc=by_doc,
            record=record,
            replay=replay,
            calibration=calibration,
            progress=not quiet,
        )
        click.echo(json.dumps({k: metrics[k] for k in ("n", "balanced_accuracy", "roc_auc", "per_item")}, indent=2))


@eval_group.command("compare")
@click.argument("run_a", type=click.Path(file_okay=False, exists=True))
@click.argument("run_b", type=click.Path(file_okay=False, exists=True))
def eval_compare_command(run_a: str, run_b: str) -> None:
    """Metric deltas (B - A) between two run directories, and the items whose prediction flipped."""
    from ._eval import compare_runs

    with errors_as_exit_codes(gating=True):
        click.echo(json.dumps(compare_runs(Path(run_a), Path(run_b)), indent=2))


@eval_group.command("summaries")
@click.argument("articles", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False), default="runs/summaries", show_default=True)
@click.option("--model", "-m", default=None, help="litellm model string; default: the embedded local model.")
@click.option("--record", default=None, help="Record every model answer under cassettes/evals/NAME/.")
@click.option("--replay", default=None, help="Replay cassettes/evals/NAME/ offline.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
def eval_summaries_command(
    articles: tuple[str, ...], out: str, model: str | None, record: str | None, replay: str | None, quiet: bool
) -> None:
    """Summarize each ARTICLE, check the summary against it, report the share of each verdict."""
    from ._eval import evaluate_summaries

    setup_logging(quiet)
    with errors_as_exit_codes(gating=True):
        metrics = evaluate_summaries(list(articles), Path(out), model=model, record=record, replay=replay)
        click.echo(
            json.dumps({k: metrics[k] for k in ("claims", "shares")} | {"articles": metrics["articles"]}, indent=2)
        )


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
