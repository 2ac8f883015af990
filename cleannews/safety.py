"""The last check before anything is written, in the spirit of black's --safe.

It re-derives, independently of the rules, that the output is the input's
blocks minus the declared removals and that every removal has a kept twin
that resembles it. A failure here is a bug in cleannews, never the user's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .matching import comparison_key
from .model import Action, Block, Finding

# A kept twin must contain most of the dropped text; the rules' own thresholds
# are stricter, so this only catches a rule that went wrong.
_MIN_TWIN_SIMILARITY = 75.0


_NOT_WORD = re.compile(r"[\W_]+")


def _substance(text: str) -> str:
    """Words only: punctuation and template separators carry no content."""
    return _NOT_WORD.sub(" ", comparison_key(text)).strip()


class UnsafeOutputError(RuntimeError):
    """The cleaned text failed the safety check; nothing should be written."""


def render(blocks: Sequence[Block]) -> str:
    """Blocks as text: one blank line between paragraphs, one final newline."""
    return "\n\n".join(block.text for block in blocks) + "\n" if blocks else ""


def check_output(blocks: Sequence[Block], findings: Sequence[Finding], output: str) -> None:
    """Raise UnsafeOutputError unless output == blocks minus declared drops."""

    dropped = {f.line: f for f in findings if f.action is Action.DROPPED}
    kept = [b for b in blocks if b.line not in dropped]
    if render(kept) != output:
        raise UnsafeOutputError("output differs from the input minus the declared removals")
    if blocks and not kept:
        raise UnsafeOutputError("every paragraph would be removed")
    check_twins(blocks, findings)


def check_twins(blocks: Sequence[Block], findings: Sequence[Finding]) -> None:
    """Raise UnsafeOutputError unless every dropped block has a kept twin that resembles it."""
    dropped = {f.line: f for f in findings if f.action is Action.DROPPED}
    by_line = {b.line: b for b in blocks if b.line not in dropped}
    for block in blocks:
        finding = dropped.get(block.line)
        if finding is None:
            continue
        twin = by_line.get(finding.duplicate_of) if finding.duplicate_of else None
        if twin is None:
            raise UnsafeOutputError(f"line {block.line} dropped without a kept twin")
        from rapidfuzz import fuzz  # only documents with drops need it

        similarity = fuzz.partial_ratio(_substance(twin.text), _substance(block.text))
        if similarity < _MIN_TWIN_SIMILARITY:
            raise UnsafeOutputError(
                f"line {block.line} dropped as a copy of line {twin.line}, "
                f"but they are only {similarity:.0f}% alike"
            )
