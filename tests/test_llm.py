"""The LLM layer against the embedded model: validation re-asks, usage, and error translation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pydantic import BaseModel, Field, field_validator

from summarize import InvalidModelOutputError, ProviderAuthError
from summarize.llm import LLM


class Pick(BaseModel):
    """A number the model picks."""

    number: int = Field(description="The number.")

    @field_validator("number")
    @classmethod
    def _large(cls, value: int) -> int:
        if value <= 100:
            raise ValueError("the number must be greater than 100")
        return value


MESSAGES = [{"role": "user", "content": "Pick a number between 1 and 10."}]


@pytest.mark.vcr
def test_validation_error_is_re_asked_and_every_attempt_is_counted(embedded):
    picked, usage = LLM(embedded).structured(Pick, MESSAGES, context={}, max_tokens=50)
    assert picked.number > 100
    assert usage.calls == 2
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0


@pytest.mark.vcr("test_validation_error_is_re_asked_and_every_attempt_is_counted.yaml")
def test_no_re_asks_left_is_a_clear_error(embedded):
    with pytest.raises(InvalidModelOutputError, match="did not produce a valid answer after 0 re-asks"):
        LLM(replace(embedded, max_reasks=0)).structured(Pick, MESSAGES, context={}, max_tokens=50)


@pytest.mark.vcr
def test_yes_no_logprobs_are_read(embedded):
    messages = [{"role": "user", "content": "Is Paris the capital of France? Answer Yes or No."}]
    table, text, usage = LLM(embedded).next_token_logprobs(messages)
    assert table is not None and text == "Yes"
    assert table["Yes"] > table.get("No", -99.0)
    assert usage.calls == 1


def test_auth_errors_name_the_environment_variable():
    error = LLM(replace_model("anthropic/claude-3-5-haiku-latest")).translate(_Status(401, "AuthenticationError"))
    assert isinstance(error, ProviderAuthError)
    assert "ANTHROPIC_API_KEY" in str(error)


def replace_model(model: str):
    from summarize import ModelConfig

    return ModelConfig(model=model)


class _Status(Exception):
    def __init__(self, status: int, name: str) -> None:
        super().__init__(f"{name} {status}")
        self.status_code = status
