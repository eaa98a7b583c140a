"""Summary + sources -> CheckReport: claims, evidence, deterministic checks, the judge, and their combination."""

from __future__ import annotations

import logging
import re
import time

from ._article import split_sentences
from ._checks import run_checks
from ._errors import EmptyInputError, InputError
from ._evidence import EvidenceIndex
from ._judge import DEFAULT_CALIBRATION, Calibration, Judge, Judgement
from ._llm import LLM, ModelConfig
from ._schema import Article, CheckReport, CheckResult, ClaimReport, EvidenceSentence, Summary, SummaryResult, Usage
from ._text import ENGLISH_FUNCTION_WORDS as _FUNCTION_WORDS
from ._text import looks_english, normalize_for_match

log = logging.getLogger("summarize")
COVERAGE_FOR_CONTRADICTION = 0.6
"""An unsupported claim whose content words mostly appear in its evidence is about what the sources discuss:
contradicted. One whose words mostly do not is not in the source. (Asked directly, the embedded model's
"does the document contradict the claim?" rated a true claim highest: it is not used.)"""


def claims_of(summary: SummaryResult | Summary | str) -> tuple[str, list[str]]:
    """The claims to check: our schema's key points, or the sentences of any plain-text summary."""
    if isinstance(summary, SummaryResult):
        summary = summary.summary
    if isinstance(summary, Summary):
        return summary.summary, [point.text for point in summary.key_points]
    claims = [s.text for s in split_sentences(summary)] if summary.strip() else []
    return summary.strip(), claims


def check_claims(
    summary_text: str,
    claims: list[str],
    articles: list[Article],
    config: ModelConfig | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> CheckReport:
    """Check every claim against the sources; `config=None` runs the deterministic checks alone.

    One judge call per claim that passes the deterministic checks, so recordings do not depend on the threshold.
    """
    _refuse_unusable(claims, articles)
    started = time.monotonic()
    index = EvidenceIndex(articles)
    judge = Judge(config, articles, calibration) if config is not None else None
    reports, usage, methods = [], Usage(), set()
    for claim in claims:
        report, claim_usage, method = _check_one(claim, articles, index, judge)
        reports.append(report)
        usage += claim_usage
        methods.add(method)
    usage = usage.model_copy(update={"seconds": time.monotonic() - started})
    settings = judge.settings("generative" if "generative" in methods else "logprobs") if judge else None
    return _report(summary_text, articles, reports, settings, usage)


def split_into_atomic_claims(claims: list[str], config: ModelConfig) -> tuple[list[str], Usage]:
    """Ask the model to split each claim into atomic facts (one structured call per claim)."""
    from pydantic import BaseModel, Field

    from ._prompts import render

    class AtomicClaims(BaseModel):
        """The atomic facts of one sentence."""

        facts: list[str] = Field(min_length=1, description="Each a short, self-contained statement.")

    llm, atomic, usage = LLM(config), [], Usage()
    for claim in claims:
        messages = [{"role": "user", "content": render("atomic_claims", claim=claim)}]
        split, call_usage = llm.structured(AtomicClaims, messages, context={}, max_tokens=300)
        atomic += [fact.strip() for fact in split.facts if fact.strip()]
        usage += call_usage
    return atomic, usage


def _refuse_unusable(claims: list[str], articles: list[Article]) -> None:
    if not claims:
        raise EmptyInputError("the summary has no claims to check")
    if not articles:
        raise InputError("no source article given (use --source)")
    for article in articles:
        if not looks_english(article.text):
            raise InputError(f"{article.source}: does not look like English; the checker reads English sources")


def _check_one(
    claim: str, articles: list[Article], index: EvidenceIndex, judge: Judge | None
) -> tuple[ClaimReport, Usage, str]:
    evidence = index.top(claim)
    checks, evidence = run_checks(claim, articles, evidence, index)
    failed = [c for c in checks if not c.passed]
    if judge is None or failed:
        verdict, rationale = _deterministic_verdict(failed)
        report = ClaimReport(claim=claim, verdict=verdict, evidence=evidence, checks=checks, rationale=rationale)
        return report, Usage(), ""
    supported = judge.supported(claim, evidence)
    covered = coverage(claim, evidence)
    if supported.probability >= judge.calibration.threshold:
        verdict = "supported"
    else:
        verdict = "contradicted" if covered >= COVERAGE_FOR_CONTRADICTION else "not_in_source"
    report = ClaimReport(
        claim=claim,
        verdict=verdict,
        probability=round(supported.probability, 4),
        evidence=evidence,
        checks=checks,
        rationale=_judge_rationale(verdict, supported, covered, judge.calibration.threshold, evidence),
    )
    return report, supported.usage, supported.method


def coverage(claim: str, evidence: list[EvidenceSentence], top: int = 3) -> float:
    """Share of the claim's content words (crudely stemmed) found in its best evidence sentences."""
    wanted = _stems(claim)
    found = set().union(*(_stems(e.text) for e in evidence[:top])) if evidence else set()
    return len(wanted & found) / len(wanted) if wanted else 0.0


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", normalize_for_match(text))
    return {w[:5] for w in words if len(w) >= 3 and w not in _FUNCTION_WORDS}


def _deterministic_verdict(failed: list[CheckResult]) -> tuple[str, str]:
    if not failed:
        return "supported", "no deterministic check failed (no judge ran)"
    first = next((c for c in failed if c.contradicts), failed[0])
    verdict = "contradicted" if first.contradicts else "not_in_source"
    return verdict, f"{first.check} check failed: {first.detail}"


def _judge_rationale(
    verdict: str, supported: Judgement, covered: float, threshold: float, evidence: list[EvidenceSentence]
) -> str:
    best = evidence[0].sentence_id if evidence else "none"
    probability = f"judge: P(supported) {supported.probability:.2f}"
    if verdict == "supported":
        return f"{probability} >= threshold {threshold:.2f}; best evidence {best}"
    topic = "the sources discuss it" if verdict == "contradicted" else "the sources barely mention its subject"
    share = f"{covered:.0%} of its words in the evidence"
    return f"{probability} < threshold {threshold:.2f}; {topic} ({share}); best evidence {best}"


def _report(
    summary_text: str, articles: list[Article], claims: list[ClaimReport], judge: object, usage: Usage
) -> CheckReport:
    counts = {v: sum(c.verdict == v for c in claims) for v in ("supported", "contradicted", "not_in_source")}
    return CheckReport(
        sources=[a.source for a in articles],
        summary=summary_text,
        claims=claims,
        consistent=counts["supported"] == len(claims),
        supported_share=round(counts["supported"] / len(claims), 4),
        counts=counts,  # type: ignore[arg-type]
        judge=judge,  # type: ignore[arg-type]
        usage=usage,
    )
