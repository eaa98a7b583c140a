"""Every path the tool reads or writes, checked before any work: a regular file (or stdin/stdout), never a device,
a pipe or a directory; read up to a cap; written whole, never over an input or an existing file unasked."""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from summarize._errors import ArticleTooLongError, InputFileError, OutputError, OutputExistsError

STDIN = "-"
"""The path that means stdin (and, for outputs, stdout)."""
MAX_INPUT_BYTES = 4 * 1024 * 1024
"""The most one input may hold (an article, a page, a summary): 4 MiB, ten times a heavy news page's text."""
_NOT_REGULAR = "is not a regular file (a device, a pipe or a socket)"


def read_input(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, or of stdin for `-`, refusing anything else before reading and anything
    over `limit` bytes (default `MAX_INPUT_BYTES`; exit 7) after reading at most one byte more."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    if str(path) == STDIN:
        return _capped(_stdin(), "stdin", limit)
    file = Path(path)
    _require_regular(file)
    try:  # not blocking: a pipe put there since the check must not hang the run
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputFileError(f"{file}: cannot be read ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputFileError(f"{file}: {_NOT_REGULAR}; pipe it to `-` instead")
        try:
            return _capped(handle, str(file), limit)
        except OSError as error:
            raise InputFileError(f"{file}: cannot be read ({error.strerror or error})") from None


def _require_regular(file: Path) -> None:
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputFileError(f"{file}: no such file") from None
    except OSError as error:
        raise InputFileError(f"{file}: cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{file}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputFileError(f"{file}: {_NOT_REGULAR}; pipe it to `-` instead")


def _stdin() -> io.BufferedIOBase:
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise InputFileError("stdin is closed: there is nothing to read for `-`")
    return stream.buffer  # type: ignore[return-value]


def _capped(handle: io.BufferedIOBase | io.BufferedReader, source: str, limit: int) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ArticleTooLongError(f"{source}: longer than {describe_bytes(limit)}, the most one input may hold")
    return data


def describe_bytes(count: int) -> str:
    """`4 MiB`, `512 KiB`, `100 bytes`."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count:,} bytes"


def is_regular_file(path: Path) -> bool:
    """Whether `path` is a regular file (following links); False for what does not exist."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths are one file (links and hard links followed); False where either does not exist or is
    stdin."""
    if STDIN in (str(first), str(second)):
        return False
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # ValueError: a NUL character in a path
        return False


def check_output(path: Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """Check an output location before any work: a regular file or none yet (never a device, a pipe or a
    directory, even with `force`), never one of the `inputs`, never an existing file without `force`, in a folder
    that exists and can be written. Returns the path."""
    if any(same_file(path, given) for given in inputs):
        raise OutputError(f"{path}: is one of the inputs; refusing to overwrite it")
    try:
        mode: int | None = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as error:
        raise OutputError(f"{path}: cannot be used ({error.strerror or error})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a directory; give a file")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path}: {_NOT_REGULAR}; give the path of a file")
    if mode is not None and not force:
        raise OutputExistsError(f"{path}: already exists; pass --force to overwrite it")
    _require_writable_folder(path)
    return path


def _require_writable_folder(path: Path) -> None:
    folder = path.absolute().parent
    if not folder.is_dir():
        raise OutputError(f"{path}: its folder {folder} does not exist")
    probe = folder / f".{path.name}.probe"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder} ({error.strerror or error})") from None


def write_output(path: Path, text: str) -> None:
    """Write the file whole: a temporary file beside it, renamed into place, so a crash leaves no half file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        if path.exists() and not is_regular_file(path):  # put there since the check: never replaced
            raise OutputError(f"{path}: {_NOT_REGULAR}; give the path of a file")
        partial.replace(path)
    except OSError as error:
        raise OutputError(f"{path}: could not be written ({error.strerror or error})") from None
    finally:
        partial.unlink(missing_ok=True)


def require_stdout() -> None:
    """Refuse before any work when stdout is closed: the output would be lost."""
    stream = sys.stdout
    if stream is None or getattr(stream, "closed", False):
        raise OutputError("stdout is closed: the output would be lost; redirect it or give an output file")
    try:
        os.fstat(stream.fileno())
    except (io.UnsupportedOperation, AttributeError, ValueError):
        return  # not a file descriptor (a test's capture): nothing to check
    except OSError:
        raise OutputError("stdout is closed: the output would be lost; redirect it or give an output file") from None


def within(path: Path, folders: Iterable[Path]) -> bool:
    """Whether `path`, its links followed, lies under one of `folders` (theirs followed too)."""
    real = path.resolve()
    return any(real.is_relative_to(folder.resolve()) for folder in folders)
