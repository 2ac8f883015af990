"""The last check before anything is written, in the spirit of black's --safe.

It re-derives, independently of the rules, that the output is the input's
blocks minus the declared removals and that every removal has a kept twin
that resembles it. A failure here is a bug in cleannews, never the user's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

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


def render(blocks: Sequence[Block], blank_lines: Collection[int] | None = None) -> str:
    """Blocks as text, with one final newline.

    Paragraphs are separated by one blank line. To keep the input's layout,
    pass the input's ``blank_lines`` (line numbers): blocks are then separated
    by a single newline unless a blank line stood somewhere between them, and
    lines get their indentation back.
    """
    if not blocks:
        return ""
    if blank_lines is None:
        return "\n\n".join(block.text for block in blocks) + "\n"
    parts = []
    previous_end: int | None = None
    for block in blocks:
        if previous_end is not None:
            gap = range(previous_end + 1, block.line)
            parts.append("\n\n" if any(number in blank_lines for number in gap) else "\n")
        parts.append("\n".join(line.indent + line.text for line in block.lines))
        previous_end = block.lines[-1].number
    return "".join(parts) + "\n"


def check_output(
    blocks: Sequence[Block],
    findings: Sequence[Finding],
    output: str,
    blank_lines: Collection[int] | None = None,
) -> None:
    """Raise UnsafeOutputError unless output == blocks minus declared drops."""

    dropped = {f.line: f for f in findings if f.action is Action.DROPPED}
    kept = [b for b in blocks if b.line not in dropped]
    if render(kept, blank_lines) != output:
        raise UnsafeOutputError("output differs from the input minus the declared removals")
    if blocks and not kept:
        raise UnsafeOutputError("every paragraph would be removed")
    check_twins(blocks, findings)


def resembles(twin: str, dropped: str) -> bool:
    """Would check_twins accept ``dropped`` removed as a copy of ``twin``? Rules
    ask before they drop, so a borderline case stays instead of failing the run."""
    from .resemblance import resemblance

    return resemblance(_substance(twin), _substance(dropped)) >= _MIN_TWIN_SIMILARITY


def check_twins(blocks: Sequence[Block], findings: Sequence[Finding]) -> None:
    """Raise UnsafeOutputError unless every dropped block has a kept twin that resembles it."""
    dropped = {f.line: f for f in findings if f.action is Action.DROPPED}
    if not dropped:
        return
    by_line = {b.line: b for b in blocks if b.line not in dropped}
    for block in blocks:
        finding = dropped.get(block.line)
        if finding is None:
            continue
        twin = by_line.get(finding.duplicate_of) if finding.duplicate_of else None
        if twin is None:
            raise UnsafeOutputError(f"line {block.line} dropped without a kept twin")
        from .resemblance import resemblance  # only documents with drops need RapidFuzz

        similarity = resemblance(_substance(twin.text), _substance(block.text))
        if similarity < _MIN_TWIN_SIMILARITY:
            raise UnsafeOutputError(
                f"line {block.line} dropped as a copy of line {twin.line}, "
                f"but they are only {similarity:.0f}% alike"
            )
