"""Settings: every setting of a run resolved once, from option > environment > config file > default.

`resolve_settings(...)` reads them (the CLI passes its options), `settings_for(...)` is what each public function
runs with, and `describe(...)` says where each came from (`summarize config`).
"""

from summarize.llm import mask_url
from summarize.settings._settings import (
    DEFAULT_RECORDINGS,
    KEYS,
    MAX_CONCURRENCY,
    SETTINGS,
    Setting,
    Settings,
    config_file,
    describe_settings,
    read_config_file,
    resolve_settings,
    settings_for,
)

__all__ = [
    "DEFAULT_RECORDINGS",
    "KEYS",
    "MAX_CONCURRENCY",
    "SETTINGS",
    "Setting",
    "Settings",
    "config_file",
    "describe_settings",
    "mask_url",
    "read_config_file",
    "resolve_settings",
    "settings_for",
]
