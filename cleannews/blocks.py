"""Normalised lines -> paragraph blocks.

In scraped plain text every line is a paragraph, including lines that arrive
separated by a single newline (a headline followed by its caption). The
exception is hard-wrapped prose (e-mail, plain-text books): there a run of
lines is one paragraph and keeps its line structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from .matching import LIST_ITEM
from .model import Block, Line

# Wrapped prose is filled to a fixed width, usually 60-80 columns.
_MAX_WRAP_WIDTH = 100
_MIN_WRAPPED_LINE = 40
_MIN_FILL_RATIO = 0.6


_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’»)\]]$")


def _continues_sentence(line: str, next_line: str) -> bool:
    """Does next_line carry on the sentence that line leaves unfinished?

    A lowercase start is the strong signal: a headline and its caption, or
    two printings of a headline, both start with a capital.
    """
    return next_line[:1].islower() or line.endswith((",", ";", "-"))


def looks_hard_wrapped(texts: Sequence[str]) -> bool:
    """Do these consecutive lines read as one paragraph filled to a width?

    >>> looks_hard_wrapped([
    ...     "It was the best of times, it was the worst of times, it was the",
    ...     "age of wisdom, it was the age of foolishness, it was the epoch of",
    ...     "belief.",
    ... ])
    True
    >>> looks_hard_wrapped(["Bates seals takeover", "Bates seals takeover | World News"])
    False
    """
    if len(texts) < 2 or any(LIST_ITEM.match(t) for t in texts):
        return False
    widest = max(len(t) for t in texts)
    if widest > _MAX_WRAP_WIDTH:
        return False
    shortest_allowed = max(_MIN_WRAPPED_LINE, _MIN_FILL_RATIO * widest)
    if any(len(t) < shortest_allowed for t in texts[:-1]):
        return False
    breaks = list(pairwise(texts))
    if not any(_continues_sentence(a, b) for a, b in breaks):
        return False
    # Lines that end a sentence at every break are a list of short
    # paragraphs, not one wrapped paragraph.
    open_ended = sum(not _ENDS_SENTENCE.search(a) for a, _ in breaks)
    return open_ended * 2 >= len(breaks)


def _runs_of_text(lines: Iterable[Line]) -> Iterable[list[Line]]:
    run: list[Line] = []
    for line in lines:
        if line.text:
            run.append(line)
        elif run:
            yield run
            run = []
    if run:
        yield run


def build_blocks(lines: Iterable[Line], *, detect_hard_wraps: bool = True) -> list[Block]:
    """Group normalised lines (blank ones are empty strings) into blocks."""
    groups: list[tuple[Line, ...]] = []
    for run in _runs_of_text(lines):
        if len(run) == 1:  # most paragraphs of scraped text: one line between blank lines
            groups.append((run[0],))
        elif detect_hard_wraps and looks_hard_wrapped([line.text for line in run]):
            groups.append(tuple(run))
        else:
            groups.extend((line,) for line in run)
    return [Block.of(index, group) for index, group in enumerate(groups)]
