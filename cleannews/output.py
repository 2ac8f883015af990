"""Writing to the standard streams: clean text to stdout, where a closed pipe is a
normal ending, and report lines to stderr, above a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from .exit_codes import ExitCode
from .files import write_stdout


def write_output(text: str) -> None:
    """Write clean text to stdout; a closed pipe (``| head``) ends the run quietly."""
    try:
        write_stdout(text)
    except BrokenPipeError:
        silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as error:
        click.echo(f"cleannews: error: cannot write the output: {error.strerror}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)


def silence_stdout() -> None:
    """After a closed pipe: keep Python from complaining again when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# Print one report line, coloured (a click colour name) or not (None).
Emit = Callable[[str, "str | None"], None]


def stderr_lines(
    color: bool, columns: Sequence[Any] | None = None, total: float | None = None
) -> tuple[Emit, Callable[[float], None] | None, Callable[[], None]]:
    """``(emit, advance, stop)`` for a run's report on stderr.

    Without ``columns`` lines are plainly echoed and there is no progress to
    advance. With rich progress ``columns`` (the caller decides when a bar is
    worth it: a terminal, a long run), lines are printed above the bar.
    """
    if columns is None:

        def echo(line: str, colour: str | None) -> None:
            if colour and color:
                line = click.style(line, fg=colour)
            click.echo(line, err=True)

        return echo, None, lambda: None
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

    console = Console(stderr=True, color_system="auto" if color else None, highlight=False)
    progress = Progress(*columns, console=console, transient=True)
    task = progress.add_task("cleaning", total=total)
    progress.start()

    def emit(line: str, colour: str | None) -> None:
        # Styled as a Text, not with print(style=): that would colour the bar too.
        console.print(Text(line, style=colour if color and colour else ""))

    def advance(amount: float) -> None:
        progress.advance(task, amount)

    return emit, advance, progress.stop
