"""The package version, and the version of the JSON shapes it writes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("summarize")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

SCHEMA_VERSION = "2"
"""Bumped whenever a JSON output changes shape incompatibly; every JSON output carries it."""
