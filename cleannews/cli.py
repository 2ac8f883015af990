"""The ``cleannews`` command: a thin click adapter over the library."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .config import STEPS, Config
from .exit_codes import EXIT_CODES_HELP, ExitCode
from .files import STDIN, write_stdout
from .jobs import Job, Outcome, Status, default_jobs
from .report import FileReport

if TYPE_CHECKING:
    from .discovery import Target
    from .settings import Settings

# The choices of --format (as in settings.FORMATS, which is not imported for --help).
FORMATS = ("auto", "markdown", "text")
# The choices of --on-error (as in datasets.OnError, which is not imported for --help).
ON_ERROR = ("fail", "skip", "keep")

EPILOG = f"""\b
Examples:
  cat story.txt | cleannews > clean.txt
  cleannews story.txt > clean.txt
  cleannews -q a.txt b.txt > both.txt         # no report on stderr
  cleannews --in-place posts/                  # fix files (Markdown-aware for .md)
  cleannews --check posts/                     # exit 1 if any file would change
  cleannews --check --diff posts/a.md          # show what would change
  cleannews --report-json report.json story.txt
  cleannews --no-duplicates --no-stutters story.txt
  cleannews --duplicate-threshold 98 story.txt
  cleannews --jsonl data.jsonl > clean.jsonl   # clean the "text" field of each record
  cleannews --jsonl --field title --field body.text in.jsonl.gz -o out.jsonl.gz
  cleannews --jsonl --on-error skip --findings-field findings a.jsonl b.jsonl.zst -o out.jsonl

\b
Without --in-place, --check or --diff, clean text goes to stdout. Findings
(what was fixed, dropped or flagged) go to stderr, one per line when piped.
With --jsonl, each line is a JSON object whose --field strings are cleaned;
other fields are kept, and bad records are reported as PATH:LINE on stderr.
Settings are read from [tool.cleannews] in pyproject.toml or from
.cleannews.toml (the nearest one above the files); options override them.

\b
{EXIT_CODES_HELP}
"""


def _step_options(function: Any) -> Any:
    """One ``--no-<step>`` flag per pipeline step, named after its config field.

    Unset flags are None so that a configuration file can switch a step off.
    """
    for step, help_text in reversed(STEPS.items()):
        flag = "--no-" + step.replace("_", "-")
        function = click.option(flag, step, flag_value=False, default=None, help=help_text)(function)
    return function


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


def _check_report_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Fail before any cleaning when the report could not be written at the end."""
    if value is None:
        return None
    if value == "-":
        raise click.BadParameter("stdout carries the clean text; give a file path for the report")
    path = Path(value)
    folder = path.resolve().parent
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a directory")
    if not folder.is_dir():
        raise click.BadParameter(f"folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise click.BadParameter(f"{value!r} is not writable")
    return value


def _check_output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Fail before any cleaning when the output could not be put in place at the end."""
    if value is None or value == STDIN:
        return value
    path = Path(value)
    folder = path.resolve().parent
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a directory")
    if not folder.is_dir():
        raise click.BadParameter(f"folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise click.BadParameter(f"folder {str(folder)!r} is not writable")
    return value


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    return sys.stderr.isatty() and "NO_COLOR" not in os.environ


@click.command(
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(allow_dash=True))
@click.option("-i", "--in-place", is_flag=True, help="Write the clean text back into the files.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of what would change.")
@click.option(
    "--format",
    "text_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Parse input as Markdown or plain text.  [default: auto: Markdown for .md, .markdown, .mdx]",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Read settings from this TOML file instead of searching for one.",
)
@click.option(
    "--exclude",
    metavar="PATTERN",
    multiple=True,
    help="Skip paths matching this .gitignore-style pattern (repeatable; adds to the configured ones).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to use for many files.  [default: all cores when there is enough to do]",
)
@click.option(
    "--encoding",
    "input_encoding",
    metavar="NAME",
    callback=_check_encoding,
    help="Decode input with this encoding instead of UTF-8/detection.",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read JSON Lines (.gz, .zst too): clean string fields of each record, keep the rest.",
)
@click.option(
    "--field",
    "fields",
    metavar="NAME",
    multiple=True,
    help="With --jsonl: a string field to clean; body.text reaches into an object (repeatable).  "
    "[default: text]",
)
@click.option(
    "--findings-field",
    metavar="NAME",
    help="With --jsonl: add each record's findings as a list under NAME (at the end).",
)
@click.option(
    "--on-error",
    type=click.Choice(ON_ERROR),
    default=None,
    help="With --jsonl: on a bad record (invalid JSON, missing or non-string field) stop with exit 2, "
    "skip the record, or keep its line unchanged.  [default: fail]",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    callback=_check_output_path,
    help="With --jsonl: write to PATH instead of stdout, atomically, compressed for .gz/.zst.",
)
@_step_options
@click.option(
    "--duplicate-threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help=f"Similarity (0-100) at which a paragraph is dropped as a duplicate.  "
    f"[default: {Config.duplicate_threshold:g}]",
)
@click.option(
    "--flag-threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help=f"Similarity (0-100) at which a pair is reported but kept.  [default: "
    f"{Config.flag_threshold:g}, or the duplicate threshold if lower]",
)
@click.option(
    "--report-json",
    metavar="PATH",
    callback=_check_report_path,
    help="Write all findings as JSON to PATH (stdout carries the clean text).",
)
@click.option(
    "--removals",
    metavar="PATH",
    callback=_check_report_path,
    help="Write every removed block as JSON lines {file, line, duplicate_of, text} "
    "(the format of mdcheck's --removals).",
)
@click.option("-q", "--quiet", is_flag=True, help="Report nothing on stderr except errors.")
@click.option("-v", "--verbose", is_flag=True, help="List whitespace and entity fixes line by line.")
@click.option("--color/--no-color", default=None, help="Colour the report (default: only on a terminal).")
# The version is given, not looked up: importlib.metadata costs 15 ms at every start.
@click.version_option(__version__, prog_name="cleannews", message="%(prog)s %(version)s")
def main(
    paths: tuple[str, ...],
    in_place: bool,
    check: bool,
    show_diff: bool,
    text_format: str | None,
    config_path: str | None,
    exclude: tuple[str, ...],
    jobs: int | None,
    input_encoding: str | None,
    jsonl: bool,
    fields: tuple[str, ...],
    findings_field: str | None,
    on_error: str | None,
    output: str | None,
    report_json: str | None,
    removals: str | None,
    quiet: bool,
    verbose: bool,
    color: bool | None,
    **options: Any,
) -> None:
    """Clean scraped news text: repair encoding, normalise whitespace, and drop
    repeated headlines, captions and duplicated paragraphs.

    Reads each PATH (or stdin when PATH is omitted or is -) and writes the
    clean text to stdout, or with --in-place back into the files. Folders are
    searched for Markdown and text files.
    """
    if in_place and check:
        raise click.UsageError("--in-place and --check cannot be used together (--check writes nothing)")
    if jsonl:
        _check_jsonl_usage(
            fields,
            findings_field,
            {
                "--in-place": in_place,
                "--check": check,
                "--diff": show_diff,
                "--removals": removals,
                "--encoding": input_encoding,
                "--exclude": exclude,
            },
        )
    else:
        given = {
            "--field": fields,
            "--findings-field": findings_field,
            "--on-error": on_error,
            "--output": output,
        }
        names = ", ".join(name for name, value in given.items() if value not in (None, ()))
        if names:
            raise click.UsageError(f"{names}: only with --jsonl (JSON Lines input)")
    from .discovery import Target, is_markdown, iter_files

    file_mode = in_place or check or show_diff
    if (in_place and STDIN in paths) or (in_place and not paths):
        raise click.UsageError("--in-place needs file or folder paths; stdin cannot be written back")
    settings = _settings(config_path, paths, exclude)
    if (
        file_mode
        and options["paragraph_breaks"] is None
        and "paragraph_breaks" not in settings.config_overrides
    ):
        # A file in a repository keeps the layout it was written with.
        options["paragraph_breaks"] = False
    config = _config(settings, options)
    fmt = text_format or settings.format
    if jsonl:
        status = _run_jsonl(
            paths or (STDIN,),
            output,
            fields,
            findings_field,
            on_error or "fail",
            markdown=fmt == "markdown",  # auto: a record's text is not a .md file
            config=config,
            jobs=jobs,
            report_json=report_json,
            quiet=quiet,
            color=_use_color(color),
        )
        sys.exit(status)
    if file_mode:
        targets = list(iter_files(paths or (STDIN,), settings))
    else:
        targets = [Target(path) for path in paths or (STDIN,)]
    work = [
        Job(
            t.path, config, is_markdown(t.path, fmt), input_encoding, in_place, show_diff, _is_named(t, paths)
        )
        for t in targets
        if t.skip_reason is None
    ]
    missing = [t for t in targets if t.skip_reason is not None]
    workers = jobs if jobs is not None else default_jobs(work)
    use_color = _use_color(color)
    if file_mode:
        status, reports = _run_file_mode(
            work,
            missing,
            workers,
            check=check,
            in_place=in_place,
            quiet=quiet,
            verbose=verbose,
            color=use_color,
        )
    else:
        status, reports = _run_stdout_mode(work, workers, quiet=quiet, verbose=verbose, color=use_color)
    from .report import write_json, write_removals

    for destination, writer in ((report_json, write_json), (removals, write_removals)):
        if destination is None:
            continue
        try:
            writer(reports, destination, roots=paths)
        except OSError as error:
            click.echo(f"cleannews: error: cannot write {destination}: {error.strerror}", err=True)
            status = max(status, ExitCode.USAGE_OR_INPUT)
    sys.exit(status)


def _check_jsonl_usage(fields: Sequence[str], findings_field: str | None, excluded: dict[str, Any]) -> None:
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


def _run_jsonl(
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
) -> ExitCode:
    """--jsonl: errors per record on stderr, a progress bar on a terminal, a summary."""
    from .datasets import OnError, default_workers, run_jsonl, write_summary_json
    from .records import DEFAULT_FIELD, RecordOptions
    from .streams import StreamError, input_size

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
        )
    except StreamError as error:
        finish()
        click.echo(f"cleannews: error: {error}", err=True)
        return ExitCode.USAGE_OR_INPUT
    except BrokenPipeError:
        finish()
        _silence_stdout()
        return ExitCode.OK
    finish()
    if status is not ExitCode.OK:
        kept = f"; {output} was not written" if output not in (None, STDIN) else ""
        click.echo(
            f"cleannews: error: stopped at the first bad record{kept} "
            "(--on-error skip or keep goes on past bad records)",
            err=True,
        )
    if not quiet:
        click.echo(totals.line(policy), err=True)
    if report_json is not None:
        try:
            write_summary_json(report_json, totals, paths, output)
        except OSError as error:
            click.echo(f"cleannews: error: cannot write {report_json}: {error.strerror}", err=True)
            status = max(status, ExitCode.USAGE_OR_INPUT)
    return status


def _jsonl_stderr(
    total: int | None, *, quiet: bool, color: bool
) -> tuple[Callable[[str, str | None], None], Callable[[int, int], None] | None, Callable[[], None]]:
    """Print to stderr, through a progress bar on a terminal: bytes of the input
    when its size is known, records when it is a pipe."""
    if quiet or not sys.stderr.isatty():

        def echo(line: str, colour: str | None) -> None:
            if colour and color:
                line = click.style(line, fg=colour)
            click.echo(line, err=True)

        return echo, None, lambda: None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )
    from rich.text import Text

    console = Console(stderr=True, color_system="auto" if color else None, highlight=False)
    columns: list[ProgressColumn] = [TextColumn("cleaning")]
    if total:
        columns += [BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed:,.0f} records"), TimeElapsedColumn()]
    progress = Progress(*columns, console=console, transient=True)
    task = progress.add_task("cleaning", total=total or None)
    progress.start()

    def emit(line: str, colour: str | None) -> None:
        # Styled as a Text, not with print(style=): that would colour the bar too.
        console.print(Text(line, style=colour if color and colour else ""))

    def advance(read: int, records: int) -> None:
        progress.advance(task, read if total else records)

    return emit, advance, progress.stop


def _is_named(target: Target, paths: Sequence[str]) -> bool:
    return target.path in paths or not paths


def _settings(config_path: str | None, paths: Sequence[str], exclude: Sequence[str]) -> Settings:
    from .settings import SettingsError, find_config_file, load_settings

    try:
        if config_path is not None:
            settings = load_settings(Path(config_path))
        else:
            settings = load_settings(find_config_file(_common_folder(paths)))
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    if exclude:
        settings = replace(settings, exclude=settings.exclude + tuple(exclude))
    return settings


def _common_folder(paths: Sequence[str]) -> Path:
    """Where to start looking for settings: the folder holding all the paths."""
    real = [str(Path(p).absolute()) for p in paths if p != STDIN]
    if not real:
        return Path.cwd()
    try:
        common = Path(os.path.commonpath(real))
    except ValueError:  # different drives on Windows
        return Path.cwd()
    return common if common.is_dir() else common.parent


def _config(settings: Settings, options: dict[str, Any]) -> Config:
    """File settings, then command-line options on top."""
    from .settings import SettingsError

    given = {name: value for name, value in options.items() if value is not None}
    if "duplicate_threshold" in given and "flag_threshold" not in given:
        file_flag = settings.config_overrides.get("flag_threshold", Config.flag_threshold)
        given["flag_threshold"] = min(file_flag, given["duplicate_threshold"])
    # (A file's duplicate threshold lowers the flag threshold in settings.config.)
    try:
        return settings.config(**given)
    except SettingsError as error:
        message = str(error).replace("flag_threshold", "--flag-threshold")
        raise click.UsageError(message.replace("duplicate_threshold", "--duplicate-threshold")) from None


def _run_stdout_mode(
    work: list[Job], workers: int, *, quiet: bool, verbose: bool, color: bool
) -> tuple[ExitCode, list[FileReport]]:
    from .jobs import run_jobs

    status = ExitCode.OK
    reports = []
    wrote_any = False
    for outcome in run_jobs(work, workers):
        if outcome.text:
            # A blank line between files keeps the concatenation itself clean.
            _write_output("\n" + outcome.text if wrote_any else outcome.text)
            wrote_any = True
        reports.append(outcome.report)
        status = max(status, _exit_code(outcome, changes_fail=False))
    _report(reports, quiet=quiet, verbose=verbose, color=color)
    return status, reports


def _exit_code(outcome: Outcome, *, changes_fail: bool) -> ExitCode:
    if outcome.status is Status.INTERNAL:
        return ExitCode.INTERNAL
    if outcome.status is Status.ERROR:
        return ExitCode.USAGE_OR_INPUT
    if outcome.status is Status.CHANGED and changes_fail:
        return ExitCode.CHANGED
    return ExitCode.OK


def _run_file_mode(
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
    from .jobs import run_jobs
    from .report import Summary, plain_lines

    status = ExitCode.OK
    summary = Summary(would=not in_place)
    reports: list[FileReport] = []
    emit, advance, finish = _stderr_writer(len(work), quiet=quiet, color=color)
    for target in missing:
        emit(f"cleannews: error: {target.path}: {target.skip_reason}", "red")
        summary.errors += 1
        status = ExitCode.USAGE_OR_INPUT
    diff_colour = sys.stdout.isatty() and color is not False and "NO_COLOR" not in os.environ
    try:
        for outcome in run_jobs(work, workers, advance):
            report = outcome.report
            reports.append(report)
            status = max(status, _exit_code(outcome, changes_fail=check or in_place))
            summary.count(outcome.status)
            if outcome.diff:
                from .diffs import colour_diff

                _write_output(colour_diff(outcome.diff) if diff_colour else outcome.diff)
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
) -> tuple[Callable[[str, str | None], None], Callable[[], None] | None, Callable[[], None]]:
    """Print to stderr, through a progress bar on a terminal when there are many files."""
    if quiet or total < _PROGRESS_MIN_FILES or not sys.stderr.isatty():

        def echo(line: str, colour: str | None) -> None:
            if colour and color:
                line = click.style(line, fg=colour)
            click.echo(line, err=True)

        return echo, None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, color_system="auto" if color else None, highlight=False)
    progress = Progress(console=console, transient=True)
    task = progress.add_task("cleaning", total=total)
    progress.start()

    def emit(line: str, colour: str | None) -> None:
        from rich.text import Text

        # A Text carries its own style; print(style=) would also colour the bar.
        console.print(Text(line, style=(colour or "") if color else ""))

    return emit, lambda: progress.advance(task), progress.stop


# Fewer files than this finish before a progress bar would be useful.
_PROGRESS_MIN_FILES = 20


def _write_output(text: str) -> None:
    """Write clean text to stdout; a closed pipe (``| head``) ends the run quietly."""
    try:
        write_stdout(text)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as error:
        click.echo(f"cleannews: error: cannot write the output: {error.strerror}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)


def _silence_stdout() -> None:
    """After a closed pipe: keep Python from complaining again when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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
