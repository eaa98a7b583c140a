"""Every template in one place: the prompts sent to models (`prompts/*.j2`) and the HTML pages (`*.html.j2`).

Prompts render strictly (a missing variable raises) and are identified by a hash of their text, so every result
names the prompt that made it. Pages are autoescaped: article text is untrusted. The pages share one stylesheet,
`page.css`, and one frame, `_page.html.j2`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path, PurePath

import jinja2

TEMPLATES = Path(__file__).parent
PROMPTS = TEMPLATES / "prompts"


@cache
def _prompt_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _page_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["file_name"] = file_name
    return environment


def file_name(source: str) -> str:
    """A source as a page shows it: a file by its name (not the folders of the machine that ran it), a URL or
    `<stdin>` whole."""
    if "://" in source or source.startswith("<"):
        return source
    return PurePath(source).name or source


def render(name: str, **variables: object) -> str:
    """Render the prompt `prompts/<name>.j2`; a missing variable raises instead of rendering blank."""
    return _prompt_environment().get_template(f"{name}.j2").render(**variables).strip()


def prompt_version(*names: str) -> str:
    """A short hash of the named prompts' text: changes whenever a prompt changes."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update((PROMPTS / f"{name}.j2").read_bytes())
    return digest.hexdigest()[:12]


def render_page(name: str, **variables: object) -> str:
    """Render the HTML page `<name>.html.j2`, every value autoescaped."""
    return _page_environment().get_template(f"{name}.html.j2").render(**variables)
