"""The only module that touches files and standard streams."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import hashlib

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


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: enough to tell, just before writing over
    it, that nobody saved it in the meantime (an editor, a second run, a sync).

    The status fields catch almost every change; the digest catches a same-size
    rewrite within the file system's clock tick, or one whose mtime was restored.
    """

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> Snapshot:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, _digest(data))

    def matches(self, path: str | Path) -> bool:
        """Is the file at ``path`` still the one read, with the same bytes?"""
        try:
            with open(path, "rb") as handle:
                status = os.fstat(handle.fileno())
                if (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns) != (
                    self.device,
                    self.inode,
                    self.size,
                    self.mtime_ns,
                ):
                    return False
                digest = new_digest()
                while block := handle.read(1 << 20):
                    digest.update(block)
        except OSError:
            return False
        return digest.digest() == self.digest


def _digest(data: bytes) -> bytes:
    digest = new_digest()
    digest.update(data)
    return digest.digest()


def new_digest() -> hashlib.blake2b:
    """The hash of snapshots (imported when first needed: not every run writes)."""
    import hashlib

    return hashlib.blake2b(digest_size=32)


class ChangedWhileCleaningError(OSError):
    """The file was changed (or replaced) after it was read: writing the clean
    text would throw the other change away, so nothing is written."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EAGAIN, CHANGED_WHILE_CLEANING, path)


CHANGED_WHILE_CLEANING = "skipped: changed while cleaning; left as it is (run again to clean it)"


def read_bytes(path: str) -> bytes:
    return read_file(path)[0]


def read_file(path: str, *, snapshot: bool = True) -> tuple[bytes, Snapshot | None]:
    """An input's bytes and, for a file to be written back (``snapshot``), its
    snapshot (None for stdin, or when not asked for: hashing costs time).

    The status is taken before reading: a change made while the bytes are read
    then shows up as a different mtime or size when the snapshot is checked.
    """
    if path == STDIN:
        return _read_all(sys.stdin.buffer), None
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = _read_all(handle)
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
    return printable_name(path) if path else "''"


def printable_name(name: str) -> str:
    r"""A file name as it can be printed on one line and encoded as UTF-8.

    Bytes that are not UTF-8 (which Python keeps as lone surrogates) become
    ``\xNN`` and control characters ``\n``, ``\t``, ``\x1b``..., and such a name
    is quoted: a newline in it cannot start a forged ``path:line:`` report line,
    and an encoding error cannot cut a report short.

    >>> print(printable_name("posts/a.md"), printable_name("caf\udce9.md"), printable_name("a\nb.md:1: x"))
    posts/a.md 'caf\xe9.md' 'a\nb.md:1: x'
    """
    if name.isprintable() and not any("\ud800" <= char <= "\udfff" for char in name):
        return name
    escaped = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
            escaped.append(f"\\x{code - 0xDC00:02x}")
        elif char in "\\'":
            escaped.append("\\" + char)
        elif char.isprintable() and not 0xD800 <= code <= 0xDFFF:
            escaped.append(char)
        else:
            escaped.append(char.encode("unicode_escape").decode("ascii"))
    return "'" + "".join(escaped) + "'"


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


def write_atomic(path: str, data: bytes, unchanged_since: Snapshot | None = None) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data`` in one rename.

    The new content goes to a temporary file in the same directory first, so a
    crash or a kill leaves either the old file or the new one, never half of
    each. The file's permission bits are kept. A file the user cannot write
    is refused even though the directory would allow the rename.

    With ``unchanged_since`` (the snapshot taken when the file was read), the
    file is compared with it just before the rename, and left alone with a
    ChangedWhileCleaningError if it differs (compare and swap). A change in the
    moment between that check and the rename is still lost: POSIX has no
    rename-if-unchanged.
    """
    target = Path(path).resolve()
    if not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "permission denied (the file is read-only)", path)
    status = target.stat()
    if not stat.S_ISREG(status.st_mode):
        # Renaming a file over a device or a pipe would replace it.
        raise OSError(errno.EINVAL, "not a regular file (only files are rewritten in place)", path)
    if status.st_nlink > 1:
        # A new file renamed over this name would leave the other names with the old text.
        raise OSError(
            errno.EMLINK,
            f"has {status.st_nlink} hard links, which a rewrite would split (left as it is; "
            "clean a copy, or break the links first)",
            path,
        )
    mode = stat.S_IMODE(status.st_mode)
    handle, temporary = temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            _copy_owner_and_xattrs(status, target, stream.fileno())
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        if unchanged_since is not None and not unchanged_since.matches(target):
            raise ChangedWhileCleaningError(path)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _copy_owner_and_xattrs(status: os.stat_result, source: Path, descriptor: int) -> None:
    """Give the new file the old one's owner, group and extended attributes (ACLs,
    SELinux labels, user.* tags), as far as this user may: root may give a file to
    anyone, others only to a group they belong to. What is not permitted is skipped."""
    if (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()) and hasattr(os, "fchown"):
        for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
            try:
                os.fchown(descriptor, uid, gid)
                break
            except OSError:
                continue
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(descriptor, name, os.getxattr(source, name))


# Temporary files are named ".NAME.PID-HOST.RANDOM.cleannews" beside their target
# (HOST: a hash of the machine's name), so that a later run can tell its own and
# live ones from those of a run that was killed.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-(?P<host>[0-9a-f]{8})\.[a-z0-9_]{8}\.cleannews")
_LEGACY_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.cleannews")  # older versions' names
# A temporary file of a live run is being written: one untouched this long is
# debris whatever its name says (another machine's, a pid used again since).
_ABANDONED_AFTER_S = 3600


@cache
def _host() -> str:
    import hashlib
    import socket

    return hashlib.blake2b(socket.gethostname().encode(), digest_size=4).hexdigest()


def temporary_beside(target: Path) -> tuple[int, Path]:
    """A new temporary file (descriptor, path) in ``target``'s folder, for a rename over it."""
    sweep_temporaries(target.parent)
    prefix = f".{target.name}.{os.getpid()}-{_host()}."
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".cleannews", dir=target.parent)
    return handle, Path(name)


_swept: set[Path] = set()


def sweep_temporaries(folder: Path) -> int:
    """Remove the temporary files that killed runs left in ``folder``; how many.

    A run removes its temporary file when it fails or is interrupted, but not
    when it is killed (SIGKILL, the OOM killer, power loss). Each folder is
    looked at once per process.
    """
    if folder in _swept:
        return 0
    _swept.add(folder)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(".cleannews") or not entry.name.startswith("."):
            continue
        with contextlib.suppress(OSError):
            if _abandoned(entry, now):
                Path(entry.path).unlink()
                removed += 1
    return removed


def _abandoned(entry: os.DirEntry[str], now: float) -> bool:
    status = entry.stat(follow_symlinks=False)
    if not stat.S_ISREG(status.st_mode):
        return False
    age = now - status.st_mtime
    match = _TEMPORARY.fullmatch(entry.name)
    if match is None:
        return _LEGACY_TEMPORARY.fullmatch(entry.name) is not None and age > _ABANDONED_AFTER_S
    if age > _ABANDONED_AFTER_S:
        return True
    # On this machine, a run whose process is gone was killed.
    return match["host"] == _host() and not _alive(int(match["pid"]))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process (or a pid this system cannot have)
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been reaped (its parent was killed, and
    some init processes reap late): still a pid, no longer a run."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")
