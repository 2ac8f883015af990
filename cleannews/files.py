"""The only module that touches files and standard streams."""

from __future__ import annotations

import sys

from .decoding import BinaryInputError, Decoded, decode_bytes

STDIN = "-"


class InputError(Exception):
    """An input that cannot be cleaned; the message says what to do next."""


def read_bytes(path: str) -> bytes:
    if path == STDIN:
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
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
    return "<stdin>" if path == STDIN else path
