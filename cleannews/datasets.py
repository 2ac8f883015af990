"""``cleannews --jsonl``: JSON Lines datasets cleaned as a stream, on one core or many.

Lines are read and cleaned in chunks. With several workers at most two chunks
per worker are in flight and results are written in input order, so memory
stays flat whatever the size of the input and the output is the same bytes
whatever the number of workers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from .exit_codes import ExitCode
from .records import Outcome, RecordOptions, Status, as_written, clean_lines
from .streams import Input, Output, check_codecs, check_inputs, input_size

# A chunk ends at whichever comes first: enough lines to make sending them to a
# worker worth it, or enough bytes that a chunk of long articles stays small.
_CHUNK_LINES = 500
_CHUNK_BYTES = 1 << 20
# Chunks in flight per worker: one being cleaned, one waiting, so no worker idles.
_IN_FLIGHT_PER_WORKER = 2
# Below this much input, starting worker processes costs more than it saves.
_PARALLEL_MIN_BYTES = 4 << 20

Emit = Callable[[str], None]
Progress = Callable[[int, int], None]  # (stored bytes read, records), both since the last call


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
    size = input_size(paths)
    if size is not None and size >= _PARALLEL_MIN_BYTES:
        return os.cpu_count() or 1
    return 1


@dataclass
class _Chunk:
    name: str  # the input, for messages
    first: int  # 1-based line number of lines[0] in that input
    lines: list[bytes]
    read: int  # stored bytes consumed since the previous chunk (for progress)


def _chunks(paths: Sequence[str]) -> Iterator[_Chunk]:
    """The inputs' lines in order, in chunks that never span two inputs."""
    for path in paths:
        with Input(path) as source:
            lines: list[bytes] = []
            size = position = 0
            first = 1
            for number, line in enumerate(source.lines(), 1):
                lines.append(line)
                size += len(line)
                if len(lines) >= _CHUNK_LINES or size >= _CHUNK_BYTES:
                    now = source.position()
                    yield _Chunk(source.name, first, lines, max(now - position, 0))
                    lines, size, first, position = [], 0, number + 1, now
            if lines:
                yield _Chunk(source.name, first, lines, max(source.position() - position, 0))


def _cleaned(
    chunks: Iterator[_Chunk], options: RecordOptions, workers: int
) -> Iterator[tuple[_Chunk, list[Outcome]]]:
    """Each chunk with its outcomes, in input order."""
    if workers <= 1:
        for chunk in chunks:
            yield chunk, clean_lines(chunk.lines, options)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[tuple[_Chunk, Future[list[Outcome]]]] = deque()
    from .jobs import quiet_worker

    with ProcessPoolExecutor(max_workers=workers, initializer=quiet_worker) as pool:
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(clean_lines, chunk.lines, options)))
                if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        finally:
            # Stopped early (--on-error fail, a read error): drop the work not started.
            pool.shutdown(wait=True, cancel_futures=True)


def run_jsonl(
    paths: Sequence[str],
    output: str | None,
    options: RecordOptions,
    *,
    on_error: OnError = OnError.FAIL,
    workers: int = 1,
    emit: Emit,
    progress: Progress | None = None,
) -> tuple[ExitCode, Totals]:
    """Clean every record of ``paths`` (``-``: stdin) into ``output`` (None or ``-``: stdout).

    Bad records are reported through ``emit`` as ``PATH:LINE: what``. Raises
    StreamError for an input or output that cannot be used (nothing is left at
    ``output`` then either) and BrokenPipeError when stdout is closed.
    """
    check_inputs(paths)
    check_codecs([*paths, output or "-"])
    totals = Totals()
    with Output(output) as out:
        for chunk, outcomes in _cleaned(_chunks(paths), options, workers):
            parts: list[bytes] = []
            records = totals.records
            for offset, (line, outcome) in enumerate(zip(chunk.lines, outcomes, strict=True)):
                if outcome.status is Status.BLANK:
                    continue
                totals.records += 1
                if outcome.status is Status.CHANGED:
                    totals.changed += 1
                elif outcome.status in (Status.ERROR, Status.INTERNAL):
                    totals.errors += 1
                    emit(f"{chunk.name}:{chunk.first + offset}: {outcome.message}")
                    if on_error is OnError.FAIL:
                        out.write(b"".join(parts))  # stdout gets what came before; a file nothing
                        internal = outcome.status is Status.INTERNAL
                        return ExitCode.INTERNAL if internal else ExitCode.USAGE_OR_INPUT, totals
                    if on_error is OnError.SKIP:
                        continue
                parts.append(outcome.data if outcome.data is not None else as_written(line))
            out.write(b"".join(parts))
            if progress is not None:
                progress(chunk.read, totals.records - records)
        out.commit()
    return ExitCode.OK, totals


def write_summary_json(
    path: str, totals: Totals, paths: Sequence[str], output: str | None, completed: bool = True
) -> None:
    """``--report-json`` for a dataset: the totals, not the findings (those can be
    kept in the records with ``--findings-field``), and whether the run went to the
    end (False: it stopped at a bad record and ``output`` was not written)."""
    from . import __version__

    summary = {"inputs": list(paths), "output": output or "-", "completed": completed, **totals.to_dict()}
    document = {"cleannews": __version__, "jsonl": summary}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
