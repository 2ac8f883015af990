"""``cleannews [PATH]...``: text and Markdown files cleaned to stdout, or with
``--in-place``, ``--check`` and ``--diff`` a line per changed file, a progress bar
and a summary; then the JSON reports, and the exit code.

The unit of work is a job: one input read, cleaned and (in place) written back.
A job is plain data and ``run_job`` a top-level function so that worker
processes can run many of them on both cores; outcomes come back in input order.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import click

from ..config import Config
from ..exit_codes import ExitCode
from ..io.atomic import CHANGED_WHILE_CLEANING, ChangedWhileCleaningError, write_atomic
from ..io.console import Emit, Unit, colour_wanted, stderr_lines, write_stdout
from ..io.files import InputError, decode_input, encode_like, read_file, report_over_a_file, total_size
from ..io.names import STDIO, display_name
from ..report import FileReport
from ..workers import stop_if_orphaned, worker_count

if TYPE_CHECKING:
    from ..discovery import Target
    from ..settings import Settings


def run_files(
    paths: Sequence[str],
    settings: Settings,
    config: Config,
    *,
    text_format: str,
    encoding: str | None,
    in_place: bool,
    check: bool,
    diff: bool,
    jobs: int | None,
    report_json: str | None,
    removals: str | None,
    quiet: bool,
    verbose: bool,
    color: bool,
) -> ExitCode:
    """The command: ``paths`` (none: stdin) cleaned to stdout, or in place, checked
    or diffed (folders searched); then ``--report-json`` and ``--removals``."""
    from ..discovery import Target, is_markdown, iter_files

    file_mode = in_place or check or diff
    if file_mode:
        targets = list(iter_files(paths or (STDIO,), settings, files_only=in_place or check))
    else:
        targets = [Target(path) for path in paths or (STDIO,)]
    work = [
        Job(t.path, config, is_markdown(t.path, text_format), encoding, in_place, diff, _is_named(t, paths))
        for t in targets
        if t.skip_reason is None
    ]
    missing = [t for t in targets if t.skip_reason is not None]
    clash = report_over_a_file(
        {"--report-json": report_json, "--removals": removals},
        {"input": paths, "file": [job.path for job in work]},
    )
    if clash is not None:
        click.echo(f"cleannews: error: {clash}", err=True)
        return ExitCode.USAGE_OR_INPUT
    workers = jobs if jobs is not None else default_jobs(work)
    if file_mode:
        status, reports = run_file_mode(
            work, missing, workers, check=check, in_place=in_place, quiet=quiet, verbose=verbose, color=color
        )
    else:
        status, reports = run_stdout_mode(work, workers, quiet=quiet, verbose=verbose, color=color)
    from ..report import write_json, write_removals

    for destination, writer in ((report_json, write_json), (removals, write_removals)):
        if destination is None:
            continue
        try:
            writer(reports, destination, roots=paths)
        except BrokenPipeError:
            pass  # (a report to a pipe whose reader has gone, as ``| head`` does: a normal ending)
        except OSError as error:
            click.echo(f"cleannews: error: cannot write {destination}: {error.strerror or error}", err=True)
            status = max(status, ExitCode.USAGE_OR_INPUT)
    return status


def _is_named(target: Target, paths: Sequence[str]) -> bool:
    """Named on the command line (or stdin), not found by a folder walk."""
    return target.path in paths or not paths


class FileStatus(Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"  # fixed in place, or would be
    SKIPPED = "skipped"  # found by a directory walk but not text
    ERROR = "error"  # named by the user but unreadable, or not writable
    INTERNAL = "internal"  # a bug in cleannews; nothing written


@dataclass(frozen=True)
class Job:
    path: str
    config: Config
    markdown: bool = False
    encoding: str | None = None
    write: bool = False  # --in-place
    diff: bool = False
    named: bool = True  # named on the command line, not found by a walk


@dataclass
class FileOutcome:
    report: FileReport
    status: FileStatus
    text: str = ""  # the clean text, for stdout
    diff: str = ""


def run_job(job: Job) -> FileOutcome:
    """Clean one input; every failure is turned into an outcome, never raised."""
    from ..pipeline import clean_and_explain

    report = FileReport(display_name(job.path))
    try:
        # Read once: a named pipe or /dev/fd/N (`<(command)`) cannot be read again.
        data, snapshot = read_file(job.path, snapshot=job.write, encoding=job.encoding)
        decoded = decode_input(data, job.encoding)
    except InputError as error:
        report.error = str(error)
        return FileOutcome(report, FileStatus.ERROR if job.named else FileStatus.SKIPPED)
    report.encoding = decoded.encoding
    if decoded.warning:
        report.warnings.append(decoded.warning)
    if not decoded.text.strip():
        if job.named and not job.write:
            report.warnings.append("empty input; nothing to clean")
        return FileOutcome(report, FileStatus.UNCHANGED)
    try:
        result = clean_and_explain(decoded.text, job.config, markdown=job.markdown)
        new_bytes = encode_like(result.text, decoded) if job.path != STDIO else b""
    except UnicodeEncodeError as error:
        report.error = f"the clean text cannot be written back as {decoded.encoding} ({error.reason})"
        return FileOutcome(report, FileStatus.ERROR)
    except Exception as error:
        report.error = (
            f"internal error: {type(error).__name__}: {error}; nothing was written. Please report this."
        )
        return FileOutcome(report, FileStatus.INTERNAL)
    report.findings = result.findings
    if job.path == STDIO:
        report.changed = result.changed
    else:
        report.changed = new_bytes != data
    outcome = FileOutcome(
        report, FileStatus.CHANGED if report.changed else FileStatus.UNCHANGED, text=result.text
    )
    if job.diff and report.changed:
        from ..diffs import unified_diff

        outcome.diff = unified_diff(decoded.text, result.text, report.path)
    if job.write and report.changed:
        try:
            # Written only if the file is still what was read: an edit saved
            # meanwhile is kept, and this file reported (exit 2).
            stop_if_orphaned()  # a worker whose run was killed writes nothing more
            write_atomic(job.path, new_bytes, unchanged_since=snapshot)
        except ChangedWhileCleaningError:
            report.error = CHANGED_WHILE_CLEANING
            outcome.status = FileStatus.ERROR
        except OSError as error:
            report.error = f"cannot write: {error.strerror or error}"
            outcome.status = FileStatus.ERROR
    return outcome


# Below this much input, starting worker processes costs more than it saves.
_PARALLEL_MIN_FILES = 8
_PARALLEL_MIN_BYTES = 256 * 1024


def default_jobs(jobs: Sequence[Job]) -> int:
    """All cores when there is enough work to share, else one process."""
    if len(jobs) < _PARALLEL_MIN_FILES:
        return 1
    return worker_count(total_size(job.path for job in jobs), _PARALLEL_MIN_BYTES)


def run_jobs(
    jobs: Sequence[Job], workers: int, progress: Callable[[], None] | None = None
) -> Iterator[FileOutcome]:
    """Outcomes in the order of ``jobs``, from ``workers`` processes."""
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield run_job(job)
            if progress:
                progress()
        return
    from ..workers import WorkerPool

    processes = min(workers, len(jobs))
    with WorkerPool(processes) as pool:
        chunk = max(1, len(jobs) // (workers * 8))
        for outcome in pool.map(run_job, jobs, chunk=chunk):
            yield outcome
            if progress:
                progress()


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
        status = max(status, _outcome_exit_code(outcome, changes_fail=False))
    _report(reports, quiet=quiet, verbose=verbose, color=color)
    return status, reports


def _outcomes(
    work: list[Job], workers: int, advance: Callable[[], None] | None, emit: Emit
) -> Generator[FileOutcome, None, None]:
    """The jobs' outcomes; those a killed worker process took with it come back as errors.

    Such a file may or may not have been written (atomically either way), so
    each is reported, and the run exits 2 rather than 1 ("files changed").
    """
    if workers <= 1 or len(work) < 2:  # one process (and no multiprocessing to import)
        yield from run_jobs(work, workers, advance)
        return
    from ..workers import WORKER_DIED, WorkerDied

    done = 0
    try:
        for outcome in run_jobs(work, workers, advance):
            done += 1
            yield outcome
    except WorkerDied:
        emit(f"cleannews: error: {WORKER_DIED}; {len(work) - done} of {len(work)} files not finished", "red")
        for job in work[done:]:
            report = FileReport(display_name(job.path), error="not finished: its worker process was killed")
            yield FileOutcome(report, FileStatus.ERROR)


def _sweep_folders(work: list[Job], *, run_stopped: bool = False) -> None:
    """Remove what killed runs left in the folders about to be written (or, when
    ``run_stopped``, what this run left in them: see sweep_temporaries)."""
    from pathlib import Path

    from ..io.atomic import sweep_temporaries

    for folder in {Path(job.path).resolve().parent for job in work}:
        sweep_temporaries(folder, run_stopped=run_stopped)


def _stop_writing(
    outcomes: Generator[FileOutcome, None, None], error: BaseException, work: list[Job]
) -> None:
    """After Ctrl-C, SIGTERM or a failure in mid-run: stop the worker processes
    at once (the error, raised where the outcomes wait, makes the pool kill them),
    then remove the temporary files they were writing when killed."""
    with contextlib.suppress(BaseException):  # (the error itself, raised again by the caller)
        outcomes.throw(error)
    _sweep_folders(work, run_stopped=True)


def _outcome_exit_code(outcome: FileOutcome, *, changes_fail: bool) -> ExitCode:
    if outcome.status is FileStatus.INTERNAL:
        return ExitCode.INTERNAL
    if outcome.status is FileStatus.ERROR:
        return ExitCode.USAGE_OR_INPUT
    if outcome.status is FileStatus.CHANGED and changes_fail:
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
    from ..report import Summary, plain_lines

    status = ExitCode.OK
    summary = Summary(would=not in_place)
    reports: list[FileReport] = []
    emit, advance, finish = _stderr_writer(len(work), quiet=quiet, color=color)
    for target in missing:
        emit(f"cleannews: error: {display_name(target.path)}: {target.skip_reason}", "red")
        summary.errors += 1
        status = ExitCode.USAGE_OR_INPUT
    diff_colour = color is not False and colour_wanted(sys.stdout)
    if in_place:
        _sweep_folders(work)
    outcomes = _outcomes(work, workers, advance, emit)
    try:
        for outcome in outcomes:
            report = outcome.report
            reports.append(report)
            status = max(status, _outcome_exit_code(outcome, changes_fail=check or in_place))
            summary.count(outcome.status)
            if outcome.diff:
                from ..diffs import colour_diff

                write_stdout(colour_diff(outcome.diff) if diff_colour else outcome.diff)
            if outcome.status is FileStatus.SKIPPED:
                if not quiet:
                    emit(f"cleannews: skipped {report.path}: {report.error}", "yellow")
                continue
            if report.error:
                emit(f"cleannews: error: {report.path}: {report.error}", "red")
            elif outcome.status is FileStatus.CHANGED and not quiet and (in_place or check):
                emit(f"{'Fixed' if in_place else 'Would fix'} {report.path}", None)
            # A file that needs nothing would repeat the same flags and warnings on
            # every commit; they are listed with -v.
            if not quiet and (verbose or outcome.status is not FileStatus.UNCHANGED):
                for line in plain_lines(report, verbose, count_routine=verbose):
                    emit(line, None)
    except BaseException as error:
        if in_place:
            _stop_writing(outcomes, error, work)
        raise
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
        from ..report import write_rich

        write_rich(reports, sys.stderr, verbose, color)
    else:
        from ..report import write_plain

        write_plain(reports, sys.stderr, verbose, color)
