"""Run every fault against the CLI and print what a user meets: the provider's faults, and the tool's own inputs
and outputs (issue #28: paths that are not files, shared results files, sizes, deadlines, streams, signals).

    python evals/fault_table.py [--faults 429,hang,...] [--timeout 10] [--json]

Each fault runs `summarize` in a fresh process, with a fake API key that the fault server echoes back in its
error bodies. The provider's faults run against a loopback server that misbehaves one way; the others build
their files in a fresh folder (a device or a pipe is reached through a link or a FIFO there, never written) and
run against a stand-in server that answers like a model. A row: the fault, the issue item it reproduces, the
exit code and the documented one, the seconds it took, the one-line message, and whether a secret (any eight
characters of the key or of a URL's password) or a terminal control character reached the user (stdout, stderr,
the files written). Exits 1 if a row breaks its documented code or bound, is not one line, or leaks.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from summarize.testing import Step, answer, fake_openai, fault_server

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-fault-table-ECHOED-0123456789abcdef0123"
PASSWORD = "hunter2-fault-table"
SAMPLES = ROOT / "tests" / "data" / "samples"
SAMPLE = SAMPLES / "meta-open-models-b.txt"
SUMMARIZE = str(Path(sys.executable).parent / "summarize")
OUTCOMES = (0, 1, 13, 130, 143)
"""Exit codes that are a result, not an error (whose message is then one `summarize: error:` line)."""


@dataclass(frozen=True)
class Fault:
    """One way for a provider to fail, and what the tool promises for it."""

    name: str
    steps: tuple[Step, ...]
    expected_exit: int
    judge: bool = False
    """Exercise the judge (`summarize check`) rather than the summarizer."""


def faults(timeout: float) -> list[Fault]:
    echo = f"Incorrect API key provided: {KEY}"
    return [
        Fault("429", (Step(429, message=f"rate limited ({echo})"),), 10),
        Fault("500", (Step(500, message=f"internal error ({echo})"),), 10),
        Fault("400", (Step(400, message=f"unknown parameter ({echo})"),), 3),
        Fault("401", (Step(401, message=echo),), 9),
        Fault("no-key", (), 9),
        Fault("hang", (Step(200, delay=timeout * 10),), 10),
        Fault("trickle", (Step(200, trickle=1.0),), 10),
        Fault("invalid-json", (Step(200, raw=b"{not json at all"),), 10),
        Fault("truncated", (Step(200, body=answer(None, "length", '{"key_points": [{"text": "Meta')),), 11),
        Fault("empty-answer", (Step(200, body=answer("")),), 3, judge=True),
        Fault("refused", (), 10),
    ]


@dataclass(frozen=True)
class Outcome:
    """What one command did: its exit code, what it printed, how long it took."""

    exit: int
    stdout: str
    stderr: str
    seconds: float
    message: str | None = None
    """What the row shows instead of stderr's last line."""
    also_seen: str = ""
    """What a second run of the case printed (with -v): searched for secrets too."""


@dataclass
class Lab:
    """A fresh folder, a stand-in model server, and the environment each command of a case runs in."""

    work: Path
    url: str
    env: dict[str, str]

    def path(self, name: str, text: str | bytes | None = None) -> str:
        """A file of the folder, written when `text` is given."""
        path = self.work / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        elif text is not None:
            path.write_text(text)
        return str(path)

    def rows(self, name: str, *items: Mapping[str, object]) -> str:
        return self.path(name, "".join(json.dumps(item) + "\n" for item in items))

    def model(self, url: str | None = None) -> list[str]:
        return ["--model", "openai/fake", "--api-base", url or self.url]

    def run(self, *arguments: str, shell: str = "") -> Outcome:
        """`summarize ARGUMENTS` in bash (for redirections), in 4 GB of address space at most."""
        command = f"ulimit -v 4000000; {shlex.join([SUMMARIZE, *arguments])} {shell}"
        started = time.monotonic()
        done = subprocess.run(["bash", "-c", command], env=self.env, capture_output=True, text=True, timeout=300)
        return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def start(self, *arguments: str) -> subprocess.Popen[str]:
        command = [SUMMARIZE, *arguments]
        return subprocess.Popen(command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass(frozen=True)
class Case:
    """A fault of the tool's own inputs, outputs or run (issue #28), and what the tool promises for it."""

    name: str
    item: str
    expected_exit: int
    run: Callable[[Lab], Outcome]


ARTICLE = SAMPLES / "meta-open-models-a.txt"
SAMPLE_TEXT = SAMPLE.read_text()
CLAIM = "Meta delayed the release of Behemoth.\n"
SHORT = (
    "Meta has postponed the public release of Behemoth, its largest language model, after internal tests showed "
    "weaker results than expected. The company had planned to ship the model in April, according to people "
    "familiar with the matter. A spokesperson said the company remains committed to open models.\n"
)
"""The article of a batch's good rows: short, so that a row costs little beside the fault it stands next to."""


def _output_device(lab: Lab) -> Outcome:
    (lab.work / "full.html").symlink_to("/dev/full")
    return lab.run("check", "--no-llm", "-q", "-s", str(ARTICLE), lab.path("s.txt", CLAIM), "--html",
                   lab.path("full.html"), "--force")  # fmt: skip


def _results_is_input(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", {"id": "a", "text": SAMPLE_TEXT})
    return lab.run("batch", items, "--out", items, "--no-progress", *lab.model())


def _results_not_ours(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", {"id": "a", "text": SAMPLE_TEXT})
    return lab.run("batch", items, "--out", lab.path("notes.txt", "my notes\n"), "--no-progress", *lab.model())


def _results_in_use(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", *({"id": f"item-{n}", "text": SHORT} for n in range(4)))
    out = lab.work / "results.jsonl"
    with fake_openai(latency=3.0) as slow:
        first = lab.start(
            "batch", items, "--out", str(out), "--no-progress", "--concurrency", "1", *lab.model(slow.url)
        )
        _wait_for(lambda: out.with_name(f".{out.name}.lock").exists() and out.exists())
        second = lab.run("batch", items, "--out", str(out), "--no-progress", *lab.model())
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    return second


def _repeated_ids(lab: Lab) -> Outcome:
    text = SAMPLE_TEXT
    items = lab.rows("items.jsonl", {"id": "a", "text": text}, {"id": "b", "text": text}, {"id": "a", "text": text})
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", *lab.model())


def _row_dev_zero(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", {"id": "zero", "path": "/dev/zero"}, {"id": "ok", "text": SHORT})
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", "--allow-outside", "/dev",
                   *lab.model())  # fmt: skip


def _source_dev_zero(lab: Lab) -> Outcome:
    (lab.work / "zero.txt").symlink_to("/dev/zero")
    return lab.run("check", "--no-llm", "-q", "-s", lab.path("zero.txt"), lab.path("s.txt", CLAIM))


def _row_fifo(lab: Lab) -> Outcome:
    os.mkfifo(lab.work / "pipe.txt")
    items = lab.rows("items.jsonl", {"id": "pipe", "path": "pipe.txt"}, {"id": "ok", "text": SHORT})
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", *lab.model())


def _long_versions(lab: Lab, documents: int = 10) -> tuple[str, str]:
    """Two versions of one long story (development articles one after another, one word changed throughout)."""
    lines = (ROOT / "evals" / "data" / "frank_valid.jsonl").read_text().splitlines()
    docs = list(dict.fromkeys(json.loads(line)["doc"] for line in lines))[:documents]
    second = "\n".join(doc.replace(" the ", " a ") for doc in docs)
    return lab.path("first.txt", "\n".join(docs)), lab.path("second.txt", second)


def _deadline_story(lab: Lab) -> Outcome:
    return lab.run("story", *_long_versions(lab), "--no-llm", "-q", "--deadline", "2")


def _deadline_summary(lab: Lab) -> Outcome:
    return lab.run(_long_versions(lab)[0], *lab.model(), "-q", "--deadline", "2")


def _input_too_big(lab: Lab) -> Outcome:
    return lab.run(lab.path("big.txt", SAMPLE_TEXT * 1500), *lab.model(), "-q")


def _long_sentence(lab: Lab) -> Outcome:
    sentence = "The council met " + "and talked " * 110_000 + "until dawn.\n"
    return lab.run(lab.path("long.txt", sentence), *lab.model(), "-q")


def _related_posts(lab: Lab) -> Outcome:
    text = (
        "Meta delays its biggest open model\nTuesday, March 3, 2026 (outlet 1)\nRelated Posts\n"
        "Meta has postponed the public release of Behemoth, its largest language model, after internal tests "
        "showed weaker results than expected.\nThe company had planned to ship the model in April, according to "
        "people familiar with the matter.\nA spokesperson said the company remains committed to open models.\n"
    )
    outcome = lab.run(lab.path("related.txt", text), *lab.model(), "--json", "-q", "--no-verify")
    if outcome.exit:
        return outcome
    article = json.loads(outcome.stdout)["article"]
    shown = f"an article of {len(article['sentences'])} sentences, published {article['published']}"
    return Outcome(outcome.exit, outcome.stdout, outcome.stderr, outcome.seconds, shown)


def _option(*arguments: str) -> Callable[[Lab], Outcome]:
    def case(lab: Lab) -> Outcome:
        return lab.run(*arguments, lab.path("a.txt", SAMPLE_TEXT), *lab.model(), "-q")

    return case


def _keyless(lab: Lab) -> Outcome:
    lab.env.pop("OPENAI_API_KEY")
    return lab.run(str(SAMPLE), *lab.model(), "-q")


def _key_at_the_cut(lab: Lab) -> Outcome:
    with fault_server(Step(400, message="x" * 232 + f" Authorization: Bearer {KEY}")) as server:
        return lab.run(str(SAMPLE), *lab.model(server.url), "-q")


def _password_in_url(lab: Lab) -> Outcome:
    """The row's run, and one with -v (the model libraries' logs too) searched for the password."""
    with fault_server(Step(500)) as server:
        url = server.url.replace("http://", f"http://reporter:{PASSWORD}@")
        outcome = lab.run(str(SAMPLE), *lab.model(url), "--timeout", "10", "-q")
        verbose = lab.run(str(SAMPLE), *lab.model(url), "--timeout", "10", "-v")
    return dataclasses.replace(outcome, also_seen=verbose.stdout + verbose.stderr)


def _control_sequences(lab: Lab) -> Outcome:
    hostile = ARTICLE.read_text().replace("finalized the training", "finalized\x1b]52;c;cm0gLXJmCg==\x07 the training")
    claim = "Meta finalized\x1b]0;pwned\x07 the training process for Behemoth.\n"
    return lab.run("check", "--no-llm", "-q", "-s", lab.path("a.txt", hostile), lab.path("s.txt", claim))


SPEAKER = (
    "City council debates the new budget\nThe city council met on Monday to debate the budget for the coming year, "
    "which faces a deficit of $4 million.\nJane Smith, the council's finance chair, presented the figures to a "
    'packed chamber and warned of hard choices.\n"We will cut taxes next year," said Tom Brown, the mayor, who is '
    "running for re-election in November.\nThe council will vote on the budget at its next meeting in March.\n"
)


def _wrong_speaker(lab: Lab) -> Outcome:
    claim = 'Jane Smith said "we will cut taxes next year".\n'
    return lab.run("check", "--no-llm", "-q", "-s", lab.path("a.txt", SPEAKER), lab.path("s.txt", claim))


def _stdin_closed(lab: Lab) -> Outcome:
    return lab.run("-", *lab.model(), "-q", shell="<&-")


def _results_no_folder(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", {"id": "a", "text": SAMPLE_TEXT})
    return lab.run("batch", items, "--out", lab.path("no-folder/r.jsonl"), "--no-progress", *lab.model())


def _concurrency(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", {"id": "a", "text": SAMPLE_TEXT})
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--concurrency", "99999999999999999999")


def _row_outside(lab: Lab) -> Outcome:
    (lab.work / "wire").mkdir()
    items = lab.rows("wire/items.jsonl", {"id": "up", "path": "../secret.txt"}, {"id": "ok", "text": SHORT})
    lab.path("secret.txt", SHORT)
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", *lab.model())


def _sigterm(lab: Lab) -> Outcome:
    items = lab.rows("items.jsonl", *({"id": f"item-{n}", "text": SHORT} for n in range(12)))
    out = lab.work / "r.jsonl"
    with fake_openai(latency=0.5) as slow:
        started = time.monotonic()
        process = lab.start("batch", items, "--out", str(out), "--no-progress", "--concurrency", "3",
                            *lab.model(slow.url))  # fmt: skip
        _wait_for(lambda: out.exists() and out.read_text().count("\n") >= 2)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=120)
    return Outcome(process.returncode, stdout, stderr, time.monotonic() - started)


def _stdout(shell: str) -> Callable[[Lab], Outcome]:
    def case(lab: Lab) -> Outcome:
        return lab.run("check", "--no-llm", "-q", "-s", str(ARTICLE), lab.path("s.txt", CLAIM), shell=shell)

    return case


def _latin1_row(lab: Lab) -> Outcome:
    row = b'{"id": "latin", "text": "' + b"Caf\xe9 owners in the city met on Monday to discuss new rules. " * 5
    items = lab.path("items.jsonl", row + b'"}\n' + json.dumps({"id": "ok", "text": SHORT}).encode() + b"\n")
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", *lab.model())


def _csv_count(lab: Lab) -> Outcome:
    body = SHORT.replace('"', "'")
    items = lab.path("items.csv", "id,text\n" + "".join(f'row-{n},"{body}"\n' for n in range(3)))
    return lab.run("batch", items, "--out", lab.path("r.jsonl"), "--no-progress", *lab.model())


def _config(content: str | None) -> Callable[[Lab], Outcome]:
    def case(lab: Lab) -> Outcome:
        path = lab.work / "config.toml"
        if content is None:
            path.mkdir()
        else:
            path.write_text(content)
        lab.env["SUMMARIZE_CONFIG"] = str(path)
        return lab.run(str(SAMPLE), "--api-base", lab.url, "-q")

    return case


def _story_missing(lab: Lab) -> Outcome:
    return lab.run("story", "--no-llm", "-q", str(ARTICLE), lab.path("missing.txt"))


def _story_unrelated(lab: Lab) -> Outcome:
    doc = json.loads((ROOT / "evals" / "data" / "frank_valid.jsonl").read_text().splitlines()[0])["doc"]
    return lab.run("story", "--no-llm", "-q", str(ARTICLE), lab.path("other.txt", doc))


def cases() -> list[Case]:
    return [
        Case("output-is-a-device", "1", 2, _output_device),
        Case("results-file-is-the-input", "2", 2, _results_is_input),
        Case("results-file-not-ours", "2", 2, _results_not_ours),
        Case("results-file-in-use", "3", 2, _results_in_use),
        Case("repeated-ids", "4", 2, _repeated_ids),
        Case("row-is-dev-zero", "5", 1, _row_dev_zero),
        Case("source-is-dev-zero", "5", 4, _source_dev_zero),
        Case("input-over-4-mib", "5", 7, _input_too_big),
        Case("row-is-a-fifo", "6", 1, _row_fifo),
        Case("deadline-in-story-work", "7, 8", 10, _deadline_story),
        Case("deadline-in-summary-work", "7", 10, _deadline_summary),
        Case("date-line-above-related-posts", "9", 0, _related_posts),
        Case("sentence-of-1.1-mb", "10", 7, _long_sentence),
        Case("timeout-inf", "11", 2, _option("--timeout", "inf")),
        Case("deadline-nan", "12", 2, _option("--deadline", "nan")),
        Case("keyless-api-base", "13", 9, _keyless),
        Case("key-at-the-cut", "14", 3, _key_at_the_cut),
        Case("password-in-api-base", "15", 10, _password_in_url),
        Case("control-sequences", "16", 13, _control_sequences),
        Case("quote-given-to-wrong-person", "17", 1, _wrong_speaker),
        Case("stdin-closed", "18", 4, _stdin_closed),
        Case("results-folder-missing", "19", 2, _results_no_folder),
        Case("concurrency-huge", "20", 2, _concurrency),
        Case("row-outside-its-folder", "21", 1, _row_outside),
        Case("sigterm-to-batch", "22", 143, _sigterm),
        Case("stdout-closed", "23", 2, _stdout(">&-")),
        Case("stdout-full", "23", 2, _stdout("> /dev/full")),
        Case("latin-1-row", "24", 1, _latin1_row),
        Case("csv-quoted-newlines", "25", 0, _csv_count),
        Case("config-model-5", "26", 2, _config("model = 5\n")),
        Case("config-is-a-folder", "26", 2, _config(None)),
        Case("story-missing-file", "27", 4, _story_missing),
        Case("story-unrelated-articles", "28", 2, _story_unrelated),
        Case("argument-is-a-directory", "29", 4, lambda lab: lab.run(str(lab.work), "-q")),
        Case("unknown-option", "29", 2, lambda lab: lab.run("--no-such-option", str(SAMPLE))),
    ]


def run_case(case: Case) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder, fake_openai() as server:
        work = Path(folder)
        env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(work / "cache"), "OPENAI_API_KEY": KEY}
        env["SUMMARIZE_CONFIG"] = str(work / "no-config.toml")
        env.pop("SUMMARIZE_MODEL", None)
        outcome = case.run(Lab(work, server.url, env))
        written = _written(work)
    return _row(case.name, case.item, case.expected_exit, outcome, written)


def run_fault(fault: Fault, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(work / "cache"), "OPENAI_API_KEY": KEY}
        env.pop("SUMMARIZE_MODEL", None)
        if fault.name == "no-key":
            env.pop("OPENAI_API_KEY")
            return _invoke(fault, ["--model", "openai/gpt-4o-mini"], env, work, timeout)
        if fault.name == "refused":
            return _invoke(fault, _hosted(f"http://127.0.0.1:{_free_port()}/v1"), env, work, timeout)
        with fault_server(*fault.steps) as server:
            return _invoke(fault, _hosted(server.url), env, work, timeout)


def _hosted(url: str) -> list[str]:
    return ["--model", "openai/fault-test", "--api-base", url]


def _invoke(fault: Fault, model: list[str], env: dict[str, str], work: Path, timeout: float) -> dict[str, object]:
    if fault.judge:
        summary = work / "summary.txt"
        summary.write_text("Meta delayed the release of Behemoth.")
        command = [SUMMARIZE, "check", "-s", str(SAMPLE), str(summary), *model]
    else:
        command = [SUMMARIZE, str(SAMPLE), *model, "-o", str(work / "out.md")]
    started = time.monotonic()
    result = subprocess.run([*command, "-q", "--timeout", str(timeout)], env=env, capture_output=True, text=True)
    outcome = Outcome(result.returncode, result.stdout, result.stderr, time.monotonic() - started)
    return _row(fault.name, "", fault.expected_exit, outcome, _written(work))


def _written(work: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in work.rglob("*") if p.is_file() and not p.is_symlink())


def _row(name: str, item: str, expected: int, outcome: Outcome, written: str) -> dict[str, object]:
    lines = outcome.stderr.strip().splitlines()
    shown = outcome.stdout + outcome.stderr + outcome.also_seen
    error_line = len(lines) == 1 and lines[0].startswith("summarize: error: ")
    return {
        "fault": name,
        "item": item,
        "exit": outcome.exit,
        "expected_exit": expected,
        "seconds": round(outcome.seconds, 1),
        "message": outcome.message or (lines[-1] if lines else outcome.stdout.strip().split("\n")[0]),
        "one_line": "Traceback" not in outcome.stderr and (outcome.exit in OUTCOMES or error_line),
        "leak_found": _leaks(shown + written) or any(c in shown for c in "\x1b\x07"),
    }


def _leaks(text: str) -> bool:
    """Whether any eight characters in a row of the key or of the password are in `text`."""
    return any(secret[i : i + 8] in text for secret in (KEY, PASSWORD) for i in range(len(secret) - 7))


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the first run did not start within {seconds} s")
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def markdown(rows: list[dict[str, object]], bound: float) -> str:
    lines = [
        f"| fault | #28 item | exit (documented) | seconds (bound {bound:g}) | message | secret or control character |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        message = str(row["message"]).replace("|", "/")
        message = message if len(message) <= 110 else message[:107] + "..."
        lines.append(
            f"| {row['fault']} | {row['item'] or '-'} | {row['exit']} ({row['expected_exit']}) | {row['seconds']} | "
            f"{message} | {'yes' if row['leak_found'] else 'no'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", help="comma-separated fault names (default: all)")
    parser.add_argument("--timeout", type=float, default=10.0, help="the CLI's --timeout for the provider's faults")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    options = parser.parse_args()
    provider, own = faults(options.timeout), cases()
    if options.faults:
        wanted = options.faults.split(",")
        unknown = set(wanted) - {f.name for f in provider} - {c.name for c in own}
        if unknown:
            parser.error(f"unknown fault(s): {', '.join(sorted(unknown))}")
        provider = [f for name in wanted for f in provider if f.name == name]
        own = [c for name in wanted for c in own if c.name == name]
    bound = options.timeout + 20  # the call's deadline, plus process start-up and the retry policy's waits
    rows = [run_fault(fault, options.timeout) for fault in provider] + [run_case(case) for case in own]
    print(json.dumps(rows, indent=2) if options.json else markdown(rows, bound))
    broken = [r for r in rows if r["exit"] != r["expected_exit"] or r["leak_found"] or float(str(r["seconds"])) > bound]
    return 1 if broken or not all(r["one_line"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
