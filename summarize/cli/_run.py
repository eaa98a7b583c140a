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
    emit,
    errors_as_exit_codes,
    settings_epilog,
    settings_options,
    verbosity_options,
)
from summarize.cli._output import OutputRequest, output_options
from summarize.llm import command_deadline
from summarize.summarizer import SummaryEstimate, estimate_summary

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
@click.option(
    "--no-cache", is_flag=True,
    help="Ask the model again even if this article was summarized before with the same settings (the summary "
    "cache, under SUMMARIZE_CACHE_DIR).",
)  # fmt: skip
@click.option(
    "--dry-run", is_flag=True,
    help="Print the model calls and prompt tokens each summary would take (fewest and most), and call nothing; "
    "--check's judge calls are not counted.",
)  # fmt: skip
@verbosity_options
def run_command(
    articles: tuple[Path, ...],
    settings: Settings,
    outputs: OutputRequest,
    then_check: bool,
    no_verify: bool,
    no_cache: bool,
    dry_run: bool,
) -> None:
    """Summarize each ARTICLE (a text or HTML file; `-` reads stdin; an http:// or https:// URL fetches the page
    within 30 s) on its own.

    \b
    Examples:
      summarize article.txt
      summarize page.html --json -o summary.jsonl
      summarize article.txt --check -o summary.md
      summarize article.txt --check --html summary.html   an editor's page, and Markdown on stdout
      cat article.txt | summarize -
      summarize https://example.org/news/story.html
      summarize article.txt --model openai/gpt-4o-mini
      summarize article.txt --model hosted_vllm/qwen --api-base http://gpu-box:8000/v1

    The report is Markdown on stdout unless -o/--output or --format say otherwise; JSON (--format json or jsonl,
    or --json) is one summary object per article, per line; HTML (-o FILE.html, --format html, --html FILE) is
    one page for editors: headline, lead, key points with the sentences they cite, quotes, people, the checks.
    Every input is read and validated before the first model call. Exit codes (the same in every command):
    0 success; 1 --check found claims not supported; 2 usage or output error; 4 a file missing, unreadable or
    not a regular file (a directory, a device, a pipe; stdin closed), or a URL that cannot be fetched (refused,
    HTTP 4xx/5xx, no answer within 30 s); 5 empty or binary; 6 no article text;
    7 too long (over 4 MiB, 200,000 characters, 2,000 sentences, or a sentence over 5,000 characters; or past
    the model's context); 8 embedded model missing or corrupt; 9 credentials refused or key not set;
    10 provider unreachable, or past --timeout or --deadline; 11 invalid answer; 12 replay miss; 3 other
    provider failures.
    """
    with errors_as_exit_codes(), command_deadline(settings.deadline):
        chosen = outputs.resolve(articles)
        loaded = [load_article(path) for path in articles]
        if dry_run:
            estimates = [estimate_summary(article, settings=settings, verify=not no_verify) for article in loaded]
            as_json = chosen.format in ("json", "jsonl")
            emit("\n".join(_estimate_line(e, as_json) for e in estimates), chosen.target)
            return
        results: list[CheckedSummary] = []
        for article in loaded:
            result = summarize(article, settings=settings, verify=not no_verify, cache=not no_cache)
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


def _estimate_line(estimate: SummaryEstimate, as_json: bool) -> str:
    if as_json:
        return estimate.model_dump_json()
    e = estimate
    return (
        f"{e.source}: {e.calls_min} to {e.calls_max} calls to {e.model}, {e.prompt_tokens_min:,} to "
        f"{e.prompt_tokens_max:,} prompt tokens (the summary {e.summary_prompt_tokens:,} tokens, up to "
        f"{e.max_output_tokens} out, re-asked at most {e.reasks_max} times; "
        f"verification up to {e.judge_questions_max} judge questions); nothing was sent"
    )
