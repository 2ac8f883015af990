"""Settings read from ``.cleannews.toml`` or ``[tool.cleannews]`` in ``pyproject.toml``.

A content repository states once which files are cleaned and how, so that the
pre-commit hook, ``--check`` in CI and a run by hand all agree. Every mistake in
such a file is a ``SettingsError`` with a one-line message naming the file:
a typo must not silently fall back to the defaults.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .config import Config, with_flag_threshold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = ".cleannews.toml"
PYPROJECT = "pyproject.toml"

FORMATS = ("auto", "markdown", "text")

#: What a directory walk cleans: Markdown and plain text, never code or data.
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.txt")

#: Never cleaned by a walk: tool state, dependencies and build output are not
#: the repository's content, and rewriting them would be wrong or pointless.
DEFAULT_EXCLUDE = (".*", "node_modules/", "venv/", "__pycache__/", "_build/", "site-packages/")

# Config annotations are strings (``from __future__ import annotations``).
_CONFIG_FIELDS: dict[str, str] = {item.name: str(item.type) for item in fields(Config)}
_EXPECTED = {"bool": "a boolean (true or false)", "int": "an integer", "float": "a number"}
_OWN_KEYS = ("include", "exclude", "extend_exclude", "format")
_KNOWN_KEYS = (*_CONFIG_FIELDS, *_OWN_KEYS)


class SettingsError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    """What a configuration file says, merged with the defaults."""

    path: Path | None
    """The file the settings came from, or None for the defaults."""
    root: Path
    """Directory of the file (or the working directory): relative exclude patterns start here."""
    config_overrides: dict[str, Any] = field(default_factory=dict, hash=False)
    """Only the ``Config`` fields the file set, with underscore names."""
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    format: str = "auto"

    def config(self, **cli_overrides: Any) -> Config:
        """``Config()`` with the file's values, then the command line's on top.

        None means "not given", so click options can be passed straight through.

        >>> settings = Settings(None, Path("."), {"duplicates": False, "flag_threshold": 80.0})
        >>> config = settings.config(flag_threshold=90.0, stutters=None)
        >>> config.duplicates, config.flag_threshold, config.stutters
        (False, 90.0, True)
        """
        given = {name: value for name, value in cli_overrides.items() if value is not None}
        try:
            return Config().with_overrides(**with_flag_threshold({**self.config_overrides, **given}))
        except (TypeError, ValueError) as error:
            if self.path is None or not self.config_overrides:
                raise SettingsError(str(error)) from None
            raise SettingsError(f"{error} (with settings from {_shown_path(self.path)})") from None


def find_config_file(start: Path) -> Path | None:
    """The settings file that applies to ``start``, looking upwards.

    In each directory ``.cleannews.toml`` wins; a ``pyproject.toml`` counts only
    with a ``[tool.cleannews]`` table, since most belong to other tools. The
    search stops at the repository root (a directory holding ``.git``) so that
    a file above the repository never changes how it is cleaned. A
    ``pyproject.toml`` that cannot be parsed is a ``SettingsError`` rather than
    a guess about whether it holds settings.
    """
    start = start.resolve()
    directory = start.parent if _is_file(start) else start
    for candidate in (directory, *directory.parents):
        own = candidate / CONFIG_FILE
        if _is_file(own):
            return own
        pyproject = candidate / PYPROJECT
        if _is_file(pyproject) and _has_tool_table(_read_toml(pyproject)):
            return pyproject
        if _exists(candidate / ".git"):
            return None
    return None


def load_settings(path: Path | None) -> Settings:
    """Read and check a settings file; None gives the defaults rooted at the working directory."""
    if path is None:
        return Settings(path=None, root=Path.cwd().resolve())
    shown = _shown_path(path)
    data = _read_toml(path)
    # Any file laid out like pyproject.toml (a [tool.cleannews] table and nothing
    # else at the top) is read the same way: --config shared/cleannews.toml works
    # with the README's example as it stands.
    if path.name == PYPROJECT or (set(data) == {"tool"} and _has_tool_table(data)):
        if not _has_tool_table(data):
            raise SettingsError(f"{shown}: no [tool.cleannews] table; add one or use a {CONFIG_FILE} file")
        table, section = data["tool"]["cleannews"], " in [tool.cleannews]"
        if not isinstance(table, dict):
            raise SettingsError(f"{shown}: [tool.cleannews] must be a table, not {_toml_type(table)}")
    else:
        table, section = data, ""
    return _parse(table, path, _Where(shown, section))


@dataclass(frozen=True)
class _Where:
    shown: str
    section: str

    def error(self, key: str, problem: str) -> SettingsError:
        return SettingsError(f"{self.shown}: {key!r}{self.section} {problem}")


def _parse(table: dict[str, Any], path: Path, where: _Where) -> Settings:
    values: dict[str, tuple[str, Any]] = {}  # underscore name -> (key as written, value)
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _KNOWN_KEYS:
            raise SettingsError(f"{where.shown}: unknown key {key!r}{where.section}{_suggestion(key)}")
        if name in values:
            raise where.error(key, f"repeats {values[name][0]!r}; keep one of them")
        values[name] = (key, value)

    overrides = {name: _config_value(name, *values[name], where) for name in _CONFIG_FIELDS if name in values}
    try:
        Config(**with_flag_threshold(overrides))
    except (TypeError, ValueError) as error:
        message = str(error)
        for name, (key, _) in values.items():  # (named as the file spells them)
            message = re.sub(rf"\b{name}\b", repr(key), message)
        raise SettingsError(f"{where.shown}: {message}") from None

    include = _strings(*values["include"], where) if "include" in values else DEFAULT_INCLUDE
    for pattern in include:
        if "/" in pattern:
            raise where.error(
                values["include"][0],
                f"patterns match file names, not paths ({pattern!r}); use exclude to leave directories out",
            )
    exclude = _strings(*values["exclude"], where) if "exclude" in values else DEFAULT_EXCLUDE
    if "extend_exclude" in values:
        exclude += _strings(*values["extend_exclude"], where)
    fmt = values["format"][1] if "format" in values else "auto"
    if fmt not in FORMATS:
        choices = ", ".join(repr(choice) for choice in FORMATS)
        shown = repr(fmt) if isinstance(fmt, str) else _toml_type(fmt)
        raise where.error(values["format"][0], f"must be one of {choices}, not {shown}")
    return Settings(
        path=path,
        root=path.resolve().parent,
        config_overrides=overrides,
        include=include,
        exclude=exclude,
        format=fmt,
    )


def _config_value(name: str, key: str, value: Any, where: _Where) -> Any:
    kind = _CONFIG_FIELDS[name]
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = {"bool": isinstance(value, bool), "int": is_number and isinstance(value, int), "float": is_number}
    if not ok[kind]:
        raise where.error(key, f"must be {_EXPECTED[kind]}, not {_toml_type(value)}")
    return float(value) if kind == "float" else value


def _strings(key: str, value: Any, where: _Where) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.error(key, f"must be a list of strings, not {_toml_type(value)}")
    return tuple(value)


def _suggestion(key: str) -> str:
    """Point at the intended key, written in the same style (dashes or underscores) as the typo."""
    close = difflib.get_close_matches(key.replace("-", "_"), _KNOWN_KEYS, n=1)
    if not close:
        return f"; known keys: {', '.join(name.replace('_', '-') for name in _KNOWN_KEYS)}"
    name = close[0] if "_" in key else close[0].replace("_", "-")
    return f" (did you mean {name!r}?)"


def _toml_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list" if all(isinstance(item, str) for item in value) else "a list with non-strings"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", dict: "a table"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a date or time")


# A settings file is a few hundred bytes; anything this large is not one.
SETTINGS_MAX_BYTES = 1 << 20


def _read_toml(path: Path) -> dict[str, Any]:
    from .io.files import read_small_file

    try:
        data: dict[str, Any] = tomllib.loads(read_small_file(path, SETTINGS_MAX_BYTES).decode("utf-8"))
        return data
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{_shown_path(path)}: invalid TOML: {error}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{_shown_path(path)}: not UTF-8 text, which TOML requires") from None
    except OSError as error:
        raise SettingsError(f"{_shown_path(path)}: cannot read: {error.strerror or error}") from None


def _has_tool_table(data: dict[str, Any]) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and "cleannews" in tool


def _shown_path(path: Path) -> str:
    """Relative to the working directory when below it, which is how users name files."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# Path.is_file() and .exists() raise on some errors (EACCES) instead of saying no.
def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False
