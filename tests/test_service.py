"""The newsroom service over HTTP: the contract (202 + Location, jobs, problem details), tokens, limits, idempotency,
cancelling, the audit log, and the job store's guarantees (one worker per job, a lost lease taken up again).

The model is a loopback OpenAI-compatible stand-in (hosted style: `openai/...` with an `api_base`); the app runs
in-process under starlette's TestClient (its lifespan starts the worker)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from summarize import CheckedSummary, CheckReport, ModelConfig, Settings, StoryReport, check, summarize
from summarize.cli import cli
from summarize.llm import NO_WAIT
from summarize.service import (
    AuditEntry,
    BatchJobResult,
    DatabaseUnavailableError,
    Job,
    JobStore,
    ServiceSettings,
    Tokens,
    create_app,
    sqlite_url,
)
from summarize.service._group_commit import GroupCommit
from summarize.service._store import IdempotencyConflictError, NewJob
from summarize.testing import FakeOpenAI, fake_openai

from .conftest import SAMPLES

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1", "testserver"])
TOKEN, OTHER = "desk-token-0123456789", "sport-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SAMPLE_B = (SAMPLES / "meta-open-models-b.txt").read_text()
SAMPLE_C = (SAMPLES / "meta-open-models-c.txt").read_text()
FINISHED = ("done", "failed", "cancelled")
FRENCH = (
    "Le conseil municipal a voté hier soir une nouvelle loi sur les transports publics. Les élus de l'opposition ont "
    "dénoncé une décision prise sans concertation avec les habitants du quartier. Le maire a promis de nouvelles "
    "réunions publiques avant la fin du mois de mars."
)


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-service-0123456789abcdef")


def settings(folder: Path, url: str, **overrides: Any) -> ServiceSettings:
    tokens = Tokens.from_lines([f"desk:{TOKEN}", f"sport:{OTHER}"])
    run = Settings(model=ModelConfig(model="openai/stand-in", api_base=url, retry=NO_WAIT))
    values: dict[str, Any] = {"tokens": tokens, "concurrency": 2, "poll_seconds": 0.05, "worker": "thread"} | overrides
    return ServiceSettings(run, sqlite_url(folder), data_dir=folder, **values)


@pytest.fixture(scope="module")
def stand_in() -> Iterator[str]:
    with fake_openai() as server:
        yield server.url


@pytest.fixture
def client(tmp_path, stand_in) -> Iterator[TestClient]:
    with TestClient(create_app(settings(tmp_path, stand_in))) as running:
        yield running


def wait(client: TestClient, job_id: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}", headers=AUTH).json()
        if job["status"] in FINISHED:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def post(client: TestClient, path: str, body: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    answer = client.post(path, json=body, headers=headers or AUTH)
    assert answer.status_code == 202, answer.text
    assert answer.headers["location"] == f"/v1/jobs/{answer.json()['id']}"
    return answer.json()


def test_a_summary_job_is_accepted_followed_and_answers_the_clis_json(client):
    accepted = post(client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False})
    assert accepted["status"] == "queued"
    job = wait(client, accepted["id"])
    assert job["status"] == "done", job["error"]
    assert job["kind"] == "summary" and job["error"] is None and job["attempts"] == 1
    assert job["progress"] == {"stage": "done", "done": 2, "total": 2}
    result = CheckedSummary.model_validate(job["result"])
    assert result.summary.key_points and result.model == "openai/stand-in" and result.check is None
    direct = summarize(SAMPLE_B, settings=client_settings(client), verify=False)
    assert result.summary == direct.summary and result.article.sentences == direct.article.sentences


def running(client: TestClient) -> Any:
    """The app's running service (its settings, store, worker)."""
    app: Any = client.app
    return app.state.service


def client_settings(client: TestClient) -> Settings:
    run: Settings = running(client).settings.run
    return run


def test_checks_stories_and_batches_use_the_public_api_and_its_schemas(client):
    plain = post(
        client, "/v1/checks", {"sources": [{"text": SAMPLE_B}], "summary": "Meta is reconsidering.", "use_llm": False}
    )
    ours = summarize(SAMPLE_B, settings=client_settings(client), verify=False)
    as_json = post(client, "/v1/checks", {"sources": [{"text": SAMPLE_B}], "summary": ours.model_dump(mode="json")})
    story = post(
        client, "/v1/stories", {"sources": [{"text": SAMPLE_B, "name": "wire"}, {"text": SAMPLE_C}], "use_llm": False}
    )
    lines = "\n".join(json.dumps({"id": f"item-{n}", "text": SAMPLE_B}) for n in range(3))
    batch = client.post("/v1/batches", content=lines, headers=AUTH | {"Content-Type": "application/jsonl"})
    assert batch.status_code == 202
    report = CheckReport.model_validate(wait(client, plain["id"])["result"])
    direct = check("Meta is reconsidering.", [SAMPLE_B], use_llm=False)
    assert report.judge is None and report.claims == direct.claims
    keyed = CheckReport.model_validate(wait(client, as_json["id"])["result"])
    assert [c.key_point for c in keyed.claims] == list(range(len(ours.summary.key_points)))
    compared = StoryReport.model_validate(wait(client, story["id"])["result"])
    assert [s.label for s in compared.sources] == ["wire", "source 2"]
    items = BatchJobResult.model_validate(wait(client, batch.json()["id"])["result"])
    assert items.summary.ok == 3 and sorted(i.id for i in items.items) == ["item-0", "item-1", "item-2"]


def test_the_same_request_gives_the_same_job_and_a_reused_key_with_another_body_is_refused(client):
    body = {"article": {"text": SAMPLE_C}, "verify": False}
    first, again = post(client, "/v1/summaries", body), client.post("/v1/summaries", json=body, headers=AUTH)
    assert again.json()["id"] == first["id"] and again.headers["idempotent-replayed"] == "true"
    keyed = AUTH | {"Idempotency-Key": "cms-42"}
    one = post(client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False}, keyed)
    assert post(client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False}, keyed)["id"] == one["id"]
    clash = client.post("/v1/summaries", json=body, headers=keyed)
    assert clash.status_code == 422 and clash.json()["kind"] == "idempotency-conflict"
    assert clash.headers["content-type"] == "application/problem+json"


def test_tokens_are_required_named_and_audited_and_health_needs_none(client):
    assert client.get("/v1/health").json()["status"] == "ok"
    assert client.get("/v1/ready").json()["ready"] is True
    missing = client.post("/v1/summaries", json={"article": {"text": SAMPLE_B}})
    wrong = client.get("/v1/jobs/x", headers={"Authorization": "Bearer not-a-known-token-at-all"})
    for refused in (missing, wrong):
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert refused.json()["kind"] == "unauthorized" and refused.json()["type"] == "/v1/problems/unauthorized"
    job = post(
        client, "/v1/summaries", {"article": {"text": SAMPLE_C}, "verify": False}, {"Authorization": f"Bearer {OTHER}"}
    )
    wait(client, job["id"])
    store = running(client).store
    rows = store.audit_log(job["id"])
    assert [(r["action"], r["token"]) for r in rows] == [("accepted", "sport"), ("done", "sport")]
    done = rows[-1]
    assert (
        done["model"] == "openai/stand-in" and done["prompt_version"] and done["decision_rule"].startswith("threshold")
    )
    assert TOKEN not in json.dumps(store.audit_log()) and SAMPLE_C[:40] not in json.dumps(store.audit_log())
    assert {r["detail"] for r in store.audit_log() if r["action"] == "refused"} == {"no bearer token", "unknown token"}


def test_a_body_over_the_cap_is_refused_whether_its_length_is_declared_or_not(client):
    big = b"x" * (20 * 2**20)
    declared = client.post("/v1/summaries", content=big, headers=AUTH | {"Content-Type": "application/json"})
    chunked = client.post("/v1/batches", content=iter([big[: 2**20]] * 20), headers=AUTH)
    for refused in (declared, chunked):
        assert refused.status_code == 413 and refused.json()["kind"] == "request-too-large"


def test_errors_are_problem_details_with_the_clis_kinds_and_exit_codes(client):
    empty = client.post("/v1/summaries", json={"article": {"text": "   "}}, headers=AUTH)
    assert (empty.status_code, empty.json()["kind"], empty.json()["exit_code"]) == (422, "empty-input", 5)
    shape = client.post("/v1/summaries", json={"text": SAMPLE_B}, headers=AUTH)
    assert shape.status_code == 422 and shape.json()["kind"] == "invalid-request" and shape.json()["errors"]
    one_source = client.post("/v1/stories", json={"sources": [{"text": SAMPLE_B}]}, headers=AUTH)
    assert one_source.status_code == 422
    coverage = client.post(
        "/v1/checks", json={"sources": [{"text": SAMPLE_B}], "summary": "x", "coverage": True}, headers=AUTH
    )
    assert coverage.status_code == 422 and "coverage" in coverage.json()["detail"]
    assert client.get("/v1/jobs/nothing-here", headers=AUTH).json()["kind"] == "not-found"
    french = post(client, "/v1/summaries", {"article": {"text": FRENCH}})
    failed = wait(client, french["id"])
    assert failed["status"] == "failed" and failed["result"] is None
    assert (failed["error"]["kind"], failed["error"]["exit_code"], failed["error"]["status"]) == ("not-english", 6, 422)


def test_progress_streams_as_server_sent_events_ending_with_the_result(client):
    job = post(client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False, "check": True})
    events: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", f"/v1/jobs/{job['id']}/events", headers=AUTH) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
    assert events[-1][0] == "done" and events[-1][1]["result"]["check"] is not None
    assert all(name == "progress" and data["result"] is None for name, data in events[:-1])


@pytest.fixture
def held_model() -> Iterator[FakeOpenAI]:
    with fake_openai() as server:
        yield server


@pytest.fixture
def slow_client(tmp_path, held_model) -> Iterator[TestClient]:
    with TestClient(create_app(settings(tmp_path, held_model.url, concurrency=1))) as c:
        yield c


def test_cancelling_a_queued_or_running_job_keeps_it_cancelled_and_drops_its_result(slow_client, held_model):
    held_model.hold()  # no job can finish before it is cancelled, however loaded the machine
    in_flight = post(slow_client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False})
    queued = post(slow_client, "/v1/summaries", {"article": {"text": SAMPLE_C}, "verify": False})
    deadline = time.monotonic() + 30
    while slow_client.get(f"/v1/jobs/{in_flight['id']}", headers=AUTH).json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    for job in (queued, in_flight):
        cancelled = slow_client.delete(f"/v1/jobs/{job['id']}", headers=AUTH)
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    held_model.release()
    time.sleep(1.0)  # the running job's model call returns meanwhile
    assert wait(slow_client, in_flight["id"])["status"] == "cancelled"
    store = running(slow_client).store
    assert [r["action"] for r in store.audit_log(in_flight["id"])] == ["accepted", "cancelled"]
    again = post(slow_client, "/v1/summaries", {"article": {"text": SAMPLE_C}, "verify": False})
    assert again["id"] != queued["id"], "asking again after a cancel runs the job again"


def test_a_finished_job_cannot_be_cancelled_and_old_results_are_swept(client):
    job = post(client, "/v1/summaries", {"article": {"text": SAMPLE_B}, "verify": False})
    wait(client, job["id"])
    late = client.delete(f"/v1/jobs/{job['id']}", headers=AUTH)
    assert late.status_code == 409 and late.json()["kind"] == "job-finished"
    store = running(client).store
    assert store.sweep(keep_days=1) == 0 and store.sweep(keep_days=0) >= 1
    assert client.get(f"/v1/jobs/{job['id']}", headers=AUTH).status_code == 404
    assert [r["action"] for r in store.audit_log(job["id"])] == ["accepted", "done"], "the audit log stays"


def test_each_token_has_its_own_rate_limit(tmp_path, stand_in):
    with TestClient(create_app(settings(tmp_path, stand_in, rate_per_minute=2))) as limited:
        codes = [limited.get("/v1/jobs/x", headers=AUTH).status_code for _ in range(3)]
        assert codes == [404, 404, 429]
        refused = limited.get("/v1/jobs/x", headers=AUTH)
        assert refused.json()["kind"] == "rate-limited" and int(refused.headers["retry-after"]) >= 1
        assert limited.get("/v1/jobs/x", headers={"Authorization": f"Bearer {OTHER}"}).status_code == 404


def test_without_auth_the_caller_is_local(tmp_path, stand_in):
    with TestClient(create_app(settings(tmp_path, stand_in, tokens=None))) as open_client:
        job = open_client.post("/v1/summaries", json={"article": {"text": SAMPLE_B}, "verify": False})
        assert job.status_code == 202
        store = running(open_client).store
        assert store.audit_log(job.json()["id"])[0]["token"] == "local"


def test_the_page_docs_and_openapi_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/page.js" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "default-src 'self'" in policy
    assert client.get("/jobs/0123456789abcdef0123456789abcdef").text == page.text, "a job's link opens the page"
    script = client.get("/static/page.js").text
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "textContent" in script
    document = client.get("/v1/openapi.json").json()
    assert {"/v1/summaries", "/v1/checks", "/v1/stories", "/v1/batches", "/v1/jobs/{job_id}"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    docs = client.get("/v1/docs")
    assert docs.status_code == 200 and "/v1/docs-assets/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert client.get("/v1/docs-assets/swagger-ui-bundle.js").status_code == 200


def new_job(number: int, key: str = "settings") -> NewJob:
    return NewJob("summary", json.dumps({"n": number}), f"digest-{number}", f"key-{number}", key, "desk")


@pytest.fixture
def store(tmp_path) -> Iterator[JobStore]:
    opened = JobStore(sqlite_url(tmp_path))
    opened.create_tables()
    yield opened
    opened.close()


def test_concurrent_workers_never_take_the_same_job(store):
    for number in range(60):
        store.submit(new_job(number), AuditEntry("accepted", "desk"))
    store.submit(new_job(99, key="other model"), AuditEntry("accepted", "desk"))
    taken: list[str] = []

    def worker(name: str) -> None:
        while (job := store.claim(name, "settings", lease=60)) is not None:
            taken.append(job.id)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 60 and len(set(taken)) == 60, "each job taken once; the other model's job left alone"


def test_a_job_whose_worker_died_is_taken_up_again_and_finished_once(store):
    job, _ = store.submit(new_job(1), AuditEntry("accepted", "desk"))
    assert store.claim("dead", "settings", lease=0.05) is not None
    assert store.claim("alive", "settings", lease=60) is None, "not while the lease holds"
    time.sleep(0.1)
    again = store.claim("alive", "settings", lease=60)
    assert again is not None and again.id == job.id and again.attempts == 2
    entry = AuditEntry("done", "desk", job_id=job.id)
    assert not store.finish(job.id, "dead", entry, result="{}"), "the dead worker's late result is refused"
    assert store.finish(job.id, "alive", entry, result="{}")
    assert not store.finish(job.id, "alive", entry, result="{}"), "never finished twice"
    assert Counter(r["action"] for r in store.audit_log(job.id)) == {"accepted": 1, "done": 1}


def test_jobs_submitted_together_are_one_transaction_and_a_refused_one_stops_no_other(store):
    reused_key = replace(new_job(2), request_digest="another request")  # key-2 again, for something else
    outcomes = store.submit_many(
        [(new_job(1), AuditEntry("accepted", "desk")), (new_job(2), AuditEntry("accepted", "desk")),
         (new_job(1), AuditEntry("accepted", "desk")), (reused_key, AuditEntry("accepted", "desk"))]
    )  # fmt: skip
    first, second, again, refused = outcomes
    assert isinstance(first, tuple) and isinstance(second, tuple) and isinstance(again, tuple)
    assert first[1] and second[1] and again == (first[0], False), "asked twice in one group: one job"
    assert isinstance(refused, IdempotencyConflictError)
    assert store.get(first[0].id) == first[0] and store.counts() == {"queued": 2}


def test_jobs_posted_at_once_are_written_in_groups_each_job_answered(store):
    calls: list[int] = []
    submit_many = store.submit_many

    def counted(asked):
        calls.append(len(asked))
        return submit_many(asked)

    async def post_at_once(count: int) -> list[tuple[Job, bool]]:
        group = GroupCommit(store, most=8)
        return await asyncio.gather(*(group.submit(new_job(n), AuditEntry("accepted", "desk")) for n in range(count)))

    store.submit_many = counted
    answered = asyncio.run(post_at_once(20))
    assert [job.request for job, _ in answered] == [new_job(n).request for n in range(20)], "each its own job"
    assert calls == [8, 8, 4], "those posted together written together, 8 at most a transaction"
    assert store.counts() == {"queued": 20}


def test_a_group_the_database_refuses_refuses_each_of_its_jobs_and_the_next_group_is_written(store):
    async def post(group: GroupCommit, numbers: range) -> list[Any]:
        asked = (group.submit(new_job(n), AuditEntry("accepted", "desk")) for n in numbers)
        return await asyncio.gather(*asked, return_exceptions=True)

    def read_only(_asked: Any) -> None:
        raise DatabaseUnavailableError("cannot write to the job database: attempt to write a readonly database")

    submit_many = store.submit_many
    group = GroupCommit(store)
    store.submit_many = read_only
    assert all(isinstance(o, DatabaseUnavailableError) for o in asyncio.run(post(group, range(3))))
    store.submit_many = submit_many
    assert all(created for _, created in asyncio.run(post(group, range(3, 6))))


def test_serve_refuses_bad_setups_in_one_line(tmp_path):
    runner = CliRunner()
    no_tokens = runner.invoke(cli, ["serve", "--data-dir", str(tmp_path), "-m", "openai/x"])
    assert no_tokens.exit_code == 2 and "--token-file" in no_tokens.output
    exposed = runner.invoke(cli, ["serve", "--no-auth", "--host", "0.0.0.0", "-m", "openai/x"])
    assert exposed.exit_code == 2 and "loopback" in exposed.output
    weak = tmp_path / "tokens.txt"
    weak.write_text("desk:short\n")
    refused = runner.invoke(cli, ["serve", "--token-file", str(weak), "--data-dir", str(tmp_path), "-m", "openai/x"])
    assert refused.exit_code == 2 and "shorter than 16" in refused.output
    embedded = runner.invoke(cli, ["serve", "--no-auth", "--concurrency", "4", "--data-dir", str(tmp_path)])
    assert embedded.exit_code == 2 and "one request at a time" in embedded.output
    made = JobStore(sqlite_url(tmp_path))
    made.create_tables()
    made.close()
    read_only = f"sqlite:///file:{tmp_path / 'jobs.db'}?mode=ro&uri=true"
    locked = runner.invoke(cli, ["serve", "--no-auth", "--database", read_only, "-m", "openai/x"])
    assert locked.exit_code == 2 and "readonly database" in locked.output
    assert len(locked.output.strip().splitlines()) == 1 and "Traceback" not in locked.output


def test_a_database_that_cannot_be_written_gets_503_and_ready_recovers(client, monkeypatch):
    from summarize.service import DatabaseUnavailableError

    store = running(client).store
    submit, probe = store.submit_many, store.probe_write

    def read_only(*_args: Any) -> None:
        raise DatabaseUnavailableError("cannot write to the job database: attempt to write a readonly database")

    monkeypatch.setattr(store, "submit_many", read_only)
    monkeypatch.setattr(store, "probe_write", read_only)
    refused = client.post("/v1/summaries", json={"article": {"text": SAMPLE_B}}, headers=AUTH)
    assert refused.status_code == 503 and refused.json()["kind"] == "database-unavailable"
    assert client.get("/v1/ready").status_code == 503 and client.get("/v1/health").status_code == 200
    monkeypatch.setattr(store, "submit_many", submit)
    monkeypatch.setattr(store, "probe_write", probe)
    assert client.get("/v1/ready").status_code == 200, "ready again once a write succeeds"
    assert client.post("/v1/summaries", json={"article": {"text": SAMPLE_B}}, headers=AUTH).status_code == 202
