"""What model calls cost: requests, tokens, money where known, time."""

from __future__ import annotations

from pydantic import BaseModel


class Usage(BaseModel):
    """What the model calls behind one result cost."""

    calls: int = 0
    """Every request sent, validation re-asks included."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    """Where litellm knows the model's price; None for local models."""
    seconds: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        costs = [c for c in (self.cost_usd, other.cost_usd) if c is not None]
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=sum(costs) if costs else None,
            seconds=self.seconds + other.seconds,
        )
