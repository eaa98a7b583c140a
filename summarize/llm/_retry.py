"""The one retry policy: transient provider failures only, exponential backoff with jitter, bounded."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import tenacity

from summarize.llm._recording import is_replay_refusal

T = TypeVar("T")


_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}


_TRANSIENT_NAMES = {
    "RateLimitError",
    "Timeout",
    "APITimeoutError",
    "APIConnectionError",
    "InternalServerError",
    "ServiceUnavailableError",
    "ConnectError",
    "ConnectTimeout",
    "ReadTimeout",
    "RemoteProtocolError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TimeoutError",
    "DeadlineExceeded",
}


_PERMANENT_NAMES = {
    "AuthenticationError",
    "PermissionDeniedError",
    "BadRequestError",
    "NotFoundError",
    "ContextWindowExceededError",
    "UnprocessableEntityError",
}


def exception_chain(error: BaseException) -> Iterator[BaseException]:
    """The error and every error it was raised from (instructor and litellm wrap provider errors)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def status_code(error: BaseException) -> int | None:
    """The first HTTP status code found along the chain."""
    for link in exception_chain(error):
        code = getattr(link, "status_code", None)
        if isinstance(code, int):
            return code
    return None


def is_transient(error: BaseException) -> bool:
    """Rate limits, 5xx, timeouts and refused connections; never auth, bad requests or replay misses."""
    if is_replay_refusal(error):
        return False
    names = [type(link).__name__ for link in exception_chain(error)]
    if any(name in _PERMANENT_NAMES for name in names) and status_code(error) not in _TRANSIENT_STATUS:
        return False
    if status_code(error) in _TRANSIENT_STATUS:
        return True
    return any(name in _TRANSIENT_NAMES for name in names)


@dataclass(frozen=True)
class RetryPolicy:
    """How transient failures are retried: bounded in attempts and in total time."""

    attempts: int = 4
    max_seconds: float = 120.0
    """No new attempt starts after this many seconds (the call's own deadline, `ModelConfig.timeout`, also ends
    the attempt in flight)."""
    initial_wait: float = 1.0
    max_wait: float = 20.0
    jitter: float = 1.0
    attempt_timeout: float | None = None
    """The most one attempt may take; None: all the time left before the call's deadline."""

    def _arguments(self, deadline: float | None) -> dict[str, Any]:
        stop = tenacity.stop_after_attempt(self.attempts) | tenacity.stop_after_delay(self.max_seconds)
        if deadline is not None:
            stop = stop | _StopBeforeDeadline(deadline)
        return {
            "stop": stop,
            "wait": tenacity.wait_exponential_jitter(initial=self.initial_wait, max=self.max_wait, jitter=self.jitter),
            "retry": tenacity.retry_if_exception(is_transient),
            "reraise": True,
        }

    def call(self, function: Callable[[], T], *, deadline: float | None = None) -> T:
        """Run `function`, retrying transient failures, never waiting past `deadline` (a `time.monotonic()`
        value); the last error propagates, with `.attempts` set."""
        retrying = tenacity.Retrying(**self._arguments(deadline))
        try:
            return retrying(function)
        except Exception as error:
            error.attempts = retrying.statistics.get("attempt_number", 1)  # type: ignore[attr-defined]
            raise

    async def acall(self, function: Callable[[], Awaitable[T]], *, deadline: float | None = None) -> T:
        """Async twin of `call`."""
        retrying = tenacity.AsyncRetrying(**self._arguments(deadline))
        try:
            return await retrying(function)
        except Exception as error:
            error.attempts = retrying.statistics.get("attempt_number", 1)  # type: ignore[attr-defined]
            raise


@dataclass(frozen=True)
class _StopBeforeDeadline(tenacity.stop.stop_base):
    """Stop retrying when the next wait would end past the call's deadline."""

    deadline: float

    def __call__(self, state: tenacity.RetryCallState) -> bool:
        upcoming = state.upcoming_sleep or 0.0
        return time.monotonic() + upcoming >= self.deadline


NO_WAIT = RetryPolicy(initial_wait=0.0, max_wait=0.0, jitter=0.0)
"""The same policy without sleeping, for tests."""
