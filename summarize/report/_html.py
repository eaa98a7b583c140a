"""Check reports and summaries as self-contained HTML pages for editors (the story page is in `_story.py`); all
three share one stylesheet and frame (`summarize/templates/page.css`, `_page.html.j2`)."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.checker import CheckReport
from summarize.report._json import CheckedSummary
from summarize.report._markdown import MARKS, coverage_judge_line, coverage_line, headline, judge_line
from summarize.summary import SummaryResult
from summarize.templates import render_page

PRESENTATION = {
    "established_fact": "fact",
    "reported": "reported",
    "statement": "statement",
    "speculation": "speculation",
}


def report_html(report: CheckReport) -> str:
    """One HTML file with its styles inline: what is not supported first and open, each claim's evidence beside
    it (below it on a phone), the supported claims one line each; with coverage, the key facts the summary leaves
    out, most important first; how the judge decided, in the footer."""
    return render_page("report", report=report, **_check_texts(report))


def summary_html(results: Sequence[SummaryResult | CheckedSummary]) -> str:
    """One HTML page for editors with each summary: headline, lead, key points with the article sentences they
    cite, quotes with their speakers, people and organisations, the verification; with `--check`, the check."""
    return render_page("summary", pages=[_summary_page(r) for r in results], marks=MARKS, presentation=PRESENTATION)


def _summary_page(result: SummaryResult) -> dict[str, object]:
    report = result.check if isinstance(result, CheckedSummary) else None
    return {
        "result": result,
        "sentences": {s.id: s.text for s in result.article.sentences},
        "check": report,
        **(_check_texts(report) if report is not None else {}),
    }


def _check_texts(report: CheckReport) -> dict[str, object]:
    coverage = report.coverage
    return {
        "headline": headline(report),
        "judge_line": judge_line(report),
        "judge_short": judge_short(report),
        "marks": MARKS,
        "coverage_line": coverage_line(coverage) if coverage else "",
        "coverage_judge_line": coverage_judge_line(coverage) if coverage else "",
    }


def judge_short(report: CheckReport) -> str:
    """The judge in a few words, for the top of a page (its calibration's provenance goes in the footer)."""
    if report.judge is None:
        return "Judge: none (deterministic checks only)"
    return f"Judge: {report.judge.model}, threshold {report.judge.threshold:.2f}"
