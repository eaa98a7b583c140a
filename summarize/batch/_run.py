"""Batch runs: many articles summarized (and checked) concurrently, resumable, nothing lost, nothing done twice.

Concurrency is bounded asyncio over the async summarizer and checker. The embedded llama.cpp server answers one
request at a time, so concurrency does not make it faster; it pays off with hosted providers and vLLM servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarize._errors import InputError, SummarizeError
from summarize.batch._inputs import BatchItem, count_items, read_items
from summarize.batch._results import BatchError, BatchResult, append, drop_superseded, item_key, open_results
from summarize.checker import EMBEDDED_CALIBRATION, Calibration, acheck
from summarize.input import Article, article_from_text, load_article
from summarize.llm import LLM, ModelClient, ModelConfig, model_config
from summarize.llm._client import litellm_module
from summarize.summarizer import asummarize
from summarize.summarizer._summarizer import PROMPTS
from summarize.templates import prompt_version

log = logging.getLogger("summarize")


class BatchSummary(BaseModel):
    """What a batch run did."""

    total: int
    """Items seen in the input (within --limit)."""
    skipped: int
    """Already done by an earlier run with the same text and settings."""
    ok: int
    failed: int
    errors: dict[str, int]
    """Failed items per error kind."""
    cost_usd: float | None
    seconds: float
    interrupted: bool


@dataclass
class _Progress:
    """Counts as the run goes, for the bar and the final summary."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    cost: float = 0.0
    priced: bool = False
    errors: Counter[str] = field(default_factory=Counter)


def batch(source: str, out: Path, **options: Any) -> BatchSummary:
    """Summarize every item of SOURCE into the JSON Lines file OUT; see `abatch` for the options."""

    async def run_and_close() -> BatchSummary:
        try:
            return await abatch(source, out, **options)
        finally:  # litellm keeps an HTTP session per event loop; this loop ends here
            await litellm_module().close_litellm_async_clients()

    return asyncio.run(run_and_close())


async def abatch(
    source: str,
    out: Path,
    *,
    config: ModelConfig | None = None,
    client: ModelClient | None = None,
    check: bool = False,
    calibration: Calibration | None = None,
    concurrency: int = 4,
    limit: int | None = None,
    retry_failed: bool = False,
    progress: bool = False,
) -> BatchSummary:
    """Summarize (and with `check`, check) every item of SOURCE, appending one line per item to OUT.

    Args:
        source: a directory of text/HTML files, a glob, or a JSONL/CSV file with `id` and `text` or `path`.
        out: the results file (JSON Lines); a rerun skips what it already holds.
        config: the model; default: the user's defaults, else the embedded model.
        client: the model client (a fake in tests); built from `config` when None.
        check: also check each summary against its article.
        calibration: the checker's decision rule; default: the shipped one.
        concurrency: items in flight at once.
        limit: only the first N items of the input.
        retry_failed: redo the items that failed in an earlier run.
        progress: a progress bar on stderr.

    Returns:
        Counts of what was done, per error kind, the cost and whether the run was interrupted (SIGINT: the items
        in flight finish, no new one starts).
    """
    if concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    llm = client or LLM(config or model_config())
    rule = calibration or EMBEDDED_CALIBRATION
    settings = f"{llm.config.display_name}|{prompt_version(*PROMPTS)}|check={check}|{rule.model_dump_json()}"
    items = read_items(source)  # validates the source before any work
    done = open_results(out, retry_failed=retry_failed)
    total = _limited_count(source, limit)
    state, stop, started = _Progress(), asyncio.Event(), time.monotonic()
    superseded: dict[str, str] = {}
    queue: asyncio.Queue[tuple[BatchItem, str] | None] = asyncio.Queue(maxsize=concurrency * 2)
    with out.open("a", encoding="utf-8") as sink, _bar(total, progress) as bar, _interruptible(stop):

        async def work() -> None:
            while (entry := await queue.get()) is not None:
                if stop.is_set():
                    continue  # interrupted: queued items do not start; the next run does them
                item, key = entry
                result = await _one(item, key, llm, check, rule)
                append(sink, result)
                _count(state, result, bar)

        workers = [asyncio.create_task(work()) for _ in range(concurrency)]
        for item in _first(items, limit):
            if stop.is_set():
                break
            key = item_key(item.id, _content(item), settings)
            previous = done.get(item.id)
            if previous is not None and previous.key == key:
                state.skipped += 1
                bar.update(1)
                continue
            if previous is not None:
                superseded[item.id] = key
            await queue.put((item, key))
        for _ in workers:
            await queue.put(None)
        await asyncio.gather(*workers)
    drop_superseded(out, superseded)
    return _summary(state, total, time.monotonic() - started, stop.is_set())


async def _one(item: BatchItem, key: str, llm: ModelClient, check: bool, rule: Calibration) -> BatchResult:
    """One item, start to end; any failure of ours becomes a failed line, never a stopped run."""
    try:
        article = _article(item)
        result = await asummarize(article, client=llm)
        report = await acheck(result, [result.article], client=llm, calibration=rule) if check else None
    except SummarizeError as error:
        failure = BatchError(kind=type(error).__name__, message=str(error))
        return BatchResult(id=item.id, key=key, status="failed", error=failure)
    return BatchResult(id=item.id, key=key, status="ok", result=result, check=report)


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


def _content(item: BatchItem) -> bytes:
    if item.text is not None:
        return item.text.encode("utf-8", "replace")
    if item.path is not None:
        try:
            return item.path.read_bytes()
        except OSError:
            return b""  # the item fails when it is read, with the reason
    return (item.problem or "").encode()


def _first(items: Iterator[BatchItem], limit: int | None) -> Iterator[BatchItem]:
    for number, item in enumerate(items):
        if limit is not None and number >= limit:
            return
        yield item


def _limited_count(source: str, limit: int | None) -> int | None:
    counted = count_items(source)
    return min(counted, limit) if counted is not None and limit is not None else counted


def _count(state: _Progress, result: BatchResult, bar: Any) -> None:
    if result.status == "ok":
        state.ok += 1
        for usage in (result.result.usage if result.result else None, result.check.usage if result.check else None):
            if usage is not None and usage.cost_usd is not None:
                state.cost += usage.cost_usd
                state.priced = True
    else:
        state.failed += 1
        state.errors[result.error.kind if result.error else "unknown"] += 1
    cost = f"${state.cost:.4f}" if state.priced else "n/a"
    bar.set_postfix_str(f"ok {state.ok}, failed {state.failed}, cost {cost}", refresh=False)
    bar.update(1)


def _summary(state: _Progress, total: int | None, seconds: float, interrupted: bool) -> BatchSummary:
    return BatchSummary(
        total=total or (state.ok + state.failed + state.skipped),
        skipped=state.skipped,
        ok=state.ok,
        failed=state.failed,
        errors=dict(state.errors),
        cost_usd=round(state.cost, 6) if state.priced else None,
        seconds=round(seconds, 2),
        interrupted=interrupted,
    )


@contextlib.contextmanager
def _bar(total: int | None, enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    with tqdm(total=total, disable=not enabled, unit="item", dynamic_ncols=True, smoothing=0.1) as bar:
        yield bar


@contextlib.contextmanager
def _interruptible(stop: asyncio.Event) -> Iterator[None]:
    """The first SIGINT stops new items from starting; those in flight finish and are written."""
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, stop.set)
        installed = True
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
        installed = False
    try:
        yield
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGINT)
