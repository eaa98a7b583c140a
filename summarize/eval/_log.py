"""Typed run logs: what a run was (`RunSpec`), each item's result (`Prediction`), and its metrics (`RunMetrics`).

These are the files of a run directory; the CLI, `compare`, `evals/check_replay.py` and `evals/calibrate.py`
read them through these models, never as dicts picked by string keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from summarize._errors import InputError
from summarize._output import Output
from summarize._version import SCHEMA_VERSION
from summarize.checker import Verdict
from summarize.llm import Usage


class Selection(Output):
    """Which items of the dataset a run took."""

    sample: int | None = None
    """A fixed random sample of this many items; none: all."""
    seed: int = 0
    """The sample's seed."""
    limit: int | None = None
    """Only the first this many (selected) items."""
    by_doc: bool = False
    """Whole documents sampled, with all their items."""


class RunSpec(Output):
    """What a run is: enough to reproduce it, and to refuse resuming a different one into the same folder."""

    dataset: str
    """The dataset file's name."""
    dataset_sha256: str
    """The dataset file's SHA-256, so a run names exactly what it read."""
    selection: Selection
    """Which items were run."""
    n: int
    """How many items were selected."""
    model: str
    """The judge's model (`none` without one)."""
    use_llm: bool
    """Whether the judge ran (False: deterministic checks alone)."""
    threshold: float
    """The decision threshold on P(supported)."""
    calibration: str
    """The decision rule's provenance."""
    judge_prompt_version: str
    """Hash of the judge's prompt templates."""
    recording: str | None
    """The recording's name, when recorded or replayed."""
    mode: Literal["live", "record", "replay"]
    """live, record, or replay."""
    clause_questions: bool = False
    """Whether the judge was also asked about each claim's least-covered clause (`--ask-clauses`)."""
    decided_judged: bool = False
    """Whether the judge was also asked about claims a check decided (`--judge-decided`)."""


class ClaimOutcome(Output):
    """One claim of an item, as the checker saw it."""

    claim: str
    """The claim (a sentence of the item's summary)."""
    verdict: Verdict
    """Its verdict."""
    probability: float | None
    """The judge's calibrated P(supported); none where a check decided."""
    signals: dict[str, float] = Field(default_factory=dict)
    """The judge's signals the decision read (see `ClaimReport.signals`)."""
    failed_checks: list[str]
    """The deterministic checks it failed."""


class Prediction(Output):
    """One item's result: one line of `predictions.jsonl`."""

    id: str
    """The item's id in the dataset."""
    dataset: str
    """Which benchmark and slice the item comes from."""
    label: int
    """The gold label: 1 consistent, 0 not."""
    predicted: int
    """The checker's: 1 when no claim was flagged."""
    score: float
    """The lowest claim score: P(supported), or 0 where a deterministic check failed."""
    claims: list[ClaimOutcome]
    """Each claim's outcome."""
    usage: Usage
    """The item's model calls."""
    error: str | None = None
    """Why the item could not be checked, if it could not."""


class LabelMetrics(Output):
    """Precision and recall of one label."""

    precision: float | None
    """Of the items predicted with this label, the share that have it."""
    recall: float | None
    """Of the items with this label, the share predicted so."""
    support: int
    """Items with this label."""


class Confusion(Output):
    """The confusion counts, named by what the checker said."""

    true_supported: int
    """Consistent items predicted consistent."""
    false_supported: int
    """Inconsistent items predicted consistent (missed errors)."""
    true_unsupported: int
    """Inconsistent items flagged."""
    false_unsupported: int
    """Consistent items flagged (false alarms)."""


class ClassificationMetrics(Output):
    """Balanced accuracy (LLM-AggreFact's measure), ROC AUC, per-label precision and recall."""

    n: int
    """Items."""
    balanced_accuracy: float | None
    """Mean of the recall on each label (LLM-AggreFact's measure)."""
    roc_auc: float | None
    """How well the scores rank consistent items above inconsistent ones, whatever the threshold."""
    per_label: dict[Literal["supported", "unsupported"], LabelMetrics]
    """Precision and recall per label."""
    confusion: Confusion
    """The confusion counts."""


class PerItem(Output):
    """Mean cost of one item."""

    calls: float
    """Model calls per item."""
    prompt_tokens: float
    """Prompt tokens per item."""
    completion_tokens: float
    """Completion tokens per item."""
    cost_usd: float | None
    """Cost per item where the provider prices it."""
    seconds: float
    """Seconds per item."""


class ThresholdChoice(Output):
    """The best threshold on this run's own items: an in-sample figure, for orientation only."""

    threshold: float
    """The threshold that would have scored best on these items."""
    balanced_accuracy: float
    """Its balanced accuracy (in sample: chosen on the same items)."""


class RunMetrics(ClassificationMetrics):
    """`metrics.json`: the run's metrics, overall and per dataset, its cost, and what it was."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (bumped whenever it changes incompatibly)."""
    per_dataset: dict[str, ClassificationMetrics]
    """The same metrics per dataset slice."""
    per_item: PerItem
    """Cost per item."""
    errors: int
    """Items that could not be checked."""
    best_threshold_in_sample: ThresholdChoice | None = None
    """The threshold best on these items (in sample)."""
    run: RunSpec
    """What was run."""
    git_revision: str | None
    """The code's git revision, where known."""
    finished: str
    """When the metrics were computed (ISO 8601, UTC)."""


class ArticleOutcome(Output):
    """One article of a summaries eval: how many of its key points got each verdict, and the cost."""

    article: str
    """The article's path."""
    claims: int
    """Claims checked (its key points)."""
    counts: dict[Verdict, int]
    """Claims per verdict."""
    usage: Usage
    """Its model calls, summary and check."""


class SummariesMetrics(Output):
    """`metrics.json` of `summarize eval summaries`."""

    schema_version: str = SCHEMA_VERSION
    """The version of this JSON shape (bumped whenever it changes incompatibly)."""
    articles: list[ArticleOutcome]
    """Each article's outcome."""
    shares: dict[Verdict, float]
    """Share of all key points per verdict."""
    claims: int
    """Key points checked in all."""
    model: str
    """The model that wrote and checked them."""
    threshold: float
    """The decision threshold on P(supported)."""
    recording: str | None
    """The recording's name, when recorded or replayed."""


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
