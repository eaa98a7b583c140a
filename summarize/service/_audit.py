"""The audit log: who asked for what, when, and how the answer was made (model, prompt version, decision rule).

Newsrooms must be able to say how an AI-assisted summary was made. Every accepted, reused, cancelled, finished or
refused request leaves one row in the `audit` table of the service's database, beside the jobs, so every replica
writes to the same log. The article text is never written here: a SHA-256 of what was sent stands in for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["accepted", "reused", "cancelled", "done", "failed", "refused"]


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log."""

    action: Action
    token: str | None
    """The caller's token name; None for a request refused before a token was recognised."""
    job_id: str | None = None
    kind: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    decision_rule: str | None = None
    """The checker's threshold and where it comes from (the calibration's provenance)."""
    detail: str | None = None
    """The request's digest, the error kind, or why a request was refused."""
    at: float = field(default_factory=time.time)

    def row(self) -> dict[str, Any]:
        """The entry as the `audit` table stores it."""
        return {
            "at": self.at,
            "token": self.token or "-",
            "action": self.action,
            "job_id": self.job_id,
            "kind": self.kind,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "decision_rule": self.decision_rule,
            "detail": self.detail,
        }
