"""Exit codes, documented once (also in ``--help`` and the README)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Everything was cleaned (or there was nothing to clean)."""
    CHANGED = 1
    """--in-place changed files, or --check found files that would change."""
    USAGE_OR_INPUT = 2
    """Bad options, an input that is missing, unreadable, binary or undecodable,
    output that cannot be written (disk full), a file changed by someone else
    while it was cleaned (left as they saved it), or a worker process killed."""
    INTERNAL = 123
    """A bug in cleannews: the safety check failed or an unexpected error occurred.
    Nothing was written for the input concerned. 123 is black's code for the same."""
    INTERRUPTED = 130
    """Ctrl-C (SIGINT): the shell's 128 + signal number."""
    TERMINATED = 143
    """SIGTERM (kill, a CI timeout)."""


EXIT_CODES_HELP = """Exit codes:
  0    success (or nothing to clean); with --check: nothing would change
  1    --in-place changed a file, or --check found a file that would change
  2    usage error, an input that is missing, unreadable, binary or undecodable,
       output that cannot be written, a file changed while it was cleaned (left
       as saved), or a worker process killed
  123  internal error (nothing was written for that input; please report it)
  130  interrupted (Ctrl-C), 143 terminated (SIGTERM): files are left whole,
       temporary files removed"""
