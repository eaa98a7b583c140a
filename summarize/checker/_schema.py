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


@dataclass(frozen=True)
class Claim:
    """One statement to check; for our schema's key points, also how it is presented and what it cites."""

    text: str
    key_point: int | None = None
    """Index of the key point it comes from; None for a plain-text summary."""
    presented_as: str | None = None
    cites: tuple[str, ...] = ()
    """Sentence ids of the summarized article (the first source) the key point rests on."""
