"""`summarize check`: check a summary against its sources; the exit code gates pipelines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import (
    CheckReport,
    InputError,
    Settings,
    check,
    json_document,
    load_article,
    read_key_facts,
    read_summary,
    report_html,
    report_markdown,
)
from summarize.cli._common import (
    CHECK_SETTINGS,
    CONTEXT,
    ArticlePath,
    errors_as_exit_codes,
    settings_epilog,
    settings_options,
    verbosity_options,
)
from summarize.cli._output import OutputRequest, output_options
from summarize.llm import command_deadline

SETTINGS = (*CHECK_SETTINGS, "deadline")

UNVERIFIED_EXIT = 13
"""Not 4, which every command gives a missing or unreadable file."""


@click.command(
    "check",
    context_settings=CONTEXT,
    short_help="Check a summary against its sources.",
    epilog=settings_epilog(*SETTINGS),
)
@click.argument("summary_file", type=ArticlePath, metavar="SUMMARY")
@click.option(
    "--source", "-s", "sources", multiple=True, required=True, type=ArticlePath, metavar="FILE",
    help="A source article, text or HTML (repeatable).",
)  # fmt: skip
@settings_options(*SETTINGS)
@output_options()
@click.option("--no-llm", is_flag=True, help="Deterministic checks only (quotes, numbers, names); no model.")
@click.option("--atomic", is_flag=True, help="Split claims into atomic facts with the model first.")
@click.option(
    "--coverage", is_flag=True,
    help="Also report which key facts of the (first) source the summary carries and which it leaves out.",
)  # fmt: skip
@click.option(
    "--key-facts", "key_facts_file", type=ArticlePath, metavar="FILE",
    help="The key facts to look for, most important first: one per line, or JSON Lines (implies --coverage). "
    "[default: the source's most newsworthy sentences]",
)  # fmt: skip
@verbosity_options
def check_command(
    summary_file: Path,
    sources: tuple[Path, ...],
    settings: Settings,
    outputs: OutputRequest,
    no_llm: bool,
    atomic: bool,
    coverage: bool,
    key_facts_file: Path | None,
) -> None:
    """Check SUMMARY (our JSON, or any plain-text summary; `-` for stdin) against its sources.

    \b
    Examples:
      summarize check -s article.txt summary.json
      summarize check -s a.html -s b.txt summary.txt --html report.html
      summarize check -s article.txt summary.json -o report.html
      summarize check --no-llm -s article.txt summary.txt
      summarize check --coverage -s article.txt summary.txt
      summarize check --key-facts facts.txt -s article.txt summary.txt
      summarize article.txt --json | summarize check -s article.txt -

    The report is Markdown on stdout unless -o/--output or --format say otherwise (JSON: one object).
    Coverage does not change the exit code: a summary can be true and still leave out the news.

    \b
    Exit codes:
      0   consistent: every claim supported
      1   inconsistent: a claim is contradicted or not in the sources
      13  unverified: nothing flagged, but some claims were not judged (--no-llm)
      2   usage error (bad JSON, the output location); and every command's codes for errors: 4 a file missing
          or not a regular file, 5 empty, 6 no article text, 7 too long, 9 credentials, 10 unreachable or
          past --deadline, 3 other provider failures (see `summarize run -h`)
    """
    with errors_as_exit_codes(), command_deadline(settings.deadline):
        if atomic and no_llm:
            raise InputError("--atomic splits claims with the model; it cannot be combined with --no-llm")
        chosen = outputs.resolve((summary_file, *sources))
        summary = read_summary(summary_file)
        articles = [load_article(source) for source in sources]
        key_facts = read_key_facts(key_facts_file) if key_facts_file is not None else None
        report = check(
            summary, articles, settings=settings, use_llm=not no_llm, atomic=atomic,
            coverage=coverage or key_facts is not None, key_facts=key_facts,
        )  # fmt: skip
        chosen.write(
            {
                "md": lambda: report_markdown(report),
                "json": lambda: json_document(report),
                "jsonl": lambda: json_document(report),
                "html": lambda: report_html(report),
            }
        )
    sys.exit(exit_code(report))


def exit_code(report: CheckReport) -> int:
    """0 consistent, 1 a claim flagged, 13 nothing flagged but something unverified."""
    if report.consistent:
        return 0
    flagged = report.counts.get("contradicted", 0) + report.counts.get("not_in_source", 0)
    return 1 if flagged else UNVERIFIED_EXIT
