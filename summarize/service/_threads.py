"""Blocking calls (the database, loading the model) kept off the event loop that answers requests.

A small pool of its own, not anyio's 40 threads: the calls are short, and SQLite writes one at a time anyway, while
every extra runnable thread makes the event loop wait longer for the interpreter lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
POOL = ThreadPoolExecutor(8, thread_name_prefix="summarize-db")


async def blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking call in the service's database threads, never on the event loop."""
    return await asyncio.get_running_loop().run_in_executor(POOL, partial(function, *args, **kwargs))
