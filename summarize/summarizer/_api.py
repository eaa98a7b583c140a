"""`summarize()` and `asummarize()`: the summarizer's public entry points."""

from __future__ import annotations

import asyncio
from pathlib import Path

from summarize._progress import step
from summarize.checker import PROMPTS as JUDGE_PROMPTS
from summarize.input import Article, as_article
from summarize.llm import LLM, ModelClient
from summarize.settings import Settings, settings_for
from summarize.summarizer._cache import cache_key, cached, store
from summarize.summarizer._estimate import SummaryEstimate, estimate_calls
from summarize.summarizer._summarizer import PROMPTS, asummarize_article, summarize_article
from summarize.summarizer._verify import verify_summary
from summarize.summary import SummaryResult


def summarize(
    article: Article | Path | str,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    verify: bool = True,
    cache: bool = False,
) -> SummaryResult:
    """Summarize one article, and verify each key point against the sentences it cites before returning it.

    Args:
        article: an `Article`, a `Path` to a text or HTML file (`Path("-")` reads stdin), or a `str` holding the
            article's text or HTML. A `str` is always text, never a file name.
        model: a litellm model string; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model, the judge's decision rule (for verification) and the limits; None resolves them
            from the environment, the config file and the defaults (`summarize.resolve_settings`).
        client: the model client to use (a fake in tests); built from the settings when None.
        verify: check each key point against the sentences it cites, and the lead against the sentences that
            cover it (the deterministic checks and the calibrated judge on a short prompt; none for a point that
            copies a sentence of the article), drop the points not supported and replace an unsupported lead with
            the first key point; False skips it.
        cache: read the summary back from the result cache when this article was summarized before with the same
            settings (model, server, prompts, verification; `SUMMARIZE_CACHE_DIR`, default ~/.cache/summarize),
            and keep a new one there. Not with `client` (a fake's answers are not the model's).

    Returns:
        The validated summary with its article, model, prompt version, usage and verification.
    """
    resolved = as_article(article)
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client)
    key = cache_key(resolved, chosen, verify, (*PROMPTS, *JUDGE_PROMPTS)) if cache and client is None else None
    if key is not None and (found := cached(key, resolved)) is not None:
        step("%s: the summary cached for this text and these settings (--no-cache asks the model)", resolved.source)
        return found
    step("summarizing %s with %s", resolved.source, llm.config.display_name)
    result = summarize_article(resolved, llm)
    if verify:
        result = verify_summary(result, llm, chosen.calibration)
    if key is not None:
        store(key, result)
    step("summarized %s in %.1f s (%d calls)", resolved.source, result.usage.seconds, result.usage.calls)
    return result


async def asummarize(
    article: Article | Path | str,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    verify: bool = True,
    cache: bool = False,
) -> SummaryResult:
    """Async twin of `summarize`: the same preparation, validation and cache, the model call awaited
    (verification, whose calls are synchronous, runs in a worker thread)."""
    resolved = as_article(article)
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client)
    key = cache_key(resolved, chosen, verify, (*PROMPTS, *JUDGE_PROMPTS)) if cache and client is None else None
    if key is not None and (found := cached(key, resolved)) is not None:
        return found
    result = await asummarize_article(resolved, llm)
    if verify:
        result = await asyncio.to_thread(verify_summary, result, llm, chosen.calibration)
    if key is not None:
        store(key, result)
    return result


def estimate_summary(
    article: Article | Path | str,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    verify: bool = True,
) -> SummaryEstimate:
    """What `summarize` would cost, without calling the model (and without a key): the calls and prompt tokens,
    fewest and most.

    Args:
        article: as `summarize` takes it.
        model: a litellm model string; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model, its re-asks and the judge's decision rule; None resolves them.
        verify: count verification's judge questions too.
    """
    resolved = as_article(article)
    chosen = settings_for(settings, model, api_base)
    return estimate_calls(
        resolved, LLM(chosen.model), chosen.calibration, verify=verify, max_reasks=chosen.model.max_reasks
    )
