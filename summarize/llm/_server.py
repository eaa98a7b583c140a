"""The embedded model's server: started on first use, shared by the user's later commands, stopped when idle.

A command that needs the embedded model finds the server its user already runs, or starts one: detached (it
outlives the command), on 127.0.0.1, behind a secret made for it, the model's SHA-256 checked once as it starts.
Its state file (`<cache>/server/<name>.json`, readable by the user alone) tells later commands where it is and its
secret; a command trusts it only after the server proves it holds that secret (`_server_process.proof`). The
server stops itself after `idle_minutes` without a request, or on `summarize model stop`.

Two commands starting at once: one starts the server while holding `<cache>/server/<name>.lock`, the other waits
for the lock (at most `LOCK_TIMEOUT`) and then finds the server ready. A starter killed midway releases the lock
(the kernel does); the server it launched, detached, is then waited for or replaced, never waited on forever.
`idle_minutes=0` keeps nothing running: the server is tied to the command that starts it.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize._errors import ProviderUnreachableError
from summarize.llm._embedded import MODEL_NAME, MODEL_SHA256, WRITER_NAME, cache_dir, model_path, require_runtime
from summarize.llm._server_process import proof

log = logging.getLogger("summarize")

DEFAULT_IDLE_MINUTES = 10.0
"""How long a server started by a command waits for the next request before it stops."""
PROMPT_CACHE_BYTES = 512 * 1024 * 1024
"""The server's cache of earlier prompt states: KV cache only, about 28 KB a token (an article of 1,500 tokens
takes 42 MB), so a few articles with their questions."""
START_TIMEOUT = 180.0
"""Seconds a server may take to load the model and answer."""
ANSWER_GRACE = 30.0
"""Seconds a running server that does not answer its status is waited for before it is replaced."""
LOCK_TIMEOUT = START_TIMEOUT + ANSWER_GRACE + 30.0
"""Seconds a command waits for another that is starting the server."""


@dataclass(frozen=True)
class ServerProfile:
    """How the embedded model is served: one server process, one loaded model for the writer and the judge."""

    name: str
    default_port: int
    context_tokens: int

    @property
    def port(self) -> int:
        """`SUMMARIZE_<NAME>_PORT` overrides the default port (where a server is started)."""
        return int(os.environ.get(f"SUMMARIZE_{self.name.upper()}_PORT", self.default_port))

    @property
    def api_base(self) -> str:
        """The OpenAI-compatible base URL of a server on this profile's port."""
        return f"http://127.0.0.1:{self.port}/v1"


EMBEDDED_SERVER = ServerProfile("summarizer", default_port=18765, context_tokens=8192)
"""The one embedded server; `SUMMARIZE_SUMMARIZER_PORT` moves it."""


@dataclass(frozen=True)
class Endpoint:
    """Where a model server answers, and the key it wants."""

    api_base: str
    api_key: str


@dataclass(frozen=True)
class ServerState:
    """What the state file records about a running server."""

    pid: int
    port: int
    secret: str
    digest: str
    """What it serves (model, settings, this package's server program): a server of another digest is replaced."""
    started: float
    idle_minutes: float | None
    """None: it stops with the command that started it (`summarize model serve`, `--idle 0`)."""

    @property
    def endpoint(self) -> Endpoint:
        """Its address and key."""
        return Endpoint(f"http://127.0.0.1:{self.port}/v1", self.secret)


_STARTED: dict[str, subprocess.Popen[bytes]] = {}
"""The servers this process started, by profile name: only these are ever restarted when a call is abandoned."""
_VERIFIED: dict[str, ServerState] = {}
"""The server each profile's calls go to in this process, once it proved it holds its secret."""


def ensure_server(
    profile: ServerProfile = EMBEDDED_SERVER, *, idle_minutes: float = DEFAULT_IDLE_MINUTES, foreground: bool = False
) -> Endpoint:
    """The user's running server for `profile`, or a new one: detached, stopping after `idle_minutes` without a
    request; tied to this process (it stops when this process ends) with `idle_minutes=0` or `foreground`."""
    known = _VERIFIED.get(profile.name)
    if known is not None and _alive(known.pid):
        return known.endpoint
    state = _running(profile, touch=True)
    if state is None:
        with _start_lock(profile):
            attached = foreground or idle_minutes == 0
            state = _running(profile, touch=True, wait=True) or _start(profile, None if attached else idle_minutes)
    _VERIFIED[profile.name] = state
    return state.endpoint


def key_for(api_base: str, profile: ServerProfile = EMBEDDED_SERVER) -> str:
    """The key for a server given by its address: its secret where it is the user's embedded server."""
    state = read_state(profile)
    if state is not None and state.endpoint.api_base == api_base.rstrip("/"):
        return state.secret
    return "local-no-key"


def server_status(profile: ServerProfile = EMBEDDED_SERVER) -> dict[str, Any] | None:
    """What the running server reports (requests, tokens evaluated, prompt cache, idle time) with its address,
    pid and resident memory; None when none runs."""
    state = _running(profile, touch=False)
    if state is None:
        return None
    found = _status(state, touch=False) or {}
    return found | {"api_base": state.endpoint.api_base, "pid": state.pid, "rss_bytes": _resident_bytes(state.pid)}


def stop_server(profile: ServerProfile = EMBEDDED_SERVER) -> int | None:
    """Stop the user's server for `profile`; returns its pid, or None when none was running."""
    state = read_state(profile)
    _VERIFIED.pop(profile.name, None)
    if state is None:
        return None
    running = _is_our_server(profile, state.pid)
    if running:
        _terminate(state.pid)
    _remove_state(profile, state.pid)
    return state.pid if running else None


def restart_abandoned_server(profile: ServerProfile = EMBEDDED_SERVER) -> None:
    """Stop a server this process started that may still work on an abandoned request; the next call starts a
    fresh one. A server another command started is left alone."""
    process = _STARTED.pop(profile.name, None)
    if process is not None:
        log.info("stopping the embedded server, which may still be working on the abandoned request")
        _VERIFIED.pop(profile.name, None)
        _terminate(process.pid, process)
        _remove_state(profile, process.pid)


def server_dir() -> Path:
    """Where the state, lock, settings and log files of the user's servers live (the user's alone)."""
    folder = cache_dir() / "server"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def read_state(profile: ServerProfile) -> ServerState | None:
    """The state file's record, or None (no file, or one that cannot be read)."""
    try:
        record = json.loads((server_dir() / f"{profile.name}.json").read_text(encoding="utf-8"))
        return ServerState(**record)
    except (OSError, ValueError, TypeError):
        return None


def _running(profile: ServerProfile, *, touch: bool, wait: bool = False) -> ServerState | None:
    """The state's server if it runs what this process wants and proves it holds the secret. `wait` (holding the
    start lock): wait for one still starting (its starter may have died), and replace a stale or outdated one."""
    state = read_state(profile)
    if state is None:
        return None
    current = state.digest == server_digest(profile)
    if current and _alive(state.pid) and _status(state, touch=touch) is not None:
        return state
    if not wait:
        return None
    if current and _is_our_server(profile, state.pid) and _until_ready(state, None):
        return state
    if _is_our_server(profile, state.pid):
        log.info("replacing the embedded server (pid %d): %s", state.pid, "not answering" if current else "outdated")
        _terminate(state.pid)
    _remove_state(profile, state.pid)
    return None


@contextlib.contextmanager
def _start_lock(profile: ServerProfile, timeout: float | None = None) -> Iterator[None]:
    """Hold the profile's start lock, waiting at most `timeout` (default `LOCK_TIMEOUT`) for another command."""
    import fcntl

    limit = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + limit
    with (server_dir() / f"{profile.name}.lock").open("a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ProviderUnreachableError(
                        f"another command has been starting the embedded server for over {limit:.0f} s; "
                        f"see {_log_path(profile)}, or stop it with: summarize model stop"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _start(profile: ServerProfile, idle_minutes: float | None) -> ServerState:
    """Start a server (the model's SHA-256 checked first), record it, and wait until it answers. With
    `idle_minutes`, detached and stopping when idle; None: tied to this process."""
    require_runtime()
    path = model_path()
    secret = secrets.token_urlsafe(32)
    attached = idle_minutes is None
    config = _config_file(profile, path, secret, idle_minutes, _free_port(profile.port))
    log.info("starting the embedded model server on 127.0.0.1:%d", config["port"])
    in_main_thread = threading.current_thread() is threading.main_thread()
    with _private(_log_path(profile), "ab") as output:
        process = subprocess.Popen(
            server_command(profile),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=not attached,
            preexec_fn=_stop_with_parent if attached and in_main_thread else None,
        )
    state = ServerState(
        pid=process.pid, port=config["port"], secret=secret, digest=config["digest"], started=time.time(),
        idle_minutes=idle_minutes,
    )  # fmt: skip
    _write_state(profile, state)
    _STARTED[profile.name] = process
    if attached:
        atexit.register(_terminate, process.pid, process)
    if _until_ready(state, process):
        return state
    exited = process.poll()
    _terminate(process.pid, process)
    _remove_state(profile, process.pid)
    what = f"exited (code {exited})" if exited is not None else f"did not answer within {START_TIMEOUT:.0f} s"
    raise ProviderUnreachableError(f"the embedded model server {what}; see {_log_path(profile)}")


def server_command(profile: ServerProfile) -> list[str]:
    """The server's command line: this package's server program and its settings file."""
    return [sys.executable, "-m", "summarize.llm._server_process", str(_settings_path(profile))]


def server_settings(profile: ServerProfile, path: Path) -> dict[str, Any]:
    """The model's settings for llama-cpp-python: no `logits_all` (the server reads log-probabilities from the
    sampled position), a RAM cache of prompt states, both names on one loaded model."""
    model = {
        "model": str(path),
        "n_ctx": profile.context_tokens,
        "n_threads": os.cpu_count() or 2,
        "n_batch": 512,
        "logits_all": False,
        "verbose": False,
        "cache": True,
        "cache_type": "ram",
        "cache_size": PROMPT_CACHE_BYTES,
    }
    return {"model": model, "aliases": [MODEL_NAME, WRITER_NAME]}


def server_digest(profile: ServerProfile) -> str:
    """What a server for `profile` must run: the model, its settings, and this server program."""
    program = Path(__file__).with_name("_server_process.py").read_bytes()
    settings = server_settings(profile, cache_dir() / f"{MODEL_NAME}.gguf")
    material = json.dumps([MODEL_SHA256, settings], sort_keys=True).encode() + program
    return hashlib.sha256(material).hexdigest()[:16]


def _config_file(
    profile: ServerProfile, path: Path, secret: str, idle_minutes: float | None, port: int
) -> dict[str, Any]:
    config = {
        "host": "127.0.0.1",
        "port": port,
        "secret": secret,
        "idle_seconds": idle_minutes * 60 if idle_minutes else None,
        "state_file": str(server_dir() / f"{profile.name}.json"),
        "digest": server_digest(profile),
        "llama": server_settings(profile, path),
    }
    with _private(_settings_path(profile), "w") as out:
        json.dump(config, out, indent=2)
    return config


@contextlib.contextmanager
def _private(path: Path, mode: str) -> Iterator[Any]:
    """Open a file that only the user can read (it may hold the secret)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC), 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(descriptor, mode) as handle:
        yield handle


def _write_state(profile: ServerProfile, state: ServerState) -> None:
    partial = server_dir() / f".{profile.name}.json.partial"
    with _private(partial, "w") as out:
        json.dump(dataclasses.asdict(state), out)
    partial.replace(server_dir() / f"{profile.name}.json")


def _remove_state(profile: ServerProfile, pid: int) -> None:
    state = read_state(profile)
    if state is not None and state.pid == pid:
        with contextlib.suppress(FileNotFoundError):
            (server_dir() / f"{profile.name}.json").unlink()


def _status(state: ServerState, *, touch: bool, timeout: float = 10) -> dict[str, Any] | None:
    """The server's status, if it answers and proves it holds the state's secret (and is the state's process)."""
    nonce = secrets.token_hex(16)
    query = urllib.parse.urlencode({"nonce": nonce, "touch": "true" if touch else "false"})
    request = urllib.request.Request(
        f"http://127.0.0.1:{state.port}/summarize/status?{query}", headers={"Authorization": f"Bearer {state.secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            found = json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("proof") != proof(state.secret, nonce) or found.get("pid") != state.pid:
        log.warning("the process on 127.0.0.1:%d is not the embedded server this user started", state.port)
        return None
    return found


def _until_ready(state: ServerState, process: subprocess.Popen[bytes] | None) -> bool:
    """Wait until the server answers (True); False when it exits, or when `START_TIMEOUT` from its start and at
    least `ANSWER_GRACE` from now have passed (a busy machine may answer late)."""
    deadline = max(state.started + START_TIMEOUT, time.time() + ANSWER_GRACE)
    while time.time() < deadline:
        if (process.poll() is not None) if process is not None else not _alive(state.pid):
            return False
        if _status(state, touch=True, timeout=2) is not None:
            return True
        time.sleep(0.3)
    return False


def _free_port(wanted: int) -> int:
    """`wanted` if nothing listens there, else one the system picks (another user's server may hold it)."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", wanted))
            return wanted
        except OSError:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
    log.info("port %d is taken: the embedded server listens on %d", wanted, port)
    return port


def _alive(pid: int, process: subprocess.Popen[bytes] | None = None) -> bool:
    process = process or next((p for p in _STARTED.values() if p.pid == pid), None)
    if process is not None:
        return process.poll() is None  # our child: poll() also reaps it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _terminate(pid: int, process: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM, then SIGKILL after 10 s."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _alive(pid, process) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid, process):
            os.kill(pid, signal.SIGKILL)
    if process is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


def _resident_bytes(pid: int) -> int | None:
    """A process's resident memory (Linux), None elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _is_our_server(profile: ServerProfile, pid: int) -> bool:
    """Whether `pid` runs this profile's server program (its command line names our settings file), so that a
    recycled pid is never signalled; where /proc is missing, whether it is alive."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return False if Path("/proc/self").exists() else _alive(pid)
    except OSError:
        return False
    return str(_settings_path(profile)) in command and _alive(pid)


def _log_path(profile: ServerProfile) -> Path:
    return server_dir() / f"{profile.name}.log"


def _settings_path(profile: ServerProfile) -> Path:
    return server_dir() / f"{profile.name}-settings.json"


def _stop_with_parent() -> None:
    """In the server's process, before it runs: ask Linux to send it SIGTERM when its parent dies, so a killed
    command never leaves an attached server behind. (Tied to the starting thread, hence only from the main one.)"""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1
