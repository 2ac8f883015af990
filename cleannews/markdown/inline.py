"""Normalise the prose of one Markdown paragraph without touching its syntax.

A paragraph's source is cut into protected spans (code spans, raw HTML,
autolinks, link destinations, backslash escapes, template actions, and the
indentation and markers at the start of each line) and the prose between
them. Only the prose is repaired and respaced, and only inside a line: line
breaks stay where they are, and two trailing spaces that make a hard break
stay too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import steps
from ..config import Config
from ..model import Action
from ..normalisers.whitespace import MARKDOWN_SPACES

# Characters where a protected span may start.
_SPECIAL = re.compile(r"[\\`<{\[\]\n$]")
_HTML = re.compile(r"<!--.*?-->|<[A-Za-z/!?][^<>]*>", re.S)
# Openers whose span runs to the first closer after them (templates, HTML
# comments, display maths); see _Closings.
_PAIRED = {"{{": "}}", "{%": "%}", "<!--": "-->", "$$": "$$"}
# Anything else in braces on one line: kramdown attribute lists ({: .note}),
# MDX expressions, Jinja comments.
_TEMPLATE = re.compile(r"\{[^{}\n]*\}")
# "](target)" of a link or image, "][label]" of a reference link.
_LINK_DESTINATION = re.compile(r"\]\([^)]*\)?|\]\[[^\]]*\]")
# A footnote reference or label: [^1].
_FOOTNOTE = re.compile(r"\[\^[^\]\s]*\]")
# TeX maths inline, $...$ ($$...$$ is in _PAIRED): a dollar followed by a digit
# or a space is money.
_MATHS = re.compile(r"\$(?=[^\s\d$])[^$\n]+(?<=\S)\$")
_BACKTICKS = re.compile(r"`+")
# What a line starts with that is structure: indentation, quote markers, a
# list or definition marker, a task box, a heading's hashes.
_LINE_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*:]|\d{1,9}[.)])(?:[ \t]+|$))?"
    r"(?:\[[ xX]\][ \t]+)?(?:#{1,6}(?:[ \t]+|$))?"
)

_EDGES = re.compile(f"^([{MARKDOWN_SPACES}]*)(.*?)([{MARKDOWN_SPACES}]*)$", re.S)
_HARD_BREAK = re.compile(r"  +$")

_MAX_ROUNDS = 4


@lru_cache(maxsize=16)
def _closing_run(length: int) -> re.Pattern[str]:
    return re.compile(f"(?<!`)`{{{length}}}(?!`)")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of a paragraph's source that are syntax or code, in order.

    Where the syntax is ambiguous the span is made larger: protecting too
    much only means a little less is cleaned.

    >>> text = "Use `a  b` and <b>x</b>, see [doc](http://x.y/a b)."
    >>> [text[s:e] for s, e in protected_spans(text)]
    ['`a  b`', '<b>', '</b>', '](http://x.y/a b)']
    """
    spans: list[tuple[int, int]] = []
    closings = _Closings(text)
    position = 0
    at_line_start = True
    while position <= len(text):
        if at_line_start:
            prefix = _LINE_PREFIX.match(text, position)
            if prefix and prefix.end() > position:
                spans.append((position, prefix.end()))
                position = prefix.end()
            at_line_start = False
        found = _SPECIAL.search(text, position)
        if found is None:
            break
        start = found.start()
        char = text[start]
        end = start + 1
        if char == "\n":
            position, at_line_start = end, True
            continue
        if char == "\\":
            # An escaped character; a backslash before a line end is a hard break.
            end = start + 1 if text.startswith("\n", start + 1) else min(start + 2, len(text))
        elif char == "`":
            run = _BACKTICKS.match(text, start)
            assert run is not None
            closing = _closing_run(run.end() - start).search(text, run.end())
            end = closing.end() if closing else run.end()
        elif (closer := _PAIRED.get(text[start : start + (4 if char == "<" else 2)])) is not None:
            # {{ }}, {% %}, <!-- -->, $$ $$: the first closer after the opener, found
            # with str.find and remembered, so unclosed openers cost one scan in all.
            end = closings.find(closer, start + 2)
            if end < 0:
                position = start + 1
                continue
        else:
            pattern = {"<": _HTML, "{": _TEMPLATE, "]": _LINK_DESTINATION, "[": _FOOTNOTE, "$": _MATHS}[char]
            match = pattern.match(text, start)
            if match is None or (char == "]" and match.end() == start + 1):
                position = start + 1
                continue
            end = match.end()
        spans.append((start, end))
        if "\n" in text[start:end]:
            # A span that crosses a line end: the next line's prefix is inside it.
            at_line_start = False
        position = end
    return spans


class _Closings:
    """Where the next closer of each kind is, remembered between lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def find(self, closer: str, start: int) -> int:
        """End of the first ``closer`` at or after ``start``; -1 when there is none."""
        known = self.found.get(closer)
        if known is None or (known >= 0 and known - len(closer) < start):
            at = self.text.find(closer, start)
            known = self.found[closer] = -1 if at < 0 else at + len(closer)
        return known


@dataclass
class ParagraphResult:
    lines: list[str]
    fixes: dict[int, dict[str, Action]] = field(default_factory=dict)
    """Per line offset in the paragraph: step name -> what it did."""


def _normalise_core(core: str, config: Config, fixes: dict[str, Action]) -> str:
    """The registered steps that run in Markdown, to their fixed point."""
    for _ in range(_MAX_ROUNDS):
        before = core
        for step in steps.REGISTRY.markdown:
            if not getattr(config, step.name):
                continue
            assert step.markdown is not None
            core, action, _ = steps.apply_step(step.markdown, core, config)
            if action is not None:
                fixes.setdefault(step.name, action)
        if core == before:
            break
    return core


def _normalise_piece(
    piece: str,
    *,
    line_start: bool,
    line_end: bool,
    hard_break: bool,
    config: Config,
    fixes: dict[str, Action],
) -> str:
    """One stretch of prose within a line, between protected spans."""
    original = piece
    match = _EDGES.match(piece)
    assert match is not None
    lead, core, trail = match.groups()
    if core:
        # A repair can uncover spaces at the edges (ftfy drops a control character).
        edges = _EDGES.match(_normalise_core(core, config, fixes))
        assert edges is not None
        lead, core, trail = lead + edges[1], edges[2], edges[3] + trail
    if config.whitespace:
        if not core and line_start and line_end:
            # A line of nothing but NBSPs is text to Markdown; emptying it would split the paragraph.
            return original
        if not core:
            lead, trail = ("" if line_end else (" " if lead else "")), lead + trail
        if not line_start and lead:
            lead = " "
        if line_end:
            trail = trail if hard_break and _HARD_BREAK.search(trail) else ""
        elif not core:
            trail = ""
        elif trail:
            trail = " "
    return lead + core + trail


def normalise_paragraph(lines: list[str], config: Config) -> ParagraphResult:
    """The paragraph's lines with their prose repaired; same number of lines."""
    text = "\n".join(lines)
    out: list[str] = []
    fixes: dict[int, dict[str, Action]] = {}
    last_line = len(lines) - 1
    line = 0
    cursor = 0

    def add_prose(stop: int) -> None:
        nonlocal line, cursor
        while cursor < stop:
            newline = text.find("\n", cursor, stop)
            end = stop if newline == -1 else newline
            if end > cursor:
                line_fixes = fixes.setdefault(line, {})
                piece = text[cursor:end]
                fixed = _normalise_piece(
                    piece,
                    line_start=cursor == 0 or text[cursor - 1] == "\n",
                    line_end=end == len(text) or text[end] == "\n",
                    hard_break=line < last_line,
                    config=config,
                    fixes=line_fixes,
                )
                if fixed != piece and not line_fixes:
                    line_fixes["whitespace"] = Action.FIXED
                out.append(fixed)
            if newline == -1:
                cursor = stop
            else:
                out.append("\n")
                line += 1
                cursor = newline + 1

    for start, end in protected_spans(text):
        add_prose(start)
        out.append(text[start:end])
        line += text.count("\n", start, end)
        cursor = end
    add_prose(len(text))
    new_lines = "".join(out).split("\n")
    assert len(new_lines) == len(lines), "a paragraph must keep its line structure"
    for index, (old, new) in enumerate(zip(lines, new_lines, strict=True)):
        if new != old and _block_start(new) != _block_start(old):
            # "##\u00a0API" would become a heading, "-\u00a0x" a list item.
            new_lines[index] = old
            fixes.pop(index, None)
    return ParagraphResult(new_lines, {k: v for k, v in fixes.items() if v})


# What a line would open if it started a block: heading, list item, quote,
# thematic break or setext underline, fence, HTML.
_BLOCK_START = re.compile(
    r"^[ \t]{0,3}(?:(#{1,6})(?:[ \t]|$)|([-+*]|\d{1,9}[.)])(?:[ \t]|$)|(>)"
    r"|([-=*_][-=*_ \t]*$)|(```|~~~)|(<[A-Za-z/!?]))"
)


def _block_start(line: str) -> int:
    match = _BLOCK_START.match(line)
    return 0 if match is None else match.lastindex or 0
