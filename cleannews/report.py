"""Findings for people (stderr) and for machines (JSON)."""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from . import steps
from .model import Action, Finding

_PLAIN_COLOURS = {"dropped": "red", "flagged": "yellow", "fixed": "green", "warning": "yellow"}


@dataclass
class FileReport:
    path: str
    findings: Sequence[Finding] = ()
    changed: bool = False
    encoding: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "changed": self.changed,
            "encoding": self.encoding,
            "error": self.error,
            "warnings": self.warnings,
            "findings": [f.to_dict() for f in self.findings],
        }


# How much of a removed line the plain report quotes: enough to recognise it.
_QUOTED = 60


def _quoted(text: str) -> str:
    """A removed text on one line, cut after its first words when long; characters
    a terminal shows as nothing (an icon font's private-use glyph, a control or
    format character) are spelled as escapes.

    >>> _quoted("Storm hits coast | BBC News"), _quoted("\\ue071")
    ('"Storm hits coast | BBC News"', '"\\\\ue071"')
    """
    flat = " ".join(text.split())
    if len(flat) > _QUOTED:
        flat = flat[: _QUOTED - 1].rstrip() + "…"
    return '"' + "".join(_visible(c) for c in flat) + '"'


def _visible(character: str) -> str:
    if unicodedata.category(character) in ("Co", "Cc", "Cf", "Cs"):
        return character.encode("unicode_escape", "backslashreplace").decode("ascii")
    return character


def _describe(finding: Finding) -> str:
    detail = finding.message
    if finding.duplicate_of is not None and finding.action is Action.DROPPED:
        if finding.removed is not None:
            detail += f": {_quoted(finding.removed)}"
        detail += f" (copy of line {finding.duplicate_of}"
        detail += f", score {finding.score:g})" if finding.score is not None else ")"
    elif finding.score is not None:
        detail += f" (score {finding.score:g})"
    return detail


def _shown(findings: Iterable[Finding], verbose: bool) -> tuple[list[Finding], Counter[str]]:
    shown, counted = [], Counter[str]()
    for finding in findings:
        # Routine fixes happen on most lines of scraped text; listed one by one they
        # would bury the findings that matter, so they are counted unless verbose.
        if not verbose and finding.rule in steps.REGISTRY.routine:
            counted[finding.rule] += 1
        else:
            shown.append(finding)
    return shown, counted


def plain_lines(report: FileReport, verbose: bool = False, count_routine: bool = True) -> list[str]:
    """One line per finding, ``path:line: rule action: detail`` (grep- and editor-friendly).

    Routine fixes are counted per file unless ``count_routine`` is off (file
    modes, where "Fixed path" already says that something changed).
    """
    shown, counted = _shown(report.findings, verbose)
    lines = [f"{report.path}: warning: {w}" for w in report.warnings]
    lines += [f"{report.path}:{f.line}: {f.rule} {f.action.value}: {_describe(f)}" for f in shown]
    if not count_routine:
        return lines
    lines += [
        f"{report.path}: {rule} fixed on {count} line{'s' * (count != 1)}"
        for rule, count in sorted(counted.items())
    ]
    return lines


def write_plain(
    reports: Iterable[FileReport], stream: IO[str], verbose: bool = False, color: bool = False
) -> None:
    for report in reports:
        for line in plain_lines(report, verbose):
            colour = _PLAIN_COLOURS.get(line.split(": ", 2)[1].split()[-1]) if color else None
            if colour:
                import click

                line = click.style(line, fg=colour)
            print(line, file=stream)


def write_rich(reports: Iterable[FileReport], stream: IO[str], verbose: bool, color: bool) -> None:
    """A compact table per file, for people reading at a terminal."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, color_system="auto" if color else None, highlight=False)
    styles = {Action.DROPPED: "red", Action.FLAGGED: "yellow", Action.FIXED: "green"}
    for report in reports:
        for warning in report.warnings:
            console.print(f"[yellow]warning[/]: {report.path}: {warning}")
        shown, counted = _shown(report.findings, verbose)
        if not shown and not counted:
            continue
        table = Table(title=report.path, title_justify="left", box=None, pad_edge=False)
        table.add_column("line", justify="right", style="dim")
        table.add_column("rule")
        table.add_column("action")
        table.add_column("detail", overflow="fold")
        for f in shown:
            action = styles[f.action]
            table.add_row(str(f.line), f.rule, f"[{action}]{f.action.value}[/]", _describe(f))
        for rule, count in sorted(counted.items()):
            table.add_row("", rule, "[green]fixed[/]", f"{count} line{'s' * (count != 1)}")
        console.print(table)


@dataclass
class Summary:
    """The closing line of a run over files: "2 files fixed, 148 unchanged, 1 skipped"."""

    would: bool = False  # --check/--diff: nothing is written
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0

    def count(self, status: Any) -> None:
        name = status.value
        if name == "changed":
            self.changed += 1
        elif name == "unchanged":
            self.unchanged += 1
        elif name == "skipped":
            self.skipped += 1
        else:
            self.errors += 1

    def line(self) -> str:
        """
        >>> Summary(changed=1, unchanged=3, skipped=1).line()
        '1 file fixed, 3 unchanged, 1 skipped'
        >>> Summary(would=True, changed=2, errors=1).line()
        '2 files would be fixed, 0 unchanged, 1 error'
        """
        files = "file" if self.changed == 1 else "files"
        parts = [f"{self.changed} {files} {'would be fixed' if self.would else 'fixed'}"]
        parts.append(f"{self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.errors:
            parts.append(f"{self.errors} error{'s' * (self.errors != 1)}")
        return ", ".join(parts)


def write_removals(reports: Sequence[FileReport], path: str, roots: Sequence[str] = ()) -> None:
    """One JSON object per removed block, its file named relative to the folder
    given on the command line, so that ``mdcheck.py --removals`` can account for
    the removals when it compares a copy of the folder with the cleaned one."""
    lines = []
    for report in reports:
        name = relative_to_roots(report.path, roots)
        for finding in report.findings:
            if finding.action is Action.DROPPED:
                record = {
                    "file": name,
                    "line": finding.line,
                    "duplicate_of": finding.duplicate_of,
                    "text": finding.removed,
                }
                lines.append(json_text(record) + "\n")
    write_report_file(path, "".join(lines))


def relative_to_roots(path: str, roots: Sequence[str]) -> str:
    """``path`` relative to the first folder in ``roots`` that holds it.

    >>> relative_to_roots("site/posts/a.md", ["other", "site/"])
    'posts/a.md'
    """
    for root in roots:
        prefix = root.rstrip("/" + os.sep) + os.sep
        if path.startswith(prefix):
            return path[len(prefix) :]
    return path


def write_json(reports: Sequence[FileReport], path: str, roots: Sequence[str] = ()) -> None:
    from . import __version__

    document = {"cleannews": __version__, "files": [r.to_dict() for r in reports]}
    write_report_file(path, json_text(document, indent=2) + "\n")


def json_text(value: object, indent: int | None = None) -> str:
    """JSON with non-ASCII text as it is, unless something cannot be UTF-8 (a lone
    surrogate): then all of it ``\\u``-escaped, still valid JSON."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, indent=indent)
    return text


def write_report_file(path: str, text: str) -> None:
    """Write a report whole or not at all (a temporary file renamed over ``path``):
    a full disk leaves the previous report, never a torn one. Raises OSError."""
    from .io.streams import Output, StreamError

    try:
        with Output(path) as output:
            output.write(text.encode("utf-8"))
            output.commit()
    except StreamError as error:
        raise OSError(str(error)) from None
