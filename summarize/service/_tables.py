"""The service's tables: jobs (the queue, with each job's request, progress and result), the audit log, and the
replicas with when each last wrote (a write that proves the database can be written).

Times are seconds since the epoch (floats), the same in SQLite and Postgres; every replica's clock is trusted to
be synchronised (NTP), since a running job's lease is compared with it.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    # A digest of the request and settings, or of the caller's `Idempotency-Key`; released (NULL) when the job
    # failed or was cancelled, so that asking again runs it again.
    Column("idempotency_key", String(64), unique=True),
    Column("request_digest", String(64), nullable=False),
    # The model, structured mode, decision rule and version that the job needs: a replica runs only its own.
    Column("settings_key", String(64), nullable=False),
    Column("request", Text, nullable=False),
    Column("progress", Text),
    Column("result", Text),
    Column("error", Text),
    Column("token", String(100)),
    Column("created_at", Float, nullable=False),
    Column("started_at", Float),
    Column("finished_at", Float),
    # How many times a worker took it up: more than 1 only where a replica died (or lost its lease) mid-job.
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(64)),
    Column("lease_until", Float),
    Index("jobs_queue", "settings_key", "status", "created_at"),
    Index("jobs_finished", "finished_at"),
)

replicas = Table(
    "replicas",
    metadata,
    Column("name", String(100), primary_key=True),
    # When the replica last proved it could write (at start, and when `/v1/ready` checks again after a failure).
    Column("seen_at", Float, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    # The name of the caller's token (`name:token` in the token file); `-` without authentication.
    Column("token", String(100)),
    Column("action", String(32), nullable=False),
    Column("job_id", String(32)),
    Column("kind", String(16)),
    Column("model", String(200)),
    Column("prompt_version", String(64)),
    Column("decision_rule", Text),
    Column("detail", Text),
    Index("audit_at", "at"),
    Index("audit_job", "job_id"),
)
