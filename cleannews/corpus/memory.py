"""Memory the process freed, given back to the system between the phases of a run."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache


def release_freed_memory() -> None:
    """Return to the system the heap memory freed so far (glibc's ``malloc_trim``; elsewhere, nothing).

    Why: glibc serves allocations below its mmap threshold (which rises to 32 MB once a large
    array has been freed) from its heap, and keeps what is freed there for reuse. Each phase of
    ``dedup`` makes many such arrays (a partition's rows, a round of anchor pairs), and the next
    phase's arrays do not fit in their holes: at a million paragraphs, 100-170 MB the process no
    longer used stayed resident through the next phase, at its peak.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # another C library (musl): nothing to trim
        return None
    return trim
