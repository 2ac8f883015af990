"""Byte streams for datasets: read and written line by line, compressed by extension.

Datasets are large and usually compressed, so nothing here holds a whole file:
inputs are iterated line by line through the decompressor, and output goes
through the compressor into a temporary file that replaces the target in one
rename only when the run succeeds. gzip comes with Python; zstd needs the
``zstandard`` package (or Python 3.14's ``compression.zstd``), imported only
when a ``.zst`` path is used.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, cast

from .atomic import (
    CHANGED_WHILE_CLEANING,
    ChangedWhileCleaningError,
    Snapshot,
    atomic_replace,
    new_digest,
    temporary_beside,
)
from .files import total_size
from .names import STDIO, display_name

ZSTD_HINT = "pip install 'cleannews[zstd]'"

# Level 6 is the gzip command's default; 9 is several times slower for a few percent.
_GZIP_LEVEL = 6


class StreamError(Exception):
    """An input or output that cannot be used; the message says what to do next."""


# The longest line held as a record (--max-record-bytes): the largest real records
# (a book, a long web page) are a few megabytes, and one line is held whole, so
# without a limit a 2 GiB line, or a small gzip bomb without a newline, took all memory.
MAX_RECORD_BYTES = 64 << 20


def bounded_lines(handle: BinaryIO, limit: int, name: str, first: int = 1) -> Iterator[bytes]:
    """The lines of ``handle``, each read only up to ``limit`` bytes: a longer one is a
    StreamError naming its line, before more of it is held in memory."""
    number = first
    while line := handle.readline(limit + 2):  # room for the line end, "\r\n"
        if len(line) > limit and len(line.rstrip(b"\r\n")) > limit:  # the strip only when it can matter
            raise line_too_long(name, number, limit)
        yield line
        number += 1


def line_too_long(name: str, number: int, limit: int) -> StreamError:
    return StreamError(
        f"{name}:{number}: a line longer than {limit:,} bytes (--max-record-bytes); "
        "nothing more was read. Raise the limit if such records are expected"
    )


def compression_of(path: str) -> str | None:
    """The compression a path's extension asks for.

    >>> compression_of("a.jsonl.gz"), compression_of("b.JSONL.ZST"), compression_of("c.zstd")
    ('gzip', 'zstd', 'zstd')
    >>> compression_of("c.jsonl") is None, compression_of("-") is None
    (True, True)
    """
    return _COMPRESSIONS.get(Path(path).suffix.lower())


# By extension; bz2 and xz come with Python too.
_COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2", ".xz": "xz"}


def _zstd_backend() -> tuple[str, Any]:
    """The zstandard package, else the standard library's module (Python 3.14+)."""
    for name in ("zstandard", "compression.zstd"):
        with contextlib.suppress(ImportError):
            return name, importlib.import_module(name)
    raise StreamError(f".zst files need the zstandard package: {ZSTD_HINT}")


def check_codecs(paths: Iterable[str]) -> None:
    """Fail before reading or writing anything when a compression is unavailable."""
    if any(compression_of(path) == "zstd" for path in paths):
        _zstd_backend()


def check_inputs(paths: Iterable[str]) -> None:
    """Every named input is a readable file: checked first, so a typo costs no work."""
    for path in paths:
        if path == STDIO:
            continue
        target = Path(path)
        if target.is_dir():
            raise StreamError(f"{path}: is a directory; give the files inside it")
        if not target.exists():
            raise StreamError(f"{path}: no such file")
        if not os.access(target, os.R_OK):
            raise StreamError(f"{path}: permission denied")


def input_size(paths: Sequence[str]) -> int | None:
    """Total bytes of the inputs (compressed as stored), or None when one is stdin."""
    return None if STDIO in paths else total_size(paths)


def _decompressed(raw: BinaryIO, path: str) -> BinaryIO:
    kind = compression_of(path) if path != STDIO else None
    if kind == "gzip":
        import gzip

        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
    if kind in _STDLIB_FILES:
        return _stdlib_file(kind, raw, "rb")
    if kind == "zstd":
        name, zstd = _zstd_backend()
        if name == "zstandard":
            return cast(BinaryIO, io.BufferedReader(_ZstdFrames(raw, zstd)))
        return cast(BinaryIO, zstd.ZstdFile(raw, "rb"))
    # JSON Lines start with "{" or a space: these bytes are compressed data under a plain name.
    start = raw.peek(6)[:6] if hasattr(raw, "peek") else b""
    kind = next((kind for magic, kind in _COMPRESSED_MAGIC.items() if start.startswith(magic)), None)
    if kind is not None:
        if path == STDIO:
            raise StreamError(
                f"stdin looks {kind}-compressed: "
                "give the file name, or decompress it first (zcat in.jsonl.gz | cleannews --jsonl)"
            )
        raise StreamError(
            f"{path} looks {kind}-compressed but its name does not say so: "
            f"rename it with the extension ({_EXTENSION_OF[kind]}), or decompress it first"
        )
    return raw


# Compressions whose standard-library file class takes (file object, mode) as is.
_STDLIB_FILES = {"bz2": ("bz2", "BZ2File"), "xz": ("lzma", "LZMAFile")}


def _stdlib_file(kind: str, raw: BinaryIO, mode: str) -> BinaryIO:
    module, name = _STDLIB_FILES[kind]
    return cast(BinaryIO, getattr(importlib.import_module(module), name)(raw, mode))


# The first bytes of compressed data, to recognise it arriving on stdin.
_COMPRESSED_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}
_EXTENSION_OF = {"gzip": ".gz", "zstd": ".zst", "bzip2": ".bz2", "xz": ".xz"}


class _ZstdFrames(io.RawIOBase):
    """zstd frames one after another (as ``zstd`` and ``cat`` make them), read as one
    stream; input that ends inside a frame is an error, not a silent end of data
    (the zstandard package's own stream reader just stops there)."""

    def __init__(self, raw: BinaryIO, zstd: Any) -> None:
        self._raw = raw
        self._zstd = zstd
        self._frame = zstd.ZstdDecompressor().decompressobj()
        self._in_frame = False
        self._pending = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._ended:
            data = self._raw.read(1 << 16)
            if not data:
                if self._in_frame:
                    raise OSError("truncated zstd data: the input ends inside a frame")
                self._ended = True
                break
            pieces = []
            while data:
                self._in_frame = True
                pieces.append(self._frame.decompress(data))
                if not self._frame.eof:
                    break
                data = self._frame.unused_data
                self._frame = self._zstd.ZstdDecompressor().decompressobj()
                self._in_frame = False
            self._pending = b"".join(pieces)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Digesting(io.RawIOBase):
    """A file read through, hashing its stored bytes on the way: the snapshot of an
    input that the output will replace costs no second pass while reading."""

    def __init__(self, raw: BinaryIO) -> None:
        self._inner = raw
        self.status = os.fstat(raw.fileno())
        self._hash = new_digest()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._inner.readinto(buffer)  # type: ignore[attr-defined]
        if size:
            self._hash.update(memoryview(buffer)[:size])
        return int(size or 0)

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()
        super().close()

    def snapshot(self) -> Snapshot:
        """The file as read: its status at opening and the hash of all its bytes
        (read to the end first, for a decompressor that stopped before it)."""
        while block := self._inner.read(1 << 20):
            self._hash.update(block)
        return Snapshot(
            self.status.st_dev,
            self.status.st_ino,
            self.status.st_size,
            self.status.st_mtime_ns,
            self._hash.digest(),
        )


class Input:
    """One input's lines (decompressed) and how far into its stored bytes reading has got.

    With ``snapshot=True`` (an input that the output will replace), ``snapshot()``
    tells afterwards what the file was, for the output to check before replacing it.
    """

    def __init__(self, path: str, *, snapshot: bool = False) -> None:
        self.path = path
        self.name = display_name(path)
        self._digesting: _Digesting | None = None
        try:
            self._raw: BinaryIO = sys.stdin.buffer if path == STDIO else open(path, "rb")  # noqa: SIM115
            if snapshot and path != STDIO:
                self._digesting = _Digesting(self._raw)
                self._raw = cast(BinaryIO, io.BufferedReader(self._digesting, 1 << 16))
        except OSError as error:
            raise StreamError(f"{self.name}: {error.strerror or error}") from None
        self._handle = _decompressed(self._raw, path)

    def snapshot(self) -> Snapshot | None:
        """What the file was, once read (None unless asked for when opening)."""
        return self._digesting.snapshot() if self._digesting is not None else None

    def lines(self, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes]:
        """Lines with their line ends; a read or decompression failure, or a line longer
        than ``limit`` bytes, becomes a StreamError."""
        try:
            yield from bounded_lines(self._handle, limit, self.name)
        except StreamError:
            raise
        except Exception as error:  # gzip, zlib and zstd each have their own error types
            raise StreamError(f"{self.name}: cannot read: {error}") from None

    def blocks(self, size: int) -> Iterator[bytes]:
        """The (decompressed) input in blocks of ``size`` bytes, the last one shorter."""
        try:
            while block := self._handle.read(size):
                yield block
        except Exception as error:  # gzip, zlib and zstd each have their own error types
            raise StreamError(f"{self.name}: cannot read: {error}") from None

    def position(self) -> int:
        """Bytes of the stored (compressed) input consumed so far; 0 when unknown (a pipe)."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self._handle is not self._raw:
            with contextlib.suppress(Exception):
                self._handle.close()
        if self._raw is not sys.stdin.buffer:
            self._raw.close()

    def __enter__(self) -> Input:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def is_file_or_nothing(path: str) -> bool:
    """Is ``path`` (followed through links) a regular file, or nothing yet? Only
    those may be replaced by renaming a new file over them.

    >>> is_file_or_nothing("/dev/null"), is_file_or_nothing("/no/such/file")
    (False, True)
    """
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return True


def output_path_problem(value: str) -> str | None:
    """Why an output could not be put in place at the end of a run, or None:
    checked before any work, so that a run never ends unable to write its result."""
    if value == STDIO:
        return None
    path = Path(value)
    if path.is_dir():
        return f"{value!r} is a directory"
    if not is_file_or_nothing(value):  # a device or a pipe: written to as it is
        return None if os.access(value, os.W_OK) else f"{value!r} is not writable"
    folder = path.resolve().parent
    if not folder.is_dir():
        return f"folder {str(folder)!r} does not exist"
    if not os.access(folder, os.W_OK):
        return f"folder {str(folder)!r} is not writable"
    return None


class Output:
    """stdout, or a file written through a temporary file beside it.

    The target is replaced in one rename by ``commit()``; leaving the ``with``
    block without it (a failure, an exception, Ctrl-C) removes the temporary
    file, so a failed run leaves no output behind and an existing file as it was.
    The output may be one of the inputs: it is replaced only at the end.
    """

    def __init__(self, path: str | None) -> None:
        self.path = path if path not in (None, STDIO) else None
        self.name = self.path or "<stdout>"
        self._temporary: Path | None = None
        self._target: Path | None = None
        self._finished = False
        self._raw: BinaryIO = sys.stdout.buffer
        self._handle: BinaryIO = self._raw
        if self.path is None:
            return
        if not is_file_or_nothing(self.path):
            # A device or a pipe (/dev/null, /dev/stdout, a FIFO): renaming a file
            # over it would replace it, so it is written to as it is, like stdout.
            try:
                self._raw = self._handle = open(self.path, "wb")  # noqa: SIM115
            except OSError as error:
                raise StreamError(f"cannot write {self.name}: {error.strerror or error}") from None
            self._handle = self._compressed(self._raw, self.path)
            return
        self._target = Path(self.path).resolve()
        try:
            handle, self._temporary = temporary_beside(self._target)
        except OSError as error:
            raise StreamError(f"cannot write {self.name}: {error.strerror or error}") from None
        self._raw = self._handle = os.fdopen(handle, "wb")
        try:
            self._handle = self._compressed(self._raw, self._target.name)
        except BaseException:
            self.discard()
            raise

    def _compressed(self, raw: BinaryIO, name: str) -> BinaryIO:
        kind = compression_of(name)
        if kind == "gzip":
            import gzip

            # No name and mtime=0 in the header: the same input gives the same bytes.
            return cast(
                BinaryIO,
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=_GZIP_LEVEL, mtime=0),
            )
        if kind in _STDLIB_FILES:
            return _stdlib_file(kind, raw, "wb")
        if kind == "zstd":
            backend, zstd = _zstd_backend()
            if backend == "zstandard":
                return cast(BinaryIO, zstd.ZstdCompressor().stream_writer(raw, closefd=False))
            return cast(BinaryIO, zstd.ZstdFile(raw, "wb"))
        return raw

    def write(self, data: bytes) -> None:
        """Write; a closed pipe is raised as is (the caller ends quietly), other failures
        become a StreamError."""
        try:
            self._handle.write(data)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StreamError(f"cannot write {self.name}: {error.strerror or error}") from None

    def commit(self, unchanged: Sequence[Snapshot] = ()) -> None:
        """Finish the output: flush stdout or a device, or put the file in place.

        ``unchanged``: snapshots of inputs that are the target file itself (``-o``
        over an input). If the file no longer matches one of them, someone saved
        it during the run: it is left as it is and StreamError raised.
        """
        try:
            self.finish()
            if self._temporary is None or self._target is None:
                return
            try:
                atomic_replace(self._temporary, self._target, self.name, unchanged)
            except ChangedWhileCleaningError:
                self.discard()
                raise StreamError(f"{self.name}: {CHANGED_WHILE_CLEANING}") from None
            self._temporary = None
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StreamError(f"cannot write {self.name}: {error.strerror or error}") from None

    def finish(self) -> None:
        """Everything written and synced, the file not yet in place (``commit`` puts it there):
        outputs that must all be written or none can be finished one by one, each closing its
        file, and committed together at the end. Done once; stdout and devices are flushed."""
        if self._finished:
            return
        try:
            if self._handle is not self._raw:
                self._handle.close()  # the compressor's end of stream
            self._raw.flush()
            if self._temporary is not None:
                os.fsync(self._raw.fileno())
            if self._raw is not sys.stdout.buffer:
                self._raw.close()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StreamError(f"cannot write {self.name}: {error.strerror or error}") from None
        self._finished = True

    def discard(self) -> None:
        """Remove the temporary file, if the output was not committed (a device or a
        pipe is only closed: what was written to it is gone)."""
        if self._raw is sys.stdout.buffer:
            return
        for handle in (self._handle, self._raw):
            with contextlib.suppress(Exception):
                handle.close()
        if self._temporary is None:
            return
        with contextlib.suppress(OSError):
            self._temporary.unlink()
        self._temporary = None

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.discard()
