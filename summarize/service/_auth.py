"""Who is calling: the bearer token's name, or a refusal (401), and how often they may call (429).

The rate limit is a token bucket per token name, in each replica's memory: a caller may make `rate_per_minute`
requests in a burst, and one more every `60 / rate_per_minute` seconds after that.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from summarize.service._audit import AuditEntry
from summarize.service._problems import Problem, unauthorized
from summarize.service._state import Service, service
from summarize.service._store import DatabaseUnavailableError
from summarize.service._threads import blocking

LOCAL_CALLER = "local"
"""The caller's name under `--no-auth` (loopback only)."""
BEARER = HTTPBearer(
    auto_error=False,
    description="`Authorization: Bearer TOKEN`; the token file holds one `name:token` a line.",
)


@dataclass(frozen=True)
class Caller:
    """An authenticated caller."""

    name: str


class RateLimiter:
    """A token bucket per caller."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    def wait(self, name: str) -> float:
        """0 when this request may go ahead (and is counted), else the seconds until it may."""
        now = time.monotonic()
        with self.lock:
            level, since = self.buckets.get(name, (self.capacity, now))
            level = min(self.capacity, level + (now - since) * self.per_second)
            if level >= 1:
                self.buckets[name] = (level - 1, now)
                return 0.0
            self.buckets[name] = (level, now)
            return (1 - level) / self.per_second


async def caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]
) -> Caller:
    """The caller of this request, known by its token; refused (401, 429) with a problem details body."""
    running = service(request)
    name = LOCAL_CALLER if running.settings.tokens is None else await _token_name(running, credentials)
    wait = running.limiter.wait(name)
    if wait > 0:
        await _refused(running, name, "rate limit")
        raise Problem(
            429,
            "rate-limited",
            "Too many requests",
            f"{name!r} may make {running.settings.rate_per_minute} requests a minute; retry in {math.ceil(wait)} s",
            headers={"Retry-After": str(math.ceil(wait))},
        )
    request.state.caller = name
    return Caller(name)


async def _token_name(running: Service, credentials: HTTPAuthorizationCredentials | None) -> str:
    assert running.settings.tokens is not None
    if credentials is None:
        await _refused(running, None, "no bearer token")
        raise unauthorized("no bearer token: send Authorization: Bearer TOKEN")
    name = running.settings.tokens.name_of(credentials.credentials)
    if name is None:
        await _refused(running, None, "unknown token")
        raise unauthorized("the service does not know this token")
    return name


async def _refused(running: Service, name: str | None, why: str) -> None:
    with contextlib.suppress(DatabaseUnavailableError):
        await blocking(running.store.record, AuditEntry("refused", name, detail=why))
