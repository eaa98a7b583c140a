"""`summarize()` and `asummarize()`: the summarizer's public entry points."""

from __future__ import annotations

import asyncio
from pathlib import Path

from summarize._progress import step
from summarize.input import Article, as_article
from summarize.llm import ModelClient
from summarize.settings import Settings, settings_for
from summarize.summarizer._summarizer import asummarize_article, summarize_article
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

    Returns:
        The validated summary with its article, model, prompt version, usage and verification.
    """
    resolved = as_article(article)
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client)
    step("summarizing %s with %s", resolved.source, llm.config.display_name)
    result = summarize_article(resolved, llm)
    if verify:
        result = verify_summary(result, llm, chosen.calibration)
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
) -> SummaryResult:
    """Async twin of `summarize`: the same preparation and validation, the model call awaited (verification,
    whose calls are synchronous, runs in a worker thread)."""
    resolved = as_article(article)
    chosen = settings_for(settings, model, api_base)
    llm = chosen.client(client)
    result = await asummarize_article(resolved, llm)
    return await asyncio.to_thread(verify_summary, result, llm, chosen.calibration) if verify else result
