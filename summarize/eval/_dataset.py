"""Labelled consistency data: LLM-AggreFact JSONL (`doc`, `claim`, `label`) or CSV with the same columns."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarize._errors import DatasetError
from summarize.files import read_input

MAX_DATASET_BYTES = 1 << 30
"""The most a dataset file may hold (1 GiB; it is read whole)."""


class Sample(BaseModel):
    """One labelled item: is every fact of `claim` supported by `doc`?"""

    id: str
    doc: str
    claim: str
    label: int
    """1 = supported, 0 = not."""
    dataset: str = ""
    metadata: dict[str, Any] = {}
    """Every other field of the row, kept as given."""


def load_dataset(path: str) -> tuple[list[Sample], str]:
    """Read a dataset and return its samples and the SHA-256 of the file (first 12 hex digits)."""
    file = Path(path)
    data = read_input(file, limit=MAX_DATASET_BYTES)
    rows = _csv_rows(data, path) if file.suffix.lower() == ".csv" else _jsonl_rows(data, path)
    samples = [_sample(row, number, path) for number, row in enumerate(rows, start=1)]
    if not samples:
        raise DatasetError(f"{path}: has no items")
    ids = [s.id for s in samples]
    if len(set(ids)) != len(ids):
        raise DatasetError(f"{path}: item ids are not unique")
    return samples, hashlib.sha256(data).hexdigest()[:12]


def select(
    samples: list[Sample], *, sample: int | None, seed: int, limit: int | None, by_doc: bool = False
) -> list[Sample]:
    """A fixed random sample (`sample` items, `seed`), then the first `limit`; order is kept stable.

    `by_doc` samples whole documents (all their items) until `sample` items are reached: several summaries
    of one article then share the model server's cached prompt, which makes a run several times cheaper.
    """
    chosen = samples
    if sample is not None and sample < len(samples):
        picked = (
            _sample_by_doc(samples, sample, seed)
            if by_doc
            else set(random.Random(seed).sample(range(len(samples)), sample))
        )
        chosen = [s for i, s in enumerate(samples) if i in picked]
    return chosen[:limit] if limit is not None else chosen


def _sample_by_doc(samples: list[Sample], wanted: int, seed: int) -> set[int]:
    docs = list(dict.fromkeys(s.doc for s in samples))
    random.Random(seed).shuffle(docs)
    picked: set[int] = set()
    for doc in docs:
        if len(picked) >= wanted:
            break
        picked |= {i for i, s in enumerate(samples) if s.doc == doc}
    return picked


def _jsonl_rows(data: bytes, path: str) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except ValueError:
            raise DatasetError(f"{path}:{number}: not a JSON object") from None
    return rows


def _csv_rows(data: bytes, path: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(data.decode("utf-8-sig").splitlines())
    return list(reader)


def _sample(row: dict[str, Any], number: int, path: str) -> Sample:
    missing = [field for field in ("doc", "claim", "label") if field not in row]
    if missing:
        raise DatasetError(f"{path}: item {number} lacks {', '.join(missing)}")
    known = {"id", "doc", "claim", "label", "dataset"}
    try:
        return Sample(
            id=str(row.get("id", number)),
            doc=row["doc"],
            claim=row["claim"],
            label=int(row["label"]),
            dataset=str(row.get("dataset", "")),
            metadata={k: v for k, v in row.items() if k not in known},
        )
    except (ValidationError, ValueError):
        raise DatasetError(f"{path}: item {number} has a malformed field (label must be 0 or 1)") from None
