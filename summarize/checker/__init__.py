"""The checker: every claim of a summary against its sources, with a verdict, evidence and a rationale.

Claims -> evidence (BM25) -> deterministic checks (quotes, numbers, names, injection; `_checks.py`, where a new
check goes) -> the calibrated judge (`_judge.py`) -> a `CheckReport`.
"""

from summarize.checker._api import acheck, check
from summarize.checker._calibration import EMBEDDED_CALIBRATION, Calibration, load_calibration
from summarize.checker._schema import CheckReport, CheckResult, ClaimReport, EvidenceSentence, JudgeSettings, Verdict
from summarize.checker._summary_file import parse_summary, read_summary

__all__ = [
    "EMBEDDED_CALIBRATION",
    "Calibration",
    "CheckReport",
    "CheckResult",
    "ClaimReport",
    "EvidenceSentence",
    "JudgeSettings",
    "Verdict",
    "acheck",
    "check",
    "load_calibration",
    "parse_summary",
    "read_summary",
]
