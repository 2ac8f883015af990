"""Worker processes that live and die with the run that started them.

A process pool's workers are separate processes: when the parent is killed
(SIGKILL, the OOM killer, a CI timeout), nothing tells them, and with
``--in-place`` they went on cleaning and writing files for minutes. Here each
worker asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``), and
checks before any write that its parent is still the one that started it, the
portable fallback for systems without that signal.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# What a broken pool (concurrent.futures' BrokenProcessPool) means to a user.
WORKER_DIED = (
    "a worker process was killed (by a signal: the out-of-memory killer, or kill -9); "
    "with less memory in use, try --jobs 1"
)

# The pid of the process that started this worker; None in the parent itself.
_parent: int | None = None


def init_worker(parent: int | None = None) -> None:
    """The pool initializer: Ctrl-C and SIGTERM are left to the parent, which shuts
    the pool down and cleans up (a worker dying on its own would break the pool),
    and the worker dies when the parent does."""
    global _parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _parent = parent if parent is not None else os.getppid()
    _die_with_parent()
    if parent_gone():  # it died before the signal was asked for
        os._exit(1)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (another libc): the ppid check remains
        return


def parent_gone() -> bool:
    """In a worker: has the run that started it ended? (Always False in the parent.)"""
    return _parent is not None and os.getppid() != _parent


def stop_if_orphaned() -> None:
    """Called by a worker before it writes: a run that is gone must not change files."""
    if parent_gone():
        os._exit(1)
