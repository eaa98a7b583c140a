"""The coverage eval: summaries with human key-fact labels (REALSumm's layout) -> each summary's coverage ->
per-fact balanced accuracy, the summary-level Pearson correlation with the human recall, the system-level Kendall
tau, and the cost per summary.

A dataset row is one summary: `summary`, `key_facts` (or a `doc_id` whose `key_facts` an articles file gives),
`present` (one 0/1 label per key fact), and optionally `system` and `doc`. With `own_key_facts` the tool picks
the key facts from `doc` itself (reference-free) and the labels only give each summary's human recall.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import statistics
import time
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from summarize._errors import DatasetError, InputError, InputFileError, ReplayMissError
from summarize._output import Output
from summarize._version import SCHEMA_VERSION
from summarize.calibration import COVERAGE_CALIBRATION, Calibration, balanced_accuracy, roc_auc
from summarize.checker import (
    COVERAGE_PROMPTS,
    CREDIT,
    CoverageReport,
    CoverageStatus,
    KeyFact,
    article_key_facts,
    fact_status,
    summary_coverage,
)
from summarize.eval._metrics import kendall_tau
from summarize.eval._recordings import Recordings
from summarize.input import article_from_text
from summarize.llm import ModelClient, Usage
from summarize.settings import Settings, resolve_settings
from summarize.templates import prompt_version


class CoverageSample(Output):
    """One summary with its key facts and a human label for each."""

    id: str
    doc_id: str
    system: str | None = None
    summary: str
    key_facts: list[str]
    present: list[int]
    """1: the annotators found the key fact in the summary; 0: not."""
    doc: str | None = None

    @property
    def human_recall(self) -> float:
        return sum(self.present) / len(self.present) if self.present else 0.0


class FactOutcome(Output):
    """One key fact of a summary, as the coverage check decided it."""

    text: str
    """The key fact."""
    label: int | None
    """The human label, where the key facts are the labelled ones."""
    status: CoverageStatus
    """covered, partly or not_covered."""
    method: str
    """What decided it: copy, no_words, judge, words or unjudged (as in a check report)."""
    probability: float | None
    """P(covered) under the rule; None where the words decided."""
    signals: dict[str, float] = Field(default_factory=dict)
    """What the decision read (`fact_words`, `sentence_words`, `stated`)."""
    weight: float = 1.0
    """Its importance in the coverage score."""


class CoveragePrediction(Output):
    """One summary's result: one line of `predictions.jsonl`."""

    id: str
    """The summary's id in the dataset."""
    doc_id: str
    """The article it summarizes."""
    system: str | None
    """The system that wrote it, where the dataset says."""
    human_recall: float
    """The share of its key facts the annotators found in it."""
    score: float
    """The tool's coverage score."""
    facts: list[FactOutcome]
    """Each key fact, as decided."""
    usage: Usage
    """The model calls made for it."""


class CoverageCost(Output):
    """The mean cost of one summary: what the run asked, and what the shipped rule alone would ask."""

    calls: float
    """Judge calls per summary."""
    prompt_tokens: float
    """Prompt tokens per summary."""
    completion_tokens: float
    """Completion tokens per summary."""
    seconds: float
    """Seconds per summary."""
    needed_calls: float
    """The judge questions the rule needs (a fact whose words decide it is never asked); an evaluation asks them
    all, so that its recording serves any refitted rule."""
    facts: float
    """Key facts per summary."""


class CoverageMetrics(Output):
    """`metrics.json` of `summarize eval coverage`."""

    schema_version: str = SCHEMA_VERSION
    """The version of this schema."""
    n: int
    """How many summaries were scored."""
    key_facts_from: Literal["given", "article"]
    """given: the dataset's key facts; article: the tool's own."""
    facts: int
    """How many key facts were decided in all."""
    fact_balanced_accuracy: float | None
    """Covered vs partly or not covered, against the human labels; None for the tool's own key facts."""
    fact_roc_auc: float | None
    """ROC AUC of P(covered) against the human labels; None for the tool's own key facts."""
    summary_pearson: float | None
    """Pearson correlation of the coverage score with the human recall, over the summaries."""
    system_kendall: float | None
    """Kendall tau (b) between the systems' mean coverage scores and their mean human recall."""
    systems: int
    """How many systems wrote the summaries."""
    per_summary: CoverageCost
    """The mean cost of one summary."""
    rule: str
    """The decision rule's provenance."""
    threshold: float
    """The rule's threshold on P(covered)."""
    prompt_version: str
    """Hash of the judge's coverage prompt."""
    model: str
    """The judge's model (`none` without one)."""
    dataset_sha256: str
    """SHA-256 (12 hex digits) of the dataset and articles files."""
    recording: str | None
    """The recording's name, when recorded or replayed."""


def load_coverage_dataset(path: Path, articles: Path | None = None) -> tuple[list[CoverageSample], str]:
    """The labelled summaries, with the key facts and article text of an articles file joined in by `doc_id`,
    and the SHA-256 (12 hex digits) of the files."""
    rows, digest = _jsonl(path), hashlib.sha256(_bytes(path))
    by_doc = {}
    if articles is not None:
        by_doc = {str(r.get("doc_id")): r for r in _jsonl(articles)}
        digest.update(_bytes(articles))
    samples = [_coverage_sample(row, number, path, by_doc) for number, row in enumerate(rows, start=1)]
    if not samples:
        raise DatasetError(f"{path}: has no summaries")
    if len({s.id for s in samples}) != len(samples):
        raise DatasetError(f"{path}: summary ids are not unique (give `id`, or `doc_id` and `system`)")
    return samples, digest.hexdigest()[:12]


def per_document(samples: list[CoverageSample], count: int, seed: int) -> list[CoverageSample]:
    """`count` summaries of each document, the systems dealt in rotation (shuffled with `seed`), so that every
    system is drawn about equally often; documents in their first order."""
    systems = sorted({s.system or "" for s in samples})
    random.Random(seed).shuffle(systems)
    documents = list(dict.fromkeys(s.doc_id for s in samples))
    chosen: list[CoverageSample] = []
    for number, document in enumerate(documents):
        own = {s.system or "": s for s in samples if s.doc_id == document}
        dealt = [systems[(number * count + k) % len(systems)] for k in range(len(systems))]
        chosen += [own[system] for system in dealt if system in own][:count]
    return chosen


def evaluate_coverage(
    samples: list[CoverageSample],
    out: Path,
    *,
    dataset_sha256: str = "",
    own_key_facts: bool = False,
    settings: Settings | None = None,
    use_llm: bool = True,
    record: str | None = None,
    replay: str | None = None,
) -> CoverageMetrics:
    """Check each summary's coverage, asking the judge about every fact (so that a recording serves any rule),
    write `predictions.jsonl` (resumable: finished summaries are skipped) and `metrics.json`."""
    settings = settings or resolve_settings()
    recorder = Recordings.open(record=record, replay=replay, folder=settings.recordings)
    settings = dataclasses.replace(settings, model=recorder.configure(settings.model))
    llm = settings.client() if use_llm else None
    out.mkdir(parents=True, exist_ok=True)
    done = {p.id: p for p in read_coverage_predictions(out)}
    with (out / "predictions.jsonl").open("a", encoding="utf-8") as log:
        for sample in samples:
            if sample.id in done:
                continue
            try:
                with recorder.item(sample.id):
                    report = _coverage(sample, own_key_facts, llm)
            except ReplayMissError as miss:
                raise ReplayMissError(f"{sample.id}: {miss}; re-record with --record NAME") from None
            done[sample.id] = prediction = _prediction(sample, report, own_key_facts)
            log.write(prediction.model_dump_json() + "\n")
            log.flush()
    model = llm.config.display_name if llm is not None else "none"
    found = [done[s.id] for s in samples]
    metrics = coverage_metrics(found, own_key_facts, model=model, digest=dataset_sha256, recording=recorder.name)
    (out / "metrics.json").write_text(metrics.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return metrics


def coverage_metrics(
    predictions: list[CoveragePrediction],
    own_key_facts: bool,
    *,
    model: str,
    digest: str,
    recording: str | None,
    rule: Calibration = COVERAGE_CALIBRATION,
) -> CoverageMetrics:
    """The run's figures under `rule` (the shipped one: in sample, as it was fitted on development data), each
    fact decided afresh from its recorded signals."""
    predictions = [rescored(p, rule) for p in predictions]
    facts = [f for p in predictions for f in p.facts]
    labelled = [f for f in facts if f.label is not None] if not own_key_facts else []
    labels = [f.label for f in labelled if f.label is not None]
    n = max(len(predictions), 1)
    return CoverageMetrics(
        n=len(predictions),
        key_facts_from="article" if own_key_facts else "given",
        facts=len(facts),
        fact_balanced_accuracy=_rounded(balanced_accuracy(labels, [int(f.status == "covered") for f in labelled])),
        fact_roc_auc=_rounded(roc_auc(labels, [fact_score(f) for f in labelled])),
        summary_pearson=_rounded(_pearson([p.score for p in predictions], [p.human_recall for p in predictions])),
        system_kendall=_rounded(_system_kendall(predictions)),
        systems=len({p.system for p in predictions if p.system}),
        per_summary=CoverageCost(
            calls=round(sum(p.usage.calls for p in predictions) / n, 3),
            prompt_tokens=round(sum(p.usage.prompt_tokens for p in predictions) / n, 1),
            completion_tokens=round(sum(p.usage.completion_tokens for p in predictions) / n, 1),
            seconds=round(sum(p.usage.seconds for p in predictions) / n, 2),
            needed_calls=round(sum(f.method == "judge" for f in facts) / n, 3),
            facts=round(len(facts) / n, 2),
        ),
        rule=rule.provenance,
        threshold=rule.threshold,
        prompt_version=prompt_version(*COVERAGE_PROMPTS),
        model=model,
        dataset_sha256=digest,
        recording=recording,
    )


def rescored(prediction: CoveragePrediction, rule: Calibration) -> CoveragePrediction:
    """The prediction with each fact decided by `rule` from its recorded signals, and the summary's score."""
    facts = []
    for fact in prediction.facts:
        status, method, probability = fact_status(fact.signals, rule)
        facts.append(fact.model_copy(update={"status": status, "method": method, "probability": probability}))
    total = sum(f.weight for f in facts)
    score = sum(f.weight * CREDIT[f.status] for f in facts) / total if total else 0.0
    return prediction.model_copy(update={"facts": facts, "score": round(score, 4)})


def fact_score(fact: FactOutcome) -> float:
    """A fact's P(covered): 1 where the summary copies its words, 0 where it has none, else the rule's
    probability (the share of its words where no judge ran)."""
    if fact.method == "copy":
        return 1.0
    if fact.method == "no_words":
        return 0.0
    return fact.probability if fact.probability is not None else fact.signals.get("fact_words", 0.0)


def read_coverage_predictions(run: Path) -> list[CoveragePrediction]:
    """The finished summaries of a coverage run; a torn last line (a crash mid-write) is dropped."""
    path = run / "predictions.jsonl"
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = []
    for number, line in enumerate(lines, start=1):
        try:
            found.append(CoveragePrediction.model_validate_json(line))
        except ValidationError:
            if number == len(lines):
                break
            raise InputError(f"{path}:{number}: not a coverage prediction; the run directory is damaged") from None
    return found


def _coverage(sample: CoverageSample, own_key_facts: bool, client: ModelClient | None) -> CoverageReport:
    if own_key_facts:
        if not sample.doc:
            raise DatasetError(f"{sample.id}: has no `doc` to pick key facts from")
        facts = article_key_facts(article_from_text(sample.doc, source=sample.doc_id))
    else:
        facts = [KeyFact(text=f) for f in sample.key_facts]
    origin: Literal["given", "article"] = "article" if own_key_facts else "given"
    started = time.monotonic()
    report = summary_coverage(
        sample.summary, facts, client, COVERAGE_CALIBRATION, key_facts_from=origin, every_question=client is not None
    )
    return report.model_copy(update={"usage": report.usage.model_copy(update={"seconds": time.monotonic() - started})})


def _prediction(sample: CoverageSample, report: CoverageReport, own_key_facts: bool) -> CoveragePrediction:
    # Given key facts all weigh 1, so the report keeps their order: the labels line up.
    labels: list[int | None] = [None] * len(report.facts) if own_key_facts else list(sample.present)
    return CoveragePrediction(
        id=sample.id,
        doc_id=sample.doc_id,
        system=sample.system,
        human_recall=round(sample.human_recall, 4),
        score=report.score,
        facts=[
            FactOutcome(
                text=f.text,
                label=label,
                status=f.status,
                method=f.method,
                probability=f.probability,
                signals=f.signals,
                weight=f.weight,
            )  # fmt: skip
            for f, label in zip(report.facts, labels, strict=True)
        ],
        usage=report.usage,
    )


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def _system_kendall(predictions: list[CoveragePrediction]) -> float | None:
    systems = sorted({p.system for p in predictions if p.system})
    if len(systems) < 3:
        return None
    scores = [statistics.mean(p.score for p in predictions if p.system == s) for s in systems]
    human = [statistics.mean(p.human_recall for p in predictions if p.system == s) for s in systems]
    return kendall_tau(scores, human)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such dataset file") from None
    except OSError as error:
        raise InputFileError(f"{path}: cannot read the dataset ({error.strerror})") from None


def _jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(_bytes(path).decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise DatasetError(f"{path}:{number}: not a JSON object") from None
        if not isinstance(row, dict):
            raise DatasetError(f"{path}:{number}: not a JSON object")
        rows.append(row)
    return rows


def _coverage_sample(
    row: dict[str, object], number: int, path: Path, articles: dict[str, dict[str, object]]
) -> CoverageSample:
    doc_id = str(row.get("doc_id", row.get("id", number)))
    article = articles.get(doc_id, {})
    merged = {**article, **row}
    system = merged.get("system")
    try:
        sample = CoverageSample(
            id=str(merged.get("id") or (f"{doc_id}-{system}" if system else doc_id)),
            doc_id=doc_id,
            system=str(system) if system is not None else None,
            summary=merged["summary"],
            key_facts=merged["key_facts"],
            present=merged["present"],
            doc=merged.get("doc"),
        )
    except KeyError as missing:
        raise DatasetError(f"{path}: summary {number} lacks {missing.args[0]}") from None
    except ValidationError:
        raise DatasetError(f"{path}: summary {number} has a malformed field") from None
    if len(sample.present) != len(sample.key_facts) or not set(sample.present) <= {0, 1}:
        raise DatasetError(f"{path}: summary {number} needs one 0/1 label in `present` per key fact")
    return sample
