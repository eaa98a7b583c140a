"""Summaries and check reports as Markdown for the terminal."""

from __future__ import annotations

from pathlib import Path

from summarize.checker import CheckReport, CoverageReport
from summarize.report._terminal import printable
from summarize.summary import SummaryResult

_PRESENTATION = {
    "established_fact": "fact",
    "reported": "reported",
    "statement": "statement",
    "speculation": "speculation",
}


def summary_markdown(result: SummaryResult) -> str:
    """The terminal form of a summary: headline, summary, key points with citations, quotes, people (control
    characters of the article left out)."""
    summary, article = result.summary, result.article
    lines = [f"# {summary.headline}", ""]
    meta = [f"Source: {article.source}"] + ([f"Published: {article.published}"] if article.published else [])
    lines += [" · ".join(meta), "", summary.summary, "", "## Key points", ""]
    for point in summary.key_points:
        lines.append(f"- {point.text} _({_PRESENTATION[point.presented_as]}; {', '.join(point.sentence_ids)})_")
    lines += _verification_lines(result)
    if summary.quotes:
        lines += ["", "## Quotes", ""]
        lines += [
            f'- **{q.speaker}**{f" ({q.role})" if q.role else ""}: "{q.text}" _({q.sentence_id})_'
            for q in summary.quotes
        ]
    if summary.entities:
        lines += ["", "## People and organisations", ""]
        lines += [f"- **{e.name}** ({e.kind})" + (f": {e.role}" if e.role else "") for e in summary.entities]
    if summary.corrections:
        lines += ["", "## Corrections", "", *(f"- {c}" for c in summary.corrections)]
    usage = result.usage
    lines += [
        "",
        f"_{result.model} · prompt {result.prompt_version} · {usage.calls} call(s), "
        f"{usage.prompt_tokens}+{usage.completion_tokens} tokens, {usage.seconds:.1f} s_",
    ]
    return printable("\n".join(lines))


def _verification_lines(result: SummaryResult) -> list[str]:
    verification = result.verification
    if verification is None:
        return ["", "_Key points not verified (--no-verify)._"]
    supported = sum(p.verdict == "supported" for p in verification.points)
    lines = [
        "",
        f"_Verified: {supported} of {len(verification.points)} key points supported by the sentences they cite._",
    ]
    for point in (p for p in verification.points if not p.kept):
        what = f"replaced by {point.sentence_ids[0]}'s own words" if point.replaced_by else "dropped"
        lines.append(f"- {what}: {point.text} _({point.verdict}: {point.rationale})_")
    for point in (p for p in verification.points if p.kept and p.verdict != "supported"):
        lines.append(f"- kept though {point.verdict} (no point was supported): {point.text}")
    for part in (verification.headline, verification.summary):
        if part is not None:
            lines.append(f"- {'headline' if part is verification.headline else 'lead'}: {part.rationale}")
    return lines


MARKS = {
    "supported": "✓ supported",
    "contradicted": "✗ contradicted",
    "not_in_source": "? not in source",
    "unverified": "· unverified",
}


def report_markdown(report: CheckReport) -> str:
    """The terminal form: a verdict line, then each claim with its verdict, checks and best evidence (control
    characters of the sources left out)."""
    counts = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in report.counts.items() if n)
    lines = [f"# {headline(report)} ({counts})", ""]
    lines.append(f"Sources: {', '.join(report.sources)}")
    lines.append(judge_line(report))
    for number, claim in enumerate(report.claims, start=1):
        lines += ["", f"{number}. **{MARKS[claim.verdict]}**: {claim.claim}", f"   - {claim.rationale}"]
        lines += [f"   - check failed: {c.check}: {c.detail}" for c in claim.checks if not c.passed]
        for evidence in claim.evidence[:2]:
            lines.append(f"   - evidence {evidence.sentence_id} ({Path(evidence.source).name}): {evidence.text}")
    if report.coverage is not None:
        lines += ["", *coverage_markdown(report.coverage)]
    usage = report.usage
    lines += [
        "",
        f"_{usage.calls} model call(s), {usage.prompt_tokens}+{usage.completion_tokens} tokens, {usage.seconds:.1f} s_",
    ]
    return printable("\n".join(lines))


COVERAGE_MARKS = {"covered": "✓ covered", "partly": "◐ partly", "not_covered": "✗ left out"}


def coverage_markdown(coverage: CoverageReport) -> list[str]:
    """The coverage section: the score, then the key facts left out (most important first), then those carried."""
    lines = [f"## {coverage_line(coverage)}", "", coverage_judge_line(coverage)]
    for fact in sorted(coverage.facts, key=lambda f: f.status == "covered"):  # stable: importance within each
        cited = f" ({fact.sentence_id})" if fact.sentence_id else ""
        lines.append(f"- **{COVERAGE_MARKS[fact.status]}**: {fact.text}{cited}")
        if fact.status != "not_covered" and fact.covered_by:
            lines.append(f"  - in: {fact.covered_by}")
    return lines


def coverage_line(coverage: CoverageReport) -> str:
    """Coverage: the score and the counts."""
    counts = coverage.counts
    origin = "given" if coverage.key_facts_from == "given" else "picked from the article"
    return (
        f"Coverage {coverage.score:.0%} of {len(coverage.facts)} key facts ({origin}): "
        f"{counts['covered']} covered, {counts['partly']} partly, {counts['not_covered']} left out"
    )


def coverage_judge_line(coverage: CoverageReport) -> str:
    """How the coverage was decided."""
    decided = sum(f.method in ("copy", "no_words") for f in coverage.facts)
    words = f"{decided} decided by their words alone"
    if coverage.judge is None:
        return f"Judge: none ({words}; the others as their words say)"
    judge = coverage.judge
    return f"Judge: {judge.model}, threshold {judge.threshold:.2f} — {judge.calibration}; {words}"


def judge_line(report: CheckReport) -> str:
    if report.judge is None:
        return "Judge: none (deterministic checks only)"
    judge = report.judge
    return (
        f"Judge: {judge.model} ({judge.method}), threshold {judge.threshold:.2f} — {judge.calibration}; "
        f"prompt {judge.prompt_version}"
    )


def headline(report: CheckReport) -> str:
    """CONSISTENT, INCONSISTENT, or UNVERIFIED when nothing flagged a claim but some were never judged."""
    share = f"{report.supported_share:.0%} of {len(report.claims)} claims supported"
    if report.consistent:
        return f"CONSISTENT: {share}" + (
            "; no judge ran: each claim copies a source sentence" if report.judge is None else ""
        )
    if report.counts.get("contradicted", 0) or report.counts.get("not_in_source", 0):
        return f"INCONSISTENT: {share}"
    reason = "no judge ran" if report.judge is None else "some claims were not judged"
    return f"UNVERIFIED: {reason}; {share}"
