"""The summary's pydantic models, validated against the article they summarize."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, ValidationInfo, create_model, field_validator, model_validator

from summarize._version import SCHEMA_VERSION
from summarize.input._models import Article
from summarize.llm._usage import Usage
from summarize.text._normalize import normalize_for_match, unescape_literal_unicode
from summarize.text._quotes import closest_quotation, is_within_quotation, speaker_named_near

SENTENCE_ID = re.compile(r"^S\d+$")


_QUOTE_OR_ELLIPSIS = re.compile(r"[“”\"…]")


ModelText = Annotated[str, BeforeValidator(lambda v: unescape_literal_unicode(v) if isinstance(v, str) else v)]
"""Text written by a model: literal `\\uXXXX` escapes restored."""


Presentation = Literal["established_fact", "reported", "statement", "speculation"]


def _article_from(info: ValidationInfo) -> Article | None:
    context = info.context or {}
    article = context.get("article")
    return article if isinstance(article, Article) else None


class KeyPoint(BaseModel):
    """One fact the article reports, with the sentences it rests on."""

    text: ModelText = Field(
        min_length=1, max_length=400, description="The point in one sentence, faithful to the article."
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

    @field_validator("sentence_ids")
    @classmethod
    def _ids_exist(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        article = _article_from(info)
        if article is None:
            return ids
        unknown = [i for i in ids if article.sentence(i) is None]
        if unknown:
            raise ValueError(f"sentence ids {unknown} do not exist; use ids S1..S{len(article.sentences)}")
        return ids


class Quote(BaseModel):
    """Words someone said, copied exactly from the article."""

    speaker: ModelText = Field(min_length=1, max_length=100, description="Who said it, as the article names them.")
    text: ModelText = Field(min_length=1, description="The exact words, copied verbatim from the article.")
    sentence_id: str = Field(description="Id of the sentence where the quote appears.")

    @model_validator(mode="after")
    def _verbatim_and_attributed(self, info: ValidationInfo) -> Quote:
        article = _article_from(info)
        if article is None:
            return self
        self.text = self.text.strip().strip("\"'“”‘’").strip().rstrip(",")
        wanted = normalize_for_match(self.text)
        if (
            not wanted
            or wanted not in normalize_for_match(article.text)
            or not is_within_quotation(self.text, article.text)
        ):
            closest = closest_quotation(self.text, article.text)
            if closest is None:
                raise ValueError(
                    f"the article does not put {self.text!r} inside quotation marks, so it is not a quote: "
                    "remove this entry from quotes"
                )
            raise ValueError(
                f"quote {self.text!r} is not copied exactly; the article's words are {closest}: "
                "copy them character for character, or remove this entry from quotes"
            )
        index = self._holder_index(article, wanted)
        self.sentence_id = article.sentences[index].id
        texts = [s.text for s in article.sentences]
        if not speaker_named_near(self.speaker, texts, index):
            raise ValueError(
                f"the article does not name {self.speaker!r} beside the quote {self.text[:60]!r}; "
                "give the speaker the article names there, or leave the quote out"
            )
        return self

    def _holder_index(self, article: Article, wanted: str) -> int:
        """The cited sentence if it holds the words, else the first that does (no re-ask for a wrong id)."""
        indexes = [i for i, s in enumerate(article.sentences) if wanted in normalize_for_match(s.text)]
        cited = [i for i in indexes if article.sentences[i].id == self.sentence_id]
        if cited or indexes:
            return (cited or indexes)[0]
        # A quote spanning sentences: the sentence where it starts.
        head = wanted[:40]
        return next((i for i, s in enumerate(article.sentences) if head in normalize_for_match(s.text)), 0)


class QuoteChoice(BaseModel):
    """The model's pick of a quotation, by the id of the sentence that holds it, and who said it."""

    sentence_id: str = Field(description="Id of a sentence from the list of sentences with quotations.")
    speaker: ModelText = Field(
        min_length=1, max_length=100, description="Who said it: a name or role, as the article gives it."
    )

    @model_validator(mode="after")
    def _exists_and_attributed(self, info: ValidationInfo) -> QuoteChoice:
        listed: list[Quote] = (info.context or {}).get("quotations", [])
        holders = list(dict.fromkeys(q.sentence_id for q in listed))
        if self.sentence_id not in holders:
            where = f"sentences {', '.join(holders)}" if holders else "no sentence: give no quotes"
            raise ValueError(f"{self.sentence_id} holds no quotation; quotations are in {where}")
        if (
            SENTENCE_ID.match(self.speaker.strip())
            or len(self.speaker.split()) > 5
            or _QUOTE_OR_ELLIPSIS.search(self.speaker)
        ):
            raise ValueError(
                f"speaker {self.speaker[:40]!r} must be a short name or role (like 'Mark Zuckerberg' or "
                "'a Meta spokesperson'), not a sentence or an id"
            )
        article = _article_from(info)
        if article is not None:
            index = next(i for i, s in enumerate(article.sentences) if s.id == self.sentence_id)
            if not speaker_named_near(self.speaker, [s.text for s in article.sentences], index):
                raise ValueError(
                    f"the article does not name {self.speaker!r} beside the quotation in {self.sentence_id}; "
                    "give the speaker the article names there"
                )
        return self


class Entity(BaseModel):
    """A person or organisation the article names, found by the recogniser, with the role the article states."""

    name: str = Field(min_length=1, max_length=100)
    kind: Literal["person", "organization"]
    role: str | None = Field(
        default=None,
        max_length=150,
        description="Their role in the article's own words (a title or apposition), or null where it states none.",
    )


class _EntityGuess(BaseModel):
    """A person or organisation in the story."""

    name: ModelText = Field(min_length=1, max_length=100)
    kind: Literal["person", "organization"]
    role: ModelText = Field(min_length=1, max_length=150, description="Their role in this story, in a few words.")


EntityGuess: type[_EntityGuess] = create_model("Entity", __base__=_EntityGuess, __doc__=_EntityGuess.__doc__)
"""The model's entity in the draft: named `Entity` in the tool schema, as the recorded requests sent it. The
summary's entities come from the recogniser instead (`Entity`)."""


class Summary(BaseModel):
    """A structured summary of one news article."""

    headline: ModelText = Field(min_length=1, max_length=200, description="A factual headline, no clickbait.")
    summary: ModelText = Field(min_length=1, max_length=800, description="Two or three sentences.")
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


class SummaryDraft(BaseModel):
    """What the model writes: a summary whose quotes are picked, by sentence id, from the article's quotations.

    Key points come first: generated in schema order, facts drawn from the sentences come out better than
    key points written after the summary, which the small model tends to copy from it.
    """

    key_points: list[KeyPoint] = Field(
        min_length=3, max_length=7, description="3 to 7 distinct facts, each from its own part of the article."
    )
    quotes: list[QuoteChoice] = Field(
        default_factory=list,
        max_length=5,
        description="The article's quotations worth keeping, by sentence id, with speakers.",
    )
    entities: list[EntityGuess] = Field(
        min_length=1, max_length=12, description="The people and organisations the story names, with their role."
    )
    headline: ModelText = Field(min_length=1, max_length=200, description="A factual headline, no clickbait.")
    summary: ModelText = Field(min_length=1, max_length=800, description="Two or three sentences.")

    @field_validator("key_points")
    @classmethod
    def _distinct(cls, points: list[KeyPoint]) -> list[KeyPoint]:
        seen: dict[str, int] = {}
        for number, point in enumerate(points, start=1):
            key = normalize_for_match(point.text).rstrip(".")
            if key in seen:
                raise ValueError(f"key points {seen[key]} and {number} are the same; each point must say something new")
            seen[key] = number
        return points

    def to_summary(self, quotations: list[Quote]) -> Summary:
        """The summary with each chosen quotation's exact words filled in from the article."""
        quotes = [
            Quote(speaker=choice.speaker, text=quotation.text, sentence_id=quotation.sentence_id)
            for choice in self.quotes
            for quotation in quotations
            if quotation.sentence_id == choice.sentence_id
        ]
        return Summary(
            headline=self.headline,
            summary=self.summary,
            key_points=[KeyPoint.model_validate(p.model_dump()) for p in self.key_points],
            quotes=list({(q.speaker, q.text): q for q in quotes}.values()),
            entities=[Entity.model_validate(e.model_dump()) for e in self.entities],
        )


def draft_model_for(article: Article, quotations: list[Quote]) -> type[SummaryDraft]:
    """`SummaryDraft` with ids narrowed to this article's, so a grammar-constrained server cannot cite others.

    llama.cpp compiles the tool schema into a grammar: with enums, a wrong id cannot be generated at all.
    Providers without grammars still meet the same limits through the validators and re-asks.
    """
    sentence_id: Any = Literal.__getitem__(tuple(s.id for s in article.sentences))
    point = create_model(
        "KeyPoint", __base__=KeyPoint, sentence_ids=(_list_of(sentence_id), KeyPoint.model_fields["sentence_ids"])
    )
    holders = tuple(dict.fromkeys(q.sentence_id for q in quotations))
    quotes: tuple[Any, Any]
    if holders:
        holder_id: Any = Literal.__getitem__(holders)
        choice = create_model(
            "QuoteChoice", __base__=QuoteChoice, sentence_id=(holder_id, QuoteChoice.model_fields["sentence_id"])
        )
        quotes = (_list_of(choice), SummaryDraft.model_fields["quotes"])
    else:
        quotes = (list[QuoteChoice], Field(default_factory=list, max_length=0, description="The article has none."))
    return create_model(
        "SummaryDraft",
        __base__=SummaryDraft,
        key_points=(_list_of(point), SummaryDraft.model_fields["key_points"]),
        quotes=quotes,
    )


def _list_of(item: Any) -> Any:
    """`list[item]` for a type built at run time."""
    return list.__class_getitem__(item)


PointVerdict = Literal["supported", "contradicted", "not_in_source", "unverified"]


class PointVerification(BaseModel):
    """One key point as the model wrote it, checked against the sentences it cites (and their neighbours)."""

    text: str
    sentence_ids: list[str]
    verdict: PointVerdict
    probability: float | None = None
    """The judge's calibrated P(supported); None when a deterministic check decided."""
    rationale: str
    kept: bool
    """False when the point was dropped from the summary."""


class Verification(BaseModel):
    """The summary's own check before it was returned: every key point the model wrote, and what was dropped."""

    points: list[PointVerification]
    dropped: int
    usage: Usage


class SummaryResult(BaseModel):
    """A summary with everything needed to trust and reproduce it."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (`summarize schema summary-result` prints it)."""
    summary: Summary
    article: Article
    model: str
    prompt_version: str
    """Hash of the prompt templates that produced this summary."""
    usage: Usage
    """Every call behind the result: the summary's and its verification's."""
    verification: Verification | None = None
    """How each key point the model wrote fared against the sentences it cites; None when not verified."""
