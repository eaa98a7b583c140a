"""`summarize config`: the settings a command would run with, and where each came from."""

from __future__ import annotations

import json

import click

from summarize import Settings, describe_settings
from summarize.cli._common import CONTEXT, echo, errors_as_exit_codes, settings_epilog, settings_options
from summarize.settings import KEYS, config_file

ALL = tuple(KEYS)


@click.command(
    "config",
    context_settings=CONTEXT,
    short_help="Show the settings in effect and where each came from.",
    epilog=settings_epilog(*ALL),
)
@settings_options(*ALL)
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON (setting -> value, from).")
def config_command(settings: Settings, as_json: bool) -> None:
    """Print every setting as a command given these options would resolve it: the option, else the environment,
    else the config file, else the default; and where each came from.

    Credentials in URLs are masked; API keys are never printed, only whether the variable is set.

    \b
    Examples:
      summarize config
      summarize config --model openai/gpt-4o-mini --json
      SUMMARIZE_TIMEOUT=60 summarize config
    """
    with errors_as_exit_codes():
        rows = describe_settings(settings)
        path = config_file()
        if as_json:
            found = {key: {"value": value, "from": origin} for key, value, origin in rows}
            echo(json.dumps({"config_file": str(path), "settings": found}, indent=2))
            return
        width = max(len(key) for key, _v, _o in rows)
        echo(f"config file: {path}{'' if path.is_file() else ' (none)'}")
        for key, value, origin in rows:
            echo(f"{key:<{width}}  {value}  [{origin}]")
