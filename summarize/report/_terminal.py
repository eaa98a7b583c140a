"""Text for a terminal: an article's control characters never reach it (a clipboard write, a window title)."""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: ESC ] ... BEL or ST (clipboard, title)
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: ESC [ ... final byte (colours, cursor moves, erasing)
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline (so a carriage return, which overprints the line, too), DEL, C1 controls."""


def printable(text: str) -> str:
    """`text` without terminal control sequences and control characters; tabs and newlines kept."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
