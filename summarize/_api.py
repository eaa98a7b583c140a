"""The public Python API behind `from summarize import summarize`."""

from __future__ import annotations

import logging
from pathlib import Path

from ._article import load_article
from ._llm import EMBEDDED, ModelConfig, StructuredMode
from ._schema import Article, SummaryResult
from ._summarizer import asummarize_article, summarize_article

log = logging.getLogger("summarize")


def model_config(
    model: str | None = None,
    *,
    api_base: str | None = None,
    mode: StructuredMode | str | None = None,
    max_reasks: int = 2,
) -> ModelConfig:
    """A `ModelConfig` from user-facing options; no model means the embedded one."""
    return ModelConfig(
        model=model or EMBEDDED,
        api_base=api_base,
        mode=StructuredMode(mode) if mode else StructuredMode.TOOLS,
        max_reasks=max_reasks,
    )


def summarize(
    article: Article | str | Path,
    *,
    model: str | None = None,
    api_base: str | None = None,
    config: ModelConfig | None = None,
) -> SummaryResult:
    """Summarize one article (an `Article`, or a path to a text or HTML file; `-` reads stdin).

    Args:
        article: the article, or where to read it.
        model: a litellm model string; None uses the embedded local model.
        api_base: base URL of an OpenAI-compatible server.
        config: a full `ModelConfig`, instead of `model` and `api_base`.

    Returns:
        The validated summary with its article, model, prompt version and usage.
    """
    resolved = _as_article(article)
    chosen = config or model_config(model, api_base=api_base)
    log.info("summarizing %s with %s", resolved.source, chosen.display_name)
    result = summarize_article(resolved, chosen)
    log.info("summarized %s in %.1f s (%d calls)", resolved.source, result.usage.seconds, result.usage.calls)
    return result


async def asummarize(
    article: Article | str | Path,
    *,
    model: str | None = None,
    api_base: str | None = None,
    config: ModelConfig | None = None,
) -> SummaryResult:
    """Async twin of `summarize`."""
    resolved = _as_article(article)
    return await asummarize_article(resolved, config or model_config(model, api_base=api_base))


def _as_article(article: Article | str | Path) -> Article:
    return article if isinstance(article, Article) else load_article(str(article))
