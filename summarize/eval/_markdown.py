"""The eval results as Markdown: what the eval commands print by default and what a run's `report.md` holds."""

from __future__ import annotations

from summarize.eval._compare import Comparison
from summarize.eval._coverage import CoverageMetrics
from summarize.eval._log import ClassificationMetrics, PerItem, RunMetrics, SummariesMetrics


def run_markdown(metrics: RunMetrics) -> str:
    """An eval run: the headline figures, the cost per item, the figures per dataset slice."""
    run = metrics.run
    best = metrics.best_threshold_in_sample
    lines = [
        f"# Eval: {run.dataset} ({metrics.n} items, {run.mode})",
        "",
        f"- model: {run.model}; threshold {run.threshold:g}",
        f"- balanced accuracy: {_figure(metrics.balanced_accuracy)}; ROC AUC: {_figure(metrics.roc_auc)}",
        f"- per item: {cost_line(metrics.per_item)}",
        f"- errors: {metrics.errors}",
    ]
    if best is not None:
        lines.append(
            f"- best threshold on these items (in sample): {best.threshold:g}, "
            f"balanced accuracy {_figure(best.balanced_accuracy)}"
        )
    lines += ["", *_confusion_lines(metrics), "", *_dataset_table(metrics.per_dataset)]
    lines += ["", f"Decision rule: {run.calibration}"]
    return "\n".join(lines)


def cost_line(cost: PerItem) -> str:
    """`4.1 calls, 2,642+4 tokens, 4.76 s` (and the price where the provider gives one)."""
    price = f", ${cost.cost_usd:.6f}" if cost.cost_usd is not None else ""
    return (
        f"{cost.calls:g} calls, {cost.prompt_tokens:,.0f}+{cost.completion_tokens:,.0f} tokens, "
        f"{cost.seconds:.2f} s{price}"
    )


def _confusion_lines(metrics: ClassificationMetrics) -> list[str]:
    matrix = metrics.confusion
    return [
        "| | predicted consistent | flagged |",
        "| --- | --- | --- |",
        f"| consistent | {matrix.true_supported} | {matrix.false_unsupported} (false alarms) |",
        f"| inconsistent | {matrix.false_supported} (missed) | {matrix.true_unsupported} |",
    ]


def _dataset_table(groups: dict[str, ClassificationMetrics]) -> list[str]:
    lines = ["| dataset | n | balanced accuracy | ROC AUC |", "| --- | --- | --- | --- |"]
    for name, group in groups.items():
        lines.append(f"| {name or '-'} | {group.n} | {_figure(group.balanced_accuracy)} | {_figure(group.roc_auc)} |")
    return lines


def summaries_markdown(metrics: SummariesMetrics) -> str:
    """`eval summaries`: the share of key points per verdict, then each article's counts."""
    shares = ", ".join(f"{share:.0%} {verdict.replace('_', ' ')}" for verdict, share in metrics.shares.items())
    recording = f"; recording {metrics.recording}" if metrics.recording else ""
    lines = [
        f"# Summaries eval: {len(metrics.articles)} articles, {metrics.claims} key points",
        "",
        f"- model: {metrics.model}; threshold {metrics.threshold:g}{recording}",
        f"- key points: {shares}",
        "",
        "| article | key points | supported | contradicted | not in source | unverified | calls | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in metrics.articles:
        counts = " | ".join(str(row.counts.get(v, 0)) for v in ("supported", "contradicted", "not_in_source"))
        lines.append(
            f"| {_name(row.article)} | {row.claims} | {counts} | {row.counts.get('unverified', 0)} | "
            f"{row.usage.calls} | {row.usage.seconds:.1f} |"
        )
    return "\n".join(lines)


def comparison_markdown(comparison: Comparison) -> str:
    """`eval compare`: the deltas (B - A), then the items whose prediction flipped."""
    lines = ["# Run B against run A", "", f"- A: {comparison.a}", f"- B: {comparison.b}", ""]
    lines += ["| measure | B - A |", "| --- | --- |"]
    lines += [f"| {name.replace('_', ' ')} | {_signed(delta)} |" for name, delta in comparison.deltas.items()]
    lines += ["", f"## Items whose prediction flipped ({len(comparison.flipped)})"]
    if comparison.flipped:
        lines += ["", "| item | label | A | B |", "| --- | --- | --- | --- |"]
        lines += [f"| {f.id} | {f.label} | {f.a} | {f.b} |" for f in comparison.flipped]
    return "\n".join(lines)


def coverage_eval_markdown(metrics: CoverageMetrics) -> str:
    """`eval coverage`: the per-fact and per-summary figures, the systems' ranking, the cost."""
    cost = metrics.per_summary
    recording = f"; recording {metrics.recording}" if metrics.recording else ""
    return "\n".join(
        [
            f"# Coverage eval: {metrics.n} summaries, {metrics.facts} key facts ({metrics.key_facts_from})",
            "",
            f"- model: {metrics.model}; threshold {metrics.threshold:g}; prompt {metrics.prompt_version}{recording}",
            f"- per fact: balanced accuracy {_figure(metrics.fact_balanced_accuracy)}, "
            f"ROC AUC {_figure(metrics.fact_roc_auc)}",
            f"- per summary: Pearson r with the human recall {_figure(metrics.summary_pearson)}",
            f"- {metrics.systems} systems: Kendall tau {_figure(metrics.system_kendall)}",
            f"- per summary: {cost.facts:g} facts, {cost.calls:g} judge calls ({cost.needed_calls:g} needed), "
            f"{cost.prompt_tokens:,.0f}+{cost.completion_tokens:,.0f} tokens, {cost.seconds:.2f} s",
            "",
            f"Decision rule: {metrics.rule}",
        ]
    )


def _figure(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.4f}"


def _signed(value: float | None) -> str:
    return "not measured" if value is None else f"{value:+.4f}"


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
