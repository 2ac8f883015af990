"""Replacing a file in one rename: the one way cleannews writes over a file.

A cleaned file (``--in-place``), a dataset written with ``-o`` and a report all
go to a temporary file beside their target first and are renamed over it only
when complete, so a crash, a kill or a full disk leaves the old file or the new
one, never half of each. ``atomic_replace`` is that last step for all of them.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import hashlib


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


def atomic_replace(temporary: Path, target: Path, name: str, unchanged: Iterable[Snapshot] = ()) -> None:
    """Put the finished ``temporary`` file in ``target``'s place in one rename.

    The new file gets the permission bits of the file it replaces (the usual
    ones, under the umask, when there is none yet). With ``unchanged`` (snapshots
    taken when the target was read), the target is compared with each just
    before the rename and left alone with a ChangedWhileCleaningError naming
    ``name`` if it differs (compare and swap). A change in the moment between
    that check and the rename is still lost: POSIX has no rename-if-unchanged.
    """
    temporary.chmod(replacement_mode(target))
    if not all(snapshot.matches(target) for snapshot in unchanged):
        raise ChangedWhileCleaningError(name)
    temporary.replace(target)


def replacement_mode(target: Path) -> int:
    """An existing file keeps its permission bits; a new one gets the usual ones."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, data: bytes, unchanged_since: Snapshot | None = None) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data`` in one rename.

    The new content goes to a temporary file in the same directory first, so a
    crash or a kill leaves either the old file or the new one, never half of
    each. The file keeps its permission bits, owner and extended attributes. A
    file the user cannot write is refused even though the directory would allow
    the rename. ``unchanged_since``: the snapshot taken when the file was read
    (see ``atomic_replace``).
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
    handle, temporary = temporary_beside(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            _copy_owner_and_xattrs(status, target, stream.fileno())
            os.fsync(stream.fileno())
        atomic_replace(temporary, target, path, () if unchanged_since is None else (unchanged_since,))
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


def sweep_temporaries(folder: Path, *, run_stopped: bool = False) -> int:
    """Remove the temporary files that killed runs left in ``folder``; how many.

    A run removes its temporary file when it fails or is interrupted, but not
    when it is killed (SIGKILL, the OOM killer, power loss). Each folder is
    looked at once per process, but when ``run_stopped``: this run writes no
    more, and its own temporary files go too, with those of the worker
    processes it has stopped (killed in mid-write, on Ctrl-C or SIGTERM), and
    one an interruption caught between its creation and its first byte.
    """
    if folder in _swept and not run_stopped:
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
            if _abandoned(entry, now) or (run_stopped and _this_process(entry.name)):
                Path(entry.path).unlink()
                removed += 1
    return removed


def _this_process(name: str) -> bool:
    match = _TEMPORARY.fullmatch(name)
    return match is not None and match["host"] == _host() and int(match["pid"]) == os.getpid()


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
