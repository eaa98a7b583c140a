"""What a service runs with: the library's `Settings` (the model, the decision rule), where jobs live, who may call
and how much."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from summarize import Calibration, InputError, ModelConfig, Settings, __version__
from summarize.service._tokens import Tokens

MEBIBYTE = 2**20


def default_data_dir() -> Path:
    """`$SUMMARIZE_DATA_DIR`, else `$XDG_DATA_HOME/summarize/service`, else `~/.local/share/summarize/service`."""
    configured = os.environ.get("SUMMARIZE_DATA_DIR")
    if configured:
        return Path(configured)
    home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return home / "summarize" / "service"


def sqlite_url(data_dir: Path) -> str:
    """The default database: a SQLite file in the service's data folder."""
    return f"sqlite:///{(data_dir / 'jobs.db').resolve()}"


@dataclass(frozen=True)
class ServiceSettings:
    """Everything a running service needs; `summarize serve` builds it from its options."""

    run: Settings
    """The model and the checker's decision rule, resolved as for every command (option, environment, config file)."""
    database: str
    """A SQLAlchemy URL: `sqlite:///path/jobs.db` (the default) or `postgresql+psycopg://...`."""
    tokens: Tokens | None
    """Who may call; None only with `--no-auth` on a loopback address."""
    data_dir: Path
    """Where batch jobs keep their results files while they run (a batch taken up again resumes from it)."""
    concurrency: int = 1
    """Jobs run at once: 1 with the embedded model (it answers one request at a time)."""
    keep_days: float = 30.0
    max_body_bytes: int = 10 * MEBIBYTE
    rate_per_minute: int = 600
    """Requests each token may make per minute (a bucket of that size, refilled continuously)."""
    lease_seconds: float = 30.0
    """How long a job stays its worker's without a sign of life; after that another worker takes it up."""
    poll_seconds: float = 0.2
    """How often an idle worker looks for work."""
    worker: Literal["process", "thread"] = "process"
    """Where jobs run: a child process (`summarize serve`: the requests keep their own interpreter lock), or a task
    of the web server's event loop (tests, one process)."""
    replica: str = field(default_factory=lambda: f"{os.uname().nodename}-{os.getpid()}-{os.urandom(3).hex()}")

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise InputError("--concurrency must be at least 1")
        if self.model.is_embedded and self.concurrency > 1:
            raise InputError(
                "the embedded model answers one request at a time: --concurrency above 1 needs a hosted model "
                "(--model, --api-base)"
            )

    @property
    def model(self) -> ModelConfig:
        """The model the jobs use."""
        return self.run.model

    @property
    def rule(self) -> Calibration:
        """The checker's decision rule."""
        return self.run.calibration

    @cached_property
    def rule_text(self) -> str:
        """The decision rule as the audit log records it."""
        return f"threshold {self.rule.threshold:g}: {self.rule.provenance}"

    @cached_property
    def settings_key(self) -> str:
        """What changes a job's answer: the model, its structured mode, the decision rule, the package version."""
        parts = [self.model.display_name, self.model.structured_mode.value, self.rule.model_dump_json(), __version__]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()
