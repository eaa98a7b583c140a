"""`summarize batch`: summarize (and check) a directory, a glob, or a JSONL/CSV file of articles, resumably."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import InputError, Settings, batch
from summarize.cli._common import (
    CONTEXT,
    MODEL_SETTINGS,
    errors_as_exit_codes,
    settings_epilog,
    settings_options,
    verbosity_options,
)

SETTINGS = (
    *MODEL_SETTINGS,
    "rpm",
    "tpm",
    "fallback_models",
    "fallback_api_bases",
    "concurrency",
    "calibration",
    "threshold",
)
ENVIRONMENT = (
    settings_epilog(*SETTINGS)
    + """
  RAY_ADDRESS          the cluster --engine ray joins when --ray-address is not given"""
)


@click.command("batch", context_settings=CONTEXT, short_help="Summarize many articles, resumably.", epilog=ENVIRONMENT)
@click.argument("source", metavar="INPUT")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="RESULTS.jsonl")
@settings_options(*SETTINGS)
@click.option("--check", "then_check", is_flag=True, help="Check each summary against its article.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N items of the input.")
@click.option("--retry-failed", is_flag=True, help="Redo the items that failed in an earlier run.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="A progress bar on stderr.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: asyncio in this process; ray: Ray actors on a cluster (pip install 'summarize[ray]').",
)
@click.option("--ray-address", metavar="ADDRESS", help="The Ray cluster to join; default: a local one started here.")
@verbosity_options
def batch_command(
    source: str,
    out: Path,
    settings: Settings,
    then_check: bool,
    limit: int | None,
    retry_failed: bool,
    progress: bool,
    engine: str,
    ray_address: str | None,
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
      summarize batch archive.jsonl --out r.jsonl -m openai/gpt-4o-mini --rpm 500 --fallback-model openai/gpt-4.1-mini
      summarize batch archive.jsonl --out r.jsonl --engine ray --ray-address auto --concurrency 64 -m openai/gpt-4o-mini

    The embedded model answers one request at a time: more concurrency does not make it faster.
    --rpm, --tpm and --fallback-model go through litellm's Router; a full minute delays calls (the wait counts
    against --timeout), and with --engine ray each worker process counts its own minute.
    Exit codes: 0 every item ok; 1 some items failed (see the results file); 2 usage error (also --engine ray
    without Ray installed, or a Ray cluster that cannot be reached); 130 interrupted.
    """
    with errors_as_exit_codes(gating=True):
        if out.exists() and out.is_dir():
            raise InputError(f"{out}: is a directory; give the results file")
        summary = batch(
            source,
            out,
            settings=settings,
            check=then_check,
            limit=limit,
            retry_failed=retry_failed,
            progress=progress,
            engine="ray" if engine == "ray" else "local",
            ray_address=ray_address,
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
