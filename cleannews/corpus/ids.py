"""Ids that come from where a text is, never from the engine that read it.

An id packs (source, line, paragraph): the index of the input file in the
order given, the 1-based line of the record (0 for a whole text file) and the
0-based paragraph (0 for a whole document). Sorting ids is input order, so
"the first copy" means the same thing in every engine.
"""

from __future__ import annotations

from typing import NamedTuple

_PARAGRAPH_BITS = 12
_LINE_BITS = 31
_SOURCE_BITS = 20
MAX_PARAGRAPHS = 1 << _PARAGRAPH_BITS
MAX_LINE = (1 << _LINE_BITS) - 1
MAX_SOURCES = 1 << _SOURCE_BITS


class Place(NamedTuple):
    source: int
    line: int
    paragraph: int


def make_id(source: int, line: int, paragraph: int = 0) -> int:
    """
    >>> split_id(make_id(3, 12, 2))
    Place(source=3, line=12, paragraph=2)
    """
    if not (0 <= source < MAX_SOURCES and 0 <= line <= MAX_LINE and 0 <= paragraph < MAX_PARAGRAPHS):
        raise ValueError(f"no id for source {source}, line {line}, paragraph {paragraph}")
    return (source << (_LINE_BITS + _PARAGRAPH_BITS)) | (line << _PARAGRAPH_BITS) | paragraph


LINE_SHIFT = _PARAGRAPH_BITS
"""``make_id(source, line) == make_id(source, 0) | line << LINE_SHIFT`` for lines up to ``MAX_LINE``."""


SOURCE_SHIFT = _LINE_BITS + _PARAGRAPH_BITS
"""``split_id(item).source == item >> SOURCE_SHIFT``."""


def line_id(first: int, line: int) -> int:
    """The id of ``line`` of the source whose line 0 has the id ``first`` (checked, as ``make_id``)."""
    return make_id(split_id(first).source, line)


def split_id(item: int) -> Place:
    return Place(
        item >> (_LINE_BITS + _PARAGRAPH_BITS),
        (item >> _PARAGRAPH_BITS) & MAX_LINE,
        item & (MAX_PARAGRAPHS - 1),
    )


def document_of(item: int) -> int:
    """The id of the document a paragraph id belongs to."""
    return item & ~(MAX_PARAGRAPHS - 1)
