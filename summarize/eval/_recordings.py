"""How a run records into or replays from its cassettes: one folder per recording, one cassette per item.

The recordings folder is a setting (`--recordings`, `$SUMMARIZE_RECORDINGS`, the config file; default
`cassettes/evals` of the working directory, where this project keeps its recorded runs).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarize._errors import InputError, ReplayMissError
from summarize.llm import EMBEDDED_SERVER, ModelConfig, cassette


@dataclass(frozen=True)
class Recordings:
    """A run's recording mode: live (no cassette), recording into NAME, or replaying NAME."""

    name: str | None
    mode: Literal["live", "record", "replay"]
    folder: Path

    @classmethod
    def open(cls, *, record: str | None, replay: str | None, folder: Path) -> Recordings:
        """Check the options; a replay of a name that was never recorded is refused before any work."""
        if record and replay:
            raise InputError("--record and --replay exclude each other")
        root = folder
        if replay and not (root / replay).is_dir():
            raise InputError(f"no recording named {replay!r} in {root} (give the folder with --recordings)")
        mode: Literal["live", "record", "replay"] = "record" if record else "replay" if replay else "live"
        return cls(record or replay, mode, root)

    def configure(self, config: ModelConfig) -> ModelConfig:
        """For a replay of the embedded model: its server's address, so that none is started."""
        if self.mode == "replay" and config.uses_embedded_server:
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
