"""`check()` and `acheck()`: the checker's public entry points."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from summarize._errors import EmptyInputError, InputError
from summarize._progress import step
from summarize.calibration import COVERAGE_CALIBRATION
from summarize.checker._coverage import summary_coverage
from summarize.checker._key_facts import article_key_facts
from summarize.checker._pipeline import check_claims, claims_of, split_into_atomic_claims
from summarize.checker._schema import CheckReport, CoverageReport, KeyFact
from summarize.input import Article, as_article
from summarize.llm import ModelClient, Usage
from summarize.settings import Settings, settings_for
from summarize.summary import Summary, SummaryResult


def check(
    summary: SummaryResult | Summary | str,
    sources: Sequence[Article | Path | str] | Article | Path,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    use_llm: bool = True,
    atomic: bool = False,
    coverage: bool = False,
    key_facts: Sequence[KeyFact | str] | None = None,
) -> CheckReport:
    """Check every claim of a summary against its sources.

    Args:
        summary: our `SummaryResult` or `Summary` (its key points are the claims), or the text of any summary
            (its sentences are the claims). A `str` is always the summary's text, never a file name.
        sources: the source articles: `Article`s, `Path`s to text or HTML files, or `str`s of article text (one
            `Article` or `Path` alone is one source).
        model: a litellm model string for the judge; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model, the judge's decision rule and the limits; None resolves them from the environment,
            the config file and the defaults (`summarize.resolve_settings`).
        client: the model client to use (a fake in tests); built from the settings when None.
        use_llm: False runs the deterministic checks alone (quotes, numbers, names); claims that no check
            decides are then `unverified`.
        atomic: split each claim into atomic facts with the model before checking (needs `use_llm`).
        coverage: also report which key facts the summary carries (`CheckReport.coverage`; see `coverage`).
        key_facts: the key facts to look for (with `coverage`), most important first; None: the tool picks them
            from the first source.

    Returns:
        A `CheckReport`: per claim a verdict, evidence, checks and rationale; per summary the totals; with
        `coverage`, the key facts carried and left out.
    """
    if atomic and not use_llm:
        raise InputError("atomic claims are split by the model: --atomic cannot be combined with --no-llm")
    chosen = settings_for(settings, model, api_base)
    given = [sources] if isinstance(sources, Article | Path) else list(sources)
    articles = [as_article(source, source=f"<source {n}>") for n, source in enumerate(given, start=1)]
    summary_text, claims = claims_of(summary)
    llm = chosen.client(client) if use_llm else None
    atomic_usage = Usage()
    if atomic and llm is not None:
        claims, atomic_usage = split_into_atomic_claims(claims, llm)
    step("checking %d claim(s) against %d source(s)", len(claims), len(articles))
    report = check_claims(summary_text, claims, articles, llm, chosen.calibration)
    covered = _coverage(summary, articles[0], key_facts, llm) if coverage else None
    usage = report.usage + atomic_usage + (covered.usage if covered else Usage())
    return report.model_copy(update={"usage": usage, "coverage": covered})


def coverage(
    summary: SummaryResult | Summary | str,
    source: Article | Path | str,
    *,
    key_facts: Sequence[KeyFact | str] | None = None,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    use_llm: bool = True,
) -> CoverageReport:
    """Which of the article's key facts a summary carries, and what it leaves out.

    Args:
        summary: our `SummaryResult` or `Summary` (its summary and key points are read), or any summary's text.
        source: the article: an `Article`, a `Path` to a text or HTML file, or a `str` of its text.
        key_facts: the facts to look for, most important first (`KeyFact`s, with weights, or plain `str`s);
            None: the tool picks the article's most newsworthy sentences (`article_key_facts`).
        model: a litellm model string for the judge; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model and the limits; None resolves them from the environment, the config file and the
            defaults.
        client: the model client to use (a fake in tests); built from the settings when None.
        use_llm: False lets the words alone decide: a fact is covered only where the summary has every content
            word of it in one sentence.

    Returns:
        A `CoverageReport`: each key fact's status (covered, partly, not_covered), most important first, and the
        importance-weighted score.
    """
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client) if use_llm else None
    return _coverage(summary, as_article(source, source="<source 1>"), key_facts, llm)


def _coverage(
    summary: SummaryResult | Summary | str,
    article: Article,
    key_facts: Sequence[KeyFact | str] | None,
    llm: ModelClient | None,
) -> CoverageReport:
    text = covered_text(summary)
    if not text:
        raise EmptyInputError("the summary is empty: nothing to look for key facts in")
    origin: Literal["given", "article"] = "article" if key_facts is None else "given"
    if key_facts is None:
        facts = article_key_facts(article)
    else:
        facts = [f if isinstance(f, KeyFact) else KeyFact(text=f) for f in key_facts if str(f).strip()]
    if not facts:
        raise InputError("no key facts to look for: give some, or an article with sentences")
    step("looking for %d key fact(s) in the summary", len(facts))
    return summary_coverage(text, facts, llm, COVERAGE_CALIBRATION, key_facts_from=origin)


def covered_text(summary: SummaryResult | Summary | str) -> str:
    """What a coverage check reads of a summary: our summary's lead and key points, or the text as given."""
    if isinstance(summary, SummaryResult):
        summary = summary.summary
    if isinstance(summary, Summary):
        return " ".join([summary.summary, *(p.text for p in summary.key_points)])
    return summary.strip()


async def acheck(
    summary: SummaryResult | Summary | str,
    sources: Sequence[Article | Path | str] | Article | Path,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    use_llm: bool = True,
    atomic: bool = False,
    coverage: bool = False,
    key_facts: Sequence[KeyFact | str] | None = None,
) -> CheckReport:
    """Async twin of `check`: the same implementation, run in a worker thread.

    The judge's calls on one set of sources are sequential by design (they share the cached sources), so a
    thread is all an event loop needs to keep other work going meanwhile.
    """
    return await asyncio.to_thread(
        check, summary, sources, model=model, api_base=api_base, settings=settings, client=client,
        use_llm=use_llm, atomic=atomic, coverage=coverage, key_facts=key_facts,
    )  # fmt: skip
