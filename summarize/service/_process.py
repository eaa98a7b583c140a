"""The worker in a process of its own, beside the web server's: jobs' CPU work (sentence splitting, spaCy, BM25)
then never competes with the requests for one interpreter lock, so a job is accepted in milliseconds however
busy the workers are. The two share nothing but the database.

The child runs at a lower priority (nice 10), and is told by Linux to stop when its parent dies (even by
SIGKILL); on SIGTERM it hands the jobs it was running back to the queue, so a restarted service takes them up at
once, and exits without waiting for their model calls.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.process import BaseProcess

from summarize.llm import redact
from summarize.service._settings import ServiceSettings
from summarize.service._store import JobStore
from summarize.service._worker import Worker

_PR_SET_PDEATHSIG = 1
STOP_SECONDS = 30.0
WORKER_NICENESS = 10
"""Where the cores are short, accepting a job (milliseconds) goes before working on one (seconds)."""


class WorkerProcess:
    """The worker of one replica, in a child process."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.process: BaseProcess | None = None

    def start(self) -> None:
        """Start the child (from the main thread: the parent-death signal is tied to the thread that forks)."""
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or sockets inherited
        self.process = context.Process(target=run_worker, args=(self.settings,), name="summarize-worker", daemon=True)
        self.process.start()

    @property
    def alive(self) -> bool:
        """Whether the child is running."""
        return self.process is not None and self.process.is_alive()

    def stop(self) -> None:
        """SIGTERM, and wait for the child to hand its jobs back (killed after `STOP_SECONDS`)."""
        if self.process is None or not self.process.is_alive():
            return
        self.process.terminate()
        self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def run_worker(settings: ServiceSettings) -> None:
    """The child's main: run the worker until SIGTERM (or the parent's death)."""
    _stop_with_parent()
    os.nice(WORKER_NICENESS)
    _log_to_stderr()
    asyncio.run(_serve(settings))
    # The jobs still in threads were handed back to the queue; do not wait for their model calls to return.
    logging.shutdown()
    os._exit(0)


async def _serve(settings: ServiceSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    store = JobStore(settings.database)
    try:
        await Worker(store, settings).serve(stop)
    finally:
        store.close()


def _stop_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class _Redacting(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        return True


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("summarize worker: %(message)s"))
    handler.addFilter(_Redacting())
    ours = logging.getLogger("summarize")
    ours.handlers[:] = [handler]
    ours.setLevel(logging.INFO)
    ours.propagate = False
    logging.getLogger("summarize.progress").setLevel(logging.WARNING)  # a job reports its stage in its progress
    for name in ("LiteLLM", "LiteLLM Router", "litellm", "instructor", "httpx", "httpcore", "openai"):
        theirs = logging.getLogger(name)
        theirs.handlers[:] = [logging.NullHandler()]
        theirs.setLevel(logging.CRITICAL + 1)
        theirs.propagate = False
