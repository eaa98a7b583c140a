"""A check report as one self-contained HTML page for editors."""

from __future__ import annotations

from summarize.checker import CheckReport
from summarize.report._markdown import MARKS, coverage_judge_line, coverage_line, headline, judge_line
from summarize.templates import render_page


def report_html(report: CheckReport) -> str:
    """One HTML file with its styles inline: each claim marked, its evidence beside it; with coverage, the key
    facts the summary leaves out, most important first."""
    coverage = report.coverage
    return render_page(
        "report", report=report, headline=headline(report), judge_line=judge_line(report), marks=MARKS,
        coverage_line=coverage_line(coverage) if coverage else "",
        coverage_judge_line=coverage_judge_line(coverage) if coverage else "",
    )  # fmt: skip
