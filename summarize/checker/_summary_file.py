"""Reading a summary to check: our JSON (a summary result or a bare summary), or plain text from anywhere."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from summarize._errors import InputError
from summarize.input import read_document
from summarize.summary import Summary, SummaryResult


def read_summary(path: Path) -> SummaryResult | Summary | str:
    """The summary in `path` (`-` for stdin): parsed if it is JSON, else its text.

    A file that starts like JSON must be our JSON: malformed JSON, a list, or another object is refused with
    where it fails, rather than being checked as if it were prose.
    """
    return parse_summary(read_document(str(path)).text, str(path))


def parse_summary(text: str, source: str = "<summary>") -> SummaryResult | Summary | str:
    """A summary given as text: our JSON (a summary result or a bare summary) parsed, anything else as its text.

    Text that starts like JSON must be our JSON; `source` names it in the error.
    """
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return stripped
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    if not isinstance(data, dict):
        raise InputError(f"{source}: is a JSON {type(data).__name__}, not a summary object; give one summary per file")
    for model in (SummaryResult, Summary):
        try:
            return model.model_validate(data)
        except ValidationError:
            continue
    raise InputError(f"{source}: is JSON but not a summary of this tool (no key_points); give plain text instead")
