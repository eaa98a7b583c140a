"""A check report as one self-contained HTML page for editors."""

from __future__ import annotations

from summarize.checker import CheckReport
from summarize.report._markdown import MARKS, headline, judge_line
from summarize.templates import render_page


def report_html(report: CheckReport) -> str:
    """One HTML file with its styles inline: each claim marked, its evidence beside it."""
    return render_page("report", report=report, headline=headline(report), judge_line=judge_line(report), marks=MARKS)
