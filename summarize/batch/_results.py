"""The results file: one JSON line per finished item, appended and flushed as it finishes.

A line is keyed by the item's id and a hash of its text and of the settings that change the answer, so a rerun
skips what is done and redoes what changed. A line torn by a crash is dropped; failed items are kept (and so
not redone) unless they are retried, and the file is rewritten without the lines that will be redone, so every
input id appears exactly once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel

from summarize._version import SCHEMA_VERSION
from summarize.checker import CheckReport
from summarize.summarizer import SummaryResult

Status = Literal["ok", "failed"]


class BatchError(BaseModel):
    """Why an item failed: the error's kind (its class) and its one-line message."""

    kind: str
    message: str


class BatchResult(BaseModel):
    """One line of the results file."""

    schema_version: str = SCHEMA_VERSION
    id: str
    key: str
    """Hash of the item's text and of the settings that change the answer."""
    status: Status
    result: SummaryResult | None = None
    check: CheckReport | None = None
    error: BatchError | None = None


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
    """Read what is done (dropping a torn last line) and rewrite the file without failures that will be retried.

    Returns id -> what is done; the caller appends new lines.
    """
    if not path.exists():
        return {}
    done: dict[str, Done] = {}
    keep_all = True
    partial = path.with_name(path.name + ".partial")
    with path.open("rb") as source, partial.open("wb") as target:
        for raw in source:
            if not raw.endswith(b"\n"):
                keep_all = False  # torn by a crash mid-write: dropped, its item redone
                break
            entry = _parse(raw)
            if entry is None or (retry_failed and entry["status"] == "failed"):
                keep_all = False
                continue
            done[entry["id"]] = Done(entry["key"], entry["status"])
            target.write(raw)
    if keep_all:
        partial.unlink()
    else:
        partial.replace(path)
    return done


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(raw)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and {"id", "key", "status"} <= entry.keys() else None


def append(sink: IO[str], result: BatchResult) -> None:
    """Write one finished item as one line, flushed at once: a crash loses at most the items in flight."""
    sink.write(result.model_dump_json() + "\n")
    sink.flush()


def drop_superseded(path: Path, current: dict[str, str]) -> None:
    """Keep one line per id: for ids redone because their text or settings changed, only the line with the
    current key."""
    if not current:
        return
    partial = path.with_name(path.name + ".partial")
    with path.open("rb") as source, partial.open("wb") as target:
        for raw in source:
            entry = _parse(raw)
            if entry is not None and entry["id"] in current and entry["key"] != current[entry["id"]]:
                continue
            target.write(raw)
    partial.replace(path)
