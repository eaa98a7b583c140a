"""The summary's pydantic models: what the summarizer returns, what the checker and every report read."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from summarize._output import Output
from summarize._version import SCHEMA_VERSION
from summarize.input import Article
from summarize.llm import Usage
from summarize.text import unescape_literal_unicode

ModelText = Annotated[str, BeforeValidator(lambda v: unescape_literal_unicode(v) if isinstance(v, str) else v)]
"""Text written by a model: literal `\\uXXXX` escapes restored."""

KEY_POINT_CHARACTERS = 400
"""The longest key point: a longer sentence (often a page's captions run together) cannot stand in for one."""
HEADLINE_CHARACTERS = 200
"""The longest headline: where a key point stands in for one, the first that fits; when none fits, key point 1 is
cut at a word."""
Headline = Annotated[
    ModelText, Field(min_length=1, max_length=HEADLINE_CHARACTERS, description="A factual headline, no clickbait.")
]


Presentation = Literal["established_fact", "reported", "statement", "speculation"]


class KeyPoint(Output):
    """One fact the article reports, with the sentences it rests on."""

    text: ModelText = Field(
        min_length=1, max_length=KEY_POINT_CHARACTERS, description="The point in one sentence, faithful to the article."
    )
    sentence_ids: list[str] = Field(
        min_length=1, description="Ids of the article sentences this point rests on, e.g. ['S3', 'S4']."
    )
    presented_as: Presentation = Field(
        description=(
            "How the article presents it: established_fact; reported (attributed to a report or sources); "
            "statement (a party's own claim); speculation (possibility, analysis, 'could', 'may')."
        )
    )


class Quote(Output):
    """Words someone said, copied exactly from the article."""

    speaker: ModelText = Field(
        min_length=1, max_length=100, description="Who said it: their name where the article gives one."
    )
    role: str | None = Field(
        default=None, max_length=150, description="The speaker's title or description in the article's words, if any."
    )
    text: ModelText = Field(min_length=1, description="The exact words, copied verbatim from the article.")
    sentence_id: str = Field(description="Id of the sentence where the quote appears.")


class Entity(Output):
    """A person or organisation the article names, found by the recogniser, with the role the article states."""

    name: str = Field(min_length=1, max_length=100)
    """The name as the article writes it (the fullest form it uses)."""
    kind: Literal["person", "organization"]
    """person or organization."""
    role: str | None = Field(
        default=None,
        max_length=150,
        description="Their role in the article's own words (a title or apposition), or null where it states none.",
    )


class Summary(Output):
    """A structured summary of one news article."""

    headline: Headline
    summary: ModelText = Field(min_length=1, max_length=800, description="The main news in one or two sentences.")
    key_points: list[KeyPoint] = Field(
        min_length=1, max_length=7, description="1 to 7 key points (the model writes 3 to 7; verification may drop)."
    )
    quotes: list[Quote] = Field(default_factory=list, description="Direct quotes in the article, if any.")
    entities: list[Entity] = Field(default_factory=list, description="People and organisations in the story.")
    corrections: list[str] = Field(
        default_factory=list,
        description="What was corrected after the model wrote it, and why (a hedge the model dropped).",
    )

    @field_validator("headline", "summary")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


PointVerdict = Literal["supported", "contradicted", "not_in_source", "unverified"]


class PointVerification(Output):
    """One key point as the model wrote it, checked against the sentences it cites (and their neighbours)."""

    text: str
    """The text as the model wrote it (or as it was taken from its sentence)."""
    sentence_ids: list[str]
    """The sentences it was checked against."""
    verdict: PointVerdict
    """supported, contradicted, not_in_source, or unverified."""
    probability: float | None = None
    """The judge's calibrated P(supported); None when a deterministic check decided."""
    rationale: str
    """Why, in one line."""
    kept: bool
    """False when the point is not in the summary as the model wrote it: dropped, or `replaced_by`."""
    replaced_by: str | None = None
    """The words of the sentence the point rests on, which stand in for it in the summary when it was not
    supported; None when the point was kept or dropped."""


class Verification(Output):
    """The summary's own check before it was returned: every key point the model wrote, and what was dropped."""

    points: list[PointVerification]
    """Every key point the model wrote, in its order, and how it fared."""
    dropped: int
    """Points left out of the summary with nothing standing in for them."""
    summary: PointVerification | None = None
    """The lead (the short summary): the sentence it was taken from by deletion alone, and that it is so."""
    headline: PointVerification | None = None
    """The headline: the sentence it was taken from by deletion alone (key point 1's), and that it is so."""
    usage: Usage
    """The verification's own model calls."""


class SummaryResult(Output):
    """A summary with everything needed to trust and reproduce it."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (`summarize schema summary-result` prints it)."""
    summary: Summary
    """The summary itself."""
    article: Article
    """The article summarized: its sentences are what the key points cite."""
    model: str
    """The model that wrote it."""
    prompt_version: str
    """Hash of the prompt templates that produced this summary."""
    usage: Usage
    """Every call behind the result: the summary's and its verification's."""
    verification: Verification | None = None
    """How each key point the model wrote fared against the sentences it cites; None when not verified."""
