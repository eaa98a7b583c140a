"""Errors as problem details (RFC 9457), with the same kinds as the command line's exit codes.

Every error body is `application/problem+json`: `type` (`/v1/problems/KIND`), `title`, `status`, `detail`, and
two members of our own, `kind` and `exit_code` (what `summarize ARTICLE` would exit with), so that a client
handles a failed job the way a script handles the command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.responses import JSONResponse

from summarize import (
    ArticleTooLongError,
    EmptyInputError,
    InputError,
    InputFileError,
    InvalidModelOutputError,
    ModelError,
    ModelIntegrityError,
    ModelNotInstalledError,
    NoArticleTextError,
    NotEnglishError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnreachableError,
    ReplayMissError,
    SummarizeError,
)
from summarize.llm import redact
from summarize.service._store import DatabaseUnavailableError, IdempotencyConflictError

MEDIA_TYPE = "application/problem+json"

# Most specific first: the first class an error is an instance of names its kind.
KINDS: list[tuple[type[SummarizeError], str, int, str]] = [
    (EmptyInputError, "empty-input", 422, "The input is empty, whitespace only or binary"),
    (NotEnglishError, "not-english", 422, "The text is not English"),
    (NoArticleTextError, "no-article-text", 422, "No article text found"),
    (ArticleTooLongError, "article-too-long", 422, "The article is longer than the model's context"),
    (InputFileError, "input-file", 422, "A file could not be read"),
    (IdempotencyConflictError, "idempotency-conflict", 422, "The Idempotency-Key was used with another request"),
    (DatabaseUnavailableError, "database-unavailable", 503, "The job database cannot be used"),
    (InputError, "invalid-input", 422, "The input cannot be used"),
    (ModelNotInstalledError, "model-not-installed", 503, "The model is not installed"),
    (ModelIntegrityError, "model-integrity", 503, "The model file fails its integrity check"),
    (ProviderAuthError, "provider-auth", 502, "The provider refused the credentials"),
    (ProviderUnreachableError, "provider-unreachable", 504, "The provider could not be reached"),
    (ProviderRequestError, "provider-request", 502, "The provider rejected the request"),
    (InvalidModelOutputError, "invalid-model-output", 502, "The model's answer stayed invalid"),
    (ReplayMissError, "replay-miss", 500, "A replayed run met an unrecorded request"),
    (ModelError, "model-error", 502, "The model or provider failed"),
]


@dataclass
class Problem(Exception):
    """An error answer: raise it from a route, or store it as a failed job's `error`."""

    status: int
    kind: str
    title: str
    detail: str
    exit_code: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self, instance: str | None = None) -> dict[str, Any]:
        """The problem details object."""
        body: dict[str, Any] = {
            "type": f"/v1/problems/{self.kind}",
            "title": self.title,
            "status": self.status,
            "detail": redact(" ".join(self.detail.split())),
            "kind": self.kind,
        }
        if self.exit_code is not None:
            body["exit_code"] = self.exit_code
        if instance is not None:
            body["instance"] = instance
        return body | self.extra

    def response(self, instance: str | None = None) -> JSONResponse:
        """The problem as an HTTP answer."""
        return JSONResponse(self.body(instance), status_code=self.status, headers=self.headers, media_type=MEDIA_TYPE)


def problem_of(error: SummarizeError) -> Problem:
    """The problem for one of our errors: its kind, HTTP status and exit code."""
    for cls, kind, status, title in KINDS:
        if isinstance(error, cls):
            return Problem(status, kind, title, str(error), exit_code=error.exit_code)
    return Problem(500, "error", "The request failed", str(error), exit_code=error.exit_code)


def internal_problem(error: BaseException) -> Problem:
    """An error we did not foresee: its class and message only (no traceback leaves the service)."""
    return Problem(500, "internal", "Internal error", f"{type(error).__name__}: {error}", exit_code=1)


def unauthorized(detail: str) -> Problem:
    """401, with the challenge RFC 6750 asks for."""
    return Problem(
        401, "unauthorized", "A valid bearer token is needed", detail, headers={"WWW-Authenticate": "Bearer"}
    )


def not_found(job_id: str) -> Problem:
    """404 for a job that does not exist (or was swept after `--keep-days`)."""
    return Problem(404, "not-found", "No such job", f"no job {job_id!r} (finished jobs are kept for a limited time)")
