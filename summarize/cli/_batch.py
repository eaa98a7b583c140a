"""`summarize batch`: summarize (and check) a directory, a glob, or a JSONL/CSV file of articles, resumably."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import InputError, batch, model_config
from summarize.cli._common import CONTEXT, MODEL_ENVIRONMENT, errors_as_exit_codes, model_options, verbosity_options


@click.command(
    "batch", context_settings=CONTEXT, short_help="Summarize many articles, resumably.", epilog=MODEL_ENVIRONMENT
)
@click.argument("source", metavar="INPUT")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="RESULTS.jsonl")
@model_options
@click.option("--check", "then_check", is_flag=True, help="Check each summary against its article.")
@click.option("--concurrency", type=click.IntRange(min=1), default=4, show_default=True, help="Items in flight.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N items of the input.")
@click.option("--retry-failed", is_flag=True, help="Redo the items that failed in an earlier run.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="A progress bar on stderr.")
@verbosity_options
def batch_command(
    source: str,
    out: Path,
    model: str | None,
    api_base: str | None,
    mode: str | None,
    timeout: float,
    then_check: bool,
    concurrency: int,
    limit: int | None,
    retry_failed: bool,
    progress: bool,
) -> None:
    """Summarize every article of INPUT into RESULTS.jsonl, one JSON line per item as it finishes.

    INPUT is a directory (its .txt/.html/.md files), a glob ('wire/*.html'), or a .jsonl/.csv file whose rows
    have `id` and `text` or `path` (and optional `title`, `published`). A rerun skips the items already done
    with the same text and settings; a failed item is written with its error and redone only with
    --retry-failed; Ctrl-C lets the items in flight finish, then exits 130.

    \b
    Examples:
      summarize batch wire/ --out results.jsonl
      summarize batch archive.jsonl --out results.jsonl --check --concurrency 16 --model openai/gpt-4o-mini
      summarize batch archive.jsonl --out results.jsonl --retry-failed

    The embedded model answers one request at a time: more concurrency does not make it faster.
    Exit codes: 0 every item ok; 1 some items failed (see the results file); 2 usage error; 130 interrupted.
    """
    with errors_as_exit_codes(gating=True):
        if out.exists() and out.is_dir():
            raise InputError(f"{out}: is a directory; give the results file")
        config = model_config(model, api_base=api_base, mode=mode, timeout=timeout)
        summary = batch(
            source,
            out,
            config=config,
            check=then_check,
            concurrency=concurrency,
            limit=limit,
            retry_failed=retry_failed,
            progress=progress,
        )
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.errors.items()))
    cost = f", ${summary.cost_usd:.4f}" if summary.cost_usd is not None else ""
    click.echo(
        f"summarize: {summary.ok} ok, {summary.failed} failed{f' ({kinds})' if kinds else ''}, {summary.skipped} "
        f"already done, of {summary.total}, in {summary.seconds:.1f} s{cost}"
        + ("; interrupted: rerun to finish" if summary.interrupted else ""),
        err=True,
    )
    sys.exit(130 if summary.interrupted else 1 if summary.failed else 0)
