"""The ``cleannews`` command: a thin click adapter over the library."""

from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path
from typing import Any

import click

from .config import STEPS, Config
from .exit_codes import EXIT_CODES_HELP, ExitCode
from .files import STDIN, InputError, display_name, read_text, write_stdout
from .report import FileReport

EPILOG = f"""\b
Examples:
  cat story.txt | cleannews > clean.txt
  cleannews story.txt > clean.txt
  cleannews -q a.txt b.txt > both.txt         # no report on stderr
  cleannews --report-json report.json story.txt
  cleannews --no-duplicates --no-stutters story.txt
  cleannews --duplicate-threshold 98 story.txt

\b
Clean text goes to stdout; findings (what was fixed, dropped or flagged)
go to stderr, one per line when piped.

\b
{EXIT_CODES_HELP}
"""


def _step_options(function: Any) -> Any:
    """One ``--no-<step>`` flag per pipeline step, named after its config field."""
    for step, help_text in reversed(STEPS.items()):
        flag = "--no-" + step.replace("_", "-")
        function = click.option(flag, step, flag_value=False, default=True, help=help_text)(function)
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


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    return sys.stderr.isatty() and "NO_COLOR" not in os.environ


@click.command(
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(allow_dash=True))
@click.option(
    "--encoding",
    "input_encoding",
    metavar="NAME",
    callback=_check_encoding,
    help="Decode input with this encoding instead of UTF-8/detection.",
)
@_step_options
@click.option(
    "--duplicate-threshold",
    type=click.FloatRange(0, 100),
    default=Config.duplicate_threshold,
    show_default=True,
    help="Similarity (0-100) at which a paragraph is dropped as a duplicate.",
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
@click.option("-q", "--quiet", is_flag=True, help="Report nothing on stderr except errors.")
@click.option("-v", "--verbose", is_flag=True, help="List whitespace and entity fixes line by line.")
@click.option("--color/--no-color", default=None, help="Colour the report (default: only on a terminal).")
@click.version_option(package_name="cleannews", prog_name="cleannews", message="%(prog)s %(version)s")
def main(
    files: tuple[str, ...],
    input_encoding: str | None,
    report_json: str | None,
    quiet: bool,
    verbose: bool,
    color: bool | None,
    **settings: Any,
) -> None:
    """Clean scraped news text: repair encoding, normalise whitespace, and drop
    repeated headlines, captions and duplicated paragraphs.

    Reads each FILE (or stdin when FILE is omitted or is -) and writes the
    clean text to stdout.
    """
    if settings["flag_threshold"] is None:
        settings["flag_threshold"] = min(Config.flag_threshold, settings["duplicate_threshold"])
    try:
        config = Config(**settings)
    except ValueError as error:
        message = str(error).replace("flag_threshold", "--flag-threshold")
        raise click.UsageError(message.replace("duplicate_threshold", "--duplicate-threshold")) from None
    reports = []
    status = ExitCode.OK
    wrote_any = False
    for path in files or (STDIN,):
        report, code, text = _clean_one(path, config, input_encoding)
        if text:
            # A blank line between files keeps the concatenation itself clean.
            _write_output("\n" + text if wrote_any else text)
            wrote_any = True
        reports.append(report)
        status = max(status, code)
    _report(reports, quiet=quiet, verbose=verbose, color=_use_color(color))
    if report_json:
        from .report import write_json

        try:
            write_json(reports, report_json)
        except OSError as error:
            click.echo(f"cleannews: error: cannot write {report_json}: {error.strerror}", err=True)
            status = max(status, ExitCode.USAGE_OR_INPUT)
    sys.exit(status)


def _write_output(text: str) -> None:
    """Write clean text to stdout; a closed pipe (``| head``) ends the run quietly."""
    try:
        write_stdout(text)
    except BrokenPipeError:
        # Keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.OK)
    except OSError as error:
        click.echo(f"cleannews: error: cannot write the output: {error.strerror}", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)


def _clean_one(path: str, config: Config, encoding: str | None) -> tuple[FileReport, ExitCode, str]:
    """Clean one input; its report, exit code and clean text ("" when none)."""
    from .pipeline import clean_and_explain

    name = display_name(path)
    report = FileReport(name)
    try:
        decoded = read_text(path, encoding)
    except InputError as error:
        report.error = str(error)
        return report, ExitCode.USAGE_OR_INPUT, ""
    report.encoding = decoded.encoding
    if decoded.warning:
        report.warnings.append(decoded.warning)
    if not decoded.text.strip():
        report.warnings.append("empty input; nothing to clean")
        return report, ExitCode.OK, ""
    try:
        result = clean_and_explain(decoded.text, config)
    except Exception as error:
        report.error = (
            f"internal error: {type(error).__name__}: {error}; nothing was written. Please report this."
        )
        return report, ExitCode.INTERNAL, ""
    report.findings = result.findings
    report.changed = result.changed
    return report, ExitCode.OK, result.text


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
