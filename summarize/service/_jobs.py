"""The four kinds of job, what each request holds, and how each runs: through the public API, nothing else.

A job's request is validated when it is posted (a 422 before anything is queued); what needs the article read
(extraction, language) happens in the job, whose failure then carries the command line's error kind.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from summarize import (
    SCHEMA_VERSION,
    BatchResult,
    BatchSummary,
    CheckedSummary,
    CheckReport,
    EmptyInputError,
    StoryReport,
    article_from_text,
    batch,
    check,
    story,
    summarize,
)
from summarize.checker import parse_summary
from summarize.service._settings import ServiceSettings

Kind = Literal["summary", "check", "story", "batch"]
Progress = dict[str, Any]
"""`{"stage": ..., "done": n, "total": m}`: steps of a job, or items of a batch."""


class ArticleIn(BaseModel):
    """One article, as text or HTML."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article's text or HTML (untrusted: never interpreted).")
    name: str | None = Field(
        default=None, max_length=80, description="A label: the outlet in story mode, the source in reports."
    )


class SummaryRequest(BaseModel):
    """`POST /v1/summaries`: one article to summarize."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    check: bool = Field(default=False, description="Also check the summary against its article (`result.check`).")
    verify: bool = Field(default=True, description="Verify each key point against its sentences (as the CLI does).")


class CheckRequest(BaseModel):
    """`POST /v1/checks`: a summary (plain text, or our summary JSON) checked against its sources."""

    model_config = ConfigDict(extra="forbid")

    sources: list[ArticleIn] = Field(min_length=1, max_length=20)
    summary: str | dict[str, Any] = Field(description="Plain text, or our summary JSON (an object or its text).")
    use_llm: bool = Field(default=True, description="False: the deterministic checks only, no model.")
    atomic: bool = Field(default=False, description="Split claims into atomic facts with the model first.")
    coverage: bool = Field(
        default=False, description="Omissions: what the sources say that the summary leaves out (not available yet)."
    )


class StoryRequest(BaseModel):
    """`POST /v1/stories`: two or more outlets' versions of one story."""

    model_config = ConfigDict(extra="forbid")

    sources: list[ArticleIn] = Field(min_length=2, max_length=10)
    use_llm: bool = Field(default=True, description="False: a deterministic comparison, no combined summary.")


class BatchRequest(BaseModel):
    """`POST /v1/batches`: JSON Lines (one `{"id", "text"}` a line) and whether to check each summary."""

    items: str
    check: bool = False


class BatchJobResult(BaseModel):
    """A batch job's result: what the run did, and one result per item, as `summarize batch` writes them."""

    schema_version: str = SCHEMA_VERSION
    summary: BatchSummary
    items: list[BatchResult]


REQUESTS: dict[Kind, type[BaseModel]] = {
    "summary": SummaryRequest,
    "check": CheckRequest,
    "story": StoryRequest,
    "batch": BatchRequest,
}


def refuse_empty(request: BaseModel) -> None:
    """The cheap input checks, made before a job is queued: no empty or binary text."""
    texts = [request.items] if isinstance(request, BatchRequest) else [a.text for a in _articles_in(request)]
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            raise EmptyInputError(f"<source {number}>: the input is empty")
        if "\x00" in text:
            raise EmptyInputError(f"<source {number}>: the input is binary (NUL bytes)")


def _articles_in(request: BaseModel) -> list[ArticleIn]:
    if isinstance(request, SummaryRequest):
        return [request.article]
    if isinstance(request, CheckRequest | StoryRequest):
        return request.sources
    return []


class JobRun:
    """One job's run: the request, the service's settings, and where it is (read by the worker's heartbeat).

    `run` is synchronous and runs in one of the worker's job threads: the library's CPU work (sentence splitting,
    spaCy, BM25) then never holds up the event loop that answers requests and renews leases.
    """

    def __init__(self, job_id: str, kind: str, request: str, settings: ServiceSettings) -> None:
        self.job_id, self.kind, self.settings = job_id, kind, settings
        self.request = REQUESTS[kind].model_validate_json(request)  # type: ignore[index]
        self.stage: Progress = {"stage": "starting", "done": 0, "total": 1}
        folder = settings.data_dir / "batches"
        self.batch_files = (folder / f"{job_id}.jsonl", folder / f"{job_id}.results.jsonl")

    @property
    def progress(self) -> Progress:
        """Where the job is: its step, or for a batch the items in its results file."""
        if self.kind != "batch" or self.stage["stage"] != "summarizing the items":
            return self.stage
        results = self.batch_files[1]
        done = results.read_bytes().count(b"\n") if results.exists() else 0
        return {**self.stage, "done": min(done, self.stage["total"])}

    def step(self, stage: str, done: int, total: int) -> None:
        """Record where the job is."""
        self.stage = {"stage": stage, "done": done, "total": total}

    def run(self) -> BaseModel:
        """Run the job through the public API; its result in the command line's JSON schema."""
        request = self.request
        if isinstance(request, SummaryRequest):
            return self._summary(request)
        if isinstance(request, CheckRequest):
            return self._check(request)
        if isinstance(request, StoryRequest):
            return self._story(request)
        assert isinstance(request, BatchRequest)
        return self._batch(request)

    def _summary(self, request: SummaryRequest) -> CheckedSummary:
        total = 3 if request.check else 2
        self.step("reading the article", 0, total)
        article = article_from_text(request.article.text, "<article>")
        self.step("summarizing", 1, total)
        result = summarize(article, settings=self.settings.run, verify=request.verify)
        report = None
        if request.check:
            self.step("checking the summary", 2, total)
            report = check(result, [result.article], settings=self.settings.run)
        return CheckedSummary(**result.model_dump(), check=report)

    def _check(self, request: CheckRequest) -> CheckReport:
        self.step("reading the sources", 0, 2)
        summary = request.summary if isinstance(request.summary, str) else json.dumps(request.summary)
        parsed = parse_summary(summary, "summary")
        sources = [article_from_text(s.text, f"<source {n}>") for n, s in enumerate(request.sources, start=1)]
        self.step("checking the claims", 1, 2)
        return check(parsed, sources, settings=self.settings.run, use_llm=request.use_llm, atomic=request.atomic)

    def _story(self, request: StoryRequest) -> StoryReport:
        self.step("reading the versions", 0, 2)
        sources = [article_from_text(s.text, f"<{s.name or f'source {n}'}>") for n, s in enumerate(request.sources, 1)]
        self.step("comparing the versions", 1, 2)
        return story(sources, settings=self.settings.run, use_llm=request.use_llm)

    def _batch(self, request: BatchRequest) -> BatchJobResult:
        source, out = self.batch_files
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(request.items, encoding="utf-8")
        self.step("summarizing the items", 0, sum(1 for line in request.items.splitlines() if line.strip()))
        run = dataclasses.replace(self.settings.run, concurrency=self.settings.concurrency)
        # A batch taken up again after a crash resumes from what its results file holds.
        summary = batch(str(source), out, settings=run, check=request.check)
        items = [BatchResult.model_validate_json(line) for line in out.read_text("utf-8").splitlines() if line]
        for path in (source, out):
            path.unlink(missing_ok=True)
        return BatchJobResult(summary=summary, items=items)


def provenance(result: BaseModel) -> tuple[str | None, str | None]:
    """The model and prompt version that made a result, for the audit log."""
    if isinstance(result, CheckedSummary):
        return result.model, result.prompt_version
    if isinstance(result, CheckReport):
        return (result.judge.model, result.judge.prompt_version) if result.judge else (None, None)
    if isinstance(result, StoryReport):
        return result.model, None
    if isinstance(result, BatchJobResult):
        made = next((item.result for item in result.items if item.result is not None), None)
        return (made.model, made.prompt_version) if made else (None, None)
    return None, None
