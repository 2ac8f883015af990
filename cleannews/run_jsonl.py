"""Running the cleaner over JSON Lines (--jsonl): option checks, the run, errors
per record, a progress bar on a terminal and a summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from .config import Config
from .exit_codes import ExitCode
from .io.console import Emit, silence_stdout, stderr_lines
from .io.names import STDIO


def check_jsonl_usage(fields: Sequence[str], findings_field: str | None, excluded: dict[str, Any]) -> None:
    from .records import check_field_path

    given = [name for name, value in excluded.items() if value]
    if given:
        raise click.UsageError(
            f"--jsonl cannot be used with {', '.join(given)}: it reads JSON Lines (UTF-8) and writes "
            "them to stdout or -o PATH"
        )
    for path in fields:
        problem = check_field_path(path)
        if problem:
            raise click.UsageError(f"--field {problem}")
    if findings_field is not None:
        if not findings_field:
            raise click.UsageError("--findings-field needs a name")
        clash = [f for f in fields or ("text",) if f == findings_field or f.startswith(findings_field + ".")]
        if clash:
            raise click.UsageError(
                f"--findings-field {findings_field!r} would overwrite --field {clash[0]!r}; "
                "choose another name"
            )


def run_jsonl_command(
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
    """--jsonl: errors per record on stderr, a progress bar on a terminal, a summary."""
    from .datasets import OnError, default_workers, run_jsonl, write_summary_json
    from .io.streams import MAX_RECORD_BYTES, StreamError, input_size
    from .records import DEFAULT_FIELD, RecordOptions

    unique = tuple(dict.fromkeys(fields)) or (DEFAULT_FIELD,)
    options = RecordOptions(unique, config, markdown, findings_field)
    policy = OnError(on_error)
    workers = jobs if jobs is not None else default_workers(paths)
    emit, advance, finish = _jsonl_stderr(input_size(paths), quiet=quiet, color=color)
    try:
        status, totals = run_jsonl(
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
        from .workers import WORKER_DIED

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
