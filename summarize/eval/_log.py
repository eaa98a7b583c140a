"""Typed run logs: what a run was (`RunSpec`), each item's result (`Prediction`), and its metrics (`RunMetrics`).

These are the files of a run directory; the CLI, `compare`, `evals/check_replay.py` and `evals/calibrate.py`
read them through these models, never as dicts picked by string keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from summarize._errors import InputError
from summarize._version import SCHEMA_VERSION
from summarize.checker import Verdict
from summarize.llm import Usage


class Selection(BaseModel):
    """Which items of the dataset a run took."""

    sample: int | None = None
    seed: int = 0
    limit: int | None = None
    by_doc: bool = False


class RunSpec(BaseModel):
    """What a run is: enough to reproduce it, and to refuse resuming a different one into the same folder."""

    dataset: str
    dataset_sha256: str
    selection: Selection
    n: int
    model: str
    use_llm: bool
    threshold: float
    calibration: str
    judge_prompt_version: str
    recording: str | None
    mode: Literal["live", "record", "replay"]
    clause_questions: bool = False
    """Whether the judge was also asked about each claim's least-covered clause (`--ask-clauses`)."""
    decided_judged: bool = False
    """Whether the judge was also asked about claims a check decided (`--judge-decided`)."""


class ClaimOutcome(BaseModel):
    """One claim of an item, as the checker saw it."""

    claim: str
    verdict: Verdict
    probability: float | None
    signals: dict[str, float] = Field(default_factory=dict)
    """The judge's signals the decision read (see `ClaimReport.signals`)."""
    failed_checks: list[str]


class Prediction(BaseModel):
    """One item's result: one line of `predictions.jsonl`."""

    id: str
    dataset: str
    label: int
    predicted: int
    score: float
    """The lowest claim score: P(supported), or 0 where a deterministic check failed."""
    claims: list[ClaimOutcome]
    usage: Usage
    error: str | None = None


class LabelMetrics(BaseModel):
    """Precision and recall of one label."""

    precision: float | None
    recall: float | None
    support: int


class Confusion(BaseModel):
    """The confusion counts, named by what the checker said."""

    true_supported: int
    false_supported: int
    true_unsupported: int
    false_unsupported: int


class ClassificationMetrics(BaseModel):
    """Balanced accuracy (LLM-AggreFact's measure), ROC AUC, per-label precision and recall."""

    n: int
    balanced_accuracy: float | None
    roc_auc: float | None
    per_label: dict[Literal["supported", "unsupported"], LabelMetrics]
    confusion: Confusion


class PerItem(BaseModel):
    """Mean cost of one item."""

    calls: float
    prompt_tokens: float
    completion_tokens: float
    cost_usd: float | None
    seconds: float


class ThresholdChoice(BaseModel):
    """The best threshold on this run's own items: an in-sample figure, for orientation only."""

    threshold: float
    balanced_accuracy: float


class RunMetrics(ClassificationMetrics):
    """`metrics.json`: the run's metrics, overall and per dataset, its cost, and what it was."""

    schema_version: str = SCHEMA_VERSION
    per_dataset: dict[str, ClassificationMetrics]
    per_item: PerItem
    errors: int
    best_threshold_in_sample: ThresholdChoice | None = None
    run: RunSpec
    git_revision: str | None
    finished: str


class ArticleOutcome(BaseModel):
    """One article of a summaries eval: how many of its key points got each verdict, and the cost."""

    article: str
    claims: int
    counts: dict[Verdict, int]
    usage: Usage


class SummariesMetrics(BaseModel):
    """`metrics.json` of `summarize eval summaries`."""

    schema_version: str = SCHEMA_VERSION
    articles: list[ArticleOutcome]
    shares: dict[Verdict, float]
    claims: int
    model: str
    threshold: float
    recording: str | None


def read_metrics(run: Path) -> RunMetrics:
    """A run directory's metrics, or a clear error when the folder is not a finished run."""
    path = run / "metrics.json"
    if not path.is_file():
        raise InputError(f"{run}: not an eval run directory (no metrics.json)")
    try:
        return RunMetrics.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        raise InputError(f"{path}: not the metrics of an eval run ({error.error_count()} problem(s))") from None


def read_predictions(run: Path) -> list[Prediction]:
    """The finished items of a run; a torn last line (a crash mid-write) is dropped, so the item is redone."""
    path = run / "predictions.jsonl"
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    predictions = []
    for number, line in enumerate(lines, start=1):
        try:
            predictions.append(Prediction.model_validate_json(line))
        except ValidationError:
            if number == len(lines):
                break  # torn by an interrupted write; resuming redoes this item
            raise InputError(f"{path}:{number}: not a prediction line; the run directory is damaged") from None
    return predictions
