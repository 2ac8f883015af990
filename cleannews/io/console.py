"""The terminal: clean text to stdout, where a closed pipe is a normal ending, and
report lines to stderr, above a progress bar when stderr is a terminal.

Every command prints through here, so that a bar never garbles a report line and
piped output never carries a bar or colour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TextIO

import click

from ..exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.progress import ProgressColumn

# Print one report line, coloured (a click colour name) or not (None).
Emit = Callable[[str, "str | None"], None]
# Move the progress bar on by an amount of its unit.
Advance = Callable[[float], None]
# What a progress bar counts: files done, bytes of the input read (its size known), or records.
Unit = Literal["files", "bytes", "records"]


def colour_wanted(stream: TextIO) -> bool:
    """Colour by default: on a terminal, unless NO_COLOR is set to something
    (no-color.org: an empty value does not count)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def write_stdout(text: str) -> None:
    """Write clean text to stdout as UTF-8; a closed pipe (``| head``) ends the run quietly."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as error:
        click.echo(f"cleannews: error: cannot write the output: {error.strerror}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)


def silence_stdout() -> None:
    """After a closed pipe: keep Python from complaining again when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def stderr_lines(
    color: bool, progress: Unit | None = None, total: float | None = None
) -> tuple[Emit, Advance | None, Callable[[], None]]:
    """``(emit, advance, stop)`` for a run's report on stderr.

    Without ``progress``, or when stderr is not a terminal, lines are plainly
    echoed and there is no bar to advance. With it (the caller decides when a
    bar is worth it: many files, a dataset), lines are printed above a bar
    counting ``progress`` up to ``total`` (None: unknown, a count without a bar).
    """
    if progress is None or not sys.stderr.isatty():

        def echo(line: str, colour: str | None) -> None:
            if colour and color:
                line = click.style(line, fg=colour)
            click.echo(line, err=True)

        return echo, None, lambda: None
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

    console = Console(stderr=True, color_system="auto" if color else None, highlight=False)
    bar = Progress(*_columns(progress), console=console, transient=True)
    task = bar.add_task("cleaning", total=total)
    bar.start()

    def emit(line: str, colour: str | None) -> None:
        # Styled as a Text, not with print(style=): that would colour the bar too.
        console.print(Text(line, style=colour if color and colour else ""))

    def advance(amount: float) -> None:
        bar.advance(task, amount)

    return emit, advance, bar.stop


def _columns(unit: Unit) -> list[ProgressColumn]:
    """The bar's columns: files as done/total, bytes as a download, records as a count."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    if unit == "files":
        return [
            TextColumn("cleaning"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        ]
    if unit == "bytes":
        return [
            TextColumn("cleaning"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        ]
    return [TextColumn("cleaning"), TextColumn("{task.completed:,.0f} records"), TimeElapsedColumn()]
