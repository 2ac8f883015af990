"""Running the cleaner over text and Markdown inputs: to stdout, or --in-place,
--check and --diff with a line per changed file, a progress bar and a summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import click

from .exit_codes import ExitCode
from .io.console import Emit, Unit, stderr_lines, write_stdout
from .io.names import display_name
from .jobs import Job, Outcome, Status
from .report import FileReport

if TYPE_CHECKING:
    from .discovery import Target


def run_stdout_mode(
    work: list[Job], workers: int, *, quiet: bool, verbose: bool, color: bool
) -> tuple[ExitCode, list[FileReport]]:
    status = ExitCode.OK
    reports = []
    wrote_any = False
    for outcome in _outcomes(work, workers, None, stderr_lines(color)[0]):
        if outcome.text:
            # A blank line between files keeps the concatenation itself clean.
            write_stdout("\n" + outcome.text if wrote_any else outcome.text)
            wrote_any = True
        reports.append(outcome.report)
        status = max(status, _exit_code(outcome, changes_fail=False))
    _report(reports, quiet=quiet, verbose=verbose, color=color)
    return status, reports


def _outcomes(
    work: list[Job], workers: int, advance: Callable[[], None] | None, emit: Emit
) -> Iterator[Outcome]:
    """The jobs' outcomes; those a killed worker process took with it come back as errors.

    Such a file may or may not have been written (atomically either way), so
    each is reported, and the run exits 2 rather than 1 ("files changed").
    """
    from .jobs import run_jobs

    if workers <= 1 or len(work) < 2:  # one process (and no multiprocessing to import)
        yield from run_jobs(work, workers, advance)
        return
    from .workers import WORKER_DIED, WorkerDied

    done = 0
    try:
        for outcome in run_jobs(work, workers, advance):
            done += 1
            yield outcome
    except WorkerDied:
        emit(f"cleannews: error: {WORKER_DIED}; {len(work) - done} of {len(work)} files not finished", "red")
        for job in work[done:]:
            report = FileReport(display_name(job.path), error="not finished: its worker process was killed")
            yield Outcome(report, Status.ERROR)


def _sweep_folders(work: list[Job]) -> None:
    """Remove what killed runs left in the folders about to be written."""
    from pathlib import Path

    from .io.atomic import sweep_temporaries

    for folder in {Path(job.path).resolve().parent for job in work}:
        sweep_temporaries(folder)


def _exit_code(outcome: Outcome, *, changes_fail: bool) -> ExitCode:
    if outcome.status is Status.INTERNAL:
        return ExitCode.INTERNAL
    if outcome.status is Status.ERROR:
        return ExitCode.USAGE_OR_INPUT
    if outcome.status is Status.CHANGED and changes_fail:
        return ExitCode.CHANGED
    return ExitCode.OK


def run_file_mode(
    work: list[Job],
    missing: list[Target],
    workers: int,
    *,
    check: bool,
    in_place: bool,
    quiet: bool,
    verbose: bool,
    color: bool,
) -> tuple[ExitCode, list[FileReport]]:
    """--in-place, --check and --diff: a line per changed file, a summary at the end."""
    from .report import Summary, plain_lines

    status = ExitCode.OK
    summary = Summary(would=not in_place)
    reports: list[FileReport] = []
    emit, advance, finish = _stderr_writer(len(work), quiet=quiet, color=color)
    for target in missing:
        emit(f"cleannews: error: {display_name(target.path)}: {target.skip_reason}", "red")
        summary.errors += 1
        status = ExitCode.USAGE_OR_INPUT
    diff_colour = sys.stdout.isatty() and color is not False and "NO_COLOR" not in os.environ
    if in_place:
        _sweep_folders(work)
    try:
        for outcome in _outcomes(work, workers, advance, emit):
            report = outcome.report
            reports.append(report)
            status = max(status, _exit_code(outcome, changes_fail=check or in_place))
            summary.count(outcome.status)
            if outcome.diff:
                from .diffs import colour_diff

                write_stdout(colour_diff(outcome.diff) if diff_colour else outcome.diff)
            if outcome.status is Status.SKIPPED:
                if not quiet:
                    emit(f"cleannews: skipped {report.path}: {report.error}", "yellow")
                continue
            if report.error:
                emit(f"cleannews: error: {report.path}: {report.error}", "red")
            elif outcome.status is Status.CHANGED and not quiet and (in_place or check):
                emit(f"{'Fixed' if in_place else 'Would fix'} {report.path}", None)
            # A file that needs nothing would repeat the same flags and warnings on
            # every commit; they are listed with -v.
            if not quiet and (verbose or outcome.status is not Status.UNCHANGED):
                for line in plain_lines(report, verbose, count_routine=verbose):
                    emit(line, None)
    finally:
        finish()
    if not quiet:
        emit(summary.line(), None)
    return status, reports


def _stderr_writer(
    total: int, *, quiet: bool, color: bool
) -> tuple[Emit, Callable[[], None] | None, Callable[[], None]]:
    """Print to stderr, through a progress bar on a terminal when there are many files."""
    bar: Unit | None = None if quiet or total < _PROGRESS_MIN_FILES else "files"
    emit, advance, stop = stderr_lines(color, bar, total)
    return emit, (lambda: advance(1)) if advance is not None else None, stop


# Fewer files than this finish before a progress bar would be useful.
_PROGRESS_MIN_FILES = 20


def _report(reports: list[FileReport], *, quiet: bool, verbose: bool, color: bool) -> None:
    for report in reports:
        if report.error:
            click.echo(f"cleannews: error: {report.path}: {report.error}", err=True)
    if quiet:
        return
    if sys.stderr.isatty():
        from .report import write_rich

        write_rich(reports, sys.stderr, verbose, color)
    else:
        from .report import write_plain

        write_plain(reports, sys.stderr, verbose, color)
