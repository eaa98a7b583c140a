"""Blocking calls (the database, loading the model) kept off the event loop that answers requests."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from anyio import to_thread

T = TypeVar("T")


async def blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking call in anyio's thread pool (40 threads), never on the event loop."""
    return await to_thread.run_sync(partial(function, *args, **kwargs))
