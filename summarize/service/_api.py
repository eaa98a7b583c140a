"""The versioned JSON API, `/v1`: post a job (202 and its `Location`), read it, follow it, cancel it.

Results use the command line's JSON schemas (`summarize schema NAME`): a summary job's result is what
`summarize ARTICLE --json` prints, a check's what `summarize check --json` prints, and so on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse

from summarize import CheckedSummary, CheckReport, InputError, StoryReport, __version__
from summarize.service._audit import AuditEntry
from summarize.service._auth import Caller, caller
from summarize.service._jobs import (
    BatchJobResult,
    BatchRequest,
    CheckRequest,
    Kind,
    StoryRequest,
    SummaryRequest,
    refuse_empty,
)
from summarize.service._problems import MEDIA_TYPE, Problem, not_found
from summarize.service._process import WorkerProcess
from summarize.service._state import Service, service
from summarize.service._store import FINISHED, DatabaseUnavailableError, Job, NewJob, Status
from summarize.service._threads import blocking
from summarize.service._worker import Worker

log = logging.getLogger("summarize")
router = APIRouter(prefix="/v1")
Authorized = Annotated[Caller, Depends(caller)]


async def _running(request: Request) -> Service:
    # async: FastAPI runs a plain `def` dependency in a thread, a hop per request that a burst of posts waits for
    return service(request)


Running = Annotated[Service, Depends(_running)]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="The same key (per token) gives the same job."),
]
PROBLEM = {"content": {MEDIA_TYPE: {}}, "description": "Problem details (RFC 9457)"}
PROBLEMS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 413, 422, 429, 503)}
EVENTS_POLL = 0.5


class Accepted(BaseModel):
    """A job accepted: follow it at `Location` (`/v1/jobs/{id}`)."""

    id: str
    status: Status


class JobView(BaseModel):
    """A job: where it is, and its result or error once it has finished."""

    id: str
    kind: Kind
    status: Status
    progress: dict[str, Any] | None = Field(description='`{"stage", "done", "total"}`: steps, or a batch\'s items.')
    result: CheckedSummary | CheckReport | StoryReport | BatchJobResult | None = Field(
        description="Once done: the command line's JSON (summary, check-report, story-report, batch results)."
    )
    error: dict[str, Any] | None = Field(description="Once failed: problem details with the CLI's kind and exit code.")
    created_at: str
    started_at: str | None
    finished_at: str | None
    attempts: int


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Ready(BaseModel):
    ready: bool
    model: str
    database: str
    concurrency: int


@router.get("/health", tags=["service"])
async def health() -> Health:
    """The process answers (no token needed)."""
    return Health(status="ok", version=__version__)


@router.get("/ready", tags=["service"], responses={503: PROBLEM})
async def ready(running: Running) -> Ready:
    """The model is loaded, the worker runs and the job database answers (no token needed)."""
    problem = await _not_ready(running)
    if problem is not None:
        raise Problem(503, "not-ready", "Not ready", problem, headers={"Retry-After": "5"})
    settings = running.settings
    return Ready(ready=True, model=settings.model.display_name, database="ok", concurrency=settings.concurrency)


async def _not_ready(running: Service) -> str | None:
    """Why the service cannot take work now, or None."""
    worker = running.worker
    if isinstance(worker, Worker) and worker.database_error is not None:
        return worker.database_error
    if running.database_error is not None:
        try:
            await blocking(running.store.probe_write, running.settings.replica)
            running.database_error = None
        except DatabaseUnavailableError as error:
            return str(error)
    if isinstance(worker, WorkerProcess) and not worker.alive:
        return "the worker process is not running (see the service's log)"
    try:
        await blocking(running.store.counts)
    except DatabaseUnavailableError as error:
        return str(error)
    return None if running.model_ready else running.model_error or "the model is loading"


@router.post("/summaries", status_code=202, tags=["jobs"], response_model=Accepted, responses=PROBLEMS)
async def post_summary(
    body: SummaryRequest, who: Authorized, running: Running, key: IdempotencyKey = None
) -> JSONResponse:
    """Summarize one article (and with `check`, check the summary against it)."""
    return await _accept(running, "summary", body, who, key)


@router.post("/checks", status_code=202, tags=["jobs"], response_model=Accepted, responses=PROBLEMS)
async def post_check(body: CheckRequest, who: Authorized, running: Running, key: IdempotencyKey = None) -> JSONResponse:
    """Check a summary (plain text, or our summary JSON) against its sources."""
    if body.coverage:
        raise InputError("coverage (omissions) is not available in this version of summarize")
    return await _accept(running, "check", body, who, key)


@router.post("/stories", status_code=202, tags=["jobs"], response_model=Accepted, responses=PROBLEMS)
async def post_story(body: StoryRequest, who: Authorized, running: Running, key: IdempotencyKey = None) -> JSONResponse:
    """Compare two or more outlets' versions of one story."""
    return await _accept(running, "story", body, who, key)


@router.post(
    "/batches",
    status_code=202,
    tags=["jobs"],
    response_model=Accepted,
    responses=PROBLEMS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": 'JSON Lines: one `{"id": ..., "text": ...}` a line, as `summarize batch` reads them.',
            "content": {"application/jsonl": {"schema": {"type": "string"}}},
        }
    },
)
async def post_batch(
    request: Request,
    who: Authorized,
    running: Running,
    key: IdempotencyKey = None,
    check: Annotated[bool, Query(description="Also check each summary against its article.")] = False,
) -> JSONResponse:
    """Summarize many articles, uploaded as JSON Lines."""
    try:
        items = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the batch is not UTF-8 text; upload JSON Lines") from None
    return await _accept(running, "batch", BatchRequest(items=items, check=check), who, key)


@router.get("/jobs/{job_id}", tags=["jobs"], response_model=JobView, responses={401: PROBLEM, 404: PROBLEM})
async def get_job(job_id: str, who: Authorized, running: Running) -> JSONResponse:
    """A job: its status and progress; once finished, its result or its error."""
    return JSONResponse(view(await _job(running, job_id)))


@router.delete("/jobs/{job_id}", tags=["jobs"], response_model=JobView, responses={404: PROBLEM, 409: PROBLEM})
async def cancel_job(job_id: str, who: Authorized, running: Running) -> JSONResponse:
    """Cancel a queued or running job (a running job's result, if it still arrives, is dropped)."""
    entry = AuditEntry("cancelled", who.name, job_id=job_id)
    job = await blocking(running.store.cancel, job_id, entry)
    if job is None:
        raise not_found(job_id)
    if job.status in ("done", "failed"):
        raise Problem(409, "job-finished", "The job has finished", f"job {job_id} is {job.status}: nothing to cancel")
    return JSONResponse(view(job))


@router.get(
    "/jobs/{job_id}/events",
    tags=["jobs"],
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent events"}, 404: PROBLEM},
)
async def job_events(job_id: str, who: Authorized, running: Running) -> EventSourceResponse:
    """Server-sent events: `progress` (the job without its result) while it changes, then one last event named
    after its final status (`done`, `failed`, `cancelled`) carrying the whole job."""
    await _job(running, job_id)
    return EventSourceResponse(_events(running, job_id), ping=15)


async def _events(running: Service, job_id: str) -> AsyncIterator[dict[str, str]]:
    last: tuple[str, str] | None = None
    while True:
        job = await blocking(running.store.get, job_id)
        if job is None:
            yield {"event": "gone", "data": json.dumps({"id": job_id})}
            return
        if job.status in FINISHED:
            yield {"event": job.status, "data": json.dumps(view(job))}
            return
        state = (job.status, json.dumps(job.progress))
        if state != last:
            yield {"event": "progress", "data": json.dumps(view(job, with_result=False))}
            last = state
        await asyncio.sleep(EVENTS_POLL)


async def _accept(running: Service, kind: Kind, body: BaseModel, who: Caller, key: str | None) -> JSONResponse:
    refuse_empty(body)
    settings = running.settings
    request = body.model_dump_json()
    digest = _sha256(kind, request)
    content_key = _sha256("content", kind, settings.settings_key, request)
    new = NewJob(
        kind=kind,
        request=request,
        request_digest=digest,
        idempotency_key=_sha256("key", who.name, key) if key else content_key,
        settings_key=settings.settings_key,
        token=who.name,
    )
    entry = AuditEntry(
        "accepted",
        who.name,
        kind=kind,
        model=settings.model.display_name,
        decision_rule=settings.rule_text,
        detail=f"request sha256 {digest}",
    )
    job, created = await _submit(running, new, entry)
    headers = {"Location": f"/v1/jobs/{job.id}"} | ({} if created else {"Idempotent-Replayed": "true"})
    return JSONResponse(Accepted(id=job.id, status=job.status).model_dump(), status_code=202, headers=headers)


async def _submit(running: Service, new: NewJob, entry: AuditEntry) -> tuple[Job, bool]:
    """Store the job; a database that cannot be written is logged once and reported by `/v1/ready` until it can."""
    try:
        submitted = await running.submissions.submit(new, entry)
    except DatabaseUnavailableError as error:
        if running.database_error is None:
            log.error("%s; jobs are refused (503) until it can be written again", error)
        running.database_error = str(error)
        raise
    if running.database_error is not None:
        log.info("the job database can be written again")
        running.database_error = None
    return submitted


async def _job(running: Service, job_id: str) -> Job:
    job = await blocking(running.store.get, job_id)
    if job is None:
        raise not_found(job_id)
    return job


def view(job: Job, with_result: bool = True) -> dict[str, Any]:
    """A job as the API shows it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "result": json.loads(job.result) if job.result and with_result else None,
        "error": job.error,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "attempts": job.attempts,
    }


def _iso(seconds: float | None) -> str | None:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds") if seconds is not None else None


def _sha256(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()
