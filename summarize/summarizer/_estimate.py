"""What summarizing an article would cost, without calling the model: the calls and their prompt tokens."""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarize.calibration import ANCHOR_SIGNALS, Calibration
from summarize.input import Article
from summarize.llm import Messages, ModelClient
from summarize.summarizer._summarizer import MAX_SUMMARY_TOKENS, plan_summary, summary_messages
from summarize.templates import render

_QUESTIONS = {"whole", "window", "clause", *ANCHOR_SIGNALS}
"""The judge's questions per claim that a decision rule can read (`Calibration.signals_needed`)."""


class SummaryEstimate(BaseModel):
    """The model calls one summary would make, and their prompt tokens (estimated with the model's tokenizer, or
    gpt-4o's where litellm knows none); the fewest when nothing is re-asked and every key point copies its
    sentence, the most when every re-ask is used and the judge asks every question its rule reads."""

    source: str = Field(description="The article's source.")
    model: str = Field(description="The model the calls would go to.")
    calls_min: int = Field(description="The fewest model calls.")
    calls_max: int = Field(description="The most model calls.")
    prompt_tokens_min: int = Field(description="Prompt tokens of the fewest calls.")
    prompt_tokens_max: int = Field(description="Prompt tokens of the most calls.")
    summary_prompt_tokens: int = Field(description="Prompt tokens of the summary call.")
    max_output_tokens: int = Field(description="The most tokens the summary call may answer with.")
    reasks_max: int = Field(description="The most times the summary call is asked again after an invalid answer.")
    judge_questions_max: int = Field(description="The most judge questions verification may ask.")


def estimate_calls(
    article: Article, llm: ModelClient, calibration: Calibration, *, verify: bool, max_reasks: int
) -> SummaryEstimate:
    """Plan the summary as `summarize` would and count, without a request, what it would send."""
    plan = plan_summary(article)
    summary_tokens = llm.count_tokens(summary_messages(plan))
    attempts = 1 + max_reasks
    per_point = len(calibration.signals_needed & _QUESTIONS) if verify else 0
    cited = {s.id: s.text for s in article.sentences}
    questions = [_question(cited[i], llm) for i in plan.point_ids for _ in range(per_point)]
    return SummaryEstimate(
        source=article.source,
        model=llm.config.display_name,
        calls_min=1,
        calls_max=attempts + len(questions),
        prompt_tokens_min=summary_tokens,
        prompt_tokens_max=summary_tokens * attempts + sum(questions),
        summary_prompt_tokens=summary_tokens,
        max_output_tokens=MAX_SUMMARY_TOKENS,
        reasks_max=max_reasks,
        judge_questions_max=len(questions),
    )


def _question(sentence: str, llm: ModelClient) -> int:
    """A verification question's tokens: the cited sentence as the source, a key point of its length as the claim."""
    messages: Messages = [
        {"role": "system", "content": render("judge.system", sources=[sentence])},
        {"role": "user", "content": render("judge.user", claim=sentence)},
    ]
    return llm.count_tokens(messages)
