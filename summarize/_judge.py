"""The LLM judge: the probability that the sources support a claim, read from the answer token's log-probs.

Asked for a verdict in words, the embedded 1.5B model is near chance (`../shared/CHECKER-NOTES.md`); its
probability of "Yes", thresholded at a value calibrated on development data, separates far better. Where a
provider returns no log-probabilities, the judge falls back to the generated word (probability 1 or 0).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ._injection import addresses_model
from ._llm import LLM, Messages, ModelConfig
from ._local_model import JUDGE_SERVER
from ._prompts import prompt_version, render
from ._schema import Article, EvidenceSentence, JudgeSettings, Usage

PROMPTS = ("judge.system", "judge.user")
_FENCE = re.compile(r"</?\s*document\s*>", re.IGNORECASE)
_DOCUMENT_BUDGET_SHARE = 0.8  # of the context window, for the sources; the rest for instructions and claim


@dataclass(frozen=True)
class Calibration:
    """A decision threshold on P(supported) and where it was measured."""

    threshold: float
    provenance: str


DEFAULT_CALIBRATION = Calibration(
    threshold=0.5,
    provenance="uncalibrated default (0.5); run `summarize eval` on development data to calibrate",
)
EMBEDDED_CALIBRATION = Calibration(
    threshold=0.63,
    provenance=(
        "0.63 maximises the mean balanced accuracy on the development sets SummEdits news eval (133 items) and "
        "FRANK valid (202 items, whole documents, seed 0) with the embedded Qwen2.5-Coder-1.5B Q4_K_M, judge "
        "prompt b7eefaa54cf6 (evals/calibrate.py; in-sample)"
    ),
)
"""The default: calibrated for the embedded model; for other models it is a starting point, not a measurement."""


@dataclass(frozen=True)
class Judgement:
    """The judge's answer for one claim."""

    probability: float
    method: str
    usage: Usage


class Judge:
    """Scores claims against a fixed set of sources; the sources stay first in every prompt (prefix cache)."""

    def __init__(self, config: ModelConfig, articles: list[Article], calibration: Calibration) -> None:
        self.llm = LLM(config, server=JUDGE_SERVER)
        self.articles = articles
        self.calibration = calibration
        self._full_document = self._document([_article_text(a) for a in articles])
        self._fits = self._document_fits(self._full_document)

    def settings(self, method: str) -> JudgeSettings:
        """What a report records about this judge."""
        return JudgeSettings(
            model=self.llm.config.display_name,
            method="logprobs" if method == "logprobs" else "generative",
            threshold=self.calibration.threshold,
            calibration=self.calibration.provenance,
            prompt_version=prompt_version(*PROMPTS),
        )

    def supported(self, claim: str, evidence: list[EvidenceSentence]) -> Judgement:
        """P(the sources support the claim)."""
        document = self._full_document if self._fits else self._document([_excerpts(evidence)])
        messages: Messages = [
            {"role": "system", "content": document},
            {"role": "user", "content": render("judge.user", claim=_fence(claim))},
        ]
        self.llm.check_fits(messages, 1, "the claim with its evidence")
        table, text, usage = self.llm.next_token_logprobs(messages)
        probability = yes_probability(table) if table else None
        if probability is None:
            return Judgement(1.0 if text.strip().lower().startswith("yes") else 0.0, "generative", usage)
        return Judgement(probability, "logprobs", usage)

    def _document(self, sources: list[str]) -> str:
        return render("judge.system", sources=[_fence(s) for s in sources])

    def _document_fits(self, document: str) -> bool:
        window = self.llm.context_tokens()
        if window is None:
            return True
        return self.llm.count_tokens([{"role": "system", "content": document}]) <= window * _DOCUMENT_BUDGET_SHARE


def yes_probability(table: dict[str, float]) -> float | None:
    """P(Yes) / (P(Yes) + P(No)) over the answer token's alternatives ('Yes', ' yes', 'YES', ...)."""
    yes = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "yes")
    no = sum(math.exp(lp) for token, lp in table.items() if token.strip().lower() == "no")
    return yes / (yes + no) if yes + no > 0 else None


def _article_text(article: Article) -> str:
    """The article as the judge reads it; sentences that address the model are left out."""
    return " ".join(s.text for s in article.sentences if not addresses_model(s.text))


def _excerpts(evidence: list[EvidenceSentence]) -> str:
    ordered = sorted(evidence, key=lambda e: (e.source, int(e.sentence_id[1:])))
    return " ... ".join(e.text for e in ordered if not addresses_model(e.text))


def _fence(text: str) -> str:
    return _FENCE.sub("[document tag removed]", text)
