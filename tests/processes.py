"""The processes of a cleannews run, read from /proc (Linux): for the worker tests
and for benchmarks/faults.py, which imports this module."""

from __future__ import annotations

import contextlib
from pathlib import Path


def session_processes(leader: int) -> list[int]:
    """The live processes of the session ``leader`` leads (a run started with
    ``start_new_session=True`` and anything it started); zombies are not counted."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def worker_processes(pid: int) -> list[int]:
    """The worker processes of the run ``pid``: its children, but not
    multiprocessing's resource tracker."""
    children: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                children += [int(child) for child in (task / "children").read_text().split()]
    return [child for child in children if b"resource_tracker" not in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
