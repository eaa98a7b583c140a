"""What the model writes (drafts), before the summarizer checks it and builds the `Summary`."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, create_model

from summarize.summary import Headline, ModelText

_ABOUT_THE_ARTICLE = re.compile(r"^\W*(?:the|this)\s+(?:article|story|piece|text|report)\b", re.IGNORECASE)


def describes_the_article(text: str) -> bool:
    """Whether model-written text describes the article ("The article discusses ...") instead of the news."""
    return bool(_ABOUT_THE_ARTICLE.match(text))


class SummaryDraft(BaseModel):
    """What the model writes: one key point for each sentence it is given, then a headline from the first.

    Which sentences the key points rest on, how each is presented, the quotes with their speakers and the
    people and organisations are found without the model (the newsworthiness ranking, the cue tags, the parse
    and the recogniser): the small model only shortens sentences it is shown, so it cannot cite a wrong one or
    drop a hedge by choosing the label. The lead is key point 1 itself, and the headline must be key point 1's
    sentence shortened by deletion (checked; `summarize.text.deletion_problems`): nothing is left to write freely.
    """

    key_points: BaseModel
    """One field per sentence id, holding the key point written from that sentence (`draft_model_for`)."""
    headline: Headline

    def point_texts(self) -> dict[str, str]:
        """Each key point's text by the id of the sentence it was written from, most newsworthy first."""
        return {sentence_id: str(text).strip() for sentence_id, text in self.key_points.model_dump().items()}


def draft_model_for(sentence_ids: list[str]) -> type[SummaryDraft]:
    """`SummaryDraft` whose key points are one field per given sentence id, in that order, and whose headline
    is written from the first.

    A grammar-constrained server (llama.cpp) writes the ids itself, so a point cannot be left out or cite
    another sentence; providers without grammars meet the same shape through validation and re-asks.
    """
    fields: dict[str, Any] = {
        sentence_id: (
            ModelText,
            Field(min_length=1, max_length=300, description=f"The fact {sentence_id} states, in one short sentence."),
        )
        for sentence_id in sentence_ids
    }
    points = create_model("KeyPoints", __doc__="One key point per sentence, by sentence id.", **fields)
    headline = f"{sentence_ids[0]}'s own words, the less important left out, in their order; no word of your own."
    return create_model(
        "SummaryDraft",
        __base__=SummaryDraft,
        key_points=(points, Field(description="For each sentence id, the fact that sentence states.")),
        headline=(Headline, Field(description=headline)),
    )
