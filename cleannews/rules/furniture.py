"""Page furniture printed again: the same run of menu or widget lines.

A naive scrape prints a site's menus, share buttons and "recent posts" boxes
once per place the page shows them: the header's menu again in the footer,
"Save / More like this / Fewer like this" under every teaser, a commenter's
name and buttons under every comment. Each line alone may legitimately
repeat ("Yes", "No comment."); what marks furniture is a run of several
short lines that recurs in the same order, none of them a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..matching import comparison_key
from ..model import Action, Block, Finding

RULE = "repeated_headlines"

# Shorter runs recur in real text: a tutorial's "and add" / "Then edit the
# configuration:" / "and add the same text." around code a scraper dropped.
MIN_RUN = 3
# Menu entries and widget labels are short; a sentence is prose, whose
# repeats the duplicates rule judges with its guards.
FURNITURE_LINE = 80
_SENTENCE_ENDS = frozenset(".!?:;")


def _furniture_key(block: Block) -> str | None:
    """The comparison key of a block that may be furniture, else None."""
    text = block.text
    if len(block.lines) > 1 or len(text) > FURNITURE_LINE or not text.strip():
        return None
    if text.rstrip("\"'”’)]")[-1:] in _SENTENCE_ENDS:
        return None
    return comparison_key(text)


def find_repeated_runs(blocks: Sequence[Block], config: Config) -> list[Finding]:
    """DROPPED findings for each block of a run of MIN_RUN or more furniture
    lines that repeats, in order, a run printed earlier (and not overlapping it)."""
    keys = [_furniture_key(block) for block in blocks]
    if sum(key is not None for key in keys) < 2 * MIN_RUN:
        return []
    first_at: dict[tuple[str, ...], int] = {}
    twin_of: dict[int, int] = {}  # position -> position of the earlier printing
    for start in range(len(blocks) - MIN_RUN + 1):
        window = keys[start : start + MIN_RUN]
        if None in window:
            continue
        run = tuple(key for key in window if key is not None)
        earlier = first_at.get(run)
        if earlier is None:
            first_at[run] = start
        elif earlier + MIN_RUN <= start and not any(p in twin_of for p in range(earlier, earlier + MIN_RUN)):
            for offset in range(MIN_RUN):
                twin_of.setdefault(start + offset, earlier + offset)
    return [
        Finding(
            rule=RULE,
            line=blocks[position].line,
            action=Action.DROPPED,
            message="menu or widget lines printed again",
            duplicate_of=blocks[twin].line,
            score=100.0,
        )
        for position, twin in sorted(twin_of.items())
    ]
