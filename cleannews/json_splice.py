"""Rewriting a JSON object's text by splicing: only the values that change are re-spelled.

Parsing a record and serialising it again changes what nobody asked to change:
``1e400`` becomes ``Infinity`` (not JSON), ``1.00000000000000000001`` becomes
``1.0``, an integer of more than 4,300 digits cannot even be converted, and
escapes, spacing and duplicate keys are lost. So the record's text is kept and
only the spans of the cleaned values are replaced; everything else goes out
byte for byte. The text must already be known to be valid JSON (``json.loads``
accepted it): this module finds spans, it does not validate.

>>> splice('{"n": 1e400, "text": "a &amp; b"}', {("text",): '"a & b"'})
'{"n": 1e400, "text": "a & b"}'
>>> splice('{"text":"x","found":[1]}', {}, last=("found", "[]"))
'{"text":"x","found":[]}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]

Path = tuple[str, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
# Skips a value without converting it: numbers stay strings, so no size limit applies.
_SKIPPER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


@dataclass
class ObjectLayout:
    """Where things are in the text of one JSON object."""

    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """(start, end) of the value at each wanted path; with duplicate keys the last
    one, which is the one ``json.loads`` keeps."""
    members: list[tuple[str, int, int]] = field(default_factory=list)
    """Each top-level member: (key, start of its key, end of its value)."""
    opening: int = 0
    """Just after the top-level ``{``."""
    compact: bool = False
    """Written without spaces after ``:`` (as ``separators=(",", ":")`` does)."""


def _space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _tree(paths: Collection[Path]) -> dict[str, dict[str, object]]:
    tree: dict[str, dict[str, object]] = {}
    for path in paths:
        node = tree
        for key in path:
            node = node.setdefault(key, {})  # type: ignore[assignment]
    return tree


def layout(text: str, paths: Collection[Path]) -> ObjectLayout:
    """The spans of ``paths`` (and the top-level members) in the JSON object ``text``."""
    found = ObjectLayout()
    start = _space(text, 0)
    if text[start : start + 1] != "{":
        raise ValueError("not a JSON object")
    found.opening = start + 1
    _object(text, start, _tree(paths), (), found)
    return found


def _object(text: str, at: int, wanted: Mapping[str, object], prefix: Path, found: ObjectLayout) -> int:
    """Walk the object starting at ``text[at] == "{"``; the index just past its ``}``."""
    at = _space(text, at + 1)
    if text[at] == "}":
        return at + 1
    while True:
        key_start = at
        key, at = scanstring(text, at + 1)
        at = _space(text, at)  # now at ":"
        if not prefix and not found.members:
            found.compact = text[at + 1 : at + 2] not in (" ", "\t", "\n", "\r")
        at = _space(text, at + 1)
        path = (*prefix, key)
        below = wanted.get(key)
        if isinstance(below, Mapping) and below and text[at] == "{":
            # A later duplicate of this key replaces what an earlier one held.
            for earlier in [p for p in found.spans if p[: len(path)] == path]:
                del found.spans[earlier]
            end = _object(text, at, below, path, found)
        else:
            _, end = _SKIPPER.raw_decode(text, at)
        if below is not None:
            found.spans[path] = (at, end)
        if not prefix:
            found.members.append((key, key_start, end))
        at = _space(text, end)
        if text[at] == "}":
            return at + 1
        at = _space(text, at + 1)  # past ","


def splice(text: str, values: Mapping[Path, str], last: tuple[str, str] | None = None) -> str:
    """``text`` with the value at each path of ``values`` replaced by the JSON text given.

    ``last``: (key, JSON text) of a top-level member put at the end of the object,
    in place of any member of that key (every duplicate of it goes).
    """
    shape = layout(text, values.keys())
    edits: list[tuple[int, int, str]] = []
    for path, value in values.items():
        start, end = shape.spans[path]
        edits.append((start, end, value))
    if last is not None:
        edits += _move_to_end(shape, *last)
    pieces: list[str] = []
    done = 0
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        pieces += (text[done:start], new)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _move_to_end(shape: ObjectLayout, key: str, value: str) -> list[tuple[int, int, str]]:
    """The edits that remove every member ``key`` and add ``"key": value`` after the last one kept."""
    members = shape.members
    kept = [number for number, member in enumerate(members) if member[0] != key]
    name = json.dumps(key, ensure_ascii=False)
    colon = ":" if shape.compact else ": "
    if not kept:
        edits = [(members[0][1], members[-1][2], "")] if members else []
        return [*edits, (shape.opening, shape.opening, f"{name}{colon}{value}")]
    last_kept = kept[-1]
    edits = [
        (members[number][1], members[number + 1][1], "")  # the member and its comma, up to the next key
        for number in range(last_kept)
        if members[number][0] == key
    ]
    after = members[last_kept][2]
    if last_kept + 1 < len(members):  # members after the last kept one all go, with their commas
        edits.append((after, members[-1][2], ""))
    comma = "," if shape.compact else ", "
    edits.append((after, after, f"{comma}{name}{colon}{value}"))
    return edits
