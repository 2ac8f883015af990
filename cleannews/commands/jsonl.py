"""``cleannews --jsonl``: JSON Lines datasets cleaned as a stream, on one core or many.

``run_jsonl`` is the command (progress, errors per record and a summary on
stderr), ``clean_stream`` the run itself. Lines are read and cleaned in chunks.
With several workers at most two chunks per worker are in flight and results
are written in input order, so memory stays flat whatever the size of the input
and the output is the same bytes whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import click

from ..config import Config
from ..exit_codes import ExitCode
from ..io.console import Emit, silence_stdout, stderr_lines
from ..io.files import report_over_a_file, same_file
from ..io.names import STDIO
from ..io.streams import (
    MAX_RECORD_BYTES,
    Input,
    Output,
    StreamError,
    check_codecs,
    check_inputs,
    input_size,
    line_too_long,
)
from ..records import RecordOptions, RecordOutcome, RecordStatus, as_written, clean_line

if TYPE_CHECKING:
    from ..io.atomic import Snapshot
    from ..workers import Task

# Lines are sent to workers in blocks of about this many bytes, cut at a line
# end: large enough that sending one costs little next to cleaning it, small
# enough that the blocks in flight stay a few megabytes.
_CHUNK_BYTES = 1 << 20
# Chunks in flight per worker: one being cleaned, one waiting, so no worker idles.
_IN_FLIGHT_PER_WORKER = 2
# Below this much input, starting worker processes costs more than it saves.
_PARALLEL_MIN_BYTES = 4 << 20

# Told (stored bytes read, records), both since the last call, as the run goes.
ReadProgress = Callable[[int, int], None]


class OnError(str, Enum):
    """What a bad record does to the run (``--on-error``)."""

    FAIL = "fail"  # stop; exit 2 (123 for an internal error); no output file
    SKIP = "skip"  # leave the record out
    KEEP = "keep"  # write its line as it was


_DONE_WITH_ERRORS = {OnError.FAIL: "stopped", OnError.SKIP: "skipped", OnError.KEEP: "kept unchanged"}


@dataclass
class Totals:
    records: int = 0
    changed: int = 0
    errors: int = 0
    worker_died: bool = False  # a worker process was killed: the run stopped there

    def line(self, on_error: OnError) -> str:
        """The summary printed at the end.

        >>> Totals(12345, 1020, 3).line(OnError.SKIP)
        '12,345 records, 1,020 changed, 3 errors (skipped)'
        >>> Totals(1, 0).line(OnError.FAIL)
        '1 record, 0 changed'
        """
        text = f"{self.records:,} record{'s' * (self.records != 1)}, {self.changed:,} changed"
        if self.errors:
            text += f", {self.errors:,} error{'s' * (self.errors != 1)} ({_DONE_WITH_ERRORS[on_error]})"
        return text

    def to_dict(self) -> dict[str, int]:
        return {"records": self.records, "changed": self.changed, "errors": self.errors}


def default_workers(paths: Sequence[str]) -> int:
    """All cores for a large file; one process for small input or stdin (size unknown)."""
    from ..workers import worker_count

    return worker_count(input_size(paths), _PARALLEL_MIN_BYTES)


@dataclass
class _Chunk:
    name: str  # the input, for messages
    first: int  # 1-based line number of the chunk's first line in that input
    data: bytes  # whole lines, each with its line end (but perhaps the input's last)
    read: int  # stored bytes consumed since the previous chunk (for progress)


def _chunks(
    paths: Sequence[str],
    snapshots: dict[str, list[Snapshot]] | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[_Chunk]:
    """The inputs' lines in order, in blocks of whole lines that never span two inputs.

    Cutting blocks at line ends and counting their lines are two C-level scans:
    splitting, parsing and serialising records is left to whichever process
    cleans the block, so the parent has time to clean blocks too. An input
    that is a key of ``snapshots`` gets its snapshot appended there once read.
    """
    snapshots = {} if snapshots is None else snapshots
    for path in paths:
        with Input(path, snapshot=path in snapshots) as source:
            first = 1
            position = 0
            started: list[bytes] = []  # the start of a line the blocks so far have not ended
            held = 0  # its length
            for block in source.blocks(_CHUNK_BYTES):
                end = block.rfind(b"\n") + 1
                if not end:
                    started.append(block)  # a line longer than a block
                    held += len(block)
                    _check_length(held, max_record_bytes, source.name, first)
                    continue
                data = b"".join([*started, block[:end]])
                if max_record_bytes < _CHUNK_BYTES or held:
                    _check_lines(data, max_record_bytes, source.name, first)
                started = [block[end:]]
                held = len(started[0])
                now = source.position()
                yield _Chunk(source.name, first, data, max(now - position, 0))
                first += data.count(b"\n")
                position = now
            if rest := b"".join(started):
                _check_lines(rest, max_record_bytes, source.name, first)
                yield _Chunk(source.name, first, rest, max(source.position() - position, 0))
            if (snapshot := source.snapshot()) is not None:
                snapshots[path].append(snapshot)


def _check_lines(data: bytes, limit: int, name: str, first: int) -> None:
    """StreamError for the first line of ``data`` (whole lines) longer than ``limit`` bytes.

    Only the first can be when the limit is at least a block (the others fit in one).
    """
    lines = data.split(b"\n") if limit < _CHUNK_BYTES else data.split(b"\n", 1)[:1]
    for offset, line in enumerate(lines):
        _check_length(len(line.rstrip(b"\r")), limit, name, first + offset)


def _check_length(length: int, limit: int, name: str, line: int) -> None:
    if length > limit:
        raise line_too_long(name, line, limit)


@dataclass
class ChunkResult:
    """What became of a chunk's records: edits to its bytes, and what to report.

    Most records of a dataset come out as they went in, so a worker sends back
    only the byte ranges of the chunk that change (records cleaned, blank lines
    and skipped records dropped), not the chunk's whole output.
    """

    edits: list[tuple[int, int, bytes]] = field(default_factory=list)  # (start, end, new bytes)
    end: int | None = None  # --on-error fail met a bad record: the output stops at its start
    records: int = 0
    changed: int = 0
    # (0-based line within the chunk, an internal error?, message) of each bad record
    errors: list[tuple[int, bool, str]] = field(default_factory=list)

    def output(self, data: bytes) -> bytes:
        """The chunk's output: ``data`` with the edits made, up to ``end``."""
        if not self.edits:
            return data if self.end is None else data[: self.end]
        pieces: list[bytes] = []
        done = 0
        for start, end, new in self.edits:
            pieces += (data[done:start], new)
            done = end
        pieces.append(data[done : self.end])
        return b"".join(pieces)


def clean_chunk(data: bytes, options: RecordOptions, on_error: OnError) -> ChunkResult:
    """Clean every record of a block of lines: the unit of work of a worker process."""
    result = ChunkResult()
    start = 0
    for offset, line in enumerate(data.split(b"\n")):
        end = start + len(line) + 1  # past the line end
        if end > len(data):  # the last line: empty, unless the input ends without a line end
            if not line:
                break
            end = len(data)
        else:
            line += b"\n"
        outcome = clean_line(line, options)
        if outcome.status is not RecordStatus.BLANK:
            result.records += 1
        if outcome.status is RecordStatus.CHANGED:
            result.changed += 1
        elif outcome.status in (RecordStatus.ERROR, RecordStatus.INTERNAL):
            result.errors.append((offset, outcome.status is RecordStatus.INTERNAL, outcome.message or ""))
            if on_error is OnError.FAIL:
                result.end = start  # stdout gets what came before; a file nothing
                return result
        written = _written(line, outcome, on_error)
        if written is not line:
            result.edits.append((start, end, written))
        start = end
    return result


def _written(line: bytes, outcome: RecordOutcome, on_error: OnError) -> bytes:
    """What goes out for one line (the line itself, when it goes out as it came)."""
    if outcome.status is RecordStatus.BLANK:
        return b""
    if outcome.status in (RecordStatus.ERROR, RecordStatus.INTERNAL) and on_error is OnError.SKIP:
        return b""
    return outcome.data if outcome.data is not None else as_written(line)


def _cleaned(
    chunks: Iterator[_Chunk], options: RecordOptions, on_error: OnError, workers: int
) -> Iterator[tuple[_Chunk, ChunkResult]]:
    """Each chunk with its result, in input order, from ``workers`` processes.

    This process is one of them: it cleans a chunk itself whenever the others
    have enough waiting, rather than sitting idle beside them (and a worker
    process fewer means a start-up and a copy of every chunk fewer).
    """
    if workers <= 1:
        for chunk in chunks:
            yield chunk, clean_chunk(chunk.data, options, on_error)
        return
    from collections import deque

    from ..workers import WorkerPool

    others = workers - 1
    pending: deque[tuple[_Chunk, Task | ChunkResult]] = deque()
    with WorkerPool(others) as pool:
        for chunk in chunks:
            sent = sum(not _ready(work) for _, work in pending)
            if sent < others * _IN_FLIGHT_PER_WORKER:
                pending.append((chunk, pool.submit(clean_chunk, chunk.data, options, on_error)))
            else:
                pending.append((chunk, clean_chunk(chunk.data, options, on_error)))
            # Write what is ready; wait only when too much is held back.
            while pending and (len(pending) > 2 * workers * _IN_FLIGHT_PER_WORKER or _ready(pending[0][1])):
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _ready(work: Task | ChunkResult) -> bool:
    return isinstance(work, ChunkResult) or work.done()


def _result(item: tuple[_Chunk, Task | ChunkResult]) -> tuple[_Chunk, ChunkResult]:
    chunk, work = item
    return chunk, work if isinstance(work, ChunkResult) else work.result()


def clean_stream(
    paths: Sequence[str],
    output: str | None,
    options: RecordOptions,
    *,
    on_error: OnError = OnError.FAIL,
    workers: int = 1,
    emit: Callable[[str], None],
    progress: ReadProgress | None = None,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> tuple[ExitCode, Totals]:
    """Clean every record of ``paths`` (``-``: stdin) into ``output`` (None or ``-``: stdout).

    Bad records are reported through ``emit`` as ``PATH:LINE: what``. Raises
    StreamError for an input or output that cannot be used (nothing is left at
    ``output`` then either) and BrokenPipeError when stdout is closed.
    """
    check_inputs(paths)
    check_codecs([*paths, output or STDIO])
    totals = Totals()
    # Inputs that the output replaces: checked unchanged before it does (compare and swap).
    overwritten: dict[str, list[Snapshot]] = {path: [] for path in paths if same_file(path, output)}
    from ..workers import WorkerDied

    with Output(output) as out:
        try:
            for chunk, result in _cleaned(
                _chunks(paths, overwritten, max_record_bytes), options, on_error, workers
            ):
                totals.records += result.records
                totals.changed += result.changed
                totals.errors += len(result.errors)
                for offset, _, message in result.errors:
                    emit(f"{chunk.name}:{chunk.first + offset}: {message}")
                out.write(result.output(chunk.data))
                if result.end is not None:
                    internal = result.errors[-1][1]
                    return ExitCode.INTERNAL if internal else ExitCode.USAGE_OR_INPUT, totals
                if progress is not None:
                    progress(chunk.read, result.records)
        except WorkerDied:
            totals.worker_died = True  # the output file is not written
            return ExitCode.USAGE_OR_INPUT, totals
        out.commit(unchanged=[snapshot for taken in overwritten.values() for snapshot in taken])
    return ExitCode.OK, totals


def run_jsonl(
    paths: Sequence[str],
    output: str | None,
    fields: Sequence[str],
    findings_field: str | None,
    on_error: str,
    *,
    markdown: bool,
    config: Config,
    jobs: int | None,
    report_json: str | None,
    quiet: bool,
    color: bool,
    max_record_bytes: int | None = None,
) -> ExitCode:
    """The command: every record of ``paths`` cleaned into ``output``, errors per
    record on stderr, a progress bar on a terminal, a summary, ``--report-json``."""
    from ..records import DEFAULT_FIELD

    unique = tuple(dict.fromkeys(fields)) or (DEFAULT_FIELD,)
    options = RecordOptions(unique, config, markdown, findings_field)
    policy = OnError(on_error)
    workers = jobs if jobs is not None else default_workers(paths)
    clash = report_over_a_file({"--report-json": report_json}, {"input": paths, "output": [output or STDIO]})
    if clash is not None:
        click.echo(f"cleannews: error: {clash}", err=True)
        return ExitCode.USAGE_OR_INPUT
    emit, advance, finish = _jsonl_stderr(input_size(paths), quiet=quiet, color=color)
    try:
        status, totals = clean_stream(
            paths,
            output,
            options,
            on_error=policy,
            workers=workers,
            emit=lambda line: emit(line, "red"),
            progress=advance,
            max_record_bytes=max_record_bytes or MAX_RECORD_BYTES,
        )
    except StreamError as error:
        finish()
        click.echo(f"cleannews: error: {error}", err=True)
        return ExitCode.USAGE_OR_INPUT
    except BrokenPipeError:
        finish()
        silence_stdout()
        return ExitCode.OK
    finish()
    kept = f"; {output} was not written" if output not in (None, STDIO) else ""
    if totals.worker_died:
        from ..workers import WORKER_DIED

        click.echo(f"cleannews: error: {WORKER_DIED}{kept}", err=True)
    elif status is not ExitCode.OK:
        click.echo(
            f"cleannews: error: stopped at the first bad record{kept} "
            "(--on-error skip or keep goes on past bad records)",
            err=True,
        )
    if not quiet:
        click.echo(totals.line(policy), err=True)
    if report_json is not None:
        try:
            write_summary_json(report_json, totals, paths, output, completed=status is ExitCode.OK)
        except BrokenPipeError:
            pass  # (a report to a pipe whose reader has gone, as ``| head`` does: a normal ending)
        except OSError as error:
            click.echo(f"cleannews: error: cannot write {report_json}: {error.strerror or error}", err=True)
            status = max(status, ExitCode.USAGE_OR_INPUT)
    return status


def _jsonl_stderr(
    total: int | None, *, quiet: bool, color: bool
) -> tuple[Emit, Callable[[int, int], None] | None, Callable[[], None]]:
    """Print to stderr, through a progress bar on a terminal: bytes of the input
    when its size is known, records when it is a pipe."""
    emit, step, stop = stderr_lines(color, None if quiet else "bytes" if total else "records", total or None)
    if step is None:
        return emit, None, stop

    def advance(read: int, records: int) -> None:
        step(read if total else records)

    return emit, advance, stop


def write_summary_json(
    path: str, totals: Totals, paths: Sequence[str], output: str | None, completed: bool = True
) -> None:
    """``--report-json`` for a dataset: the totals, not the findings (those can be
    kept in the records with ``--findings-field``), and whether the run went to the
    end (False: it stopped at a bad record and ``output`` was not written)."""
    from .. import __version__
    from ..io.names import printable_name
    from ..report import json_text, write_report_file

    summary = {
        "inputs": [printable_name(path) for path in paths],
        "output": printable_name(output or STDIO),
        "completed": completed,
        **totals.to_dict(),
    }
    document = {"cleannews": __version__, "jsonl": summary}
    write_report_file(path, json_text(document, indent=2) + "\n")
