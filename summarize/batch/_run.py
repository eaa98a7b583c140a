"""Batch runs: many articles summarized (and checked) concurrently, resumable, nothing lost, nothing done twice.

Concurrency is bounded asyncio over the async summarizer and checker (`engine="local"`), or Ray actors on a
cluster (`engine="ray"`, `_ray.py`); either way this process reads the input and is the single writer of the
results. Rate limits and fallbacks are the model config's (`rpm`, `tpm`, `fallbacks`: litellm's Router). The
embedded llama.cpp server answers one request at a time, so concurrency does not make it faster; it pays off with
hosted providers and vLLM servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack

from pydantic import BaseModel

from summarize._errors import InputError
from summarize._jsonlines import locked
from summarize._progress import steps_muted
from summarize.batch._inputs import BatchItem, Reading, read_items, require_unique, survey
from summarize.batch._item import ItemSettings, content, run_item
from summarize.batch._ray import RayEngine, ray_module
from summarize.batch._results import BatchResult, Done, append, drop_superseded, item_key, open_results
from summarize.files import check_output
from summarize.llm import ModelClient, close_async_clients
from summarize.settings import Settings, settings_for
from summarize.summarizer import PROMPTS
from summarize.templates import prompt_version

log = logging.getLogger("summarize")

Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")
"""Where items run: asyncio workers in this process, or Ray actors on a cluster."""


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
    stopped_by: int | None = None
    """The signal that interrupted the run (2 SIGINT, 15 SIGTERM, 1 SIGHUP); None: it ran to its end."""


@dataclass
class _Progress:
    """Counts as the run goes, for the bar and the final summary."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    cost: float = 0.0
    priced: bool = False
    errors: Counter[str] = field(default_factory=Counter)


class BatchOptions(TypedDict, total=False):
    """The keyword arguments of `batch` and `abatch` (described on `abatch`)."""

    model: str | None
    api_base: str | None
    settings: Settings | None
    client: ModelClient | None
    check: bool
    limit: int | None
    retry_failed: bool
    progress: bool
    engine: Engine
    ray_address: str | None
    allow_outside: Sequence[str | Path]


def batch(source: str | Path, out: str | Path, **options: Unpack[BatchOptions]) -> BatchSummary:
    """Summarize every item of SOURCE into the JSON Lines file OUT; `abatch` describes the arguments."""

    async def run_and_close() -> BatchSummary:
        try:
            return await abatch(source, out, **options)
        finally:  # litellm keeps an HTTP session per event loop; this loop ends here
            await close_async_clients()

    return asyncio.run(run_and_close())


async def abatch(
    source: str | Path,
    out: str | Path,
    *,
    model: str | None = None,
    api_base: str | None = None,
    settings: Settings | None = None,
    client: ModelClient | None = None,
    check: bool = False,
    limit: int | None = None,
    retry_failed: bool = False,
    progress: bool = False,
    engine: Engine = "local",
    ray_address: str | None = None,
    allow_outside: Sequence[str | Path] = (),
) -> BatchSummary:
    """Summarize (and with `check`, check) every item of SOURCE, appending one line per item to OUT.

    Args:
        source: a directory of text/HTML files, a glob, or a JSONL/CSV file with `id` and `text` or `path`.
        out: the results file (JSON Lines); a rerun skips what it already holds.
        model: a litellm model string; overrides `settings`.
        api_base: base URL of an OpenAI-compatible server; overrides `settings`.
        settings: the model (its `rpm`, `tpm` and `fallbacks` send the calls through litellm's Router: a full
            minute waits, a failure falls back), the checker's decision rule, and `concurrency` (items in flight
            at once; with Ray, across the whole cluster); None resolves them from the user's defaults.
        client: the model client (a fake in tests); built from the settings when None. Not with the Ray engine.
        check: also check each summary against its article.
        limit: only the first N items of the input.
        retry_failed: redo the items that failed in an earlier run.
        progress: a progress bar on stderr.
        engine: "local" (asyncio in this process) or "ray" (Ray actors; needs the `ray` extra).
        ray_address: the Ray cluster to join (`ray://host:10001`, `auto`); None: a local instance started here.
        allow_outside: folders rows may also read files from; by default only the input's own folder (a row's
            `path` elsewhere, by an absolute path, `..` or a link, fails).

    Returns:
        Counts of what was done, per error kind, the cost and whether the run was interrupted (SIGINT, SIGTERM
        or SIGHUP: the items in flight finish, no new one starts).

    Raises:
        InputError: before any work, for an input whose ids repeat (named), or a results file that cannot be
            used: not a regular file, one of the inputs, not a results file, in use by another run (its lock).
    """
    chosen = settings_for(settings, model, api_base)
    out = Path(out)
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "ray":
        ray_module()  # refused before any work when the extra is missing
        if client is not None:
            raise InputError("the Ray engine builds its own model client on each worker from `config`; pass no client")
        if chosen.model.uses_embedded_server:
            raise InputError("--engine ray needs --model or --api-base: each worker would start its own embedded model")
    llm = chosen.client(client)
    source = str(source)
    reading = Reading(tuple(Path(folder) for folder in allow_outside), out)
    check_output(out, force=True, inputs=[source])
    with locked(out):  # from reading what is done to the last line: one run at a time
        found = survey(source, reading)  # the source, its count, repeated ids: checked before any work
        require_unique(source, found)
        plan = _Plan(open_results(out, retry_failed=retry_failed), _settings(chosen, check))
        total = found.count if limit is None else min(found.count, limit)
        state, stop, started = _Progress(), _Stop(), time.monotonic()
        with out.open("a", encoding="utf-8") as sink, _bar(total, progress) as bar, _interruptible(stop):

            def record(result: BatchResult) -> None:
                append(sink, result)
                _count(state, result, bar)

            todo = plan.todo(_first(read_items(source, reading), limit), state, bar, stop)
            item_settings = ItemSettings(chosen, check)
            if engine == "ray":
                await _run_on_ray(todo, record, item_settings, chosen.concurrency, stop, ray_address)
            else:
                await _run_local(todo, record, llm, item_settings, chosen.concurrency, stop)
        drop_superseded(out, plan.superseded)
    return _summary(state, total, time.monotonic() - started, stop.number)


def _settings(settings: Settings, check: bool) -> str:
    """What changes the answer: the model (and its fallbacks), the prompts, checking, the decision rule."""
    config = settings.model
    model = config.display_name + "".join(f"|fallback={d.model}" for d in config.fallbacks)
    return f"{model}|{prompt_version(*PROMPTS)}|check={check}|{settings.calibration.model_dump_json()}"


@dataclass
class _Plan:
    """What the results file holds, and which items of the input are still to do."""

    done: dict[str, Done]
    settings: str
    superseded: dict[str, str] = field(default_factory=dict)
    """Ids redone because their text or settings changed -> their new key."""

    def todo(
        self, items: Iterator[BatchItem], state: _Progress, bar: Any, stop: asyncio.Event
    ) -> Iterator[tuple[BatchItem, str]]:
        """The items to run with their keys; those already done with the same key are counted as skipped."""
        for item in items:
            if stop.is_set():
                return
            key = item_key(item.id, content(item), self.settings)
            previous = self.done.get(item.id)
            if previous is not None and previous.key == key:
                state.skipped += 1
                bar.update(1)
                continue
            if previous is not None:
                self.superseded[item.id] = key
            yield item, key


async def _run_local(
    todo: Iterator[tuple[BatchItem, str]],
    record: Callable[[BatchResult], None],
    llm: ModelClient,
    settings: ItemSettings,
    concurrency: int,
    stop: asyncio.Event,
) -> None:
    """Bounded asyncio workers in this process."""
    queue: asyncio.Queue[tuple[BatchItem, str] | None] = asyncio.Queue(maxsize=concurrency * 2)

    async def work() -> None:
        while (entry := await queue.get()) is not None:
            if stop.is_set():
                continue  # interrupted: queued items do not start; the next run does them
            record(await run_item(*entry, llm, settings))

    workers = [asyncio.create_task(work()) for _ in range(concurrency)]
    for entry in todo:
        await queue.put(entry)
    for _ in workers:
        await queue.put(None)
    await asyncio.gather(*workers)


async def _run_on_ray(
    todo: Iterator[tuple[BatchItem, str]],
    record: Callable[[BatchResult], None],
    settings: ItemSettings,
    concurrency: int,
    stop: asyncio.Event,
    address: str | None,
) -> None:
    """Ray actors; the driver waits on them in a thread, so that this loop still hears SIGINT."""
    engine = RayEngine(settings, concurrency, address)
    try:
        await asyncio.to_thread(engine.run, todo, record, stop.is_set)
    finally:
        engine.close()


def _first(items: Iterator[BatchItem], limit: int | None) -> Iterator[BatchItem]:
    for number, item in enumerate(items):
        if limit is not None and number >= limit:
            return
        yield item


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


def _summary(state: _Progress, total: int | None, seconds: float, stopped_by: int | None) -> BatchSummary:
    return BatchSummary(
        total=total or (state.ok + state.failed + state.skipped),
        skipped=state.skipped,
        ok=state.ok,
        failed=state.failed,
        errors=dict(state.errors),
        cost_usd=round(state.cost, 6) if state.priced else None,
        seconds=round(seconds, 2),
        interrupted=stopped_by is not None,
        stopped_by=stopped_by,
    )


@contextlib.contextmanager
def _bar(total: int | None, enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    with steps_muted(), tqdm(total=total, disable=not enabled, unit="item", dynamic_ncols=True, smoothing=0.1) as bar:
        yield bar


class _Stop(asyncio.Event):
    """Set by the first SIGINT, SIGTERM or SIGHUP: no new item starts; which signal it was."""

    number: int | None = None

    def by(self, number: int) -> None:
        self.number = self.number or number
        self.set()


STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def _interruptible(stop: _Stop) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP stop new items from starting; those in flight finish and are written, and the
    run ends with the signal's exit code. The handlers in place before are put back after."""
    loop = asyncio.get_running_loop()
    installed = {}
    for number in STOPPING:
        try:
            previous = signal.getsignal(number)
            loop.add_signal_handler(number, stop.by, number)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
            continue
        installed[number] = previous
    try:
        yield
    finally:
        for number, previous in installed.items():
            loop.remove_signal_handler(number)
            signal.signal(number, previous)
