"""Article -> Summary: what the summary rests on (found without a model), the prompt, the call, the result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from summarize.input import Article, Sentence
from summarize.llm import Messages, ModelClient, Usage
from summarize.summarizer._drafts import SummaryDraft, describes_the_article, draft_model_for
from summarize.summary import (
    HEADLINE_CHARACTERS,
    KEY_POINT_CHARACTERS,
    Entity,
    KeyPoint,
    Presentation,
    Quote,
    Summary,
    SummaryResult,
)
from summarize.templates import prompt_version, render
from summarize.text import (
    RankedSentence,
    added_words,
    compress,
    deletion_problems,
    distinct_newsworthy,
    most_newsworthy,
    name_and_role,
    parse,
    presentation,
    quotation_speaker,
    quotations,
    rank_sentences,
    story_entities,
    word_overlap,
)

PROMPTS = ("summarize.system", "summarize.user")


MAX_SUMMARY_TOKENS = 600
KEY_POINTS = 3
"""Key points the model writes: one from each of the most newsworthy sentences that do not repeat each other.
Three, not four: on CNN/DM development articles 1-12 the first three of four points scored ROUGE-2 22.2 against
the reference highlights, all four 20.6 (the highlights are three or four short sentences)."""
EXCERPT = 10
"""Sentences the model reads: the most newsworthy (framing left out), in the article's order."""
QUOTES = 5
MENTIONS = 2
"""Sentences that must name a person or organisation the summary's sentences do not, for it to be listed: a name
seen once in the article's tail (a song title, a caption's label) is more often the recogniser's error than a
party to the story."""
GRAMMAR_WORDS = frozenset(
    "a an the is are was were be been has have had that which who of to in on at for with by from and as".split()
)
"""Words a key point may add to its sentence: the grammar a shortened sentence needs ("Leading figures ... are
reportedly evaluating"), never a name, a number, a negation, a modal, a pronoun or a verb of saying."""
ANOTHER_SENTENCE = 0.6
"""Share of a key point's words that another planned sentence must hold (more than its own does) for the point to
count as written from that sentence: the small model sometimes writes one sentence's fact into several slots."""


_FENCE = re.compile(r"</?\s*article\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class SummaryPlan:
    """What is decided before the model writes: the sentences it reads, the ones its key points rest on (most
    newsworthy first), and the quotes with their speakers."""

    excerpt: list[Sentence]
    point_ids: list[str]
    quotes: list[Quote]


def plan_summary(article: Article) -> SummaryPlan:
    """Rank the article's sentences without a model and decide what the summary rests on."""
    ranked = rank_sentences([(s.id, s.text) for s in article.sentences], title=article.title)
    texts = {s.id: s.text for s in article.sentences}
    point_ids = distinct_newsworthy(ranked, texts, KEY_POINTS) or [article.sentences[0].id]
    shown = set(most_newsworthy(ranked, EXCERPT)) | set(point_ids)
    excerpt = [s for s in article.sentences if s.id in shown]
    return SummaryPlan(excerpt, point_ids, attributed_quotes(article, ranked))


def attributed_quotes(article: Article, ranked: list[RankedSentence]) -> list[Quote]:
    """Up to `QUOTES` of the article's statements in quotation marks whose speaker the sentence structure names
    (the subject of the speech verb nearest to it, "according to"), in the article's order: first those whose
    sentence names the speaker (a "he said" resolved to an earlier name is less sure), most newsworthy first."""
    found = quotations([(s.id, s.text) for s in article.sentences])
    if not found:
        return []  # the parse costs a spaCy pass over the whole article: only when there is a quote
    texts = [s.text for s in article.sentences]
    index = {s.id: i for i, s in enumerate(article.sentences)}
    rank = {r.id: r.rank for r in ranked if not r.framing}
    held = []
    for sentence_id, words in found:
        at = max(texts[index[sentence_id]].find(words), 0)
        who = quotation_speaker(texts, index[sentence_id], (at, at + len(words))) if sentence_id in rank else None
        if who and says_something(words):
            name, role = name_and_role(who)
            held.append(Quote(speaker=name, role=role, sentence_id=sentence_id, text=words.rstrip(",")))
    named = {q.sentence_id for q in held if q.speaker in texts[index[q.sentence_id]]}  # named there, not a "he"
    best = sorted(held, key=lambda quote: (quote.sentence_id not in named, rank[quote.sentence_id]))[:QUOTES]
    quotes = [q for q in held if q in best]
    return list({(q.speaker, q.text): q for q in quotes}.values())


def says_something(words: str) -> bool:
    """Whether quoted words make a statement (they hold a verb), not a phrase in quotation marks (a title, a
    nickname, the outlet's scare quotes: 'Premier League footballer')."""
    return any(token.pos_ in ("VERB", "AUX") for token in parse(words))


def summary_messages(plan: SummaryPlan) -> Messages:
    """The chat messages: instructions in the system turn, the excerpt fenced as data in the user turn."""
    fenced = [Sentence(id=s.id, text=_FENCE.sub("[article tag removed]", s.text)) for s in plan.excerpt]
    user = render("summarize.user", sentences=fenced, point_ids=plan.point_ids)
    return [{"role": "system", "content": render("summarize.system")}, {"role": "user", "content": user}]


def summarize_article(article: Article, llm: ModelClient) -> SummaryResult:
    """Summarize one article: the model rewrites its most newsworthy sentences into key points and writes a
    headline and a short summary; everything else is found in the article itself."""
    job = _SummaryJob.for_article(article, llm)
    draft, usage = llm.structured(job.response_model, job.messages, context={}, max_tokens=MAX_SUMMARY_TOKENS)
    return job.result(draft, llm, usage)


async def asummarize_article(article: Article, llm: ModelClient) -> SummaryResult:
    """Async twin of `summarize_article`: the same job, the call awaited."""
    job = _SummaryJob.for_article(article, llm)
    draft, usage = await llm.astructured(job.response_model, job.messages, context={}, max_tokens=MAX_SUMMARY_TOKENS)
    return job.result(draft, llm, usage)


def recognised_entities(article: Article, plan: SummaryPlan) -> list[Entity]:
    """The people and organisations the story is about, from the recogniser, with roles in the article's own
    words, instead of the model's guesses (which invented roles and took titles for people): those named in a
    sentence the summary rests on or in `MENTIONS` sentences at least, the most often named first."""
    found = story_entities([(s.id, s.text) for s in article.sentences])
    read = {s.id for s in plan.excerpt}
    about = [e for e in found if len(e.sentence_ids) >= MENTIONS or read & set(e.sentence_ids)]
    about.sort(key=lambda e: -len(e.sentence_ids))
    return [Entity(name=e.name, kind=e.kind, role=e.role) for e in about]


@dataclass(frozen=True)
class _SummaryJob:
    """What one summary call needs: the plan, the messages and the article-specific response model."""

    article: Article
    plan: SummaryPlan
    messages: Messages
    response_model: type[SummaryDraft]

    @classmethod
    def for_article(cls, article: Article, llm: ModelClient) -> _SummaryJob:
        plan = plan_summary(article)
        messages = summary_messages(plan)
        llm.check_fits(messages, MAX_SUMMARY_TOKENS, f"{article.source} ({len(article.sentences)} sentences)")
        return cls(article, plan, messages, draft_model_for(plan.point_ids))

    def result(self, draft: SummaryDraft, llm: ModelClient, usage: Usage) -> SummaryResult:
        """The summary: the model's key points, each with its sentence and that sentence's presentation; the lead
        and the headline by deletion from key point 1's sentence; the quotes and the recogniser's entities."""
        points, corrections = self._key_points(draft.point_texts())
        top = self.article.sentence(self.plan.point_ids[0])
        assert top is not None
        lead, headline = lead_of(points[0].text, top), headline_of(draft.headline, top, points[0].text)
        corrections += [note for note in (lead.correction, headline.correction) if note]
        summary = Summary(
            headline=headline.text,
            summary=lead.text,
            key_points=points,
            quotes=self.plan.quotes,
            entities=recognised_entities(self.article, self.plan),
            corrections=corrections,
        )
        return SummaryResult(
            summary=summary,
            article=self.article,
            model=llm.config.display_name,
            prompt_version=prompt_version(*PROMPTS),
            usage=usage,
        )

    def _key_points(self, texts: dict[str, str]) -> tuple[list[KeyPoint], list[str]]:
        """A key point per planned sentence; one the model did not write from its own sentence gives way to it."""
        planned = dict(self.article.cited(self.plan.point_ids))
        points, corrections = [], []
        for number, sentence_id in enumerate(self.plan.point_ids, start=1):
            text = texts[sentence_id]
            why = _not_from_its_sentence(text, sentence_id, planned)
            if why is not None:
                corrections.append(f"key point {number}: {why}; {sentence_id} stands in")
                text = planned[sentence_id]
            points.append(
                KeyPoint(text=text, sentence_ids=[sentence_id], presented_as=presented_as(self.article, sentence_id))
            )
        return points, corrections


def _not_from_its_sentence(text: str, sentence_id: str, planned: dict[str, str]) -> str | None:
    """Why a key point was not written from its own sentence, or None: it describes the article, repeats another
    planned sentence's words more than its own, or has a word its sentence lacks. The model may shorten a
    sentence, not reword it: on CNN/DM articles 38-49 its rewordings cost ROUGE-2 against the highlights, and
    three of five changed a fact ("their older brother" for "his"; "51 million by 2023" for "51million in just
    eight years")."""
    if describes_the_article(text):
        return "it described the article"
    own = word_overlap(text, planned[sentence_id])
    other, share = max(((o, word_overlap(text, t)) for o, t in planned.items()), key=lambda x: x[1])
    if other != sentence_id and share > max(own, ANOTHER_SENTENCE):
        return f"it was written from {other}'s words, not its own"
    added = added_words(text, planned[sentence_id], GRAMMAR_WORDS)
    if added and len(planned[sentence_id]) <= KEY_POINT_CHARACTERS:
        return f"it has words {sentence_id} lacks ({', '.join(added[:3])})"
    return None


LEAD_WORDS = 35
"""The longest lead when key point 1's sentence itself is shortened: at this length, on CNN/DM development articles
1-37, the sentence shortened by deletion scores ROUGE-2 12.31 against their highlights (Lead-1: 11.60;
`evals/benchmark_headlines.py`)."""
HEADLINE_WORDS = 14
"""The longest headline the deletion fallback aims for (it never cuts inside a clause, so it may stay longer)."""


@dataclass(frozen=True)
class Derived:
    """A text taken from a sentence by deletion, and the correction to record where it is not the model's."""

    text: str
    correction: str | None = None


def lead_of(point: str, sentence: Sentence) -> Derived:
    """The lead: key point 1 where it is its sentence shortened by deletion alone, else that sentence shortened by
    deletion (`LEAD_WORDS`): never a word the sentence lacks, never a hedge, negation or attribution dropped."""
    problems = deletion_problems(point, sentence.text)
    if not problems:
        return Derived(point)
    lead = compress(sentence.text, LEAD_WORDS)
    return Derived(
        lead, f"summary: key point 1 is not {sentence.id} shortened ({problems[0]}); {sentence.id} stands in"
    )


def headline_of(written: str, sentence: Sentence, lead: str) -> Derived:
    """The headline: the model's where it is key point 1's sentence shortened by deletion (a report's attribution
    may go, as in headlines; never a hedge), else the lead shortened by deletion; no final full stop."""
    headline = _headline_form(written)
    problems = deletion_problems(headline, sentence.text, headline=True) or (
        ["it describes the article"] if describes_the_article(headline) else []
    )
    if not problems:
        return Derived(headline)
    fallback = _within_headline_length(_headline_form(compress(lead, HEADLINE_WORDS)), sentence.text)
    note = f"headline: {headline!r} is not {sentence.id} shortened ({problems[0]}); {sentence.id} shortened stands in"
    return Derived(fallback, note)


def _within_headline_length(text: str, sentence: str) -> str:
    """`text` cut at the last word where what is left, with an ellipsis, fits a headline and still drops no
    hedge, negation or condition of the sentence; `text` itself where it fits."""
    if len(text) <= HEADLINE_CHARACTERS:
        return text
    words = text[: HEADLINE_CHARACTERS - 1].split(" ")
    cuts = (" ".join(words[:n]).rstrip(" ,;:") for n in range(len(words) - 1, 0, -1))
    fitting = next((cut for cut in cuts if not deletion_problems(cut, sentence, headline=True)), None)
    return (fitting or " ".join(words[:-1])) + "…"


def _headline_form(text: str) -> str:
    """Headline conventions that change no word: no final full stop, a capital first letter."""
    text = text.strip().rstrip(".").strip()
    return text[:1].upper() + text[1:]


def presented_as(article: Article, sentence_id: str) -> Presentation:
    """How the article presents what one of its sentences says, from its cues (reportedly, said, could...)."""
    sentence = article.sentence(sentence_id)
    return cast(Presentation, presentation(sentence.text if sentence else "")[0])
