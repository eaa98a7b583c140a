"""Prompt templates: files under `prompts/`, rendered strictly, each identified by a content hash."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import jinja2


def prompts_dir() -> Path:
    """The installed copy inside the package, or the repository's `prompts/` in a source checkout."""
    packaged = Path(__file__).parent / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "prompts"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **variables: object) -> str:
    """Render `prompts/<name>.j2`; a missing variable raises instead of rendering blank."""
    return _environment().get_template(f"{name}.j2").render(**variables).strip()


def prompt_version(*names: str) -> str:
    """A short hash of the named templates' text: changes whenever a prompt changes."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update((prompts_dir() / f"{name}.j2").read_bytes())
    return digest.hexdigest()[:12]
