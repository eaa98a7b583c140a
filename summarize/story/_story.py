"""`story()`: several outlets' versions of one story in, one report out: the facts with who carries them, the
disagreements with their excerpts, a profile per outlet and a combined summary."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from summarize._errors import InputError
from summarize._progress import step
from summarize.calibration import Calibration
from summarize.checker import Claim, check_claims
from summarize.input import Article, as_article
from summarize.llm import ModelClient, Usage
from summarize.settings import Settings, settings_for
from summarize.story._disagreements import fact_disagreements, quotation_disagreements
from summarize.story._facts import Alignment, Judge, Outlet, judge_facts, story_facts
from summarize.story._profiles import closest_outlet, outlet_profiles
from summarize.story._quotations import outlet_quotations, pair_quotations
from summarize.story._schema import OutletSupport, StoryFact, StoryKeyPoint, StoryReport, StorySource, StorySummary
from summarize.summarizer import summarize_article
from summarize.summary import KeyPoint, Summary
from summarize.text import looks_english


def story(
    sources: Sequence[Article | Path | str],
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    use_llm: bool = True,
) -> StoryReport:
    """Compare several outlets' versions of one story.

    Args:
        sources: two or more versions: `Article`s, `Path`s to text or HTML files, or `str`s of article text.
        model: a litellm model string; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model, the judge's decision rule and the limits; None resolves them from the environment,
            the config file and the defaults (`summarize.resolve_settings`).
        client: the model client to use (a fake in tests); built from the settings when None.
        use_llm: False compares the versions deterministically (alignment, quotations, negations, numbers) and
            writes no combined summary.

    Returns:
        A `StoryReport`: facts with each outlet's stance, disagreements with excerpts, outlet profiles, and the
        combined summary of the version closest to the common account.
    """
    outlets = _outlets(sources)
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client) if use_llm else None
    return compare_versions(outlets, llm, chosen.calibration)


async def astory(
    sources: Sequence[Article | Path | str],
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    use_llm: bool = True,
) -> StoryReport:
    """Async twin of `story`: the same comparison in a worker thread (its model calls are sequential by design,
    each outlet's article the cached prefix of its questions)."""
    return await asyncio.to_thread(
        story, sources, model=model, api_base=api_base, settings=settings, client=client, use_llm=use_llm
    )


def compare_versions(outlets: list[Outlet], llm: ModelClient | None, calibration: Calibration) -> StoryReport:
    """The story engine: align the versions, find the facts and quotations, and, with a model, summarize the
    version closest to the common account and judge the facts alignment leaves unsure."""
    started = time.monotonic()
    alignment = Alignment.of(outlets)
    _require_one_story(alignment)
    reference = max(outlets, key=lambda o: alignment.coverage(o.label)).label
    step("aligned %d versions", len(outlets))
    facts = story_facts(alignment, reference)
    step("finding the quotations")
    quotations = {o.label: outlet_quotations(o.label, o.article) for o in outlets}
    pairs = pair_quotations(quotations)
    quoted = {(q.source, q.sentence_id) for p in pairs for q in (p.first, p.second)}
    usage, summary = Usage(), None
    if llm is not None:
        found = quotation_disagreements(quotations, pairs, alignment) + fact_disagreements(facts, alignment, quoted)
        summarized = closest_outlet(outlet_profiles(outlets, facts, found, quotations, pairs), facts)[0]
        step("summarizing %s, the version closest to the common account", summarized)
        result = summarize_article(alignment.article(summarized), llm)
        judge, judge_usage = _judge(alignment, llm, calibration)
        cited = {i for p in result.summary.key_points for i in p.sentence_ids}
        facts = judge_facts(facts, alignment, judge, _worth_judging(alignment, summarized, cited))
        usage = sum(judge_usage, result.usage)
        summary = _combined_summary(result.summary, summarized, facts, outlets)
    step("listing the disagreements")
    disagreements = quotation_disagreements(quotations, pairs, alignment) + fact_disagreements(facts, alignment, quoted)
    profiles = outlet_profiles(outlets, facts, disagreements, quotations, pairs)
    closest, reason = closest_outlet(profiles, facts)
    return StoryReport(
        sources=[
            StorySource(
                label=o.label, source=o.article.source, title=o.article.title, sentences=len(o.article.sentences)
            )
            for o in outlets
        ],
        summary=summary,
        facts=facts,
        disagreements=disagreements,
        profiles=profiles,
        closest=closest,
        closest_reason=reason,
        model=llm.config.display_name if llm else None,
        usage=usage.model_copy(update={"seconds": round(time.monotonic() - started, 3)}),
    )


def _require_one_story(alignment: Alignment) -> None:
    """Refuse, before any model call, a version that shares no sentence with any other: the sources are not
    versions of one story, and every fact would read as carried by one outlet alone."""
    apart = [o.article.source for o in alignment.outlets if alignment.coverage(o.label) == 0]
    if apart:
        raise InputError(
            f"{', '.join(apart)}: no sentence matches a sentence of another version: these do not look like "
            "versions of one story (story mode compares one story as several outlets tell it)"
        )


def _worth_judging(alignment: Alignment, reference: str, cited: set[str]) -> Callable[[StoryFact], bool]:
    """The facts the judge is asked about: those the combined summary's key points rest on, and statements
    attributed to someone that only one outlet carries (is it really only there?)."""

    def wanted(fact: StoryFact) -> bool:
        if any(s.source == reference and s.stance == "supports" and set(s.sentence_ids) & cited for s in fact.support):
            return True
        origin = fact.origin
        return fact.carried_by == 1 and alignment.speaker(origin.source, origin.sentence_id) is not None

    return wanted


def _outlets(sources: Sequence[Article | Path | str]) -> list[Outlet]:
    if len(sources) < 2:
        raise InputError("story mode compares versions of one story: give at least two sources")
    articles = [as_article(s, source=f"<source {n}>") for n, s in enumerate(sources, start=1)]
    seen: dict[str, str] = {}
    for article in articles:
        digest = hashlib.sha256(article.text.encode()).hexdigest()
        if digest in seen:
            raise InputError(f"{article.source}: the same article as {seen[digest]}; give each version once")
        seen[digest] = article.source
        if not looks_english(article.text):
            raise InputError(f"{article.source}: does not look like English; story mode reads English versions")
    return [Outlet(label, a) for label, a in zip(_labels(articles), articles, strict=True)]


def _labels(articles: list[Article]) -> list[str]:
    """Short names: the file stems, or the full sources where stems repeat."""
    stems = [Path(a.source).stem if not a.source.startswith("<") else a.source.strip("<>") for a in articles]
    return stems if len(set(stems)) == len(stems) else [a.source for a in articles]


def _judge(alignment: Alignment, llm: ModelClient, calibration: Calibration) -> tuple[Judge, list[Usage]]:
    """The checker's judge, asked one outlet at a time: does this outlet support each fact? Few facts meet each
    whole article, so the judge asks a fact's closest passage first where that is expected to read less."""
    spent: list[Usage] = []

    def ask(label: str, facts: list[tuple[str, str]]) -> dict[str, tuple[bool, list[str], float | None]]:
        article = alignment.article(label)
        step("asking the judge about %s's version", label)
        claims = [Claim(text) for _key, text in facts]
        report = check_claims("", claims, [article], llm, calibration, cheapest_order=True)
        spent.append(report.usage)
        return {
            key: (c.verdict == "supported", [e.sentence_id for e in c.evidence[:1]], c.probability)
            for (key, _text), c in zip(facts, report.claims, strict=True)
        }

    return ask, spent


def _combined_summary(summary: Summary, summarized: str, facts: list[StoryFact], outlets: list[Outlet]) -> StorySummary:
    """The summary of one outlet's version, each key point with the facts its cited sentences carry and every
    outlet's stance on them."""
    points = []
    for point in summary.key_points:
        cited = set(point.sentence_ids)
        resting = [
            f
            for f in facts
            if any(s.source == summarized and s.stance == "supports" and set(s.sentence_ids) & cited for s in f.support)
        ]
        support = [_merged([s for f in resting for s in f.support if s.source == o.label], o.label) for o in outlets]
        support = [
            _own(point, o) if o.label == summarized and s.stance == "not_mentioned" else s
            for o, s in zip(outlets, support, strict=True)
        ]
        points.append(StoryKeyPoint(**point.model_dump(), facts=[f.id for f in resting], support=support))
    return StorySummary(source=summarized, headline=summary.headline, summary=summary.summary, key_points=points)


def _own(point: KeyPoint, outlet: Outlet) -> OutletSupport:
    """The summarized outlet's stance on a point that rests on a sentence no fact carries (a statement only this
    outlet reports): its own cited sentences."""
    cited = outlet.article.cited(point.sentence_ids)
    return OutletSupport(
        source=outlet.label, stance="supports", sentence_ids=[i for i, _t in cited], evidence=[t for _i, t in cited],
        method="origin",
    )  # fmt: skip


def _merged(stances: list[OutletSupport], label: str) -> OutletSupport:
    """One outlet's stance on a key point from its stances on the facts the point rests on: a contradiction of
    any of them first, then support of any."""
    for wanted in ("contradicts", "supports"):
        matching = [s for s in stances if s.stance == wanted]
        if matching:
            evidence = dict(pair for s in matching for pair in zip(s.sentence_ids, s.evidence, strict=True))
            return matching[0].model_copy(update={"sentence_ids": list(evidence), "evidence": list(evidence.values())})
    return OutletSupport(source=label, stance="not_mentioned", method="none")
