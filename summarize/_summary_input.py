"""Reading a summary to check: our JSON (a SummaryResult or a Summary), or plain text from anywhere."""

from __future__ import annotations

import json

from pydantic import ValidationError

from ._article import read_document
from ._errors import InputError
from ._schema import Summary, SummaryResult


def read_summary(path: str) -> SummaryResult | Summary | str:
    """The summary in `path` (`-` for stdin): parsed if it is our JSON, else its text."""
    text = read_document(path).text
    stripped = text.strip()
    if not stripped.startswith("{"):
        return stripped
    try:
        data = json.loads(stripped)
    except ValueError:
        return stripped
    for model in (SummaryResult, Summary):
        try:
            return model.model_validate(data)
        except ValidationError:
            continue
    raise InputError(f"{path}: is JSON but not a summary of this tool (no key_points); give plain text instead")
