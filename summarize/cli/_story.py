"""`summarize story A B [C...]`: several outlets' versions of one story, and exactly where they differ."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarize import Settings, json_document, load_article, story, story_html, story_markdown
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

DISAGREEMENT_EXIT = 1


@click.command(
    "story",
    context_settings=CONTEXT,
    short_help="Compare several outlets' versions of one story.",
    epilog=settings_epilog(*SETTINGS),
)
@click.argument("sources", nargs=-1, required=True, type=ArticlePath, metavar="ARTICLE...")
@settings_options(*SETTINGS)
@output_options()
@click.option("--no-llm", is_flag=True, help="Compare deterministically only: no combined summary, no judge.")
@verbosity_options
def story_command(
    sources: tuple[Path, ...],
    settings: Settings,
    outputs: OutputRequest,
    no_llm: bool,
) -> None:
    """Compare two or more versions of one story (text or HTML files; `-` reads one from stdin).

    The report lists the disagreements (quotations reversed, reworded, shortened or found in one outlet only;
    numbers; contradictions; attributions moved; attributed statements only one outlet makes), each with the
    exact excerpts side by side; then the story's facts with every outlet's stance, and a profile per outlet.
    It is Markdown on stdout unless -o/--output or --format say otherwise (JSON: one object).

    \b
    Examples:
      summarize story wire.txt paper.html blog.txt
      summarize story a.txt b.txt c.txt --html story.html
      summarize story a.txt b.txt --json --no-llm
      summarize story a.txt b.txt --no-llm -o story.html

    \b
    Exit codes:
      0  no disagreement found
      1  disagreements found (listed in the report)
      2  usage error (fewer than two sources, the same article twice, versions of no one story, the output
         location); and every command's codes for errors: 4 a file missing or not a regular file, 5 empty,
         6 no article text or not English, 7 too long, 10 unreachable or past --deadline (see `summarize run -h`)
    """
    with errors_as_exit_codes(), command_deadline(settings.deadline):
        chosen = outputs.resolve(sources)
        articles = [load_article(source) for source in sources]
        report = story(articles, settings=settings, use_llm=not no_llm)
        chosen.write(
            {
                "md": lambda: story_markdown(report),
                "json": lambda: json_document(report),
                "jsonl": lambda: json_document(report),
                "html": lambda: story_html(report),
            }
        )
    sys.exit(DISAGREEMENT_EXIT if report.disagreements else 0)
