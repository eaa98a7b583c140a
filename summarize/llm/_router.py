"""Rate limits and fallbacks through litellm's Router: the model and its fallbacks as deployments, each with its
requests- and tokens-per-minute limits.

The Router enforces the limits (its `enforce_model_rate_limits` pre-call check) but does not queue: when a
deployment's minute is full it raises `RateLimitError` without sending anything. `routed` waits for the next minute
and asks again, so a full minute delays a call instead of failing it; the time waited counts against the call's
deadline (`ModelConfig.timeout`). Failures are not retried here: the Router tries each fallback once
(`num_retries=0`) and the one retry policy (`_retry.py`) retries the whole routed call.

What the Router does, measured on litellm 1.106.2: the window is the UTC calendar minute; requests are counted
before they are sent (concurrent callers never pass `rpm`), tokens after the answer (the calls in flight can
overshoot `tpm`); the counts live in the process (with Ray, each worker counts its own); a full primary falls back
to the fallbacks; and without `max_parallel_requests` the Router also caps parallel requests at `rpm` and refuses
the rest, so deployments set it high and leave concurrency to the caller.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from summarize.llm._config import Deployment

log = logging.getLogger("summarize")

ROUTE = "summarize"
"""The Router's name for the model; fallbacks are `summarize-fallback-1`, ..."""
_UNBOUNDED = 1_000_000
"""`max_parallel_requests` of every deployment: concurrency is the caller's, not the Router's."""
_POLL = 0.2
"""Seconds between looks at the clock while waiting for the next minute."""


def build_router(primary: dict[str, Any], fallbacks: tuple[Deployment, ...], rpm: int | None, tpm: int | None) -> Any:
    """A Router over the primary endpoint (litellm parameters: model, api_base, api_key) and the fallbacks."""
    from litellm.router import Router

    names = [f"{ROUTE}-fallback-{n}" for n in range(1, len(fallbacks) + 1)]
    deployments = [_deployment(ROUTE, primary, rpm, tpm)]
    for name, fallback in zip(names, fallbacks, strict=True):
        endpoint = {"model": fallback.model} | ({"api_base": fallback.api_base} if fallback.api_base else {})
        deployments.append(_deployment(name, endpoint, fallback.rpm, fallback.tpm))
    limited = any(d["litellm_params"].get(k) for d in deployments for k in ("rpm", "tpm"))
    return Router(
        model_list=deployments,
        fallbacks=[{ROUTE: names}] if names else [],
        num_retries=0,
        optional_pre_call_checks=["enforce_model_rate_limits"] if limited else None,
    )


def _deployment(name: str, endpoint: dict[str, Any], rpm: int | None, tpm: int | None) -> dict[str, Any]:
    limits = {key: value for key, value in (("rpm", rpm), ("tpm", tpm)) if value is not None}
    return {"model_name": name, "litellm_params": endpoint | limits | {"max_parallel_requests": _UNBOUNDED}}


def window_full(error: BaseException) -> bool:
    """Whether the Router refused to send because a deployment's minute is full (nothing was sent)."""
    return type(error).__name__ == "RateLimitError" and "Model rate limit exceeded" in str(error)


def routed_async(router: Any) -> Callable[..., Awaitable[Any]]:
    """The Router's `acompletion`, waiting for the next minute whenever the current one is full."""

    async def acompletion(**arguments: Any) -> Any:
        while True:
            window = _window()
            try:
                return await router.acompletion(**arguments)
            except Exception as error:
                if not window_full(error):
                    raise
            log.debug("rate limit reached: waiting for the next minute")
            while _window() == window:
                await asyncio.sleep(min(_POLL, _seconds_left()))

    return acompletion


def routed_sync(router: Any) -> Callable[..., Any]:
    """The Router's `completion`, waiting for the next minute whenever the current one is full."""

    def completion(**arguments: Any) -> Any:
        while True:
            window = _window()
            try:
                return router.completion(**arguments)
            except Exception as error:
                if not window_full(error):
                    raise
            log.debug("rate limit reached: waiting for the next minute")
            while _window() == window:
                time.sleep(min(_POLL, _seconds_left()))

    return completion


def _window() -> str:
    """The Router's current window."""
    return _now().strftime("%H-%M")


def _seconds_left() -> float:
    now = _now()
    return max(0.01, 60.0 - now.second - now.microsecond / 1e6)


def _now() -> datetime:
    """The time on the Router's own clock: the one its rate-limit check reads (tests speed it up)."""
    from litellm.router_utils.pre_call_checks import model_rate_limit_check

    clock: Callable[[], datetime] = vars(model_rate_limit_check)["get_utc_datetime"]
    return clock()
