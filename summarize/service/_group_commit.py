"""Jobs posted together are written together: one transaction, one wait for the write lock, one commit.

While one group is written, the jobs posted meanwhile queue up and form the next group. A job posted alone is
written at once (there is no timer), so a quiet service answers as before; under a burst, the wait for SQLite's
write lock (held now and then by the worker, a process of its own) and the commit are paid once per group instead
of once per job. Measured with `evals/benchmark_service.py` (docs/service.md, "Measured").
"""

from __future__ import annotations

import asyncio

from summarize.service._audit import AuditEntry
from summarize.service._store import Job, JobStore, NewJob
from summarize.service._threads import blocking

GROUP_MOST = 64
"""Jobs in one transaction at most: a group's jobs all wait for its commit."""

_Waiting = tuple[NewJob, AuditEntry, "asyncio.Future[tuple[Job, bool]]"]


class GroupCommit:
    """`JobStore.submit` for the requests of one event loop, grouped."""

    def __init__(self, store: JobStore, most: int = GROUP_MOST) -> None:
        self.store = store
        self.most = most
        self.waiting: list[_Waiting] = []
        self.writing: asyncio.Task[None] | None = None

    async def submit(self, new: NewJob, entry: AuditEntry) -> tuple[Job, bool]:
        """What `JobStore.submit` returns (or raises) for this request, written with the others waiting."""
        stored: asyncio.Future[tuple[Job, bool]] = asyncio.get_running_loop().create_future()
        self.waiting.append((new, entry, stored))
        if self.writing is None or self.writing.done():
            self.writing = asyncio.create_task(self._write_waiting())
        return await stored

    async def _write_waiting(self) -> None:
        while self.waiting:
            group, self.waiting = self.waiting[: self.most], self.waiting[self.most :]
            outcomes: list[tuple[Job, bool] | BaseException]
            try:
                outcomes = [*await blocking(self.store.submit_many, [(new, entry) for new, entry, _ in group])]
            except Exception as error:  # the database cannot be written: every job of the group is refused
                outcomes = [error] * len(group)
            for (_, _, stored), outcome in zip(group, outcomes, strict=True):
                if stored.done():  # its client went away; the job stays accepted, as it would alone
                    continue
                if isinstance(outcome, BaseException):
                    stored.set_exception(outcome)
                else:
                    stored.set_result(outcome)
