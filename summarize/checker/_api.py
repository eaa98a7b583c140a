"""`check()` and `acheck()`: the checker's public entry points."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from summarize._errors import InputError
from summarize.checker._pipeline import check_claims, claims_of, split_into_atomic_claims
from summarize.checker._schema import CheckReport
from summarize.input import Article, as_article
from summarize.llm import ModelClient, Usage
from summarize.settings import Settings, settings_for
from summarize.summary import Summary, SummaryResult

log = logging.getLogger("summarize")


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

    Returns:
        A `CheckReport`: per claim a verdict, evidence, checks and rationale; per summary the totals.
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
    log.info("checking %d claim(s) against %d source(s)", len(claims), len(articles))
    report = check_claims(summary_text, claims, articles, llm, chosen.calibration)
    return report.model_copy(update={"usage": report.usage + atomic_usage})


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
) -> CheckReport:
    """Async twin of `check`: the same implementation, run in a worker thread.

    The judge's calls on one set of sources are sequential by design (they share the cached sources), so a
    thread is all an event loop needs to keep other work going meanwhile.
    """
    return await asyncio.to_thread(
        check, summary, sources, model=model, api_base=api_base, settings=settings, client=client,
        use_llm=use_llm, atomic=atomic,
    )  # fmt: skip
