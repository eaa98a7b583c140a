"""Runs DeepEval's FaithfulnessMetric on items read from stdin (JSON lines); run by compare_deepeval.py.

Runs in its own environment (DeepEval 4.3.1 pins click<8.4, which conflicts with this project's other pins).
The metric's model is the embedded model server, reached through litellm; every call is counted. JSON answers
are grammar-constrained to DeepEval's own schemas, which gives the 1.5B model its best chance.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "YES")
import litellm  # noqa: E402
from deepeval.metrics import FaithfulnessMetric  # noqa: E402
from deepeval.models import DeepEvalBaseLLM  # noqa: E402
from deepeval.test_case import LLMTestCase  # noqa: E402

MODEL, API_BASE = sys.argv[1], sys.argv[2]


class EmbeddedModel(DeepEvalBaseLLM):
    """DeepEval's model interface over the embedded llama.cpp server."""

    def __init__(self) -> None:
        self.calls = self.prompt_tokens = self.completion_tokens = 0

    def load_model(self):  # noqa: D102
        return self

    def generate(self, prompt: str, schema=None):  # noqa: D102
        options = {}
        if schema is not None:
            options["response_format"] = {"type": "json_object", "schema": schema.model_json_schema()}
        response = litellm.completion(
            model=MODEL,
            api_base=API_BASE,
            api_key=os.environ.get("EMBEDDED_API_KEY", "local-no-key"),
            messages=[{"role": "user", "content": prompt}],
            temperature=0.0,
            seed=0,
            max_tokens=1024,
            num_retries=0,
            timeout=600,
            **options,
        )
        self.calls += 1
        self.prompt_tokens += response.usage.prompt_tokens
        self.completion_tokens += response.usage.completion_tokens
        text = response.choices[0].message.content or ""
        return schema.model_validate_json(text) if schema is not None else text

    async def a_generate(self, prompt: str, schema=None):  # noqa: D102
        return self.generate(prompt, schema)

    def get_model_name(self) -> str:  # noqa: D102
        return MODEL


for line in sys.stdin:
    item = json.loads(line)
    model = EmbeddedModel()
    metric = FaithfulnessMetric(threshold=0.5, model=model, include_reason=False, async_mode=False)
    started = time.monotonic()
    error, score = None, None
    try:
        metric.measure(
            LLMTestCase(input="Summarize the document.", actual_output=item["claim"], retrieval_context=[item["doc"]])
        )
        score = metric.score
    except Exception as failure:  # noqa: BLE001 - a failed item is reported, not fatal
        error = f"{type(failure).__name__}: {failure}"[:300]
    print(
        json.dumps(
            {
                "id": item["id"],
                "score": score,
                "error": error,
                "seconds": round(time.monotonic() - started, 2),
                "calls": model.calls,
                "prompt_tokens": model.prompt_tokens,
                "completion_tokens": model.completion_tokens,
            }
        ),
        flush=True,
    )
