"""Progress: one line per stage of a long call (reading, summarizing, judging claim 3/10, aligning versions), on
the `summarize.progress` logger at INFO.

The library only reports; whoever configures logging decides where the lines go. The command line prints them on
stderr (`summarize: judging claim 3/10`), never on stdout, and `-q` silences them; with no logging configured (a
Python caller) they go nowhere. Runs of many items (batch, eval), which show a bar of their own, mute their items'
stages with `steps_muted`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

PROGRESS = logging.getLogger("summarize.progress")


def step(message: str, *args: object) -> None:
    """Report that a stage begins (`message % args`, lower case, no full stop)."""
    PROGRESS.info(message, *args)


@contextlib.contextmanager
def steps_muted() -> Iterator[None]:
    """No stage lines within: a run of many items reports by its bar, and its items' stages would interleave."""
    before = PROGRESS.level
    PROGRESS.setLevel(logging.WARNING)
    try:
        yield
    finally:
        PROGRESS.setLevel(before)
