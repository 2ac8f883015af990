"""Writing clean text to standard output, where a closed pipe is a normal ending."""

from __future__ import annotations

import os
import sys

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
