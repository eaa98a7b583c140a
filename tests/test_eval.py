"""The eval harness: metrics, datasets, resumable runs, exact replay of the committed recordings, comparison."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    EMBEDDED_CALIBRATION,
    DatasetError,
    InputError,
    ReplayMissError,
    Selection,
    compare_runs,
    evaluate_summaries,
    fit_calibration,
    load_calibration,
    read_metrics,
    read_predictions,
    run_eval,
)
from summarize.calibration import balanced_accuracy, best_threshold, roc_auc
from summarize.cli import cli
from summarize.eval import load_dataset, select
from summarize.eval._metrics import classification_metrics
from summarize.eval._run import write_metrics
from summarize.testing import fake_openai

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
    threshold, accuracy = best_threshold([(labels, scores)])
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


def test_the_recordings_folder_is_a_setting_and_a_missing_recording_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SUMMARIZE_RECORDINGS")
    monkeypatch.chdir(ROOT)  # the default: ./cassettes/evals, where this project keeps its recorded runs
    run_eval(SUMMEDITS, tmp_path / "replay", replay="summedits-news-eval", selection=Selection(limit=1), progress=False)
    monkeypatch.setenv("SUMMARIZE_RECORDINGS", str(tmp_path))
    with pytest.raises(InputError, match=f"no recording named 'nothing-here' in {tmp_path}"):
        run_eval(SUMMEDITS, tmp_path / "x", replay="nothing-here", progress=False)


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
    outcome = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json"])
    assert outcome.exit_code == 0, outcome.output
    comparison = json.loads(outcome.stdout)
    assert [f["id"] for f in comparison["flipped"]] == [flipped["id"]]
    assert comparison == compare_runs(tmp_path / "a", tmp_path / "b").model_dump()
    table = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")])
    assert table.stdout.startswith("# Run B against run A") and f"| {flipped['id']} |" in table.stdout


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


BBC_HELD_OUT = ROOT / "evals" / "data" / "frank_valid_bbc_heldout.jsonl"
BBC_RUN = ROOT / "evals" / "runs" / "frank-bbc-heldout"


def test_calibrating_on_one_style_fits_its_own_threshold_out_of_sample():
    """FRANK BBC's recorded run: fitted on BBC items alone, the threshold is far below the shipped one, and its
    figures out of sample (5 folds by document) are reported beside the shipped threshold's on the same items."""
    fit = fit_calibration(BBC_HELD_OUT, BBC_RUN)
    assert fit.items == 52 and fit.consistent == 26 and fit.skipped == 0 and not fit.warnings
    assert fit.calibration.threshold < EMBEDDED_CALIBRATION.threshold
    assert fit.calibration.weights == EMBEDDED_CALIBRATION.weights, "only the threshold is fitted"
    assert fit.shipped.balanced_accuracy == read_metrics(BBC_RUN).balanced_accuracy, "the published run's figure"
    assert fit.cross_validated is not None and fit.cross_validated.consistent_flagged is not None
    assert fit.shipped.consistent_flagged is not None
    assert fit.cross_validated.consistent_flagged < fit.shipped.consistent_flagged
    assert "52 items (26 consistent) of frank_valid_bbc_heldout.jsonl" in fit.calibration.provenance


def test_calibrate_writes_a_rule_that_check_reads_and_never_overwrites(tmp_path):
    rule = tmp_path / "rule.json"
    outcome = CliRunner().invoke(cli, ["eval", "calibrate", str(BBC_HELD_OUT), str(BBC_RUN), "--write", str(rule)])
    assert outcome.exit_code == 0, outcome.output
    assert "out of sample (5 folds by document): balanced accuracy" in outcome.output
    written = load_calibration(rule)
    again = CliRunner().invoke(cli, ["eval", "calibrate", str(BBC_HELD_OUT), str(BBC_RUN), "--write", str(rule)])
    assert again.exit_code == 2 and "already exists" in again.output and load_calibration(rule) == written


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_check_reads_its_rule_from_a_calibration_file_and_threshold_overrides_it(tmp_path):
    """A loopback model answers Yes with P 0.91 to every question: supported at the shipped threshold, flagged
    under a stricter rule read from a file, supported again when --threshold overrides the file's."""
    strict = tmp_path / "strict.json"
    strict.write_text(EMBEDDED_CALIBRATION.with_threshold(0.95, "a stricter newsroom").model_dump_json())
    summary = tmp_path / "summary.txt"
    summary.write_text("Meta delayed the release of Behemoth.")
    article = str(ROOT / "tests" / "data" / "samples" / "meta-open-models-a.txt")
    with fake_openai() as server:
        common = ["check", "--json", "--model", "openai/fake", "--api-base", server.url, "-s", article, str(summary)]
        runner = CliRunner(env={"OPENAI_API_KEY": "sk-fake-key-for-a-loopback-server"})
        shipped = runner.invoke(cli, common)
        stricter = runner.invoke(cli, [*common, "--calibration", str(strict)])
        overridden = runner.invoke(cli, [*common, "--calibration", str(strict), "--threshold", "0.5"])
    assert [o.exit_code for o in (shipped, stricter, overridden)] == [0, 1, 0]
    verdicts = [json.loads(o.stdout)["claims"][0]["verdict"] for o in (shipped, stricter, overridden)]
    assert verdicts[0] == "supported" and verdicts[1] != "supported" and verdicts[2] == "supported"
    assert "threshold 0.95" in json.loads(stricter.stdout)["claims"][0]["rationale"]


def test_a_bad_calibration_file_is_one_line_and_exit_2(tmp_path):
    bad, summary = tmp_path / "rule.json", tmp_path / "summary.txt"
    bad.write_text('{"threshold": "high"}')
    summary.write_text("Meta delayed the release of Behemoth.")
    outcome = CliRunner().invoke(cli, ["check", "--calibration", str(bad), "-s", str(summary), str(summary)])
    assert outcome.exit_code == 2 and "not a calibration file" in outcome.output
    assert len(outcome.output.strip().splitlines()) == 1


def test_calibrating_a_run_on_another_dataset_is_refused(tmp_path):
    with pytest.raises(InputError, match="is not in"):
        fit_calibration(ROOT / "evals" / "data" / "summedits_news_eval.jsonl", BBC_RUN)


def test_calibrating_a_run_without_the_judge_is_refused(tmp_path):
    """A --no-llm run has verdicts from the checks only, and unverified claims: no threshold to fit."""
    run_eval(BBC_HELD_OUT, tmp_path / "run", use_llm=False, progress=False)
    with pytest.raises(InputError, match="the judge answered no question"):
        fit_calibration(BBC_HELD_OUT, tmp_path / "run")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"threshold": 0.5, "provenance": "x", "weights": {"bogus": 1}}', "unknown feature 'bogus'"),
        (b'{"threshold": 7, "provenance": "x"}', "threshold"),
        (b'{"threshold": 0.5, "provenance": "x", "weights": {}}', "at least one weight"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_a_calibration_file_that_would_fail_later_is_refused_when_read(tmp_path, content, problem):
    rule = tmp_path / "rule.json"
    rule.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        load_calibration(rule)


def test_calibrate_never_writes_inside_the_run(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(BBC_RUN, run)
    target = run / "predictions.jsonl"
    before = target.read_bytes()
    outcome = CliRunner().invoke(
        cli, ["eval", "calibrate", str(BBC_HELD_OUT), str(run), "--write", str(target), "--force"]
    )
    assert outcome.exit_code == 2 and "inside the run" in outcome.output and target.read_bytes() == before
