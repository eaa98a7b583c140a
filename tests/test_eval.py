"""The eval harness: metrics, datasets, resumable runs, exact replay of the committed recordings, comparison."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    DatasetError,
    InputError,
    ReplayMissError,
    Selection,
    compare_runs,
    evaluate_summaries,
    read_metrics,
    read_predictions,
    run_eval,
)
from summarize.cli import cli
from summarize.eval import balanced_accuracy, best_threshold, load_dataset, roc_auc, select
from summarize.eval._metrics import classification_metrics
from summarize.eval._run import write_metrics

ROOT = Path(__file__).resolve().parent.parent
SUMMEDITS = ROOT / "evals" / "data" / "summedits_news_eval.jsonl"


def test_balanced_accuracy_is_the_mean_of_the_recalls():
    labels = [1, 1, 1, 1, 0, 0]
    predicted = [1, 1, 1, 0, 0, 1]
    assert balanced_accuracy(labels, predicted) == pytest.approx((3 / 4 + 1 / 2) / 2)
    assert balanced_accuracy([1, 1, 0, 0], [1, 1, 1, 1]) == 0.5  # always "supported" is chance


def test_roc_auc_and_best_threshold():
    labels, scores = [1, 1, 0, 0], [0.9, 0.6, 0.7, 0.1]
    assert roc_auc(labels, scores) == pytest.approx(0.75)
    threshold, accuracy = best_threshold(labels, scores)
    assert accuracy == pytest.approx(0.75) and 0.1 < threshold <= 0.9


def test_classification_metrics_count_the_confusion():
    metrics = classification_metrics([1, 0, 1, 0], [1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])
    assert metrics.confusion.model_dump() == {
        "true_supported": 1,
        "false_supported": 1,
        "true_unsupported": 1,
        "false_unsupported": 1,
    }
    assert metrics.per_label["supported"].model_dump() == {"precision": 0.5, "recall": 0.5, "support": 2}


def test_jsonl_and_csv_read_alike(tmp_path):
    samples, digest = load_dataset(str(SUMMEDITS))
    assert len(samples) == 133 and len(digest) == 12 and samples[0].dataset == "summedits-news"
    path = tmp_path / "items.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "doc", "claim", "label", "source"])
        writer.writeheader()
        writer.writerow(
            {"id": "x1", "doc": "The mayor opened the bridge.", "claim": "A bridge opened.", "label": 1, "source": "t"}
        )
    (item,), _ = load_dataset(str(path))
    assert item.label == 1 and item.metadata == {"source": "t"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc": "d", "label": 1}\n', "lacks claim"),
        ("not json\n", "not a JSON object"),
        ('{"doc":"d","claim":"c","label":"x"}\n', "malformed"),
    ],
)
def test_bad_datasets_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(DatasetError, match=message):
        load_dataset(str(path))


def test_samples_are_fixed_by_the_seed():
    samples, _ = load_dataset(str(SUMMEDITS))
    first = [s.id for s in select(samples, sample=20, seed=3, limit=None)]
    assert first == [s.id for s in select(samples, sample=20, seed=3, limit=None)]
    assert first != [s.id for s in select(samples, sample=20, seed=4, limit=None)]
    by_doc = select(samples, sample=20, seed=3, limit=None, by_doc=True)
    assert len(by_doc) >= 20 and len({s.doc for s in by_doc}) < 20


def deterministic_run(out: Path, limit: int):
    return run_eval(SUMMEDITS, out, use_llm=False, selection=Selection(limit=limit), progress=False)


def test_an_interrupted_run_resumes_without_redoing_items(tmp_path):
    out = tmp_path / "run"
    deterministic_run(out, 6)
    lines = (out / "predictions.jsonl").read_text().splitlines()
    (out / "predictions.jsonl").write_text("\n".join(lines[:4]) + "\n")  # as if stopped after 4 items
    metrics = deterministic_run(out, 6)
    resumed = (out / "predictions.jsonl").read_text().splitlines()
    assert metrics.n == 6 and len(resumed) == 6
    assert resumed[:4] == lines[:4], "finished items are kept as they were, not redone"
    assert [json.loads(line)["id"] for line in resumed] == [json.loads(line)["id"] for line in lines]


def test_a_torn_last_line_is_dropped_and_its_item_redone(tmp_path):
    out = tmp_path / "run"
    deterministic_run(out, 4)
    lines = (out / "predictions.jsonl").read_text().splitlines()
    (out / "predictions.jsonl").write_text("\n".join(lines[:3]) + "\n" + lines[3][:25])  # a crash mid-write
    metrics = deterministic_run(out, 4)
    resumed = (out / "predictions.jsonl").read_text().splitlines()
    assert metrics.n == 4 and [json.loads(line)["id"] for line in resumed] == [json.loads(x)["id"] for x in lines]


def test_resuming_with_other_options_is_refused(tmp_path):
    out = tmp_path / "run"
    deterministic_run(out, 2)
    with pytest.raises(InputError, match="holds a different run"):
        deterministic_run(out, 3)


def test_replay_reproduces_the_recorded_predictions(tmp_path):
    published = {p.id: p for p in read_predictions(ROOT / "evals" / "runs" / "summedits-news-eval")}
    run_eval(SUMMEDITS, tmp_path / "replay", replay="summedits-news-eval", selection=Selection(limit=8), progress=False)
    replayed = read_predictions(tmp_path / "replay")
    assert len(replayed) == 8
    for prediction in replayed:
        recorded = published[prediction.id]
        assert [c.probability for c in prediction.claims] == [c.probability for c in recorded.claims]
        assert (prediction.usage.calls, prediction.usage.prompt_tokens) == (
            recorded.usage.calls,
            recorded.usage.prompt_tokens,
        )


def test_recordings_are_found_from_the_project_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_eval(SUMMEDITS, tmp_path / "replay", replay="summedits-news-eval", selection=Selection(limit=1), progress=False)
    with pytest.raises(InputError, match=f"no recording named 'nothing-here' in {tmp_path}"):
        run_eval(SUMMEDITS, tmp_path / "x", replay="nothing-here", recordings=tmp_path, progress=False)


def test_a_changed_prompt_makes_the_replay_fail_with_the_re_record_command(tmp_path, monkeypatch):
    import summarize.checker._judge as judge
    from summarize.templates import render as original

    monkeypatch.setattr(judge, "render", lambda name, **kw: original(name, **kw) + " Think carefully.")
    with pytest.raises(ReplayMissError, match="re-record with: summarize eval .* --record summedits-news-eval"):
        run_eval(
            SUMMEDITS, tmp_path / "replay", replay="summedits-news-eval", selection=Selection(limit=2), progress=False
        )


def test_compare_lists_deltas_and_flipped_items(tmp_path):
    deterministic_run(tmp_path / "a", 10)
    deterministic_run(tmp_path / "b", 10)
    lines = (tmp_path / "b" / "predictions.jsonl").read_text().splitlines()
    flipped = json.loads(lines[0])
    flipped["predicted"] = 1 - flipped["predicted"]
    (tmp_path / "b" / "predictions.jsonl").write_text("\n".join([json.dumps(flipped), *lines[1:]]) + "\n")
    write_metrics(tmp_path / "b")
    outcome = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert outcome.exit_code == 0, outcome.output
    comparison = json.loads(outcome.stdout)
    assert [f["id"] for f in comparison["flipped"]] == [flipped["id"]]
    assert comparison == compare_runs(tmp_path / "a", tmp_path / "b").model_dump()


def test_compare_refuses_folders_that_are_not_runs(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    outcome = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert outcome.exit_code == 2 and "not an eval run directory" in outcome.stderr
    assert "Traceback" not in outcome.output


def test_metrics_files_are_typed_run_logs():
    metrics = read_metrics(ROOT / "evals" / "runs" / "summedits-news-eval")
    assert metrics.run.recording == "summedits-news-eval" and metrics.n == 133
    assert metrics.per_dataset["summedits-news"].n == 133


def test_summaries_eval_replays_offline(tmp_path):
    """`eval summaries` on sample b, replayed: summary and check come back as recorded, with no model."""
    published = json.loads((ROOT / "evals" / "runs" / "summaries" / "metrics.json").read_text())
    recorded = next(row for row in published["articles"] if row["article"].endswith("meta-open-models-b.txt"))
    article = ROOT / "tests" / "data" / "samples" / "meta-open-models-b.txt"
    metrics = evaluate_summaries([article], tmp_path / "replay", replay="summaries")
    (row,) = metrics.articles
    assert row.claims == recorded["claims"]
    assert {k: row.counts[k] for k in ("supported", "contradicted", "not_in_source")} == {
        k: recorded["counts"][k] for k in ("supported", "contradicted", "not_in_source")
    }
    assert row.usage.calls == recorded["usage"]["calls"]
