"""Which model to use and how to reach it: `ModelConfig`, as the LLM layer reads it.

A new provider setting goes here (a field on `ModelConfig`) and, for users to set it, in `summarize.settings`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from summarize._errors import InputError
from summarize.llm._embedded import MODEL_NAME
from summarize.llm._retry import RetryPolicy
from summarize.llm._server import DEFAULT_IDLE_MINUTES

EMBEDDED = "embedded"
"""The model string of the built-in local model (also used when no model is configured)."""


class StructuredMode(StrEnum):
    """How instructor asks for structured output; TOOLS and JSON both work with the embedded server."""

    TOOLS = "tools"
    JSON = "json"
    MD_JSON = "md_json"
    JSON_SCHEMA = "json_schema"

    def instructor_mode(self) -> Any:
        """The matching `instructor.Mode`."""
        import instructor

        return {
            StructuredMode.TOOLS: instructor.Mode.TOOLS,
            StructuredMode.JSON: instructor.Mode.JSON,
            StructuredMode.MD_JSON: instructor.Mode.MD_JSON,
            StructuredMode.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
        }[self]


@dataclass(frozen=True)
class Deployment:
    """A model at one endpoint, with the provider's per-minute limits: a fallback, when a call to the model fails."""

    model: str
    """A litellm model string."""
    api_base: str | None = None
    """Base URL of an OpenAI-compatible server; None: the provider's own."""
    rpm: int | None = None
    """Requests per minute; beyond it a call waits for the next minute (litellm's Router counts them)."""
    tpm: int | None = None
    """Tokens per minute; counted when answers arrive, so the calls in flight can overshoot it."""


@dataclass(frozen=True)
class ModelConfig:
    """Which model to use and how to reach it."""

    model: str = EMBEDDED
    """A litellm model string (`openai/gpt-4o-mini`, `ollama/llama3`, ...) or `embedded`."""
    api_base: str | None = None
    """Base URL of an OpenAI-compatible server. For the embedded model: a server already running there is used
    and none is started (how recorded runs replay without a model)."""
    mode: StructuredMode | None = None
    """How instructor asks for structured output; None: `structured_mode`'s choice for this model."""
    max_reasks: int = 2
    """Validation re-asks after the first answer; transient errors are retried separately."""
    timeout: float = 300.0
    """Seconds one request may take before it counts as a transient failure."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rpm: int | None = None
    """Requests per minute to this model; beyond it a call waits for the next minute (litellm's Router)."""
    tpm: int | None = None
    """Tokens per minute to this model; counted when answers arrive, so the calls in flight can overshoot it."""
    fallbacks: tuple[Deployment, ...] = ()
    """Tried in order when a call to the model fails (litellm's Router), before the retry policy retries."""
    server_idle: float = DEFAULT_IDLE_MINUTES
    """Minutes the embedded server started for these calls stays up without a request, for later commands to
    reuse; 0: it stops with this process (keep nothing running)."""

    def __post_init__(self) -> None:
        if isinstance(self.timeout, bool) or not (math.isfinite(self.timeout) and self.timeout > 0):
            raise InputError(f"timeout must be a finite number of seconds above 0, not {self.timeout!r}")
        if isinstance(self.max_reasks, bool) or not 0 <= self.max_reasks <= 10:
            raise InputError(f"max_reasks must be a whole number from 0 to 10, not {self.max_reasks!r}")

    @property
    def routed(self) -> bool:
        """Whether calls go through litellm's Router: rate limits or fallbacks are set."""
        return self.rpm is not None or self.tpm is not None or bool(self.fallbacks)

    @property
    def structured_mode(self) -> StructuredMode:
        """The mode set, else JSON schema for the embedded model (its server turns the schema into a grammar,
        so the schema stays out of the prompt) and tools for every other provider."""
        if self.mode is not None:
            return self.mode
        return StructuredMode.JSON_SCHEMA if self.is_embedded else StructuredMode.TOOLS

    @property
    def is_embedded(self) -> bool:
        """Whether this is the built-in local model."""
        return self.model == EMBEDDED

    @property
    def uses_embedded_server(self) -> bool:
        """Whether calls go to the embedded server this tool starts (an `api_base` names one already running)."""
        return self.is_embedded and self.api_base is None

    @property
    def display_name(self) -> str:
        """The model as reports name it."""
        return f"embedded/{MODEL_NAME}" if self.is_embedded else self.model
