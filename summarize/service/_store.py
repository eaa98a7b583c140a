"""The job store: each job accepted once, taken up by one worker at a time, finished once; on any SQLAlchemy database.

A worker takes a job with one statement, `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)`: on Postgres
two replicas never take the same row, and on SQLite the statement runs inside the database's single write lock.
A taken job carries its worker's lease, renewed while it runs; a job whose lease ran out (its replica was killed)
is queued work again. A result is written only by the worker that holds the job (`owner` and `status` are in the
`WHERE`), so a job that was cancelled, or taken up again elsewhere, is never finished twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, and_, create_engine, delete, event, func, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from summarize import SummarizeError
from summarize.service._audit import AuditEntry
from summarize.service._tables import audit, jobs, metadata, replicas

Status = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: tuple[Status, ...] = ("done", "failed", "cancelled")
_KEY_REUSED = "this Idempotency-Key was used before with another request"
_ENDED = ("failed", "cancelled")
"""A job that ended so: asking for it again makes a new job."""


LOCK_WAIT_SECONDS = 30.0
"""How long a write waits for SQLite's write lock before the database counts as unavailable."""
LOCK_RETRY_SECONDS = 0.001
LOCK_HANDLER_SECONDS = 0.005
"""SQLite's busy handler waits this long (sleeps of 1 and 2 ms) before `_begin_immediate` asks again itself."""


class DatabaseUnavailableError(SummarizeError):
    """The job database cannot be opened or written (a read-only file, a server that is down)."""

    exit_code = 2


class IdempotencyConflictError(SummarizeError):
    """An `Idempotency-Key` was used before with another request."""

    exit_code = 2


@dataclass(frozen=True)
class Job:
    """One job as the store holds it."""

    id: str
    kind: str
    status: Status
    request: str
    """The request's JSON (for a batch: its JSON Lines)."""
    progress: dict[str, Any] | None
    result: str | None
    """The result's JSON document, in the CLI's versioned schema."""
    error: dict[str, Any] | None
    """A problem details object (RFC 9457) where the job failed."""
    token: str | None
    created_at: float
    started_at: float | None
    finished_at: float | None
    attempts: int

    @classmethod
    def of(cls, row: Any) -> Job:
        """A job from a row of the `jobs` table."""
        return cls(
            id=row.id,
            kind=row.kind,
            status=row.status,
            request=row.request,
            progress=json.loads(row.progress) if row.progress else None,
            result=row.result,
            error=json.loads(row.error) if row.error else None,
            token=row.token,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            attempts=row.attempts,
        )

    @classmethod
    def queued(cls, job_id: str, kind: str, request: str, token: str | None) -> Job:
        """A job accepted now, not yet taken up."""
        return cls(job_id, kind, "queued", request, None, None, None, token, time.time(), None, None, 0)


@dataclass(frozen=True)
class NewJob:
    """What a caller asks for: a kind of job, its request, and the keys that make asking twice give one job."""

    kind: str
    request: str
    request_digest: str
    idempotency_key: str
    settings_key: str
    token: str | None


class JobStore:
    """Jobs and the audit log in one database: SQLite (a file, no setup) or any SQLAlchemy URL (Postgres)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.engine = _open(url, immediate=True)
        # SQLite has one writer at a time; threads queueing on this lock wait for exactly as long as needed, where
        # SQLite's own busy handler sleeps in steps of up to 100 ms (other processes still meet that one).
        self._write_lock: AbstractContextManager[Any] = threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        # SQLite: reads need no write lock; Postgres: one engine for everything.
        self.reader = _open(url, immediate=False) if self.is_sqlite else self.engine

    def create_tables(self, replica: str = "-") -> None:
        """Create the tables where missing, and prove the database can be written (refused in one line if not)."""
        with self._writing():
            metadata.create_all(self.engine)
        self.probe_write(replica)  # a read-only file accepts CREATE IF NOT EXISTS of tables that exist

    def probe_write(self, replica: str) -> None:
        """Record that `replica` was seen now; `DatabaseUnavailableError` where the database cannot be written."""
        now = time.time()
        with self._writing(), self.engine.begin() as connection:
            seen = update(replicas).where(replicas.c.name == replica).values(seen_at=now)
            if connection.execute(seen).rowcount == 0:
                connection.execute(replicas.insert().values(name=replica, seen_at=now))

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.reader is not self.engine:
            self.reader.dispose()

    def submit(self, new: NewJob, entry: AuditEntry) -> tuple[Job, bool]:
        """The job for this request: the one already asked for (not failed or cancelled), else a new one queued.

        Returns:
            The job, and whether it was created now.
        """
        for _ in range(3):  # a concurrent identical request may insert between our look and our insert
            try:
                with self._writing(), self.engine.begin() as connection:
                    (outcome,) = self._submit(connection, [(new, entry)])
            except IntegrityError:
                continue
            if isinstance(outcome, SummarizeError):
                raise outcome
            return outcome
        raise DatabaseUnavailableError("the job database kept refusing a new job (a unique key clash)")

    def submit_many(self, asked: Sequence[tuple[NewJob, AuditEntry]]) -> list[tuple[Job, bool] | SummarizeError]:
        """`submit` for several requests in one transaction: one wait for the write lock and one commit for all.

        Returns:
            For each request, what `submit` returns, or the error that refused it alone (an `Idempotency-Key`
            reused with another request); the others are still accepted.
        """
        try:
            with self._writing(), self.engine.begin() as connection:
                return self._submit(connection, asked)
        except IntegrityError:  # another replica inserted one of these keys meanwhile: one at a time, as `submit`
            return [_or_refusal(partial(self.submit, new, entry)) for new, entry in asked]

    def _submit(
        self, connection: Connection, asked: Sequence[tuple[NewJob, AuditEntry]]
    ) -> list[tuple[Job, bool] | SummarizeError]:
        """The requests in order, each seeing the ones before it; a statement per table, not per request."""
        keys = {new.idempotency_key for new, _ in asked}
        found = connection.execute(select(jobs).where(jobs.c.idempotency_key.in_(keys))).all()
        alive = {row.idempotency_key: (Job.of(row), row.request_digest) for row in found if row.status not in _ENDED}
        outcomes: list[tuple[Job, bool] | SummarizeError] = []
        created: list[dict[str, Any]] = []
        logged: list[dict[str, Any]] = []
        for new, entry in asked:
            if new.idempotency_key in alive:
                job, digest = alive[new.idempotency_key]
                if digest != new.request_digest:
                    outcomes.append(IdempotencyConflictError(_KEY_REUSED))
                    continue
                logged.append(replace(entry, action="reused", job_id=job.id).row())
                outcomes.append((job, False))
                continue
            job = Job.queued(uuid.uuid4().hex, new.kind, new.request, new.token)
            alive[new.idempotency_key] = (job, new.request_digest)
            created.append(_row(job, new))
            logged.append(replace(entry, action="accepted", job_id=job.id).row())
            outcomes.append((job, True))
        ended = [row.id for row in found if row.status in _ENDED]  # asked again: a new job takes over their key
        if ended:
            connection.execute(update(jobs).where(jobs.c.id.in_(ended)).values(idempotency_key=None))
        if created:
            connection.execute(jobs.insert(), created)
        if logged:
            connection.execute(audit.insert(), logged)
        return outcomes

    def get(self, job_id: str) -> Job | None:
        """The job with this id, or None."""
        with self._reading(), self.reader.connect() as connection:
            row = connection.execute(select(jobs).where(jobs.c.id == job_id)).first()
        return Job.of(row) if row is not None else None

    def claim(self, owner: str, settings_key: str, lease: float) -> Job | None:
        """Take the oldest queued job of these settings (or one whose worker's lease ran out) for `owner`."""
        now = time.time()
        claimable = or_(jobs.c.status == "queued", and_(jobs.c.status == "running", jobs.c.lease_until < now))
        waiting = select(jobs.c.id).where(jobs.c.settings_key == settings_key, claimable).limit(1)
        if not self._any(waiting):
            return None  # idle slots poll several times a second: a look needs no write lock
        pick = waiting.order_by(jobs.c.created_at).with_for_update(skip_locked=True).scalar_subquery()
        taken = (
            update(jobs)
            .where(jobs.c.id == pick)
            .values(
                status="running",
                owner=owner,
                lease_until=now + lease,
                attempts=jobs.c.attempts + 1,
                started_at=func.coalesce(jobs.c.started_at, now),
            )
            .returning(*jobs.c)
        )
        with self._writing(), self.engine.begin() as connection:
            row = connection.execute(taken).first()
        return Job.of(row) if row is not None else None

    def _any(self, query: Any) -> bool:
        with self._reading(), self.reader.connect() as connection:
            return connection.execute(query).first() is not None

    def renew(self, job_id: str, owner: str, lease: float, progress: dict[str, Any] | None = None) -> bool:
        """Extend the lease (and record progress); False when the job is no longer this worker's to run."""
        values: dict[str, Any] = {"lease_until": time.time() + lease}
        if progress is not None:
            values["progress"] = json.dumps(progress)
        with self._writing(), self.engine.begin() as connection:
            changed = connection.execute(self._held(job_id, owner).values(**values)).rowcount
        return changed == 1

    def finish(
        self,
        job_id: str,
        owner: str,
        entry: AuditEntry,
        *,
        result: str | None = None,
        error: dict[str, Any] | None = None,
        progress: dict[str, Any] | None = None,
    ) -> bool:
        """Record the result (or the error) of a job this worker holds; False when it no longer holds it."""
        values: dict[str, Any] = {"status": "done" if error is None else "failed", "finished_at": time.time()}
        if progress is not None:
            values["progress"] = json.dumps(progress)
        values |= {"result": result, "error": json.dumps(error) if error else None, "owner": None, "lease_until": None}
        if error is not None:
            values["idempotency_key"] = None
        with self._writing(), self.engine.begin() as connection:
            if connection.execute(self._held(job_id, owner).values(**values)).rowcount != 1:
                return False
            self._audit(connection, entry)
        return True

    def cancel(self, job_id: str, entry: AuditEntry) -> Job | None:
        """Cancel a queued or running job (a running one's result is then discarded); None if there is no such job."""
        with self._writing(), self.engine.begin() as connection:
            changed = connection.execute(
                update(jobs)
                .where(jobs.c.id == job_id, jobs.c.status.in_(("queued", "running")))
                .values(status="cancelled", finished_at=time.time(), owner=None, idempotency_key=None)
            ).rowcount
            if changed:
                self._audit(connection, entry)
            row = connection.execute(select(jobs).where(jobs.c.id == job_id)).first()
        return Job.of(row) if row is not None else None

    def release(self, owner: str) -> int:
        """Queue again the jobs `owner` is running (it is stopping); the number released."""
        with self._writing(), self.engine.begin() as connection:
            queued = update(jobs).where(jobs.c.owner == owner, jobs.c.status == "running")
            return connection.execute(queued.values(status="queued", owner=None, lease_until=None)).rowcount

    def record(self, entry: AuditEntry) -> None:
        """Write one audit row on its own (a refused request)."""
        with self._writing(), self.engine.begin() as connection:
            self._audit(connection, entry)

    def sweep(self, keep_days: float) -> int:
        """Delete finished jobs older than `keep_days` (the audit log stays); the number deleted."""
        cutoff = time.time() - keep_days * 86400
        with self._writing(), self.engine.begin() as connection:
            old = and_(jobs.c.status.in_(FINISHED), jobs.c.finished_at < cutoff)
            return connection.execute(delete(jobs).where(old)).rowcount

    def counts(self) -> dict[str, int]:
        """Jobs per status."""
        with self._reading(), self.reader.connect() as connection:
            rows = connection.execute(select(jobs.c.status, func.count()).group_by(jobs.c.status)).all()
        return {status: count for status, count in rows}

    def audit_log(self, job_id: str | None = None) -> list[dict[str, Any]]:
        """The audit rows, oldest first (of one job, where given)."""
        query = select(audit).order_by(audit.c.id)
        if job_id is not None:
            query = query.where(audit.c.job_id == job_id)
        with self._reading(), self.reader.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def _held(self, job_id: str, owner: str) -> Any:
        return update(jobs).where(jobs.c.id == job_id, jobs.c.owner == owner, jobs.c.status == "running")

    @staticmethod
    def _audit(connection: Connection, entry: AuditEntry) -> None:
        connection.execute(audit.insert().values(**entry.row()))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self._write_lock, self._unavailable("write to"):
            yield

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._unavailable("read"):
            yield

    @contextmanager
    def _unavailable(self, verb: str) -> Iterator[None]:
        try:
            yield
        except (OperationalError, ProgrammingError) as error:
            reason = " ".join(str(error.orig or error).split())
            raise DatabaseUnavailableError(f"cannot {verb} the job database {self.display_url}: {reason}") from None

    @property
    def display_url(self) -> str:
        """The URL without its password."""
        return make_url(self.url).render_as_string(hide_password=True)


def _row(job: Job, new: NewJob) -> dict[str, Any]:
    """A new job's row of the `jobs` table."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "idempotency_key": new.idempotency_key,
        "request_digest": new.request_digest,
        "settings_key": new.settings_key,
        "request": job.request,
        "token": job.token,
        "created_at": job.created_at,
        "attempts": job.attempts,
    }


def _or_refusal(submit: Callable[[], tuple[Job, bool]]) -> tuple[Job, bool] | SummarizeError:
    try:
        return submit()
    except IdempotencyConflictError as refused:
        return refused


def _open(url: str, *, immediate: bool) -> Engine:
    """An engine; for SQLite, WAL (readers never wait for the writer) and, for writes, `BEGIN IMMEDIATE`."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": LOCK_WAIT_SECONDS}, pool_size=10, max_overflow=30)

    @event.listens_for(engine, "connect")
    def _connect(connection: Any, _record: Any) -> None:
        connection.isolation_level = None  # SQLAlchemy's "begin" event below issues BEGIN itself
        cursor = connection.cursor()
        if os.access(parsed.database or "", os.W_OK) or not Path(parsed.database or "").exists():
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if immediate:  # `_begin_immediate` waits for the write lock itself
            cursor.execute(f"PRAGMA busy_timeout={round(LOCK_HANDLER_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A deferred transaction that reads, then writes, fails at once with "database is locked" when another
        # writer got there first; an immediate one waits for the lock instead.
        if immediate:
            _begin_immediate(connection)
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def _begin_immediate(connection: Connection) -> None:
    """`BEGIN IMMEDIATE`, asked again every `LOCK_RETRY_SECONDS` while another process (the worker) holds the lock.

    SQLite's own busy handler sleeps in steps that grow to 100 ms: a job posted while the worker writes waited
    for that step, not for the worker's write (a millisecond)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if "database is locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(LOCK_RETRY_SECONDS)
