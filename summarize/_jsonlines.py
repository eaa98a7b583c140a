"""Append-only JSON Lines files that survive a crash: batch results and eval predictions.

Each record is one line, written and flushed as it finishes, so a crash loses at most the records in flight and
can tear only the last line. Reading repairs the file: a torn or unreadable line is dropped (its record is
redone), and the file is rewritten without it before anything is appended.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

Record = dict[str, Any]


def read_repaired(path: Path, keep: Callable[[Record], bool] = lambda _record: True) -> list[Record]:
    """The complete JSON objects of `path`, in order (none when it does not exist); a line torn by a crash (no
    newline at its end), a line that is no JSON object, and a record `keep` refuses are dropped, and the file is
    rewritten without them (a temporary file renamed into place)."""
    if not path.exists():
        return []
    records: list[Record] = []
    dropped = False
    partial = path.with_name(path.name + ".partial")
    with path.open("rb") as source, partial.open("wb") as target:
        for raw in source:
            record = _parse(raw) if raw.endswith(b"\n") else None
            if record is None or not keep(record):
                dropped = True
                continue
            records.append(record)
            target.write(raw)
    if dropped:
        partial.replace(path)
    else:
        partial.unlink()
    return records


def rewrite(path: Path, keep: Callable[[Record], bool]) -> None:
    """Rewrite `path` with only the records `keep` accepts."""
    read_repaired(path, keep)


def append(sink: IO[str], line: str) -> None:
    """Write one record as one line, flushed at once."""
    sink.write(line + "\n")
    sink.flush()


def _parse(raw: bytes) -> Record | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None
