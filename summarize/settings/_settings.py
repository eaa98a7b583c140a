"""Every setting of a run, resolved once: option (or argument) > environment > config file > built-in default.

A new setting is a row of `SETTINGS` (its key in the config file, its environment variable, its option, how its
value is read) and the field of `Settings` it lands in; the CLI's options and `summarize config` follow from it.
The engines below the public functions never read settings: they take a `ModelClient` and a `Calibration`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize._errors import InputError
from summarize.calibration import EMBEDDED_CALIBRATION, Calibration, load_calibration
from summarize.llm import (
    DEFAULT_IDLE_MINUTES,
    EMBEDDED,
    LLM,
    Deployment,
    ModelClient,
    ModelConfig,
    StructuredMode,
    mask_url,
)

DEFAULT_RECORDINGS = Path("cassettes") / "evals"
MAX_CONCURRENCY = 1024
"""More items in flight than this only costs memory (one task and one client slot each)."""

Reader = Callable[[object], object]


@dataclass(frozen=True)
class Setting:
    """One setting: where a user sets it, and how its value is read."""

    key: str
    """Its name in the config file (and the keyword of `resolve_settings`)."""
    environment: str
    option: str
    read: Reader
    description: str
    default: object = None


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be non-empty text")
    return value.strip()


def _texts(value: object) -> tuple[str, ...]:
    """A list (config file, repeated option) or comma-separated text (environment)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("must be a list of text")
    return tuple(_text(item) for item in items if not (isinstance(item, str) and not item.strip()))


def _number(low: float, high: float = math.inf, *, whole: bool = False) -> Reader:
    def read(value: object) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError("must be a number")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"must be a number, not {value!r}") from None
        if not math.isfinite(number) or not low <= number <= high or (whole and not number.is_integer()):
            kind = "a whole number" if whole else "a finite number"
            upper = f" and at most {high:g}" if math.isfinite(high) else ""
            raise ValueError(f"must be {kind} at least {low:g}{upper}, not {value!r}")
        return int(number) if whole else number

    return read


def _mode(value: object) -> StructuredMode:
    try:
        return StructuredMode(_text(value))
    except ValueError:
        raise ValueError(f"must be one of {', '.join(m.value for m in StructuredMode)}, not {value!r}") from None


def _path(value: object) -> Path:
    return Path(value if isinstance(value, os.PathLike) else _text(value)).expanduser()


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "SUMMARIZE_MODEL", "--model", _text, "litellm model string, or the embedded model", EMBEDDED),
    Setting("api_base", "SUMMARIZE_API_BASE", "--api-base", _text, "base URL of an OpenAI-compatible server"),
    Setting("mode", "SUMMARIZE_MODE", "--mode", _mode, "instructor's structured-output mode (default: by model)"),
    Setting("timeout", "SUMMARIZE_TIMEOUT", "--timeout", _number(1), "seconds one model call may take", 300.0),
    Setting("max_reasks", "SUMMARIZE_MAX_REASKS", "--max-reasks", _number(0, 10, whole=True), "re-asks", 2),
    Setting("rpm", "SUMMARIZE_RPM", "--rpm", _number(1, whole=True), "requests per minute to each deployment"),
    Setting("tpm", "SUMMARIZE_TPM", "--tpm", _number(1, whole=True), "tokens per minute to each deployment"),
    Setting("fallback_models", "SUMMARIZE_FALLBACK_MODELS", "--fallback-model", _texts, "models tried when one fails"),
    Setting("fallback_api_bases", "SUMMARIZE_FALLBACK_API_BASES", "--fallback-api-base", _texts, "their servers"),
    Setting("calibration", "SUMMARIZE_CALIBRATION", "--calibration", _path, "the judge's decision rule (JSON file)"),
    Setting("threshold", "SUMMARIZE_THRESHOLD", "--threshold", _number(0, 1), "the decision threshold, overriding"),
    Setting("deadline", "SUMMARIZE_DEADLINE", "--deadline", _number(1), "seconds the whole command may take"),
    Setting(
        "concurrency",
        "SUMMARIZE_CONCURRENCY",
        "--concurrency",
        _number(1, MAX_CONCURRENCY, whole=True),
        "items in flight in a batch run",
        4,
    ),  # fmt: skip
    Setting("recordings", "SUMMARIZE_RECORDINGS", "--recordings", _path, "folder of recorded runs", DEFAULT_RECORDINGS),
    Setting(
        "server_idle",
        "SUMMARIZE_SERVER_IDLE",
        "--idle",
        _number(0),
        "minutes the embedded server waits for the next command (0: keep nothing running)",
        DEFAULT_IDLE_MINUTES,
    ),
)
KEYS = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """A run's settings, resolved: the model and how to reach it, the judge's decision rule, the limits."""

    model: ModelConfig = field(default_factory=ModelConfig)
    calibration: Calibration = field(default_factory=lambda: EMBEDDED_CALIBRATION)
    deadline: float | None = None
    """Seconds the whole command may take (the CLI enforces it); None: no limit beyond each call's timeout."""
    concurrency: int = 4
    """Items in flight in a batch run."""
    recordings: Path = DEFAULT_RECORDINGS
    """The folder of recorded eval runs (one subfolder per recording)."""
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Where each setting came from: option, environment (with its variable), config file, or default."""

    def __post_init__(self) -> None:
        for key, value in (("deadline", self.deadline), ("concurrency", self.concurrency)):
            if value is not None:
                try:
                    KEYS[key].read(value)
                except ValueError as problem:
                    raise InputError(f"{key} {problem}") from None

    def client(self, given: ModelClient | None = None) -> ModelClient:
        """The model client for these settings (or `given`: a fake in tests); a provider's key that is not set is
        refused here, before any work that would be wasted (`ProviderAuthError`, exit 9)."""
        if given is not None:
            return given
        llm = LLM(self.model)
        llm.require_credentials()
        return llm

    def with_model(self, model: str | None = None, api_base: str | None = None) -> Settings:
        """These settings with another model or server, as the public functions' `model=` and `api_base=` ask."""
        if model is None and api_base is None:
            return self
        config = dataclasses.replace(
            self.model,
            model=model or self.model.model,
            api_base=api_base if api_base is not None else self.model.api_base,
        )
        changed = [key for key, value in (("model", model), ("api_base", api_base)) if value is not None]
        return dataclasses.replace(self, model=config, origins={**self.origins, **dict.fromkeys(changed, "argument")})


def settings_for(settings: Settings | None, model: str | None = None, api_base: str | None = None) -> Settings:
    """What a public function runs with: `settings` as given, else resolved from the user's defaults; `model` and
    `api_base`, where given, override either."""
    if settings is None:
        return resolve_settings(model=model, api_base=api_base)
    return settings.with_model(model, api_base)


def resolve_settings(**options: object) -> Settings:
    """Settings from options (None: not given), else the environment, else the config file, else the defaults.

    A value that cannot be read is refused in one line naming where it came from."""
    if unknown := sorted(set(options) - set(KEYS)):
        raise TypeError(f"unknown setting {unknown[0]!r}")
    chosen = _chosen(options)
    value = {key: v for key, (v, _origin) in chosen.items()}
    origins = {key: origin for key, (_v, origin) in chosen.items()}
    fallbacks = _fallbacks(value)
    config = ModelConfig(
        model=value["model"], api_base=value["api_base"], mode=value["mode"], max_reasks=value["max_reasks"],
        timeout=value["timeout"], rpm=value["rpm"], tpm=value["tpm"], fallbacks=fallbacks,
        server_idle=value["server_idle"],
    )  # fmt: skip
    return Settings(
        model=config,
        calibration=_calibration(value["calibration"], value["threshold"]),
        deadline=value["deadline"],
        concurrency=value["concurrency"],
        recordings=value["recordings"],
        origins=origins,
    )


def _chosen(options: Mapping[str, object]) -> dict[str, tuple[Any, str]]:
    path = config_file()
    from_file = read_config_file(path)
    chosen: dict[str, tuple[Any, str]] = {}
    for setting in SETTINGS:
        given = options.get(setting.key)
        if given is not None and given != ():
            raw, origin = given, f"option {setting.option}"
        elif os.environ.get(setting.environment, "").strip():
            raw, origin = os.environ[setting.environment], f"environment {setting.environment}"
        elif setting.key in from_file:
            raw, origin = from_file[setting.key], f"config file {path}"
        else:
            chosen[setting.key] = (setting.default, "default")
            continue
        try:
            chosen[setting.key] = (setting.read(raw), origin)
        except ValueError as problem:
            raise InputError(f"{setting.key} (from {origin}) {problem}") from None
    return chosen


def _fallbacks(value: Mapping[str, Any]) -> tuple[Deployment, ...]:
    models, bases = value["fallback_models"] or (), value["fallback_api_bases"] or ()
    if len(bases) > len(models):
        raise InputError("more fallback API bases than fallback models (--fallback-api-base, --fallback-model)")
    padded = (*bases, *([None] * (len(models) - len(bases))))
    return tuple(
        Deployment(m, api_base=b, rpm=value["rpm"], tpm=value["tpm"]) for m, b in zip(models, padded, strict=True)
    )


def _calibration(path: Path | None, threshold: float | None) -> Calibration:
    rule = load_calibration(path) if path is not None else EMBEDDED_CALIBRATION
    if threshold is None:
        return rule
    return rule.with_threshold(threshold, f"threshold set to {threshold:g}; the rule: {rule.provenance}")


def config_file() -> Path:
    """Where the optional config file is: `$SUMMARIZE_CONFIG`, else `$XDG_CONFIG_HOME/summarize/config.toml`."""
    configured = os.environ.get("SUMMARIZE_CONFIG")
    if configured:
        return Path(configured)
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return home / "summarize" / "config.toml"


def read_config_file(path: Path) -> dict[str, object]:
    """The settings in the config file (none when it does not exist); a file that cannot be read is refused."""
    if not path.exists():
        return {}
    if not path.is_file():
        raise InputError(f"{path}: the config file is not a regular file")
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a valid TOML config file ({error})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read the config file ({error.strerror})") from None
    if unknown := sorted(set(found) - set(KEYS)):
        raise InputError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(KEYS)}")
    return found


def describe_settings(settings: Settings) -> list[tuple[str, str, str]]:
    """Each setting's key, its value as text (credentials in URLs masked) and where it came from."""
    model = settings.model
    shown: dict[str, object] = {
        "model": model.display_name,
        "api_base": model.api_base,
        "mode": model.structured_mode.value,
        "timeout": model.timeout,
        "max_reasks": model.max_reasks,
        "rpm": model.rpm,
        "tpm": model.tpm,
        "fallback_models": ", ".join(d.model for d in model.fallbacks) or None,
        "fallback_api_bases": ", ".join(d.api_base or "-" for d in model.fallbacks) or None,
        "calibration": _shortened(settings.calibration.provenance),
        "threshold": settings.calibration.threshold,
        "deadline": settings.deadline,
        "concurrency": settings.concurrency,
        "recordings": settings.recordings,
        "server_idle": model.server_idle,
    }
    return [
        (key, mask_url("-" if value is None else str(value)), settings.origins.get(key, "argument"))
        for key, value in shown.items()
    ]


def _shortened(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
