"""The summarizer's own eval: summarize each article, check the summary against it, count the verdicts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from summarize._errors import ReplayMissError
from summarize.checker import VERDICTS, check
from summarize.eval._log import ArticleOutcome, SummariesMetrics
from summarize.eval._markdown import summaries_markdown
from summarize.eval._recordings import Recordings
from summarize.settings import Settings, resolve_settings
from summarize.summarizer import summarize


def evaluate_summaries(
    articles: list[Path],
    out: Path,
    *,
    settings: Settings | None = None,
    record: str | None = None,
    replay: str | None = None,
) -> SummariesMetrics:
    """Summarize each article, check the summary against it, and report the share of each verdict."""
    settings = settings or resolve_settings()
    recorder = Recordings.open(record=record, replay=replay, folder=settings.recordings)
    settings = dataclasses.replace(settings, model=recorder.configure(settings.model))
    llm = settings.client()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in articles:
        try:
            with recorder.item(path.stem):
                result = summarize(path, settings=settings, client=llm)
                report = check(result, [result.article], settings=settings, client=llm)
        except ReplayMissError as miss:
            raise ReplayMissError(f"{path}: {miss}; re-record with: summarize eval summaries --record NAME") from None
        (out / f"{path.stem}.summary.json").write_text(result.model_dump_json(indent=2) + "\n")
        (out / f"{path.stem}.check.json").write_text(report.model_dump_json(indent=2) + "\n")
        rows.append(
            ArticleOutcome(
                article=str(path), claims=len(report.claims), counts=report.counts, usage=result.usage + report.usage
            )
        )
    totals = {v: sum(r.counts.get(v, 0) for r in rows) for v in VERDICTS}
    claims = sum(totals.values())
    metrics = SummariesMetrics(
        articles=rows,
        shares={v: round(n / max(claims, 1), 4) for v, n in totals.items()},
        claims=claims,
        model=llm.config.display_name,
        threshold=settings.calibration.threshold,
        recording=recorder.name,
    )
    (out / "metrics.json").write_text(metrics.model_dump_json(indent=2) + "\n")
    (out / "report.md").write_text(summaries_markdown(metrics) + "\n")
    return metrics
