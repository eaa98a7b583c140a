"""The story's facts and which outlets carry them.

Each fact is one outlet's sentence; the version closest to the others goes first, so its sentences are the
facts' wording wherever it has one. Every other outlet supports a fact with the sentences aligned to it,
contradicts it where an aligned sentence reverses a predicate or changes a number, and otherwise does not
mention it, unless the calibrated judge, asked only where some of its sentences come near, finds support.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from summarize._progress import step
from summarize.input import Article, Sentence
from summarize.story._align import IN_ORDER, NEAR, SURE, Pair, Similarity, align
from summarize.story._quotations import speaker_of
from summarize.story._schema import Excerpt, OutletSupport, StoryFact
from summarize.summary import Presentation
from summarize.text import is_mentioned, presentation, quantities, rank_sentences, reversals

_NOT_NEWS = re.compile(
    r"\?\s*$|^\s*(?:to learn more|read more|subscribe|sign up|click here|explore our|for more)\b|"
    r"\b(?:in the rapidly evolving world|only time will tell|it remains to be seen|stay tuned)\b",
    re.I,
)
MIN_WORDS = 6

Judge = Callable[[str, list[tuple[str, str]]], dict[str, tuple[bool, list[str], float | None]]]
"""Asks whether one outlet supports each (fact id, text): per fact id (supported, evidence ids, probability)."""


@dataclass(frozen=True)
class Outlet:
    """One outlet's version of the story."""

    label: str
    article: Article


@dataclass
class Alignment:
    """Every pair of outlets' aligned sentences, looked up in both directions."""

    outlets: list[Outlet]
    similar: Similarity
    pairs: dict[tuple[str, str], list[Pair]] = field(default_factory=dict)

    @classmethod
    def of(cls, outlets: list[Outlet]) -> Alignment:
        found = cls(outlets, Similarity([o.article for o in outlets]))
        for i, first in enumerate(outlets):
            for second in outlets[i + 1 :]:
                pairs = align(first.article, second.article, found.similar)
                found.pairs[(first.label, second.label)] = pairs
                found.pairs[(second.label, first.label)] = [Pair(p.second, p.first, p.similarity) for p in pairs]
        return found

    def framing(self, label: str) -> set[str]:
        """The ids of an outlet's sentences that frame the story rather than report it (questions, headings,
        the outlet's own conclusions, calls to read more), as the newsworthiness ranking flags them."""
        article = self.article(label)
        ranked = rank_sentences([(s.id, s.text) for s in article.sentences], title=article.title)
        return {r.id for r in ranked if r.framing}

    def article(self, label: str) -> Article:
        """The article of the outlet with this label."""
        return next(o.article for o in self.outlets if o.label == label)

    def aligned(self, source: str, sentence_id: str, other: str) -> list[str]:
        """The sentences of `other` aligned to one sentence of `source`; where it has none, those aligned to a
        neighbour that are similar enough to it too (one outlet's sentence is often two of another's)."""
        pairs = self.pairs[(source, other)]
        direct = [p.second for p in pairs if p.first == sentence_id]
        if direct:
            return direct
        article, text = self.article(other), self.text(source, sentence_id)
        neighbours = {_shifted(sentence_id, -1), _shifted(sentence_id, 1)}
        candidates = dict.fromkeys(p.second for p in pairs if p.first in neighbours)
        return [i for i in candidates if self.similar(text, self.text(other, i)) >= IN_ORDER and article.sentence(i)]

    def text(self, label: str, sentence_id: str) -> str:
        """One sentence of an outlet ("" for an id it does not have)."""
        sentence = self.article(label).sentence(sentence_id)
        return sentence.text if sentence else ""

    def speaker(self, label: str, sentence_id: str) -> str | None:
        """Who an outlet's sentence attributes its words to (a person or a spokesperson), or None."""
        return speaker_of(tuple(s.text for s in self.article(label).sentences), sentence_id)

    def coverage(self, label: str) -> int:
        """How many of the other outlets' sentences are aligned to this outlet's."""
        return sum(len({p.first for p in self.pairs[(o.label, label)]}) for o in self.outlets if o.label != label)


def is_news(text: str) -> bool:
    """Whether a sentence states something (not a question, a call to read more, or the page's framing)."""
    return len(text.split()) >= MIN_WORDS and not _NOT_NEWS.search(text)


def story_facts(alignment: Alignment, reference: str) -> list[StoryFact]:
    """Every fact of the story with each outlet's stance from sentence alignment, the facts most outlets carry
    first; facts are taken from `reference` first, so its wording stands wherever it carries a fact."""
    outlets = sorted(alignment.outlets, key=lambda o: o.label != reference)
    facts: list[StoryFact] = []
    covered: set[tuple[str, str]] = set()
    for number, outlet in enumerate(outlets, start=1):
        step("finding the facts of %s (%d/%d)", outlet.label, number, len(outlets))
        framing = alignment.framing(outlet.label)
        for sentence in outlet.article.sentences:
            if (outlet.label, sentence.id) in covered or sentence.id in framing or not is_news(sentence.text):
                continue
            fact = _fact(outlet, sentence, alignment)
            covered |= {(s.source, i) for s in fact.support if s.stance != "not_mentioned" for i in s.sentence_ids}
            facts.append(fact)
    return _numbered(facts)


def judge_facts(
    facts: list[StoryFact], alignment: Alignment, judge: Judge, worth_judging: Callable[[StoryFact], bool]
) -> list[StoryFact]:
    """The facts with the judge's answers where alignment was unsure, for the facts `worth_judging` picks (a model
    call per outlet and fact is the cost to keep low)."""
    return _numbered(_ask_judge(facts, alignment, judge, worth_judging))


def _shifted(sentence_id: str, by: int) -> str:
    return f"S{int(sentence_id[1:]) + by}"


def _numbered(facts: list[StoryFact]) -> list[StoryFact]:
    facts = sorted(facts, key=lambda f: -f.carried_by)
    return [f.model_copy(update={"id": f"F{n}"}) for n, f in enumerate(facts, start=1)]


def _fact(outlet: Outlet, sentence: Sentence, alignment: Alignment) -> StoryFact:
    support = [
        OutletSupport(
            source=outlet.label,
            stance="supports",
            sentence_ids=[sentence.id],
            evidence=[sentence.text],
            method="origin",
        )
        if other.label == outlet.label
        else _stance(sentence.text, other, alignment.aligned(outlet.label, sentence.id, other.label))
        for other in alignment.outlets
    ]
    presented = cast(Presentation, presentation(sentence.text)[0])
    return StoryFact(
        id="",
        text=sentence.text,
        origin=Excerpt(source=outlet.label, sentence_id=sentence.id, text=sentence.text),
        presented_as=presented,
        carried_by=sum(s.stance == "supports" for s in support),
        support=support,
    )


def _stance(text: str, other: Outlet, aligned: list[str]) -> OutletSupport:
    if not aligned:
        return OutletSupport(source=other.label, stance="not_mentioned", method="none")
    texts = {i: s.text for i, s in ((i, other.article.sentence(i)) for i in aligned) if s is not None}
    for sentence_id, aligned_text in texts.items():
        method = (
            "negation" if reversals(text, aligned_text) else "number" if _numbers_differ(text, aligned_text) else None
        )
        if method is not None:
            return OutletSupport(
                source=other.label, stance="contradicts", sentence_ids=[sentence_id], evidence=[aligned_text],
                method=method,
            )  # fmt: skip
    return OutletSupport(
        source=other.label, stance="supports", sentence_ids=list(texts), evidence=list(texts.values()), method="aligned"
    )


def _numbers_differ(first: str, second: str) -> bool:
    """Whether both sentences give amounts of one kind and one's are not the other's."""
    a, b = quantities(first), quantities(second)
    shared_kinds = {q.kind for q in a} & {q.kind for q in b}
    return any(not is_mentioned(q, b) for q in a if q.kind in shared_kinds)


def _ask_judge(
    facts: list[StoryFact], alignment: Alignment, judge: Judge, worth_judging: Callable[[StoryFact], bool]
) -> list[StoryFact]:
    """Where an outlet does not mention a fact but has a sentence near it, or supports it only through a weakly
    similar sentence, ask the judge (one outlet at a time, so its article stays the cached prefix)."""
    updated = {str(n): f for n, f in enumerate(facts)}
    for outlet in alignment.outlets:
        wanted = [
            (key, f.text)
            for key, f in updated.items()
            if worth_judging(f) and _worth_asking(f, outlet, alignment.similar)
        ]
        if not wanted:
            continue
        answers = judge(outlet.label, wanted)
        for key, (supported, evidence, probability) in answers.items():
            texts = [s.text for s in (outlet.article.sentence(i) for i in evidence) if s is not None]
            updated[key] = _with_answer(updated[key], outlet.label, supported, evidence, texts, probability)
    return list(updated.values())


def _worth_asking(fact: StoryFact, outlet: Outlet, similar: Similarity) -> bool:
    """Not mentioned, but with a sentence near the fact; or supported only by a weakly similar sentence."""
    stance = next(s for s in fact.support if s.source == outlet.label)
    nearest = max((similar(fact.text, s.text) for s in outlet.article.sentences), default=0.0)
    if stance.stance == "not_mentioned":
        return nearest >= NEAR
    return stance.method == "aligned" and nearest < SURE


def _with_answer(
    fact: StoryFact, label: str, supported: bool, ids: list[str], texts: list[str], probability: float | None
) -> StoryFact:
    before = next(s for s in fact.support if s.source == label)
    evidence = dict(zip(before.sentence_ids + ids, before.evidence + texts, strict=True)) if supported else {}
    stance = OutletSupport(
        source=label,
        stance="supports" if supported else "not_mentioned",
        sentence_ids=list(evidence),
        evidence=list(evidence.values()),
        method="judge",
        probability=probability,
    )
    support = [stance if s.source == label else s for s in fact.support]
    return fact.model_copy(update={"support": support, "carried_by": sum(s.stance == "supports" for s in support)})
