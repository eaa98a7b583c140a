"""The running service's parts, shared by every route: settings, the job store, the worker, the rate limiter, the
new jobs on their way to the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from summarize.service._group_commit import GroupCommit
from summarize.service._process import WorkerProcess
from summarize.service._settings import ServiceSettings
from summarize.service._store import JobStore
from summarize.service._worker import Worker

if TYPE_CHECKING:
    from summarize.service._auth import RateLimiter


@dataclass
class Service:
    """One replica: its settings, the store it shares with the other replicas, its worker and its rate limiter."""

    settings: ServiceSettings
    store: JobStore
    worker: Worker | WorkerProcess
    """In this process (a task of the event loop), or a child process."""
    limiter: RateLimiter
    submissions: GroupCommit
    """New jobs on their way to the store, written in groups."""
    model_ready: bool = False
    """The model can answer: the embedded model's server is up (hosted providers: at once)."""
    model_error: str | None = None
    database_error: str | None = None
    """Why this process's last write to the database failed; None once one succeeds again."""


def service(request: Request) -> Service:
    """The service of the app handling this request."""
    running: Service = request.app.state.service
    return running
