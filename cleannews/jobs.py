"""One input, cleaned and (in place) written back: the unit of work of the CLI.

A job is plain data and ``run_job`` a top-level function so that a process
pool can run many of them on both cores; outcomes come back in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from .config import Config
from .io.atomic import CHANGED_WHILE_CLEANING, ChangedWhileCleaningError, write_atomic
from .io.files import InputError, decode_input, encode_like, read_file, total_size
from .io.names import STDIO, display_name
from .report import FileReport
from .workers import stop_if_orphaned, worker_count


class Status(Enum):
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
class Outcome:
    report: FileReport
    status: Status
    text: str = ""  # the clean text, for stdout
    diff: str = ""


def run_job(job: Job) -> Outcome:
    """Clean one input; every failure is turned into an outcome, never raised."""
    from .pipeline import clean_and_explain

    report = FileReport(display_name(job.path))
    try:
        # Read once: a named pipe or /dev/fd/N (`<(command)`) cannot be read again.
        data, snapshot = read_file(job.path, snapshot=job.write)
        decoded = decode_input(data, job.encoding)
    except InputError as error:
        report.error = str(error)
        return Outcome(report, Status.ERROR if job.named else Status.SKIPPED)
    report.encoding = decoded.encoding
    if decoded.warning:
        report.warnings.append(decoded.warning)
    if not decoded.text.strip():
        if job.named and not job.write:
            report.warnings.append("empty input; nothing to clean")
        return Outcome(report, Status.UNCHANGED)
    try:
        result = clean_and_explain(decoded.text, job.config, markdown=job.markdown)
        new_bytes = encode_like(result.text, decoded) if job.path != STDIO else b""
    except UnicodeEncodeError as error:
        report.error = f"the clean text cannot be written back as {decoded.encoding} ({error.reason})"
        return Outcome(report, Status.ERROR)
    except Exception as error:
        report.error = (
            f"internal error: {type(error).__name__}: {error}; nothing was written. Please report this."
        )
        return Outcome(report, Status.INTERNAL)
    report.findings = result.findings
    if job.path == STDIO:
        report.changed = result.changed
    else:
        report.changed = new_bytes != data
    outcome = Outcome(report, Status.CHANGED if report.changed else Status.UNCHANGED, text=result.text)
    if job.diff and report.changed:
        from .diffs import unified_diff

        outcome.diff = unified_diff(decoded.text, result.text, report.path)
    if job.write and report.changed:
        try:
            # Written only if the file is still what was read: an edit saved
            # meanwhile is kept, and this file reported (exit 2).
            stop_if_orphaned()  # a worker whose run was killed writes nothing more
            write_atomic(job.path, new_bytes, unchanged_since=snapshot)
        except ChangedWhileCleaningError:
            report.error = CHANGED_WHILE_CLEANING
            outcome.status = Status.ERROR
        except OSError as error:
            report.error = f"cannot write: {error.strerror or error}"
            outcome.status = Status.ERROR
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
) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``, from ``workers`` processes."""
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield run_job(job)
            if progress:
                progress()
        return
    from .workers import WorkerPool

    processes = min(workers, len(jobs))
    with WorkerPool(processes) as pool:
        chunk = max(1, len(jobs) // (workers * 8))
        for outcome in pool.map(run_job, jobs, chunk=chunk):
            yield outcome
            if progress:
                progress()
