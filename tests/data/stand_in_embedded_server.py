"""A stand-in for the embedded model's server process: the real `serve` (secret, status, idle stop) around a tiny
app that answers every chat completion with a Yes and its log-probabilities; no model.

    python stand_in_embedded_server.py SETTINGS_FILE

`STAND_IN_START_DELAY` (seconds) delays serving, as loading the model does; `STAND_IN_STARTS` names a file each
start appends its pid to.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from summarize.llm._server_process import serve

config = json.loads(Path(sys.argv[1]).read_text())
if os.environ.get("STAND_IN_STARTS"):
    with open(os.environ["STAND_IN_STARTS"], "a") as starts:
        starts.write(f"{os.getpid()}\n")
time.sleep(float(os.environ.get("STAND_IN_START_DELAY", "0")))
app = FastAPI()


@app.get("/v1/models")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": alias} for alias in config["llama"]["aliases"]]}


@app.post("/v1/chat/completions")
def chat() -> dict[str, Any]:
    top = [{"token": "Yes", "logprob": -0.1, "bytes": None}, {"token": "No", "logprob": -2.4, "bytes": None}]
    return {
        "id": "chatcmpl-stand-in",
        "object": "chat.completion",
        "created": 0,
        "model": "stand-in",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Yes"},
                "logprobs": {"content": [{"token": "Yes", "logprob": -0.1, "bytes": None, "top_logprobs": top}]},
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11},
    }


serve(app, config, lambda: {"prompt_tokens_evaluated": 0})
