"""Files: every path the tool reads or writes, checked in one place before any work.

Inputs are regular files or stdin (`-`), never a device, a pipe or a directory, and read up to a cap; outputs are
regular files or stdout, never one of the inputs, never an existing file without `--force`, written whole.
"""

from summarize.files._paths import (
    MAX_INPUT_BYTES,
    STDIN,
    check_output,
    describe_bytes,
    is_regular_file,
    read_input,
    require_stdout,
    same_file,
    within,
    write_output,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "STDIN",
    "check_output",
    "describe_bytes",
    "is_regular_file",
    "read_input",
    "require_stdout",
    "same_file",
    "within",
    "write_output",
]
