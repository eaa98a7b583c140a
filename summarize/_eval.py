"""Eval runs: the checker over labelled data, recorded once and replayed offline, with metrics and comparisons.

A run directory holds `run.json` (what was run), `predictions.jsonl` (one line per finished item, appended as
it finishes, so an interrupted run resumes), `metrics.json` and `report.md`. Recordings live under
`cassettes/evals/<name>/`, one cassette per item.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ._article import article_from_text
from ._checker import check_claims, claims_of
from ._dataset import Sample, load_dataset, select
from ._errors import InputError, ReplayMissError
from ._judge import EMBEDDED_CALIBRATION, PROMPTS, Calibration
from ._llm import EMBEDDED, ModelConfig
from ._metrics import best_threshold, classification_metrics
from ._prompts import prompt_version
from ._recording import cassette
from ._schema import CheckReport, Usage

log = logging.getLogger("summarize")
RECORDINGS = Path("cassettes") / "evals"


class RunSpec(BaseModel):
    """What a run is: enough to reproduce it, and to refuse resuming a different one into the same folder."""

    dataset: str
    dataset_sha256: str
    selection: dict[str, Any]
    n: int
    model: str
    use_llm: bool
    threshold: float
    calibration: str
    judge_prompt_version: str
    recording: str | None
    mode: Literal["live", "record", "replay"]


class ClaimOutcome(BaseModel):
    """One claim of an item, as the checker saw it."""

    claim: str
    verdict: str
    probability: float | None
    failed_checks: list[str]


class Prediction(BaseModel):
    """One item's result."""

    id: str
    dataset: str
    label: int
    predicted: int
    score: float
    """The lowest claim score: P(supported), or 0 where a deterministic check failed."""
    claims: list[ClaimOutcome]
    usage: Usage
    error: str | None = None


def run_eval(
    dataset: str,
    out: Path,
    *,
    model: str | None = None,
    use_llm: bool = True,
    sample: int | None = None,
    seed: int = 0,
    limit: int | None = None,
    by_doc: bool = False,
    record: str | None = None,
    replay: str | None = None,
    calibration: Calibration | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Run (or resume) an eval and write its run directory; returns the metrics."""
    if record and replay:
        raise InputError("--record and --replay exclude each other")
    samples, digest = load_dataset(dataset)
    chosen = select(samples, sample=sample, seed=seed, limit=limit, by_doc=by_doc)
    calibration = calibration or EMBEDDED_CALIBRATION
    name = record or replay
    spec = RunSpec(
        dataset=Path(dataset).name,
        dataset_sha256=digest,
        selection={"sample": sample, "seed": seed, "limit": limit, "by_doc": by_doc},
        n=len(chosen),
        model=ModelConfig(model=model or EMBEDDED).display_name if use_llm else "none",
        use_llm=use_llm,
        threshold=calibration.threshold,
        calibration=calibration.provenance,
        judge_prompt_version=prompt_version(*PROMPTS),
        recording=name,
        mode="record" if record else "replay" if replay else "live",
    )
    done = _open_run(out, spec)
    config = ModelConfig(model=model or EMBEDDED, start_local_server=not replay) if use_llm else None
    pending = [s for s in _doc_order(chosen) if s.id not in done]
    hint = _rerun_hint(dataset, spec)
    with _progress(len(chosen), len(done), progress) as bar, (out / "predictions.jsonl").open("a") as sink:
        for item in pending:
            prediction = _predict(item, config, calibration, name, replay is not None, hint)
            sink.write(prediction.model_dump_json() + "\n")
            sink.flush()
            bar.update(1)
    return write_metrics(out)


def _predict(
    item: Sample, config: ModelConfig | None, calibration: Calibration, name: str | None, replaying: bool, hint: str
) -> Prediction:
    started = time.monotonic()
    article = article_from_text(item.doc, source=item.id)
    summary_text, claims = claims_of(item.claim)
    try:
        with _recorded(name, item.id, record=not replaying):
            report = check_claims(summary_text, claims, [article], config, calibration)
    except ReplayMissError as miss:
        raise ReplayMissError(f"item {item.id}: {miss}; re-record with: {hint}") from None
    except InputError as error:
        return _failed(item, str(error), time.monotonic() - started)
    outcomes = [
        ClaimOutcome(
            claim=c.claim,
            verdict=c.verdict,
            probability=c.probability,
            failed_checks=[r.check for r in c.checks if not r.passed],
        )
        for c in report.claims
    ]
    return Prediction(
        id=item.id,
        dataset=item.dataset,
        label=item.label,
        predicted=int(report.consistent),
        score=item_score(report),
        claims=outcomes,
        usage=report.usage.model_copy(update={"seconds": round(time.monotonic() - started, 3)}),
    )


def item_score(report: CheckReport) -> float:
    """The lowest claim score: P(supported), 0 where a deterministic check failed, 1 where no judge ran."""
    return min(
        0.0 if any(not r.passed for r in c.checks) else (c.probability if c.probability is not None else 1.0)
        for c in report.claims
    )


def _failed(item: Sample, message: str, seconds: float) -> Prediction:
    return Prediction(
        id=item.id,
        dataset=item.dataset,
        label=item.label,
        predicted=0,
        score=0.0,
        claims=[],
        usage=Usage(seconds=seconds),
        error=message,
    )


def write_metrics(out: Path) -> dict[str, Any]:
    """Compute metrics.json and report.md from a run directory's predictions."""
    spec = RunSpec.model_validate_json((out / "run.json").read_text())
    predictions = read_predictions(out)
    metrics = _metrics(predictions, spec)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (out / "report.md").write_text(_report(metrics))
    return metrics


def read_predictions(out: Path) -> list[Prediction]:
    """The finished items of a run."""
    path = out / "predictions.jsonl"
    if not path.exists():
        return []
    return [Prediction.model_validate_json(line) for line in path.read_text().splitlines() if line.strip()]


def _metrics(predictions: list[Prediction], spec: RunSpec) -> dict[str, Any]:
    labels = [p.label for p in predictions]
    metrics: dict[str, Any] = classification_metrics(
        labels, [p.predicted for p in predictions], [p.score for p in predictions]
    )
    metrics["per_dataset"] = {
        name: classification_metrics([p.label for p in group], [p.predicted for p in group], [p.score for p in group])
        for name in sorted({p.dataset for p in predictions})
        if (group := [p for p in predictions if p.dataset == name])
    }
    n = max(len(predictions), 1)
    costs = [p.usage.cost_usd for p in predictions if p.usage.cost_usd is not None]
    metrics["per_item"] = {
        "calls": round(sum(p.usage.calls for p in predictions) / n, 3),
        "prompt_tokens": round(sum(p.usage.prompt_tokens for p in predictions) / n, 1),
        "completion_tokens": round(sum(p.usage.completion_tokens for p in predictions) / n, 1),
        "cost_usd": round(sum(costs) / n, 6) if costs else None,
        "seconds": round(sum(p.usage.seconds for p in predictions) / n, 3),
    }
    metrics["errors"] = sum(p.error is not None for p in predictions)
    if spec.use_llm and len(set(labels)) == 2:
        threshold, accuracy = best_threshold(labels, [p.score for p in predictions])
        metrics["best_threshold_in_sample"] = {
            "threshold": round(threshold, 4),
            "balanced_accuracy": round(accuracy, 4),
        }
    metrics["run"] = spec.model_dump()
    metrics["git_revision"] = _git_revision()
    metrics["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return metrics


def _report(metrics: dict[str, Any]) -> str:
    run = metrics["run"]
    lines = [
        f"# Eval: {run['dataset']} ({metrics['n']} items, {run['mode']})",
        "",
        f"- model: {run['model']}; threshold {run['threshold']} ({run['calibration']})",
        f"- balanced accuracy: {metrics['balanced_accuracy']}; ROC AUC: {metrics['roc_auc']}",
        f"- per item: {metrics['per_item']}",
        f"- errors: {metrics['errors']}",
        "",
        "| dataset | n | balanced accuracy | ROC AUC |",
        "| --- | --- | --- | --- |",
    ]
    for name, group in metrics["per_dataset"].items():
        lines.append(f"| {name or '-'} | {group['n']} | {group['balanced_accuracy']} | {group['roc_auc']} |")
    return "\n".join(lines) + "\n"


def compare_runs(run_a: Path, run_b: Path) -> dict[str, Any]:
    """Metric deltas (B - A) and the items whose prediction flipped."""
    metrics_a = json.loads((run_a / "metrics.json").read_text())
    metrics_b = json.loads((run_b / "metrics.json").read_text())
    keys = ["balanced_accuracy", "roc_auc"]
    deltas = {k: _delta(metrics_a.get(k), metrics_b.get(k)) for k in keys}
    deltas |= {
        f"per_item.{k}": _delta(metrics_a["per_item"][k], metrics_b["per_item"][k]) for k in metrics_a["per_item"]
    }
    by_id = {p.id: p for p in read_predictions(run_a)}
    flipped = [
        {"id": p.id, "label": p.label, "a": by_id[p.id].predicted, "b": p.predicted}
        for p in read_predictions(run_b)
        if p.id in by_id and by_id[p.id].predicted != p.predicted
    ]
    return {"a": str(run_a), "b": str(run_b), "deltas": deltas, "flipped": flipped}


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


def _open_run(out: Path, spec: RunSpec) -> set[str]:
    out.mkdir(parents=True, exist_ok=True)
    spec_file = out / "run.json"
    if spec_file.exists():
        previous = RunSpec.model_validate_json(spec_file.read_text())
        if previous != spec:
            raise InputError(f"{out}: holds a different run; resume it with the same options or choose another --out")
    else:
        spec_file.write_text(spec.model_dump_json(indent=2) + "\n")
    done = {p.id for p in read_predictions(out)}
    if done:
        log.info("resuming %s: %d of %d items already done", out, len(done), spec.n)
    return done


def _doc_order(samples: list[Sample]) -> list[Sample]:
    """Items of one document together, so the server's cached prompt (the document) is reused."""
    first_seen: dict[str, int] = {}
    for index, item in enumerate(samples):
        first_seen.setdefault(item.doc, index)
    return sorted(samples, key=lambda s: first_seen[s.doc])


@contextlib.contextmanager
def _recorded(name: str | None, item_id: str, *, record: bool) -> Iterator[None]:
    if name is None:
        yield
        return
    folder = RECORDINGS / name
    path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', item_id)}.yaml"
    # No file is written for an item that made no model call; replaying it then must make none either.
    folder.mkdir(parents=True, exist_ok=True)
    with cassette(path, record=record):
        yield


def _rerun_hint(dataset: str, spec: RunSpec) -> str:
    selection = spec.selection
    parts = [f"summarize eval {dataset}", f"--record {spec.recording}"]
    if selection["sample"] is not None:
        parts.append(f"--sample {selection['sample']} --seed {selection['seed']}")
    if selection["by_doc"]:
        parts.append("--by-doc")
    if selection["limit"] is not None:
        parts.append(f"--limit {selection['limit']}")
    return " ".join(parts)


@contextlib.contextmanager
def _progress(total: int, done: int, enabled: bool) -> Iterator[Any]:
    from tqdm import tqdm

    with tqdm(total=total, initial=done, disable=not enabled, unit="item", dynamic_ncols=True) as bar:
        yield bar


def _git_revision() -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def evaluate_summaries(
    articles: list[str],
    out: Path,
    *,
    model: str | None = None,
    record: str | None = None,
    replay: str | None = None,
    calibration: Calibration | None = None,
) -> dict[str, Any]:
    """Summarize each article, check the summary against it, and report the share of each verdict."""
    from ._api import check, summarize

    if record and replay:
        raise InputError("--record and --replay exclude each other")
    name = record or replay
    config = ModelConfig(model=model or EMBEDDED, start_local_server=not replay)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in articles:
        try:
            with _recorded(name, Path(path).stem, record=not replay):
                result = summarize(path, config=config)
                report = check(result, [result.article], config=config, calibration=calibration)
        except ReplayMissError as miss:
            raise ReplayMissError(
                f"{path}: {miss}; re-record with: summarize eval summaries --record {name} ..."
            ) from None
        (out / f"{Path(path).stem}.summary.json").write_text(result.model_dump_json(indent=2) + "\n")
        (out / f"{Path(path).stem}.check.json").write_text(report.model_dump_json(indent=2) + "\n")
        rows.append(
            {
                "article": path,
                "claims": len(report.claims),
                **report.counts,
                "usage": (result.usage + report.usage).model_dump(),
            }
        )
    totals = {v: sum(r[v] for r in rows) for v in ("supported", "contradicted", "not_in_source")}
    claims = max(sum(totals.values()), 1)
    metrics = {
        "articles": rows,
        "shares": {v: round(n / claims, 4) for v, n in totals.items()},
        "claims": sum(totals.values()),
        "model": config.display_name,
        "threshold": (calibration or EMBEDDED_CALIBRATION).threshold,
        "recording": name,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics
