"""The only module that touches files and standard streams."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from .decoding import BINARY_MESSAGE, BinaryInputError, Decoded, decode_bytes, starts_with_bom

STDIN = "-"


class InputError(Exception):
    """An input that cannot be cleaned; the message says what to do next."""

    def __init__(self, message: str, *, binary: bool = False) -> None:
        super().__init__(message)
        self.binary = binary  # not text: binary data, or no encoding fits


# Binary input is recognised in the first block, so that an endless or huge
# binary stream (/dev/zero, a disk image) is refused without reading it all.
SNIFF_BYTES = 1 << 16


def looks_binary(head: bytes) -> bool:
    """A NUL byte in an input's first block (UTF-16 and UTF-32 text, with their BOM, has them)."""
    return b"\x00" in head and not starts_with_bom(head)


def _read_all(handle: BinaryIO) -> bytes:
    head = handle.read(SNIFF_BYTES)
    if looks_binary(head):
        raise InputError(BINARY_MESSAGE, binary=True)
    return head + handle.read()


def read_bytes(path: str) -> bytes:
    if path == STDIN:
        return _read_all(sys.stdin.buffer)
    try:
        with open(path, "rb") as handle:
            return _read_all(handle)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError(
            "is a directory: name its files, or use --check or --in-place, which search folders"
        ) from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None


def read_text(path: str, encoding: str | None = None) -> Decoded:
    """Read and decode one input; every failure becomes an InputError."""
    return decode_input(read_bytes(path), encoding)


def decode_input(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode an input's bytes; binary data becomes an InputError."""
    try:
        return decode_bytes(data, encoding)
    except BinaryInputError as error:
        raise InputError(str(error), binary=True) from None


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def display_name(path: str) -> str:
    if path == STDIN:
        return "<stdin>"
    return path or "''"


def newline_of(text: str) -> str:
    """The file's line ending, so that a rewrite keeps it: CRLF when most lines use it.

    >>> newline_of("a\\r\\nb\\r\\n"), newline_of("a\\nb\\r\\n"), newline_of("one line")
    ('\\r\\n', '\\n', '\\n')
    """
    crlf = text.count("\r\n")
    return "\r\n" if crlf > text.count("\n") - crlf else "\n"


def encode_like(text: str, decoded: Decoded) -> bytes:
    """Clean text (LF newlines) as bytes in the original file's newline style and encoding.

    Raises UnicodeEncodeError when the clean text does not fit the original
    encoding; the caller reports it rather than writing something else.
    """
    newline = newline_of(decoded.text)
    if newline != "\n":
        text = text.replace("\n", newline)
    encoding = decoded.encoding
    if encoding == "utf-8" and decoded.bom:
        encoding = "utf-8-sig"
    return text.encode(encoding)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data`` in one rename.

    The new content goes to a temporary file in the same directory first, so a
    crash or a kill leaves either the old file or the new one, never half of
    each. The file's permission bits are kept. A file the user cannot write
    is refused even though the directory would allow the rename.
    """
    target = Path(path).resolve()
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "permission denied (the file is read-only)", path)
    status = target.stat()
    if not stat.S_ISREG(status.st_mode):
        # Renaming a file over a device or a pipe would replace it.
        raise OSError(errno.EINVAL, "not a regular file (only files are rewritten in place)", path)
    mode = stat.S_IMODE(status.st_mode)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".cleannews", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
