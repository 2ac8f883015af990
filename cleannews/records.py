"""One JSON Lines record in, one out: the pure core of ``cleannews --jsonl``.

Lines stay bytes so that a record in which nothing changed goes out exactly as
it came in, and a changed record is the same line with only its cleaned
strings re-spelled (json_splice): numbers, escapes and spacing of every other
field stay as written. An outcome is plain data so that a worker process can
send it back. A bad record is an outcome too, never an exception: what to do
about it (stop, skip, keep) is the caller's decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from .config import DEFAULT_CONFIG, Config
from .pipeline import clean as clean_text
from .pipeline import clean_and_explain

DEFAULT_FIELD = "text"


class RecordStatus(Enum):
    BLANK = "blank"  # an empty or all-space line: not a record, not written
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ERROR = "error"  # a record that cannot be cleaned: bad JSON, missing or non-string field
    INTERNAL = "internal"  # a bug in cleannews


class RecordOutcome(NamedTuple):
    status: RecordStatus
    data: bytes | None = None  # the line to write; None: the input line as it was
    message: str | None = None  # what is wrong (ERROR, INTERNAL)


class RecordError(ValueError):
    """A record that is not what --jsonl and --field promise."""


class JsonNumber:
    """A number of a record, kept as written: it is never converted, so neither its
    size (``int()`` refuses more than 4,300 digits) nor its precision matters."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"JsonNumber({self.text!r})"


@dataclass(frozen=True)
class RecordOptions:
    """What to clean in each record and how; sent to every worker."""

    fields: tuple[str, ...] = (DEFAULT_FIELD,)
    """Dotted paths of the string fields to clean (``body.text``)."""
    config: Config = DEFAULT_CONFIG
    markdown: bool = False
    findings_field: str | None = None
    """A top-level key under which each record gets its findings (None: none)."""


def check_field_path(path: str) -> str | None:
    """Why ``path`` cannot name a field, or None when it can.

    >>> check_field_path("body.text") is None
    True
    >>> check_field_path("body..text")
    "'body..text' has an empty part; use dots only between field names"
    """
    if not path or any(not part for part in path.split(".")):
        return f"{path!r} has an empty part; use dots only between field names"
    return None


def _kind(value: object) -> str:
    """A JSON value's type in JSON's words, for messages.

    >>> _kind([]), _kind(1.5), _kind(True), _kind(None)
    ('an array', 'a number', 'a boolean', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, JsonNumber)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_DECODER = json.JSONDecoder(parse_int=JsonNumber, parse_float=JsonNumber, parse_constant=JsonNumber)
"""One decoder for every record: ``json.loads`` with these arguments builds a new one per call,
a sixth of the time of parsing a million short records."""


def record_text(line: bytes) -> str:
    """The JSON text of a line: decoded, without a byte order mark or the line end."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(f"not UTF-8 (byte {error.start + 1} of the line)") from None
    return text.removeprefix("\ufeff").rstrip("\r\n")


def parse_record(line: bytes) -> dict[str, Any]:
    """The JSON object on one line (numbers as JsonNumber); anything else is a RecordError.

    A line that starts with "{" (no byte order mark, no leading space: nearly every record)
    is decoded by ``raw_decode`` straight away: ``decode`` adds two whitespace searches and a
    call, a tenth of the time of a million short records. Whatever that does not accept whole
    goes the full way, which gives the error.
    """
    if line[:1] == b"{":
        try:
            text = line.decode("utf-8").rstrip("\r\n")
            value, end = _DECODER.raw_decode(text)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            pass
        else:
            if end == len(text) and isinstance(value, dict):
                return value
    return _parse_whole(line)


def _parse_whole(line: bytes) -> dict[str, Any]:
    """``parse_record`` of any line: byte order mark and surrounding spaces allowed, errors named."""
    text = record_text(line)
    try:
        if text.startswith("\ufeff"):  # what json.loads says of a second byte order mark
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise RecordError("not valid JSON: nested too deeply") from None
    if not isinstance(value, dict):
        raise RecordError(f"not a JSON object but {_kind(value)}")
    return value


def _holder(record: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The object holding the field at ``path``, and the field's key in it."""
    keys = path.split(".")
    node = record
    for depth, key in enumerate(keys[:-1]):
        if key not in node:
            raise RecordError(f"no field {path!r}")
        child = node[key]
        if not isinstance(child, dict):
            where = ".".join(keys[: depth + 1])
            raise RecordError(f"no field {path!r} ({where!r} is {_kind(child)}, not an object)")
        node = child
    if keys[-1] not in node:
        raise RecordError(f"no field {path!r}")
    return node, keys[-1]


def text_field(record: dict[str, Any], path: str) -> str | None:
    """The string at ``path`` (None when it is null); anything else is a RecordError."""
    if "." not in path and path in record:  # a top-level field, as most are: no walk
        value = record[path]
    else:
        parent, key = _holder(record, path)
        value = parent[key]
    if value is not None and not isinstance(value, str):
        raise RecordError(f"field {path!r} is {_kind(value)}, not a string")
    return value


def clean_value(text: str, options: RecordOptions) -> tuple[str, list[dict[str, object]]]:
    """Clean one field's text, keeping its final newline or its lack of one.

    The pipeline ends a document with a newline; a field such as a title has none
    and must not gain one.

    >>> clean_value("Fish &amp; chips", RecordOptions())[0]
    'Fish & chips'
    """
    if options.findings_field is None:
        # The findings would be thrown away: clean() spares looking for doubled words.
        clean, findings = clean_text(text, options.config, markdown=options.markdown), []
    else:
        result = clean_and_explain(text, options.config, markdown=options.markdown)
        clean, findings = result.text, [finding.to_dict() for finding in result.findings]
    if clean.endswith("\n") and not text.endswith("\n"):
        clean = clean[:-1]
    return clean, findings


def clean_record(
    record: dict[str, Any], options: RecordOptions
) -> tuple[dict[str, str], list[dict[str, object]]]:
    """The clean text of each field of ``record`` that changes, and the findings.

    A null field is left alone: datasets use it for "no text".
    """
    changed: dict[str, str] = {}
    findings: list[dict[str, object]] = []
    earlier = record.get(options.findings_field, []) if options.findings_field is not None else []
    if not isinstance(earlier, list):
        # Replacing a field of the dataset would lose it. A list is taken for the
        # findings of an earlier run (cleaning cleaned output again) and replaced.
        raise RecordError(f"already has a field {options.findings_field!r}; choose another --findings-field")
    for path in options.fields:
        parent, key = _holder(record, path)
        value = parent[key]
        if value is None:
            continue
        if not isinstance(value, str):
            raise RecordError(f"field {path!r} is {_kind(value)}, not a string")
        clean, found = clean_value(value, options)
        if clean != value:
            changed[path] = clean
        findings += [{**finding, "field": path} for finding in found]
    return changed, findings


def _json(value: object) -> str:
    """A value's JSON text, non-ASCII as it is, but a lone surrogate (\\ud800, which
    cannot be UTF-8) escaped so that the line stays valid."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def rewrite_record(
    line: bytes, fields: dict[str, str], findings: tuple[str, list[dict[str, object]]] | None = None
) -> bytes:
    """``line`` with new text in ``fields`` (dotted path: text) and, if given, a
    ``(key, findings)`` member put last; every other byte of the record as it was,
    and the line's own ending."""
    from .json_splice import splice

    values = {tuple(path.split(".")): _json(text) for path, text in fields.items()}
    last = (findings[0], _json(findings[1])) if findings is not None else None
    return splice(record_text(line), values, last).encode("utf-8") + line_end(line)


def line_end(line: bytes) -> bytes:
    r"""The line's own ending, so a rewritten record keeps it; a last line without one gets ``\n``.

    >>> line_end(b'{}\r\n'), line_end(b'{}\n'), line_end(b'{}')
    (b'\r\n', b'\n', b'\n')
    """
    return b"\r\n" if line.endswith(b"\r\n") else b"\n"


def as_written(line: bytes) -> bytes:
    r"""An input line as it goes out unchanged: ended, so that inputs can follow one another.

    >>> as_written(b'{"a": 1}'), as_written(b'{"a": 1}\r\n')
    (b'{"a": 1}\n', b'{"a": 1}\r\n')
    """
    return line if line.endswith(b"\n") else line + b"\n"


def clean_line(line: bytes, options: RecordOptions) -> RecordOutcome:
    """Clean the record on one line; every failure is an outcome, never raised."""
    if not line.strip():
        return RecordOutcome(RecordStatus.BLANK)
    try:
        record = parse_record(line)
        changed, findings = clean_record(record, options)
        if not changed and options.findings_field is None:
            return RecordOutcome(RecordStatus.UNCHANGED)
        # The findings go last, even if the key was there (an earlier run's findings).
        listed = (options.findings_field, findings) if options.findings_field is not None else None
        data = rewrite_record(line, changed, listed)
    except RecordError as error:
        return RecordOutcome(RecordStatus.ERROR, message=str(error))
    except Exception as error:
        message = f"internal error: {type(error).__name__}: {error}; please report this"
        return RecordOutcome(RecordStatus.INTERNAL, message=message)
    return RecordOutcome(RecordStatus.CHANGED if changed else RecordStatus.UNCHANGED, data)
