"""The failure contract, second round (issue #28): paths that are not files, runs that share a results file, a
limit on every size, the deadline over the whole command, secrets and control characters kept off the terminal.

Each test is one of the issue's numbered reproductions (the number in its docstring). No test writes to a real
device: a device or a pipe is reached through a link or a FIFO in the test's own folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    ArticleTooLongError,
    DeadlineError,
    InputError,
    InputFileError,
    ModelConfig,
    OutputError,
    Settings,
    batch,
    load_article,
    story,
)
from summarize._jsonlines import locked
from summarize.cli import cli
from summarize.files import read_input, require_stdout
from summarize.input import MAX_SENTENCE_CHARACTERS, read_document
from summarize.llm import NO_WAIT, command_deadline
from summarize.testing import Step, fake_openai, fault_server

from .conftest import ROOT, SAMPLES

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
KEY = "sk-test-second-round-0123456789abcdef"
SAMPLE_B = (SAMPLES / "meta-open-models-b.txt").read_text()


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), prog_name="summarize", input=stdin)


def one_line(outcome) -> str:
    assert "Traceback" not in outcome.output, outcome.output
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("summarize: error: "), outcome.stderr
    return lines[0]


def hosted(url: str) -> list[str]:
    return ["--model", "openai/fake", "--api-base", url, "-q"]


def config(url: str) -> Settings:
    return Settings(model=ModelConfig(model="openai/fake", api_base=url, retry=NO_WAIT))


def rows(path: Path, *items: Mapping[str, object]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items))
    return path


def lines_of(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def finishes(call, seconds: float = 20.0):
    """Run `call` in a thread and fail, rather than hang the suite, if it blocks (a pipe opened for reading)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: it blocked"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


@pytest.fixture
def summary_file(tmp_path) -> Path:
    path = tmp_path / "summary.txt"
    path.write_text("Meta delayed the release of Behemoth.\n")
    return path


# 1. Outputs that are not regular files.


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_1_an_output_that_is_no_regular_file_is_refused_even_with_force(tmp_path, summary_file, sample, kind):
    """1. `--html /dev/full --force` replaced the device with a regular file and said "wrote"."""
    target = tmp_path / "target"
    if kind == "device":
        target.symlink_to("/dev/full")  # through a link: a failure replaces the link, never the device
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    outcome = run("check", "--no-llm", "-s", str(sample("a")), str(summary_file), "--html", str(target), "--force")
    assert outcome.exit_code == 2 and "wrote" not in outcome.stderr
    assert "not a regular file" in one_line(outcome) or "is a directory" in one_line(outcome)
    assert target.is_symlink() if kind == "device" else not target.is_file()


def test_1_run_output_to_a_device_is_refused_before_any_model_call(tmp_path, sample):
    """1. `-o /dev/full --force` for `summarize ARTICLE`: refused before the model is asked."""
    target = tmp_path / "full"
    target.symlink_to("/dev/full")
    with fake_openai() as server:
        outcome = run(str(sample("b")), *hosted(server.url), "-o", str(target), "--force")
        assert server.arrivals == []
    assert outcome.exit_code == 2 and "not a regular file" in one_line(outcome) and target.is_symlink()


# 2-4, 19. The results file: never an input, never someone else's file, one run at a time, ids unique.


def test_2_the_results_file_is_never_the_input(tmp_path):
    """2. `batch items.jsonl --out items.jsonl` emptied the input and exited 0."""
    items = rows(tmp_path / "items.jsonl", {"id": "a", "text": SAMPLE_B})
    before = items.read_bytes()
    with fake_openai() as server:
        outcome = run("batch", str(items), "--out", str(items), "--no-progress", *hosted(server.url))
        assert server.arrivals == []
    assert outcome.exit_code == 2 and "is one of the inputs" in one_line(outcome)
    assert items.read_bytes() == before


def test_2_an_existing_file_that_is_no_results_file_is_left_alone(tmp_path):
    """2. `--out notes.txt` wiped an existing file that held no results."""
    items = rows(tmp_path / "items.jsonl", {"id": "a", "text": SAMPLE_B})
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\nline two\n")
    with fake_openai() as server:
        outcome = run("batch", str(items), "--out", str(notes), "--no-progress", *hosted(server.url))
        assert server.arrivals == []
    assert outcome.exit_code == 2 and "not a results file" in one_line(outcome)
    assert notes.read_text() == "my notes\nline two\n"


def test_3_a_results_file_another_run_holds_is_refused(tmp_path):
    """3. Two runs at once wrote every id twice; a --retry-failed run during another lost results."""
    items = rows(tmp_path / "items.jsonl", {"id": "a", "text": SAMPLE_B})
    out = tmp_path / "results.jsonl"
    with fake_openai() as server, locked(out):
        for extra in ((), ("--retry-failed",)):
            outcome = run("batch", str(items), "--out", str(out), "--no-progress", *hosted(server.url), *extra)
            assert outcome.exit_code == 2 and "another run is writing to it" in one_line(outcome)
        assert server.arrivals == []
    assert not out.exists() or out.read_text() == ""


@pytest.mark.slow
def test_3_two_runs_at_once_the_second_is_refused_and_nothing_is_doubled(tmp_path):
    """3. Two real processes on one results file."""
    items = rows(tmp_path / "items.jsonl", *({"id": f"item-{n}", "text": SAMPLE_B} for n in range(6)))
    out = tmp_path / "results.jsonl"
    with fake_openai(latency=1.0) as server:
        first = _batch_process(items, out, server.url, "--concurrency", "1")
        _wait_for(lambda: out.exists() and out.read_text().count("\n") >= 1)  # the first run is under way
        server.hold()  # and stays under way, however slowly the second process starts
        second = _batch_process(items, out, server.url)
        _, second_err = second.communicate(timeout=120)
        server.release()
        _, first_err = first.communicate(timeout=120)
    assert second.returncode == 2 and "another run is writing to it" in second_err
    assert first.returncode == 0, first_err
    written = [str(line["id"]) for line in lines_of(out)]
    assert sorted(written) == [f"item-{n}" for n in range(6)]


@pytest.mark.parametrize(
    ("items", "named"),
    [
        ([{"id": "a", "text": SAMPLE_B}, {"id": "b", "text": SAMPLE_B}, {"id": "a", "text": SAMPLE_B}], "'a'"),
        ([{"id": "line-3", "text": SAMPLE_B}, {"id": "b", "text": SAMPLE_B}, {"text": SAMPLE_B}], "'line-3'"),
    ],
    ids=["repeated", "generated id meets a given one"],
)
def test_4_repeated_ids_are_refused_up_front_and_named(tmp_path, items, named):
    """4. Duplicate ids were accepted, and reruns replaced good results (12 -> 12 -> 10 lines)."""
    source = rows(tmp_path / "items.jsonl", *items)
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        outcome = run("batch", str(source), "--out", str(out), "--no-progress", *hosted(server.url))
        assert server.arrivals == []
    assert outcome.exit_code == 2 and "ids must be unique" in one_line(outcome) and named in one_line(outcome)
    assert "lines 1, 3" in one_line(outcome)
    assert not out.exists() or out.read_text() == ""


@pytest.mark.parametrize("where", ["no-folder/r.jsonl", "is-a-fifo"])
def test_19_a_results_file_that_cannot_be_written_is_refused_before_any_work(tmp_path, where):
    """19. `--out nodir/r.jsonl`: a 49-line traceback after 5 s of work."""
    items = rows(tmp_path / "items.jsonl", {"id": "a", "text": SAMPLE_B})
    out = tmp_path / where
    if where == "is-a-fifo":
        os.mkfifo(out)
    with fake_openai() as server:
        outcome = run("batch", str(items), "--out", str(out), "--no-progress", *hosted(server.url))
        assert server.arrivals == []
    assert outcome.exit_code == 2
    assert "does not exist" in one_line(outcome) or "not a regular file" in one_line(outcome)


# 5, 6, 21, 24, 25. Batch rows: devices, pipes, paths outside the folder, bytes that are no text, the count.


def test_5_a_row_that_names_a_device_fails_at_once_and_the_run_goes_on(tmp_path):
    """5. A row `{"path": "/dev/zero"}` grew to 16.9 GB."""
    source = rows(tmp_path / "items.jsonl", {"id": "zero", "path": "/dev/zero"}, {"id": "next", "path": "gone.txt"})
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        summary = finishes(lambda: batch(str(source), out, settings=config(server.url), allow_outside=["/dev"]))
    results = {line["id"]: line for line in lines_of(out)}
    assert summary.failed == 2, "the next row was read too"
    assert "not a regular file" in results["zero"]["error"]["message"]  # type: ignore[index]
    assert "no such file" in results["next"]["error"]["message"]  # type: ignore[index]


def test_5_a_source_that_is_a_device_is_refused_before_reading(tmp_path, summary_file):
    """5. `check -s /dev/zero` ended in a MemoryError traceback."""
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    outcome = finishes(lambda: run("check", "--no-llm", "-s", str(zero), str(summary_file)))
    assert outcome.exit_code == 4 and "not a regular file" in one_line(outcome)


def test_5_an_input_over_the_byte_limit_is_refused_after_reading_no_more(tmp_path, monkeypatch):
    """5. Every size has its cap: an input over the byte limit is exit 7, read no further than the limit."""
    monkeypatch.setattr("summarize.files._paths.MAX_INPUT_BYTES", 10_000)
    big = tmp_path / "big.txt"
    big.write_text(SAMPLE_B * 10)
    with fault_server(Step(500)) as server:
        outcome = run(str(big), *hosted(server.url))
        piped = run("-", *hosted(server.url), stdin=SAMPLE_B * 10)
        assert server.requests == []
    assert outcome.exit_code == 7 and "longer than 10,000 bytes" in one_line(outcome)
    assert piped.exit_code == 7 and "stdin: longer than" in one_line(piped)


def test_6_a_row_that_names_a_pipe_does_not_block_the_run(tmp_path):
    """6. A FIFO as a row's path blocked the whole batch."""
    os.mkfifo(tmp_path / "pipe.txt")
    source = rows(tmp_path / "items.jsonl", {"id": "pipe", "path": "pipe.txt"}, {"id": "next", "path": "gone.txt"})
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        summary = finishes(lambda: batch(str(source), out, settings=config(server.url)))
    results = {line["id"]: line for line in lines_of(out)}
    assert summary.failed == 2, "the next row was read too"
    assert "not a regular file" in results["pipe"]["error"]["message"]  # type: ignore[index]
    with pytest.raises(InputFileError, match="not a regular file"):
        finishes(lambda: read_input(tmp_path / "pipe.txt"))


def test_21_a_row_outside_the_input_folder_is_not_read_unless_allowed(tmp_path):
    """21. A row's `path` outside the input's folder (absolute, `../../`) was read into the results."""
    folder, elsewhere = tmp_path / "wire", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(SAMPLE_B)
    (folder / "link.txt").symlink_to(elsewhere / "secret.txt")
    source = rows(
        folder / "items.jsonl",
        {"id": "absolute", "path": str(elsewhere / "secret.txt")},
        {"id": "up", "path": "../elsewhere/secret.txt"},
        {"id": "link", "path": "link.txt"},
    )
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        refused = batch(str(source), out, settings=config(server.url))
        assert refused.failed == 3 and server.arrivals == []
        assert all("is outside" in line["error"]["message"] for line in lines_of(out))  # type: ignore[index]
        allowed = batch(str(source), out, settings=config(server.url), retry_failed=True, allow_outside=[elsewhere])
    assert allowed.ok == 3


def test_21_the_cli_takes_allow_outside(tmp_path):
    """21. `--allow-outside PATH` on the command line."""
    folder, elsewhere = tmp_path / "wire", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text(SAMPLE_B)
    source = rows(folder / "items.jsonl", {"id": "a", "path": "../elsewhere/a.txt"})
    with fake_openai() as server:
        arguments = ["batch", str(source), "--out", str(tmp_path / "r.jsonl"), "--no-progress", *hosted(server.url)]
        assert run(*arguments).exit_code == 1
        assert run(*arguments, "--retry-failed", "--allow-outside", str(elsewhere)).exit_code == 0


def test_24_a_row_that_is_no_utf8_fails_instead_of_being_read_with_replacements(tmp_path):
    """24. A Latin-1 line in JSONL was decoded with U+FFFD and marked ok."""
    source = tmp_path / "items.jsonl"
    latin = b'{"id": "latin", "text": "' + b"Caf\xe9 owners in the city met on Monday to discuss the new rules. " * 5
    source.write_bytes(latin + b'"}\n' + json.dumps({"id": "ok", "text": SAMPLE_B}).encode() + b"\n")
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        summary = batch(str(source), out, settings=config(server.url))
    assert summary.ok == 1 and summary.failed == 1
    failed = next(line for line in lines_of(out) if line["status"] == "failed")
    assert "not UTF-8" in failed["error"]["message"]  # type: ignore[index]
    assert "\ufffd" not in out.read_text(encoding="utf-8")


def test_24_a_csv_row_that_is_no_utf8_fails_too(tmp_path):
    source = tmp_path / "items.csv"
    source.write_bytes(b"id,text\nlatin,Caf\xe9 owners in the city met on Monday to discuss the new rules.\n")
    out = tmp_path / "results.jsonl"
    with fake_openai() as server:
        summary = batch(str(source), out, settings=config(server.url))
    assert summary.failed == 1 and "not UTF-8" in lines_of(out)[0]["error"]["message"]  # type: ignore[index]


def test_25_the_count_of_a_csv_with_quoted_newlines_is_its_rows(tmp_path):
    """25. A 3-row CSV with quoted newlines counted "of 40"."""
    source = tmp_path / "items.csv"
    body = SAMPLE_B.replace('"', "'")
    source.write_text("id,text\n" + "".join(f'row-{n},"{body}"\n' for n in range(3)))
    assert source.read_text().count("\n") > 10
    with fake_openai() as server:
        summary = batch(str(source), tmp_path / "results.jsonl", settings=config(server.url))
        outcome = run("batch", str(source), "--out", str(tmp_path / "r2.jsonl"), "--no-progress", *hosted(server.url))
    assert summary.total == 3 and summary.ok == 3
    assert "of 3," in outcome.stderr


# 7, 8. --deadline bounds the whole command, CPU work included.


def test_7_the_deadline_interrupts_work_that_is_no_model_call():
    started = time.monotonic()
    with pytest.raises(DeadlineError, match="did not finish within 0.3 s"), command_deadline(0.3):
        while time.monotonic() - started < 5:  # without the timer, the block ends after 5 s and the test fails
            sum(range(1000))
    assert time.monotonic() - started < 2


def _long_versions(tmp_path: Path, documents: int = 10) -> list[Path]:
    """Two versions of one long story, each sentence new to the process (parses are cached): development
    articles one after another, the second version with one word changed throughout. Seconds of CPU work."""
    lines = (ROOT / "evals" / "data" / "frank_valid.jsonl").read_text().splitlines()
    docs = list(dict.fromkeys(json.loads(line)["doc"] for line in lines))[-documents:]
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("\n".join(docs))
    second.write_text("\n".join(doc.replace(" the ", " a ") for doc in docs))
    return [first, second]


def test_7_story_without_a_model_ends_at_the_deadline(tmp_path):
    """7. `story big5mb.txt b.txt --no-llm --deadline 20` still ran at 120 s."""
    first, second = _long_versions(tmp_path)
    started = time.monotonic()
    outcome = run("story", str(first), str(second), "--no-llm", "--deadline", "1", "-q")
    elapsed = time.monotonic() - started
    assert outcome.exit_code == 10 and "did not finish within 1 s (--deadline)" in one_line(outcome)
    assert elapsed < 6, elapsed


def test_7_summarize_ends_at_the_deadline_while_it_reads_the_article(tmp_path):
    """7. `summarize big5mb.txt $M --deadline 30` ran 127 s."""
    big = _long_versions(tmp_path, documents=40)[1]  # 1,300 sentences: parsing them takes many seconds
    with fake_openai() as server:
        started = time.monotonic()
        outcome = run(str(big), *hosted(server.url), "--deadline", "1")
        elapsed = time.monotonic() - started
        assert server.arrivals == [], "ended in the tool's own work, before the first model call"
    assert outcome.exit_code == 10 and "--deadline" in one_line(outcome)
    assert elapsed < 4, elapsed


def test_8_a_5_mb_story_source_is_refused_at_once(tmp_path):
    """8. A 5 MB story source ran past 300 s with no progress."""
    big = tmp_path / "big.txt"
    big.write_text(SAMPLE_B * (5_000_000 // len(SAMPLE_B)))
    started = time.monotonic()
    outcome = run("story", "--no-llm", "-q", str(big), str(SAMPLES / "meta-open-models-a.txt"))
    assert outcome.exit_code == 7 and "longer than 4 MiB" in one_line(outcome)
    assert time.monotonic() - started < 5


# 9. A date line above a "Related Posts" sidebar.


RELATED = """Meta delays its biggest open model
Tuesday, March 3, 2026 (outlet {n})
Related Posts
Meta has postponed the public release of Behemoth, its largest language model, after internal tests showed weaker results than expected.
The company had planned to ship the model in April, according to people familiar with the matter.
A spokesperson said the company remains committed to releasing open models in the future.
"""  # noqa: E501


def test_9_a_date_line_above_a_related_posts_sidebar_is_not_the_whole_article(tmp_path):
    """9. "Tuesday, March 3, 2026 (outlet 1)" then "Related Posts" was taken as the whole article."""
    path = tmp_path / "a.txt"
    path.write_text(RELATED.format(n=1))
    article = load_article(path)
    assert article.published == "2026-03-03" and len(article.sentences) == 3
    assert article.sentences[0].text.startswith("Meta has postponed")
    second = RELATED.format(n=2).replace("weaker results", "poorer results")
    report = story([article, second], use_llm=False)
    assert len(report.facts) >= 3 and any(f.carried_by == 2 for f in report.facts)


# 10. One sentence's length, and the number of sentences.


def test_10_a_sentence_over_the_limit_is_refused_with_exit_7(tmp_path):
    """10. A 1.1 MB single sentence: spaCy's E088 traceback (85 lines), exit 1."""
    huge, long = tmp_path / "huge.txt", tmp_path / "long.txt"
    huge.write_text("The council met " + "and talked " * 110_000 + "until dawn.\n")
    long.write_text("The council met " + "and talked " * (MAX_SENTENCE_CHARACTERS // 10) + "until dawn.\n" + SAMPLE_B)
    with fault_server(Step(500)) as server:
        for path, limit in ((huge, "200,000"), (long, f"{MAX_SENTENCE_CHARACTERS:,}")):
            outcome = run(str(path), *hosted(server.url))
            assert outcome.exit_code == 7 and f"the limit is {limit}" in one_line(outcome)
            checked = run("check", "--no-llm", "-q", "-s", str(SAMPLES / "meta-open-models-a.txt"), str(path))
            assert checked.exit_code == 7 and f"the limit is {limit}" in one_line(checked), "a summary too"
        assert server.requests == []


def test_10_too_many_sentences_is_refused(monkeypatch):
    monkeypatch.setattr("summarize.input._article.MAX_SENTENCES", 10)
    with pytest.raises(ArticleTooLongError, match="sentences; the limit is 10"):
        load_article(SAMPLES / "meta-open-models-b.txt")


# 11, 12, 20, 26. Numbers that are no numbers, sizes without a bound, config values that cannot be read.


NUMBER_COMMANDS = [
    ["x.txt"],
    ["check", "-s", "x.txt", "y.txt"],
    ["story", "x.txt", "y.txt"],
    ["batch", "x.jsonl", "--out", "r.jsonl"],
    ["eval", "x.jsonl"],
    ["eval", "summaries", "x.txt"],
    ["config"],
]


@pytest.mark.parametrize("command", NUMBER_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e999"])
def test_11_12_a_timeout_that_is_not_finite_is_refused_by_every_command(command, value):
    """11, 12. `--timeout inf`: an OverflowError and a process that stayed alive; `--timeout nan` accepted."""
    outcome = run(*command, "--timeout", value)
    assert outcome.exit_code == 2 and "must be a finite number" in one_line(outcome)


@pytest.mark.parametrize("command", [c for c in NUMBER_COMMANDS if c[0] in ("x.txt", "check", "story", "config")])
@pytest.mark.parametrize("value", ["inf", "nan"])
def test_12_a_deadline_that_is_not_finite_is_refused_by_every_command_that_has_one(command, value, monkeypatch):
    outcome = run(*command, "--deadline", value)
    assert outcome.exit_code == 2 and "must be a finite number" in one_line(outcome)
    monkeypatch.setenv("SUMMARIZE_DEADLINE", value)
    from_environment = run(*command)
    assert from_environment.exit_code == 2 and "SUMMARIZE_DEADLINE" in one_line(from_environment)


def test_20_concurrency_has_a_bound_on_the_command_line_in_the_environment_and_in_python(tmp_path, monkeypatch):
    """20. `--concurrency 99999999999999999999` created one task per slot: 13.5 GB, killed."""
    huge = "99999999999999999999"
    outcome = run("batch", "x.jsonl", "--out", str(tmp_path / "r.jsonl"), "--concurrency", huge)
    assert outcome.exit_code == 2 and "at most 1024" in one_line(outcome)
    monkeypatch.setenv("SUMMARIZE_CONCURRENCY", huge)
    assert run("config").exit_code == 2
    with pytest.raises(InputError, match="at most 1024"):
        Settings(concurrency=10**20)


@pytest.mark.parametrize(
    ("content", "message"),
    [("model = 5\n", "must be non-empty text"), (None, "not a regular file")],
    ids=["model = 5", "a folder"],
)
def test_26_a_config_value_that_cannot_be_read_is_refused_before_any_request(tmp_path, monkeypatch, content, message):
    """26. Config `model = 5`: "5 rejected the request", exit 3 after 8 s; a config.toml that is a folder ignored."""
    path = tmp_path / "config.toml"
    if content is None:
        path.mkdir()
    else:
        path.write_text(content)
    monkeypatch.setenv("SUMMARIZE_CONFIG", str(path))
    with fault_server(Step(500)) as server:
        outcome = run(str(SAMPLES / "meta-open-models-b.txt"), "--api-base", server.url, "-q")
        assert server.requests == []
    assert outcome.exit_code == 2 and message in one_line(outcome)


# 13-15. Credentials: a keyless call, a key cut in half, a password in a URL.


def test_13_a_keyless_call_through_an_api_base_is_exit_9_at_once(monkeypatch, sample):
    """13. A keyless call through `--api-base` retried for 14.7 s with 0 requests sent, then exit 10."""
    monkeypatch.delenv("OPENAI_API_KEY")
    with fault_server(Step(200)) as server:
        started = time.monotonic()
        outcome = run(str(sample("b")), "--model", "openai/x", "--api-base", server.url, "-q")
        assert server.requests == []
    message = one_line(outcome)
    assert outcome.exit_code == 9 and "OPENAI_API_KEY" in message and "hosted_vllm/x" in message
    assert time.monotonic() - started < 5


def test_14_a_key_the_server_echoes_at_the_cut_is_redacted_before_the_cut(sample):
    """14. Redaction ran after the 300-character cut: 15 of the key's characters were printed. The echoed key is
    moved across the cut, so that one of the messages is cut inside it."""
    pieces = {KEY[i : i + 6] for i in range(len(KEY) - 5)}
    for padding in range(180, 300, 12):
        with fault_server(Step(400, message="x" * padding + f" Authorization: Bearer {KEY}")) as server:
            outcome = run(str(sample("b")), "--model", "openai/fake", "--api-base", server.url, "-q")
        message = one_line(outcome)
        assert outcome.exit_code == 3
        assert not [piece for piece in pieces if piece in outcome.output], message


def test_15_a_password_in_the_api_base_is_never_printed(sample):
    """15. `--api-base http://user:password@host` printed the password."""
    with fault_server(Step(500)) as server:
        url = server.url.replace("http://", "http://reporter:hunter2-secret@")
        outcome = run(str(sample("b")), "--model", "openai/fake", "--api-base", url, "--timeout", "1", "-v")
    assert outcome.exit_code == 10 and "hunter2-secret" not in outcome.output
    assert "***@" in outcome.stderr.strip().splitlines()[-1]


# 16. Terminal control sequences in an article.


CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"
TITLE = "\x1b]0;pwned\x07"


def test_16_control_sequences_of_an_article_never_reach_the_terminal(tmp_path):
    """16. `ESC ] 52` (a clipboard write) and `ESC ] 0` (a window title) were printed raw by check and story."""
    article = tmp_path / "a.txt"
    text = (SAMPLES / "meta-open-models-a.txt").read_text()
    article.write_text(text.replace("finalized the training", f"finalized{CLIPBOARD} the{TITLE} training\r"))
    summary = tmp_path / "s.txt"
    summary.write_text(f"Meta finalized{CLIPBOARD} the training process for Behemoth.\n")
    checked = run("check", "--no-llm", "-s", str(article), str(summary))
    compared = run("story", "--no-llm", str(article), str(SAMPLES / "meta-open-models-b.txt"))
    assert "finalized" in checked.stdout and compared.exit_code in (0, 1)
    for outcome in (checked, compared):
        assert not any(c in outcome.stdout for c in "\x1b\x07\r"), repr(outcome.stdout[:200])
    as_json = run("check", "--no-llm", "--json", "-s", str(article), str(summary))
    assert CLIPBOARD in json.loads(as_json.stdout)["claims"][0]["claim"], "JSON keeps the text as it is"


def test_16_the_summary_markdown_too(tmp_path):
    """A file name is text from outside too: the summary's Markdown names its source."""
    article = tmp_path / f"a{TITLE}.txt"
    article.write_text(SAMPLE_B)
    with fake_openai() as server:
        outcome = run(str(article), *hosted(server.url), "--no-verify")
    assert outcome.exit_code == 0 and "Source:" in outcome.stdout
    assert "\x1b" not in outcome.stdout and "\x07" not in outcome.stdout


# 17. A quotation given to the wrong person.


SPEAKER_ARTICLE = """City council debates the new budget
The city council met on Monday to debate the budget for the coming year, which faces a deficit of $4 million.
Jane Smith, the council's finance chair, presented the figures to a packed chamber and warned of hard choices.
"We will cut taxes next year," said Tom Brown, the mayor, who is running for re-election in November.
Several residents asked how the city would pay for road repairs if revenue fell as the mayor proposed.
The council will vote on the budget at its next meeting, scheduled for March 12.
"""


@pytest.mark.parametrize(
    ("claim", "code"),
    [('Jane Smith said "we will cut taxes next year".', 1), ('Tom Brown said "we will cut taxes next year".', 13)],
    ids=["wrong speaker named nearby", "right speaker"],
)
def test_17_a_quotation_given_to_someone_named_near_it_is_contradicted(tmp_path, claim, code):
    """17. 'Jane Smith said "we will cut taxes next year"', said by Tom Brown, passed the speaker check."""
    article, summary = tmp_path / "a.txt", tmp_path / "s.txt"
    article.write_text(SPEAKER_ARTICLE)
    summary.write_text(claim + "\n")
    outcome = run("check", "--no-llm", "--json", "-s", str(article), str(summary))
    assert outcome.exit_code == code
    report = json.loads(outcome.stdout)
    if code == 1:
        assert report["claims"][0]["verdict"] == "contradicted"
        assert any("said by Tom Brown" in c["detail"] for c in report["claims"][0]["checks"])


# 18, 23. Closed and full standard streams.


def test_18_a_closed_stdin_is_a_missing_input(monkeypatch):
    """18. stdin closed: AttributeError traceback, exit 1."""
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputFileError, match="stdin is closed"):
        read_document("-")


def test_23_a_closed_stdout_is_refused_before_any_work(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(OutputError, match="stdout is closed"):
        require_stdout()


def test_23_a_report_that_cannot_be_printed_is_an_error_not_exit_0(monkeypatch, summary_file):
    """23. `check > /dev/full`: exit 0, report lost silently."""
    import click

    real = click.echo

    def full(message=None, file=None, nl=True, err=False, color=None):
        if not err:
            raise OSError(28, "No space left on device")
        return real(message, file=file, nl=nl, err=err, color=color)

    monkeypatch.setattr(click, "echo", full)
    outcome = run("check", "--no-llm", "-q", "-s", str(SAMPLES / "meta-open-models-a.txt"), str(summary_file))
    assert outcome.exit_code == 2 and "No space left on device" in one_line(outcome)


def _cli(*arguments: str, shell_redirect: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`summarize ARGUMENTS` in bash (for its redirections), in 4 GB of address space at most."""
    quoted = " ".join(f"'{a}'" for a in arguments)
    command = f"ulimit -v 4000000; '{sys.executable}' -m summarize {quoted} {shell_redirect}"
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.mark.slow
def test_18_23_closed_and_full_streams_in_a_real_process(summary_file):
    """18, 23. `summarize - <&-`; `check >&-`; `check > /dev/full`."""
    no_stdin = _cli("-", "--no-verify", "-q", shell_redirect="<&-")
    assert no_stdin.returncode == 4 and "stdin is closed" in no_stdin.stderr and "Traceback" not in no_stdin.stderr
    source = str(SAMPLES / "meta-open-models-a.txt")
    no_stdout = _cli("check", "--no-llm", "-q", "-s", source, str(summary_file), shell_redirect=">&-")
    assert no_stdout.returncode == 2 and "stdout is closed" in no_stdout.stderr
    full = _cli("check", "--no-llm", "-q", "-s", source, str(summary_file), shell_redirect="> /dev/full")
    assert full.returncode == 2 and "No space left" in full.stderr and "Traceback" not in full.stderr
    assert len(full.stderr.strip().splitlines()) == 1, full.stderr


@pytest.mark.slow
def test_5_dev_zero_in_a_real_process_under_a_memory_limit(tmp_path, summary_file):
    """5. `check -s /dev/zero` under a memory limit: a MemoryError traceback; now refused before reading."""
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    result = _cli("check", "--no-llm", "-s", str(zero), str(summary_file), timeout=60)
    assert result.returncode == 4 and "not a regular file" in result.stderr


@pytest.mark.slow
def test_15_a_process_whose_model_call_was_given_up_exits_on_time():
    """Found running the fault table for item 15: a call given up on at --timeout (still importing litellm's
    provider modules in its thread on a busy machine) made the process hang at exit for minutes, as litellm's
    finalizers waited on the import lock that thread held. The process now leaves without finalization."""
    with fault_server(Step(200, delay=60)) as server:
        started = time.monotonic()
        result = _cli(str(SAMPLES / "meta-open-models-b.txt"), "--model", "openai/fake", "--api-base", server.url,
                      "--timeout", "1", "-q")  # fmt: skip
        elapsed = time.monotonic() - started
    assert result.returncode == 10 and "did not answer within 1 s" in result.stderr
    assert elapsed < 30, elapsed


# 22. SIGTERM ends a batch as cleanly as SIGINT.


def _batch_process(source: Path, out: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "--no-progress"]
    command += ["--model", "openai/fake", "--api-base", url, *extra]
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")


@pytest.mark.slow
def test_22_sigterm_finishes_the_items_in_flight_and_exits_143(tmp_path):
    """22. SIGTERM to batch: exit 143 with about 70 lines of "Task exception was never retrieved"."""
    source = rows(tmp_path / "items.jsonl", *({"id": f"item-{n}", "text": SAMPLE_B} for n in range(12)))
    out = tmp_path / "results.jsonl"
    with fake_openai(latency=0.5) as server:
        process = _batch_process(source, out, server.url, "--concurrency", "3")
        _wait_for(lambda: out.exists() and out.read_text().count("\n") >= 2)
        server.hold()  # the run cannot finish before the signal lands
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        server.release()  # the items in flight are answered, and written
        _, stderr = process.communicate(timeout=60)
        resumed = _batch_process(source, out, server.url)
        resumed.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert "Task exception" not in stderr and "Traceback" not in stderr
    assert "interrupted" in stderr.strip().splitlines()[-1]
    assert resumed.returncode == 0
    written = [str(line["id"]) for line in lines_of(out)]
    assert sorted(written) == sorted(f"item-{n}" for n in range(12)), "every id once"


# 27-29. One table of exit codes; story's sources; usage errors in one line.


def test_27_a_missing_file_is_exit_4_in_every_command(tmp_path, summary_file):
    """27. `story` with a missing file exited 2 (README: 4)."""
    missing, present = str(tmp_path / "missing.txt"), str(SAMPLES / "meta-open-models-a.txt")
    for command in (
        [missing],
        ["story", present, missing],
        ["check", "-s", missing, str(summary_file)],
        ["check", "-s", present, missing],
        ["eval", missing],
        ["batch", missing, "--out", str(tmp_path / "r.jsonl")],
    ):
        outcome = run(*command, "-q")
        assert outcome.exit_code == 4 and "no such" in one_line(outcome), command


def test_28_two_unrelated_articles_are_refused_as_no_one_story(tmp_path):
    """28. `story` on two unrelated articles: exit 1, no word that they are not one story."""
    other = tmp_path / "other.txt"
    first_row = (ROOT / "evals" / "data" / "frank_valid.jsonl").read_text().splitlines()[0]
    other.write_text(json.loads(first_row)["doc"])
    outcome = run("story", "--no-llm", str(SAMPLES / "meta-open-models-a.txt"), str(other))
    assert outcome.exit_code == 2 and "do not look like versions of one story" in one_line(outcome)


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["/"], 4, "is a directory"),
        (["batch", "x.jsonl", "--out", "r.jsonl", "--concurrency", "0"], 2, "at least 1"),
        (["--no-such-option", "x.txt"], 2, "No such option"),
        (["check"], 2, "Missing argument"),
        (["schema", "nonsense"], 2, "Invalid value"),
    ],
    ids=["a directory", "concurrency 0", "unknown option", "missing argument", "bad choice"],
)
def test_29_every_usage_error_is_one_line(arguments, code, message):
    """29. Parser errors printed three lines (Usage / Try / Error)."""
    outcome = run(*arguments)
    assert outcome.exit_code == code and message in one_line(outcome)


def test_29_a_bad_mode_in_the_environment_is_one_line(monkeypatch):
    monkeypatch.setenv("SUMMARIZE_MODE", "bad")
    outcome = run("x.txt")
    assert outcome.exit_code == 2 and "SUMMARIZE_MODE" in one_line(outcome)
