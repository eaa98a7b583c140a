"""The checker: every claim of a summary against its sources, with a verdict, evidence and a rationale.

Claims -> evidence (BM25) -> deterministic checks (quotes, numbers, names, attribution, copies; `_checks.py`,
where a new check goes) -> the calibrated judge (`_judge.py`) -> a `CheckReport`. `check()` is the public entry
point; `check_claims()` is the engine the summarizer's verification, story mode and eval runs share.
"""

from summarize.checker._api import acheck, check
from summarize.checker._checks import speaker_check
from summarize.checker._judge import PROMPTS, AnchorCache, QuestionCache
from summarize.checker._pipeline import VERDICTS, check_claims, claims_of
from summarize.checker._schema import (
    CheckReport,
    CheckResult,
    Claim,
    ClaimReport,
    EvidenceSentence,
    JudgeSettings,
    Verdict,
)
from summarize.checker._summary_file import parse_summary, read_summary

__all__ = [
    "PROMPTS",
    "VERDICTS",
    "AnchorCache",
    "CheckReport",
    "CheckResult",
    "Claim",
    "ClaimReport",
    "EvidenceSentence",
    "JudgeSettings",
    "QuestionCache",
    "Verdict",
    "acheck",
    "check",
    "check_claims",
    "claims_of",
    "parse_summary",
    "read_summary",
    "speaker_check",
]
