"""What runs inside the embedded server's process: llama-cpp-python's OpenAI-compatible server, changed in five ways.

1. **One model for both names.** The writer's and the judge's names (`WRITER_NAME`, `MODEL_NAME`) reach the same
   loaded weights, so a summary and its judge never reload the model (2 s each switch, and the cached prompt lost).
2. **Log-probabilities without `logits_all`.** llama-cpp-python returns a token's top alternatives only from a
   model that keeps a row of 151,936 logits for every prompt position (0.6 MB a token, about half the prompt
   speed, and a log-softmax over every row of the prompt on each call). Here they are read from the logits the
   sampler sees at each generated position, and written in the library's own format.
3. **Several cached prompt states.** With `cache` on, each answered prompt's state is kept (up to `cache_size`
   bytes, least recently used first out) and a later prompt resumes from the longest common prefix: a judge's
   window question no longer evicts the article that the next whole-document question needs. The states hold the
   KV cache only; the library's copy of its logits rows (unused without `logits_all`; 311 MB a state) is left out.
4. **A secret.** Every request must carry `Authorization: Bearer <secret>`; `GET /summarize/status?nonce=N` proves
   the server knows it (an HMAC of the nonce), so a client never sends an article to a process that is not its own.
   The status route answers without waiting for the model: what `summarize model status` shows.
5. **An idle stop.** With an idle limit, the server exits after that long without a request and removes its state
   file (`summarize.llm._embedded` keeps it, to find the server again).

Run as `python -m summarize.llm._server_process CONFIG` with the JSON file `summarize.llm._embedded` writes;
`serve` runs any ASGI app this way (the tests' stand-in server uses it without a model).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SERVER_SETTINGS = ("host", "port", "secret", "idle_seconds", "state_file")
"""The keys of the config file besides `llama` (llama-cpp-python's own settings)."""


def proof(secret: str, nonce: str) -> str:
    """What the server answers to a nonce: an HMAC only the secret's holder can compute."""
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()


class Activity:
    """Requests in flight and the time of the last one: what the idle stop and the status route read."""

    def __init__(self) -> None:
        self.started = time.time()
        self.last = time.monotonic()
        self.in_flight = 0
        self.requests = 0
        self._lock = threading.Lock()

    def begin(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.requests += 1
            self.last = time.monotonic()

    def end(self) -> None:
        with self._lock:
            self.in_flight -= 1
            self.last = time.monotonic()

    def touch(self) -> None:
        self.last = time.monotonic()

    def idle_for(self) -> float:
        return 0.0 if self.in_flight else time.monotonic() - self.last


def serve(app: Any, config: dict[str, Any], statistics: Callable[[], dict[str, Any]] = dict) -> None:
    """Run `app` on loopback behind the secret, with the status route and the idle stop, until stopped."""
    import uvicorn

    guarded, activity = guard(app, config, statistics)
    server = uvicorn.Server(
        uvicorn.Config(guarded, host=config["host"], port=int(config["port"]), log_level="warning", lifespan="off")
    )
    if config.get("idle_seconds"):
        threading.Thread(
            target=stop_when_idle, args=(server, activity, float(config["idle_seconds"])), daemon=True
        ).start()
    try:
        server.run()
    finally:
        _remove_state(Path(config["state_file"]))


def guard(
    app: Any, config: dict[str, Any], statistics: Callable[[], dict[str, Any]] = dict
) -> tuple[Callable[..., Any], Activity]:
    """`app` (a FastAPI app) with the status route, behind the secret; and the activity it records."""
    activity = Activity()
    route = _status_route(activity, str(config["secret"]), config.get("idle_seconds"), statistics)
    app.add_api_route("/summarize/status", route, methods=["GET"])
    return _guarded(app, str(config["secret"]), activity), activity


def _guarded(app: Any, secret: str, activity: Activity) -> Callable[..., Any]:
    """The app behind the secret (401 without it); model requests counted as activity."""
    expected = f"Bearer {secret}".encode()

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        if not hmac.compare_digest(given, expected):
            await _refuse(send)
            return
        counted = str(scope.get("path", "")).startswith("/v1/")
        if counted:
            activity.begin()
        try:
            await app(scope, receive, send)
        finally:
            if counted:
                activity.end()

    return guarded


async def _refuse(send: Any) -> None:
    body = b'{"error": {"message": "this server needs its secret", "code": 401}}'
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _status_route(
    activity: Activity, secret: str, idle_seconds: float | None, statistics: Callable[[], dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    def status(nonce: str = "", touch: bool = False) -> dict[str, Any]:
        if touch:
            activity.touch()
        return {
            "pid": os.getpid(),
            "proof": proof(secret, nonce),
            "started": activity.started,
            "idle_seconds": round(activity.idle_for(), 1),
            "idle_limit_seconds": idle_seconds,
            "requests": activity.requests,
            "in_flight": activity.in_flight,
            **statistics(),
        }

    return status


def stop_when_idle(server: Any, activity: Activity, limit: float) -> None:
    """Tell the server to exit once no request has come for `limit` seconds."""
    while not server.should_exit:
        time.sleep(min(30.0, max(limit / 10, 0.2)))
        if activity.idle_for() >= limit:
            print(f"no request for {limit:g} s: stopping", file=sys.stderr, flush=True)
            server.should_exit = True


def _remove_state(path: Path) -> None:
    """Remove the state file if it still names this process (a newer server may have replaced it)."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        if json.loads(path.read_text())["pid"] == os.getpid():
            path.unlink()


def llama_app(settings: dict[str, Any]) -> tuple[Any, Callable[[], dict[str, Any]]]:
    """llama-cpp-python's app with one `ServedLlama` behind every model name; and its statistics."""
    # llama-cpp-python's internals, used as untyped objects: this module changes how they behave
    server_app: Any = importlib.import_module("llama_cpp.server.app")
    LlamaProxy: Any = importlib.import_module("llama_cpp.server.model").LlamaProxy  # noqa: N806
    settings_module: Any = importlib.import_module("llama_cpp.server.settings")
    ModelSettings, ServerSettings = settings_module.ModelSettings, settings_module.ServerSettings  # noqa: N806

    served = _served_llama_class()
    # model_construct: llama-cpp-python's settings classes also read environment variables (MODEL, CACHE, ...)
    model = ModelSettings.model_construct(**settings["model"])
    aliases = list(settings["aliases"])

    class OneModel(LlamaProxy):  # type: ignore[misc]
        """Every alias answered by one loaded model (the library's proxy reloads on each change of name)."""

        def __init__(self, models: list[Any]) -> None:
            self._model_settings_dict = {m.model_alias: m for m in models}
            self._default_model_settings = models[0]
            self._default_model_alias = self._current_model_alias = models[0].model_alias
            self._current_model = LlamaProxy.load_llama_from_model_settings(models[0])
            self._current_model.__class__ = served  # the library's loader, with every setting; our methods

        def __call__(self, model: str | None = None) -> Any:
            return self._current_model

    server_app.LlamaProxy = OneModel  # create_app builds its proxy from this module attribute
    models = [model.model_copy(update={"model_alias": alias}) for alias in aliases]
    app = server_app.create_app(server_settings=ServerSettings.model_construct(), model_settings=models)

    def statistics() -> dict[str, Any]:
        proxy = server_app._llama_proxy
        return proxy._current_model.statistics() if proxy is not None else {}

    return app, statistics


def _served_llama_class() -> type[Any]:
    """The `Llama` subclass the server runs (built on first use: importing llama_cpp loads its library)."""
    import numpy as np

    llama_cpp: Any = importlib.import_module("llama_cpp")  # untyped here: this class changes its internals

    class ServedLlama(llama_cpp.Llama):  # type: ignore[misc]
        """A `Llama` that returns log-probabilities without `logits_all` and keeps slim cache states."""

        _sampled: list[int] | None = None

        def create_completion(self, prompt: Any, **kwargs: Any) -> Any:
            wanted = kwargs.get("logprobs")
            if wanted is None or self._logits_all or kwargs.get("stream"):
                return super().create_completion(prompt, **kwargs)
            rows: list[Any] = []

            def capture(_input_ids: Any, logits: Any) -> Any:
                rows.append(np.array(logits, dtype=np.single, copy=True))
                return logits

            processors = llama_cpp.LogitsProcessorList([capture, *(kwargs.get("logits_processor") or [])])
            sampled: list[int] = []
            self._sampled = sampled
            try:
                result = super().create_completion(
                    prompt, **{**kwargs, "logprobs": None, "logits_processor": processors}
                )
            finally:
                self._sampled = None
            count = int(result["usage"]["completion_tokens"])
            offset = len(prompt) if isinstance(prompt, str) else 0
            result["choices"][0]["logprobs"] = self._logprobs(rows[:count], sampled[:count], int(wanted), offset)
            return result

        def sample(self, *args: Any, **kwargs: Any) -> int:
            token = int(super().sample(*args, **kwargs))
            if self._sampled is not None:
                self._sampled.append(token)
            return token

        def _logprobs(self, rows: list[Any], tokens: list[int], top: int, text_offset: int) -> dict[str, Any]:
            logprobs = [llama_cpp.Llama.logits_to_logprobs(row) for row in rows]  # the library's own log-softmax
            return completion_logprobs(logprobs, tokens, top, text_offset, self._text)

        def _text(self, tokens: list[int], before: list[int]) -> str:
            return str(self.detokenize(tokens, prev_tokens=before).decode("utf-8", errors="ignore"))

        def save_state(self) -> Any:
            if self._logits_all:
                return super().save_state()
            size = int(llama_cpp.llama_state_get_size(self._ctx.ctx))
            buffer = (llama_cpp.ctypes.c_uint8 * size)()
            written = int(llama_cpp.llama_state_get_data(self._ctx.ctx, buffer, size))
            return llama_cpp.LlamaState(
                input_ids=self.input_ids.copy(),
                scores=np.empty((0, self._n_vocab), dtype=np.single),
                n_tokens=self.n_tokens,
                llama_state=bytes(memoryview(buffer)[:written]),
                llama_state_size=written,
                seed=self._seed,
            )

        def load_state(self, state: Any) -> None:
            if self._logits_all:
                super().load_state(state)
                return
            self.input_ids = state.input_ids.copy()
            self.n_tokens = state.n_tokens
            self._requires_eval = True
            self._seed = state.seed
            data = (llama_cpp.ctypes.c_uint8 * state.llama_state_size).from_buffer_copy(state.llama_state)
            if llama_cpp.llama_state_set_data(self._ctx.ctx, data, state.llama_state_size) != state.llama_state_size:
                raise RuntimeError("Failed to set llama state data")

        def statistics(self) -> dict[str, Any]:
            """llama.cpp's own counters since the model loaded: prompt tokens evaluated (a cached prefix is not)
            and generated tokens, with their milliseconds; the prompt cache's states and bytes."""
            perf = llama_cpp.llama_perf_context(self._ctx.ctx)
            found: dict[str, Any] = {
                "prompt_tokens_evaluated": perf.n_p_eval,
                "prompt_ms": round(perf.t_p_eval_ms),
                "generated_tokens": perf.n_eval,
                "generation_ms": round(perf.t_eval_ms),
            }
            with contextlib.suppress(RuntimeError, AttributeError):  # the cache may change while it is read
                states = list(self.cache.cache_state.values())
                found |= {"cache_states": len(states), "cache_bytes": sum(s.llama_state_size for s in states)}
            return found

    return ServedLlama


def completion_logprobs(
    rows: list[Any], tokens: list[int], top: int, text_offset: int, text: Callable[[list[int], list[int]], str]
) -> dict[str, Any]:
    """A completion's `logprobs` as llama-cpp-python writes them from `logits_all` rows: each generated token's text
    (`text(tokens, tokens before)`), offset and log-probability, and its `top` alternatives, descending (ties: the
    higher token id first), the chosen token among them. `rows` are the log-probabilities at each position."""
    import numpy as np

    texts, offsets, chosen, tables = [], [], [], []
    for index, (row, token) in enumerate(zip(rows, tokens, strict=True)):
        before = tokens[:index]
        texts.append(text([token], before))
        offsets.append(text_offset + len(text(before, [])))
        chosen.append(float(row[token]))
        order = np.lexsort((np.arange(len(row)), row))[::-1][:top]
        table = {text([int(i)], before): float(row[i]) for i in order}
        table[texts[-1]] = float(row[token])
        tables.append(table)
    return {"tokens": texts, "text_offset": offsets, "token_logprobs": chosen, "top_logprobs": tables}


def main(argv: list[str]) -> None:
    """Serve the embedded model as the config file at argv[0] says."""
    config = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    app, statistics = llama_app(config["llama"])
    serve(app, config, statistics)


if __name__ == "__main__":
    main(sys.argv[1:])
