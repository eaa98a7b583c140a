"""Bearer tokens: a file of `name:token` lines; each caller is known by its token's name, which the audit log records.

Tokens are kept only as SHA-256 digests in memory, and looked up by digest (a lookup that leaks nothing usable
about a token through its timing).
"""

from __future__ import annotations

import hashlib
import logging
import stat
from dataclasses import dataclass
from pathlib import Path

from summarize import InputError, InputFileError

MIN_TOKEN_CHARACTERS = 16
log = logging.getLogger("summarize")


@dataclass(frozen=True)
class Tokens:
    """The tokens the service accepts, by digest, with their names."""

    names: dict[str, str]
    """SHA-256 of a token -> its name."""

    @classmethod
    def from_lines(cls, lines: list[str], source: str = "<tokens>") -> Tokens:
        """Parse `name:token` lines; blank lines and `#` comments are skipped."""
        names: dict[str, str] = {}
        for number, line in enumerate(lines, start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            name, colon, token = (part.strip() for part in text.partition(":"))
            where = f"{source}, line {number}"
            if not colon or not name or not token:
                raise InputError(f"{where}: expected name:token")
            if len(token) < MIN_TOKEN_CHARACTERS:
                raise InputError(f"{where}: the token of {name!r} is shorter than {MIN_TOKEN_CHARACTERS} characters")
            if name in names.values() or digest(token) in names:
                raise InputError(f"{where}: {name!r} or its token is given twice")
            names[digest(token)] = name
        if not names:
            raise InputError(f"{source}: no token in it; one name:token a line")
        return cls(names)

    @classmethod
    def read(cls, path: Path) -> Tokens:
        """The token file; refused in one line when missing, unreadable or empty (a warning if others can read it)."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputFileError(f"{path}: cannot read the token file ({error})") from None
        if path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            log.warning("%s: other users can read the token file; chmod 600 it", path)
        return cls.from_lines(text.splitlines(), str(path))

    def name_of(self, token: str) -> str | None:
        """The name of a token, or None for a token the service does not know."""
        return self.names.get(digest(token))


def digest(token: str) -> str:
    """SHA-256 of a token, hex."""
    return hashlib.sha256(token.encode()).hexdigest()
