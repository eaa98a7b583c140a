"""The summarizer: Article -> Summary, through the LLM layer, validated against the article before it returns.

Owns the summary schema (headline, summary, key points citing sentence ids, quotes, entities) and the prompt.
"""

from summarize.summarizer._api import asummarize, summarize
from summarize.summarizer._schema import (
    Entity,
    KeyPoint,
    PointVerification,
    Presentation,
    Quote,
    Summary,
    SummaryResult,
    Verification,
)
from summarize.summarizer._summarizer import KEY_POINTS, SummaryPlan, plan_summary, recognised_entities

__all__ = [
    "KEY_POINTS",
    "Entity",
    "KeyPoint",
    "PointVerification",
    "Presentation",
    "Quote",
    "Summary",
    "SummaryPlan",
    "SummaryResult",
    "Verification",
    "asummarize",
    "plan_summary",
    "recognised_entities",
    "summarize",
]
