"""The checker: every claim of a summary against its sources, with a verdict, evidence and a rationale.

Claims -> evidence (BM25) -> deterministic checks (quotes, numbers, names, attribution, copies; `_checks.py`,
where a new check goes) -> the calibrated judge (`_judge.py`) -> a `CheckReport`. `check()` is the public entry
point; `check_claims()` is the engine the summarizer's verification, story mode and eval runs share.

Coverage, the other question an editor asks ("is the important part in it?"): the article's key facts
(`_key_facts.py`, given or picked by newsworthiness) -> per fact the words, then the judge with the summary as
its cached prefix (`_coverage.py`) -> the coverage rule -> a `CoverageReport` (`check(..., coverage=True)`,
`coverage()`).
"""

from summarize.checker._api import acheck, check, coverage, covered_text
from summarize.checker._checks import speaker_check
from summarize.checker._coverage import (
    COPIED_SHARE,
    COVERAGE_PROMPTS,
    CREDIT,
    PARTLY_SHARE,
    coverage_score,
    fact_signals,
    fact_status,
    summary_coverage,
)
from summarize.checker._judge import PROMPTS, AnchorCache, QuestionCache
from summarize.checker._key_facts import KEY_FACTS, article_key_facts, read_key_facts
from summarize.checker._pipeline import VERDICTS, check_claims, claims_of
from summarize.checker._schema import (
    CheckReport,
    CheckResult,
    Claim,
    ClaimReport,
    CoverageReport,
    CoverageStatus,
    EvidenceSentence,
    FactCoverage,
    JudgeSettings,
    KeyFact,
    Verdict,
)
from summarize.checker._summary_file import parse_summary, read_summary

__all__ = [
    "COPIED_SHARE",
    "COVERAGE_PROMPTS",
    "CREDIT",
    "KEY_FACTS",
    "PARTLY_SHARE",
    "PROMPTS",
    "VERDICTS",
    "AnchorCache",
    "CheckReport",
    "CheckResult",
    "Claim",
    "ClaimReport",
    "CoverageReport",
    "CoverageStatus",
    "EvidenceSentence",
    "FactCoverage",
    "JudgeSettings",
    "KeyFact",
    "QuestionCache",
    "Verdict",
    "acheck",
    "article_key_facts",
    "check",
    "check_claims",
    "claims_of",
    "parse_summary",
    "coverage",
    "coverage_score",
    "covered_text",
    "fact_signals",
    "fact_status",
    "read_key_facts",
    "read_summary",
    "speaker_check",
    "summary_coverage",
]
