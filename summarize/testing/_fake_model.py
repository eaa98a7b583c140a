"""A fake model client on the real interface (`summarize.ModelClient`): it answers from queues, no server.

Tests that are about our logic, not about a model's answers, use it instead of a recording or a monkeypatch.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarize.llm import ModelConfig, Usage

T = TypeVar("T", bound=BaseModel)


@dataclass
class FakeModel:
    """Answers structured calls with queued objects (validated like a real answer) and Yes/No with P(Yes)."""

    structured_answers: deque[dict[str, Any] | Exception] = field(default_factory=deque)
    yes_probabilities: deque[float | Exception] = field(default_factory=deque)
    context_window: int | None = 8192
    model_config: ModelConfig = field(default_factory=lambda: ModelConfig(model="fake/model"))
    requests: list[list[dict[str, str]]] = field(default_factory=list)

    @property
    def config(self) -> ModelConfig:
        return self.model_config

    def context_tokens(self) -> int | None:
        return self.context_window

    def count_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(len(m["content"].split()) for m in messages)

    def check_fits(self, messages: list[dict[str, str]], max_tokens: int, what: str) -> None:
        return None

    def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]:
        self.requests.append(messages)
        answer = self.structured_answers.popleft()
        if isinstance(answer, Exception):
            raise answer
        return response_model.model_validate(answer, context=context), Usage(calls=1, prompt_tokens=10)

    async def astructured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any], max_tokens: int
    ) -> tuple[T, Usage]:
        return self.structured(response_model, messages, context=context, max_tokens=max_tokens)

    def next_token_logprobs(self, messages: list[dict[str, str]]) -> tuple[dict[str, float] | None, str, Usage]:
        self.requests.append(messages)
        answer = self.yes_probabilities.popleft()
        if isinstance(answer, Exception):
            raise answer
        answer = min(max(answer, 1e-6), 1 - 1e-6)
        table = {"Yes": math.log(answer), "No": math.log(1 - answer)}
        return table, "Yes" if answer >= 0.5 else "No", Usage(calls=1, prompt_tokens=5, completion_tokens=1)
