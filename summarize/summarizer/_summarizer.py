"""Article -> Summary: the prompt, the call, and validation against the article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.input._models import Article, Sentence
from summarize.llm._client import Messages, ModelClient
from summarize.llm._usage import Usage
from summarize.summarizer._schema import (
    Entity,
    Presentation,
    Quote,
    Summary,
    SummaryDraft,
    SummaryResult,
    draft_model_for,
)
from summarize.templates import prompt_version, render
from summarize.text._cues import unsupported_certainty
from summarize.text._names import capitalised_names
from summarize.text._newsworthiness import most_newsworthy, rank_sentences
from summarize.text._people import story_entities
from summarize.text._quotes import quotations
from summarize.text._speakers import speakers

PROMPTS = ("summarize.system", "summarize.user")


MAX_SUMMARY_TOKENS = 1200
NEWSWORTHY = 5
"""How many of the most newsworthy sentences the prompt names."""


_FENCE = re.compile(r"</?\s*article\s*>", re.IGNORECASE)


_ROLES = re.compile(
    r"\b(spokes(?:person|man|woman)|representative|CEO|chief executive|official|executive|minister)\b", re.I
)


_UNQUOTED = re.compile(r"[“\"][^”\"]*(?:[”\"]|$)")


def summary_messages(article: Article, quotations: list[Quote]) -> Messages:
    """The chat messages for one article: instructions in the system turn, the article fenced as data.

    Framing that is not news (rhetorical questions, headings, the outlet's own conclusions, calls to read more)
    is left out, and the most newsworthy sentences are named, so the small model starts from the news.
    """
    ranked = rank_sentences([(s.id, s.text) for s in article.sentences], title=article.title)
    framing = {r.id for r in ranked if r.framing}
    fenced = [
        Sentence(id=s.id, text=_FENCE.sub("[article tag removed]", s.text))
        for s in article.sentences
        if s.id not in framing
    ]
    quoted = [q for q in quotations if q.sentence_id not in framing]
    user = render(
        "summarize.user",
        sentences=fenced,
        quotations=_with_context(article, quoted),
        newsworthy=most_newsworthy(ranked, NEWSWORTHY),
    )
    return [{"role": "system", "content": render("summarize.system")}, {"role": "user", "content": user}]


def article_quotations(article: Article) -> list[Quote]:
    """The article's quotations, numbered from 1 in the prompt; the speaker is the model's to name."""
    found = quotations([(s.id, s.text) for s in article.sentences])
    return [Quote(speaker="?", sentence_id=sentence_id, text=words.rstrip(",")) for sentence_id, words in found]


def _with_context(article: Article, quotations: list[Quote]) -> list[dict[str, str]]:
    """Each quotation with the names the article gives around it, where it says who is speaking."""
    index = {s.id: i for i, s in enumerate(article.sentences)}
    listed = []
    for quote in quotations:
        at = index[quote.sentence_id]
        around = " ".join(_UNQUOTED.sub(" ", s.text) for s in article.sentences[max(0, at - 1) : at + 1])
        names = capitalised_names(around) + _ROLES.findall(around)
        listed.append({"sentence_id": quote.sentence_id, "text": quote.text, "names": ", ".join(dict.fromkeys(names))})
    return listed


def summarize_article(article: Article, llm: ModelClient) -> SummaryResult:
    """Summarize one article; the summary is validated against it (ids exist, quotes verbatim)."""
    job = _SummaryJob.for_article(article, llm)
    draft, usage = llm.structured(job.response_model, job.messages, context=job.context, max_tokens=MAX_SUMMARY_TOKENS)
    return job.result(draft, llm, usage)


async def asummarize_article(article: Article, llm: ModelClient) -> SummaryResult:
    """Async twin of `summarize_article`: the same job, the call awaited."""
    job = _SummaryJob.for_article(article, llm)
    draft, usage = await llm.astructured(
        job.response_model, job.messages, context=job.context, max_tokens=MAX_SUMMARY_TOKENS
    )
    return job.result(draft, llm, usage)


def attribute_quotes(summary: Summary, article: Article) -> Summary:
    """Each quote's speaker from the sentence structure where a rule finds one (the model's pick otherwise)."""
    if not summary.quotes:
        return summary  # the parse costs a spaCy pass over the whole article: only when there is a quote to attribute
    who = dict(zip((s.id for s in article.sentences), speakers([s.text for s in article.sentences]), strict=True))
    quotes = [q.model_copy(update={"speaker": who.get(q.sentence_id) or q.speaker}) for q in summary.quotes]
    return summary.model_copy(update={"quotes": list({(q.speaker, q.text): q for q in quotes}.values())})


def keep_presentation(summary: Summary, article: Article) -> Summary:
    """Key points keep how the article presents them: one stated as established fact that rests only on
    sentences that report or speculate is corrected to what they say, and the summary records the correction."""
    points, corrections = [], list(summary.corrections)
    for number, point in enumerate(summary.key_points, start=1):
        hedge = (
            unsupported_certainty(article.cited(point.sentence_ids))
            if point.presented_as == "established_fact"
            else None
        )
        if hedge is not None:
            kind: Presentation = "reported" if hedge[0] == "reported" else "speculation"
            corrections.append(
                f"key point {number}: established_fact -> {kind}, as its sentences present it: {hedge[1]}"
            )
            point = point.model_copy(update={"presented_as": kind})
        points.append(point)
    return summary.model_copy(update={"key_points": points, "corrections": corrections})


def recognised_entities(summary: Summary, article: Article) -> Summary:
    """The people and organisations from the recogniser, with roles in the article's own words, instead of the
    model's guesses (which invented roles and took titles for people)."""
    found = story_entities([(s.id, s.text) for s in article.sentences])
    entities = [Entity(name=e.name, kind=e.kind, role=e.role) for e in found]
    return summary.model_copy(update={"entities": entities})


@dataclass(frozen=True)
class _SummaryJob:
    """What one summary call needs: the messages, the article-specific response model, the article's quotations."""

    article: Article
    messages: Messages
    quotations: list[Quote]
    response_model: type[SummaryDraft]

    @classmethod
    def for_article(cls, article: Article, llm: ModelClient) -> _SummaryJob:
        listed = article_quotations(article)
        messages = summary_messages(article, listed)
        llm.check_fits(messages, MAX_SUMMARY_TOKENS, f"{article.source} ({len(article.sentences)} sentences)")
        return cls(article, messages, listed, draft_model_for(article, listed))

    @property
    def context(self) -> dict[str, object]:
        return {"article": self.article, "quotations": self.quotations}

    def result(self, draft: SummaryDraft, llm: ModelClient, usage: Usage) -> SummaryResult:
        """The summary with its quotations filled in, and what produced it."""
        summary = keep_presentation(draft.to_summary(self.quotations), self.article)
        return SummaryResult(
            summary=recognised_entities(attribute_quotes(summary, self.article), self.article),
            article=self.article,
            model=llm.config.display_name,
            prompt_version=prompt_version(*PROMPTS),
            usage=usage,
        )
