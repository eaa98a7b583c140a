"""The results file: one JSON line per finished item, appended and flushed as it finishes.

A line is keyed by the item's id and a hash of its text and of the settings that change the answer, so a rerun
skips what is done and redoes what changed. A line torn by a crash is dropped; failed items are kept (and so
not redone) unless they are retried, and the file is rewritten without the lines that will be redone, so every
input id appears exactly once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from summarize._jsonlines import Record, read_repaired, rewrite
from summarize._jsonlines import append as append_line
from summarize._output import Output
from summarize._version import SCHEMA_VERSION
from summarize.checker import CheckReport
from summarize.summary import SummaryResult

Status = Literal["ok", "failed"]


class BatchError(Output):
    """Why an item failed: the error's kind (its class) and its one-line message."""

    kind: str
    """The error's kind (its class: InputError, ProviderUnreachableError, ...)."""
    message: str
    """What went wrong, in one line."""


class BatchResult(Output):
    """One line of the results file."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (bumped whenever it changes incompatibly)."""
    id: str
    """The item's id in the input (a row's `id`, a file's path, or `line-N`)."""
    key: str
    """Hash of the item's text and of the settings that change the answer."""
    status: Status
    """ok, or failed (redone with `--retry-failed`)."""
    result: SummaryResult | None = None
    """The summary, when ok."""
    check: CheckReport | None = None
    """The summary checked against its article (`--check`)."""
    error: BatchError | None = None
    """Why the item failed, when it did."""


def item_key(item_id: str, content: bytes, settings: str) -> str:
    """The key of one item under some settings: the same key means the same answer."""
    digest = hashlib.sha256()
    for part in (item_id.encode(), content, settings.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:24]


@dataclass(frozen=True)
class Done:
    """What the results file already holds for an id."""

    key: str
    status: Status


def open_results(path: Path, *, retry_failed: bool = False) -> dict[str, Done]:
    """Read what is done (a torn last line dropped, its item redone) and rewrite the file without the failures
    that will be retried. Returns id -> what is done; the caller appends new lines."""

    def keep(entry: Record) -> bool:
        return {"id", "key", "status"} <= entry.keys() and not (retry_failed and entry["status"] == "failed")

    return {entry["id"]: Done(entry["key"], entry["status"]) for entry in read_repaired(path, keep)}


def append(sink: IO[str], result: BatchResult) -> None:
    """Write one finished item as one line, flushed at once: a crash loses at most the items in flight."""
    append_line(sink, result.model_dump_json())


def drop_superseded(path: Path, current: dict[str, str]) -> None:
    """Keep one line per id: for ids redone because their text or settings changed, only the line with the
    current key."""
    if current:
        rewrite(path, lambda entry: entry["id"] not in current or entry["key"] == current[entry["id"]])
