"""One item, start to end: the code every engine runs (asyncio workers here, Ray actors on a cluster)."""

from __future__ import annotations

from dataclasses import dataclass

from summarize._errors import InputError, SummarizeError
from summarize.batch._inputs import BatchItem
from summarize.batch._results import BatchError, BatchResult
from summarize.checker import acheck
from summarize.files import read_input
from summarize.input import Article, article_from_text, load_article
from summarize.llm import ModelClient
from summarize.settings import Settings
from summarize.summarizer import asummarize


@dataclass(frozen=True)
class ItemSettings:
    """What every worker needs to run an item: sent once to each actor."""

    settings: Settings
    check: bool


async def run_item(item: BatchItem, key: str, llm: ModelClient, settings: ItemSettings) -> BatchResult:
    """Summarize (and check) one item; any failure of ours becomes a failed line, never a stopped run."""
    chosen = settings.settings
    try:
        article = _article(item)
        result = await asummarize(article, settings=chosen, client=llm, verify=False)  # --check verifies in batch
        report = await acheck(result, result.article, settings=chosen, client=llm) if settings.check else None
    except SummarizeError as error:
        return failed(item, key, type(error).__name__, str(error))
    return BatchResult(id=item.id, key=key, status="ok", result=result, check=report)


def failed(item: BatchItem, key: str, kind: str, message: str) -> BatchResult:
    """The line of an item that failed, with its error's kind and one-line message."""
    error = BatchError(kind=kind, message=" ".join(message.split()))
    return BatchResult(id=item.id, key=key, status="failed", error=error)


def _article(item: BatchItem) -> Article:
    if item.problem is not None:
        raise InputError(item.problem)
    if item.text is not None:
        article = article_from_text(item.text, source=item.id)
    else:
        assert item.path is not None
        article = load_article(item.path)
    metadata = {"title": item.title or article.title, "published": item.published or article.published}
    return article.model_copy(update=metadata)


def content(item: BatchItem) -> bytes:
    """The bytes the item's key hashes: its text, its file, or its problem."""
    if item.text is not None:
        return item.text.encode("utf-8", "replace")
    if item.path is not None:
        try:
            return read_input(item.path)
        except SummarizeError:
            return b""  # the item fails when it is read, with the reason
    return (item.problem or "").encode()
