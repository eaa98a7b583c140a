"""The worker: `concurrency` slots, each taking the oldest queued job from the store, running it, recording it.

While a job runs its slot renews the job's lease (with the job's progress) every `lease/3` seconds at most; if the
store says the job is no longer this worker's (it was cancelled, or another replica took it after a lost lease),
its result is dropped (its thread finishes the call it is in: a thread cannot be stopped from outside). A
database that cannot be used pauses the slots, with one line in the log, instead of crashing the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel

from summarize import SummarizeError, json_document
from summarize.service._audit import AuditEntry
from summarize.service._jobs import JobRun, provenance
from summarize.service._problems import internal_problem, problem_of
from summarize.service._settings import ServiceSettings
from summarize.service._store import DatabaseUnavailableError, Job, JobStore
from summarize.service._threads import blocking

log = logging.getLogger("summarize")
SWEEP_SECONDS = 3600.0
MAX_PAUSE = 30.0


class Worker:
    """Runs the store's queued jobs of this service's settings, `settings.concurrency` at a time."""

    def __init__(self, store: JobStore, settings: ServiceSettings) -> None:
        self.store, self.settings = store, settings
        self.database_error: str | None = None
        """Why the last attempt to use the database failed; None while it works."""
        # Jobs run in threads of their own (twice the slots: a cancelled job's thread finishes its call meanwhile),
        # so that they never wait behind the database calls, nor those behind them.
        self.threads = ThreadPoolExecutor(2 * settings.concurrency, thread_name_prefix="summarize-job")

    async def serve(self, stop: asyncio.Event) -> None:
        """Run the slots and the sweeper until `stop` is set; then hand the jobs in flight back to the queue."""
        tasks = [asyncio.create_task(self._slot(stop)) for _ in range(self.settings.concurrency)]
        tasks.append(asyncio.create_task(self._sweeper(stop)))
        try:
            await stop.wait()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.threads.shutdown(wait=False, cancel_futures=True)
            with contextlib.suppress(DatabaseUnavailableError):  # a restart or another replica takes them at once
                released = await blocking(self.store.release, self.settings.replica)
                if released:
                    log.info("handed %d job(s) in flight back to the queue", released)

    async def _slot(self, stop: asyncio.Event) -> None:
        pause = self.settings.poll_seconds
        while not stop.is_set():
            try:
                job = await blocking(
                    self.store.claim, self.settings.replica, self.settings.settings_key, self.settings.lease_seconds
                )
                self._database_works()
            except DatabaseUnavailableError as error:
                pause = self._database_failed(error, pause)
                await asyncio.sleep(pause)
                continue
            if job is None:
                await asyncio.sleep(self.settings.poll_seconds)
                continue
            pause = self.settings.poll_seconds
            await self._run(job)

    async def _run(self, job: Job) -> None:
        """Run one job to its end, keeping its lease; write its result unless it is no longer ours."""
        try:
            run = JobRun(job.id, job.kind, job.request, self.settings)
        except Exception as error:  # a request that no longer parses (written by another version)
            await self._finish(job, None, internal_problem(error).body())
            return
        task = asyncio.get_running_loop().run_in_executor(self.threads, run.run)
        try:
            if not await self._keep_lease(job, run, task):
                task.cancel()
                log.info("job %s: cancelled, or taken up elsewhere; its result is dropped", job.id)
                return
            await self._record(job, run, task)
        finally:
            if not task.done():
                task.cancel()

    async def _keep_lease(self, job: Job, run: JobRun, task: asyncio.Future[BaseModel]) -> bool:
        """Wait for the task, renewing the lease; False when the job stopped being ours."""
        tick = min(0.5, self.settings.lease_seconds / 3)
        written, renewed = dict(run.progress), time.monotonic()
        while not task.done():
            await asyncio.wait([task], timeout=tick)
            due = time.monotonic() - renewed >= self.settings.lease_seconds / 3
            if task.done() or (run.progress == written and not due):
                continue
            written, renewed = dict(run.progress), time.monotonic()
            try:
                ours = await blocking(
                    self.store.renew, job.id, self.settings.replica, self.settings.lease_seconds, written
                )
            except DatabaseUnavailableError as error:
                self._database_failed(error, 0)
                continue
            if not ours:
                return False
        return True

    async def _record(self, job: Job, run: JobRun, task: asyncio.Future[BaseModel]) -> None:
        error, progress = task.exception(), run.progress
        if error is None:
            progress = {**progress, "stage": "done", "done": progress["total"]}
            await self._finish(job, task.result(), None, progress)
        elif isinstance(error, SummarizeError):
            log.info("job %s failed: %s", job.id, error)
            await self._finish(job, None, problem_of(error).body(), progress)
        else:
            log.error("job %s failed unexpectedly: %s: %s", job.id, type(error).__name__, error)
            await self._finish(job, None, internal_problem(error).body(), progress)

    async def _finish(
        self,
        job: Job,
        result: BaseModel | None,
        error: dict[str, object] | None,
        progress: dict[str, object] | None = None,
    ) -> None:
        model, prompt_version = provenance(result) if result is not None else (self.settings.model.display_name, None)
        entry = AuditEntry(
            "done" if error is None else "failed",
            job.token,
            job_id=job.id,
            kind=job.kind,
            model=model or self.settings.model.display_name,
            prompt_version=prompt_version,
            decision_rule=self.settings.rule_text,
            detail=f"{error['kind'] if error else 'ok'}; replica {self.settings.replica}, attempt {job.attempts}",
        )
        document = json_document(result) if result is not None else None
        try:
            finished = await blocking(
                self.store.finish, job.id, self.settings.replica, entry, result=document, error=error, progress=progress
            )
        except DatabaseUnavailableError as failure:
            self._database_failed(failure, 0)
            return  # the lease runs out and the job is taken up again once the database works
        if not finished:
            log.info("job %s: cancelled while it ran; its result is dropped", job.id)

    async def _sweeper(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(DatabaseUnavailableError):
                swept = await blocking(self.store.sweep, self.settings.keep_days)
                if swept:
                    log.info("deleted %d job(s) finished more than %g days ago", swept, self.settings.keep_days)
            await asyncio.sleep(SWEEP_SECONDS)

    def _database_failed(self, error: DatabaseUnavailableError, pause: float) -> float:
        """Log a database failure once (not once per poll); the next pause, doubled up to `MAX_PAUSE`."""
        if self.database_error != str(error):
            log.error("%s; jobs wait until it works again", error)
        self.database_error = str(error)
        return min(MAX_PAUSE, max(pause * 2, 1.0))

    def _database_works(self) -> None:
        if self.database_error is not None:
            log.info("the job database works again")
        self.database_error = None
