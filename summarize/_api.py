"""The public Python API behind `from summarize import summarize`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ._article import load_article
from ._checker import check_claims, claims_of, split_into_atomic_claims
from ._judge import EMBEDDED_CALIBRATION, Calibration
from ._llm import EMBEDDED, ModelConfig, StructuredMode
from ._schema import Article, CheckReport, Summary, SummaryResult, Usage
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


def check(
    summary: SummaryResult | Summary | str,
    sources: Sequence[Article | str | Path],
    *,
    model: str | None = None,
    config: ModelConfig | None = None,
    use_llm: bool = True,
    atomic: bool = False,
    calibration: Calibration | None = None,
) -> CheckReport:
    """Check every claim of a summary against its sources.

    Args:
        summary: our `SummaryResult` or `Summary` (its key points are the claims), or any plain-text summary
            (its sentences are the claims).
        sources: the source articles, as `Article`s or paths (`-` reads stdin).
        model: a litellm model string for the judge; None uses the embedded model.
        config: a full `ModelConfig`, instead of `model`.
        use_llm: False runs the deterministic checks alone (quotes, numbers, names).
        atomic: split each claim into atomic facts with the model before checking.
        calibration: the judge's threshold and its provenance; default: the calibrated embedded-model value.

    Returns:
        A `CheckReport`: per claim a verdict, evidence, checks and rationale; per summary the totals.
    """
    articles = [_as_article(source) for source in sources]
    summary_text, claims = claims_of(summary)
    chosen = (config or model_config(model)) if use_llm else None
    atomic_usage = Usage()
    if atomic and chosen is not None:
        claims, atomic_usage = split_into_atomic_claims(claims, chosen)
    log.info("checking %d claim(s) against %d source(s)", len(claims), len(articles))
    report = check_claims(summary_text, claims, articles, chosen, calibration or EMBEDDED_CALIBRATION)
    return report.model_copy(update={"usage": report.usage + atomic_usage})


def _as_article(article: Article | str | Path) -> Article:
    return article if isinstance(article, Article) else load_article(str(article))
