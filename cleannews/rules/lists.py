"""Lists in a document, told by their structure rather than by a label.

A line repeated inside a list (a fixture, a Q&A answer, a recipe's "1 cup
sugar") is content; a headline copy is not. What makes a list is its shape:
a bullet or a run of numbered markers, or several short neighbours that end
alike and are about as long. A table of contents is a list whose entries are
printed again further down, as the headings they point to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..matching import LIST_ITEM
from ..model import Block
from ..text_cache import per_text
from .keys import words_key

_DIGIT = re.compile(r"\d")
_LIST_LINE = 80  # characters: list items, table cells and menu entries are short
_MIN_LIST_ITEMS = 3
_MIN_CONTENTS_ENTRIES = 2
_SAME_LENGTH = 1.5  # items of one list differ in length by half at most, and a word


@per_text
def _shape(text: str) -> tuple[str, bool, int] | None:
    """What items of one list share: how they end, whether they hold digits, their length."""
    if len(text) > _LIST_LINE or not text:
        return None
    last = text.rstrip("\"'”’)]")[-1:]
    ending = "." if last in ".!?" else last if last in ":;," else "w"
    return ending, _DIGIT.search(text) is not None, len(text.split())


def _alike(a: tuple[str, bool, int] | None, b: tuple[str, bool, int] | None) -> bool:
    if a is None or b is None or a[:2] != b[:2]:
        return False
    return max(a[2], b[2]) <= _SAME_LENGTH * min(a[2], b[2]) + 1


def contents_positions(blocks: Sequence[Block]) -> set[int]:
    """Positions of the items of a table of contents: a list (three or more
    different short neighbours of one shape) half of whose items (two at
    least) are printed again on their own, outside every list, as the headings
    they point to. A headline copy in such a list is the contents' entry, not a copy."""
    shapes = [_shape(block.text) if len(block.lines) == 1 else None for block in blocks]
    stretches: list[range] = []  # neighbours of one shape, three at least: lists, if their items differ
    start = 0
    for i in range(1, len(blocks) + 1):
        if i == len(blocks) or not _alike(shapes[i - 1], shapes[i]):
            if i - start >= _MIN_LIST_ITEMS and shapes[start] is not None:
                stretches.append(range(start, i))
            start = i
    if not stretches:
        return set()  # (most documents: no key needed)
    keys = [
        words_key(block.text) if shape is not None else ""
        for block, shape in zip(blocks, shapes, strict=True)
    ]
    runs = [run for run in stretches if len({keys[i] for i in run}) >= _MIN_LIST_ITEMS]
    if not runs:
        return set()
    in_runs = {i for run in runs for i in run}
    standalone = {key for i, key in enumerate(keys) if key and i not in in_runs}
    found: set[int] = set()
    for run in runs:
        items = {keys[i] for i in run}
        entries = len(items & standalone)
        if entries >= _MIN_CONTENTS_ENTRIES and 2 * entries >= len(items):
            found.update(run)
    return found


_BULLET = re.compile(r"^(?:[-*+•·►▶▪■□◦‣○●–—^→✓✔]\s*|[QA]\s?[:-]\s?)")
_MARKER = re.compile(r"^\(?(\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})[.):]\s")


def is_item(block: Block, blocks: Sequence[Block], i: int) -> bool:
    """A bullet or Q/A marker makes an item; a number or letter makes one when a
    neighbour has another ("1." then "2."), so "S. Korea's rate falls" is not."""
    text = block.text
    if not LIST_ITEM.match(text):
        return False
    if _BULLET.match(text):
        return True
    marker = _MARKER.match(text)
    if marker is None:
        return True
    for j in (i - 1, i + 1):
        if 0 <= j < len(blocks):
            other = _MARKER.match(blocks[j].text)
            if other is not None and other.group(1) != marker.group(1):
                return True
    return False
