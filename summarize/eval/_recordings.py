"""Where a recorded eval's cassettes live, and how a run records into or replays from them.

The folder is resolved from an explicit option, else `$SUMMARIZE_RECORDINGS`, else this project's own
`cassettes/evals` (beside the package in a source checkout), else `./cassettes/evals`: never silently from
wherever the command happens to run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarize._errors import InputError, ReplayMissError
from summarize.llm import ModelConfig
from summarize.llm._embedded import EMBEDDED_SERVER
from summarize.llm._recording import cassette

PROJECT_RECORDINGS = Path(__file__).resolve().parents[2] / "cassettes" / "evals"


def recordings_folder(explicit: Path | None = None) -> Path:
    """The folder that holds recorded runs (one subfolder per run name)."""
    if explicit is not None:
        return explicit
    configured = os.environ.get("SUMMARIZE_RECORDINGS")
    if configured:
        return Path(configured)
    return PROJECT_RECORDINGS if PROJECT_RECORDINGS.is_dir() else Path("cassettes") / "evals"


@dataclass(frozen=True)
class Recordings:
    """A run's recording mode: live (no cassette), recording into NAME, or replaying NAME."""

    name: str | None
    mode: Literal["live", "record", "replay"]
    folder: Path

    @classmethod
    def open(cls, *, record: str | None, replay: str | None, folder: Path | None = None) -> Recordings:
        """Check the options; a replay of a name that was never recorded is refused before any work."""
        if record and replay:
            raise InputError("--record and --replay exclude each other")
        root = recordings_folder(folder)
        if replay and not (root / replay).is_dir():
            raise InputError(f"no recording named {replay!r} in {root} (give the folder with --recordings)")
        mode: Literal["live", "record", "replay"] = "record" if record else "replay" if replay else "live"
        return cls(record or replay, mode, root)

    def configure(self, config: ModelConfig) -> ModelConfig:
        """For a replay of the embedded model: its server's address, so that none is started."""
        if self.mode == "replay" and config.is_embedded and config.api_base is None:
            return dataclasses.replace(config, api_base=EMBEDDED_SERVER.api_base)
        return config

    @contextlib.contextmanager
    def item(self, item_id: str) -> Iterator[None]:
        """Record or replay one item's model traffic in its own cassette (none for a live run)."""
        if self.name is None:
            yield
            return
        folder = self.folder / self.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', item_id)}.yaml"
        # An item that made no model call has no cassette; replaying it then must make none either.
        try:
            with cassette(path, record=self.mode == "record"):
                yield
        except ReplayMissError as miss:
            raise ReplayMissError(f"{miss}; searched {path}") from None
