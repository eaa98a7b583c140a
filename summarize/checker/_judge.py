"""The LLM judge: the probability that the sources support a claim, read from the answer token's log-probs.

Asked for a verdict in words, the embedded 1.5B model is near chance (`../shared/CHECKER-NOTES.md`); its
probability of "Yes", thresholded at a value calibrated on development data, separates far better. Where a
provider returns no log-probabilities, the judge falls back to the generated word (probability 1 or 0)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from summarize.calibration import Calibration
from summarize.checker._schema import EvidenceSentence, JudgeSettings
from summarize.input import Article
from summarize.llm import Messages, ModelClient, Usage
from summarize.templates import prompt_version, render
from summarize.text import addresses_model

PROMPTS = ("judge.system", "judge.user")
EMPTY_CLAIM = "N/A"
"""The content-free anchor claim: how readily the judge says Yes to these sources about nothing."""


_FENCE = re.compile(r"</?\s*(document|summary)\s*>", re.IGNORECASE)
"""The tags that fence the data in a judge's prompt: text that closes them early is defused."""


_DOCUMENT_BUDGET_SHARE = 0.8  # of the context window, for the sources; the rest for instructions and claim


@dataclass(frozen=True)
class Judgement:
    """The judge's answer for one claim."""

    probability: float
    method: Literal["logprobs", "generative"]
    usage: Usage


AnchorCache = dict[str, dict[str, Judgement]]
"""The anchors' answers by judge document, shared by the checks of one run so each document is asked once."""
QuestionCache = dict[tuple[str, str], Judgement]
"""Answers by (judge document, claim), shared by checks that may ask the same question: verification judges a
lead that repeats a key point against the same sentences."""


class Judge:
    """Scores claims against a fixed set of sources; the sources stay first in every prompt (prefix cache)."""

    def __init__(
        self,
        llm: ModelClient,
        articles: list[Article],
        calibration: Calibration,
        anchor_cache: AnchorCache | None = None,
        question_cache: QuestionCache | None = None,
    ) -> None:
        self.llm = llm
        self.articles = articles
        self.calibration = calibration
        self._full_document = self._document([_article_text(a) for a in articles])
        self._fits = self._document_fits(self._full_document)
        self._asked: QuestionCache = question_cache if question_cache is not None else {}
        self._anchor_cache = anchor_cache if anchor_cache is not None else {}

    def settings(self, method: Literal["logprobs", "generative"]) -> JudgeSettings:
        """What a report records about this judge."""
        return JudgeSettings(
            model=self.llm.config.display_name,
            method=method,
            threshold=self.calibration.threshold,
            calibration=self.calibration.provenance,
            prompt_version=prompt_version(*PROMPTS),
        )

    def supported(self, claim: str, evidence: list[EvidenceSentence]) -> Judgement:
        """P(the sources support the claim), the sources read whole (or, if they do not fit, the evidence)."""
        return self._ask(self.whole_document(evidence), claim)

    def whole_document(self, evidence: list[EvidenceSentence]) -> str:
        """What the whole-document question reads: the sources, or the evidence where they do not fit."""
        return self._full_document if self._fits else self._document([_excerpts(evidence)])

    def window_document(self, evidence: list[EvidenceSentence]) -> str:
        """What the window question reads."""
        return self._document([window_text(self.articles, evidence)])

    def anchors(self) -> dict[str, Judgement]:
        """The judge's answers, against the whole sources, for a content-free claim ("N/A") and a trivially true
        one (their first sentence word for word): the scale a rescaled rule reads claims on. Asked once per set
        of sources (and per `anchor_cache`); none where the sources do not fit and are read as excerpts."""
        if not self._fits:
            return {}
        if self._full_document in self._anchor_cache:
            return {k: replace(j, usage=Usage()) for k, j in self._anchor_cache[self._full_document].items()}
        first = next((s.text for a in self.articles for s in a.sentences if not addresses_model(s.text)), "")
        found = {"anchor_na": self._ask(self._full_document, EMPTY_CLAIM)}
        if first:
            found["anchor_first"] = self._ask(self._full_document, first)
        self._anchor_cache[self._full_document] = found
        return found

    def window_supported(self, claim: str, evidence: list[EvidenceSentence]) -> Judgement:
        """P(a short window of evidence supports the claim): its best sentences with their neighbours.

        A small model reads a short premise more sharply than a whole article (MiniCheck judges chunks); the
        window differs per claim, so it is not a cached prefix: ask it after the whole-document questions.
        """
        return self._ask(self.window_document(evidence), claim)

    def _ask(self, document: str, claim: str) -> Judgement:
        """One question; the same question again (a window that is the whole of a short source) is answered
        from the first answer, at no cost."""
        if (document, claim) in self._asked:
            return replace(self._asked[(document, claim)], usage=Usage())
        self._asked[(document, claim)] = judgement = self._ask_model(document, claim)
        return judgement

    def _ask_model(self, document: str, claim: str) -> Judgement:
        question = render("judge.user", claim=fence(claim))
        return ask_yes_no(self.llm, document, question, "the claim with its evidence")

    def _document(self, sources: list[str]) -> str:
        return render("judge.system", sources=[fence(s) for s in sources])

    def _document_fits(self, document: str) -> bool:
        window = self.llm.context_tokens()
        if window is None:
            return True
        return self.llm.count_tokens([{"role": "system", "content": document}]) <= window * _DOCUMENT_BUDGET_SHARE


def ask_yes_no(llm: ModelClient, prefix: str, question: str, what: str) -> Judgement:
    """One Yes/No question: `prefix` (the system message, the part a server caches) then `question`; P(Yes) from
    the answer token's log-probabilities, or the generated word where the provider returns none."""
    messages: Messages = [{"role": "system", "content": prefix}, {"role": "user", "content": question}]
    llm.check_fits(messages, 1, what)
    table, text, usage = llm.next_token_logprobs(messages)
    probability = yes_probability(table) if table else None
    if probability is None:
        return Judgement(1.0 if text.strip().lower().startswith("yes") else 0.0, "generative", usage)
    return Judgement(probability, "logprobs", usage)


def yes_probability(table: dict[str, float]) -> float | None:
    """P(Yes) / (P(Yes) + P(No)) over the answer token's alternatives ('Yes', ' yes', 'YES', ...)."""
    yes = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "yes")
    no = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "no")
    return yes / (yes + no) if yes + no > 0 else None


def _article_text(article: Article) -> str:
    """The article as the judge reads it; sentences that address the model are left out."""
    return " ".join(s.text for s in article.sentences if not addresses_model(s.text))


def window_text(articles: list[Article], evidence: list[EvidenceSentence], best: int = 3, around: int = 1) -> str:
    """The best evidence sentences with `around` neighbours each, in reading order; gaps marked with '...'."""
    wanted: dict[str, set[int]] = {}
    for item in evidence[:best]:
        position = int(item.sentence_id[1:]) - 1
        wanted.setdefault(item.source, set()).update(range(position - around, position + around + 1))
    parts: list[str] = []
    for article in articles:
        positions = sorted(p for p in wanted.get(article.source, set()) if 0 <= p < len(article.sentences))
        previous = None
        for position in positions:
            if previous is not None and position != previous + 1:
                parts.append("...")
            sentence = article.sentences[position].text
            if not addresses_model(sentence):
                parts.append(sentence)
            previous = position
        if positions:
            parts.append("...")
    return " ".join(parts[:-1] if parts and parts[-1] == "..." else parts)


def _excerpts(evidence: list[EvidenceSentence]) -> str:
    ordered = sorted(evidence, key=lambda e: (e.source, int(e.sentence_id[1:])))
    return " ... ".join(e.text for e in ordered if not addresses_model(e.text))


def fence(text: str) -> str:
    """`text` with any tag that would end its fence early replaced by a note."""
    return _FENCE.sub(lambda m: f"[{m.group(1).lower()} tag removed]", text)
