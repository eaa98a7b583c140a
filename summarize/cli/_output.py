"""One way to ask for output, the same in every command that writes a report: `-o/--output FILE`, `--format`
(else the file's extension, else Markdown), `--json` and `--html FILE` as shorthands, `--force` to overwrite.

The rule for files is `summarize.files.check_output`'s: never an input, never an existing file without --force,
checked before any work and written whole.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from summarize import OutputError
from summarize.cli._common import OutputPath, emit, guard_output

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("md", "json", "jsonl", "html")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
}
"""The format a FILE of `-o` implies when --format is not given; any other extension gets Markdown."""


@dataclass(frozen=True)
class OutputRequest:
    """What the options asked for; `resolve` checks the files and settles the format."""

    output: Path | None
    format: str | None
    as_json: bool
    html: Path | None
    force: bool
    formats: tuple[str, ...]

    def resolve(self, inputs: Iterable[Path]) -> Outputs:
        """The format and the checked output files (a usage error, exit 2, before any work)."""
        chosen = self._format()
        given = tuple(inputs)
        target = guard_output(self.output, self.force, given)
        page = guard_output(self.html, self.force, given)
        if target is not None and page is not None and target.absolute() == page.absolute():
            raise OutputError(f"{page}: given to both --output and --html; give two files")
        return Outputs(chosen, target, page)

    def _format(self) -> str:
        if self.as_json and self.format not in (None, "json", "jsonl"):
            raise OutputError(f"--json asks for JSON, --format for {self.format}; give one")
        chosen = self.format or ("json" if self.as_json else None)
        if chosen is None and self.output is not None:
            chosen = EXTENSIONS.get(self.output.suffix.lower())
        chosen = chosen or "md"
        if chosen not in self.formats:
            raise OutputError(f"this command writes {', '.join(self.formats)}, not {chosen} (from {self.output})")
        return chosen


@dataclass(frozen=True)
class Outputs:
    """The report's format and where it goes (stdout when `target` is None); `page`: an HTML page besides."""

    format: str
    target: Path | None
    page: Path | None

    def write(self, renderers: Mapping[str, Callable[[], str]]) -> None:
        """Render the report in the chosen format to its target, and the HTML page when one was asked for."""
        emit(renderers[self.format](), self.target)
        if self.page is not None:
            emit(renderers["html"](), self.page)


def output_options(*formats: str, html: bool = True, to_file: bool = True) -> Callable[[F], F]:
    """-o/--output and --force (`to_file`: not for the eval runs, whose --out is a folder that holds their
    report), --format (one of `formats`), --json, and --html FILE (`html`); the command receives them as one
    `outputs` argument (an `OutputRequest`)."""
    formats = formats or FORMATS

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = OutputRequest(
                output=kwargs.pop("output", None),
                format=kwargs.pop("output_format"),
                as_json=kwargs.pop("as_json"),
                html=kwargs.pop("html_path", None),
                force=kwargs.pop("force", False),
                formats=formats,
            )
            return function(*args, outputs=request, **kwargs)

        extensions = ", ".join(f".{f}" for f in formats)
        output = click.option(
            "--output", "-o", type=OutputPath, metavar="FILE",
            help=f"Write the report to FILE instead of stdout; its extension ({extensions}) sets the format unless "
            "--format is given.",
        )  # fmt: skip
        options = [
            *([output] if to_file else []),
            click.option(
                "--format",
                "output_format",
                type=click.Choice(formats),
                metavar="|".join(formats),
                help="The report's format.  [default: from --output's extension, else md]",
            ),  # fmt: skip
            click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json."),
        ]
        if html:
            options.append(
                click.option(
                    "--html",
                    "html_path",
                    type=OutputPath,
                    metavar="FILE",
                    help="Also write the report as an HTML page to FILE (stdout keeps the --format report).",
                )  # fmt: skip
            )
        if to_file or html:
            options.append(click.option("--force", is_flag=True, help="Allow --output and --html to overwrite a file."))
        for option in reversed(options):
            wrapper = option(wrapper)
        return cast(F, wrapper)

    return decorate
