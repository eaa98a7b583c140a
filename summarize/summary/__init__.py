"""The summary: the structured result the summarizer returns and the checker, reports and story mode read.

Schema only (pydantic models and their limits), so that every feature can read a summary without depending on
how one is made (`summarize.summarizer`).
"""

from summarize.summary._schema import (
    HEADLINE_CHARACTERS,
    KEY_POINT_CHARACTERS,
    Entity,
    Headline,
    KeyPoint,
    ModelText,
    PointVerdict,
    PointVerification,
    Presentation,
    Quote,
    Summary,
    SummaryResult,
    Verification,
)

__all__ = [
    "HEADLINE_CHARACTERS",
    "KEY_POINT_CHARACTERS",
    "Entity",
    "Headline",
    "KeyPoint",
    "ModelText",
    "PointVerdict",
    "PointVerification",
    "Presentation",
    "Quote",
    "Summary",
    "SummaryResult",
    "Verification",
]
