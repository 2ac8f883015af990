"""Which lines of a Markdown post are prose, and which must stay byte for byte.

markdown-it-py (CommonMark, plus GFM tables) finds the block structure; its
token maps give each block's source lines. Everything that is not prose is
verbatim: front matter, code, raw HTML, tables, template directives and the
regions a writer switched off with ``<!-- cleannews: off -->``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from .frontmatter import FrontMatter


class Kind(Enum):
    PARAGRAPH = "paragraph"  # top-level prose: the only thing that may be removed
    HEADING = "heading"
    OTHER = "other"  # lists, quotes, code, HTML, tables, rules: kept whole


@dataclass(frozen=True)
class Region:
    """A top-level block and the 0-based source lines [start, end) it spans."""

    kind: Kind
    start: int
    end: int
    protected: bool = False
    """Never removed: suppressed by a comment, or holds a template directive."""


@dataclass
class Layout:
    """What the cleaner may touch in a post."""

    regions: list[Region] = field(default_factory=list)
    prose: list[tuple[int, int]] = field(default_factory=list)
    """Line ranges of every paragraph and heading text, nested ones included."""
    verbatim: set[int] = field(default_factory=set)


_VERBATIM_TOKENS = frozenset({"fence", "code_block", "html_block", "table_open"})

# Template directives that hold code or HTML which markdown-it reads as prose:
# Hugo shortcodes, Jekyll/Liquid highlight tags, Go-template raw strings.
# Template blocks that hold code or HTML: an opening tag, then the first
# matching closing tag after it. Openings and closings are found separately
# (one pass each) so that many unclosed openings cannot make it quadratic.
_TEMPLATE_BLOCKS = (
    (  # Hugo paired shortcodes: {{< highlight go >}} ... {{< /highlight >}}, {{% note %}} ... {{% /note %}}
        re.compile(r"\{\{[<%]\s*([\w-]+)[^}\n]*[>%]\}\}"),
        re.compile(r"\{\{[<%]\s*/\s*([\w-]+)\s*[>%]\}\}"),
    ),
    (  # Jekyll / Liquid blocks whose body is code or text to keep: {% raw %} ... {% endraw %}
        re.compile(r"\{%-?\s*(highlight|raw|capture|comment)\b[^%\n]*-?%\}"),
        re.compile(r"\{%-?\s*end(highlight|raw|capture|comment)\s*-?%\}"),
    ),
)
# Go templates: {{raw `...`}} holds verbatim HTML or code.
_RAW_STRING = re.compile(r"\{\{-?\s*raw\s+`[^`]*`\s*-?\}\}")
# A paragraph holding any template action is the template's, not prose.
_TEMPLATE_ACTION = re.compile(r"\{\{|\{%")

_SWITCH = re.compile(r"^\s*<!--\s*cleannews\s*:\s*(off|on|keep)\s*-->\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def block_parser() -> Any:
    """The markdown-it parser cleannews reads Markdown structure with; shared so
    that every part of cleannews agrees on where code blocks are."""
    from markdown_it import MarkdownIt

    # Only block structure is needed: inline parsing (a third of the time) is skipped.
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")


def _line_of(offsets: Sequence[int], position: int) -> int:
    return bisect_right(offsets, position) - 1


def _template_lines(body: str) -> set[int]:
    offsets = [0]
    for index, char in enumerate(body):
        if char == "\n":
            offsets.append(index + 1)
    spans = [match.span() for match in _RAW_STRING.finditer(body)]
    for opening, closing in _TEMPLATE_BLOCKS:
        closings: dict[str, list[int]] = {}
        for match in closing.finditer(body):
            closings.setdefault(match[1], []).append(match.end())
        covered = -1
        for match in opening.finditer(body):
            ends = closings.get(match[1], [])
            after = bisect_left(ends, match.end() + 1)
            if match.start() > covered and after < len(ends):
                spans.append((match.start(), ends[after]))
                covered = ends[after]
    lines: set[int] = set()
    for start, end in spans:
        lines.update(range(_line_of(offsets, start), _line_of(offsets, end) + 1))
    return lines | _display_maths(body.split("\n"))


def _display_maths(lines: Sequence[str]) -> set[int]:
    """Lines of $$ ... $$ blocks that span lines (TeX, whose spacing is the author's)."""
    found: set[int] = set()
    opened: int | None = None
    for index, line in enumerate(lines):
        text = line.strip()
        if opened is None and text.startswith("$$") and not (len(text) > 2 and text.endswith("$$")):
            opened = index
        elif opened is not None and text.endswith("$$"):
            found.update(range(opened, index + 1))
            opened = None
    return found


# Paragraphs to CommonMark that are something else in the dialects around it:
# MkDocs admonitions and content tabs ("!!! note", "??? tip", '=== "Tab"'),
# whose indented body CommonMark reads as lazy continuation lines; MDX
# import/export statements; MDX expressions and Liquid/Jinja blocks in braces.
_FOREIGN_START = re.compile(r"^\s*(?:(?:!!!|\?\?\?\+?|===)\s|(?:import|export)\s|\{)")
# A fence inside a paragraph can only be a nested block of such a dialect.
_INDENTED_FENCE = re.compile(r"^(?: {4,}|\t)\s*(?:```|~~~)")


def _foreign_paragraphs(lines: Sequence[str], prose: Sequence[tuple[int, int]]) -> set[int]:
    foreign: set[int] = set()
    for start, end in prose:
        span = range(start, end)
        if _FOREIGN_START.match(lines[start]) or any(_INDENTED_FENCE.match(lines[i]) for i in span):
            foreign.update(span)
    return foreign


def _switched_off(lines: Sequence[str], code: set[int]) -> tuple[set[int], set[int]]:
    """Lines inside off/on regions, and lines holding a ``keep`` comment."""
    off: set[int] = set()
    keep: set[int] = set()
    start: int | None = None
    for index, line in enumerate(lines):
        if index in code or "cleannews" not in line:
            continue
        match = _SWITCH.match(line)
        if not match:
            continue
        switch = match[1].lower()
        if switch == "off" and start is None:
            start = index
        elif switch == "on" and start is not None:
            off.update(range(start, index + 1))
            start = None
        elif switch == "keep":
            keep.add(index)
    if start is not None:
        off.update(range(start, len(lines)))
    return off, keep


def analyse(lines: Sequence[str], front: FrontMatter) -> Layout:
    """Classify the lines of a post (front matter already located)."""
    # Front matter lines are blanked, not cut, so token maps are line indices.
    body = "\n".join([""] * front.end + list(lines[front.end :])) + "\n"
    tokens = block_parser().parse(body)
    layout = Layout()
    layout.verbatim.update(range(front.end))
    code: set[int] = set()
    for token in tokens:
        if token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if token.type in _VERBATIM_TOKENS:
            layout.verbatim.update(range(start, end))
            if token.type in ("fence", "code_block"):
                code.update(range(start, end))
        elif token.type == "paragraph_open":
            layout.prose.append((start, end))
        elif token.type == "heading_open":
            setext = token.markup in ("=", "-")
            layout.prose.append((start, end - 1 if setext else end))
        if token.level == 0:
            if token.type == "paragraph_open":
                kind = Kind.PARAGRAPH
            elif token.type == "heading_open":
                kind = Kind.HEADING
            else:
                kind = Kind.OTHER
            layout.regions.append(Region(kind, start, end))
    templates = _template_lines(body) | _foreign_paragraphs(lines, layout.prose)
    off, keep = _switched_off(lines, code)
    layout.verbatim |= templates | off
    layout.regions = _protect(layout.regions, lines, templates | off, keep, layout.verbatim)
    return layout


def _protect(
    regions: list[Region], lines: Sequence[str], untouchable: set[int], keep: set[int], verbatim: set[int]
) -> list[Region]:
    """Mark regions that must never be removed; a ``keep`` comment also freezes the next block."""
    protected: list[Region] = []
    keep_next = False
    for region in regions:
        span = range(region.start, region.end)
        frozen = keep_next or any(i in untouchable for i in span)
        frozen = frozen or any(_TEMPLATE_ACTION.search(lines[i]) for i in span)
        if keep_next:
            verbatim.update(span)
        keep_next = any(i in keep for i in span)
        protected.append(Region(region.kind, region.start, region.end, frozen))
    return protected
