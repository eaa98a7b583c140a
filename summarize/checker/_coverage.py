"""Coverage: which of the article's key facts a summary carries, and a score for how much of them.

Per key fact, the words decide where they can: a summary that has every content word of the fact in one of its
sentences covers it, one that has none of them does not. The rest go to the coverage decision rule (a
`Calibration`, shipped as `calibration/coverage.json`). The shipped rule reads the words alone (the share of the
fact's content words in the summary, threshold fitted on REALSumm's development half by
`evals/coverage_words.py`), so a coverage check needs no model call. A rule that reads the judge's answer
(`stated`, fitted by `evals/fit_coverage.py` from recorded runs) asks "Is the FACT stated in the SUMMARY?" with
the summary as the cached prefix (all of a summary's facts in a row, so a server that caches prompt prefixes reads
the summary once). A fact the rule finds not covered but whose words the summary mostly has is `partly` covered."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from summarize._progress import step
from summarize.calibration import Calibration
from summarize.checker._judge import Judgement, ask_yes_no, fence
from summarize.checker._schema import CoverageReport, CoverageStatus, FactCoverage, JudgeSettings, KeyFact
from summarize.input import split_sentences
from summarize.llm import ModelClient, Usage
from summarize.templates import prompt_version, render
from summarize.text import content_stems

COVERAGE_PROMPTS = ("coverage.system", "coverage.user")
COPIED_SHARE = 1.0
"""Share of a fact's content words in one summary sentence from which the words alone say covered."""
PARTLY_SHARE = 0.5
"""Share of a fact's content words in the summary from which a fact not covered is partly covered."""
STATUSES: tuple[CoverageStatus, ...] = ("covered", "partly", "not_covered")
CREDIT: dict[CoverageStatus, float] = {"covered": 1.0, "partly": 0.5, "not_covered": 0.0}
"""What each status counts for in the coverage score."""


@dataclass
class _Fact:
    """A key fact with what the words say, before any model call."""

    fact: KeyFact
    signals: dict[str, float]
    covered_by: str | None
    judged: Judgement | None = field(default=None)

    @property
    def copied(self) -> bool:
        return self.signals["sentence_words"] >= COPIED_SHARE

    @property
    def wordless(self) -> bool:
        return self.signals["fact_words"] == 0.0


def fact_signals(fact: str, sentences: list[str]) -> tuple[dict[str, float], str | None]:
    """The share of the fact's content words (crudely stemmed) in the whole summary and in its best sentence,
    and that sentence (None where no sentence has any of them)."""
    wanted = content_stems(fact)
    if not wanted:
        return {"fact_words": 0.0, "sentence_words": 0.0}, None
    shares = [len(wanted & content_stems(s)) / len(wanted) for s in sentences]
    whole = len(wanted & frozenset().union(*(content_stems(s) for s in sentences))) / len(wanted)
    best = max(range(len(sentences)), key=lambda i: shares[i], default=None)
    found = None if best is None or shares[best] == 0 else sentences[best]
    return {"fact_words": round(whole, 4), "sentence_words": round(shares[best], 4) if best is not None else 0.0}, found


def summary_coverage(
    summary: str,
    facts: list[KeyFact],
    llm: ModelClient | None,
    rule: Calibration,
    *,
    key_facts_from: Literal["given", "article"],
    every_question: bool = False,
) -> CoverageReport:
    """Each key fact's status in `summary` and the summary's coverage score; `llm=None` lets the words alone
    decide (facts they leave open are partly or not covered, `unjudged`). The judge is asked only where the rule
    reads its answer (`stated`); `every_question` asks it about every fact, the ones the words decide included
    (evaluation runs: their recordings then serve any rule)."""
    started = time.monotonic()
    sentences = [s.text for s in split_sentences(summary)] or [summary]
    ordered = sorted(facts, key=lambda f: -f.weight)  # stable: the given order among equals
    prepared = [_Fact(f, *fact_signals(f.text, sentences)) for f in ordered]
    if llm is not None and (every_question or "stated" in rule.signals_needed):
        prefix = render("coverage.system", summary=fence(summary))
        for number, item in enumerate(prepared, start=1):
            if every_question or not (item.copied or item.wordless):
                step("judging key fact %d/%d", number, len(prepared))
                question = render("coverage.user", fact=fence(item.fact.text))
                item.judged = ask_yes_no(llm, prefix, question, "the summary with one key fact")
    decided = [_decide(item, rule) for item in prepared]
    asked = [item.judged for item in prepared if item.judged is not None]
    usage = sum((j.usage for j in asked), Usage()).model_copy(update={"seconds": time.monotonic() - started})
    return CoverageReport(
        score=coverage_score(decided),
        facts=decided,
        key_facts_from=key_facts_from,
        counts={s: sum(f.status == s for f in decided) for s in STATUSES},
        judge=_settings(llm, rule, asked) if llm is not None and asked else None,
        usage=usage,
    )


def coverage_score(facts: list[FactCoverage]) -> float:
    """The importance-weighted share of the facts covered (partly: half); 0 without facts."""
    total = sum(f.weight for f in facts)
    return round(sum(f.weight * CREDIT[f.status] for f in facts) / total, 4) if total else 0.0


def _decide(item: _Fact, rule: Calibration) -> FactCoverage:
    signals = dict(item.signals)
    if item.judged is not None:
        signals["stated"] = round(item.judged.probability, 4)
    status, method, probability = fact_status(signals, rule)
    return FactCoverage(
        text=item.fact.text, status=status, weight=item.fact.weight, sentence_id=item.fact.sentence_id,
        covered_by=item.covered_by, probability=probability, method=method, signals=signals,
    )  # fmt: skip


Method = Literal["copy", "no_words", "judge", "words", "unjudged"]


def fact_status(signals: Mapping[str, float], rule: Calibration) -> tuple[CoverageStatus, Method, float | None]:
    """A fact's status from its signals: the words where they decide (every content word in one summary
    sentence: covered; none in the summary: not), else the rule (on the judge's answer, `stated`, and the words);
    where a signal the rule reads is missing (no judge ran), partly where the summary has at least half of the
    fact's words, else not covered. Also how it was decided, and P(covered)."""
    if signals["sentence_words"] >= COPIED_SHARE:
        return "covered", "copy", None
    if signals["fact_words"] == 0.0:
        return "not_covered", "no_words", None
    if not rule.signals_needed <= signals.keys():
        return _unless_partly(signals, False), "unjudged", None
    probability = rule.score(signals)
    method: Method = "judge" if "stated" in rule.signals_needed else "words"
    return _unless_partly(signals, probability >= rule.threshold), method, round(probability, 4)


def _unless_partly(signals: Mapping[str, float], covered: bool) -> CoverageStatus:
    if covered:
        return "covered"
    return "partly" if signals["fact_words"] >= PARTLY_SHARE else "not_covered"


def _settings(llm: ModelClient, rule: Calibration, asked: list[Judgement]) -> JudgeSettings:
    return JudgeSettings(
        model=llm.config.display_name,
        method="generative" if any(j.method == "generative" for j in asked) else "logprobs",
        threshold=rule.threshold,
        calibration=rule.provenance,
        prompt_version=prompt_version(*COVERAGE_PROMPTS),
    )
