"""The LLM layer: one call site for every provider (litellm), typed output (instructor), one retry policy.

Owns the model configuration (`ModelConfig`; a new provider setting goes there), the client (`LLM`), usage
accounting, the embedded llama.cpp model and its shared server, and recording/replaying model traffic. Above this
package everything sees pydantic objects and `SummarizeError`s.
"""

from summarize.llm._client import (
    LLM,
    Messages,
    ModelClient,
    abandoned_calls,
    close_async_clients,
    command_deadline,
    litellm_module,
    mask_url,
    redact,
)
from summarize.llm._config import EMBEDDED, Deployment, ModelConfig, StructuredMode
from summarize.llm._embedded import MODEL_NAME, cache_dir, model_path
from summarize.llm._recording import cassette
from summarize.llm._retry import NO_WAIT, RetryPolicy
from summarize.llm._server import (
    DEFAULT_IDLE_MINUTES,
    EMBEDDED_SERVER,
    Endpoint,
    ensure_server,
    server_status,
    stop_server,
)
from summarize.llm._usage import Usage

__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "Deployment",
    "EMBEDDED",
    "EMBEDDED_SERVER",
    "Endpoint",
    "LLM",
    "MODEL_NAME",
    "Messages",
    "ModelClient",
    "ModelConfig",
    "NO_WAIT",
    "RetryPolicy",
    "cache_dir",
    "StructuredMode",
    "Usage",
    "abandoned_calls",
    "cassette",
    "close_async_clients",
    "command_deadline",
    "ensure_server",
    "litellm_module",
    "mask_url",
    "model_path",
    "redact",
    "server_status",
    "stop_server",
]
