"""`summarize batch`: summarize (and check) a directory, a glob, or a JSONL/CSV file of articles, resumably."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import Settings, batch
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
@click.option(
    "--out", "--output", "-o", "out", required=True, type=click.Path(path_type=Path), metavar="RESULTS.jsonl",
    help="The results file, JSON Lines; a rerun resumes it (the one output that is added to, not refused).",
)  # fmt: skip
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
@click.option(
    "--allow-outside", multiple=True, type=click.Path(path_type=Path), metavar="FOLDER",
    help="Let rows read files under FOLDER too (repeatable); by default only under the input's own folder.",
)  # fmt: skip
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
    allow_outside: tuple[Path, ...],
) -> None:
    """Summarize every article of INPUT into RESULTS.jsonl, one JSON line per item as it finishes.

    INPUT is a directory (its .txt/.html/.md files), a glob ('wire/*.html'), or a .jsonl/.csv file whose rows
    have `id` and `text` or `path` (and optional `title`, `published`); ids must be unique, and a `path` must lie
    under the input's folder (or an --allow-outside FOLDER). A rerun skips the items already done with the same
    text and settings; a failed item is written with its error and redone only with --retry-failed; Ctrl-C,
    SIGTERM or SIGHUP let the items in flight finish, then exit (130, 143, 129). One run at a time writes to a
    results file (a second is refused while the first holds its lock).

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
    Exit codes: 0 every item ok; 1 some items failed (see the results file); 2 usage error (repeated ids, a
    results file that is not one, is an input or is in use; also --engine ray without Ray installed, or a Ray
    cluster that cannot be reached); 4 the input missing or not a regular file; 130 interrupted (143 by
    SIGTERM, 129 by SIGHUP).
    """
    with errors_as_exit_codes():
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
            allow_outside=allow_outside,
        )
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.errors.items()))
    cost = f", ${summary.cost_usd:.4f}" if summary.cost_usd is not None else ""
    click.echo(
        f"summarize: {summary.ok} ok, {summary.failed} failed{f' ({kinds})' if kinds else ''}, {summary.skipped} "
        f"already done, of {summary.total}, in {summary.seconds:.1f} s{cost}"
        + ("; interrupted: rerun to finish" if summary.interrupted else ""),
        err=True,
    )
    sys.exit(128 + summary.stopped_by if summary.stopped_by else 1 if summary.failed else 0)
