"""JSON for machines: every output carries `schema_version`, has one shape whatever the count of inputs
(JSON Lines: one object per line, so one input is one line), and has a published JSON Schema."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from summarize._errors import InputError
from summarize._version import SCHEMA_VERSION
from summarize.batch import BatchResult
from summarize.checker import CheckReport
from summarize.eval import CoverageMetrics, Prediction, RunMetrics, RunSpec, SummariesMetrics
from summarize.story import StoryReport
from summarize.summary import SummaryResult


class CheckedSummary(SummaryResult):
    """A summary as `summarize ARTICLE --json` prints it: with its check report when `--check` was given."""

    check: CheckReport | None = None
    """The summary checked against its article (`--check`); none when not asked."""


SCHEMAS: dict[str, type[BaseModel]] = {
    "summary": CheckedSummary,
    "check-report": CheckReport,
    "coverage-metrics": CoverageMetrics,
    "eval-metrics": RunMetrics,
    "eval-prediction": Prediction,
    "eval-run": RunSpec,
    "summaries-metrics": SummariesMetrics,
    "story-report": StoryReport,
    "batch-result": BatchResult,
}
"""The JSON outputs by name: `summarize schema NAME` prints one; `schemas/NAME.json` publishes them."""


def schema_names() -> list[str]:
    """The names `json_schema` knows."""
    return sorted(SCHEMAS)


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one output, with its version."""
    if name not in SCHEMAS:
        raise InputError(f"no JSON output named {name!r}; known: {', '.join(schema_names())}")
    schema = SCHEMAS[name].model_json_schema(mode="serialization")
    return {"$id": f"summarize/{name}/v{SCHEMA_VERSION}", **schema}


def json_document(model: BaseModel) -> str:
    """One output as one line of JSON (a JSON Lines record; alone, also a JSON document)."""
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False)
