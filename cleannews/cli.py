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
from .config import STEPS, Config, with_flag_threshold
from .exit_codes import EXIT_CODES_HELP, ExitCode
from .io.names import STDIO

if TYPE_CHECKING:
    from .settings import Settings

# The choices of --format (as in settings.FORMATS, which is not imported for --help).
FORMATS = ("auto", "markdown", "text")
# The choices of --on-error (as in commands.jsonl.OnError, which is not imported for --help).
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
Near-duplicates across documents: cleannews dedup --help.

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
    if value == STDIO:
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


def check_output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Fail before any cleaning when the output could not be put in place at the end."""
    from .io.streams import output_path_problem

    if value is not None and (problem := output_path_problem(value)) is not None:
        raise click.BadParameter(problem)
    return value


def _check_jsonl_usage(fields: Sequence[str], findings_field: str | None, excluded: dict[str, Any]) -> None:
    """Options that --jsonl cannot take, and field names that cannot work, as usage errors."""
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


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    from .io.console import colour_wanted

    return colour_wanted(sys.stderr)


def record_limit_option(start: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--max-record-bytes`` as the cleaning command and ``dedup`` both take it."""
    return click.option(
        "--max-record-bytes",
        type=click.IntRange(min=1),
        default=None,
        metavar="BYTES",
        help=f"{start} line (decompressed) read as a record; a longer one stops the run with exit 2 "
        # (io.streams.MAX_RECORD_BYTES, written out: --help imports no I/O module)
        "instead of filling memory.  [default: 67108864 (64 MiB)]",
    )


@click.command(
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(allow_dash=True, readable=False))
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
    help="Processes cleaning at once, for many files or a JSON Lines stream."
    "  [default: all cores when there is enough to do]",
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
    help="Read JSON Lines (.gz, .bz2, .xz, .zst too): clean string fields of each record, keep the rest.",
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
    callback=check_output_path,
    help="With --jsonl: write to PATH instead of stdout, atomically, compressed for .gz/.bz2/.xz/.zst.",
)
@record_limit_option("With --jsonl: the longest")
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
    max_record_bytes: int | None,
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
    clean text to stdout, or with --in-place back into the files. With
    --in-place, --check or --diff, folders are searched for Markdown and text
    files.
    """
    _stop_cleanly_on_signals()
    if in_place and check:
        raise click.UsageError("--in-place and --check cannot be used together (--check writes nothing)")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
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
            "--max-record-bytes": max_record_bytes,
        }
        names = ", ".join(name for name, value in given.items() if value not in (None, ()))
        if names:
            raise click.UsageError(f"{names}: only with --jsonl (JSON Lines input)")
    file_mode = in_place or check or show_diff
    if (in_place and STDIO in paths) or (in_place and not paths):
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
        from .commands.jsonl import run_jsonl

        status = run_jsonl(
            paths or (STDIO,),
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
            max_record_bytes=max_record_bytes,
        )
        sys.exit(status)
    from .commands.files import run_files

    status = run_files(
        paths,
        settings,
        config,
        text_format=fmt,
        encoding=input_encoding,
        in_place=in_place,
        check=check,
        diff=show_diff,
        jobs=jobs,
        report_json=report_json,
        removals=removals,
        quiet=quiet,
        verbose=verbose,
        color=_use_color(color),
    )
    sys.exit(status)


def entry() -> None:
    """The console script: ``cleannews dedup ...`` runs the dedup command, anything else cleans.

    A file named ``dedup`` is cleaned as ``./dedup``.
    """
    if sys.argv[1:2] == ["dedup"]:
        from .cli_dedup import dedup

        _stop_cleanly_on_signals()
        dedup(args=sys.argv[2:], prog_name="cleannews dedup")
    main(prog_name="cleannews")


def _stop_cleanly_on_signals() -> None:
    """Ctrl-C and SIGTERM end the run through SystemExit, so that every ``finally``
    runs: a temporary output file is removed and worker processes are shut down
    instead of being left behind (click would also turn Ctrl-C into exit 1,
    which means "files changed" here)."""
    import signal

    def stop(number: int, frame: object) -> None:
        code, what = (
            (ExitCode.INTERRUPTED, "interrupted")
            if number == signal.SIGINT
            else (ExitCode.TERMINATED, "terminated")
        )
        # Further signals while cleaning up are ignored: the cleanup must finish.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        click.echo(f"cleannews: {what}", err=True)
        raise SystemExit(code)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


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
    real = [str(Path(p).absolute()) for p in paths if p != STDIO]
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
    try:
        # Layered: a duplicate threshold given here lowers the file's flag threshold.
        return settings.config(**with_flag_threshold(settings.config_overrides, given))
    except SettingsError as error:
        message = str(error).replace("flag_threshold", "--flag-threshold")
        raise click.UsageError(message.replace("duplicate_threshold", "--duplicate-threshold")) from None
