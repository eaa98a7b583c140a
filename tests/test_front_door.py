"""The front door (issue #29): a line per stage on stderr while a command works, a key check that knows local
servers, and articles read from a URL."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import Settings, batch
from summarize.cli import cli
from summarize.llm import ModelConfig, RetryPolicy
from summarize.testing import fake_openai

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
A, B = str(SAMPLES / "meta-open-models-a.txt"), str(SAMPLES / "meta-open-models-b.txt")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-front-door-0123456789")
    with fake_openai() as running:
        yield running


def test_summarize_reports_each_stage_on_stderr_never_on_stdout(server):
    outcome = run(A, "--check", "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code == 0, outcome.stderr
    stages = [line for line in outcome.stderr.splitlines() if line.startswith("summarize: ")]
    assert any(
        line.startswith("summarize: summarizing ") and line.endswith("a.txt with openai/fake") for line in stages
    )
    assert "summarize: verifying key point 1/" in outcome.stderr
    assert "summarize: checking " in outcome.stderr and "summarize: looking for " in outcome.stderr
    assert "summarize:" not in outcome.stdout and outcome.stdout.startswith("# ")


def test_quiet_silences_the_stages(server):
    outcome = run(A, "-q", "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code == 0 and outcome.stderr == ""
    assert outcome.stdout.startswith("# ")


def test_check_counts_the_claims_it_judges(server, tmp_path):
    summary = tmp_path / "summary.txt"
    summary.write_text("Meta is weighing a change to its open models. The lab might stop releasing some of them.")
    outcome = run("check", "-s", A, str(summary), "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert "summarize: checking 2 claim(s) against 1 source(s)" in outcome.stderr
    assert "summarize: judging claim 1/2" in outcome.stderr and "summarize: judging claim 2/2" in outcome.stderr
    assert "judging" not in outcome.stdout


def test_story_reports_alignment_and_the_judge(server):
    outcome = run("story", A, B, "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code in (0, 1), outcome.stderr
    for stage in ("aligned 2 versions", "finding the facts of", "summarizing", "asking the judge about", "listing"):
        assert f"summarize: {stage}" in outcome.stderr
    assert "the version closest to the common account" in outcome.stderr
    assert "summarize:" not in outcome.stdout
    assert run("story", A, B, "--no-llm", "-q").stderr == ""


def test_a_batch_shows_its_bar_not_its_items_stages(server, tmp_path, caplog):
    items = tmp_path / "items.jsonl"
    (tmp_path / "a.txt").write_text(Path(A).read_text())
    items.write_text('{"id": "n0", "path": "a.txt"}\n{"id": "n1", "path": "a.txt"}\n')
    settings = Settings(model=ModelConfig(model="openai/fake", api_base=server.url, retry=RetryPolicy(attempts=1)))
    with caplog.at_level(logging.INFO, logger="summarize"):
        done = batch(str(items), tmp_path / "out.jsonl", settings=settings, check=True)
    assert done.ok == 2
    assert not [r for r in caplog.records if r.name == "summarize.progress"]
    assert logging.getLogger("summarize.progress").level == logging.NOTSET, "muted only while the batch ran"


@pytest.mark.parametrize(
    "command",
    [["run", A], ["run", A, "--check"], ["check", "-s", A, B], ["story", A, B]],
    ids=["run", "run-check", "check", "story"],
)
def test_a_local_server_without_a_key_is_exit_9_before_any_work(command):
    """`--model openai/x --api-base http://127.0.0.1:PORT/v1` with no OPENAI_API_KEY (the usual vLLM or LM Studio
    setup): refused at once with the way out, before the article is planned, claims checked or versions aligned;
    nothing is sent (the port refuses connections, and a retry would have taken 19 s and ended in exit 10)."""
    outcome = run(*command, "-m", "openai/x", "--api-base", "http://127.0.0.1:9/v1")
    assert outcome.exit_code == 9
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, "no stage began"
    assert "OPENAI_API_KEY" in lines[0] and "set it to any value" in lines[0] and "hosted_vllm/x" in lines[0]


PAGE = (
    "<html><head><title>Meta weighs a change</title></head><body><nav><a href='/'>Home</a></nav><article>"
    + "".join(f"<p>{line}</p>" for line in Path(A).read_text().splitlines() if line.strip())
    + "</article></body></html>"
)


@pytest.fixture
def site():
    """A loopback web server: `/story` is an article page, `/big` a page over 4 MiB, `/slow` answers after 2 s,
    `/moved` redirects to `/story`; anything else is 404."""
    import contextlib
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("location", "/story")
                self.end_headers()
                return
            if self.path == "/slow":
                time.sleep(2)
            body = {"/story": PAGE, "/slow": PAGE, "/big": "<p>word </p>" * 500_000}.get(self.path)
            self.send_response(200 if body is not None else 404)
            payload = (body or "not here").encode()
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up on /slow
                self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_article_is_read_from_a_url(site):
    from summarize import load_article

    article = load_article(f"{site}/moved")
    assert article.source == f"{site}/moved" and article.title == "Meta weighs a change"
    assert "Leading figures within Meta's newly established Superintelligence Lab" in article.text
    assert len(article.sentences) > 10 and "Home" not in article.text


def test_a_url_on_the_command_line_is_summarized(site, server):
    outcome = run(f"{site}/story", "--json", "-m", "openai/fake", "--api-base", server.url)
    assert outcome.exit_code == 0, outcome.stderr
    assert f'"source":"{site}/story"' in outcome.stdout.replace(" ", "")
    assert f"summarize: fetching {site}/story" in outcome.stderr


@pytest.mark.parametrize(
    ("where", "code", "message"),
    [
        ("/gone", 4, "HTTP 404"),
        ("/big", 7, "longer than 4 MiB"),
        ("/slow", 4, "no answer within 0.5 s"),
    ],
)
def test_a_page_that_cannot_be_used_is_one_line_and_its_code(site, monkeypatch, where, code, message):
    monkeypatch.setattr("summarize.input._url.URL_TIMEOUT", 0.5)
    outcome = run("story", f"{site}{where}", A, "--no-llm")
    assert outcome.exit_code == code
    assert outcome.stderr.splitlines()[-1].startswith("summarize: error: ") and message in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_a_server_that_refuses_is_exit_4():
    outcome = run("check", "-s", "http://127.0.0.1:9/story", A, "--no-llm", "-q")
    assert outcome.exit_code == 4 and outcome.stderr.count("\n") == 1
    assert "http://127.0.0.1:9/story: cannot be fetched" in outcome.stderr


def test_only_http_and_https_are_urls():
    from summarize import InputError, summarize
    from summarize.input import is_url

    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not any(is_url(v) for v in ("file:///etc/passwd", "ftp://example.org/a", "https:/x", "example.org/a"))
    assert run("file:///etc/passwd", "-q").exit_code == 4, "a file name, and no such file"
    with pytest.raises(InputError, match="load_article"):
        summarize("https://example.org/story")


def test_an_article_summarized_again_with_the_same_settings_comes_from_the_cache(server, tmp_path):
    copy = tmp_path / "same-text.txt"
    copy.write_text(Path(A).read_text())
    hosted = ("-m", "openai/fake", "--api-base", server.url)
    first = run(A, "--json", *hosted)
    asked = len(server.arrivals)
    again = run(str(copy), "--json", *hosted)
    assert first.exit_code == again.exit_code == 0 and asked > 0
    assert len(server.arrivals) == asked, "no request the second time"
    assert "the summary cached for this text" in again.stderr
    assert again.stdout == first.stdout.replace(A, str(copy)), "the same summary, of the file given this time"
    assert list((tmp_path / "cache" / "summaries").rglob("*.json")), "kept under SUMMARIZE_CACHE_DIR"

    fresh = run(A, "--json", "--no-cache", *hosted)
    assert len(server.arrivals) > asked and "cached" not in fresh.stderr
    unverified = run(A, "--json", "--no-verify", *hosted)
    assert "cached" not in unverified.stderr, "another setting, another key"


def test_the_python_api_caches_only_when_asked(server, tmp_path):
    from summarize import summarize

    settings = Settings(model=ModelConfig(model="openai/fake", api_base=server.url, retry=RetryPolicy(attempts=1)))
    summarize(Path(A), settings=settings, verify=False)
    assert not (tmp_path / "cache" / "summaries").exists()
    first = summarize(Path(A), settings=settings, verify=False, cache=True)
    asked = len(server.arrivals)
    assert summarize(Path(A), settings=settings, verify=False, cache=True) == first
    assert len(server.arrivals) == asked
    (entry,) = (tmp_path / "cache" / "summaries").rglob("*.json")
    entry.write_text("{not json")
    assert summarize(Path(A), settings=settings, verify=False, cache=True).summary == first.summary
    assert len(server.arrivals) > asked, "a damaged entry is a miss, and is replaced"


def test_a_dry_run_counts_the_calls_and_sends_nothing(server, monkeypatch):
    import json

    monkeypatch.delenv("OPENAI_API_KEY")  # nothing is sent, so no key is needed
    outcome = run(A, B, "--dry-run", "--json", "-m", "openai/fake", "--api-base", server.url, "--max-reasks", "1")
    assert outcome.exit_code == 0, outcome.stderr
    assert server.arrivals == []
    estimates = [json.loads(line) for line in outcome.stdout.splitlines()]
    assert [e["source"] for e in estimates] == [A, B]
    for e in estimates:
        assert e["reasks_max"] == 1 and e["calls_max"] == 2 + e["judge_questions_max"] and e["calls_min"] == 1
        assert 200 < e["summary_prompt_tokens"] == e["prompt_tokens_min"] < e["prompt_tokens_max"]
    plain = run(A, "--dry-run", "--no-verify", "-m", "openai/fake", "--api-base", server.url)
    assert plain.stdout.startswith(f"{A}: 1 to 3 calls to openai/fake") and "nothing was sent" in plain.stdout
