"""The result cache: an article summarized again with the same settings is read back, not asked of the model again.

Keyed by what changes the answer: the article's text, title and date; the model, its server and its fallbacks; the
structured-output mode and the re-asks; the prompts' version; verification and its decision rule; the package's
version. One JSON file per summary under `<cache dir>/summaries/` (`SUMMARIZE_CACHE_DIR`, default
~/.cache/summarize); a file that cannot be read or parsed is a miss, and one that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from summarize._version import __version__
from summarize.input import Article
from summarize.llm import cache_dir
from summarize.settings import Settings
from summarize.summary import SummaryResult
from summarize.templates import prompt_version

log = logging.getLogger("summarize")


def cache_key(article: Article, settings: Settings, verify: bool, prompts: tuple[str, ...]) -> str:
    """The key of a summary: the same key means the same answer (with a model that answers the same way twice)."""
    config = settings.model
    parts = [
        article.model_dump_json(include={"title", "published", "sentences"}),
        config.display_name,
        config.api_base or "",
        "|".join(f"{d.model}@{d.api_base or ''}" for d in config.fallbacks),
        str(config.mode),
        str(config.max_reasks),
        prompt_version(*prompts),
        f"verify={verify}",
        settings.calibration.model_dump_json() if verify else "",
        __version__,
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


def cached(key: str, article: Article) -> SummaryResult | None:
    """The summary stored under `key`, given `article` (the same text, perhaps from another file), or None."""
    path = _path(key)
    try:
        result = SummaryResult.model_validate_json(path.read_bytes())
    except (OSError, ValueError, ValidationError):
        return None
    return result.model_copy(update={"article": article})


def store(key: str, result: SummaryResult) -> None:
    """Keep `result` under `key`, written whole (a temporary file renamed into place)."""
    path = _path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".partial", delete=False) as handle:
            handle.write(result.model_dump_json())
        os.replace(handle.name, path)
    except OSError as error:
        log.debug("could not write the summary cache at %s: %s", path, error)


def _path(key: str) -> Path:
    return cache_dir() / "summaries" / key[:2] / f"{key}.json"
