"""Eval runs: the checker over labelled data, recorded once and replayed offline, with metrics.

A run directory holds `run.json` (`RunSpec`), `predictions.jsonl` (one `Prediction` per finished item, appended
as it finishes, so an interrupted run resumes), `metrics.json` (`RunMetrics`) and `report.md`. Recordings live
under the recordings folder (`cassettes/evals/<name>/` of this project by default), one cassette per item.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarize._errors import InputError, ReplayMissError
from summarize._jsonlines import append, locked, read_repaired
from summarize._progress import steps_muted
from summarize.calibration import Calibration, LabelledItem, best_threshold, item_score
from summarize.checker import PROMPTS, AnchorCache, CheckReport, check_claims, claims_of
from summarize.eval._dataset import Sample, load_dataset, select
from summarize.eval._log import (
    ClaimOutcome,
    PerItem,
    Prediction,
    RunMetrics,
    RunSpec,
    Selection,
    ThresholdChoice,
    read_predictions,
)
from summarize.eval._markdown import run_markdown
from summarize.eval._metrics import classification_metrics
from summarize.eval._recordings import Recordings
from summarize.input import article_from_text
from summarize.llm import LLM, Usage
from summarize.settings import Settings, resolve_settings
from summarize.templates import prompt_version

log = logging.getLogger("summarize")


def run_eval(
    dataset: str | Path,
    out: Path,
    *,
    settings: Settings | None = None,
    use_llm: bool = True,
    selection: Selection | None = None,
    record: str | None = None,
    replay: str | None = None,
    progress: bool = True,
    ask_clauses: bool = False,
    judge_decided: bool = False,
) -> RunMetrics:
    """Run (or resume) an eval of the checker on DATASET and write its run directory; returns the metrics.

    Args:
        dataset: LLM-AggreFact JSONL or CSV (`doc`, `claim`, `label`).
        out: the run directory; an interrupted run resumes there.
        settings: the judge's model, its decision rule and the recordings folder; None resolves them from the
            environment, the config file and the defaults.
        use_llm: False runs the deterministic checks alone.
        selection: which items (a fixed random sample, whole documents, a limit).
        record: record every model answer under the recordings folder as NAME.
        replay: replay NAME offline: no model, no key; an unrecorded request stops the run.
        progress: show a progress bar on stderr.
        ask_clauses: also ask the judge about each claim's least-covered clause alone (the `clause` signal), so
            that the recording serves rules that read it.
        judge_decided: also ask the judge about claims a failed check decided (their verdict stays the
            check's), so that the recording serves rules whose checks decide otherwise.
    """
    settings = settings or resolve_settings()
    recorder = Recordings.open(record=record, replay=replay, folder=settings.recordings)
    selection = selection or Selection()
    samples, digest = load_dataset(str(dataset))
    chosen = select(
        samples, sample=selection.sample, seed=selection.seed, limit=selection.limit, by_doc=selection.by_doc
    )
    calibration = settings.calibration
    config = recorder.configure(settings.model)
    spec = RunSpec(
        dataset=Path(dataset).name,
        dataset_sha256=digest,
        selection=selection,
        n=len(chosen),
        model=config.display_name if use_llm else "none",
        use_llm=use_llm,
        threshold=calibration.threshold,
        calibration=calibration.provenance,
        judge_prompt_version=prompt_version(*PROMPTS),
        recording=recorder.name,
        mode=recorder.mode,
        clause_questions=ask_clauses,
        decided_judged=judge_decided,
    )
    out.mkdir(parents=True, exist_ok=True)
    with locked(out / "predictions.jsonl"):  # one run at a time appends to a run folder
        done = _open_run(out, spec)
        llm = LLM(config) if use_llm else None
        pending = [s for s in _doc_order(chosen) if s.id not in done]
        anchor_cache: AnchorCache = {}  # items of one document share its anchors (they are recorded with the first)
        hint = _rerun_hint(str(dataset), spec)
        with _progress(len(chosen), len(done), progress) as bar, (out / "predictions.jsonl").open("a") as sink:
            for item in pending:
                started = time.monotonic()
                try:
                    with recorder.item(item.id):
                        prediction = _predict(item, llm, calibration, anchor_cache, ask_clauses, judge_decided)
                except ReplayMissError as miss:
                    raise ReplayMissError(f"item {item.id}: {miss}; re-record with: {hint}") from None
                except InputError as error:
                    prediction = _failed(item, str(error))
                seconds = round(time.monotonic() - started, 3)
                prediction.usage = prediction.usage.model_copy(update={"seconds": seconds})
                append(sink, prediction.model_dump_json())
                bar.update(1)
    return write_metrics(out)


def _predict(
    item: Sample,
    llm: LLM | None,
    calibration: Calibration,
    anchor_cache: AnchorCache,
    ask_clauses: bool = False,
    judge_decided: bool = False,
) -> Prediction:
    article = article_from_text(item.doc, source=item.id)
    summary_text, claims = claims_of(item.claim)
    report = check_claims(
        summary_text,
        claims,
        [article],
        llm,
        calibration,
        every_question=True,
        ask_clauses=ask_clauses,
        judge_decided=judge_decided,
        anchor_cache=anchor_cache,
    )
    outcomes = [
        ClaimOutcome(
            claim=c.claim,
            verdict=c.verdict,
            probability=c.probability,
            signals=c.signals,
            failed_checks=[r.check for r in c.checks if not r.passed],
        )
        for c in report.claims
    ]
    flagged = any(c.verdict in ("contradicted", "not_in_source") for c in report.claims)
    return Prediction(
        id=item.id,
        dataset=item.dataset,
        label=item.label,
        predicted=int(not flagged),
        score=report_score(report, calibration),
        claims=outcomes,
        usage=report.usage,
    )


def report_score(report: CheckReport, rule: Calibration) -> float:
    """The item's score (`summarize.calibration.item_score`): its weakest claim's P(supported), 0 where a check
    decided a claim, 1 for a copy; without a judge, 1 unless a check flagged a claim."""
    flagged = any(c.verdict in ("contradicted", "not_in_source") for c in report.claims)
    if report.judge is None:
        return 0.0 if flagged else 1.0
    decided = any(any(not r.passed and r.decides for r in c.checks) for c in report.claims)
    claims = tuple(c.signals or {"copy": 1.0} for c in report.claims)  # a copy no judge was asked about
    return round(item_score(LabelledItem(0, "", None if decided else claims), rule), 4)


def _failed(item: Sample, message: str) -> Prediction:
    return Prediction(
        id=item.id,
        dataset=item.dataset,
        label=item.label,
        predicted=0,
        score=0.0,
        claims=[],
        usage=Usage(),
        error=message,
    )


def write_metrics(out: Path) -> RunMetrics:
    """Compute metrics.json and report.md from a run directory's predictions."""
    spec = RunSpec.model_validate_json((out / "run.json").read_text())
    metrics = compute_metrics(read_predictions(out), spec)
    (out / "metrics.json").write_text(metrics.model_dump_json(indent=2) + "\n")
    (out / "report.md").write_text(run_markdown(metrics) + "\n")
    return metrics


def compute_metrics(predictions: list[Prediction], spec: RunSpec) -> RunMetrics:
    """The metrics of a run's predictions: overall, per dataset, per-item cost."""
    labels, scores = [p.label for p in predictions], [p.score for p in predictions]
    overall = classification_metrics(labels, [p.predicted for p in predictions], scores)
    per_dataset = {
        name: classification_metrics([p.label for p in group], [p.predicted for p in group], [p.score for p in group])
        for name in sorted({p.dataset for p in predictions})
        if (group := [p for p in predictions if p.dataset == name])
    }
    best = None
    if spec.use_llm and len(set(labels)) == 2:
        threshold, accuracy = best_threshold([(labels, scores)])
        best = ThresholdChoice(threshold=round(threshold, 4), balanced_accuracy=round(accuracy, 4))
    return RunMetrics(
        **overall.model_dump(),
        per_dataset=per_dataset,
        per_item=_per_item(predictions),
        errors=sum(p.error is not None for p in predictions),
        best_threshold_in_sample=best,
        run=spec,
        git_revision=_git_revision(),
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _per_item(predictions: list[Prediction]) -> PerItem:
    n = max(len(predictions), 1)
    costs = [p.usage.cost_usd for p in predictions if p.usage.cost_usd is not None]
    return PerItem(
        calls=round(sum(p.usage.calls for p in predictions) / n, 3),
        prompt_tokens=round(sum(p.usage.prompt_tokens for p in predictions) / n, 1),
        completion_tokens=round(sum(p.usage.completion_tokens for p in predictions) / n, 1),
        cost_usd=round(sum(costs) / n, 6) if costs else None,
        seconds=round(sum(p.usage.seconds for p in predictions) / n, 3),
    )


def _open_run(out: Path, spec: RunSpec) -> set[str]:
    out.mkdir(parents=True, exist_ok=True)
    spec_file = out / "run.json"
    if spec_file.exists():
        previous = RunSpec.model_validate_json(spec_file.read_text())
        if previous != spec:
            raise InputError(f"{out}: holds a different run; resume it with the same options or choose another --out")
    else:
        spec_file.write_text(spec.model_dump_json(indent=2) + "\n")
    records = read_repaired(out / "predictions.jsonl", _is_prediction)  # a torn last line dropped: redone
    finished = [Prediction.model_validate(record) for record in records]
    if finished:
        log.info("resuming %s: %d of %d items already done", out, len(finished), spec.n)
    return {p.id for p in finished}


def _is_prediction(record: dict[str, object]) -> bool:
    try:
        Prediction.model_validate(record)
    except ValidationError:
        return False
    return True


def _doc_order(samples: list[Sample]) -> list[Sample]:
    """Items of one document together, so the server's cached prompt (the document) is reused."""
    first_seen: dict[str, int] = {}
    for index, item in enumerate(samples):
        first_seen.setdefault(item.doc, index)
    return sorted(samples, key=lambda s: first_seen[s.doc])


def _rerun_hint(dataset: str, spec: RunSpec) -> str:
    selection = spec.selection
    parts = [f"summarize eval {dataset}", f"--record {spec.recording}"]
    if selection.sample is not None:
        parts.append(f"--sample {selection.sample} --seed {selection.seed}")
    if selection.by_doc:
        parts.append("--by-doc")
    if spec.clause_questions:
        parts.append("--ask-clauses")
    if spec.decided_judged:
        parts.append("--judge-decided")
    if selection.limit is not None:
        parts.append(f"--limit {selection.limit}")
    return " ".join(parts)


@contextlib.contextmanager
def _progress(total: int, done: int, enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    with steps_muted(), tqdm(total=total, initial=done, disable=not enabled, unit="item", dynamic_ncols=True) as bar:
        yield bar


def _git_revision() -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None
