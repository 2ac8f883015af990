"""Plain data that flows through the pipeline: lines, blocks, findings, results.

Everything here is frozen so a rule can hand its findings to the pipeline
without any risk of a later step mutating them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Action(str, Enum):
    """What the pipeline did about a finding."""

    FIXED = "fixed"  # the text was changed in place (encoding, whitespace)
    DROPPED = "dropped"  # the block was removed; `duplicate_of` names its kept twin
    FLAGGED = "flagged"  # reported only; the text is unchanged


class Line(NamedTuple):
    """One line of normalised text and the 1-based input line it came from.

    A named tuple: a document has thousands of lines, and a tuple is several
    times cheaper to build than a frozen dataclass.
    """

    number: int
    text: str
    indent: str = ""  # leading spaces and tabs, kept only when the layout is kept


class Block(NamedTuple):
    """A paragraph: one line, or several for hard-wrapped prose.

    A named tuple like Line, for the same reason: documents have thousands.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index(), which nothing here calls
    lines: tuple[Line, ...]
    text: str
    """The lines joined, stored: every rule reads it, several times a block."""

    @classmethod
    def of(cls, index: int, lines: tuple[Line, ...]) -> Block:
        """The block of these lines (one line: its text, no copy made)."""
        text = lines[0].text if len(lines) == 1 else "\n".join(line.text for line in lines)
        return cls(index, lines, text)

    @property
    def line(self) -> int:
        """Input line number where the block starts, used in every report."""
        return self.lines[0].number


@dataclass(frozen=True)
class Finding:
    """Something a step noticed, with enough context to act on it or explain it."""

    rule: str
    line: int
    action: Action
    message: str
    duplicate_of: int | None = None  # input line of the kept twin
    score: float | None = None  # similarity, 0-100
    removed: str | None = None  # for a drop: the text taken out (Markdown: its source, verbatim)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "line": self.line,
            "action": self.action.value,
            "message": self.message,
            "duplicate_of": self.duplicate_of,
            "score": self.score,
            "removed": self.removed,
        }


@dataclass(frozen=True)
class CleanResult:
    """The clean text plus everything needed to report or check it."""

    text: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    changed: bool = False

    @property
    def dropped(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.action is Action.DROPPED)

    @property
    def flagged(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.action is Action.FLAGGED)
