"""Which files to clean: the command-line paths expanded with the settings' include and exclude.

Files named on the command line are the user's (or pre-commit's) choice, so
only ``exclude`` can veto them; files found by walking a directory must also
match ``include`` and escape ``.gitignore``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from .io.names import STDIO
from .settings import DEFAULT_EXCLUDE, FORMATS, Settings

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})

_MISSING = "no such file or directory"

# Version control's own folders: never walked, whatever include and exclude say
# (with include = ["*"] and exclude = [], --in-place rewrote .git/description).
NEVER_WALKED = frozenset({".git", ".hg", ".svn"})

# Patterns of one .gitignore file and the directory they are relative to.
if TYPE_CHECKING:  # pathspec is imported when a walk starts: stdin and --help never need it
    from pathspec import GitIgnoreSpec

_Ignore = tuple[Path, "GitIgnoreSpec"]


@dataclass(frozen=True)
class Target:
    """One input to clean, or one to report instead (``skip_reason`` set)."""

    path: str
    skip_reason: str | None = None


def iter_files(paths: Sequence[str], settings: Settings, *, files_only: bool = False) -> Iterator[Target]:
    """The inputs named by ``paths``, in order, each at most once.

    Directories are walked in name order. Symlinks met during a walk are neither
    followed nor yielded: writing through a link found by a walk would edit a
    file outside the tree the user pointed at. A symlink named explicitly is
    the user's choice and is used. Missing paths come back with a
    ``skip_reason`` for the caller to report; nothing here raises for them.

    ``files_only`` (--in-place, --check): a named pipe, a device, or standard
    input under a file name (/dev/stdin) is refused the same way. Reading a FIFO
    that no one writes hangs, and writing "back" to /dev/stdin would rewrite
    whatever file the shell redirected into it.
    """
    walk = _Walk(settings, files_only=files_only)
    seen: set[tuple[str, str]] = set()
    for given in paths:
        for key, target in walk.expand(given):
            if key not in seen:
                seen.add(key)
                yield target


def is_markdown(path: str, fmt: str) -> bool:
    """Whether to parse ``path`` as Markdown under the ``format`` setting.

    >>> is_markdown("notes/Story.MD", "auto"), is_markdown("story.txt", "auto"), is_markdown("-", "markdown")
    (True, False, True)
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "auto":
        return PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES
    return fmt == "markdown"


class _Walk:
    def __init__(self, settings: Settings, *, files_only: bool = False) -> None:
        self.files_only = files_only
        self.root = settings.root.resolve()
        # Lower-cased: README.MD is as much Markdown as README.md, and macOS and
        # Windows file systems do not tell them apart either.
        self.include = tuple(pattern.lower() for pattern in settings.include)
        from pathspec import GitIgnoreSpec

        self.exclude = GitIgnoreSpec.from_lines(settings.exclude)
        # The built-in exclusions (hidden folders, node_modules/...) keep walks out of
        # tool folders; a file named on the command line (.github/PULL_REQUEST.md from
        # pre-commit) is only skipped by the user's own patterns.
        self.named_exclude = GitIgnoreSpec.from_lines(p for p in settings.exclude if p not in DEFAULT_EXCLUDE)

    def expand(self, given: str) -> Iterator[tuple[tuple[str, str], Target]]:
        """``(identity, target)`` pairs for one command-line path; the identity removes repeats."""
        if given == STDIO:
            yield ("stdin", STDIO), Target(STDIO)
            return
        if given == "":
            yield ("missing", given), Target(given, _MISSING)
            return
        path = Path(given)
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            yield ("missing", given), Target(given, _MISSING)
            return
        except OSError:
            mode = 0  # Unreadable: the reader reports why, along with the other read errors.
        if stat.S_ISDIR(mode):
            if NEVER_WALKED.intersection(path.resolve().parts):
                yield ("refused", given), Target(given, "a version-control folder: never cleaned")
                return
            yield from self._walk_top(path)
            return
        if self.files_only and (problem := _not_a_file(path, mode)):
            yield ("refused", given), Target(given, problem)
            return
        location = _location(path)
        if not self._excluded(location, location.parent, is_dir=False, spec=self.named_exclude):
            yield ("file", str(location)), Target(given)

    def _walk_top(self, shown: Path) -> Iterator[tuple[tuple[str, str], Target]]:
        top = shown.resolve()
        base = self.root if top.is_relative_to(self.root) else top
        # .gitignore files between the root and the walked directory apply as in git.
        ignores = [item for parent in _between(base, top) if (item := _gitignore(parent))]
        yield from self._walk(top, shown, base, ignores)

    def _walk(
        self, directory: Path, shown: Path, base: Path, ignores: list[_Ignore]
    ) -> Iterator[tuple[tuple[str, str], Target]]:
        own = _gitignore(directory)
        if own:
            ignores = [*ignores, own]
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield ("unreadable", str(directory)), Target(str(shown), _reason(error))
            return
        for entry in entries:
            path = directory / entry.name
            if entry.is_symlink() or entry.name in NEVER_WALKED:
                continue
            if entry.is_dir(follow_symlinks=False):
                if not self._excluded(path, base, is_dir=True) and not _ignored(path, ignores, is_dir=True):
                    yield from self._walk(path, shown / entry.name, base, ignores)
            elif (
                entry.is_file(follow_symlinks=False)
                and any(fnmatchcase(entry.name.lower(), pattern) for pattern in self.include)
                and not self._excluded(path, base, is_dir=False)
                and not _ignored(path, ignores, is_dir=False)
            ):
                yield ("file", str(path)), Target(str(shown / entry.name))

    def _excluded(
        self, path: Path, fallback: Path, *, is_dir: bool, spec: GitIgnoreSpec | None = None
    ) -> bool:
        """Exclude patterns are relative to the settings' root, or to ``fallback`` outside it."""
        base = self.root if path.is_relative_to(self.root) else fallback
        return (self.exclude if spec is None else spec).match_file(_relative(path, base, is_dir=is_dir))


def _not_a_file(path: Path, mode: int) -> str | None:
    """Why --in-place and --check refuse ``path`` (a named one), or None."""
    if _through_descriptor(path):
        return "standard input or an open descriptor, not a file: stdin is never written back"
    if mode and not stat.S_ISREG(mode):
        return "not a regular file (a pipe or a device): pipe it into cleannews (stdin) instead"
    return None


_DESCRIPTOR = re.compile(r"/dev/(stdin|stdout|stderr|fd/[0-9]+)|/proc/(self|thread-self|[0-9]+)/fd/[0-9]+")


def _through_descriptor(path: Path) -> bool:
    """Does ``path`` lead through /dev/stdin, /dev/fd/N or /proc/PID/fd/N (links that
    stand for whatever file a process has open)?"""
    current = Path(os.path.abspath(path))  # noqa: PTH100 (resolve() would follow the links)
    for _ in range(40):  # the kernel's own limit on links followed
        if _DESCRIPTOR.fullmatch(current.as_posix()):
            return True
        try:
            target = current.readlink()
        except OSError:
            return False
        current = Path(os.path.normpath(current.parent / target))
    return False


def _ignored(path: Path, ignores: list[_Ignore], *, is_dir: bool) -> bool:
    """Git's rule: the deepest .gitignore with a matching pattern decides (``!`` re-includes)."""
    for base, spec in reversed(ignores):
        verdict = spec.check_file(_relative(path, base, is_dir=is_dir)).include
        if verdict is not None:
            return verdict
    return False


# An ignore file is a few kilobytes; one larger than this (or a link to
# /dev/zero, a FIFO) is not read, as an unreadable one is not.
GITIGNORE_MAX_BYTES = 1 << 20


def _gitignore(directory: Path) -> _Ignore | None:
    from .io.files import read_small_file

    try:
        data = read_small_file(directory / ".gitignore", GITIGNORE_MAX_BYTES)
    except OSError:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    from pathspec import GitIgnoreSpec

    return directory, GitIgnoreSpec.from_lines(lines)


def _between(base: Path, top: Path) -> list[Path]:
    """``base`` and the directories below it down to ``top``'s parent; ``top`` is read by the walk."""
    return [parent for parent in reversed(top.parents) if parent.is_relative_to(base)]


def _relative(path: Path, base: Path, *, is_dir: bool) -> str:
    # A trailing slash is how gitignore patterns such as ``build/`` recognise directories.
    return path.relative_to(base).as_posix() + ("/" if is_dir else "")


def _location(path: Path) -> Path:
    """Absolute path of a named file without resolving the file itself, which may be a link."""
    return path.parent.resolve() / path.name


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
