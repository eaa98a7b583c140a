"""The summarizer's own eval: summarize each article, check the summary against it, count the verdicts."""

from __future__ import annotations

from pathlib import Path

from summarize._errors import ReplayMissError
from summarize.checker import EMBEDDED_CALIBRATION, Calibration, check
from summarize.checker._pipeline import VERDICTS
from summarize.eval._log import ArticleOutcome, SummariesMetrics
from summarize.eval._recordings import Recordings
from summarize.llm import LLM, ModelConfig, model_config
from summarize.summarizer import summarize


def evaluate_summaries(
    articles: list[Path],
    out: Path,
    *,
    config: ModelConfig | None = None,
    record: str | None = None,
    replay: str | None = None,
    recordings: Path | None = None,
    calibration: Calibration | None = None,
) -> SummariesMetrics:
    """Summarize each article, check the summary against it, and report the share of each verdict."""
    recorder = Recordings.open(record=record, replay=replay, folder=recordings)
    llm = LLM(recorder.configure(config or model_config()))
    calibration = calibration or EMBEDDED_CALIBRATION
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in articles:
        try:
            with recorder.item(path.stem):
                result = summarize(path, client=llm)
                report = check(result, [result.article], client=llm, calibration=calibration)
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
        threshold=calibration.threshold,
        recording=recorder.name,
    )
    (out / "metrics.json").write_text(metrics.model_dump_json(indent=2) + "\n")
    return metrics
