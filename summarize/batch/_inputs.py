"""Batch inputs, streamed: a directory, a glob, or a JSONL/CSV file of `id` with `text` or `path`.

Items are yielded one at a time, never loaded whole, so a 100,000-line file runs in bounded memory. A row that
cannot be used becomes an item that carries its error: a bad input never stops the run.
"""

from __future__ import annotations

import csv
import glob
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize._errors import InputError, InputFileError

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".md", ".text"}


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


def read_items(source: str) -> Iterator[BatchItem]:
    """The items of a directory, a glob, or a JSONL or CSV file, one at a time."""
    path = Path(source)
    if path.is_dir():
        return _directory(path)
    if path.is_file() and path.suffix.lower() == ".jsonl":
        return _jsonl(path)
    if path.is_file() and path.suffix.lower() == ".csv":
        return _csv(path)
    if path.is_file():
        raise InputError(f"{source}: give a directory, a glob, or a .jsonl or .csv file of items")
    if glob.has_magic(source):
        return (BatchItem(id=match, path=Path(match)) for match in sorted(glob.iglob(source, recursive=True)))
    raise InputFileError(f"{source}: no such directory or file, and not a glob")


def count_items(source: str) -> int | None:
    """How many items a source holds (a streaming pass), for the progress bar's time left."""
    path = Path(source)
    if path.is_file():
        with path.open("rb") as handle:
            lines = sum(1 for line in handle if line.strip())
        return lines - 1 if path.suffix.lower() == ".csv" else lines
    return sum(1 for _ in read_items(source))


def _directory(folder: Path) -> Iterator[BatchItem]:
    for file in sorted(folder.iterdir()):
        if file.is_file() and file.suffix.lower() in ARTICLE_SUFFIXES:
            yield BatchItem(id=file.name, path=file)


def _jsonl(file: Path) -> Iterator[BatchItem]:
    with file.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                yield BatchItem(id=f"line-{number}", problem=f"{file}:{number}: not a JSON object")
                continue
            yield _item(row, number, file) if isinstance(row, dict) else _not_a_row(number, file)


def _csv(file: Path) -> Iterator[BatchItem]:
    csv.field_size_limit(sys.maxsize)
    with file.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield _item(row, number, file)


def _item(row: dict[str, object], number: int, file: Path) -> BatchItem:
    identifier = row.get("id")
    if identifier in (None, ""):
        return BatchItem(id=f"line-{number}", problem=f"{file}:{number}: the row has no id")
    text, where = row.get("text"), row.get("path")
    if not text and not where:
        return BatchItem(id=str(identifier), problem=f"{file}:{number}: the row has neither text nor path")
    return BatchItem(
        id=str(identifier),
        text=str(text) if text else None,
        path=(file.parent / str(where)) if where and not text else None,
        title=str(row["title"]) if row.get("title") else None,
        published=str(row["published"]) if row.get("published") else None,
    )


def _not_a_row(number: int, file: Path) -> BatchItem:
    return BatchItem(id=f"line-{number}", problem=f"{file}:{number}: not a JSON object")
