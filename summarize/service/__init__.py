"""The newsroom service: an HTTP API for the CMS and a page for editors, with jobs that survive restarts.

`create_app(settings)` is an ASGI app (FastAPI): the `/v1` API (`_api.py`), the editors' page (`_page.py`,
`static/`), bearer tokens and a rate limit (`_tokens.py`, `_auth.py`), a body cap and security headers
(`_limits.py`). Jobs live in a database (`_store.py`: SQLite by default, Postgres for several replicas) with an
audit log (`_audit.py`); new jobs are written in groups (`_group_commit.py`); a worker (`_worker.py`) runs them
through the public API (`_jobs.py`). `summarize serve` runs it with uvicorn.
"""

from summarize.service._app import create_app
from summarize.service._audit import AuditEntry
from summarize.service._jobs import ArticleIn, BatchJobResult, CheckRequest, StoryRequest, SummaryRequest
from summarize.service._problems import Problem, problem_of
from summarize.service._settings import ServiceSettings, default_data_dir, sqlite_url
from summarize.service._store import DatabaseUnavailableError, Job, JobStore
from summarize.service._tokens import Tokens

__all__ = [
    "ArticleIn",
    "AuditEntry",
    "BatchJobResult",
    "CheckRequest",
    "DatabaseUnavailableError",
    "Job",
    "JobStore",
    "Problem",
    "ServiceSettings",
    "StoryRequest",
    "SummaryRequest",
    "Tokens",
    "create_app",
    "default_data_dir",
    "problem_of",
    "sqlite_url",
]
