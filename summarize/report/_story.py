"""A story report as Markdown for the terminal and as one self-contained HTML page for editors: the
disagreements first, then the combined summary and the matrix of facts by outlet."""

from __future__ import annotations

from summarize.report._diff import differing_words
from summarize.report._terminal import printable
from summarize.story import OutletSupport, StoryFact, StoryReport
from summarize.templates import render_page

STANCE_MARKS = {"supports": "✓", "contradicts": "✗", "not_mentioned": "–"}


def story_markdown(report: StoryReport) -> str:
    """The report for a terminal: disagreements with their excerpts, the summary, facts by outlet, profiles
    (control characters of the articles left out)."""
    lines = [
        f"# {_headline(report)}",
        "",
        f"Closest to the common account: **{report.closest}**: {report.closest_reason}.",
    ]
    lines += ["", f"## Disagreements ({len(report.disagreements)})"]
    for number, disagreement in enumerate(report.disagreements, start=1):
        lines += [
            "",
            f"{number}. **{disagreement.kind}** ({', '.join(disagreement.sources)}): {disagreement.explanation}",
        ]
        lines += [f"   - {e.source} {e.sentence_id}: {e.text}" for e in disagreement.excerpts]
    if report.summary is not None:
        lines += ["", f"## Combined summary (from {report.summary.source})", "", f"**{report.summary.headline}**", ""]
        lines += [report.summary.summary, ""]
        for point in report.summary.key_points:
            lines.append(f"- {point.text} [{point.presented_as}] {_cells(point.support)}")
    lines += ["", "## Facts by outlet", "", "| fact | " + " | ".join(s.label for s in report.sources) + " |"]
    lines.append("|---|" + "---|" * len(report.sources))
    lines += [_fact_row(fact) for fact in report.facts]
    lines += [
        "",
        "## Outlets",
        "",
        "| outlet | facts | alone | leaves out | disagreements | quotations matching |",
        "|---|---|---|---|---|---|",
    ]
    for p in report.profiles:
        quoted = f"{p.quotations_matching}/{p.quotations}" if p.quotations else "none"
        left = " ".join(p.omissions) or "none"
        lines.append(f"| {p.source} | {p.facts_carried} | {p.facts_alone} | {left} | {p.disagreements} | {quoted} |")
    lines += _omission_lines(report)
    lines += ["", usage_line(report)]
    return printable("\n".join(lines))


def story_html(report: StoryReport) -> str:
    """One HTML file with its styles inline: the disagreements first, the words that differ between the versions
    marked, then facts by outlet with their evidence (wide tables scroll sideways on a phone)."""
    return render_page(
        "story", report=report, headline=_headline(report), usage_line=usage_line(report), marks=STANCE_MARKS,
        zip=zip, differing=differing_words,
    )  # fmt: skip


def _omission_lines(report: StoryReport) -> list[str]:
    """Per outlet, the facts most other outlets carry that it leaves out, most widely carried first."""
    facts = {f.id: f for f in report.facts}
    lines = ["", "## What each outlet leaves out", "", "Facts that most of the other outlets carry."]
    for profile in report.profiles:
        count = f"{len(profile.omissions)} fact(s)" if profile.omissions else "none"
        lines += ["", f"**{profile.source}**: {count}"]
        for fact_id in profile.omissions:
            fact = facts[fact_id]
            lines.append(f"- {fact.id} (carried by {fact.carried_by} of {len(report.sources) - 1} others): {fact.text}")
    return lines


def usage_line(report: StoryReport) -> str:
    """Model calls, tokens and time behind the report."""
    usage = report.usage
    model = report.model or "no model (deterministic comparison only)"
    return (
        f"Model: {model}; {usage.calls} call(s), {usage.prompt_tokens} prompt + {usage.completion_tokens} "
        f"completion tokens; {usage.seconds:.1f} s."
    )


def _headline(report: StoryReport) -> str:
    versions, facts, differences = len(report.sources), len(report.facts), len(report.disagreements)
    return f"{versions} versions of one story: {facts} facts, {differences} disagreements"


def _fact_row(fact: StoryFact) -> str:
    text = fact.text if len(fact.text) <= 120 else fact.text[:117] + "..."
    cells = " | ".join(_cell(s) for s in fact.support)
    return f"| {fact.id} ({fact.origin.source} {fact.origin.sentence_id}) {text.replace('|', '/')} | {cells} |"


def _cell(stance: OutletSupport) -> str:
    return f"{STANCE_MARKS[stance.stance]} {' '.join(stance.sentence_ids)}".strip()


def _cells(support: list[OutletSupport]) -> str:
    return " ".join(f"{s.source}: {_cell(s)}" for s in support)
