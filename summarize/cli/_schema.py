"""`summarize schema NAME`: the published JSON Schema of an output."""

from __future__ import annotations

import json

import click

from summarize import json_schema, schema_names
from summarize.cli._common import CONTEXT, echo, errors_as_exit_codes


@click.command("schema", context_settings=CONTEXT, short_help="Print the JSON Schema of an output.")
@click.argument("name", required=False, type=click.Choice(schema_names()), metavar="NAME")
def schema_command(name: str | None) -> None:
    """Print the JSON Schema of the JSON output NAME; without NAME, list the names.

    \b
    Examples:
      summarize schema                 the names: summary, check-report, eval-metrics, ...
      summarize schema summary         what `summarize ARTICLE --json` prints, one object per line
    """
    with errors_as_exit_codes():
        if name is None:
            echo("\n".join(schema_names()))
            return
        echo(json.dumps(json_schema(name), indent=2))
