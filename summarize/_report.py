"""Rendering a CheckReport: Markdown for the terminal, one self-contained HTML file for editors."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from ._schema import CheckReport

_MARK = {"supported": "✓ supported", "contradicted": "✗ contradicted", "not_in_source": "? not in source"}


def report_markdown(report: CheckReport) -> str:
    """The terminal form: a verdict line, then each claim with its verdict, checks and best evidence."""
    verdict = "CONSISTENT" if report.consistent else "INCONSISTENT"
    counts = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in report.counts.items())
    lines = [f"# {verdict}: {report.supported_share:.0%} of {len(report.claims)} claims supported ({counts})", ""]
    lines.append(f"Sources: {', '.join(report.sources)}")
    lines.append(_judge_line(report))
    for number, claim in enumerate(report.claims, start=1):
        lines += ["", f"{number}. **{_MARK[claim.verdict]}**: {claim.claim}", f"   - {claim.rationale}"]
        lines += [f"   - check failed: {c.check}: {c.detail}" for c in claim.checks if not c.passed]
        for evidence in claim.evidence[:2]:
            lines.append(f"   - evidence {evidence.sentence_id} ({Path(evidence.source).name}): {evidence.text}")
    usage = report.usage
    lines += [
        "",
        f"_{usage.calls} model call(s), {usage.prompt_tokens}+{usage.completion_tokens} tokens, {usage.seconds:.1f} s_",
    ]
    return "\n".join(lines)


def report_html(report: CheckReport) -> str:
    """One HTML file with its styles inline: each claim marked, its evidence beside it."""
    return _template().render(report=report, judge_line=_judge_line(report), marks=_MARK)


def _judge_line(report: CheckReport) -> str:
    if report.judge is None:
        return "Judge: none (deterministic checks only)"
    judge = report.judge
    return (
        f"Judge: {judge.model} ({judge.method}), threshold {judge.threshold:.2f} — {judge.calibration}; "
        f"prompt {judge.prompt_version}"
    )


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("report.html.j2")
