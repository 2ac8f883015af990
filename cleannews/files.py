"""The only module that touches files and standard streams."""

from __future__ import annotations

import sys
from typing import BinaryIO

from .decoding import BINARY_MESSAGE, BinaryInputError, Decoded, decode_bytes, starts_with_bom

STDIN = "-"


class InputError(Exception):
    """An input that cannot be cleaned; the message says what to do next."""


# Binary input is recognised in the first block, so that an endless or huge
# binary stream (/dev/zero, a disk image) is refused without reading it all.
_SNIFF_BYTES = 1 << 16


def _read_all(handle: BinaryIO) -> bytes:
    head = handle.read(_SNIFF_BYTES)
    if b"\x00" in head and not starts_with_bom(head):
        raise InputError(BINARY_MESSAGE)
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
        raise InputError("is a directory; give the files inside it") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None


def read_text(path: str, encoding: str | None = None) -> Decoded:
    """Read and decode one input; every failure becomes an InputError."""
    data = read_bytes(path)
    try:
        return decode_bytes(data, encoding)
    except BinaryInputError as error:
        raise InputError(str(error)) from None


def write_stdout(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def display_name(path: str) -> str:
    if path == STDIN:
        return "<stdin>"
    return path or "''"
