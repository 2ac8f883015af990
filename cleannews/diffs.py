"""Unified diffs of what cleaning would change, as ``--diff`` prints them."""

from __future__ import annotations

import difflib

_NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    # Compared with line endings unified: the rewrite keeps the file's own.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n" + _NO_NEWLINE
    return lines


def unified_diff(before: str, after: str, path: str) -> str:
    """A patch-style diff; empty when nothing changes.

    >>> print(unified_diff("a  b\\n", "a b\\n", "x.md"), end="")
    --- x.md
    +++ x.md (cleaned)
    @@ -1 +1 @@
    -a  b
    +a b
    """
    return "".join(difflib.unified_diff(_lines(before), _lines(after), path, f"{path} (cleaned)"))


def colour_diff(diff: str) -> str:
    """The diff with ANSI colours, for a terminal."""
    import click

    styled = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            line = click.style(line, bold=True)
        elif line.startswith("@@"):
            line = click.style(line, fg="cyan")
        elif line.startswith("+"):
            line = click.style(line, fg="green")
        elif line.startswith("-"):
            line = click.style(line, fg="red")
        styled.append(line + "\n")
    return "".join(styled)
