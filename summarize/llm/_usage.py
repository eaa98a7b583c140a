"""What model calls cost: requests, tokens, money where known, time."""

from __future__ import annotations

from summarize._output import Output


class Usage(Output):
    """What the model calls behind one result cost."""

    calls: int = 0
    """Every request sent, validation re-asks included."""
    prompt_tokens: int = 0
    """Tokens sent, every attempt counted."""
    completion_tokens: int = 0
    """Tokens received, every attempt counted."""
    cost_usd: float | None = None
    """Where litellm knows the model's price; None for local models."""
    seconds: float = 0.0
    """Wall time of the work these calls belong to."""

    def __add__(self, other: Usage) -> Usage:
        costs = [c for c in (self.cost_usd, other.cost_usd) if c is not None]
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=sum(costs) if costs else None,
            seconds=self.seconds + other.seconds,
        )
