"""The model client: one call site for every provider (litellm), typed output (instructor), one retry policy.

`LLM` is the real client; everything that calls a model receives a `ModelClient`, so tests can hand in a fake.
Above this module everything sees pydantic objects and `SummarizeError`s; provider differences stay here.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import math
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Protocol, TypeVar, cast

from pydantic import BaseModel

from summarize._errors import (
    ArticleTooLongError,
    DeadlineError,
    InvalidModelOutputError,
    ModelError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnreachableError,
    ReplayMissError,
    SummarizeError,
)
from summarize.llm._config import ModelConfig
from summarize.llm._embedded import MODEL_NAME, WRITER_NAME
from summarize.llm._recording import is_replay_refusal
from summarize.llm._retry import exception_chain, is_transient, status_code
from summarize.llm._router import ROUTE, build_router, routed_async, routed_sync
from summarize.llm._server import EMBEDDED_SERVER, Endpoint, ensure_server, key_for, restart_abandoned_server
from summarize.llm._usage import Usage

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")


class DeadlineExceeded(TimeoutError):
    """A model call ran past its overall deadline."""


_COMMAND_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "summarize_command_deadline", default=None
)


class _DeadlineAlarm(BaseException):
    """Raised in the main thread when the command's time is up; a BaseException, so that no `except Exception`
    on the way (a library's, or a fallback of ours) can swallow it."""


@contextlib.contextmanager
def command_deadline(seconds: float | None) -> Iterator[None]:
    """The block ends by `seconds` from now with a `DeadlineError`: every model call inside is bounded by it,
    whatever each call's own timeout allows, and so is the work between calls (reading, parsing, comparing),
    interrupted by a timer signal where the block runs in the main thread."""
    if seconds is None:
        yield
        return
    token = _COMMAND_DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        with _alarm(seconds):
            yield
    except _DeadlineAlarm:
        raise DeadlineError(_past_deadline(seconds)) from None
    finally:
        _COMMAND_DEADLINE.reset(token)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield  # signals reach only the main thread: the model calls' own checks still bound the block
        return

    def ring(_number: int, _frame: object) -> None:
        raise _DeadlineAlarm

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _past_deadline(seconds: float) -> str:
    return f"the command did not finish within {seconds:g} s (--deadline)"


_CALL_THREAD = "summarize-model-call"


def abandoned_calls() -> bool:
    """Whether a model call given up on at its deadline is still running in its thread."""
    return any(thread.name == _CALL_THREAD and thread.is_alive() for thread in threading.enumerate())


def run_with_deadline(attempt: Callable[[float], R], deadline: float) -> R:
    """Run `attempt(seconds_left)` in a daemon thread and stop waiting at the deadline.

    The clock, not the socket, decides: a server that trickles one byte every few seconds never trips a read
    timeout. The thread is a daemon, so an abandoned request never keeps the process alive.
    """
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded("no time left for another attempt")
    outcome: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    context = contextvars.copy_context()

    def work() -> None:
        try:
            outcome.put((True, context.run(attempt, remaining)))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting caller, which re-raises it
            outcome.put((False, error))

    threading.Thread(target=work, daemon=True, name=_CALL_THREAD).start()
    try:
        succeeded, value = outcome.get(timeout=remaining)
    except queue.Empty:
        raise DeadlineExceeded(f"no answer within {remaining:.0f} s") from None
    if succeeded:
        return cast(R, value)
    raise value


Messages = list[dict[str, str]]
"""Chat messages as the OpenAI API takes them."""


class ModelClient(Protocol):
    """What the summarizer and the judge need from a model; `LLM` is the real one."""

    @property
    def config(self) -> ModelConfig: ...

    def context_tokens(self) -> int | None: ...

    def count_tokens(self, messages: Messages) -> int: ...

    def check_fits(self, messages: Messages, max_tokens: int, what: str) -> None: ...

    def structured(
        self, response_model: type[T], messages: Messages, *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]: ...

    async def astructured(
        self, response_model: type[T], messages: Messages, *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]: ...

    def next_token_logprobs(self, messages: Messages) -> tuple[dict[str, float] | None, str, Usage]: ...


_KEY_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "vertex_ai": "GOOGLE_APPLICATION_CREDENTIALS",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
    "together_ai": "TOGETHERAI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "hosted_vllm": "HOSTED_VLLM_API_KEY",
    "azure": "AZURE_API_KEY",
    "cohere": "COHERE_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
}


_REQUEST_ERRORS = {"BadRequestError", "NotFoundError", "UnprocessableEntityError", "UnsupportedParamsError"}
"""The provider refused the request itself: no re-ask or retry can help."""
_SECRET_VARIABLE = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)$")


def litellm_module() -> Any:
    """Import litellm lazily (3 s) with its network fetch at import and its feedback banner turned off."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


async def close_async_clients() -> None:
    """Close the HTTP sessions litellm keeps for the running event loop; nothing to do (and nothing imported, 3 s)
    when no model was called."""
    if "litellm" in sys.modules:
        await litellm_module().close_litellm_async_clients()


class LLM:
    """A configured model: structured calls, Yes/No probabilities, and what they cost."""

    def __init__(self, config: ModelConfig) -> None:
        self._config = config
        self._routers: dict[str, Any] = {}

    @property
    def config(self) -> ModelConfig:
        """The model and how it is reached."""
        return self._config

    def context_tokens(self) -> int | None:
        """The model's context window in tokens, where known."""
        if self.config.is_embedded:
            return EMBEDDED_SERVER.context_tokens
        try:
            info = litellm_module().get_model_info(self.config.model)
        except Exception:  # unknown models: litellm raises a bare Exception
            return None
        value = info.get("max_input_tokens") or info.get("max_tokens")
        return int(value) if value else None

    def count_tokens(self, messages: Messages) -> int:
        """An estimate of the prompt's length in tokens."""
        model = "gpt-4o" if self.config.is_embedded else self.config.model
        return int(litellm_module().token_counter(model=model, messages=messages))

    def check_fits(self, messages: Messages, max_tokens: int, what: str) -> None:
        """Refuse a prompt that cannot fit the context window, instead of letting it be cut."""
        window = self.context_tokens()
        if window is None:
            return
        needed = math.ceil(self.count_tokens(messages) * 1.1) + max_tokens
        if needed > window:
            raise ArticleTooLongError(
                f"{what} needs about {needed} tokens but {self.config.display_name} has a {window}-token "
                "context; shorten it or use a model with a longer context (it is never truncated)"
            )

    def structured(
        self, response_model: type[T], messages: Messages, *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]:
        """One validated object, re-asking on validation errors up to `max_reasks` times."""
        calls: list[Any] = []
        completion, options = self._call_site(asynchronous=False, role=WRITER_NAME)
        client = self._instructor(completion, calls)
        arguments = self._structured_arguments(response_model, messages, context, max_tokens) | options
        started = time.monotonic()

        def attempt(seconds: float) -> T:
            calls.clear()  # a transient failure's partial attempts are not the answer's cost
            return cast(T, client.chat.completions.create(**arguments, timeout=seconds))

        result = self._bounded(attempt)
        return result, _usage(calls, time.monotonic() - started)

    async def astructured(
        self, response_model: type[T], messages: Messages, *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]:
        """Async twin of `structured`."""
        calls: list[Any] = []
        completion, options = self._call_site(asynchronous=True, role=WRITER_NAME)
        client = self._instructor(completion, calls)
        arguments = self._structured_arguments(response_model, messages, context, max_tokens) | options
        started = time.monotonic()

        async def attempt(seconds: float) -> T:
            calls.clear()
            return cast(T, await client.chat.completions.create(**arguments, timeout=seconds))

        result = await self._abounded(attempt)
        return result, _usage(calls, time.monotonic() - started)

    def _instructor(self, completion: Any, calls: list[Any]) -> Any:
        """An instructor client over litellm that appends every raw response (re-asks too) to `calls`."""
        import instructor

        if self.config.is_embedded:
            completion = llama_cpp_dialect(completion)
        client = instructor.from_litellm(completion, mode=self.config.structured_mode.instructor_mode())
        client.on("completion:response", calls.append)
        return client

    def _structured_arguments(
        self, response_model: type[T], messages: Messages, context: dict[str, Any], max_tokens: int
    ) -> dict[str, Any]:
        return {
            "response_model": response_model,
            "messages": messages,
            "context": context,
            "max_retries": self.config.max_reasks,
            "max_tokens": max_tokens,
        }

    def next_token_logprobs(self, messages: Messages) -> tuple[dict[str, float] | None, str, Usage]:
        """Generate one token; return the top log-probabilities at it (None where the provider has none)."""
        started = time.monotonic()
        # here, not in the attempt's thread: it may start the server
        completion, options = self._call_site(asynchronous=False, role=MODEL_NAME)

        def attempt(seconds: float) -> Any:
            return completion(
                messages=messages, max_tokens=1, logprobs=True, top_logprobs=10, timeout=seconds, **options
            )

        response = self._bounded(attempt)
        choice = response.choices[0]
        text = (choice.message.content or "").strip()
        table = _top_logprobs(choice)
        if not text and not table:
            raise ProviderRequestError(f"{self.config.display_name} gave an empty answer to a Yes/No question")
        return table, text, _usage([response], time.monotonic() - started)

    def complete(self, messages: Messages, *, max_tokens: int) -> tuple[str, Usage]:
        """Plain text generation."""
        started = time.monotonic()
        completion, options = self._call_site(asynchronous=False, role=WRITER_NAME)

        def attempt(seconds: float) -> Any:
            return completion(messages=messages, max_tokens=max_tokens, timeout=seconds, **options)

        response = self._bounded(attempt)
        return response.choices[0].message.content or "", _usage([response], time.monotonic() - started)

    def _call_site(self, *, asynchronous: bool, role: str) -> tuple[Callable[..., Any], dict[str, Any]]:
        """The completion function and its options: litellm's, or, with rate limits or fallbacks, its Router's
        (a full minute waits for the next; a failure tries the fallbacks). `role` names the embedded model's
        configuration on its server: the writer, or the judge (`MODEL_NAME`), which keeps log-probabilities."""
        options = self._request_options(role)
        if not self.config.routed:
            litellm = litellm_module()
            return (litellm.acompletion if asynchronous else litellm.completion), options
        endpoint: dict[str, Any] = {key: options.pop(key) for key in ("model", "api_base", "api_key") if key in options}
        router = self._router(endpoint)
        return (routed_async(router) if asynchronous else routed_sync(router)), options | {"model": ROUTE}

    def _router(self, endpoint: dict[str, Any]) -> Any:
        """One Router per endpoint (the embedded server's address can change when it restarts)."""
        name = repr(sorted(endpoint.items()))
        if name not in self._routers:
            litellm_module()
            config = self.config
            self._routers[name] = build_router(endpoint, config.fallbacks, config.rpm, config.tpm)
        return self._routers[name]

    def _request_options(self, role: str) -> dict[str, Any]:
        options: dict[str, Any] = {"temperature": 0.0, "num_retries": 0}
        if self.config.is_embedded:
            given = self.config.api_base
            endpoint = (
                Endpoint(given, key_for(given))
                if given
                else ensure_server(EMBEDDED_SERVER, idle_minutes=self.config.server_idle)
            )
            options |= {"model": f"openai/{role}", "api_base": endpoint.api_base, "api_key": endpoint.api_key}
            options["seed"] = 0
        else:
            options["model"] = self.config.model
            if self.config.api_base:
                options["api_base"] = self.config.api_base
            self.require_credentials()
        return options

    def require_credentials(self) -> None:
        """Refuse at once, naming the variable, when the provider's key is not set (litellm knows which): its
        client would refuse to send anything, and retrying cannot help. With `api_base` (a local server that may
        need no key), say how to go without one. The embedded model needs none."""
        if self.config.is_embedded:
            return
        try:
            missing = litellm_module().validate_environment(self.config.model).get("missing_keys") or []
        except Exception:  # a model litellm cannot place: let the request itself say what is wrong
            return
        secrets = [name for name in missing if _SECRET_VARIABLE.search(name) or name.endswith("CREDENTIALS")]
        if not secrets:
            return
        message = f"{self.config.display_name} needs {' and '.join(secrets)} in the environment, and it is not set"
        if self.config.api_base:
            name = self.config.model.split("/", 1)[-1]
            message += f"; a server that needs no key: set it to any value, or use --model hosted_vllm/{name}"
        raise ProviderAuthError(message)

    def _deadline(self) -> float:
        """When this call must end: its own timeout, or the command's deadline if that comes first."""
        own = time.monotonic() + self.config.timeout
        command = _COMMAND_DEADLINE.get()
        if command is not None and command[0] <= own:
            if command[0] <= time.monotonic():
                raise DeadlineError(_past_deadline(command[1]))
            return command[0]
        return own

    def _bounded(self, attempt: Callable[[float], R]) -> R:
        """Run `attempt` under the retry policy, the whole call ending by `config.timeout` whatever the server
        does (refuses, hangs, or trickles its answer): each attempt gets the time left, enforced by the clock."""
        deadline = self._deadline()

        def bounded() -> R:
            return run_with_deadline(attempt, self._attempt_deadline(deadline))

        try:
            return cast(R, self._guarded(lambda: self.config.retry.call(bounded, deadline=deadline)))
        except ProviderUnreachableError:
            self._abandoned()
            raise

    async def _abounded(self, attempt: Callable[[float], Awaitable[R]]) -> R:
        """Async twin of `_bounded`: an attempt past the deadline is cancelled."""
        deadline = self._deadline()

        async def bounded() -> R:
            remaining = self._attempt_deadline(deadline) - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded(f"no answer within {self.config.timeout:g} s")
            try:
                return await asyncio.wait_for(attempt(remaining), remaining)
            except TimeoutError:
                raise DeadlineExceeded(f"no answer within {self.config.timeout:g} s") from None

        try:
            return cast(R, await self._aguarded(lambda: self.config.retry.acall(bounded, deadline=deadline)))
        except ProviderUnreachableError:
            self._abandoned()
            raise

    def _attempt_deadline(self, deadline: float) -> float:
        limit = self.config.retry.attempt_timeout
        return deadline if limit is None else min(deadline, time.monotonic() + limit)

    def _abandoned(self) -> None:
        """The embedded server may still be working on a request we gave up on: restart it if we started it."""
        if self.config.uses_embedded_server:
            restart_abandoned_server(EMBEDDED_SERVER)

    def _guarded(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except SummarizeError:
            raise
        except Exception as error:
            raise self.translate(error) from None

    async def _aguarded(self, call: Callable[[], Awaitable[Any]]) -> Any:
        try:
            return await call()
        except SummarizeError:
            raise
        except Exception as error:
            raise self.translate(error) from None

    def translate(self, error: BaseException) -> ModelError | ArticleTooLongError:
        """Map a provider, litellm or instructor failure to one clear error, with no secret in it."""
        name = self.config.display_name
        names = {type(link).__name__ for link in exception_chain(error)}
        code = status_code(error)
        if is_replay_refusal(error):
            return ReplayMissError(f"no recorded answer for this request to {name} (a prompt or setting changed)")
        if "ContextWindowExceededError" in names or "exceed context window" in str(error).lower():
            return ArticleTooLongError(f"the input is longer than the context window of {name}")
        if code in (401, 403) or "AuthenticationError" in names or "PermissionDeniedError" in names:
            return ProviderAuthError(f"{name} refused the credentials: {self._key_hint()}")
        if "DeadlineExceeded" in names:
            command = _COMMAND_DEADLINE.get()
            if command is not None and command[0] <= time.monotonic() + 0.5:
                return DeadlineError(_past_deadline(command[1]))
            return ProviderUnreachableError(
                f"{name} did not answer within {self.config.timeout:g} s (the call's deadline; --timeout)"
            )
        if is_transient(error):
            where = self.config.api_base or ("the embedded server" if self.config.is_embedded else "the provider")
            attempts = getattr(error, "attempts", 1)
            return ProviderUnreachableError(
                f"{name} could not be reached or kept failing at {mask_url(where)} after {attempts} attempt(s) "
                f"({_short(error)})"
            )
        if code is not None and 400 <= code < 500 or names & _REQUEST_ERRORS:
            return ProviderRequestError(f"{name} rejected the request: {_short(error)}")
        if "IncompleteOutputException" in names or "finish_reason='length'" in str(error):
            return InvalidModelOutputError(
                f"{name}'s answer was cut off at the token limit before it was complete; try a shorter article "
                "or a model with a larger output limit"
            )
        if "InstructorRetryException" in names or "ValidationError" in names:
            return InvalidModelOutputError(
                f"{name} did not produce a valid answer after {self.config.max_reasks} re-asks: {_short(error)}"
            )
        return ProviderRequestError(f"{name} rejected the request: {_short(error)}")

    def _key_hint(self) -> str:
        provider = self.config.model.split("/", 1)[0]
        variable = _KEY_VARIABLES.get(provider)
        if variable:
            return f"check the {variable} environment variable"
        return "check the provider's API key environment variable"


def _top_logprobs(choice: Any) -> dict[str, float] | None:
    logprobs = getattr(choice, "logprobs", None)
    content = getattr(logprobs, "content", None) if logprobs is not None else None
    if not content:
        return None
    first = content[0]
    alternatives = getattr(first, "top_logprobs", None) or []
    table = {alt.token: alt.logprob for alt in alternatives}
    table.setdefault(first.token, first.logprob)
    return table


def llama_cpp_dialect(completion: Callable[..., Any]) -> Callable[..., Any]:
    """`completion`, with OpenAI's `json_schema` response format sent the way llama-cpp-python's server takes it.

    That server answers 422 to `{"type": "json_schema", ...}` but compiles `{"type": "json_object", "schema": ...}`
    into a grammar: the answer has the schema's shape without the schema in the prompt (the tool schema of the
    tools mode cost 1,000 prompt tokens a summary). Only that one field changes.
    """
    if inspect.iscoroutinefunction(completion):

        async def translated_async(*args: Any, **kwargs: Any) -> Any:
            return await completion(*args, **_llama_cpp_format(kwargs))

        return translated_async

    def translated(*args: Any, **kwargs: Any) -> Any:
        return completion(*args, **_llama_cpp_format(kwargs))

    return translated


def _llama_cpp_format(kwargs: dict[str, Any]) -> dict[str, Any]:
    wanted = kwargs.get("response_format")
    if isinstance(wanted, dict) and wanted.get("type") == "json_schema":
        return kwargs | {"response_format": {"type": "json_object", "schema": wanted["json_schema"]["schema"]}}
    return kwargs


def _usage(responses: list[Any], seconds: float) -> Usage:
    litellm = litellm_module()
    prompt = completion = 0
    costs: list[float] = []
    for response in responses:
        usage = getattr(response, "usage", None)
        prompt += int(getattr(usage, "prompt_tokens", 0) or 0)
        completion += int(getattr(usage, "completion_tokens", 0) or 0)
        try:
            costs.append(float(litellm.completion_cost(completion_response=response)))
        except Exception:  # no price known for this model
            pass
    cost = sum(costs) if costs and len(costs) == len(responses) else None
    return Usage(
        calls=len(responses), prompt_tokens=prompt, completion_tokens=completion, cost_usd=cost, seconds=seconds
    )


def redact(text: str) -> str:
    """Remove the values of secret-looking environment variables, and the `user:password@` of URLs, from a
    message."""
    for variable, value in os.environ.items():
        if value and len(value) >= 8 and _SECRET_VARIABLE.search(variable):
            text = text.replace(value, "[redacted]")
    return mask_url(text)


_CREDENTIALS_IN_URL = re.compile(r"(?<=://)[^/@\s]+@")


def mask_url(text: str) -> str:
    """Text with any `user:password@` of a URL replaced by `***@`."""
    return _CREDENTIALS_IN_URL.sub("***@", text)


def _short(error: BaseException) -> str:
    """The provider's own explanation (litellm's error carries it), else the root cause; secrets cut out before
    it is shortened (a cut through a key would leave the rest of the key unrecognised)."""
    chain = list(exception_chain(error))
    provider = [e for e in chain if type(e).__module__.startswith(("litellm", "openai"))]
    chosen = provider[0] if provider else chain[-1]
    message = redact(" ".join(str(chosen).split()))
    message = message if len(message) <= 300 else message[:297] + "..."
    return f"{type(chosen).__name__}: {message}"
