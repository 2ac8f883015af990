"""Whole files in and out: an input's bytes (a snapshot of them for a rewrite), its
text once decoded, and clean text encoded back in the file's own newline style
and encoding. Datasets, which are never held whole, go through streams.py."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..decoding import BINARY_MESSAGE, BinaryInputError, Decoded, decode_bytes, starts_with_bom
from .atomic import Snapshot
from .names import STDIO, display_name


class InputError(Exception):
    """An input that cannot be cleaned; the message says what to do next."""

    def __init__(self, message: str, *, binary: bool = False) -> None:
        super().__init__(message)
        self.binary = binary  # not text: binary data, or no encoding fits


def same_file(path: str, other: str | None) -> bool:
    """Do the two paths name one file, perhaps one not written yet (``-`` and
    None name none)?"""
    if other in (None, STDIO) or path == STDIO:
        return False
    try:
        return Path(path).samefile(other)
    except OSError:  # (one of them does not exist yet)
        return Path(path).resolve() == Path(other).resolve()


def report_over_a_file(reports: dict[str, str | None], files: dict[str, Iterable[str]]) -> str | None:
    """What is wrong when a report (option -> path) would be written over one of
    the files the command reads or writes (what they are -> paths), else None:
    the report would replace it, an input even under --check."""
    for option, report in reports.items():
        if report is None:
            continue
        for what, paths in files.items():
            for path in paths:
                if same_file(path, report):
                    return f"{option} would overwrite the {what} {display_name(path)}; choose another path"
    return None


# Binary input is recognised in the first block, so that an endless or huge
# binary stream (/dev/zero, a disk image) is refused without reading it all.
SNIFF_BYTES = 1 << 16


def looks_binary(head: bytes) -> bool:
    """A NUL byte in an input's first block (UTF-16 and UTF-32 text, with their BOM, has them)."""
    return b"\x00" in head and not starts_with_bom(head)


def _read_all(handle: BinaryIO, encoding: str | None) -> bytes:
    head = handle.read(SNIFF_BYTES)
    if looks_binary(head) and not _writes_nul_bytes(encoding):
        raise InputError(BINARY_MESSAGE, binary=True)
    return head + handle.read()


def _writes_nul_bytes(encoding: str | None) -> bool:
    """Is this an encoding whose text has NUL bytes (UTF-16 or UTF-32, given
    by the user for text without a byte-order mark)?"""
    if encoding is None:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False  # (the decoder says so)
    return name.startswith(("utf-16", "utf-32"))


def read_bytes(path: str, encoding: str | None = None) -> bytes:
    return read_file(path, encoding=encoding)[0]


def read_file(
    path: str, *, snapshot: bool = True, encoding: str | None = None
) -> tuple[bytes, Snapshot | None]:
    """An input's bytes and, for a file to be written back (``snapshot``), its
    snapshot (None for stdin, or when not asked for: hashing costs time).
    ``encoding``, the one the user gave, lets UTF-16 and UTF-32 through the
    test for binary data.

    The status is taken before reading: a change made while the bytes are read
    then shows up as a different mtime or size when the snapshot is checked.
    """
    if path == STDIO:
        return _read_all(sys.stdin.buffer, encoding), None
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = _read_all(handle, encoding)
            return data, Snapshot.of(status, data) if snapshot else None
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


def total_size(paths: Iterable[str]) -> int:
    """Bytes of the files named, as stored; stdin and paths that cannot be read count 0."""
    total = 0
    for path in paths:
        if path != STDIO:
            with contextlib.suppress(OSError):
                total += Path(path).stat().st_size
    return total


def read_small_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a small regular file (a settings or ignore file); OSError otherwise.

    Opened without blocking and checked before reading: a FIFO in its place
    would hang the run, and a link to /dev/zero or a huge file would fill memory.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
    return data


def read_text(path: str, encoding: str | None = None) -> Decoded:
    """Read and decode one input; every failure becomes an InputError."""
    return decode_input(read_bytes(path, encoding), encoding)


def decode_input(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode an input's bytes; binary data becomes an InputError."""
    try:
        return decode_bytes(data, encoding)
    except BinaryInputError as error:
        raise InputError(str(error), binary=True) from None


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
