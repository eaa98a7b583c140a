"""Verify a summary before it is returned: each key point against the sentences it cites.

The deterministic checks and the calibrated judge read only the cited sentences and their neighbours (a short
prompt); a point they do not find supported is dropped, unless that would leave no point at all, and the
summary records every point's verification and what was dropped.
"""

from __future__ import annotations

from summarize.checker._calibration import EMBEDDED_CALIBRATION, Calibration
from summarize.checker._pipeline import Claim, check_claims
from summarize.checker._schema import ClaimReport
from summarize.input import Article
from summarize.llm import ModelClient, Usage
from summarize.summarizer import KeyPoint, SummaryResult
from summarize.summarizer._schema import PointVerification, Verification

NEIGHBOURS = 1
"""Sentences read on each side of a cited one: a point often rests on its context too."""


def verify_summary(
    result: SummaryResult, llm: ModelClient, calibration: Calibration = EMBEDDED_CALIBRATION
) -> SummaryResult:
    """The result with its unsupported key points dropped and its verification recorded."""
    points = result.summary.key_points
    reports = [_check_point(point, index, result.article, llm, calibration) for index, point in enumerate(points)]
    supported = [r.verdict == "supported" for r, _usage in reports]
    keep = supported if any(supported) else [True] * len(points)
    verification = Verification(
        points=[_verification(p, r, kept) for p, (r, _u), kept in zip(points, reports, keep, strict=True)],
        dropped=keep.count(False),
        usage=sum((usage for _r, usage in reports), Usage()),
    )
    kept = [p for p, k in zip(points, keep, strict=True) if k]
    summary = result.summary.model_copy(update={"key_points": kept})
    return result.model_copy(
        update={"summary": summary, "verification": verification, "usage": result.usage + verification.usage}
    )


def _check_point(
    point: KeyPoint, index: int, article: Article, llm: ModelClient, calibration: Calibration
) -> tuple[ClaimReport, Usage]:
    context = _context(article, point.sentence_ids)
    claim = Claim(point.text, index, point.presented_as, tuple(point.sentence_ids))
    report = check_claims("", [claim], [context], llm, calibration)
    return report.claims[0], report.usage


def _context(article: Article, cited: list[str]) -> Article:
    """The cited sentences and their neighbours, with their ids, as a short article."""
    positions = {s.id: n for n, s in enumerate(article.sentences)}
    wanted = {
        n
        for sentence_id in cited
        if sentence_id in positions
        for n in range(positions[sentence_id] - NEIGHBOURS, positions[sentence_id] + NEIGHBOURS + 1)
    }
    sentences = [s for n, s in enumerate(article.sentences) if n in wanted]
    return article.model_copy(update={"sentences": sentences})


def _verification(point: KeyPoint, report: ClaimReport, kept: bool) -> PointVerification:
    return PointVerification(
        text=point.text,
        sentence_ids=point.sentence_ids,
        verdict=report.verdict,
        probability=report.probability,
        rationale=report.rationale,
        kept=kept,
    )
