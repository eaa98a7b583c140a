"""Batch inputs, streamed: a directory, a glob, or a JSONL/CSV file of `id` with `text` or `path`.

Items are yielded one at a time, never loaded whole, so a 100,000-line file runs in bounded memory. A row that
cannot be used becomes an item that carries its error: a bad input never stops the run. A row is read only from
under the input's folder (or a folder the caller allows), never from the results file, and a row too long, or
not UTF-8, is such a bad row. `survey` reads the ids once before any work: a run whose ids repeat is refused.
"""

from __future__ import annotations

import csv
import glob
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from summarize._errors import InputError, InputFileError
from summarize.files import MAX_INPUT_BYTES, describe_bytes, same_file, within

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".md", ".text"}
MAX_ROW_BYTES = 4 * MAX_INPUT_BYTES
"""The longest row of a JSONL or CSV file (an article's text, escaped as JSON, with its fields)."""


@dataclass(frozen=True)
class BatchItem:
    """One article of a batch: its id, and its text or where to read it (or why it cannot be read)."""

    id: str
    text: str | None = None
    path: Path | None = None
    title: str | None = None
    published: str | None = None
    problem: str | None = None
    """Why this row cannot be used; the item is then written as failed."""
    line: int | None = None
    """Its line in a JSONL or CSV file."""


@dataclass(frozen=True)
class Reading:
    """Where items may be read from: under the input's folder and `allowed`, and never the results file."""

    allowed: tuple[Path, ...] = ()
    results: Path | None = None


@dataclass
class Survey:
    """What one pass over the input found before any work: how many items, and the ids that repeat."""

    count: int = 0
    first_line: dict[str, int | None] = field(default_factory=dict)
    repeated: dict[str, list[int | None]] = field(default_factory=dict)


def read_items(source: str, reading: Reading | None = None) -> Iterator[BatchItem]:
    """The items of a directory, a glob, or a JSONL or CSV file, one at a time."""
    reading = reading or Reading()
    path = Path(source)
    if path.is_dir():
        return _guarded(_directory(path), (path, *reading.allowed), reading.results)
    if path.is_file() and path.suffix.lower() in (".jsonl", ".csv"):
        rows = _jsonl(path) if path.suffix.lower() == ".jsonl" else _csv(path)
        return _guarded(rows, (path.parent, *reading.allowed), reading.results)
    if path.is_file():
        raise InputError(f"{source}: give a directory, a glob, or a .jsonl or .csv file of items")
    if path.exists():
        raise InputFileError(f"{source}: is not a regular file (a device, a pipe or a socket)")
    if glob.has_magic(source):
        matches = (BatchItem(id=match, path=Path(match)) for match in sorted(glob.iglob(source, recursive=True)))
        return _guarded(matches, (_glob_folder(source), *reading.allowed), reading.results)
    raise InputFileError(f"{source}: no such directory or file, and not a glob")


def survey(source: str, reading: Reading | None = None) -> Survey:
    """Count the items and find the ids that repeat (a streaming pass; only the ids are kept)."""
    found = Survey()
    for item in read_items(source, reading):
        found.count += 1
        if item.id in found.first_line:
            found.repeated.setdefault(item.id, [found.first_line[item.id]]).append(item.line)
        else:
            found.first_line[item.id] = item.line
    return found


def require_unique(source: str, found: Survey) -> None:
    """Refuse an input whose ids repeat, naming them: each id is one line of the results."""
    if not found.repeated:
        return
    shown = [f"{name!r} ({_where(lines)})" for name, lines in list(found.repeated.items())[:5]]
    more = f" and {len(found.repeated) - 5} more" if len(found.repeated) > 5 else ""
    raise InputError(f"{source}: ids must be unique; repeated: {', '.join(shown)}{more}")


def _where(lines: list[int | None]) -> str:
    numbers = [str(n) for n in lines if n is not None]
    return f"lines {', '.join(numbers)}" if numbers else f"{len(lines)} times"


def _guarded(items: Iterator[BatchItem], folders: Sequence[Path], results: Path | None) -> Iterator[BatchItem]:
    """Items whose file lies outside `folders` (links followed), or is the results file, carry that problem."""
    for item in items:
        if item.path is None or item.problem is not None:
            yield item
        elif "\0" in str(item.path):  # no file has such a name, and the operating system refuses to look
            yield _refused(item, f"{str(item.path)!r}: a path cannot contain a NUL character")
        elif results is not None and same_file(item.path, results):
            yield _refused(item, f"{item.path}: is the results file of this run, not an article")
        elif not within(item.path, folders):
            where = f"{item.path}: is outside {folders[0]}"
            yield _refused(item, f"{where}; allow its folder with --allow-outside (Python: allow_outside=)")
        else:
            yield item


def _refused(item: BatchItem, problem: str) -> BatchItem:
    return BatchItem(id=item.id, problem=problem, line=item.line)


def _glob_folder(pattern: str) -> Path:
    """The folder a glob searches: its path up to the first part with a wildcard."""
    parts = Path(pattern).parts
    fixed = [part for part in parts[: next(i for i, p in enumerate(parts) if glob.has_magic(p))]]
    return Path(*fixed) if fixed else Path(".")


def _directory(folder: Path) -> Iterator[BatchItem]:
    for file in sorted(folder.iterdir()):
        if file.is_file() and file.suffix.lower() in ARTICLE_SUFFIXES:
            yield BatchItem(id=file.name, path=file)


def _jsonl(file: Path) -> Iterator[BatchItem]:
    with file.open("rb") as handle:
        for number, raw in _lines(handle):
            if raw is None:
                yield _bad(number, f"{file}:{number}: the row is longer than {describe_bytes(MAX_ROW_BYTES)}")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield _bad(number, f"{file}:{number}: not UTF-8 text (byte {error.start + 1} of the line)")
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                yield _bad(number, f"{file}:{number}: not a JSON object")
                continue
            yield (
                _item(row, number, file)
                if isinstance(row, dict)
                else _bad(number, f"{file}:{number}: not a JSON object")
            )


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, each read up to the row limit; a longer line is skipped through to its end (None)."""
    number = 0
    while raw := handle.readline(MAX_ROW_BYTES + 1):
        number += 1
        if len(raw) > MAX_ROW_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def _csv(file: Path) -> Iterator[BatchItem]:
    csv.field_size_limit(MAX_ROW_BYTES)
    with file.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        rows = csv.DictReader(handle)
        try:
            for row in rows:
                yield _item(row, rows.line_num, file)
        except csv.Error as error:
            raise InputError(f"{file}:{rows.line_num}: cannot be read as CSV ({error})") from None


def _item(row: dict[str, object], number: int, file: Path) -> BatchItem:
    if not _is_text(row):
        return _bad(number, f"{file}:{number}: not UTF-8 text")
    identifier = row.get("id")
    if identifier in (None, ""):
        return _bad(number, f"{file}:{number}: the row has no id")
    text, where = row.get("text"), row.get("path")
    if not text and not where:
        return BatchItem(id=str(identifier), problem=f"{file}:{number}: the row has neither text nor path", line=number)
    return BatchItem(
        id=str(identifier),
        text=str(text) if text else None,
        path=(file.parent / str(where)) if where and not text else None,
        title=str(row["title"]) if row.get("title") else None,
        published=str(row["published"]) if row.get("published") else None,
        line=number,
    )


def _is_text(row: dict[str, object]) -> bool:
    """Whether every text of the row encodes as UTF-8: bytes that were no UTF-8 (read as lone surrogates), or
    a JSON escape of half a character, are not text."""
    try:
        for value in (*row.keys(), *row.values()):
            if isinstance(value, str):
                value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad(number: int, problem: str) -> BatchItem:
    return BatchItem(id=f"line-{number}", problem=problem, line=number)
