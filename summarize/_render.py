"""Summaries as readable Markdown."""

from __future__ import annotations

from ._schema import SummaryResult

_PRESENTATION = {
    "established_fact": "fact",
    "reported": "reported",
    "statement": "statement",
    "speculation": "speculation",
}


def summary_markdown(result: SummaryResult) -> str:
    """The terminal form of a summary: headline, summary, key points with citations, quotes, people."""
    summary, article = result.summary, result.article
    lines = [f"# {summary.headline}", ""]
    meta = [f"Source: {article.source}"] + ([f"Published: {article.published}"] if article.published else [])
    lines += [" · ".join(meta), "", summary.summary, "", "## Key points", ""]
    for point in summary.key_points:
        lines.append(f"- {point.text} _({_PRESENTATION[point.presented_as]}; {', '.join(point.sentence_ids)})_")
    if summary.quotes:
        lines += ["", "## Quotes", ""]
        lines += [f'- **{q.speaker}**: "{q.text}" _({q.sentence_id})_' for q in summary.quotes]
    if summary.entities:
        lines += ["", "## People and organisations", ""]
        lines += [f"- **{e.name}** ({e.kind}): {e.role}" for e in summary.entities]
    usage = result.usage
    lines += [
        "",
        f"_{result.model} · prompt {result.prompt_version} · {usage.calls} call(s), "
        f"{usage.prompt_tokens}+{usage.completion_tokens} tokens, {usage.seconds:.1f} s_",
    ]
    return "\n".join(lines)
