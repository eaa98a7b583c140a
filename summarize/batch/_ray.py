"""The Ray engine: the same per-item code (`run_item`) on a Ray cluster, the driver the single writer of the results.

Each worker is an async Ray actor holding one model client; the driver keeps at most `concurrency` items in flight
(`ray.wait`), spread over the actors, and appends each result as it arrives, so resuming, torn lines and
`--retry-failed` work exactly as with the local engine. One actor per CPU, each running its share of the items at
once as actor tasks, rather than one plain task per item: a model call mostly waits on the network, and a plain task
would hold a CPU and a whole worker process for that wait.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from summarize._errors import InputError
from summarize.batch._inputs import BatchItem
from summarize.batch._item import ItemSettings, failed, run_item
from summarize.batch._results import BatchResult

INSTALL_HINT = "--engine ray needs Ray, which is not installed: pip install 'summarize[ray]'"


def ray_module() -> Any:
    """Import Ray, or refuse in one line when the extra is not installed."""
    try:
        import ray
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return ray


class _Worker:
    """One Ray actor: a model client, and the items it is given, run concurrently on its event loop."""

    def __init__(self, settings: ItemSettings) -> None:
        self.settings = settings
        self.llm = settings.settings.client()

    async def run(self, item: BatchItem, key: str) -> BatchResult:
        return await run_item(item, key, self.llm, self.settings)


class RayEngine:
    """Connected to a cluster (`address`), or to a local one started here and stopped at the end."""

    def __init__(self, settings: ItemSettings, concurrency: int, address: str | None) -> None:
        self.ray = ray_module()
        self.concurrency = concurrency
        self.started_here = not self.ray.is_initialized()
        if self.started_here:
            self._connect(address)
        self.workers = self._workers(settings)

    def _connect(self, address: str | None) -> None:
        try:
            self.ray.init(address=address, include_dashboard=False, log_to_driver=False)
        except (ConnectionError, ValueError, RuntimeError) as error:
            where = address or "a local Ray instance"
            raise InputError(f"--engine ray: could not connect to {where} ({error})") from None

    def _workers(self, settings: ItemSettings) -> list[Any]:
        cpus = int(self.ray.cluster_resources().get("CPU", 1))
        count = max(1, min(self.concurrency, cpus))
        actor = self.ray.remote(num_cpus=1, max_concurrency=math.ceil(self.concurrency / count))(_Worker)
        return [actor.options(scheduling_strategy="SPREAD").remote(settings) for _ in range(count)]

    def run(
        self, todo: Iterator[tuple[BatchItem, str]], record: Callable[[BatchResult], None], stop: Callable[[], bool]
    ) -> None:
        """Run every item of `todo`, at most `concurrency` in flight, recording each as it finishes."""
        in_flight: dict[Any, tuple[BatchItem, str]] = {}
        for number, (item, key) in enumerate(todo):
            while len(in_flight) >= self.concurrency:
                self._collect(in_flight, record)
            if stop():
                break  # interrupted: what is in flight finishes; the next run does the rest
            in_flight[self.workers[number % len(self.workers)].run.remote(item, key)] = (item, key)
        while in_flight:
            self._collect(in_flight, record)

    def _collect(self, in_flight: dict[Any, tuple[BatchItem, str]], record: Callable[[BatchResult], None]) -> None:
        ready, _ = self.ray.wait(list(in_flight), num_returns=1)
        for reference in ready:
            item, key = in_flight.pop(reference)
            try:
                result = self.ray.get(reference)
            except Exception as error:  # a worker died or Ray lost the task: the item fails, the run goes on
                result = failed(item, key, type(error).__name__, str(error).splitlines()[0] if str(error) else "")
            record(result)

    def close(self) -> None:
        """Stop the actors, and the local instance if it was started here."""
        for worker in self.workers:
            self.ray.kill(worker)
        if self.started_here:
            self.ray.shutdown()
