"""`summarize [run] ARTICLE...`: summarize articles, optionally check each summary against its article."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import (
    CheckedSummary,
    CheckReport,
    Settings,
    check,
    json_document,
    load_article,
    report_markdown,
    summarize,
    summary_html,
    summary_markdown,
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


@click.command(
    "run",
    context_settings=CONTEXT,
    short_help="Summarize articles (the default command).",
    epilog=settings_epilog(*SETTINGS),
)
@click.argument("articles", nargs=-1, required=True, type=ArticlePath, metavar="ARTICLE...")
@settings_options(*SETTINGS)
@output_options()
@click.option(
    "--check", "then_check", is_flag=True,
    help="Check each summary against its article (exit 1 if not), and report the key facts it leaves out.",
)  # fmt: skip
@click.option(
    "--no-verify", is_flag=True, help="Skip verifying the key points and the lead against their sentences (faster)."
)
@verbosity_options
def run_command(
    articles: tuple[Path, ...],
    settings: Settings,
    outputs: OutputRequest,
    then_check: bool,
    no_verify: bool,
) -> None:
    """Summarize each ARTICLE (a text or HTML file; `-` reads stdin) on its own.

    \b
    Examples:
      summarize article.txt
      summarize page.html --json -o summary.jsonl
      summarize article.txt --check -o summary.md
      summarize article.txt --check --html summary.html   an editor's page, and Markdown on stdout
      cat article.txt | summarize -
      summarize article.txt --model openai/gpt-4o-mini
      summarize article.txt --model hosted_vllm/qwen --api-base http://gpu-box:8000/v1

    The report is Markdown on stdout unless -o/--output or --format say otherwise; JSON (--format json or jsonl,
    or --json) is one summary object per article, per line; HTML (-o FILE.html, --format html, --html FILE) is
    one page for editors: headline, lead, key points with the sentences they cite, quotes, people, the checks.
    Every input is read and validated before the first model call. Exit codes (the same in every command):
    0 success; 1 --check found claims not supported; 2 usage or output error; 4 a file missing, unreadable or
    not a regular file (a directory, a device, a pipe; stdin closed); 5 empty or binary; 6 no article text;
    7 too long (over 4 MiB, 200,000 characters, 2,000 sentences, or a sentence over 5,000 characters; or past
    the model's context); 8 embedded model missing or corrupt; 9 credentials refused or key not set;
    10 provider unreachable, or past --timeout or --deadline; 11 invalid answer; 12 replay miss; 3 other
    provider failures.
    """
    with errors_as_exit_codes(), command_deadline(settings.deadline):
        chosen = outputs.resolve(articles)
        loaded = [load_article(path) for path in articles]
        results: list[CheckedSummary] = []
        for article in loaded:
            result = summarize(article, settings=settings, verify=not no_verify)
            report = check(result, result.article, settings=settings, coverage=True) if then_check else None
            results.append(CheckedSummary(**result.model_dump(), check=report))
        chosen.write(
            {
                "md": lambda: "\n\n---\n\n".join(_markdown(o, o.check) for o in results),
                "json": lambda: "\n".join(json_document(o) for o in results),
                "jsonl": lambda: "\n".join(json_document(o) for o in results),
                "html": lambda: summary_html(results),
            }
        )
    if then_check and not all(o.check is not None and o.check.consistent for o in results):
        sys.exit(1)


def _markdown(result: CheckedSummary, report: CheckReport | None) -> str:
    text = summary_markdown(result)
    return f"{text}\n\n{report_markdown(report)}" if report is not None else text
