"""The ASGI app: the `/v1` API, the editors' page, the API docs; the worker started and stopped with it.

FastAPI, because the API's request and result models are the library's own pydantic models: one definition
gives validation, the OpenAPI document (`/v1/openapi.json`) and the interactive docs (`/v1/docs`), served from
this process (Swagger UI from the `swagger-ui-bundle-v2` package: nothing is loaded from elsewhere).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from summarize import SummarizeError, __version__
from summarize.llm import ensure_server
from summarize.service._api import router
from summarize.service._auth import RateLimiter
from summarize.service._group_commit import GroupCommit
from summarize.service._limits import BodyLimit, SecurityHeaders
from summarize.service._page import mount_page
from summarize.service._problems import Problem, internal_problem, problem_of
from summarize.service._process import WorkerProcess
from summarize.service._settings import ServiceSettings
from summarize.service._state import Service
from summarize.service._store import JobStore
from summarize.service._threads import blocking
from summarize.service._worker import Worker

log = logging.getLogger("summarize")
DESCRIPTION = """Structured, source-checked summaries of news articles, as a service.

Post a job (`/v1/summaries`, `/v1/checks`, `/v1/stories`, `/v1/batches`): the answer is 202 with the job's `id`
and a `Location`. Follow it at `/v1/jobs/{id}` or as server-sent events at `/v1/jobs/{id}/events`. Results use
the command line's JSON schemas. Every request but `/v1/health` and `/v1/ready` needs
`Authorization: Bearer TOKEN`. Errors are problem details (RFC 9457) with the command line's error kinds."""


def create_app(settings: ServiceSettings, store: JobStore | None = None) -> FastAPI:
    """The service's app: run it with any ASGI server (`summarize serve` uses uvicorn)."""
    store = store or JobStore(settings.database)
    worker = WorkerProcess(settings) if settings.worker == "process" else Worker(store, settings)
    running = Service(settings, store, worker, RateLimiter(settings.rate_per_minute), GroupCommit(store))
    app = FastAPI(
        title="summarize",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lambda _app: _lifespan(running),
    )
    app.state.service = running
    app.include_router(router)
    mount_page(app)
    _handle_errors(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


@contextlib.asynccontextmanager
async def _lifespan(running: Service) -> AsyncIterator[None]:
    await blocking(running.store.create_tables, running.settings.replica)
    stop = asyncio.Event()
    loading = asyncio.create_task(_load_model(running))
    worker = running.worker
    if isinstance(worker, WorkerProcess):
        worker.start()
    serving = asyncio.create_task(stop.wait() if isinstance(worker, WorkerProcess) else worker.serve(stop))
    try:
        yield
    finally:
        stop.set()
        loading.cancel()
        await serving
        if isinstance(worker, WorkerProcess):
            await blocking(worker.stop)
        await _close_model_clients()
        running.store.close()


async def _load_model(running: Service) -> None:
    """The embedded model's server started (and the model verified) before the service says it is ready."""
    config = running.settings.model
    if config.is_embedded and config.api_base is None:
        try:
            await blocking(ensure_server, idle_minutes=config.server_idle)
        except SummarizeError as error:
            running.model_error = str(error)
            log.error("the model cannot be loaded: %s", error)
            return
    running.model_ready = True


async def _close_model_clients() -> None:
    """litellm keeps an HTTP session per event loop; this loop ends here."""
    litellm = sys.modules.get("litellm")
    if litellm is not None:
        with contextlib.suppress(Exception):
            await litellm.close_litellm_async_clients()


def _handle_errors(app: FastAPI) -> None:
    """Every error as problem details; never a traceback."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> JSONResponse:
        return error.response(request.url.path)

    @app.exception_handler(SummarizeError)
    async def _ours(request: Request, error: SummarizeError) -> JSONResponse:
        return problem_of(error).response(request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in error.errors()]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        detail = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        problem = Problem(
            422, "invalid-request", "The request does not match the API", detail, 2, extra={"errors": errors}
        )
        return problem.response(request.url.path)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> JSONResponse:
        kind = {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error")
        problem = Problem(error.status_code, kind, str(error.detail), f"{request.method} {request.url.path}")
        return problem.response(request.url.path)

    @app.exception_handler(Exception)
    async def _unforeseen(request: Request, error: Exception) -> JSONResponse:
        log.error("%s %s failed: %s: %s", request.method, request.url.path, type(error).__name__, error)
        return internal_problem(error).response(request.url.path)
