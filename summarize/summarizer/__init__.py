"""The summarizer: Article -> Summary, through the LLM layer, verified against the article before it returns.

What the summary rests on is found without a model and the model rewrites it (`_summarizer.py`, the prompt in
`templates/prompts/summarize.*`); what it wrote is checked with the checker's engine before it is returned
(`_verify.py`). The summary's schema lives in `summarize.summary`.
"""

from summarize.summarizer._api import asummarize, estimate_summary, summarize
from summarize.summarizer._estimate import SummaryEstimate
from summarize.summarizer._summarizer import (
    KEY_POINTS,
    PROMPTS,
    SummaryPlan,
    plan_summary,
    recognised_entities,
    summarize_article,
)
from summarize.summarizer._verify import verify_summary

__all__ = [
    "KEY_POINTS",
    "PROMPTS",
    "SummaryEstimate",
    "SummaryPlan",
    "asummarize",
    "estimate_summary",
    "plan_summary",
    "recognised_entities",
    "summarize",
    "summarize_article",
    "verify_summary",
]
