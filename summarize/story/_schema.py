"""What story mode returns: the story's facts with who carries them, the disagreements, a profile per outlet."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from summarize._output import Output
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


class StorySource(Output):
    """One outlet's version of the story."""

    label: str
    """Short name used everywhere in the report (the file's stem)."""
    source: str
    """Where it came from: a path, or `<stdin>`."""
    title: str | None = None
    """The page's title, where it gives one."""
    sentences: int
    """How many sentences it has."""


class Excerpt(Output):
    """One sentence of one outlet, quoted exactly."""

    source: str
    """The outlet's label."""
    sentence_id: str
    """The sentence's id in that version."""
    text: str
    """The sentence as that version has it."""


class OutletSupport(Output):
    """Whether one outlet carries a fact, and where."""

    source: str
    """The outlet (its label)."""
    stance: Stance
    """supports, contradicts, or not_mentioned."""
    sentence_ids: list[str] = Field(default_factory=list)
    """The outlet's sentences that carry it."""
    evidence: list[str] = Field(default_factory=list)
    """The text of each of those sentences, in the same order."""
    method: Literal["origin", "aligned", "judge", "negation", "number", "none"]
    """How it was decided: the fact's own sentence, sentence alignment, the calibrated judge, a negation or number
    that differs between aligned sentences, or nothing found."""
    probability: float | None = None
    """The judge's calibrated P(supported), where the judge was asked."""


class StoryFact(Output):
    """One fact of the story, as the outlet it is taken from states it, with every outlet's stance."""

    id: str
    """`F1`, `F2`, ... in report order: the facts most outlets carry first."""
    text: str
    """The fact as the version it comes from states it."""
    origin: Excerpt
    """Where it comes from: the first version that states it, and the sentence."""
    presented_as: Presentation
    """How that sentence presents it (established fact, reported, a statement, speculation)."""
    carried_by: int
    """How many outlets support it."""
    support: list[OutletSupport]
    """Every outlet's stance on it."""


class StoryKeyPoint(KeyPoint):
    """A key point of the combined summary, with the facts it rests on and every outlet's stance."""

    facts: list[str] = Field(default_factory=list)
    """The ids of the story's facts this key point rests on."""
    support: list[OutletSupport] = Field(default_factory=list)
    """Every outlet's stance on the facts it rests on."""


class StorySummary(Output):
    """The combined summary: the summary of the version closest to the common account, with per-outlet support."""

    source: str
    """The outlet whose version was summarized."""
    headline: str
    """The summary's headline."""
    summary: str
    """Its lead."""
    key_points: list[StoryKeyPoint]
    """Its key points, each with the facts it rests on and every outlet's stance."""


class Disagreement(Output):
    """One place where outlets differ, with the exact excerpts side by side."""

    kind: DisagreementKind
    """What differs: a quotation reversed, reworded, shortened or in one outlet only; an attribution; a
    contradiction; a number; a statement only one outlet reports."""
    sources: list[str]
    """The outlets involved."""
    excerpts: list[Excerpt]
    """The exact sentences, side by side."""
    explanation: str
    """What differs, in one line."""


class OutletProfile(Output):
    """How one outlet's version relates to the others'."""

    source: str
    """The outlet (its label)."""
    facts_carried: int
    """Facts of the story it carries."""
    facts_alone: int
    """Facts no other outlet carries."""
    disagreements: int
    """Disagreements it is part of."""
    quotations: int
    """Quotations it carries."""
    quotations_matching: int
    """Quotations another outlet gives in the same words (or a shortened form of them)."""
    quotation_agreement: float | None
    """quotations_matching / quotations; None without quotations."""
    omissions: list[str] = Field(default_factory=list)
    """The facts (ids) that most other outlets carry and this one does not mention, the most widely carried first:
    what its readers miss. A fact it contradicts is a disagreement, not an omission."""


class StoryReport(Output):
    """Several outlets' versions of one story: what they agree on, and exactly where they differ."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (bumped whenever it changes incompatibly)."""
    sources: list[StorySource]
    """The versions compared, each with a short label."""
    summary: StorySummary | None
    """None when no model ran (`--no-llm`)."""
    facts: list[StoryFact]
    """Every news sentence of the story with each outlet's stance, the facts every outlet carries first."""
    disagreements: list[Disagreement]
    """Where the versions differ, each with its excerpts."""
    profiles: list[OutletProfile]
    """Per outlet: facts carried, facts only it carries, disagreements, quotations."""
    closest: str
    """The outlet whose version looks closest to the common account (not: the one that is right)."""
    closest_reason: str
    """Why that version looks closest to the common account."""
    model: str | None = None
    """The model used; none without one (`--no-llm`)."""
    usage: Usage = Field(default_factory=Usage)
    """Every model call the comparison made."""
