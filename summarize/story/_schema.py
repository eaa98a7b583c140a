"""What story mode returns: the story's facts with who carries them, the disagreements, a profile per outlet."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from summarize._version import SCHEMA_VERSION
from summarize.llm import Usage
from summarize.summary import KeyPoint, Presentation

Stance = Literal["supports", "contradicts", "not_mentioned"]
DisagreementKind = Literal[
    "quotation_reversed",
    "quotation_reworded",
    "quotation_shortened",
    "quotation_only_in_one",
    "number",
    "contradiction",
    "attribution",
    "only_in_one",
]


class StorySource(BaseModel):
    """One outlet's version of the story."""

    label: str
    """Short name used everywhere in the report (the file's stem)."""
    source: str
    """Where it came from: a path, or `<stdin>`."""
    title: str | None = None
    sentences: int


class Excerpt(BaseModel):
    """One sentence of one outlet, quoted exactly."""

    source: str
    """The outlet's label."""
    sentence_id: str
    text: str


class OutletSupport(BaseModel):
    """Whether one outlet carries a fact, and where."""

    source: str
    stance: Stance
    sentence_ids: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    """The text of each of those sentences, in the same order."""
    method: Literal["origin", "aligned", "judge", "negation", "number", "none"]
    """How it was decided: the fact's own sentence, sentence alignment, the calibrated judge, a negation or number
    that differs between aligned sentences, or nothing found."""
    probability: float | None = None
    """The judge's calibrated P(supported), where the judge was asked."""


class StoryFact(BaseModel):
    """One fact of the story, as the outlet it is taken from states it, with every outlet's stance."""

    id: str
    """`F1`, `F2`, ... in report order: the facts most outlets carry first."""
    text: str
    origin: Excerpt
    presented_as: Presentation
    carried_by: int
    """How many outlets support it."""
    support: list[OutletSupport]


class StoryKeyPoint(KeyPoint):
    """A key point of the combined summary, with the facts it rests on and every outlet's stance."""

    facts: list[str] = Field(default_factory=list)
    support: list[OutletSupport] = Field(default_factory=list)


class StorySummary(BaseModel):
    """The combined summary: the summary of the version closest to the common account, with per-outlet support."""

    source: str
    """The outlet whose version was summarized."""
    headline: str
    summary: str
    key_points: list[StoryKeyPoint]


class Disagreement(BaseModel):
    """One place where outlets differ, with the exact excerpts side by side."""

    kind: DisagreementKind
    sources: list[str]
    excerpts: list[Excerpt]
    explanation: str


class OutletProfile(BaseModel):
    """How one outlet's version relates to the others'."""

    source: str
    facts_carried: int
    facts_alone: int
    """Facts no other outlet carries."""
    disagreements: int
    quotations: int
    quotations_matching: int
    """Quotations another outlet gives in the same words (or a shortened form of them)."""
    quotation_agreement: float | None
    """quotations_matching / quotations; None without quotations."""
    omissions: list[str] = Field(default_factory=list)
    """The facts (ids) that most other outlets carry and this one does not mention, the most widely carried first:
    what its readers miss. A fact it contradicts is a disagreement, not an omission."""


class StoryReport(BaseModel):
    """Several outlets' versions of one story: what they agree on, and exactly where they differ."""

    schema_version: str = SCHEMA_VERSION
    sources: list[StorySource]
    summary: StorySummary | None
    """None when no model ran (`--no-llm`)."""
    facts: list[StoryFact]
    disagreements: list[Disagreement]
    profiles: list[OutletProfile]
    closest: str
    """The outlet whose version looks closest to the common account (not: the one that is right)."""
    closest_reason: str
    model: str | None = None
    usage: Usage = Field(default_factory=Usage)
