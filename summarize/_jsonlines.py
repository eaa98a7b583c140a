"""Append-only JSON Lines files that survive a crash, one writer at a time: batch results and eval predictions.

Each record is one line, written and flushed as it finishes, so a crash loses at most the records in flight and
can tear only the last line. Reading repairs the file: a torn or unreadable line is dropped (its record is
redone), and the file is rewritten without it before anything is appended. A file whose first line is no record
of the kind is not ours, and is refused rather than repaired away. A writer holds the file's advisory lock
(`locked`) from reading to its last line: a second run on the same file is refused at once, never interleaved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from summarize._errors import OutputError
from summarize.files import is_regular_file

Record = dict[str, Any]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the advisory lock of `path` (on `.NAME.lock` beside it, which survives the file's repair by rename
    and is released by the kernel if the process dies); refused at once when another run holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path.with_name(f".{path.name}.lock")), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(
            f"{path}: another run is writing to it (its lock {lock.lock_file} is held); wait for that run to end, "
            "or give another file"
        ) from None
    except OSError as error:
        raise OutputError(f"{path}: cannot be locked ({error.strerror or error})") from None
    try:
        yield
    finally:
        lock.release()


def read_repaired(
    path: Path,
    keep: Callable[[Record], bool] = lambda _record: True,
    recognise: Callable[[Record], bool] | None = None,
) -> list[Record]:
    """The complete JSON objects of `path`, in order (none when it does not exist); a line torn by a crash (no
    newline at its end), a line that is no JSON object, and a record `keep` refuses are dropped, and the file is
    rewritten without them (a temporary file renamed into place). With `recognise`, a file whose first complete
    line is not a record it recognises is refused: it is not a file of these records, and is left as it is."""
    if not path.exists():
        return []
    if not is_regular_file(path):
        raise OutputError(f"{path}: is not a regular file")
    if recognise is not None:
        _require_ours(path, recognise)
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


def _require_ours(path: Path, recognise: Callable[[Record], bool]) -> None:
    with path.open("rb") as source:
        first = source.readline(1 << 20)
    if not first.endswith(b"\n"):
        return  # empty, or one line torn by a crash in the first write
    record = _parse(first)
    if record is None or not recognise(record):
        raise OutputError(f"{path}: exists and is not a results file of this tool; give a new file or an earlier run's")


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
