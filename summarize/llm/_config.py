"""Which model to use and how to reach it: `ModelConfig`, and the user's defaults (environment, config file).

A new provider setting goes here: a field on `ModelConfig`, a key in `SETTINGS`, an option in the CLI.
Precedence, highest first: an explicit argument (or CLI option), the environment (`SUMMARIZE_MODEL`, ...), the
config file (`$SUMMARIZE_CONFIG`, else `~/.config/summarize/config.toml`), the built-in default.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from summarize._errors import InputError
from summarize.llm._embedded import MODEL_NAME
from summarize.llm._retry import RetryPolicy

EMBEDDED = "embedded"
"""The model string of the built-in local model (also used when no model is configured)."""
SETTINGS = {"model": "SUMMARIZE_MODEL", "api_base": "SUMMARIZE_API_BASE", "mode": "SUMMARIZE_MODE"}
"""Each configurable setting and the environment variable that sets it."""


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
    def display_name(self) -> str:
        """The model as reports name it."""
        return f"embedded/{MODEL_NAME}" if self.is_embedded else self.model


def config_file() -> Path:
    """Where the optional config file is: `$SUMMARIZE_CONFIG`, else `$XDG_CONFIG_HOME/summarize/config.toml`."""
    configured = os.environ.get("SUMMARIZE_CONFIG")
    if configured:
        return Path(configured)
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return home / "summarize" / "config.toml"


def user_defaults() -> dict[str, str]:
    """The settings from the environment and the config file (the environment wins)."""
    path = config_file()
    from_file: dict[str, Any] = {}
    if path.is_file():
        try:
            from_file = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: not a valid TOML config file ({error})") from None
        unknown = sorted(set(from_file) - set(SETTINGS))
        if unknown:
            raise InputError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
    defaults = {key: str(value) for key, value in from_file.items()}
    defaults |= {key: os.environ[variable] for key, variable in SETTINGS.items() if os.environ.get(variable)}
    return defaults


def model_config(
    model: str | None = None,
    *,
    api_base: str | None = None,
    mode: StructuredMode | str | None = None,
    max_reasks: int = 2,
    timeout: float | None = None,
    rpm: int | None = None,
    tpm: int | None = None,
    fallbacks: tuple[Deployment, ...] = (),
) -> ModelConfig:
    """A `ModelConfig` from user-facing options, falling back to the user's defaults, then the embedded model.

    `rpm` and `tpm` limit the model; each fallback carries its own limits.
    """
    _check_limits(rpm, tpm, *(limit for d in fallbacks for limit in (d.rpm, d.tpm)))
    defaults = user_defaults()
    chosen_mode = mode or defaults.get("mode")
    try:
        structured = StructuredMode(chosen_mode) if chosen_mode else None
    except ValueError:
        known = ", ".join(m.value for m in StructuredMode)
        raise InputError(f"unknown structured-output mode {chosen_mode!r}; use one of {known}") from None
    config = ModelConfig(
        model=model or defaults.get("model") or EMBEDDED,
        api_base=api_base or defaults.get("api_base"),
        mode=structured,
        max_reasks=max_reasks,
        rpm=rpm,
        tpm=tpm,
        fallbacks=tuple(fallbacks),
    )
    return config if timeout is None else dataclasses.replace(config, timeout=timeout)


def _check_limits(*limits: int | None) -> None:
    if any(limit is not None and limit < 1 for limit in limits):
        raise InputError("--rpm and --tpm must be at least 1")
