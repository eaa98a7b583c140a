"""The checker's report models: verdicts, evidence, checks, the judge's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from summarize._output import Output
from summarize._version import SCHEMA_VERSION
from summarize.llm import Usage

Verdict = Literal["supported", "contradicted", "not_in_source", "unverified"]
"""`unverified`: nothing judged the claim (no judge ran and no deterministic check decided it)."""


class EvidenceSentence(Output):
    """A source sentence offered as evidence for a claim."""

    source: str
    """The source article it comes from."""
    sentence_id: str
    """Its id in that article (`S1`, ...)."""
    text: str
    """The sentence as the source has it."""
    score: float
    """Retrieval score (BM25); higher is more relevant."""


class CheckResult(Output):
    """The outcome of one deterministic check on one claim."""

    check: Literal[
        "quote",
        "number",
        "name",
        "addresses_model",
        "attribution",
        "speaker",
        "copy",
        "edit",
        "antonym",
        "negation",
        "insertion",
        "roles",
    ]
    """Which deterministic check."""
    passed: bool
    """Whether the claim passed it."""
    detail: str
    """What the check found, in one line."""
    contradicts: bool = False
    """True when the sources state something else (another number, other words for a quote)."""
    decides: bool = True
    """A failed check that decides sets the verdict without the judge; one that does not (the check is unsure)
    is shown beside the judge's verdict. A passed `copy` check (the claim copies a source sentence) decides
    `supported`."""


class ClaimReport(Output):
    """Everything known about one claim."""

    claim: str
    """The claim as the summary states it."""
    key_point: int | None = None
    """Index (from 0) of the summary's key point this claim checks; None for a plain-text summary."""
    verdict: Verdict
    """supported, contradicted, not_in_source, or unverified (nothing judged it)."""
    probability: float | None = None
    """The judge's probability that the sources support the claim; None without a judge."""
    signals: dict[str, float] = Field(default_factory=dict)
    """What the decision read: the judge on the whole sources and on a window of evidence, evidence coverage."""
    evidence: list[EvidenceSentence]
    """The source sentences that bear on it, best first."""
    checks: list[CheckResult]
    """The deterministic checks that ran on it."""
    rationale: str
    """Why it got its verdict, in one line."""


class JudgeSettings(Output):
    """How the judge decided, so that every report can be reproduced and questioned."""

    model: str
    """The judge's model."""
    method: Literal["logprobs", "generative"]
    """logprobs: P(Yes) from the answer token; generative: a written Yes/No (a provider without log-probabilities)."""
    threshold: float
    """The decision threshold on P(supported)."""
    calibration: str
    """Where the threshold comes from: which data, which model, which measure."""
    prompt_version: str
    """Hash of the judge's prompt templates."""


CoverageStatus = Literal["covered", "partly", "not_covered"]
"""`partly`: not stated, but the summary carries at least half of the fact's content words."""


class KeyFact(Output):
    """A short fact that a summary of the article should carry."""

    text: str
    """The fact, in one sentence."""
    weight: float = Field(default=1.0, gt=0)
    """Its importance: a summary's coverage score weighs each fact by it."""
    sentence_id: str | None = None
    """The article sentence it comes from, where the tool picked it."""


class FactCoverage(Output):
    """Whether the summary carries one key fact, and where."""

    text: str
    """The key fact."""
    status: CoverageStatus
    """covered, partly or not_covered."""
    weight: float
    """Its importance, as given or picked."""
    sentence_id: str | None = None
    """The article sentence the fact comes from, where known."""
    covered_by: str | None = None
    """The summary's sentence that carries most of the fact's words; None where it carries none of them."""
    probability: float | None = None
    """P(covered) under the decision rule; None where the words decided without the judge."""
    method: Literal["copy", "no_words", "judge", "words", "unjudged"]
    """copy: one sentence of the summary has every content word of the fact (covered, no judge); no_words: the
    summary has none of them (not covered, no judge); judge: the decision rule on the judge's answer; words: a rule
    on the words alone; unjudged: the rule needs the judge and none ran (`--no-llm`): partly or not covered, as
    the words say."""
    signals: dict[str, float] = Field(default_factory=dict)
    """What the decision read: the share of the fact's content words in the summary (`fact_words`) and in its
    best sentence (`sentence_words`), the judge's P(Yes) (`stated`)."""


class CoverageReport(Output):
    """How much of the article's key facts a summary carries: the omitted ones are what an editor looks at."""

    score: float
    """Importance-weighted share of the key facts carried: covered counts 1, partly 1/2, not covered 0."""
    facts: list[FactCoverage]
    """Most important first."""
    key_facts_from: Literal["given", "article"]
    """given: the editor's or a dataset's (`--key-facts`); article: picked by the tool (newsworthiness)."""
    counts: dict[CoverageStatus, int]
    """How many key facts have each status."""
    judge: JudgeSettings | None
    """None when no judge ran."""
    usage: Usage
    """Every model call the coverage check made."""


class CheckReport(Output):
    """The consistency report for one summary against its sources."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (`summarize schema check-report` prints it)."""
    sources: list[str]
    """The source articles, as given."""
    summary: str
    """The summary's text (its lead, for our JSON)."""
    claims: list[ClaimReport]
    """Every claim with its verdict, evidence and checks."""
    consistent: bool
    """Every claim supported; a report with an unverified claim is never consistent."""
    supported_share: float
    """Share of the claims supported."""
    counts: dict[Verdict, int]
    """Claims per verdict."""
    judge: JudgeSettings | None
    """None when only the deterministic checks ran (`--no-llm`)."""
    usage: Usage
    """Every model call the check made."""
    coverage: CoverageReport | None = None
    """What the summary leaves out of the article's key facts (`--coverage`); None when not asked."""


@dataclass(frozen=True)
class Claim:
    """One statement to check; for our schema's key points, also how it is presented and what it cites."""

    text: str
    key_point: int | None = None
    """Index of the key point it comes from; None for a plain-text summary."""
    presented_as: str | None = None
    cites: tuple[str, ...] = ()
    """Sentence ids of the summarized article (the first source) the key point rests on."""
