"""Page furniture printed again: the same run of menu or widget lines.

A naive scrape prints a site's menus, share buttons and "recent posts" boxes
once per place the page shows them: the header's menu again in the footer,
"Save / More like this / Fewer like this" under every teaser, a commenter's
name and buttons under every comment. Each line alone may legitimately
repeat ("Yes", "No comment."); what marks furniture is a run of several
short lines that recurs in the same order, none of them a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from ..config import Config
from ..matching import LIST_ITEM, comparison_key
from ..model import Action, Block, Finding
from .keys import words_key
from .templates import is_credit_line, is_date_line, is_image_label

RULE = "repeated_headlines"

# Shorter runs recur in real text: a tutorial's "and add" / "Then edit the
# configuration:" / "and add the same text." around code a scraper dropped.
MIN_RUN = 3
# Two lines are furniture when they come back again and again ("Written by" /
# the author's name, "click to expand" / "click to hide" under each section).
MIN_PRINTINGS_OF_SHORT_RUN = 3
# Menu entries and widget labels are short; a sentence is prose, whose
# repeats the duplicates rule judges with its guards.
FURNITURE_LINE = 80
_SENTENCE_ENDS = frozenset(".!?:;")
# A menu has an entry with a letter or a digit; a run of lines without one is
# separators or section breaks.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def furniture_key(text: str) -> str | None:
    """The comparison key of a one-line text that may be furniture, else None."""
    if "\n" in text or len(text) > FURNITURE_LINE or not text.strip():
        return None
    if text.rstrip("\"'”’)]")[-1:] in _SENTENCE_ENDS:
        return None
    return comparison_key(text)


def find_repeated_runs(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """DROPPED findings for each block of a run of furniture lines that repeats,
    in order, a run printed earlier: three lines or more printed twice, or two
    printed three times or more (a label and its value under every teaser)."""
    keys = [furniture_key(block.text) for block in blocks]
    twin_of, kept = _runs_again(blocks, keys)  # position -> position of the earlier printing
    messages = dict.fromkeys(twin_of, "menu or widget lines printed again")
    for position, twin in _credits_again(blocks, keys, twin_of).items():
        twin_of[position] = twin
        messages[position] = "photo credit or picture label printed again"
    found = [
        Finding(RULE, blocks[position].line, Action.DROPPED, messages[position], blocks[twin].line, 100.0)
        for position, twin in sorted(twin_of.items())
    ]
    return found + [
        Finding(RULE, blocks[position].line, Action.FLAGGED, message, blocks[twin].line, 100.0)
        for position, (twin, message) in sorted(kept.items())
        if position not in twin_of
    ]


_ROW_MESSAGE = "cells printed again, kept: the rows of a table"
_LIST_MESSAGE = "list printed again, kept: list items are content"


def _runs_again(
    blocks: Sequence[Block], keys: list[str | None]
) -> tuple[dict[int, int], dict[int, tuple[int, str]]]:
    """Later printings of repeated runs: those dropped, and those kept (with
    why). A line that is only a date is passed over while runs are matched: a
    list of posts prints each title with its date in one box and without in the
    next."""
    dates = {i for i, key in enumerate(keys) if key is not None and is_date_line(blocks[i].text)}
    order = [i for i in range(len(keys)) if i not in dates]
    compressed: dict[int, int] = {}
    compressed_kept: dict[int, tuple[int, str]] = {}
    matched = [keys[i] for i in order]
    for length, printings in ((MIN_RUN, 2), (MIN_RUN - 1, MIN_PRINTINGS_OF_SHORT_RUN)):
        if sum(key is not None for key in matched) >= length * printings:
            _mark_runs(matched, length, printings, compressed, compressed_kept)
    twin_of = {order[c]: order[t] for c, t in compressed.items()}
    kept = {order[c]: (order[t], why) for c, (t, why) in compressed_kept.items()}
    if dates and twin_of:
        _dates_with_their_runs(keys, dates, twin_of)
    return twin_of, kept


def _dates_with_their_runs(keys: list[str | None], dates: set[int], twin_of: dict[int, int]) -> None:
    """A date right after a dropped line goes with it when the same date stands
    right after that line's twin."""
    kept = set(twin_of.values())
    for position in sorted(dates):
        before = position - 1
        while before in dates:
            before -= 1
        twin = twin_of.get(before)
        if twin is None:
            continue
        after = twin + 1
        while after in dates:
            if keys[after] == keys[position] and after not in twin_of:
                twin_of[position] = after
                kept.add(after)
                break
            after += 1


def _credits_again(
    blocks: Sequence[Block], keys: list[str | None], twin_of: dict[int, int]
) -> dict[int, int]:
    """Lines that are only a photo credit or a picture's label, printed again
    anywhere, brackets and punctuation aside: the credit of each picture of one
    photographer, once the pictures are gone; "Screenshot" or "Site Logo" once
    per picture."""
    first: dict[str, int] = {}
    again: dict[int, int] = {}
    twins = set(twin_of.values())
    for position, key in enumerate(keys):
        if key is None or position in twin_of:
            continue
        key = words_key(blocks[position].text)
        if position in twins:  # kept for a run: a credit dropped here would leave it without a twin
            first.setdefault(key, position)
            continue
        earlier = first.setdefault(key, position)
        if (
            earlier != position
            and _labels_a_picture(blocks[earlier].text)
            and _labels_a_picture(blocks[position].text)
        ):
            again[position] = earlier
    return again


def _labels_a_picture(text: str) -> bool:
    return is_credit_line(text) or is_image_label(text)


def _mark_runs(
    keys: list[str | None],
    length: int,
    printings: int,
    twin_of: dict[int, int],
    kept: dict[int, tuple[int, str]],
) -> None:
    """Add to twin_of the later printings of runs of ``length`` furniture lines
    printed at least ``printings`` times, each pointing at the first printing;
    to ``kept`` those of runs that are a table's cells (_cells_of_rows) or a
    list's items, with the reason they stay."""
    twins = set(twin_of.values()) | set(kept) | {twin for twin, _ in kept.values()}  # no later run takes them
    # A run printed n times begins n times with its first line: on a page most
    # lines are printed once, and no run can begin with them.
    printed = Counter(keys)
    starts: dict[tuple[str, ...], list[int]] = {}
    for start in range(len(keys) - length + 1):
        if printed[keys[start]] < printings:
            continue
        window = keys[start : start + length]
        if None in window or any(p in twin_of or p in twins for p in range(start, start + length)):
            continue
        run = tuple(key for key in window if key is not None)
        if not any(map(_LETTER_OR_DIGIT.search, run)):
            continue  # separators ("* * *", "|") or what Markdown stands in for code and lists
        found = starts.setdefault(run, [])
        if not found or found[-1] + length <= start:
            found.append(start)
    for found in sorted(starts.values()):
        first = found[0]
        if len(found) < printings or any(p in twin_of for p in range(first, first + length)):
            continue
        later = [start for start in found[1:] if not any(p in twins for p in range(start, start + length))]
        if not later:
            continue
        twins.update(range(first, first + length))
        why = _kept_for(keys[first : first + length], [first, *later], length, keys)
        for start in later:
            if why is not None:  # (a row or a list stays whole: no later run takes its lines)
                twins.update(range(start, start + length))
            for offset in range(length):
                if why is None:
                    twin_of.setdefault(start + offset, first + offset)
                else:
                    kept.setdefault(start + offset, (first + offset, why))


def _kept_for(run: list[str | None], starts: list[int], length: int, keys: list[str | None]) -> str | None:
    """Why the printings of a run stay, if they do: a table's rows, or a list
    (a line with a bullet or a number: a changelog's section printed twice is
    content, and a menu printed as a list is no certain copy), else None."""
    if _cells_of_rows(starts, length, keys):
        return _ROW_MESSAGE
    if any(key is not None and LIST_ITEM.match(key) for key in run):
        return _LIST_MESSAGE
    return None


# A table printed one cell per line repeats runs of cells ("£9.99", "In stock",
# "Add to cart"), each after its row's label ("Hand trowel", "Hand fork"); a menu
# printed again is longer, or has the page between its printings.
_MOST_CELLS = 3
_MOST_LABELS = 3


def _cells_of_rows(starts: list[int], length: int, keys: list[str | None]) -> bool:
    """Are these printings of a short run the rows of a table: each after the
    same number of other short lines (the row's label), which differ from row
    to row?"""
    if length > _MOST_CELLS:
        return False
    gap = starts[1] - starts[0] - length
    if not 1 <= gap <= _MOST_LABELS or starts[0] < gap:
        return False
    if any(later - earlier - length != gap for earlier, later in pairwise(starts)):
        return False
    labels = [tuple(keys[start - gap : start]) for start in starts]
    return all(None not in label for label in labels) and len(set(labels)) == len(labels)
